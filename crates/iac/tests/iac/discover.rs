//! Discovery: what the walk finds and what it skips.
