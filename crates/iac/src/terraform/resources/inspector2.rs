//! Amazon Inspector: `aws_inspector2_enabler` sets the scan types of its accounts in its
//! region (`resource_types`: `EC2`, `ECR`, `LAMBDA`, `LAMBDA_CODE`); the enabler manages the
//! whole set, so a type it leaves out is disabled. Findings exist only in a live account.

use cloudward_model::inspector2::RegionStatus;
use cloudward_model::{Attributes, Resource, Value};

use super::{get, locate, regional, str_list, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_inspector2_enabler") {
        let types = str_list(get(i, "resource_types"));
        let state = |t: &str| -> Value<String> {
            match &types {
                Ok(list) if list.iter().any(|x| x.eq_ignore_ascii_case(t)) => {
                    Value::Known("ENABLED".into())
                }
                Ok(_) => Value::Known("DISABLED".into()),
                Err(why) => Value::Unknown(format!("resource_types: {why}")),
            }
        };
        let region = RegionStatus {
            status: match &types {
                Ok(list) if list.is_empty() => Value::Known("DISABLED".into()),
                Ok(_) => Value::Known("ENABLED".into()),
                Err(why) => Value::Unknown(format!("resource_types: {why}")),
            },
            ec2: state("EC2"),
            ecr: state("ECR"),
            lambda: state("LAMBDA").map(Some),
            lambda_code: state("LAMBDA_CODE").map(Some),
            critical_findings: Value::unknown("findings exist only in a live account"),
        };
        let mut r = regional(i, Attributes::Inspector2Region(region));
        for key in ["ec2", "ecr", "lambda", "lambda_code"] {
            locate(&mut r, key, i, "resource_types");
        }
        out.push(r);
    }
}
