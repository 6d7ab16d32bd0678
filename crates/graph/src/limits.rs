//! The documented caps of the exposure graph. Each one, when hit, is recorded as a
//! [`Truncation`](crate::Truncation) naming where, and the build or search goes on.

/// Longest path, in edges: internet → entry → compute → role → data is four; the cap leaves
/// room for a load balancer or CDN in front without letting a search wander.
pub const MAX_PATH_EDGES: usize = 6;

/// Most paths one query returns (one per reached target). Past it the query stops and says so.
pub const MAX_PATHS: usize = 10_000;

/// Most toxic-combination findings of one combination. Past it the rest are counted, not listed.
pub const MAX_FINDINGS_PER_COMBINATION: usize = 1_000;

/// Most policy evaluations spent on role → data edges. Each reachable role is asked about each
/// data resource; past this budget the remaining pairs become one truncation note.
pub const MAX_DATA_EVALUATIONS: usize = 2_000_000;
