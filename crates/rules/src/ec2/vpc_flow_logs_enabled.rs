//! Every VPC has an active flow log that captures rejected traffic.

use cloudward_model::ec2::Vpc;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the VPC's flow logs (`DescribeFlowLogs` filtered on the VPC id). A flow log counts
/// when its status is `ACTIVE` and its traffic type is `ALL` or `REJECT`: CIS and FSBP EC2.6
/// both ask for rejected traffic, which an `ACCEPT`-only log does not record.
pub struct VpcFlowLogsEnabled;

const META: RuleMeta = RuleMeta {
    id: "vpc-flow-logs-enabled",
    title: "VPC flow logging is enabled in every VPC",
    severity: Severity::Medium,
    service: "ec2",
    kinds: Vpc::KINDS,
    checks: "For each VPC, whether at least one flow log attached to it is ACTIVE and records \
             REJECT or ALL traffic.",
    rationale: "Flow logs are the only record of who talked to what inside a VPC: they reveal \
                port scans, data exfiltration and connections to known-bad addresses, and are \
                needed to scope an incident afterwards. They cannot be produced retroactively.",
    remediation: Remediation {
        console: "VPC console > Your VPCs > <vpc> > Flow logs > Create flow log > Filter: All \
                  (or Reject) > destination CloudWatch Logs or S3 > Create.",
        cli: "aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> \
              --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>/vpc/",
        terraform: "resource \"aws_flow_log\" \"this\" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.7"],
        cis_v6: &["4.7"],
        cis_v5: &["3.7"],
        cis_v3: &["3.7"],
        fsbp: &["EC2.6"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_flow_log\" \"main\" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = \"arn:aws:s3:::example-flow-logs\"\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  MainFlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: !Ref Main\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::example-flow-logs\n",
    },
    file: file!(),
};

impl Check for VpcFlowLogsEnabled {
    type Subject = Vpc;
    const META: &'static RuleMeta = &META;

    fn judge(&self, vpc: &Vpc, _: &Resource, _: &Inventory) -> Outcome {
        let logs = match vpc.flow_logs.get() {
            Ok(logs) => logs,
            Err(reason) => return Outcome::unknown(reason),
        };
        let counts = |t: &str| t.eq_ignore_ascii_case("ALL") || t.eq_ignore_ascii_case("REJECT");
        if let Some(log) = logs
            .iter()
            .find(|l| l.status.eq_ignore_ascii_case("ACTIVE") && counts(&l.traffic_type))
        {
            return Outcome::Pass(Evidence::at(
                "flow_logs",
                format!(
                    "flow log {} is active and records {} traffic",
                    log.flow_log_id, log.traffic_type
                ),
            ));
        }
        let message = if logs.is_empty() {
            "the VPC has no flow log".to_string()
        } else {
            let seen: Vec<String> = logs
                .iter()
                .map(|l| format!("{} ({}, {})", l.flow_log_id, l.status, l.traffic_type))
                .collect();
            format!(
                "no active flow log records rejected traffic; found {}",
                seen.join(", ")
            )
        };
        Outcome::Fail(Evidence::at("flow_logs", message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::{FlowLog, Vpc};
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn log(status: &str, traffic: &str) -> FlowLog {
        FlowLog {
            flow_log_id: "fl-1".into(),
            status: status.into(),
            traffic_type: traffic.into(),
            log_destination_type: "s3".into(),
        }
    }

    fn judge(flow_logs: Value<Vec<FlowLog>>) -> Outcome {
        let r = test_support::resource(
            "vpc-1",
            Attributes::Ec2Vpc(Vpc {
                vpc_id: "vpc-1".into(),
                cidr_block: "10.0.0.0/16".into(),
                is_default: false,
                flow_logs,
            }),
        );
        testing::outcome_in(&VpcFlowLogsEnabled, &r, &Inventory::new())
    }

    #[test]
    fn active_reject_or_all_passes() {
        assert_eq!(
            judge(Value::Known(vec![log("ACTIVE", "REJECT")])).status(),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![log("ACTIVE", "ALL")])).status(),
            Status::Pass
        );
    }

    #[test]
    fn none_accept_only_or_inactive_fails() {
        assert_eq!(judge(Value::Known(vec![])).status(), Status::Fail);
        match judge(Value::Known(vec![log("ACTIVE", "ACCEPT")])) {
            Outcome::Fail(e) => assert!(e.message.contains("fl-1 (ACTIVE, ACCEPT)")),
            other => panic!("expected Fail, got {other:?}"),
        }
        assert_eq!(
            judge(Value::Known(vec![log("FAILED", "ALL")])).status(),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
