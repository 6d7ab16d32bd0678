//! Sigma YAML documents → compiled rules. Everything the engine cannot evaluate faithfully is
//! rejected here with a reason, never approximated.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use cloudward_model::Severity;
use ipnet::IpNet;
use regex::RegexBuilder;
use yaml_serde::Value as Y;

use super::condition::{self, Cond};
use super::matcher::{self, Literal, Matcher, NumOp, Piece, RefKind, StrPat};
use crate::derived;
use crate::event::{Event, LogKind};

/// The metadata of a loaded rule, carried into every match and alert (DRL 1.1 requires
/// `author` to travel with matches of third-party rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Sigma `id` (a UUID in SigmaHQ rules; ours are UUIDs too).
    pub id: String,
    /// Sigma `name`, by which correlation rules may refer to it.
    pub name: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Severity from Sigma `level` (`informational` → Info; absent → Medium).
    pub level: Severity,
    /// Sigma `status` (stable, test, experimental, ...).
    pub status: Option<String>,
    /// Author, kept for attribution.
    pub author: Option<String>,
    /// Licence of the rule text.
    pub license: Option<String>,
    /// References (URLs, CIS control ids).
    pub references: Vec<String>,
    /// Tags (`attack.t1078`, `cis.aws.v5.4.3`, ...).
    pub tags: Vec<String>,
    /// Known false positives.
    pub falsepositives: Vec<String>,
    /// Sigma `date` as written.
    pub date: Option<String>,
    /// Sigma `modified` as written.
    pub modified: Option<String>,
    /// Where it was loaded from (`builtin:<file>` or a path).
    pub origin: String,
    /// The log it applies to.
    pub log: LogKind,
    /// True for correlation rules.
    pub correlation: bool,
    /// Whether matches of this rule are alerts on their own (false for a base rule referenced by
    /// a correlation with `generate: false`, the Sigma default).
    pub generate: bool,
    /// What a responder should do, from the custom field `cloudward_response` (Sigma allows
    /// custom top-level fields); alerts fall back to a generic line when absent.
    pub response: Option<String>,
    /// The correlation `timespan` (correlation rules only): the alert window of their alerts.
    pub timespan: Option<Duration>,
}

/// A rule or correlation that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// File (or `builtin:<file>`, or the name given to an embedded string).
    pub origin: String,
    /// Document number inside a multi-document file (1-based); 0 when the whole file was
    /// rejected (unreadable, not UTF-8, over the size limit).
    pub document: usize,
    /// Rule title, if it could be read.
    pub title: Option<String>,
    /// Rule id, if it could be read.
    pub id: Option<String>,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.origin)?;
        if self.document > 0 {
            write!(f, " (document {})", self.document)?;
        }
        if let Some(t) = &self.title {
            write!(f, " {t:?}")?;
        }
        if let Some(i) = &self.id {
            write!(f, " [{i}]")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// One field condition of a selection.
#[derive(Debug, Clone)]
pub(crate) struct FieldCond {
    pub path: String,
    pub mode: Mode,
    /// For derived fields that depend on the organisation (`cloudward.foreign_accounts` and
    /// `%trusted_accounts%`): what the engine was configured with. `None` reads the event.
    pub derive: Option<Arc<derived::Context>>,
}

impl FieldCond {
    fn new(path: String, mode: Mode) -> FieldCond {
        FieldCond {
            path,
            mode,
            derive: None,
        }
    }

    /// The values of this condition's field, through the derivation context when it has one.
    fn values(
        &self,
        ev: &Event,
        f: &mut dyn FnMut(Option<std::borrow::Cow<'_, str>>) -> bool,
    ) -> bool {
        match &self.derive {
            Some(ctx) if ev.kind() == LogKind::CloudTrail => {
                derived::values(ev, &self.path, ctx, f)
            }
            _ => ev.values(&self.path, f),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Mode {
    /// Any of the matchers matches any value.
    Any(Vec<Matcher>),
    /// Every matcher matches some value (`|all`).
    All(Vec<Matcher>),
    /// `|exists: true/false` (exists = at least one non-null value).
    Exists(bool),
}

/// A named selection.
#[derive(Debug, Clone)]
pub(crate) enum Selection {
    /// A map: all field conditions hold.
    Fields(Vec<FieldCond>),
    /// A list of maps: any of them.
    AnyOf(Vec<Selection>),
    /// Keywords: any of them found in the raw record text.
    Keywords(Vec<Matcher>),
}

/// A compiled detection rule.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub info: Arc<RuleInfo>,
    pub selections: Vec<Selection>,
    pub cond: Cond,
}

impl CompiledRule {
    pub(crate) fn is_match(&self, ev: &Event) -> bool {
        eval(&self.cond, &self.selections, ev)
    }

    /// The lowercase values (or prefixes) of `field` one of which any matching event must
    /// have, if the condition implies such a set (used to index the rule).
    pub(crate) fn required_values(&self, field: &str) -> Option<HashSet<Literal>> {
        required(&self.cond, &self.selections, field)
    }
}

fn eval(c: &Cond, sels: &[Selection], ev: &Event) -> bool {
    match c {
        Cond::Sel(i) => sels.get(*i).is_some_and(|s| eval_sel(s, ev)),
        Cond::And(v) => v.iter().all(|c| eval(c, sels, ev)),
        Cond::Or(v) => v.iter().any(|c| eval(c, sels, ev)),
        Cond::Not(c) => !eval(c, sels, ev),
    }
}

fn eval_sel(s: &Selection, ev: &Event) -> bool {
    match s {
        Selection::Fields(fs) => fs.iter().all(|f| eval_field(f, ev)),
        Selection::AnyOf(v) => v.iter().any(|s| eval_sel(s, ev)),
        Selection::Keywords(ms) => {
            let text = ev.raw_text();
            ms.iter().any(|m| m.is_match(Some(text), ev))
        }
    }
}

fn matcher_on_field(f: &FieldCond, m: &Matcher, ev: &Event) -> bool {
    if matches!(m, Matcher::Null) {
        let mut found = false;
        let hit = f.values(ev, &mut |v| {
            found = true;
            v.is_none()
        });
        return hit || !found;
    }
    f.values(ev, &mut |v| m.is_match(v.as_deref(), ev))
}

fn eval_field(f: &FieldCond, ev: &Event) -> bool {
    match &f.mode {
        Mode::Any(ms) => {
            if ms.len() == 1 || ms.iter().any(|m| matches!(m, Matcher::Null)) {
                return ms.iter().any(|m| matcher_on_field(f, m, ev));
            }
            f.values(ev, &mut |v| {
                let v = v.as_deref();
                ms.iter().any(|m| m.is_match(v, ev))
            })
        }
        Mode::All(ms) => ms.iter().all(|m| matcher_on_field(f, m, ev)),
        Mode::Exists(want) => f.values(ev, &mut |v| v.is_some()) == *want,
    }
}

fn required(c: &Cond, sels: &[Selection], field: &str) -> Option<HashSet<Literal>> {
    match c {
        Cond::Sel(i) => sels.get(*i).and_then(|s| required_sel(s, field)),
        Cond::And(v) => v
            .iter()
            .filter_map(|c| required(c, sels, field))
            .min_by_key(HashSet::len),
        Cond::Or(v) => {
            let mut out = HashSet::new();
            for c in v {
                out.extend(required(c, sels, field)?);
            }
            Some(out)
        }
        Cond::Not(_) => None,
    }
}

fn required_sel(s: &Selection, field: &str) -> Option<HashSet<Literal>> {
    match s {
        Selection::Fields(fs) => fs
            .iter()
            .filter(|f| f.path == field)
            .filter_map(|f| match &f.mode {
                Mode::Any(ms) => ms
                    .iter()
                    .map(Matcher::index_literal)
                    .collect::<Option<HashSet<Literal>>>(),
                _ => None,
            })
            .min_by_key(HashSet::len),
        Selection::AnyOf(v) => {
            let mut out = HashSet::new();
            for s in v {
                out.extend(required_sel(s, field)?);
            }
            Some(out)
        }
        Selection::Keywords(_) => None,
    }
}

/// A correlation type (Sigma correlation specification).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CorrType {
    /// Number of matching events in the window.
    EventCount,
    /// Number of distinct values of `field` in the window.
    ValueCount { field: String },
    /// All referenced rules matched in the window (any order).
    Temporal,
}

/// A parsed correlation rule, before its references are resolved.
#[derive(Debug, Clone)]
pub(crate) struct CorrDef {
    pub info: RuleInfo,
    pub kind: CorrType,
    pub rules: Vec<String>,
    pub group_by: Vec<String>,
    pub timespan: Duration,
    /// Threshold: the count must be at least this (gte; `gt: n` is stored as n+1).
    pub min: u64,
    pub generate: bool,
}

/// What one YAML document turned into.
#[derive(Debug)]
// A Doc lives once per rule, only while loading: boxing the correlation would buy nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Doc {
    Rule(CompiledRule),
    Correlation(CorrDef),
}

impl Doc {
    /// Sets the licence of a rule that does not name one (see `engine::directory_licence`).
    pub(crate) fn set_default_licence(&mut self, licence: &str) {
        let info = match self {
            Doc::Rule(r) => Arc::make_mut(&mut r.info),
            Doc::Correlation(c) => &mut c.info,
        };
        if info.license.is_none() {
            info.license = Some(licence.to_owned());
        }
    }
}

fn s(v: &Y) -> Option<String> {
    match v {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get<'a>(m: &'a yaml_serde::Mapping, k: &str) -> Option<&'a Y> {
    m.get(k)
}

fn str_list(v: Option<&Y>) -> Vec<String> {
    match v {
        Some(Y::Sequence(seq)) => seq.iter().filter_map(s).collect(),
        Some(other) => s(other).into_iter().collect(),
        None => vec![],
    }
}

fn level(v: Option<&Y>) -> Result<Severity, String> {
    Ok(match v.and_then(s).as_deref() {
        None => Severity::Medium,
        Some("informational") => Severity::Info,
        Some("low") => Severity::Low,
        Some("medium") => Severity::Medium,
        Some("high") => Severity::High,
        Some("critical") => Severity::Critical,
        Some(other) => return Err(format!("unknown level `{other}`")),
    })
}

/// Parses one YAML document. `Err` carries the title and id when readable.
pub(crate) fn parse_doc(
    v: &Y,
    origin: &str,
    placeholders: &Placeholders,
) -> Result<Doc, (Option<String>, Option<String>, String)> {
    let Y::Mapping(m) = v else {
        return Err((None, None, "a rule document must be a mapping".into()));
    };
    let title = get(m, "title").and_then(s);
    let id = get(m, "id").and_then(s);
    let fail = |r: String| (title.clone(), id.clone(), r);
    if get(m, "action").is_some() {
        return Err(fail(
            "rule collections (`action: global/reset/repeat`) are not supported".into(),
        ));
    }
    let Some(title_s) = title.clone() else {
        return Err(fail("missing `title`".into()));
    };
    let id_s = id
        .clone()
        .or_else(|| get(m, "name").and_then(s))
        .ok_or_else(|| fail("missing `id` (or `name`)".into()))?;
    let corr = get(m, "correlation");
    let log = if corr.is_some() {
        LogKind::CloudTrail // replaced by the referenced rules' kind when resolved
    } else {
        logsource(get(m, "logsource")).map_err(&fail)?
    };
    let info = RuleInfo {
        id: id_s,
        name: get(m, "name").and_then(s),
        title: title_s,
        description: get(m, "description").and_then(s),
        level: level(get(m, "level")).map_err(&fail)?,
        status: get(m, "status").and_then(s),
        author: get(m, "author").and_then(s),
        license: get(m, "license").and_then(s),
        references: str_list(get(m, "references")),
        tags: str_list(get(m, "tags")),
        falsepositives: str_list(get(m, "falsepositives")),
        date: get(m, "date").and_then(s),
        modified: get(m, "modified").and_then(s),
        origin: origin.to_owned(),
        log,
        correlation: corr.is_some(),
        generate: true,
        response: get(m, "cloudward_response").and_then(s),
        timespan: None,
    };
    if let Some(c) = corr {
        return parse_correlation(c, info)
            .map(Doc::Correlation)
            .map_err(fail);
    }
    let Some(Y::Mapping(det)) = get(m, "detection") else {
        return Err(fail("missing `detection` mapping".into()));
    };
    compile_detection(det, info, placeholders)
        .map(Doc::Rule)
        .map_err(fail)
}

fn logsource(v: Option<&Y>) -> Result<LogKind, String> {
    let Some(Y::Mapping(ls)) = v else {
        return Err("missing `logsource`".into());
    };
    let product = get(ls, "product").and_then(s);
    let category = get(ls, "category").and_then(s);
    let service = get(ls, "service").and_then(s);
    if let Some(kind) =
        LogKind::from_logsource(product.as_deref(), category.as_deref(), service.as_deref())
    {
        return Ok(kind);
    }
    let shown = |name: &str, v: &Option<String>| v.as_ref().map(|v| format!("{name}: {v}"));
    let given: Vec<String> = [
        shown("product", &product),
        shown("category", &category),
        shown("service", &service),
    ]
    .into_iter()
    .flatten()
    .collect();
    let known: Vec<String> = LogKind::ALL
        .iter()
        .map(|k| {
            let ls = k.sigma_logsource();
            [
                ls.product.map(|v| format!("product: {v}")),
                ls.category.map(|v| format!("category: {v}")),
                ls.service.map(|v| format!("service: {v}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        })
        .collect();
    Err(format!(
        "logsource {{{}}} is not a log we read (we read: {})",
        given.join(", "),
        known.join("; ")
    ))
}

fn compile_detection(
    det: &yaml_serde::Mapping,
    info: RuleInfo,
    placeholders: &Placeholders,
) -> Result<CompiledRule, String> {
    if det.get("timeframe").is_some() {
        return Err(
            "`timeframe` in detection is an aggregation window; use a correlation rule".into(),
        );
    }
    let cond_text = match det.get("condition") {
        Some(Y::String(c)) => c.clone(),
        Some(Y::Sequence(list)) => {
            let parts: Option<Vec<String>> = list.iter().map(s).collect();
            let parts = parts.ok_or("condition list must hold strings")?;
            parts
                .iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" or ")
        }
        _ => return Err("missing `condition` string".into()),
    };
    let mut names = Vec::new();
    let mut selections = Vec::new();
    for (k, v) in det {
        let Some(name) = s(k) else {
            return Err("selection names must be strings".into());
        };
        if name == "condition" {
            continue;
        }
        let sel =
            compile_selection(v, placeholders).map_err(|e| format!("selection `{name}`: {e}"))?;
        names.push(name);
        selections.push(sel);
    }
    let cond = condition::parse(&cond_text, &names).map_err(|e| format!("condition: {e}"))?;
    Ok(CompiledRule {
        info: Arc::new(info),
        selections,
        cond,
    })
}

fn compile_selection(v: &Y, placeholders: &Placeholders) -> Result<Selection, String> {
    match v {
        Y::Mapping(m) => {
            let mut fields = Vec::new();
            for (k, val) in m {
                let key = s(k).ok_or("field names must be strings")?;
                fields.push(compile_field(&key, val, placeholders)?);
            }
            if fields.is_empty() {
                return Err("empty selection".into());
            }
            Ok(Selection::Fields(fields))
        }
        Y::Sequence(seq) if !seq.is_empty() && seq.iter().all(|x| matches!(x, Y::Mapping(_))) => {
            let alts: Vec<Selection> = seq
                .iter()
                .map(|alt| compile_selection(alt, placeholders))
                .collect::<Result<_, _>>()?;
            Ok(merge_alternatives(alts))
        }
        Y::Sequence(seq) if !seq.is_empty() && seq.iter().all(|x| s(x).is_some()) => {
            let ms = seq
                .iter()
                .filter_map(s)
                .map(|k| keyword(&k))
                .collect::<Result<_, _>>()?;
            Ok(Selection::Keywords(ms))
        }
        Y::String(k) => Ok(Selection::Keywords(vec![keyword(k)?])),
        Y::Sequence(_) => Err("a list selection must hold only maps or only keywords".into()),
        _ => Err("a selection must be a map, a list of maps or a list of keywords".into()),
    }
}

/// `[{f|a: x}, {f|b: y}]` (one field each, same field, "any" mode) is one lookup of `f`
/// with both matchers: same meaning, one pass over the event instead of several.
fn merge_alternatives(alts: Vec<Selection>) -> Selection {
    let mut path: Option<&str> = None;
    let mergeable = alts.len() > 1
        && alts.iter().all(|a| match a {
            Selection::Fields(fs) if fs.len() == 1 && matches!(fs[0].mode, Mode::Any(_)) => {
                let p = fs[0].path.as_str();
                *path.get_or_insert(p) == p
            }
            _ => false,
        });
    if !mergeable {
        return Selection::AnyOf(alts);
    }
    let path = path.expect("checked above").to_owned();
    let mut matchers = Vec::new();
    let mut derive = None;
    for a in alts {
        if let Selection::Fields(fs) = a {
            for f in fs {
                derive = derive.or(f.derive);
                if let Mode::Any(ms) = f.mode {
                    matchers.extend(ms);
                }
            }
        }
    }
    Selection::Fields(vec![FieldCond {
        path,
        mode: Mode::Any(matchers),
        derive,
    }])
}

/// Keywords match anywhere in the raw record: an implicit `contains`.
fn keyword(k: &str) -> Result<Matcher, String> {
    let mut pieces = vec![Piece::Star];
    pieces.extend(matcher::parse_wildcards(k));
    pieces.push(Piece::Star);
    Ok(Matcher::Str {
        pat: matcher::compile_pieces(&pieces, false)?,
        cased: false,
    })
}

/// The modifiers we understand, after validation.
#[derive(Default)]
struct Mods {
    kind: Option<&'static str>,
    all: bool,
    cased: bool,
    base64: bool,
    base64offset: bool,
    windash: bool,
    re_flags: String,
    exists: bool,
    fieldref: bool,
    expand: bool,
}

fn parse_mods(list: &[&str]) -> Result<Mods, String> {
    let mut m = Mods::default();
    for &name in list {
        let kind = match name {
            "contains" => Some("contains"),
            "startswith" => Some("startswith"),
            "endswith" => Some("endswith"),
            "re" => Some("re"),
            "cidr" => Some("cidr"),
            "gt" => Some("gt"),
            "gte" => Some("gte"),
            "lt" => Some("lt"),
            "lte" => Some("lte"),
            _ => None,
        };
        if let Some(k) = kind {
            if let Some(prev) = m.kind {
                return Err(format!("conflicting modifiers `{prev}` and `{k}`"));
            }
            m.kind = Some(k);
            continue;
        }
        match name {
            "all" => m.all = true,
            "cased" => m.cased = true,
            "base64" => m.base64 = true,
            "base64offset" => m.base64offset = true,
            "windash" => m.windash = true,
            "exists" => m.exists = true,
            "fieldref" => m.fieldref = true,
            "i" | "m" | "s" => m.re_flags.push_str(name),
            "expand" => m.expand = true,
            "utf16" | "utf16le" | "utf16be" | "wide" => {
                return Err(format!(
                    "modifier `{name}` (UTF-16 encoding) is not supported"
                ))
            }
            other => return Err(format!("unknown modifier `{other}`")),
        }
    }
    if !m.re_flags.is_empty() && m.kind != Some("re") {
        return Err("regex flags `i`, `m`, `s` need the `re` modifier".into());
    }
    if m.base64 && m.base64offset {
        return Err("`base64` and `base64offset` together".into());
    }
    if (m.base64 || m.base64offset || m.windash)
        && matches!(m.kind, Some("re" | "cidr" | "gt" | "gte" | "lt" | "lte"))
    {
        return Err("encoding modifiers only combine with string matching".into());
    }
    if m.exists && (m.kind.is_some() || m.all || m.fieldref || m.base64 || m.base64offset) {
        return Err("`exists` combines with no other modifier".into());
    }
    if m.fieldref && matches!(m.kind, Some("re" | "cidr" | "gt" | "gte" | "lt" | "lte")) {
        return Err("`fieldref` combines only with contains, startswith, endswith".into());
    }
    if m.expand
        && (m.exists || m.fieldref || matches!(m.kind, Some("re" | "gt" | "gte" | "lt" | "lte")))
    {
        return Err("`expand` combines only with string matching and `cidr`".into());
    }
    Ok(m)
}

fn compile_field(key: &str, val: &Y, placeholders: &Placeholders) -> Result<FieldCond, String> {
    let mut parts = key.split('|');
    let path = parts.next().unwrap_or_default().to_owned();
    if path.is_empty() {
        return Err(format!("`{key}`: empty field name"));
    }
    if path.starts_with(derived::PREFIX) && !derived::FIELDS.contains(&path.as_str()) {
        return Err(format!(
            "`{key}`: `{path}` is not a derived field (those are {})",
            derived::FIELDS.join(", ")
        ));
    }
    let mod_names: Vec<&str> = parts.collect();
    let mods = parse_mods(&mod_names).map_err(|e| format!("`{key}`: {e}"))?;
    let values: Vec<&Y> = match val {
        Y::Sequence(seq) => {
            if seq.iter().any(|x| matches!(x, Y::Null)) {
                return Err(format!(
                    "`{key}`: `null` inside a value list is ambiguous; write a separate `{path}: null` selection"
                ));
            }
            if seq.is_empty() {
                return Err(format!("`{key}`: empty value list"));
            }
            seq.iter().collect()
        }
        Y::Mapping(_) => return Err(format!("`{key}`: a mapping is not a value")),
        other => vec![other],
    };
    let expanded;
    let values: Vec<&Y> = if mods.expand {
        expanded = expand(&values, placeholders).map_err(|e| format!("`{key}`: {e}"))?;
        if expanded.is_empty() {
            // An unset placeholder: the field condition matches nothing, so a filter built on
            // it (`not filter_trusted`) filters nothing.
            return Ok(FieldCond::new(path, Mode::Any(Vec::new())));
        }
        expanded.iter().collect()
    } else {
        values
    };
    if mods.exists {
        return match values.as_slice() {
            [Y::Bool(b)] => Ok(FieldCond::new(path, Mode::Exists(*b)).derived(placeholders)),
            _ => Err(format!("`{key}`: `exists` needs true or false")),
        };
    }
    if mods.all && values.len() < 2 && !mods.expand {
        return Err(format!(
            "`{key}`: `|all` with a single value is meaningless"
        ));
    }
    let mut matchers = Vec::new();
    for v in values {
        compile_value(v, &mods, &mut matchers).map_err(|e| format!("`{key}`: {e}"))?;
    }
    let mode = if mods.all {
        Mode::All(matchers)
    } else {
        Mode::Any(matcher::fold_substrings(matchers))
    };
    Ok(FieldCond::new(path, mode).derived(placeholders))
}

impl FieldCond {
    /// Gives a condition on `cloudward.foreign_accounts` the `%trusted_accounts%` of the rule
    /// set, so an account the organisation trusts is not foreign.
    fn derived(mut self, placeholders: &Placeholders) -> FieldCond {
        if self.path == derived::FOREIGN_ACCOUNTS {
            let trusted = placeholders
                .get("trusted_accounts")
                .map(|v| v.iter().map(|a| a.trim().to_owned()).collect())
                .unwrap_or_default();
            self.derive = Some(Arc::new(derived::Context {
                trusted_accounts: trusted,
            }));
        }
        self
    }
}

/// Placeholder values for `|expand` (`%trusted_accounts%`), by name without the `%`s: what a
/// Sigma processing pipeline supplies, here from `cloudward.toml` (see
/// [`crate::EngineBuilder::placeholder`]).
pub type Placeholders = std::collections::BTreeMap<String, Vec<String>>;

/// Most values one `|expand` field may expand to. A placeholder is a list an organisation
/// writes (accounts, principals, networks); past this, the rule is rejected rather than
/// compiled into a huge matcher.
pub const MAX_EXPANSION: usize = 10_000;

/// Replaces `%name%` in each value by every value of that placeholder (a value without a
/// placeholder is kept). At most one placeholder per value, so expansion is linear; an unset
/// placeholder contributes no values.
fn expand(values: &[&Y], placeholders: &Placeholders) -> Result<Vec<Y>, String> {
    let mut out = Vec::new();
    for v in values {
        let text = s(v).ok_or("values must be scalars")?;
        let Some(start) = text.find('%') else {
            out.push((*v).clone());
            continue;
        };
        let rest = &text[start + 1..];
        let end = rest
            .find('%')
            .ok_or_else(|| format!("`{text}`: unterminated placeholder"))?;
        let name = &rest[..end];
        let (before, after) = (&text[..start], &rest[end + 1..]);
        if after.contains('%') {
            return Err(format!("`{text}`: more than one placeholder in a value"));
        }
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!(
                "`{text}`: placeholder names are letters, digits and `_`"
            ));
        }
        for p in placeholders
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if out.len() >= MAX_EXPANSION {
                return Err(format!(
                    "placeholder `%{name}%` expands to more than {MAX_EXPANSION} values"
                ));
            }
            out.push(Y::String(format!("{before}{p}{after}")));
        }
    }
    Ok(out)
}

fn compile_value(v: &Y, mods: &Mods, out: &mut Vec<Matcher>) -> Result<(), String> {
    if matches!(v, Y::Null) {
        if mods.kind.is_some() || mods.fieldref || mods.base64 || mods.base64offset {
            return Err("`null` cannot take modifiers".into());
        }
        out.push(Matcher::Null);
        return Ok(());
    }
    let text = s(v).ok_or("values must be scalars")?;
    if mods.fieldref {
        let kind = match mods.kind {
            None => RefKind::Exact,
            Some("contains") => RefKind::Contains,
            Some("startswith") => RefKind::Prefix,
            _ => RefKind::Suffix,
        };
        out.push(Matcher::FieldRef {
            path: text,
            kind,
            cased: mods.cased,
        });
        return Ok(());
    }
    match mods.kind {
        Some("re") => {
            let re = RegexBuilder::new(&text)
                .case_insensitive(mods.re_flags.contains('i'))
                .multi_line(mods.re_flags.contains('m'))
                .dot_matches_new_line(mods.re_flags.contains('s'))
                .size_limit(matcher::MAX_REGEX_SIZE)
                .build()
                .map_err(|e| format!("invalid regular expression: {e}"))?;
            out.push(Matcher::Re(re));
            return Ok(());
        }
        Some("cidr") => {
            let net: IpNet = text
                .parse()
                .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| format!("`{text}` is not a CIDR block"))?;
            out.push(Matcher::Cidr(net));
            return Ok(());
        }
        Some(k @ ("gt" | "gte" | "lt" | "lte")) => {
            let parsed = match v {
                Y::Number(n) => n.as_f64(),
                _ => text.parse().ok(),
            };
            let n: f64 = parsed.ok_or_else(|| format!("`{text}` is not a number"))?;
            if !n.is_finite() {
                // `.inf`, `nan`, `1e999`: no comparison with them means what the author meant.
                return Err(format!("`{text}` is out of range: not a finite number"));
            }
            let op = match k {
                "gt" => NumOp::Gt,
                "gte" => NumOp::Gte,
                "lt" => NumOp::Lt,
                _ => NumOp::Lte,
            };
            out.push(Matcher::Num(op, n));
            return Ok(());
        }
        _ => {}
    }
    // String matching, possibly through an encoding transform.
    let wrap = |pieces: Vec<Piece>| -> Vec<Piece> {
        let mut p = Vec::with_capacity(pieces.len() + 2);
        if matches!(mods.kind, Some("contains" | "endswith")) {
            p.push(Piece::Star);
        }
        p.extend(pieces);
        if matches!(mods.kind, Some("contains" | "startswith")) {
            p.push(Piece::Star);
        }
        p
    };
    if mods.base64 || mods.base64offset {
        use base64::Engine as _;
        let encoded = if mods.base64 {
            vec![base64::engine::general_purpose::STANDARD.encode(text.as_bytes())]
        } else {
            matcher::base64_offsets(text.as_bytes())
        };
        for e in encoded {
            // base64 text is case-sensitive by nature.
            out.push(Matcher::Str {
                pat: matcher::compile_pieces(&wrap(vec![Piece::Lit(e)]), true)?,
                cased: true,
            });
        }
        return Ok(());
    }
    let variants = if mods.windash {
        matcher::windash_variants(&text)
    } else {
        vec![text]
    };
    for t in variants {
        let pat: StrPat = matcher::compile_pieces(&wrap(matcher::parse_wildcards(&t)), mods.cased)?;
        out.push(Matcher::Str {
            pat,
            cased: mods.cased,
        });
    }
    Ok(())
}

/// Longest correlation `timespan` accepted. Matches are kept for the timespan plus the allowed
/// lateness, so this bounds how long correlation state lives; Sigma rules use minutes to a
/// day. Longer (or a number that overflows when multiplied by its unit) rejects the rule.
pub const MAX_TIMESPAN: Duration = Duration::from_secs(366 * 86_400);

/// Largest correlation threshold (`gte`, `gt` + 1) accepted: a correlation group keeps at most
/// [`crate::MAX_GROUP_ENTRIES`] matches, so a higher threshold could never be reached and the
/// rule would silently never fire.
pub const MAX_THRESHOLD: u64 = crate::correlate::MAX_GROUP_ENTRIES as u64;

/// Parses a Sigma timespan: a number followed by `s`, `m`, `h`, `d` or `w`, at most
/// [`MAX_TIMESPAN`].
pub(crate) fn parse_timespan(t: &str) -> Result<Duration, String> {
    let t = t.trim();
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let scale: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ if num.is_empty() => return Err(format!("timespan `{t}` must be a number and a unit")),
        _ => return Err(format!("timespan `{t}`: unit must be s, m, h, d or w")),
    };
    let max = MAX_TIMESPAN.as_secs();
    let out_of_range = || format!("timespan `{t}` is out of range: at most {max}s (366d)");
    let n: u64 = match num.parse() {
        Ok(n) => n,
        Err(_) if !num.is_empty() => return Err(out_of_range()),
        Err(_) => return Err(format!("timespan `{t}` must be a number and a unit")),
    };
    let secs = n.checked_mul(scale).ok_or_else(out_of_range)?;
    if secs == 0 {
        return Err("timespan must be positive".into());
    }
    if secs > max {
        return Err(out_of_range());
    }
    Ok(Duration::from_secs(secs))
}

fn parse_correlation(c: &Y, mut info: RuleInfo) -> Result<CorrDef, String> {
    let Y::Mapping(m) = c else {
        return Err("`correlation` must be a mapping".into());
    };
    let ty = get(m, "type")
        .and_then(s)
        .ok_or("correlation `type` missing")?;
    let rules = str_list(get(m, "rules"));
    if rules.is_empty() {
        return Err("correlation `rules` is empty".into());
    }
    if get(m, "aliases").is_some() {
        return Err("correlation `aliases` are not supported".into());
    }
    let group_by = str_list(get(m, "group-by"));
    let timespan = parse_timespan(
        &get(m, "timespan")
            .and_then(s)
            .ok_or("correlation `timespan` missing")?,
    )?;
    let generate = match get(m, "generate") {
        None => false,
        Some(Y::Bool(b)) => *b,
        Some(_) => return Err("correlation `generate` must be true or false".into()),
    };
    let cond = get(m, "condition");
    let threshold = |cond: Option<&Y>| -> Result<(u64, Option<String>), String> {
        let Some(Y::Mapping(cm)) = cond else {
            return Err("correlation `condition` mapping missing".into());
        };
        let mut min = None;
        let mut field = None;
        for (k, v) in cm {
            let k = s(k).unwrap_or_default();
            let text = s(v).unwrap_or_default();
            let n = || -> Result<u64, String> {
                if !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()) {
                    // All digits but too long for u64: out of range, not "not a number".
                    return text.parse::<u64>().map_err(|_| {
                        format!("condition `{k}: {text}` is out of range (at most {MAX_THRESHOLD})")
                    });
                }
                Err(format!("condition `{k}` needs a whole number"))
            };
            let checked = |min: Option<u64>| -> Result<u64, String> {
                match min {
                    Some(m) if m <= MAX_THRESHOLD => Ok(m),
                    _ => Err(format!(
                        "condition `{k}: {text}` is out of range: a group keeps at most {MAX_THRESHOLD} matches, so the threshold could never be reached"
                    )),
                }
            };
            match k.as_str() {
                "gte" => min = Some(checked(Some(n()?))?),
                "gt" => min = Some(checked(n()?.checked_add(1))?),
                "field" => field = s(v),
                "lt" | "lte" | "eq" | "neq" => {
                    return Err(format!(
                        "correlation condition `{k}` (an upper bound) is not supported: only gt/gte thresholds are evaluated in streaming"
                    ))
                }
                other => return Err(format!("unknown correlation condition `{other}`")),
            }
        }
        let min = min.ok_or("correlation condition needs `gte` or `gt`")?;
        Ok((min.max(1), field))
    };
    let (kind, min) = match ty.as_str() {
        "event_count" => {
            let (min, _) = threshold(cond)?;
            (CorrType::EventCount, min)
        }
        "value_count" => {
            let (min, field) = threshold(cond)?;
            let field = field.ok_or("value_count needs `condition.field`")?;
            (CorrType::ValueCount { field }, min)
        }
        "temporal" if rules.len() as u64 > MAX_THRESHOLD => {
            return Err(format!(
                "a temporal correlation of {} rules is out of range (at most {MAX_THRESHOLD})",
                rules.len()
            ))
        }
        "temporal" => (CorrType::Temporal, rules.len() as u64),
        "temporal_ordered" => {
            return Err("correlation type `temporal_ordered` is not supported".into())
        }
        other => return Err(format!("unknown correlation type `{other}`")),
    };
    info.correlation = true;
    info.timespan = Some(timespan);
    Ok(CorrDef {
        info,
        kind,
        rules,
        group_by,
        timespan,
        min,
        generate,
    })
}
