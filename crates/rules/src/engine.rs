//! Runs rules over an inventory and yields findings. No I/O.
//!
//! The engine routes by kind: each rule declares the kinds it judges, and sees only those
//! resources. It also applies the cross-cutting honesty rules, so no rule has to:
//! - a kind whose listing failed yields one Unknown finding per failure, never silence;
//! - a resource whose existence is unknown (unresolved `count`) cannot Fail, only be Unknown;
//! - a suppressed Fail is reported as Suppressed with its reason.
//!
//! Three entry points. [`judge`] returns compact [`Verdict`]s that borrow the rule metadata and
//! the resources (an allocation per verdict only where the evidence is formatted), already in
//! report order. [`judge_keeping`] keeps only the verdicts a report lists and counts the others
//! (a terminal report without `--show-pass` holds failures, not millions of passes).
//! [`evaluate`] returns owned [`Finding`]s for reports and stores that need `'static` data.
//!
//! Report order is produced without a global sort of strings: rules are visited by (severity,
//! id), and the resources of each kind are ordered by (id, region) once and reused by every rule
//! of that kind. `judge_keeping` walks the inventory once, running every rule of a kind on a
//! resource while it is in cache, into one vector per rule.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;

use cloudward_model::{
    CollectionError, Evidence, Finding, Inventory, Location, Outcome, Resource, ResourceKind,
    RuleMeta, Status,
};

use crate::Rule;

/// What a verdict is about: a resource, or a whole kind that could not be listed.
#[derive(Clone, Copy, Debug)]
pub enum Subject<'a> {
    /// One resource of the inventory.
    Resource(&'a Resource),
    /// Every resource of `kind` in the error's region: the listing failed.
    Uncollected {
        /// The kind that could not be listed.
        kind: ResourceKind,
        /// The failure.
        error: &'a CollectionError,
    },
}

/// One rule's verdict on one subject, borrowing everything it can.
#[derive(Clone, Debug)]
pub struct Verdict<'a> {
    /// The rule's metadata.
    pub rule: &'static RuleMeta,
    /// What was judged.
    pub subject: Subject<'a>,
    /// The status after the engine's honesty rules (existence, suppression).
    pub status: Status,
    /// Evidence (pass/fail) or the reason (unknown/not applicable, in `message`).
    pub evidence: Evidence,
    /// The suppression reason, for suppressed verdicts.
    pub suppression: Option<&'a str>,
}

impl Verdict<'_> {
    /// The owned finding for reports and stores.
    pub fn to_finding(&self, inventory: &Inventory) -> Finding {
        self.clone().into_finding(inventory)
    }

    /// The owned finding, moving the evidence rather than copying it.
    pub fn into_finding(self, inventory: &Inventory) -> Finding {
        let meta = self.rule;
        let location = self.location().cloned();
        let Evidence { message, attribute } = self.evidence;
        match self.subject {
            Subject::Uncollected { kind, error } => {
                let region = error.region.clone();
                let scope = region.as_deref().unwrap_or("global");
                Finding {
                    rule_id: meta.id.into(),
                    title: meta.title.into(),
                    severity: meta.severity,
                    service: meta.service.into(),
                    status: self.status,
                    resource_id: uncollected_id(kind, scope),
                    resource_kind: kind,
                    resource_name: format!("{} in {scope} (not listed)", kind.plural()),
                    region,
                    account: inventory.account_id.clone(),
                    location: None,
                    message,
                    attribute: None,
                    suppression: None,
                }
            }
            Subject::Resource(resource) => Finding {
                rule_id: meta.id.into(),
                title: meta.title.into(),
                severity: meta.severity,
                service: meta.service.into(),
                status: self.status,
                resource_id: resource.id.clone(),
                resource_kind: resource.kind(),
                resource_name: resource.name.clone(),
                region: resource.region.clone(),
                account: resource.account.clone(),
                location,
                message,
                attribute,
                suppression: self.suppression.map(str::to_string),
            },
        }
    }

    /// The file location: the attribute's line where the evidence names one, else the
    /// resource's (none for live resources).
    pub fn location(&self) -> Option<&Location> {
        match self.subject {
            Subject::Uncollected { .. } => None,
            Subject::Resource(resource) => match &self.evidence.attribute {
                Some(attr) => resource.attribute_location(attr),
                None => resource.location(),
            },
        }
    }
}

fn uncollected_id(kind: ResourceKind, scope: &str) -> String {
    format!("{}:{}:{scope}", kind.service(), kind)
}

/// Evaluate `rules` over `inventory`; findings come back sorted (severity, rule, resource).
///
/// Every verdict becomes an owned [`Finding`], passes included: for a large inventory whose
/// report does not list passes, [`judge_keeping`] holds far less.
pub fn evaluate(inventory: &Inventory, rules: &[&dyn Rule]) -> Vec<Finding> {
    /// Converts each rule's verdicts as soon as the rule is done, so the owned findings never
    /// coexist with a second copy of every verdict.
    struct Owned<'i> {
        inventory: &'i Inventory,
        findings: Vec<Finding>,
    }
    impl<'a> Sink<'a> for Owned<'_> {
        fn rule_done(&mut self, _: &'static RuleMeta, verdicts: &mut Vec<Verdict<'a>>) {
            let inventory = self.inventory;
            self.findings
                .extend(verdicts.drain(..).map(|v| v.into_finding(inventory)));
        }
    }
    let order = report_rules(rules);
    let mut sink = Owned {
        inventory,
        findings: Vec::with_capacity(verdict_count(inventory, &order)),
    };
    run(inventory, &order, &mut Vec::new(), &mut sink);
    let findings = sink.findings;
    // `run` emits `sort`'s order, ties included; re-sorting would cost a pass of string
    // comparisons over every finding.
    debug_assert!(findings.is_sorted_by(|a, b| a.report_order(b).is_le()));
    findings
}

/// Judge `rules` over `inventory` into compact verdicts, in the order [`sort`] defines.
///
/// Rule by rule into one vector sized for every verdict: walking resource by resource (as
/// [`judge_keeping`] does) is faster, but needs a vector per rule and then a copy, which for
/// millions of kept verdicts costs more memory than it saves time.
pub fn judge<'a>(inventory: &'a Inventory, rules: &[&dyn Rule]) -> Vec<Verdict<'a>> {
    struct All;
    impl Sink<'_> for All {}
    let order = report_rules(rules);
    let mut verdicts = Vec::with_capacity(verdict_count(inventory, &order));
    run(inventory, &order, &mut verdicts, &mut All);
    verdicts
}

/// Verdicts the caller chose not to keep, counted: how many verdicts `rule` gave with `status`.
#[derive(Clone, Copy, Debug)]
pub struct Omitted {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The status of the verdicts counted.
    pub status: Status,
    /// How many.
    pub count: usize,
}

/// The result of [`judge_keeping`]: the verdicts kept, and the others counted.
#[derive(Clone, Debug, Default)]
pub struct Judgement<'a> {
    /// Kept verdicts, one vector per rule in report order (each in report order too): read them
    /// through [`Judgement::verdicts`] or [`Judgement::into_verdicts`]. Not joined into one
    /// vector, which would copy every kept verdict once more.
    by_rule: Vec<Vec<Verdict<'a>>>,
    /// Verdicts not kept, per rule (in report order) and status; only non-zero counts.
    pub omitted: Vec<Omitted>,
}

impl<'a> Judgement<'a> {
    /// How many verdicts were kept.
    pub fn len(&self) -> usize {
        self.by_rule.iter().map(Vec::len).sum()
    }

    /// Whether no verdict was kept.
    pub fn is_empty(&self) -> bool {
        self.by_rule.iter().all(Vec::is_empty)
    }

    /// The kept verdicts, in the order [`sort`] defines.
    pub fn verdicts(&self) -> impl Iterator<Item = &Verdict<'a>> + '_ {
        self.by_rule.iter().flatten()
    }

    /// The kept verdicts by value, in the order [`sort`] defines; each rule's vector is freed
    /// once it has been read.
    pub fn into_verdicts(self) -> impl Iterator<Item = Verdict<'a>> {
        self.by_rule.into_iter().flatten()
    }
}

/// Judge `rules` over `inventory`, keeping the verdicts whose (final) status `keep` accepts and
/// only counting the others. A report that does not list passes holds its failures and
/// unknowns, not millions of passes, and can still count every verdict: kept plus omitted is
/// exactly what [`judge`] returns.
pub fn judge_keeping<'a>(
    inventory: &'a Inventory,
    rules: &[&dyn Rule],
    keep: impl Fn(Status) -> bool,
) -> Judgement<'a> {
    let order = report_rules(rules);
    let mut counts = vec![[0usize; STATUSES.len()]; order.len()];
    let buckets = run_by_kind(inventory, &order, |rule, verdict| {
        let kept = keep(verdict.status);
        if !kept {
            counts[rule][status_index(verdict.status)] += 1;
        }
        kept
    });
    let omitted = order
        .iter()
        .zip(&counts)
        .flat_map(|(rule, counts)| {
            STATUSES
                .iter()
                .zip(counts)
                .filter(|(_, &count)| count > 0)
                .map(|(&status, &count)| Omitted {
                    rule: rule.meta(),
                    status,
                    count,
                })
        })
        .collect();
    Judgement {
        by_rule: buckets,
        omitted,
    }
}

/// The pass behind [`judge_keeping`]: `rules` (in report order) over
/// `inventory`, resource by resource: every rule that judges a resource's kind sees it while it
/// is in cache (rule by rule, each rule would walk the whole inventory again; a
/// million-resource inventory does not fit in any cache). Returns each rule's verdicts that
/// `keep` (given the rule's position in `rules`) accepts, in report order.
fn run_by_kind<'a>(
    inventory: &'a Inventory,
    rules: &[&dyn Rule],
    mut keep: impl FnMut(usize, &Verdict<'a>) -> bool,
) -> Vec<Vec<Verdict<'a>>> {
    // Each rule's vector is reserved for every verdict it could give: pages never written are
    // never resident, and no vector is copied as it grows (for a million resources the copies
    // and the fresh pages they touch cost more than judging).
    let mut buckets: Vec<Vec<Verdict<'a>>> = rules
        .iter()
        .map(|rule| Vec::with_capacity(verdict_count(inventory, std::slice::from_ref(rule))))
        .collect();
    let mut has_errors = vec![false; rules.len()];
    let applies: Vec<bool> = rules.iter().map(|r| r.applies(inventory)).collect();
    for (at, rule) in rules.iter().enumerate() {
        let meta = rule.meta();
        if !applies[at] {
            continue;
        }
        for &kind in rule.kinds() {
            for error in inventory.errors_for(kind) {
                has_errors[at] = true;
                let v = uncollected(meta, kind, error);
                if keep(at, &v) {
                    buckets[at].push(v);
                }
            }
        }
    }
    // Rules grouped by the kinds they judge (in report order within a group).
    let mut groups: Vec<(&'static [ResourceKind], Vec<usize>)> = Vec::new();
    for (at, rule) in rules.iter().enumerate().filter(|(at, _)| applies[*at]) {
        let kinds = rule.kinds();
        match groups.iter_mut().find(|(k, _)| *k == kinds) {
            Some((_, members)) => members.push(at),
            None => groups.push((kinds, vec![at])),
        }
    }
    for (kinds, members) in groups {
        let ordered = ordered_resources(inventory, kinds);
        for &resource in &ordered.resources {
            for &at in &members {
                let rule = rules[at];
                let v = verdict(rule.meta(), resource, rule.evaluate(resource, inventory));
                if keep(at, &v) {
                    buckets[at].push(v);
                }
            }
        }
        // Collection errors interleave with resources by id, and resources sharing an id and
        // region are ordered by verdict; both are rare, so sort only then. (Sorting only the
        // kept verdicts gives the order of sorting all and then dropping some.)
        for &at in &members {
            if has_errors[at] || ordered.ties {
                buckets[at].sort_by(compare_within_rule);
            }
            buckets[at].shrink_to_fit();
        }
    }
    buckets
}

/// The Unknown verdict for a kind whose listing failed.
fn uncollected<'a>(
    meta: &'static RuleMeta,
    kind: ResourceKind,
    error: &'a CollectionError,
) -> Verdict<'a> {
    Verdict {
        rule: meta,
        subject: Subject::Uncollected { kind, error },
        status: Status::Unknown,
        evidence: Evidence::new(format!(
            "could not list {}: {}",
            kind.plural(),
            error.reason()
        )),
        suppression: None,
    }
}

/// Every status, in `Status`'s order.
const STATUSES: [Status; 5] = [
    Status::Fail,
    Status::Unknown,
    Status::Suppressed,
    Status::Pass,
    Status::NotApplicable,
];

fn status_index(status: Status) -> usize {
    match status {
        Status::Fail => 0,
        Status::Unknown => 1,
        Status::Suppressed => 2,
        Status::Pass => 3,
        Status::NotApplicable => 4,
    }
}

/// The rules in report order (severity, then id), each once.
fn report_rules<'r>(rules: &[&'r dyn Rule]) -> Vec<&'r dyn Rule> {
    let mut order: Vec<&dyn Rule> = rules.to_vec();
    order.sort_by_key(|r| (Reverse(r.meta().severity), r.meta().id));
    order.dedup_by_key(|r| r.meta().id);
    order
}

/// How many verdicts `rules` give: one per resource of each kind a rule judges, and one per
/// listing failure.
fn verdict_count(inventory: &Inventory, rules: &[&dyn Rule]) -> usize {
    rules
        .iter()
        .filter(|r| r.applies(inventory))
        .flat_map(|r| r.kinds())
        .map(|&k| inventory.count_of_kind(k) + inventory.errors_for(k).count())
        .sum()
}

/// Where [`run`] puts verdicts: what to keep, and what to do once a rule is done.
trait Sink<'a> {
    /// Whether to keep `verdict` (the others are dropped at once).
    fn keep(&mut self, _verdict: &Verdict<'a>) -> bool {
        true
    }
    /// `rule` is done; its kept verdicts are the tail of `verdicts`, in report order.
    fn rule_done(&mut self, _rule: &'static RuleMeta, _verdicts: &mut Vec<Verdict<'a>>) {}
}

/// The one pass behind every entry point: `rules` (in report order, see [`report_rules`]) over
/// `inventory`, appending each rule's kept verdicts to `verdicts` in report order.
fn run<'a>(
    inventory: &'a Inventory,
    rules: &[&dyn Rule],
    verdicts: &mut Vec<Verdict<'a>>,
    sink: &mut impl Sink<'a>,
) {
    let mut sorted_kinds: HashMap<ResourceKind, Ordered<'a>> = HashMap::new();
    for rule in rules {
        let meta = rule.meta();
        let start = verdicts.len();
        if !rule.applies(inventory) {
            sink.rule_done(meta, verdicts);
            continue;
        }
        let mut has_errors = false;
        for &kind in rule.kinds() {
            for error in inventory.errors_for(kind) {
                has_errors = true;
                let v = uncollected(meta, kind, error);
                if sink.keep(&v) {
                    verdicts.push(v);
                }
            }
        }
        let merged: Ordered<'_>;
        let ordered: &Ordered<'_> = match rule.kinds() {
            [kind] => sorted_kinds
                .entry(*kind)
                .or_insert_with(|| ordered_resources(inventory, rule.kinds())),
            kinds => {
                merged = ordered_resources(inventory, kinds);
                &merged
            }
        };
        let (resources, ties) = (&ordered.resources, ordered.ties);
        for &resource in resources {
            let v = verdict(meta, resource, rule.evaluate(resource, inventory));
            if sink.keep(&v) {
                verdicts.push(v);
            }
        }
        // Collection errors interleave with resources by id, and resources sharing an id and
        // region are ordered by verdict; both are rare, so sort only then. (Sorting only the
        // kept verdicts gives the order of sorting all and then dropping some.)
        if has_errors || ties {
            verdicts[start..].sort_by(compare_within_rule);
        }
        sink.rule_done(meta, verdicts);
    }
}

/// One kind's (or one multi-kind rule's) resources in report order.
struct Ordered<'a> {
    resources: Vec<&'a Resource>,
    /// Whether two resources share an id and region (their verdicts then need ordering).
    ties: bool,
}

/// The resources of `kinds` in report order. A normalized inventory lists one kind in that
/// order already and knows whether any two tie, so then nothing is compared.
fn ordered_resources<'a>(inventory: &'a Inventory, kinds: &[ResourceKind]) -> Ordered<'a> {
    let resources = kinds.iter().flat_map(|&k| inventory.of_kind(k)).collect();
    match (kinds, inventory.order()) {
        ([_], Some(order)) => Ordered {
            resources,
            ties: order.has_ties,
        },
        _ => report_order(resources),
    }
}

/// Resources in report order, (id, region). A normalized inventory already lists each kind in
/// this order, so this is usually one linear check.
fn report_order(mut resources: Vec<&Resource>) -> Ordered<'_> {
    fn key<'r>(r: &&'r Resource) -> (&'r str, Option<&'r str>) {
        (r.id.as_str(), r.region.as_deref())
    }
    let mut sorted = true;
    let mut ties = false;
    for pair in resources.windows(2) {
        match key(&pair[0]).cmp(&key(&pair[1])) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => ties = true,
            std::cmp::Ordering::Greater => {
                sorted = false;
                break;
            }
        }
    }
    if !sorted {
        resources.sort_by(|a, b| key(a).cmp(&key(b)));
        ties = resources.windows(2).any(|w| key(&w[0]) == key(&w[1]));
    }
    Ordered { resources, ties }
}

fn subject_key<'v>(v: &'v Verdict<'_>) -> (Cow<'v, str>, Option<&'v str>) {
    match v.subject {
        Subject::Resource(r) => (r.id.as_str().into(), r.region.as_deref()),
        Subject::Uncollected { kind, error } => {
            let scope = error.region.as_deref().unwrap_or("global");
            (uncollected_id(kind, scope).into(), error.region.as_deref())
        }
    }
}

fn compare_within_rule(a: &Verdict<'_>, b: &Verdict<'_>) -> std::cmp::Ordering {
    subject_key(a)
        .cmp(&subject_key(b))
        .then_with(|| a.status.cmp(&b.status))
        .then_with(|| a.evidence.message.cmp(&b.evidence.message))
        .then_with(|| a.evidence.attribute.cmp(&b.evidence.attribute))
        .then_with(|| a.location().cmp(&b.location()))
}

fn verdict<'a>(meta: &'static RuleMeta, resource: &'a Resource, outcome: Outcome) -> Verdict<'a> {
    let (mut status, mut evidence) = match outcome {
        Outcome::Pass(e) => (Status::Pass, e),
        Outcome::Fail(e) => (Status::Fail, e),
        Outcome::Unknown(reason) => (Status::Unknown, Evidence::new(reason)),
        Outcome::NotApplicable(reason) => (Status::NotApplicable, Evidence::new(reason)),
    };
    if status == Status::Fail {
        if let Some(reason) = &resource.existence_unknown {
            status = Status::Unknown;
            evidence.message = format!(
                "{}; but whether this resource exists is unknown: {reason}",
                evidence.message
            )
            .into();
        }
    }
    let suppression = if status == Status::Fail {
        resource
            .suppressions
            .iter()
            .find(|s| s.rule_id == meta.id)
            .map(|s| s.reason.as_str())
    } else {
        None
    };
    if suppression.is_some() {
        status = Status::Suppressed;
    }
    Verdict {
        rule: meta,
        subject: Subject::Resource(resource),
        status,
        evidence,
        suppression,
    }
}

/// Sort findings into report order ([`Finding::report_order`]).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(Finding::report_order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::{test_support, Attributes, Severity, Suppression, Value};

    struct AlwaysFail;
    const META: RuleMeta = RuleMeta {
        id: "test-always-fail",
        title: "t",
        severity: Severity::Low,
        service: "ec2",
        kinds: &[ResourceKind::Ec2Volume, ResourceKind::Ec2Snapshot],
        checks: "",
        rationale: "",
        remediation: cloudward_model::Remediation {
            console: "",
            cli: "",
            terraform: "",
        },
        references: &[],
        frameworks: cloudward_model::Frameworks {
            cis_v7: &[],
            cis_v6: &[],
            cis_v5: &[],
            cis_v3: &[],
            fsbp: &[],
            well_architected: &[],
        },
        examples: cloudward_model::Examples {
            terraform_bad: "",
            terraform_good: "",
            cloudformation_bad: "",
            cloudformation_good: "",
        },
        file: file!(),
    };
    impl Rule for AlwaysFail {
        fn kinds(&self) -> &'static [ResourceKind] {
            self.meta().kinds
        }
        fn meta(&self) -> &'static RuleMeta {
            &META
        }
        fn evaluate(&self, resource: &Resource, _: &Inventory) -> Outcome {
            Outcome::Fail(Evidence::at(
                "encrypted",
                format!("{} fails", resource.name),
            ))
        }
    }

    fn volume(name: &str) -> Resource {
        test_support::resource(
            name,
            Attributes::Ec2Volume(cloudward_model::ec2::Volume {
                volume_id: name.into(),
                encrypted: Value::Known(false),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn multi_kind_rules_and_errors_interleave_by_resource_id() {
        let mut inv = Inventory::new();
        inv.push(volume("vol-b"));
        inv.push(test_support::resource(
            "snap-a",
            Attributes::Ec2Snapshot(Default::default()),
        ));
        inv.push(volume("vol-a"));
        inv.errors.push(CollectionError {
            service: "ec2".into(),
            region: Some("eu-west-1".into()),
            api: "DescribeVolumes".into(),
            kind: cloudward_model::ErrorKind::Throttled,
            message: "Throttling".into(),
            kinds: vec![ResourceKind::Ec2Volume],
            ..Default::default()
        });
        let findings = evaluate(&inv, &[&AlwaysFail]);
        let mut resorted = findings.clone();
        sort(&mut resorted);
        assert_eq!(findings, resorted, "judge emits report order");
        let ids: Vec<&str> = findings.iter().map(|f| f.resource_id.as_str()).collect();
        assert_eq!(ids.len(), 4);
        assert_eq!(ids[0], "arn:aws:test:us-east-1:123456789012:snap-a");
        assert_eq!(ids[3], "ec2:ec2_volume:eu-west-1");
    }

    #[test]
    fn resources_sharing_an_id_are_ordered_as_sort_orders_them() {
        // Two Terraform modules can declare the same address in one scan.
        let mut inv = Inventory::new();
        let mut first = volume("vol-z");
        first.id = "aws_ebs_volume.data".into();
        let mut second = volume("vol-a");
        second.id = "aws_ebs_volume.data".into();
        inv.push(first);
        inv.push(second);
        let findings = evaluate(&inv, &[&AlwaysFail]);
        let mut resorted = findings.clone();
        sort(&mut resorted);
        assert_eq!(findings, resorted);
        assert_eq!(findings[0].message, "vol-a fails");
    }

    /// Passes volumes whose name ends in `a`, fails the others.
    struct PassesA;
    const META_A: RuleMeta = RuleMeta {
        id: "test-passes-a",
        kinds: &[ResourceKind::Ec2Volume],
        ..META
    };
    impl Rule for PassesA {
        fn kinds(&self) -> &'static [ResourceKind] {
            self.meta().kinds
        }
        fn meta(&self) -> &'static RuleMeta {
            &META_A
        }
        fn evaluate(&self, resource: &Resource, _: &Inventory) -> Outcome {
            if resource.name.ends_with('a') {
                Outcome::pass("ends in a")
            } else {
                Outcome::Fail(Evidence::at(
                    "encrypted",
                    format!("{} fails", resource.name),
                ))
            }
        }
    }

    #[test]
    fn judge_keeping_keeps_what_is_asked_and_counts_the_rest() {
        let mut inv = Inventory::new();
        for name in ["vol-a", "vol-b", "vol-ca", "vol-d", "vol-ea"] {
            inv.push(volume(name));
        }
        let mut suppressed = volume("vol-f");
        suppressed.suppressions.push(Suppression {
            rule_id: "test-passes-a".into(),
            reason: "scratch".into(),
            location: None,
        });
        inv.push(suppressed);
        inv.push(test_support::resource(
            "snap-a",
            Attributes::Ec2Snapshot(Default::default()),
        ));
        let rules: [&dyn Rule; 2] = [&AlwaysFail, &PassesA];
        let all = judge(&inv, &rules);
        let kept = judge_keeping(&inv, &rules, |s| s != Status::Pass);

        // The kept verdicts are `judge`'s without the passes, in the same order.
        let expected: Vec<_> = all
            .iter()
            .filter(|v| v.status != Status::Pass)
            .map(|v| v.to_finding(&inv))
            .collect();
        let got: Vec<_> = kept.verdicts().map(|v| v.to_finding(&inv)).collect();
        assert_eq!(got, expected);

        // Kept plus omitted is every verdict, per rule and status.
        let mut counts: HashMap<(&str, Status), usize> = HashMap::new();
        for v in &all {
            *counts.entry((v.rule.id, v.status)).or_default() += 1;
        }
        let mut recounted: HashMap<(&str, Status), usize> = HashMap::new();
        for v in kept.verdicts() {
            *recounted.entry((v.rule.id, v.status)).or_default() += 1;
        }
        for o in &kept.omitted {
            assert_eq!(o.status, Status::Pass);
            *recounted.entry((o.rule.id, o.status)).or_default() += o.count;
        }
        assert_eq!(recounted, counts);
        assert_eq!(counts[&("test-passes-a", Status::Pass)], 3);
        assert_eq!(counts[&("test-passes-a", Status::Suppressed)], 1);

        // Keeping everything is `judge`.
        let everything = judge_keeping(&inv, &rules, |_| true);
        assert!(everything.omitted.is_empty());
        assert_eq!(everything.len(), all.len());
    }

    /// `judge_keeping` (resource by resource), `judge` and `evaluate` (rule by rule) agree,
    /// errors and shared ids included.
    #[test]
    fn resource_by_resource_and_rule_by_rule_agree() {
        let mut inv = Inventory::new();
        for name in ["vol-d", "vol-a", "vol-ca", "vol-b"] {
            inv.push(volume(name));
        }
        let mut twin = volume("vol-zz");
        twin.id = inv.resources[0].id.clone();
        inv.push(twin);
        inv.push(test_support::resource(
            "snap-a",
            Attributes::Ec2Snapshot(Default::default()),
        ));
        inv.errors.push(CollectionError {
            service: "ec2".into(),
            region: Some("eu-west-1".into()),
            api: "DescribeVolumes".into(),
            kind: cloudward_model::ErrorKind::Throttled,
            message: "Throttling".into(),
            kinds: vec![ResourceKind::Ec2Volume],
            ..Default::default()
        });
        let rules: [&dyn Rule; 2] = [&PassesA, &AlwaysFail];
        let judged: Vec<Finding> = judge_keeping(&inv, &rules, |_| true)
            .verdicts()
            .map(|v| v.to_finding(&inv))
            .collect();
        let evaluated = evaluate(&inv, &rules);
        assert_eq!(judged, evaluated);
        let rule_by_rule: Vec<Finding> = judge(&inv, &rules)
            .iter()
            .map(|v| v.to_finding(&inv))
            .collect();
        assert_eq!(rule_by_rule, evaluated);
        let mut resorted = judged.clone();
        sort(&mut resorted);
        assert_eq!(judged, resorted);
        assert_eq!(judged.len(), 2 * 5 + 1 + 1 + 1);

        // Normalized, the engine trusts the order (and the tie) the inventory recorded: the
        // same findings in the same order.
        inv.normalize();
        assert_eq!(inv.order().map(|o| o.has_ties), Some(true));
        assert_eq!(evaluate(&inv, &rules), evaluated);
        let normalized: Vec<Finding> = judge_keeping(&inv, &rules, |_| true)
            .verdicts()
            .map(|v| v.to_finding(&inv))
            .collect();
        assert_eq!(normalized, evaluated);
    }

    #[test]
    fn a_rule_listed_twice_runs_once() {
        let mut inv = Inventory::new();
        inv.push(volume("vol-a"));
        assert_eq!(evaluate(&inv, &[&AlwaysFail, &AlwaysFail]).len(), 1);
    }

    #[test]
    fn suppression_borrows_the_reason() {
        let mut v = volume("vol-a");
        v.suppressions.push(Suppression {
            rule_id: "test-always-fail".into(),
            reason: "scratch volume".into(),
            location: None,
        });
        let mut inv = Inventory::new();
        inv.push(v);
        let verdicts = judge(&inv, &[&AlwaysFail]);
        assert_eq!(verdicts[0].status, Status::Suppressed);
        assert_eq!(verdicts[0].suppression, Some("scratch volume"));
    }
}
