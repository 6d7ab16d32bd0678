//! Framework control tables (versioned data), so that every id a rule cites can be checked.
//!
//! To be filled from `shared/reference/aws-controls.md`: CIS v5.0.0, CIS v3.0.0, FSBP, and the
//! Well-Architected security pillar.
