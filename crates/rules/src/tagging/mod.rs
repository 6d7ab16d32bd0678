//! The organisation's tag policy: the tag keys `cloudward.toml` requires (`required_tags` for
//! every taggable kind, `required_tags_by_kind` on top), judged on every taggable resource,
//! live and in code. With no tags configured the rule does not run.

mod tagging_required_tags_present;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] =
    &[&tagging_required_tags_present::TaggingRequiredTagsPresent];
