//! AWS Config rules.

mod config_recording_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&config_recording_enabled::ConfigRecordingEnabled];
