//! IAM Access Analyzer: one `AccessAnalyzerRegion` per `aws_accessanalyzer_analyzer`.

use cloudward_model::accessanalyzer::{Analyzer, RegionStatus};
use cloudward_model::{Attributes, Resource, Value};

use super::{get, known_str, name_or_address, regional, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_accessanalyzer_analyzer") {
        out.push(regional(
            i,
            Attributes::AccessAnalyzerRegion(RegionStatus {
                analyzers: Value::Known(vec![Analyzer {
                    name: name_or_address(i, "analyzer_name"),
                    arn: format!("{}.arn", i.address),
                    analyzer_type: known_str(get(i, "type")).unwrap_or_else(|| "ACCOUNT".into()),
                    status: "ACTIVE".into(),
                }]),
            }),
        ));
    }
}
