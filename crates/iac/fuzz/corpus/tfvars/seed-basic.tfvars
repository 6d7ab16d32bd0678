bucket_name = "logs"
enabled     = true
cidrs       = ["0.0.0.0/0", "10.0.0.0/8"]
tags        = { env = "prod", team = "sec" }
count_n     = 2
