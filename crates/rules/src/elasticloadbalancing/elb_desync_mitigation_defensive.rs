//! Classic Load Balancers use defensive or strictest desync mitigation mode.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `AdditionalAttributes["elb.http.desyncmitigationmode"]` (`monitor`, `defensive`, the default, or `strictest`).
pub struct ElbDesyncMitigationDefensive;

const META: RuleMeta = RuleMeta {
    id: "elb-desync-mitigation-defensive",
    title: "Classic Load Balancers use defensive or strictest desync mitigation mode",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether the desync mitigation mode is defensive or strictest (monitor fails)."#,
    rationale: r#"In monitor mode ambiguous requests (conflicting Content-Length and Transfer-Encoding) are forwarded to the instances, which is what HTTP request smuggling needs to poison connections and hijack other users' requests."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Attributes > Edit > Desync mitigation mode: Defensive > Save changes."#,
        cli: r#"aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes "{\"AdditionalAttributes\":[{\"Key\":\"elb.http.desyncmitigationmode\",\"Value\":\"defensive\"}]}""#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  desync_mitigation_mode = "defensive"
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-desync-mitigation-mode.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-14",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.14"],
        well_architected: &["SEC05-BP03"],
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
  desync_mitigation_mode = "monitor"
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
  desync_mitigation_mode = "strictest"
}
"#,
        cloudformation_bad: r#""#,
        cloudformation_good: r#""#,
    },
    file: file!(),
};

impl Check for ElbDesyncMitigationDefensive {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &lb.desync_mitigation_mode,
            "desync_mitigation_mode",
            |mode| match mode.as_str() {
                "defensive" | "strictest" => Ok(format!("desync mitigation mode is {mode}")),
                other => Err(format!(
                    "desync mitigation mode is {other}: ambiguous requests reach the instances"
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::classic;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(mode: Value<String>) -> Status {
        testing::judge(
            &ElbDesyncMitigationDefensive,
            &classic(ClassicLoadBalancer {
                desync_mitigation_mode: mode,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn defensive_passes_monitor_fails() {
        assert_eq!(judge(Value::Known("defensive".into())), Status::Pass);
        assert_eq!(judge(Value::Known("monitor".into())), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
