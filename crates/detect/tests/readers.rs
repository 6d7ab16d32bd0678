//! readers tests.
