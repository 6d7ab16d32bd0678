//! One suite per service added after the first eight (issue 9): each module provisions its
//! own insecure and secure twins through the Rust SDK, collects only the services it needs,
//! and compares the verdicts of its rules with an exact table, through the same
//! [`crate::findings::compare`] as the whole-account tables. `findings::every_catalogue_rule_is_covered`
//! counts the suites listed in [`SUITES`], so a new rule is exercised here or listed as not
//! exercisable with the reason.

mod dynamodb;
pub mod ec2_sharing;
mod efs;
mod elasticache;
mod elb;
mod kms;
mod logs;
mod opensearch;
mod rds;
mod redshift;
mod secretsmanager;
mod ssm;

use crate::findings::Row;

mod acm;
mod apigateway;
mod athena;
mod backup;
mod cloudfront;
mod cloudtrail_data;
mod cloudwatch;
mod iam_certificates;
mod iam_roles;
mod route53;
mod sns;
mod sqs;

mod account;
mod ecr;
mod ecs;
mod eks;
mod guardduty;
mod inspector2;
mod lambda;
mod macie2;
mod organizations;
mod securityhub;
mod ssoadmin;
mod tagging;

/// What a suite declares: its expectation rows and the rules moto cannot exercise.
pub struct Suite {
    /// Exact (rule, label, status) rows.
    pub rows: &'static [Row],
    /// Rules whose verdicts must be Unknown under moto, with why.
    pub not_exercisable: &'static [(&'static str, &'static str)],
}

/// Every service suite (add yours: `&<service>::SUITE`).
pub const SUITES: &[&Suite] = &[
    &ec2_sharing::SUITE,
    &rds::SUITE,
    &kms::SUITE,
    &secretsmanager::SUITE,
    &ssm::SUITE,
    &logs::SUITE,
    &sns::SUITE,
    &sqs::SUITE,
    &athena::SUITE,
    &backup::SUITE,
    &cloudwatch::SUITE,
    &dynamodb::SUITE,
    &elasticache::SUITE,
    &efs::SUITE,
    &redshift::SUITE,
    &opensearch::SUITE,
    &cloudtrail_data::SUITE,
    &iam_roles::SUITE,
    &iam_certificates::SUITE,
    &organizations::SUITE,
    &account::SUITE,
    &ssoadmin::SUITE,
    &guardduty::SUITE,
    &tagging::SUITE,
    &securityhub::SUITE,
    &inspector2::SUITE,
    &macie2::SUITE,
    &elb::SUITE,
    &cloudfront::SUITE,
    &apigateway::SUITE,
    &acm::SUITE,
    &route53::SUITE,
    &lambda::SUITE,
    &ecr::SUITE,
    &ecs::SUITE,
    &eks::SUITE,
];
