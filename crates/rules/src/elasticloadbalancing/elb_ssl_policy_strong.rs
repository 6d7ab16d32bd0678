//! Classic Load Balancer HTTPS and SSL listeners use a predefined policy requiring TLS 1.2.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::elasticloadbalancingv2::elbv2_listeners_tls_policy_current::{min_tls, TlsVersion};
use crate::Check;

/// Reads the `Reference-Security-Policy` attribute of the `SSLNegotiationPolicyType` policy on each HTTPS/SSL listener (`DescribeLoadBalancerPolicies`); in code the `aws_load_balancer_policy` joined through `aws_load_balancer_listener_policy`, or CloudFormation `Policies`. A listener with no negotiation policy gets AWS's default, ELBSecurityPolicy-2016-08, which accepts TLS 1.0. A custom policy (no reference) fails: FSBP ELB.8 asks for a predefined one.
pub struct ElbSslPolicyStrong;

const META: RuleMeta = RuleMeta {
    id: "elb-ssl-policy-strong",
    title: "Classic Load Balancer HTTPS and SSL listeners use a predefined policy requiring TLS 1.2",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each HTTPS or SSL listener of a Classic Load Balancer, whether its SSL negotiation policy references a predefined security policy that accepts TLS 1.2 or later only (ELBSecurityPolicy-TLS-1-2-2017-01)."#,
    rationale: r#"Older and custom negotiation policies keep TLS 1.0/1.1 and weak ciphers available for downgrade attacks; predefined policies are maintained by AWS and the TLS 1.2 one is the only Classic policy without them."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Listeners > HTTPS/SSL listener > Change security policy: Predefined, ELBSecurityPolicy-TLS-1-2-2017-01 > Save."#,
        cli: r#"aws elb create-load-balancer-policy --load-balancer-name <name> --policy-name tls12 --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01
aws elb set-load-balancer-policies-of-listener --load-balancer-name <name> --load-balancer-port 443 --policy-names tls12"#,
        terraform: r#"resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = aws_elb.this.name
  policy_name        = "tls12"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_load_balancer_listener_policy" "https" {
  load_balancer_name = aws_elb.this.name
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.tls12.policy_name]
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-8",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.8"],
        well_architected: &["SEC09-BP02"],
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
    ssl_certificate_id = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
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

resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = aws_elb.legacy.name
  policy_name        = "tls12"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_load_balancer_listener_policy" "https" {
  load_balancer_name = aws_elb.legacy.name
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.tls12.policy_name]
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
          InstanceProtocol: HTTP
          SSLCertificateId: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
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
          PolicyNames: [tls12]
      Policies:
        - PolicyName: tls12
          PolicyType: SSLNegotiationPolicyType
          Attributes:
            - Name: Reference-Security-Policy
              Value: ELBSecurityPolicy-TLS-1-2-2017-01
"#,
    },
    file: file!(),
};

impl Check for ElbSslPolicyStrong {
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
        let mut weak = Vec::new();
        let mut unknown = Vec::new();
        for l in &encrypted {
            let port = l.load_balancer_port;
            match l.reference_security_policy.get() {
                Err(r) => unknown.push(format!("port {port}: {r}")),
                Ok(None) => weak.push(format!(
                    "port {port} uses a custom policy, not a predefined one"
                )),
                Ok(Some(p)) => match min_tls(p) {
                    Some(v) if v >= TlsVersion::Tls12 => {}
                    Some(v) => weak.push(format!(
                        "port {port} references {p}, which accepts {}",
                        v.label()
                    )),
                    None => unknown.push(format!(
                        "port {port}: {p} is not a predefined policy cloudward knows"
                    )),
                },
            }
        }
        if !weak.is_empty() {
            return Outcome::Fail(Evidence::at("listeners", weak.join("; ")));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::Pass(Evidence::at(
            "listeners",
            "every HTTPS/SSL listener references a predefined policy requiring TLS 1.2",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::{classic, listener};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(policy: Value<Option<String>>) -> Status {
        testing::judge(
            &ElbSslPolicyStrong,
            &classic(ClassicLoadBalancer {
                listeners: Value::Known(vec![listener("SSL", None, policy)]),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn tls_1_2_passes_old_or_custom_fails() {
        let p = |s: &str| Value::Known(Some(s.to_string()));
        assert_eq!(judge(p("ELBSecurityPolicy-TLS-1-2-2017-01")), Status::Pass);
        assert_eq!(judge(p("ELBSecurityPolicy-2016-08")), Status::Fail);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(p("ELBSample-Unknown")), Status::Unknown);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
