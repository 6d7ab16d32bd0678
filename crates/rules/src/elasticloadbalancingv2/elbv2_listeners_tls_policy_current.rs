//! HTTPS and TLS listeners use a security policy that requires TLS 1.2 or later.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `SslPolicy` of each HTTPS and TLS listener and looks it up in [`min_tls`], a table of the predefined ELB security policies and the oldest protocol each accepts (the "TLS security policies" tables of the ALB and NLB guides). A name not in the table is Unknown rather than guessed.
pub struct Elbv2ListenersTlsPolicyCurrent;

const META: RuleMeta = RuleMeta {
    id: "elbv2-listeners-tls-policy-current",
    title: "HTTPS and TLS listeners use a security policy that requires TLS 1.2 or later",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each HTTPS listener of an Application Load Balancer and TLS listener of a Network Load Balancer, whether its security policy is a predefined policy whose oldest accepted protocol is TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-2021-06, -TLS13-1-3-2021-06, -TLS-1-2-2017-01, -FS-1-2-*, their FIPS and PQ variants). Policies that still accept TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, -TLS-1-1-2017-01, -TLS13-1-0-2021-06, ...) fail."#,
    rationale: r#"TLS 1.0 and 1.1 rely on primitives (CBC with MAC-then-encrypt, SHA-1 handshakes) broken by BEAST, POODLE-style and downgrade attacks, and are refused by current browsers and PCI DSS. A policy that still offers them lets an attacker on the path negotiate the weakest common protocol."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <lb> > Listeners > <HTTPS or TLS listener> > Actions > Edit listener > Security policy: ELBSecurityPolicy-TLS13-1-2-2021-06 > Save changes."#,
        cli: r#"aws elbv2 modify-listener --listener-arn <listener-arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06"#,
        terraform: r#"resource "aws_lb_listener" "https" {
  # ...
  protocol   = "HTTPS"
  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-17",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.17"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
}
"#,
        terraform_good: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
}
"#,
        cloudformation_bad: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Web
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS-1-1-2017-01
      Certificates:
        - CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig:
            StatusCode: "200"
"#,
        cloudformation_good: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Web
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06
      Certificates:
        - CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig:
            StatusCode: "200"
"#,
    },
    file: file!(),
};

impl Check for Elbv2ListenersTlsPolicyCurrent {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        let listeners = match lb.listeners.get() {
            Ok(l) => l,
            Err(r) => return Outcome::unknown(r),
        };
        let encrypted: Vec<_> = listeners
            .iter()
            .filter(|l| matches!(l.protocol.as_str(), "HTTPS" | "TLS"))
            .collect();
        if encrypted.is_empty() {
            return Outcome::not_applicable("the load balancer has no HTTPS or TLS listener");
        }
        let mut weak = Vec::new();
        let mut unknown = Vec::new();
        let mut good = Vec::new();
        for l in &encrypted {
            match l.ssl_policy.get() {
                Err(r) => unknown.push(format!("{}: {r}", port(l))),
                Ok(None) => unknown.push(format!("{}: no security policy reported", port(l))),
                Ok(Some(p)) => match min_tls(p) {
                    None => unknown.push(format!(
                        "{}: {p} is not a predefined policy cloudward knows",
                        port(l)
                    )),
                    Some(v) if v >= TlsVersion::Tls12 => good.push(format!("{} {p}", port(l))),
                    Some(v) => weak.push(format!("{} {p} accepts {}", port(l), v.label())),
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
            format!("TLS 1.2 or later is required: {}", good.join(", ")),
        ))
    }
}

use crate::elasticloadbalancingv2::elbv2_alb_http_redirects_to_https::port;

/// The oldest protocol a security policy accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TlsVersion {
    /// TLS 1.0.
    Tls10,
    /// TLS 1.1.
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl TlsVersion {
    /// `TLS 1.0`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            TlsVersion::Tls10 => "TLS 1.0",
            TlsVersion::Tls11 => "TLS 1.1",
            TlsVersion::Tls12 => "TLS 1.2",
            TlsVersion::Tls13 => "TLS 1.3",
        }
    }
}

/// The predefined Elastic Load Balancing security policies and the oldest protocol each
/// accepts, from the "Security policies" tables of the Application, Network and Classic Load
/// Balancer guides. `None` for a name that is not one of them (a custom Classic policy, a
/// policy newer than this table).
pub(crate) fn min_tls(policy: &str) -> Option<TlsVersion> {
    use TlsVersion::*;
    const TABLE: &[(&str, TlsVersion)] = &[
        ("ELBSecurityPolicy-2015-05", Tls10),
        ("ELBSecurityPolicy-2016-08", Tls10),
        ("ELBSecurityPolicy-TLS-1-0-2015-04", Tls10),
        ("ELBSecurityPolicy-FS-2018-06", Tls10),
        ("ELBSecurityPolicy-TLS13-1-0-2021-06", Tls10),
        ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", Tls10),
        ("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", Tls10),
        ("ELBSecurityPolicy-TLS-1-1-2017-01", Tls11),
        ("ELBSecurityPolicy-FS-1-1-2019-08", Tls11),
        ("ELBSecurityPolicy-TLS13-1-1-2021-06", Tls11),
        ("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", Tls11),
        ("ELBSecurityPolicy-TLS13-1-1-PQ-2025-09", Tls11),
        ("ELBSecurityPolicy-TLS-1-2-2017-01", Tls12),
        ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", Tls12),
        ("ELBSecurityPolicy-FS-1-2-2019-08", Tls12),
        ("ELBSecurityPolicy-FS-1-2-Res-2019-08", Tls12),
        ("ELBSecurityPolicy-FS-1-2-Res-2020-10", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-2021-06", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext0-PQ-2025-09", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", Tls12),
        ("ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", Tls12),
        ("ELBSecurityPolicy-TLS13-1-3-2021-06", Tls13),
        ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", Tls13),
        ("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", Tls13),
    ];
    TABLE
        .iter()
        .find(|(name, _)| *name == policy)
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::elb::Listener;
    use cloudward_model::{Status, Value};

    fn judge(protocol: &str, policy: Value<Option<String>>) -> Status {
        let listener = Listener {
            port: Some(443),
            protocol: protocol.into(),
            ssl_policy: policy,
            ..Default::default()
        };
        testing::judge(
            &Elbv2ListenersTlsPolicyCurrent,
            &lb(
                "application",
                LoadBalancer {
                    listeners: Value::Known(vec![listener]),
                    ..Default::default()
                },
            ),
        )
    }

    fn known(p: &str) -> Value<Option<String>> {
        Value::Known(Some(p.to_string()))
    }

    #[test]
    fn tls_1_2_policies_pass_older_fail_others_unknown() {
        assert_eq!(
            judge("HTTPS", known("ELBSecurityPolicy-TLS13-1-2-2021-06")),
            Status::Pass
        );
        assert_eq!(
            judge("TLS", known("ELBSecurityPolicy-TLS13-1-3-2021-06")),
            Status::Pass
        );
        assert_eq!(
            judge("HTTPS", known("ELBSecurityPolicy-2016-08")),
            Status::Fail
        );
        assert_eq!(
            judge("HTTPS", known("ELBSecurityPolicy-TLS-1-1-2017-01")),
            Status::Fail
        );
        assert_eq!(judge("HTTPS", known("MyCustomPolicy")), Status::Unknown);
        assert_eq!(
            judge("HTTPS", Value::unknown("ssl_policy is not set")),
            Status::Unknown
        );
        assert_eq!(judge("HTTP", Value::Known(None)), Status::NotApplicable);
    }

    #[test]
    fn the_table_orders_versions() {
        assert_eq!(
            min_tls("ELBSecurityPolicy-TLS-1-2-2017-01"),
            Some(TlsVersion::Tls12)
        );
        assert!(TlsVersion::Tls11 < TlsVersion::Tls12);
        assert_eq!(min_tls("ELBSecurityPolicy-TLS13-9-9-2099-01"), None);
    }
}
