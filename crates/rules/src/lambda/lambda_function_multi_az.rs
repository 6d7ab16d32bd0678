//! VPC Lambda functions run in at least two Availability Zones.

use cloudward_model::lambda::Function;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `VpcConfig.SubnetIds` and looks each subnet up in the inventory's EC2 subnets for its
/// Availability Zone. One subnet is one zone and fails without a lookup; with more, the zones
/// must be known (collect `ec2` too) and at least two. Functions outside a VPC are not
/// applicable (Lambda runs them in several zones itself).
pub struct LambdaFunctionMultiAz;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-multi-az",
    title: "VPC Lambda functions run in at least two Availability Zones",
    severity: Severity::Medium,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function connected to a VPC, whether its subnets lie in at least two Availability Zones (the zones come from the EC2 subnets in the inventory). Functions outside a VPC are not applicable.",
    rationale: "A VPC function can only run where it has a subnet: with all its subnets in one zone, an outage of that zone stops the function and everything that depends on it. Lambda spreads invocations across the zones you give it.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > VPC > Edit > add a subnet in another Availability Zone > Save.",
        cli: "aws lambda update-function-configuration --function-name <function> --vpc-config SubnetIds=<subnet-az-a>,<subnet-az-b>,SecurityGroupIds=<sg-id>",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"<name>\"\n  vpc_config {\n    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n    security_group_ids = [aws_security_group.lambda.id]\n  }\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Lambda.5"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.1.0/24\"\n  availability_zone = \"us-east-1a\"\n}\n\nresource \"aws_subnet\" \"b\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.2.0/24\"\n  availability_zone = \"us-east-1b\"\n}\n\nresource \"aws_security_group\" \"api\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  vpc_config {\n    subnet_ids         = [aws_subnet.a.id]\n    security_group_ids = [aws_security_group.api.id]\n  }\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.1.0/24\"\n  availability_zone = \"us-east-1a\"\n}\n\nresource \"aws_subnet\" \"b\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.2.0/24\"\n  availability_zone = \"us-east-1b\"\n}\n\nresource \"aws_security_group\" \"api\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  vpc_config {\n    subnet_ids         = [aws_subnet.a.id, aws_subnet.b.id]\n    security_group_ids = [aws_security_group.api.id]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      VpcConfig:\n        SubnetIds:\n          - !Ref SubnetA\n        SecurityGroupIds:\n          - !Ref ApiSg\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n      AvailabilityZone: us-east-1a\n  SubnetB:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.2.0/24\n      AvailabilityZone: us-east-1b\n  ApiSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: api\n      VpcId: !Ref Vpc\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      VpcConfig:\n        SubnetIds:\n          - !Ref SubnetA\n          - !Ref SubnetB\n        SecurityGroupIds:\n          - !Ref ApiSg\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n      AvailabilityZone: us-east-1a\n  SubnetB:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.2.0/24\n      AvailabilityZone: us-east-1b\n  ApiSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: api\n      VpcId: !Ref Vpc\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionMultiAz {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, resource: &Resource, inventory: &Inventory) -> Outcome {
        let subnets = match function.vpc_subnet_ids.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(s) => s,
        };
        match subnets.as_slice() {
            [] => {
                return Outcome::not_applicable(
                    "the function is not connected to a VPC (Lambda places it in several zones)",
                )
            }
            [one] => {
                return Outcome::Fail(Evidence::at(
                    "vpc_subnet_ids",
                    format!("the function has one subnet ({one}), so one Availability Zone"),
                ))
            }
            _ => {}
        }
        let mut zones = std::collections::BTreeSet::new();
        let mut unknown = Vec::new();
        for id in subnets {
            match inventory
                .find(ResourceKind::Ec2Subnet, id)
                .and_then(|r| r.as_ec2_subnet())
                .map(|s| s.availability_zone.as_str())
            {
                Some(zone) if !zone.is_empty() => {
                    zones.insert(zone.to_string());
                }
                Some(_) => unknown.push(format!("subnet {id} declares no Availability Zone")),
                None => unknown.push(
                    match inventory
                        .errors_for_in(ResourceKind::Ec2Subnet, resource.region.as_deref())
                        .next()
                    {
                        Some(err) => format!("subnet {id} was not listed: {}", err.reason()),
                        None => format!("subnet {id} is not in the inventory (collect ec2)"),
                    },
                ),
            }
        }
        let listed = zones.iter().cloned().collect::<Vec<_>>().join(", ");
        if zones.len() >= 2 {
            Outcome::Pass(Evidence::at(
                "vpc_subnet_ids",
                format!("the function's subnets span Availability Zones {listed}"),
            ))
        } else if !unknown.is_empty() {
            Outcome::unknown(unknown.join("; "))
        } else {
            Outcome::Fail(Evidence::at(
                "vpc_subnet_ids",
                format!("all of the function's subnets are in {listed}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Subnet;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(subnets: &[&str], zones: &[(&str, &str)]) -> Status {
        let r = resource(
            "api",
            Attributes::LambdaFunction(Function {
                vpc_subnet_ids: Value::Known(subnets.iter().map(|s| s.to_string()).collect()),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        for (id, zone) in zones {
            inventory.push(resource(
                id,
                Attributes::Ec2Subnet(Subnet {
                    subnet_id: id.to_string(),
                    availability_zone: zone.to_string(),
                    ..Default::default()
                }),
            ));
        }
        testing::judge_in(&LambdaFunctionMultiAz, &r, &inventory)
    }

    #[test]
    fn zones_are_counted() {
        let zones = [
            ("subnet-a", "us-east-1a"),
            ("subnet-b", "us-east-1b"),
            ("subnet-c", "us-east-1a"),
        ];
        assert_eq!(judge(&["subnet-a", "subnet-b"], &zones), Status::Pass);
        assert_eq!(judge(&["subnet-a", "subnet-c"], &zones), Status::Fail);
        assert_eq!(judge(&["subnet-a"], &[]), Status::Fail);
        assert_eq!(judge(&[], &[]), Status::NotApplicable);
    }

    #[test]
    fn missing_subnets_are_unknown() {
        assert_eq!(
            judge(&["subnet-a", "subnet-x"], &[("subnet-a", "us-east-1a")]),
            Status::Unknown
        );
        let r = resource(
            "api",
            Attributes::LambdaFunction(Function {
                vpc_subnet_ids: Value::unknown("denied"),
                ..Default::default()
            }),
        );
        assert_eq!(testing::judge(&LambdaFunctionMultiAz, &r), Status::Unknown);
    }
}
