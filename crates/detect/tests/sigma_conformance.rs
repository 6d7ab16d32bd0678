//! sigma_conformance tests.
