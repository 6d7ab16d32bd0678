//! CloudFormation fixtures through the adapter and the rule engine.
