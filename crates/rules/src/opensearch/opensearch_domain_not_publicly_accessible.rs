//! OpenSearch domain is not open to the public.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// A domain in a VPC passes. A public endpoint passes only when its access policy allows no one unconditionally: a statement allowing `Principal: *` (or `AWS: *`) without a condition naming source IPs, VPCs, accounts or ARNs fails (the S3 bucket-policy test, `PolicyDocument::public_allow_statements`). A public endpoint without an access policy passes: requests must then be signed by principals of the account that IAM allows.
pub struct OpensearchDomainNotPubliclyAccessible;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-not-publicly-accessible",
    title: "OpenSearch domain is not open to the public",
    severity: Severity::Critical,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain, whether it is in a VPC, or has a public endpoint whose access policy has no statement allowing everyone (Principal *) without a narrowing condition.",
    rationale: "A domain with a public endpoint and an access policy that allows everyone can be read, written or deleted by anyone on the internet; open OpenSearch and Elasticsearch clusters are a leading source of large data leaks.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Security configuration > Edit > Access policy: restrict the Principal to specific roles or add an aws:SourceIp condition; for new domains choose VPC access.",
        cli: "aws opensearch update-domain-config --domain-name <domain> --access-policies file://restricted-policy.json",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  vpc_options {\n    subnet_ids         = aws_subnet.private[*].id\n    security_group_ids = [aws_security_group.search.id]\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html", "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.2", "ES.2"],
        well_architected: &["SEC05-BP01", "SEC03-BP07"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  access_policies = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"es:*\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  access_policies = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"es:ESHttpGet\"\n      Resource  = \"*\"\n      Condition = { IpAddress = { \"aws:SourceIp\" = [\"203.0.113.0/24\"] } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      AccessPolicies:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: \"*\"\n            Action: \"es:*\"\n            Resource: \"*\"\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      AccessPolicies:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:role/search-writer\n            Action: \"es:ESHttp*\"\n            Resource: \"*\"\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainNotPubliclyAccessible {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        match d.vpc_subnet_ids.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(Some(_)) => {
                return Outcome::Pass(Evidence::at(
                    "vpc_subnet_ids",
                    "the domain is in a VPC (no public endpoint)",
                ))
            }
            Ok(None) => {}
        }
        let policy = match d.access_policies.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(p) => p,
        };
        let Some(doc) = policy else {
            return Outcome::Pass(Evidence::at(
                "access_policies",
                "the public endpoint has no access policy: only signed requests of the account's IAM principals are allowed",
            ));
        };
        let open = doc.public_allow_statements();
        if open.is_empty() {
            Outcome::Pass(Evidence::at(
                "access_policies",
                "the public endpoint's access policy allows no one unconditionally",
            ))
        } else {
            let actions: Vec<String> = open
                .iter()
                .flat_map(|s| s.actions.iter().map(|a| a.to_string()))
                .collect();
            Outcome::Fail(Evidence::at(
                "access_policies",
                format!(
                    "the public endpoint's access policy allows everyone ({}) with no source IP or principal condition",
                    if actions.is_empty() { "NotAction".to_string() } else { actions.join(", ") }
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensearch::test_helpers::domain;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    use cloudward_model::policy::PolicyDocument;

    fn judge(vpc: Option<Vec<String>>, policy: Option<serde_json::Value>) -> Status {
        testing::judge(
            &OpensearchDomainNotPubliclyAccessible,
            &domain(Domain {
                vpc_subnet_ids: Value::Known(vpc),
                access_policies: Value::Known(policy.map(PolicyDocument)),
                ..Default::default()
            }),
        )
    }

    fn statement(
        principal: serde_json::Value,
        condition: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut s = serde_json::json!({"Effect": "Allow", "Principal": principal, "Action": "es:*", "Resource": "*"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        serde_json::json!({"Version": "2012-10-17", "Statement": [s]})
    }

    #[test]
    fn vpc_or_restricted_policy_passes_open_policy_fails() {
        let open = statement(serde_json::json!("*"), None);
        assert_eq!(
            judge(Some(vec!["subnet-1".into()]), Some(open.clone())),
            Status::Pass
        );
        assert_eq!(judge(None, Some(open)), Status::Fail);
        let by_ip = statement(
            serde_json::json!({"AWS": "*"}),
            Some(serde_json::json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
        );
        assert_eq!(judge(None, Some(by_ip)), Status::Pass);
        let role = statement(
            serde_json::json!({"AWS": "arn:aws:iam::123456789012:role/r"}),
            None,
        );
        assert_eq!(judge(None, Some(role)), Status::Pass);
        assert_eq!(judge(None, None), Status::Pass);
        let r = domain(Domain {
            vpc_subnet_ids: Value::Known(None),
            access_policies: Value::unknown("denied"),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&OpensearchDomainNotPubliclyAccessible, &r),
            Status::Unknown
        );
    }
}
