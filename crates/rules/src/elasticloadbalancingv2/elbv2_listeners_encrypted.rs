//! Application and Network Load Balancer listeners use HTTPS or TLS.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads each listener's `Protocol` (`DescribeListeners`). An Application Load Balancer HTTP listener whose only default action redirects to HTTPS passes: it carries no application data. A Network Load Balancer's `UDP`/`TCP_UDP` listeners cannot terminate TLS and fail like `TCP`; Gateway Load Balancers (GENEVE) are not judged.
pub struct Elbv2ListenersEncrypted;

const META: RuleMeta = RuleMeta {
    id: "elbv2-listeners-encrypted",
    title: "Application and Network Load Balancer listeners use HTTPS or TLS",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application Load Balancer, whether every listener is HTTPS (or an HTTP listener that only redirects to HTTPS); for each Network Load Balancer, whether every listener is TLS."#,
    rationale: r#"A listener in clear text exposes everything clients send (credentials, tokens, personal data) to anyone on the network path between the client and AWS. Terminating TLS at the load balancer encrypts that leg with a certificate AWS rotates."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <lb> > Listeners > Add listener: HTTPS:443 (ALB) or TLS:443 (NLB) with an ACM certificate; then delete the clear-text listener or make it redirect to HTTPS."#,
        cli: r#"aws elbv2 create-listener --load-balancer-arn <lb-arn> --protocol HTTPS --port 443 --certificates CertificateArn=<acm-arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06 --default-actions Type=forward,TargetGroupArn=<tg-arn>"#,
        terraform: r#"resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.this.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-tls-listener.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-18",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.18"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
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
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Web
      Port: 80
      Protocol: HTTP
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
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
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

impl Check for Elbv2ListenersEncrypted {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        let wanted = match lb.load_balancer_type.as_str() {
            "application" => "HTTPS",
            "network" => "TLS",
            other => {
                return Outcome::not_applicable(format!(
                    "{other} load balancers pass traffic through without terminating it"
                ))
            }
        };
        let listeners = match lb.listeners.get() {
            Ok(l) => l,
            Err(r) => return Outcome::unknown(r),
        };
        let clear: Vec<String> = listeners
            .iter()
            .filter(|l| l.protocol != wanted && !(lb.is_application() && redirects_to_https(l)))
            .map(|l| format!("{} {}", l.protocol, port(l)))
            .collect();
        if clear.is_empty() {
            Outcome::Pass(Evidence::at(
                "listeners",
                format!("every listener uses {wanted} (or redirects to HTTPS)"),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "listeners",
                format!("listener(s) not using {wanted}: {}", clear.join(", ")),
            ))
        }
    }
}

use crate::elasticloadbalancingv2::elbv2_alb_http_redirects_to_https::{port, redirects_to_https};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::elb::{Listener, ListenerAction};
    use cloudward_model::{Status, Value};

    fn listener(protocol: &str, action: &str, redirect: Option<&str>) -> Listener {
        Listener {
            port: Some(443),
            protocol: protocol.into(),
            ssl_policy: Value::Known(None),
            default_actions: vec![ListenerAction {
                action_type: action.into(),
                redirect_protocol: redirect.map(str::to_string),
            }],
            ..Default::default()
        }
    }

    fn judge(kind: &str, listeners: Value<Vec<Listener>>) -> Status {
        testing::judge(
            &Elbv2ListenersEncrypted,
            &lb(
                kind,
                LoadBalancer {
                    listeners,
                    ..Default::default()
                },
            ),
        )
    }

    #[test]
    fn https_and_tls_pass_clear_text_fails() {
        let https = listener("HTTPS", "forward", None);
        let redirect = listener("HTTP", "redirect", Some("HTTPS"));
        let http = listener("HTTP", "forward", None);
        assert_eq!(
            judge("application", Value::Known(vec![https, redirect.clone()])),
            Status::Pass
        );
        assert_eq!(judge("application", Value::Known(vec![http])), Status::Fail);
        assert_eq!(
            judge(
                "network",
                Value::Known(vec![listener("TLS", "forward", None)])
            ),
            Status::Pass
        );
        assert_eq!(
            judge(
                "network",
                Value::Known(vec![listener("TCP", "forward", None)])
            ),
            Status::Fail
        );
        assert_eq!(judge("network", Value::Known(vec![redirect])), Status::Fail);
        assert_eq!(
            judge("application", Value::unknown("AccessDenied")),
            Status::Unknown
        );
        assert_eq!(
            judge("gateway", Value::Known(vec![])),
            Status::NotApplicable
        );
    }
}
