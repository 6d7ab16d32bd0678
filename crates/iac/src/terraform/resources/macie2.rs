//! Macie: `aws_macie2_account` enables Macie in its region; `status` defaults to `ENABLED`.

use cloudward_model::macie2::RegionStatus;
use cloudward_model::{Attributes, Resource};

use super::{get, locate, regional, str_or, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_macie2_account") {
        let mut r = regional(
            i,
            Attributes::Macie2Region(RegionStatus {
                status: str_or(get(i, "status"), "ENABLED").map(|s| s.to_uppercase()),
            }),
        );
        locate(&mut r, "status", i, "status");
        out.push(r);
    }
}
