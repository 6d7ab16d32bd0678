//! `cloudward.toml`: the optional settings file (trusted accounts, required tags, thresholds)
//! that `scan` and `iac` read the same way. See `docs/configuration.md`.

use std::path::{Path, PathBuf};

use cloudward_model::Settings;

use crate::exit::UsageError;

/// The file read when `--config` is not given, from the working directory.
pub const DEFAULT_FILE: &str = "cloudward.toml";

/// A settings file larger than this is refused before it is read (it holds a few lists).
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// `--config`, shared by the commands that judge.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SettingsArgs {
    /// Settings file (trusted accounts, required tags, thresholds). Default: ./cloudward.toml
    /// when it exists; without one, every threshold is the CIS default.
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl SettingsArgs {
    /// The settings: from `--config` (which must exist), else `./cloudward.toml` if present,
    /// else the defaults. A file that does not parse or validate is a usage error (exit 2)
    /// naming the file and the key.
    pub fn load(&self) -> anyhow::Result<Settings> {
        match &self.config {
            Some(path) => read(path),
            None if Path::new(DEFAULT_FILE).is_file() => read(Path::new(DEFAULT_FILE)),
            None => Ok(Settings::default()),
        }
    }
}

fn read(path: &Path) -> anyhow::Result<Settings> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| UsageError(format!("--config {shown}: {e}")))?
        .len();
    if size > MAX_SETTINGS_BYTES {
        return Err(UsageError(format!(
            "{shown}: {size} bytes is over the {MAX_SETTINGS_BYTES}-byte limit for a settings file"
        ))
        .into());
    }
    let text = std::fs::read_to_string(path).map_err(|e| UsageError(format!("{shown}: {e}")))?;
    parse(&text).map_err(|e| UsageError(format!("{shown}: {e}")).into())
}

/// Parse and validate settings text.
pub fn parse(text: &str) -> Result<Settings, String> {
    let settings: Settings = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
    let mut problems = settings.validate();
    for (i, sup) in settings.suppressions.iter().enumerate() {
        if !sup.rule.trim().is_empty() && cloudward_rules::find(&sup.rule).is_none() {
            problems.push(format!(
                "suppressions[{i}].rule: {:?} is not a rule id (see `cloudward rules`)",
                sup.rule
            ));
        }
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let s = parse(
            r#"
trusted_accounts = ["111122223333"]
required_tags = ["owner"]

[production_tag]
key = "env"
values = ["prd"]

[thresholds]
secret_rotation_days = 30
"#,
        )
        .expect("valid");
        assert_eq!(s.trusted_accounts, ["111122223333"]);
        assert_eq!(s.thresholds.secret_rotation_days, 30);
        assert_eq!(
            s.thresholds.access_key_max_age_days, 90,
            "unset keys keep defaults"
        );
        assert_eq!(s.production_tag.key, "env");
    }

    #[test]
    fn a_misspelt_key_is_an_error_naming_it() {
        let err = parse("trusted_acounts = []\n").expect_err("unknown key");
        assert!(err.contains("trusted_acounts"), "{err}");
        let err = parse("[thresholds]\nsecret_rotation_day = 3\n").expect_err("unknown key");
        assert!(err.contains("secret_rotation_day"), "{err}");
    }

    #[test]
    fn invalid_values_are_errors_naming_the_key() {
        let err = parse("trusted_accounts = [\"12\"]\n").expect_err("bad account");
        assert!(err.contains("trusted_accounts[0]"), "{err}");
        let err = parse("[thresholds]\nlog_retention_days = -1\n").expect_err("negative");
        assert!(err.contains("log_retention_days"), "{err}");
    }
}
