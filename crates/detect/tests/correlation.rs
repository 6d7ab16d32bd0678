//! correlation tests.
