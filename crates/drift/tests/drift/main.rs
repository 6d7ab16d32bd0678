//! Integration tests of `cloudward drift`: Terraform code, its state and a live snapshot in
//! which port 22 was opened by hand, encryption turned off, a bucket deleted and another
//! created outside Terraform.

mod addresses;
mod fixture;
