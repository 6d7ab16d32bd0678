//! Classic Load Balancers write access logs.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `AccessLog.Enabled` (`DescribeLoadBalancerAttributes`); off by default.
pub struct ElbAccessLogsEnabled;

const META: RuleMeta = RuleMeta {
    id: "elb-access-logs-enabled",
    title: "Classic Load Balancers write access logs",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether access logging to S3 is enabled."#,
    rationale: r#"Access logs are the record of every request the load balancer handled (client address, path, status, latency); without them an intrusion or abuse through the application leaves no trace at the edge."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Attributes > Edit > Access logs: enable, choose an S3 bucket and interval > Save changes."#,
        cli: r#"aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes "{\"AccessLog\":{\"Enabled\":true,\"S3BucketName\":\"<bucket>\",\"EmitInterval\":60}}""#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  access_logs {
    bucket   = aws_s3_bucket.lb_logs.id
    interval = 60
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.10"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.5"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
}
"#,
        terraform_good: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
  access_logs {
    bucket   = "example-lb-logs"
    interval = 60
  }
}
"#,
        cloudformation_bad: r#"Resources:
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a, us-east-1b]
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP
"#,
        cloudformation_good: r#"Resources:
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a, us-east-1b]
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP
      AccessLoggingPolicy:
        Enabled: true
        S3BucketName: example-lb-logs
        EmitInterval: 60
"#,
    },
    file: file!(),
};

impl Check for ElbAccessLogsEnabled {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &lb.access_logs_enabled,
            "access_logs_enabled",
            "access logs are written to S3",
            "access logging is off",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::classic;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<bool>) -> Status {
        testing::judge(
            &ElbAccessLogsEnabled,
            &classic(ClassicLoadBalancer {
                access_logs_enabled: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn on_passes_off_fails_unread_is_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
