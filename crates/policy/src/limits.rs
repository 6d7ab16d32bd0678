//! The caps on policy input. Each keeps one evaluation bounded; when one is hit the statement
//! or policy concerned becomes Unknown, naming the cap, and evaluation goes on.
//!
//! Matching cost: a wildcard match is an iterative two-pointer glob, O(p·t) in the worst case
//! for a pattern of p and a text of t characters, so one match is bounded by
//! `MAX_PATTERN_CHARS × MAX_TEXT_CHARS`; a condition is bounded by `MAX_CONDITION_VALUES` policy
//! values times `MAX_CONTEXT_VALUES` request values; a policy by `MAX_STATEMENTS`.

/// Statements read from one policy document. AWS's largest documents (20 KiB S3 bucket
/// policies, 10 KiB managed policies) hold far fewer.
pub const MAX_STATEMENTS: usize = 1_000;

/// Entries in one `Action`, `Resource` or `Principal` list, or values of one condition key.
pub const MAX_CONDITION_VALUES: usize = 1_000;

/// Values of one context key (a multivalued key such as `aws:TagKeys`).
pub const MAX_CONTEXT_VALUES: usize = 1_000;

/// Characters of one pattern (an action, resource ARN or condition value) after variables are
/// substituted.
pub const MAX_PATTERN_CHARS: usize = 4_096;

/// Characters of one matched text (the requested ARN, a context value).
pub const MAX_TEXT_CHARS: usize = 4_096;

/// Policy variables in one pattern.
pub const MAX_VARIABLES: usize = 64;
