//! Lambda functions are connected to a VPC.

use crate::rule::judged;
use crate::Check;
use cloudward_model::lambda::Function;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads `VpcConfig.SubnetIds`: none means the function runs in Lambda's own network with
/// direct internet egress. Which functions reach private data cannot be read from the
/// configuration (it is in their code and role), so every function outside a VPC is reported,
/// at low severity, as Security Hub's Lambda.3 (NIST/PCI, not FSBP) does: suppress the
/// functions that deliberately need none (public webhooks, pure compute).
pub struct LambdaFunctionInVpc;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-in-vpc",
    title: "Lambda functions are connected to a VPC",
    severity: Severity::Low,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, whether it is connected to a VPC (VpcConfig names at least one subnet). Which functions handle private data is not visible in the configuration, so all functions outside a VPC fail; suppress those that need no private network.",
    rationale: "A function in a VPC reaches databases and internal services over private addresses, and its egress can be limited by security groups, NACLs, VPC endpoints and a NAT or firewall, so stolen credentials or injected code cannot freely send data to the internet. A function that touches private data outside a VPC needs that data exposed on public endpoints.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > VPC > Edit > choose the VPC, at least two private subnets in different Availability Zones and a security group > Save (the role needs AWSLambdaVPCAccessExecutionRole).",
        cli: "aws lambda update-function-configuration --function-name <function> --vpc-config SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg-id>",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"<name>\"\n  vpc_config {\n    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n    security_group_ids = [aws_security_group.lambda.id]\n  }\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.1.0/24\"\n  availability_zone = \"us-east-1a\"\n}\n\nresource \"aws_subnet\" \"b\" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = \"10.0.2.0/24\"\n  availability_zone = \"us-east-1b\"\n}\n\nresource \"aws_security_group\" \"api\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  vpc_config {\n    subnet_ids         = [aws_subnet.a.id, aws_subnet.b.id]\n    security_group_ids = [aws_security_group.api.id]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      VpcConfig:\n        SubnetIds:\n          - !Ref SubnetA\n          - !Ref SubnetB\n        SecurityGroupIds:\n          - !Ref ApiSg\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n      AvailabilityZone: us-east-1a\n  SubnetB:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.2.0/24\n      AvailabilityZone: us-east-1b\n  ApiSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: api\n      VpcId: !Ref Vpc\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionInVpc {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        judged(&function.vpc_subnet_ids, "vpc_subnet_ids", |subnets| {
            if subnets.is_empty() {
                Err("the function is not connected to a VPC".into())
            } else {
                Ok(format!(
                    "the function runs in VPC subnet(s) {}",
                    subnets.join(", ")
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(f: Function) -> Status {
        testing::judge(
            &LambdaFunctionInVpc,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn subnets(s: Value<Vec<String>>) -> Function {
        Function {
            vpc_subnet_ids: s,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(subnets(Value::Known(vec!["subnet-1".into()]))),
            Status::Pass
        );
        assert_eq!(judge(subnets(Value::Known(vec![]))), Status::Fail);
        assert_eq!(judge(subnets(Value::unknown("denied"))), Status::Unknown);
    }
}
