//! The `cloudward` binary: a thin client of the libraries. It parses arguments, builds the
//! pieces, calls them, renders, and maps the result to a documented exit code.
//!
//! Exit codes (also in README.md):
//! - 0: the run completed and nothing failed at or above `--fail-on`;
//! - 1: the run completed and findings (or alerts) at or above `--fail-on` were reported;
//! - 2: usage error (bad flags, unknown rule id);
//! - 3: the run could not complete (unreadable input, no credentials, ...);
//! - 4: `cloudward can` only: the answer is Unknown (1 there means denied, 0 allowed).

mod commands;
mod exit;
mod live;
mod org;
mod output;
mod settings;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// AWS security posture scanning, infrastructure-as-code checks and log detection.
#[derive(Parser)]
#[command(name = "cloudward", version, about, long_about = None)]
struct Cli {
    /// More logging on stderr (-v: each API call; -vv: debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// No progress bars and no informational logging.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan a live AWS account (or an inventory snapshot) against the rule catalogue.
    Scan(commands::scan::Args),
    /// Collect a live account into an inventory snapshot (JSON), without judging it.
    Collect(commands::collect::Args),
    /// List the rule catalogue.
    Rules(commands::rules::Args),
    /// Explain one rule: what it checks, why, how to fix it, framework ids.
    Explain(commands::explain::Args),
    /// May PRINCIPAL do ACTION on RESOURCE? Evaluates identity policies, boundaries, SCPs
    /// and resource policies offline and names the deciding statements.
    Can(commands::can::Args),
    /// Attack paths from the internet to compute, roles and data, and the toxic combinations
    /// along them (text, JSON, Mermaid, DOT).
    Paths(commands::paths::Args),
    /// Print the least-privilege IAM policy a scan needs (all services, or --service ones).
    Permissions(commands::permissions::Args),
    /// Scan Terraform and CloudFormation before anything is deployed.
    Iac(commands::iac::Args),
    /// Declared versus deployed: compare Terraform code and its state with the account (or a
    /// snapshot): changed attributes, resources deleted by hand, unmanaged resources.
    Drift(commands::drift::Args),
    /// Analyse CloudTrail, VPC Flow Logs and ALB logs for security events.
    Detect(commands::detect::Args),
    /// List the recorded runs (every scan is recorded unless --no-store).
    History(commands::history::HistoryArgs),
    /// What changed between two recorded runs: new failures, regressed, fixed, newly
    /// unknown, gone. Exit 1 when something got worse.
    Diff(commands::history::DiffArgs),
    /// Maintain the history database (prune old runs).
    Store(commands::history::StoreCommandArgs),
    /// Keep judging a live account: a full scan on an interval and, with --events-queue,
    /// re-collection of what CloudTrail events say changed; prints each worsening once.
    Watch(commands::watch::Args),
    /// Check the notification sinks of the settings file (`notify test`).
    Notify(commands::notify::NotifyCommandArgs),
    /// Take accounts of an organization scan from an SQS work queue (`scan --org
    /// --work-queue`), collect each and write its results to S3.
    Worker(commands::queue::WorkerArgs),
    /// Merge the results the workers wrote (`--from s3://bucket/prefix`) into one report.
    Report(commands::queue::ReportArgs),
    /// Block the offending public addresses of alerts in a WAF IP set or network ACL, for a
    /// time (dry run unless --apply).
    Respond(commands::respond::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let globals = commands::Globals {
        verbose: cli.verbose,
        quiet: cli.quiet,
    };
    commands::init_logging(&globals);
    let result = match cli.command {
        Command::Scan(args) => commands::scan::run(args, &globals),
        Command::Collect(args) => commands::collect::run(args, &globals),
        Command::Rules(args) => commands::rules::run(args, &globals),
        Command::Explain(args) => commands::explain::run(args, &globals),
        Command::Can(args) => commands::can::run(args, &globals),
        Command::Paths(args) => commands::paths::run(args, &globals),
        Command::Permissions(args) => commands::permissions::run(args, &globals),
        Command::Iac(args) => commands::iac::run(args, &globals),
        Command::Drift(args) => commands::drift::run(args, &globals),
        Command::History(args) => commands::history::run_history(args, &globals),
        Command::Diff(args) => commands::history::run_diff(args, &globals),
        Command::Store(args) => commands::history::run_store(args, &globals),
        Command::Detect(args) => commands::detect::run(args, &globals),
        Command::Watch(args) => commands::watch::run(args, &globals),
        Command::Notify(args) => commands::notify::run(args, &globals),
        Command::Respond(args) => commands::respond::run(args, &globals),
        Command::Worker(args) => commands::queue::run_worker(args, &globals),
        Command::Report(args) => commands::queue::run_report(args, &globals),
    };
    exit::finish(result)
}
