//! DynamoDB rules: point-in-time recovery, customer managed keys for sensitive tables,
//! deletion protection.

mod dynamodb_table_deletion_protection_enabled;
mod dynamodb_table_point_in_time_recovery_enabled;
mod dynamodb_table_sensitive_encrypted_with_customer_key;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &dynamodb_table_point_in_time_recovery_enabled::DynamodbTablePointInTimeRecoveryEnabled,
    &dynamodb_table_sensitive_encrypted_with_customer_key::DynamodbTableSensitiveEncryptedWithCustomerKey,
    &dynamodb_table_deletion_protection_enabled::DynamodbTableDeletionProtectionEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::dynamodb::Table;
    use cloudward_model::{Attributes, Resource};

    /// A table resource named `orders`.
    pub(crate) fn table(t: Table) -> Resource {
        cloudward_model::test_support::resource(
            "orders",
            Attributes::DynamodbTable(Table {
                table_name: "orders".into(),
                ..t
            }),
        )
    }
}
