//! Internet-facing Application Load Balancers are protected by an AWS WAF web ACL.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `wafv2:GetWebACLForResource` for each Application Load Balancer (collected with the load balancer); in code, an `aws_wafv2_web_acl_association` / `AWS::WAFv2::WebACLAssociation` naming it. Internal load balancers are not judged: they have no internet clients to filter.
pub struct Elbv2AlbWafWebAclAttached;

const META: RuleMeta = RuleMeta {
    id: "elbv2-alb-waf-web-acl-attached",
    title: "Internet-facing Application Load Balancers are protected by an AWS WAF web ACL",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each internet-facing Application Load Balancer, whether an AWS WAF (WAFv2) web ACL is associated with it."#,
    rationale: r#"An internet-facing ALB without a web ACL passes every request, including SQL injection, known exploit payloads, bot and credential-stuffing traffic and floods from one address, straight to the application. A web ACL with managed and rate-based rules filters them before they reach it (Security Hub ELB.16)."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs (region of the ALB) > <web ACL> > Associated AWS resources > Add AWS resources > Application Load Balancer > <alb> > Add."#,
        cli: r#"aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn <alb-arn>"#,
        terraform: r#"resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = aws_lb.this.arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-16",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}
"#,
        terraform_good: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0a1b2c3d-1111-2222-3333-444455556666"
}
"#,
        cloudformation_bad: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
"#,
        cloudformation_good: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
  WebAcl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Ref Web
      WebACLArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0a1b2c3d-1111-2222-3333-444455556666
"#,
    },
    file: file!(),
};

impl Check for Elbv2AlbWafWebAclAttached {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        if !lb.is_application() {
            return Outcome::not_applicable("AWS WAF protects Application Load Balancers only");
        }
        if !lb.is_internet_facing() {
            return Outcome::not_applicable("the load balancer is internal");
        }
        match lb.web_acl_arn.get() {
            Err(r) => Outcome::unknown(r),
            Ok(Some(arn)) => Outcome::Pass(Evidence::at(
                "web_acl_arn",
                format!("protected by web ACL {arn}"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "web_acl_arn",
                "no AWS WAF web ACL is associated with the internet-facing load balancer",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(scheme: &str, acl: Value<Option<String>>) -> Status {
        let mut r = lb(
            "application",
            LoadBalancer {
                web_acl_arn: acl,
                ..Default::default()
            },
        );
        if let cloudward_model::Attributes::ElbLoadBalancer(l) = &mut r.attributes {
            l.scheme = scheme.into();
        }
        testing::judge(&Elbv2AlbWafWebAclAttached, &r)
    }

    #[test]
    fn associated_passes_none_fails_internal_is_not_judged() {
        assert_eq!(
            judge("internet-facing", Value::Known(Some("arn:acl".into()))),
            Status::Pass
        );
        assert_eq!(judge("internet-facing", Value::Known(None)), Status::Fail);
        assert_eq!(
            judge("internet-facing", Value::unknown("AccessDenied")),
            Status::Unknown
        );
        assert_eq!(judge("internal", Value::Known(None)), Status::NotApplicable);
    }
}
