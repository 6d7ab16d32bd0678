//! The account as a resource: the facts that belong to no one service.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The AWS account being judged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// 12-digit account id.
    pub account_id: String,
    /// Regions enabled for the account (from `ec2:DescribeRegions`, filtered on opt-in status).
    pub enabled_regions: Value<Vec<String>>,
}
