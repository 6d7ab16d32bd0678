//! Organization-wide runs from the CLI (`scan --org`, `collect --org`, `scan --inventory DIR`):
//! the flags, the index of an organization snapshot directory, and the one loop that hands
//! every account to the command as soon as it is collected.

use std::path::Path;

use anyhow::Context;
use cloudward_aws::org::{
    AccountCollection, Member, OrgOptions, Organization, Reach, Roster,
    DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_REQUEST_BUDGET, DEFAULT_ROLE_NAME,
};
use cloudward_model::{CollectionError, Inventory};
use serde::{Deserialize, Serialize};

use crate::commands::Globals;
use crate::exit::UsageError;
use crate::live::LiveArgs;

/// Flags of an organization-wide run.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct OrgArgs {
    /// Every active account of the organization: list them (organizations:ListAccounts, from
    /// the management account or a delegated administrator), assume --role-name in each, and
    /// collect them concurrently. The account of the credentials themselves is collected
    /// with them, without a role.
    #[arg(long)]
    pub org: bool,
    /// Role assumed in each member account (session name `cloudward`), on top of the
    /// profile's credentials (so a profile that is a role chains on).
    #[arg(long, value_name = "NAME", default_value = DEFAULT_ROLE_NAME, requires = "org")]
    pub role_name: String,
    /// External id for sts:AssumeRole, when the roles' trust policies require one.
    #[arg(long, value_name = "ID", requires = "org")]
    pub external_id: Option<String>,
    /// Only these accounts (comma-separated or repeated). One that is not an active account
    /// of the organization is reported as not scanned.
    #[arg(long, value_name = "ID", value_delimiter = ',', requires = "org")]
    pub accounts: Vec<String>,
    /// Never these accounts (comma-separated or repeated).
    #[arg(long, value_name = "ID", value_delimiter = ',', requires = "org")]
    pub exclude_accounts: Vec<String>,
    /// Only accounts under this organizational unit (ou-...) or root (r-...), at any depth
    /// (repeatable).
    #[arg(long = "ou", value_name = "OU", requires = "org")]
    pub ous: Vec<String>,
    /// Accounts collected at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ACCOUNT_CONCURRENCY, requires = "org")]
    pub account_concurrency: usize,
    /// Requests in flight at once across all accounts (each account also keeps to
    /// --concurrency).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REQUEST_BUDGET, requires = "org")]
    pub request_budget: usize,
}

impl OrgArgs {
    /// The library options these flags describe.
    pub fn options(&self) -> OrgOptions {
        OrgOptions {
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
            accounts: self.accounts.clone(),
            exclude_accounts: self.exclude_accounts.clone(),
            ous: self.ous.clone(),
            account_concurrency: self.account_concurrency,
            request_budget: self.request_budget,
        }
    }
}

/// List the organization, then collect its chosen accounts, calling `each` with every one as
/// soon as it is done (the caller judges or writes it, then drops it). Returns the roster.
pub fn collect_each(
    live: &LiveArgs,
    org: &OrgArgs,
    globals: &Globals,
    mut each: impl FnMut(&Roster, AccountCollection) -> anyhow::Result<()>,
) -> anyhow::Result<Roster> {
    let run = OrgRun::open(live, org, globals)?;
    let roster = run.roster().clone();
    run.collect_each(globals, |account| each(&roster, account))?;
    Ok(roster)
}

/// An organization listed and ready to collect: [`OrgRun::open`] lists it (so the caller can
/// act on the roster, say write an index, before any account is collected) and
/// [`OrgRun::collect_each`] collects it.
pub struct OrgRun {
    runtime: tokio::runtime::Runtime,
    organization: Organization,
    options: cloudward_aws::CollectOptions,
    org_options: OrgOptions,
}

impl OrgRun {
    /// List the organization and choose its accounts; warn about what the listing noticed.
    pub fn open(live: &LiveArgs, org: &OrgArgs, globals: &Globals) -> anyhow::Result<OrgRun> {
        crate::live::check_args(live)?;
        let options = live.options();
        let org_options = org.options();
        let runtime = crate::live::runtime()?;
        let organization = runtime
            .block_on(Organization::open(&options, &org_options))
            .map_err(|e| match e {
                e @ cloudward_aws::Error::InvalidOption { .. } => UsageError(e.to_string()).into(),
                e => crate::live::failed(e),
            })?;
        let roster = organization.roster();
        for warning in &roster.warnings {
            tracing::warn!("{warning}");
        }
        if !roster.inactive.is_empty() {
            tracing::warn!(
                "{} account(s) of the organization are not active and not scanned: {}",
                roster.inactive.len(),
                roster
                    .inactive
                    .iter()
                    .map(|m| format!("{} ({})", m.id, m.state))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if roster.members.is_empty() {
            return Err(UsageError(format!(
                "the filters choose no account of organization {} ({} listed)",
                roster.organization_id, roster.listed
            ))
            .into());
        }
        if !globals.quiet {
            eprintln!(
                "organization {}: {} account(s) to collect, {} at once",
                roster.organization_id,
                roster.members.len(),
                org_options.account_concurrency
            );
        }
        Ok(OrgRun {
            runtime,
            organization,
            options,
            org_options,
        })
    }

    /// The accounts chosen.
    pub fn roster(&self) -> &Roster {
        self.organization.roster()
    }

    /// How the accounts are reached, and the credentials themselves.
    pub fn reach(&self) -> &Reach {
        self.organization.reach()
    }

    /// Run `future` on the run's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Collect every chosen account, calling `each` with each one as soon as it is done.
    /// The first error of `each` (an unwritable file) stops handing out accounts; the rest
    /// still finish collecting but are not used, and that error is returned.
    pub fn collect_each(
        self,
        globals: &Globals,
        mut each: impl FnMut(AccountCollection) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let (bar, progress) = crate::live::progress_bar(globals)?;
        let mut stopped: Option<anyhow::Error> = None;
        self.runtime.block_on(self.organization.collect_each(
            &self.options,
            &self.org_options,
            progress,
            |account| {
                if stopped.is_none() {
                    if let Err(e) = each(account) {
                        stopped = Some(e);
                    }
                }
            },
        ));
        bar.finish_and_clear();
        stopped.map_or(Ok(()), Err)
    }
}

/// The name of an organization snapshot directory's index.
pub const INDEX_FILE: &str = "index.json";

/// The index of a `collect --org -o DIR` directory: the organization and one entry per
/// account, collected or not. `scan --inventory DIR` judges every account it lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgIndex {
    /// The layout version of this file.
    pub format_version: u32,
    /// `o-...`.
    pub organization_id: String,
    /// The management account's id.
    pub management_account: String,
    /// The role assumed in the member accounts.
    pub role_name: String,
    /// The publication of a work-queue scan (`scan --org --work-queue`) this index belongs
    /// to; only results of the same run count. Absent in a `collect --org` directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// One entry per account, by account id.
    pub accounts: Vec<IndexEntry>,
}

impl OrgIndex {
    /// The index of `roster` with every account pending, in account order.
    pub fn pending(roster: &Roster, role_name: &str) -> OrgIndex {
        let mut accounts: Vec<IndexEntry> =
            roster.members.iter().map(IndexEntry::pending).collect();
        accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        OrgIndex {
            format_version: INDEX_VERSION,
            organization_id: roster.organization_id.clone(),
            management_account: roster.management_account.clone(),
            role_name: role_name.to_string(),
            run_id: None,
            accounts,
        }
    }

    /// Parse an index read from `place` (a path or an S3 URL), within the documented caps.
    pub fn parse(text: &str, place: &str) -> anyhow::Result<OrgIndex> {
        let index: OrgIndex = serde_json::from_str(text)
            .with_context(|| format!("{place} is not an organization index"))?;
        if index.format_version != INDEX_VERSION {
            anyhow::bail!(
                "{place}: index format_version {} is not the supported {INDEX_VERSION}",
                index.format_version
            );
        }
        if index.accounts.len() > MAX_INDEX_ACCOUNTS {
            anyhow::bail!(
                "{place} lists {} accounts, more than the {MAX_INDEX_ACCOUNTS} an index may list",
                index.accounts.len()
            );
        }
        for entry in &index.accounts {
            if !is_account_id(&entry.account_id) {
                anyhow::bail!(
                    "{place}: {:?} is not a 12-digit account id",
                    entry.account_id
                );
            }
        }
        Ok(index)
    }
}

/// Twelve ASCII digits: the only account ids read from an index or a results prefix, so an id
/// used as a file or object name cannot climb out of its directory.
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The layout version [`OrgIndex`] is written in.
pub const INDEX_VERSION: u32 = 1;

/// Accounts an index may list: far above AWS's largest organizations; a bigger index is
/// refused rather than read.
pub const MAX_INDEX_ACCOUNTS: usize = 100_000;

/// Largest index file read (a few hundred bytes per account).
pub const MAX_INDEX_BYTES: u64 = 64 << 20;

/// One account of an organization snapshot directory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// 12-digit account id.
    pub account_id: String,
    /// Its name in the organization.
    pub name: String,
    /// Organizational units from the root down.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ou_path: String,
    /// `collected` (its snapshot is `snapshot`), `failed` (see `error`), or `pending`: the
    /// collection stopped before this account was done (`error` says so, and a scan of the
    /// directory reports the account Unknown with that reason).
    pub status: String,
    /// The snapshot file, relative to the directory (`<account>.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// Why it could not be collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CollectionError>,
    /// Resources collected.
    #[serde(default)]
    pub resources: usize,
    /// Failed calls while collecting.
    #[serde(default)]
    pub collection_errors: usize,
    /// The work-queue run whose worker wrote this entry (see [`OrgIndex::run_id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

impl IndexEntry {
    /// The entry of one collected or failed account.
    pub fn of(member: &Member, outcome: &Result<Inventory, CollectionError>) -> IndexEntry {
        let mut entry = IndexEntry {
            account_id: member.id.clone(),
            name: member.name.clone(),
            ou_path: member.ou_path.clone(),
            ..Default::default()
        };
        match outcome {
            Ok(inventory) => {
                entry.status = "collected".into();
                entry.snapshot = Some(snapshot_name(&member.id));
                entry.resources = inventory.resources.len();
                entry.collection_errors = inventory.errors.len();
            }
            Err(error) => {
                entry.status = "failed".into();
                entry.error = Some(error.clone());
            }
        }
        entry
    }

    /// The entry of an account not collected yet. The index is written with every account
    /// pending before the first one is collected and rewritten as each one finishes, so a
    /// collection stopped half-way (killed, out of disk) still leaves an index that names
    /// what is missing rather than one that is absent or silently short.
    pub fn pending(member: &Member) -> IndexEntry {
        IndexEntry {
            account_id: member.id.clone(),
            name: member.name.clone(),
            ou_path: member.ou_path.clone(),
            status: "pending".into(),
            error: Some(CollectionError {
                account: Some(member.id.clone()),
                service: "organizations".into(),
                api: "collect".into(),
                message: "the collection stopped before this account was collected".into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// The index of a `collect --org` directory as it is being written: every account of the
/// roster from the start, each replaced by its outcome as it arrives, the file rewritten after
/// every change (to a temporary file renamed over it, so a reader or a crash never sees half
/// an index).
pub struct IndexWriter {
    path: std::path::PathBuf,
    index: OrgIndex,
}

impl IndexWriter {
    /// Write the index of `roster` with every account pending.
    pub fn start(dir: &Path, roster: &Roster, role_name: &str) -> anyhow::Result<IndexWriter> {
        let writer = IndexWriter {
            path: dir.join(INDEX_FILE),
            index: OrgIndex::pending(roster, role_name),
        };
        writer.write()?;
        Ok(writer)
    }

    /// Replace the account's entry by `entry` and rewrite the file.
    pub fn record(&mut self, entry: IndexEntry) -> anyhow::Result<()> {
        match self
            .index
            .accounts
            .binary_search_by(|e| e.account_id.cmp(&entry.account_id))
        {
            Ok(at) => self.index.accounts[at] = entry,
            Err(at) => self.index.accounts.insert(at, entry),
        }
        self.write()
    }

    /// The index as last written.
    pub fn index(&self) -> &OrgIndex {
        &self.index
    }

    fn write(&self) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(&self.index).context("serializing the index")?;
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, json.as_bytes())
            .with_context(|| format!("writing {}", partial.display()))?;
        std::fs::rename(&partial, &self.path)
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// The snapshot file name of an account: its id, which [`Member`] ids are checked to be (12
/// digits), so it cannot climb out of the directory.
pub fn snapshot_name(account: &str) -> String {
    format!("{account}.json")
}

/// Read the index of an organization snapshot directory, within the documented caps.
pub fn read_index(dir: &Path) -> anyhow::Result<OrgIndex> {
    let path = dir.join(INDEX_FILE);
    let bytes = std::fs::metadata(&path)
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    if bytes > MAX_INDEX_BYTES {
        anyhow::bail!(
            "{} is {bytes} bytes, more than the {MAX_INDEX_BYTES} an index may have",
            path.display()
        );
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    OrgIndex::parse(&text, &path.display().to_string())
}

/// The inventory of one index entry: its snapshot (size-checked), or, for an account that
/// could not be collected, an inventory in which every kind is uncollected for that reason.
pub fn load_entry(dir: &Path, entry: &IndexEntry) -> anyhow::Result<Inventory> {
    if let Some(error) = &entry.error {
        return Ok(Inventory::uncollected(&entry.account_id, error.clone()));
    }
    let path = dir.join(snapshot_name(&entry.account_id));
    let bytes = std::fs::metadata(&path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?
        .len();
    Inventory::check_size(bytes)
        .with_context(|| format!("loading inventory snapshot {}", path.display()))?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?;
    snapshot_of(entry, &text, &path.display().to_string())
}

/// The snapshot of `entry`'s account read from `place`, refused when it holds another account.
pub fn snapshot_of(entry: &IndexEntry, text: &str, place: &str) -> anyhow::Result<Inventory> {
    let inventory = Inventory::from_json(text)
        .with_context(|| format!("loading inventory snapshot {place}"))?;
    if inventory.account_id.as_deref() != Some(entry.account_id.as_str()) {
        anyhow::bail!(
            "{place} holds account {}, not {} as the index says",
            inventory.account_id.as_deref().unwrap_or("(none)"),
            entry.account_id
        );
    }
    Ok(inventory)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        org: OrgArgs,
    }

    #[test]
    fn flags_map_to_org_options_with_documented_defaults() {
        let cli = Cli::try_parse_from([
            "x",
            "--org",
            "--accounts",
            "111111111111,222222222222",
            "--exclude-accounts",
            "333333333333",
            "--ou",
            "ou-ab12-prod0001",
            "--external-id",
            "ext",
        ])
        .expect("valid flags");
        let o = cli.org.options();
        assert_eq!(o.role_name, "OrganizationAccountAccessRole");
        assert_eq!(o.accounts, ["111111111111", "222222222222"]);
        assert_eq!(o.exclude_accounts, ["333333333333"]);
        assert_eq!(o.ous, ["ou-ab12-prod0001"]);
        assert_eq!(o.external_id.as_deref(), Some("ext"));
        assert_eq!(o.account_concurrency, DEFAULT_ACCOUNT_CONCURRENCY);
        assert_eq!(o.request_budget, DEFAULT_REQUEST_BUDGET);
    }

    #[test]
    fn org_filters_need_org() {
        assert!(Cli::try_parse_from(["x", "--accounts", "111111111111"]).is_err());
        assert!(Cli::try_parse_from(["x", "--ou", "r-ab12"]).is_err());
    }

    #[test]
    fn an_index_entry_round_trips_and_a_failed_one_loads_as_uncollected() {
        let member = Member::for_test("111111111111", "prod");
        let error = CollectionError {
            service: "sts".into(),
            api: "AssumeRole".into(),
            message: "denied".into(),
            ..Default::default()
        };
        let entry = IndexEntry::of(&member, &Err(error));
        let text = serde_json::to_string(&entry).expect("serializes");
        let back: IndexEntry = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, entry);
        let inventory = load_entry(Path::new("/nonexistent"), &entry).expect("no file needed");
        assert_eq!(inventory.account_id.as_deref(), Some("111111111111"));
        assert_eq!(
            inventory.errors[0].kinds.len(),
            cloudward_model::ResourceKind::ALL.len()
        );
    }

    #[test]
    fn the_index_names_every_account_before_the_first_is_collected_and_each_as_it_lands() {
        let dir = std::env::temp_dir().join(format!("cloudward-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let roster = Roster {
            organization_id: "o-test".into(),
            management_account: "111111111111".into(),
            members: vec![
                Member::for_test("222222222222", "dev"),
                Member::for_test("111111111111", "management"),
            ],
            ..Roster::default()
        };
        let mut writer = IndexWriter::start(&dir, &roster, "Audit").expect("written");
        let index = read_index(&dir).expect("readable before any account is collected");
        let ids: Vec<&str> = index
            .accounts
            .iter()
            .map(|e| e.account_id.as_str())
            .collect();
        assert_eq!(ids, ["111111111111", "222222222222"]);
        assert!(index.accounts.iter().all(|e| e.status == "pending"));
        // A directory scanned now (the run was killed here) reports both accounts Unknown.
        let pending = load_entry(&dir, &index.accounts[0]).expect("no snapshot needed");
        assert_eq!(
            pending.errors[0].kinds.len(),
            cloudward_model::ResourceKind::ALL.len()
        );
        assert!(pending.errors[0].message.contains("stopped before"));

        let mut inventory = Inventory::new();
        inventory.account_id = Some("222222222222".into());
        writer
            .record(IndexEntry::of(&roster.members[0], &Ok(inventory)))
            .expect("rewritten");
        let index = read_index(&dir).expect("readable");
        assert_eq!(index.accounts.len(), 2);
        assert_eq!(index.accounts[0].status, "pending");
        assert_eq!(index.accounts[1].status, "collected");
        assert_eq!(
            index.accounts[1].snapshot.as_deref(),
            Some("222222222222.json")
        );
        assert_eq!(index.role_name, "Audit");
        assert!(!dir.join("index.json.partial").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
