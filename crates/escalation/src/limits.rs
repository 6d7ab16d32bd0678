//! Caps on the search, so that its cost is bounded by the inventory's size times constants.

/// Hops of `sts:AssumeRole` followed from a principal (breadth first); roles further away are
/// not examined. Four covers the chains seen in practice (user → jump role → workload role →
/// admin role).
pub const MAX_CHAIN_DEPTH: usize = 4;

/// Candidate pivots (groups, users, roles, policies, functions, instances) examined per path
/// and principal. Past it the path is reported Unknown, naming the cap, never Pass.
pub const MAX_CANDIDATES: usize = 2_000;
