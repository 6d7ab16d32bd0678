//! IAM Access Analyzer rules.

mod accessanalyzer_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&accessanalyzer_enabled::AccessanalyzerEnabled];
