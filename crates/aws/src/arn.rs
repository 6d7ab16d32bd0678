//! ARNs for resources whose API gives none (security groups, VPCs, per-region status), built
//! in AWS's documented formats so ids are stable and recognisable.

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
pub(crate) fn arn(
    partition: &str,
    service: &str,
    region: &str,
    account: &str,
    resource: &str,
) -> String {
    format!("arn:{partition}:{service}:{region}:{account}:{resource}")
}

/// An EC2 resource ARN: `arn:aws:ec2:REGION:ACCOUNT:TYPE/ID` (security-group, vpc, subnet,
/// route-table, network-acl, internet-gateway, instance, volume); snapshots carry no account.
pub(crate) fn ec2(partition: &str, region: &str, account: &str, kind: &str, id: &str) -> String {
    let account = if kind == "snapshot" { "" } else { account };
    arn(partition, "ec2", region, account, &format!("{kind}/{id}"))
}

/// The partition of an ARN (`arn:aws-cn:...` → `aws-cn`).
pub(crate) fn partition_of(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(3, ':');
    match (parts.next(), parts.next()) {
        (Some("arn"), Some(p)) if !p.is_empty() => Some(p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_arns_follow_the_documented_format() {
        assert_eq!(
            ec2(
                "aws",
                "eu-west-1",
                "123456789012",
                "security-group",
                "sg-0abc"
            ),
            "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0abc"
        );
        assert_eq!(
            ec2("aws", "eu-west-1", "123456789012", "snapshot", "snap-1"),
            "arn:aws:ec2:eu-west-1::snapshot/snap-1"
        );
        assert_eq!(
            arn("aws-us-gov", "s3", "", "", "my-bucket"),
            "arn:aws-us-gov:s3:::my-bucket"
        );
    }

    #[test]
    fn partition_from_the_caller_arn() {
        assert_eq!(
            partition_of("arn:aws-cn:iam::123456789012:user/moto"),
            Some("aws-cn")
        );
        assert_eq!(
            partition_of("arn:aws:sts::123456789012:assumed-role/r/s"),
            Some("aws")
        );
        assert_eq!(partition_of("not-an-arn"), None);
        assert_eq!(partition_of("arn::iam::1:user/x"), None);
    }
}
