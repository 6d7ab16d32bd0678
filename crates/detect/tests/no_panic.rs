//! no_panic tests.
