//! Classic Load Balancer HTTPS and SSL listeners use ACM certificates.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `SSLCertificateId` of HTTPS and SSL listeners: an `arn:<partition>:acm:` ARN passes, an IAM server certificate (`arn:<partition>:iam:`) fails.
pub struct ElbAcmCertificate;

const META: RuleMeta = RuleMeta {
    id: "elb-acm-certificate",
    title: "Classic Load Balancer HTTPS and SSL listeners use ACM certificates",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer with HTTPS or SSL listeners, whether every such listener's certificate is issued or imported through AWS Certificate Manager rather than uploaded to IAM."#,
    rationale: r#"ACM renews the certificates it issues and warns before imported ones expire; IAM server certificates are uploaded with their private keys by hand, are not renewed, and an expired one takes the site down or trains users to click through warnings."#,
    remediation: Remediation {
        console: r#"ACM console > Request or import a certificate; EC2 console > Load Balancers > <classic lb> > Listeners > Edit > SSL certificate: choose the ACM certificate > Save."#,
        cli: r#"aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name <name> --load-balancer-port 443 --ssl-certificate-id <acm-certificate-arn>"#,
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
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ssl-server-cert.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-2",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.2"],
        well_architected: &["SEC09-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:iam::123456789012:server-certificate/legacy"
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
        - LoadBalancerPort: "443"
          InstancePort: "8080"
          Protocol: HTTPS
          SSLCertificateId: arn:aws:iam::123456789012:server-certificate/legacy
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

impl Check for ElbAcmCertificate {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        let listeners = match lb.listeners.get() {
            Ok(l) => l,
            Err(r) => return Outcome::unknown(r),
        };
        let encrypted: Vec<_> = listeners.iter().filter(|l| l.is_encrypted()).collect();
        if encrypted.is_empty() {
            return Outcome::not_applicable("the load balancer has no HTTPS or SSL listener");
        }
        let mut other = Vec::new();
        for l in &encrypted {
            match l.ssl_certificate_id.as_deref() {
                Some(arn) if arn.split(':').nth(2) == Some("acm") => {}
                Some(arn) => other.push(format!("port {}: {arn}", l.load_balancer_port)),
                None => {
                    return Outcome::unknown(format!(
                        "the certificate of listener {} is not known",
                        l.load_balancer_port
                    ))
                }
            }
        }
        if other.is_empty() {
            Outcome::Pass(Evidence::at(
                "listeners",
                "every HTTPS/SSL listener uses an ACM certificate",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "listeners",
                format!("certificate(s) not from ACM: {}", other.join("; ")),
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

    fn judge(cert: Option<&str>) -> Status {
        testing::judge(
            &ElbAcmCertificate,
            &classic(ClassicLoadBalancer {
                listeners: Value::Known(vec![listener("HTTPS", cert, Value::Known(None))]),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn acm_passes_iam_fails_missing_is_unknown() {
        assert_eq!(
            judge(Some("arn:aws:acm:us-east-1:123456789012:certificate/1")),
            Status::Pass
        );
        assert_eq!(
            judge(Some("arn:aws:iam::123456789012:server-certificate/x")),
            Status::Fail
        );
        assert_eq!(judge(None), Status::Unknown);
    }
}
