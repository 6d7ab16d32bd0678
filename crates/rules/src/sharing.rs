//! Cross-account sharing, judged the same way everywhere: an account is trusted when it is the
//! resource's own account (or the scanned account) or listed in `cloudward.toml`'s
//! `trusted_accounts`.

use cloudward_model::{Inventory, Resource};

/// The accounts of `accounts` that are not trusted for `resource`, sorted and deduplicated.
pub(crate) fn untrusted<'a>(
    accounts: impl IntoIterator<Item = &'a str>,
    resource: &Resource,
    inventory: &Inventory,
) -> Vec<&'a str> {
    let own = resource
        .account
        .as_deref()
        .or(inventory.account_id.as_deref());
    let mut out: Vec<&str> = accounts
        .into_iter()
        .filter(|a| !inventory.settings.is_trusted(a, own))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// "account 111122223333" or "accounts 111122223333, 444455556666".
pub(crate) fn accounts_phrase(accounts: &[&str]) -> String {
    match accounts {
        [one] => format!("account {one}"),
        many => format!("accounts {}", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::{test_support, Attributes, Settings};

    #[test]
    fn own_and_listed_accounts_are_trusted() {
        let r = test_support::resource("x", Attributes::Ec2Image(Default::default()));
        let mut inventory = Inventory::new();
        inventory.settings = Settings {
            trusted_accounts: vec!["111122223333".into()],
            ..Default::default()
        };
        let got = untrusted(
            [
                test_support::TEST_ACCOUNT,
                "111122223333",
                "999999999999",
                "999999999999",
            ],
            &r,
            &inventory,
        );
        assert_eq!(got, ["999999999999"]);
        assert_eq!(accounts_phrase(&got), "account 999999999999");
    }
}
