cidrs = concat(["0.0.0.0/0"], [for i in range(2) : "10.${i}.0.0/16"])
bucket_name = "${upper("a")}-b"
count_n = 20000
