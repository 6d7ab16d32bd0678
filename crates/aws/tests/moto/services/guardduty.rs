//! GuardDuty protection plans against moto: a detector with every plan and agent management
//! on in us-east-1; one in eu-west-1 with every plan off except Runtime Monitoring, whose
//! agent management is off.

use aws_sdk_guardduty::types::{
    DetectorAdditionalConfiguration, DetectorFeature, DetectorFeatureConfiguration,
    FeatureAdditionalConfiguration as Agent, FeatureStatus,
};
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const US: &str = "us-east-1@us-east-1";
const EU: &str = "eu-west-1@eu-west-1";

const ROWS: &[Row] = &[
    ("guardduty-s3-protection-enabled", US, Pass),
    ("guardduty-s3-protection-enabled", EU, Fail),
    ("guardduty-eks-audit-log-monitoring-enabled", US, Pass),
    ("guardduty-eks-audit-log-monitoring-enabled", EU, Fail),
    ("guardduty-lambda-protection-enabled", US, Pass),
    ("guardduty-lambda-protection-enabled", EU, Fail),
    ("guardduty-eks-runtime-monitoring-enabled", US, Pass),
    ("guardduty-eks-runtime-monitoring-enabled", EU, Fail),
    ("guardduty-malware-protection-enabled", US, Pass),
    ("guardduty-malware-protection-enabled", EU, Fail),
    ("guardduty-rds-protection-enabled", US, Pass),
    ("guardduty-rds-protection-enabled", EU, Fail),
    ("guardduty-runtime-monitoring-enabled", US, Pass),
    ("guardduty-runtime-monitoring-enabled", EU, Pass),
    ("guardduty-ecs-runtime-monitoring-enabled", US, Pass),
    ("guardduty-ecs-runtime-monitoring-enabled", EU, Fail),
    ("guardduty-ec2-runtime-monitoring-enabled", US, Pass),
    ("guardduty-ec2-runtime-monitoring-enabled", EU, Fail),
];

fn plan(name: DetectorFeature, on: bool, agents: bool) -> DetectorFeatureConfiguration {
    let status = |on: bool| {
        if on {
            FeatureStatus::Enabled
        } else {
            FeatureStatus::Disabled
        }
    };
    let mut f = DetectorFeatureConfiguration::builder()
        .name(name.clone())
        .status(status(on));
    if name == DetectorFeature::RuntimeMonitoring {
        for agent in [
            Agent::EksAddonManagement,
            Agent::EcsFargateAgentManagement,
            Agent::Ec2AgentManagement,
        ] {
            f = f.additional_configuration(
                DetectorAdditionalConfiguration::builder()
                    .name(agent)
                    .status(status(agents))
                    .build(),
            );
        }
    }
    f.build()
}

async fn detector(moto: &Moto, region: &str, on: bool) {
    let config = moto.sdk_config(region).await;
    let mut create = aws_sdk_guardduty::Client::new(&config)
        .create_detector()
        .enable(true);
    for name in [
        DetectorFeature::S3DataEvents,
        DetectorFeature::EksAuditLogs,
        DetectorFeature::EbsMalwareProtection,
        DetectorFeature::RdsLoginEvents,
        DetectorFeature::EksRuntimeMonitoring,
        DetectorFeature::LambdaNetworkLogs,
    ] {
        create = create.features(plan(name, on, on));
    }
    create = create.features(plan(DetectorFeature::RuntimeMonitoring, true, on));
    must(create.send().await, "CreateDetector");
}

#[tokio::test]
async fn protection_plans_give_the_expected_verdicts() {
    let moto = Moto::start();
    detector(&moto, "us-east-1", true).await;
    detector(&moto, "eu-west-1", false).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1", "eu-west-1"], &["guardduty"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
