//! Integration tests of the IaC adapters: one harness (`autotests = false`), one module per
//! concern. The Terraform adapter's tests add their own `mod terraform...;` lines here.

mod cloudformation;
mod cross_check;
mod data_services;
mod discover;
mod tagging;
mod terraform;
