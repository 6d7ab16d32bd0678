//! Terraform: HCL modules and plan JSON.
