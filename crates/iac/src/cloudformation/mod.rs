//! CloudFormation and SAM templates, YAML or JSON.
