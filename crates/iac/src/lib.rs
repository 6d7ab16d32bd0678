//! Terraform and CloudFormation adapters into the cloudward model.
#![deny(missing_docs)]
