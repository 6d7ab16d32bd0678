//! Classic Load Balancer listeners use HTTPS or SSL.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `ListenerDescriptions[].Listener.Protocol`: `HTTPS` and `SSL` pass, `HTTP` and `TCP` fail.
pub struct ElbListenersEncrypted;

const META: RuleMeta = RuleMeta {
    id: "elb-listeners-encrypted",
    title: "Classic Load Balancer listeners use HTTPS or SSL",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether every listener terminates TLS (protocol HTTPS or SSL)."#,
    rationale: r#"A clear-text listener exposes what clients send (credentials, session cookies, personal data) to anyone on the network path. Terminating HTTPS or SSL at the load balancer encrypts the client leg with a managed certificate."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Listeners > Edit: change HTTP/TCP listeners to HTTPS/SSL with an ACM certificate > Save."#,
        cli: r#"aws elb create-load-balancer-listeners --load-balancer-name <name> --listeners Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=8080,SSLCertificateId=<acm-arn>"#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = aws_acm_certificate.this.arn
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-create-https-ssl-load-balancer.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.3"],
        well_architected: &["SEC09-BP02"],
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
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
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
        - LoadBalancerPort: "443"
          InstancePort: "8080"
          Protocol: HTTPS
          InstanceProtocol: HTTP
          SSLCertificateId: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
"#,
    },
    file: file!(),
};

impl Check for ElbListenersEncrypted {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        let listeners = match lb.listeners.get() {
            Ok(l) => l,
            Err(r) => return Outcome::unknown(r),
        };
        let clear: Vec<String> = listeners
            .iter()
            .filter(|l| !l.is_encrypted())
            .map(|l| format!("{} {}", l.protocol, l.load_balancer_port))
            .collect();
        if listeners.is_empty() {
            Outcome::Pass(Evidence::at(
                "listeners",
                "the load balancer has no listener",
            ))
        } else if clear.is_empty() {
            Outcome::Pass(Evidence::at(
                "listeners",
                "every listener uses HTTPS or SSL",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "listeners",
                format!("clear-text listener(s): {}", clear.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::{classic, listener};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(protocol: &str) -> Status {
        testing::judge(
            &ElbListenersEncrypted,
            &classic(ClassicLoadBalancer {
                listeners: Value::Known(vec![listener(protocol, None, Value::Known(None))]),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn https_and_ssl_pass_http_and_tcp_fail() {
        assert_eq!(judge("HTTPS"), Status::Pass);
        assert_eq!(judge("SSL"), Status::Pass);
        assert_eq!(judge("HTTP"), Status::Fail);
        assert_eq!(judge("TCP"), Status::Fail);
        let r = classic(ClassicLoadBalancer {
            listeners: Value::unknown("denied"),
            ..Default::default()
        });
        assert_eq!(testing::judge(&ElbListenersEncrypted, &r), Status::Unknown);
    }
}
