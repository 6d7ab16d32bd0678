//! Application Load Balancer HTTP listeners redirect to HTTPS.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads each `HTTP` listener's default actions (`DescribeListeners`): a `redirect` action whose `RedirectConfig.Protocol` is `HTTPS` passes. Listener rules that redirect only some paths do not count: the default action is what every other request gets.
pub struct Elbv2AlbHttpRedirectsToHttps;

const META: RuleMeta = RuleMeta {
    id: "elbv2-alb-http-redirects-to-https",
    title: "Application Load Balancer HTTP listeners redirect to HTTPS",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application Load Balancer, whether every HTTP listener's default action redirects to HTTPS. A load balancer without HTTP listeners passes."#,
    rationale: r#"An HTTP listener that forwards to targets serves the application, its session cookies and form posts in clear text to anyone on the path. Redirecting to HTTPS keeps port 80 open for old links and typed URLs while no request content is exchanged unencrypted."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <alb> > Listeners and rules > HTTP:80 > Actions > Edit listener > Default action: Redirect to URL, protocol HTTPS, port 443, status code 301 > Save changes."#,
        cli: r#"aws elbv2 modify-listener --listener-arn <listener-arn> --default-actions Type=redirect,RedirectConfig="{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}""#,
        terraform: r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.1"],
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

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
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
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Web
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: redirect
          RedirectConfig:
            Protocol: HTTPS
            Port: "443"
            StatusCode: HTTP_301
"#,
    },
    file: file!(),
};

impl Check for Elbv2AlbHttpRedirectsToHttps {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        if !lb.is_application() {
            return Outcome::not_applicable("only Application Load Balancers have HTTP listeners");
        }
        let listeners = match lb.listeners.get() {
            Ok(l) => l,
            Err(r) => return Outcome::unknown(r),
        };
        let http: Vec<_> = listeners.iter().filter(|l| l.protocol == "HTTP").collect();
        if http.is_empty() {
            return Outcome::Pass(Evidence::at(
                "listeners",
                "the load balancer has no HTTP listener",
            ));
        }
        let plain: Vec<String> = http
            .iter()
            .filter(|l| !redirects_to_https(l))
            .map(|l| port(l))
            .collect();
        if plain.is_empty() {
            Outcome::Pass(Evidence::at(
                "listeners",
                format!(
                    "every HTTP listener redirects to HTTPS ({})",
                    http.iter().map(|l| port(l)).collect::<Vec<_>>().join(", ")
                ),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "listeners",
                format!(
                    "HTTP listener(s) on {} serve requests instead of redirecting to HTTPS",
                    plain.join(", ")
                ),
            ))
        }
    }
}

/// Whether a listener's default action is a redirect to HTTPS.
pub(crate) fn redirects_to_https(l: &cloudward_model::elb::Listener) -> bool {
    !l.default_actions.is_empty()
        && l.default_actions.iter().all(|a| {
            a.action_type == "redirect"
                && a.redirect_protocol
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
        })
}

/// `port 80`, for evidence.
pub(crate) fn port(l: &cloudward_model::elb::Listener) -> String {
    l.port
        .map_or_else(|| "an unknown port".to_string(), |p| format!("port {p}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::elb::{Listener, ListenerAction};
    use cloudward_model::{Status, Value};

    fn http(action: &str, protocol: Option<&str>) -> Listener {
        Listener {
            port: Some(80),
            protocol: "HTTP".into(),
            ssl_policy: Value::Known(None),
            default_actions: vec![ListenerAction {
                action_type: action.into(),
                redirect_protocol: protocol.map(str::to_string),
            }],
            ..Default::default()
        }
    }

    fn judge(listeners: Value<Vec<Listener>>) -> Status {
        testing::judge(
            &Elbv2AlbHttpRedirectsToHttps,
            &lb(
                "application",
                LoadBalancer {
                    listeners,
                    ..Default::default()
                },
            ),
        )
    }

    #[test]
    fn redirect_passes_forward_fails_unread_is_unknown() {
        assert_eq!(
            judge(Value::Known(vec![http("redirect", Some("HTTPS"))])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![http("forward", None)])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![http("redirect", Some("HTTP"))])),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(vec![])), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }

    #[test]
    fn network_load_balancers_are_not_judged() {
        let r = lb("network", LoadBalancer::default());
        assert_eq!(
            testing::judge(&Elbv2AlbHttpRedirectsToHttps, &r),
            Status::NotApplicable
        );
    }
}
