//! [`Engine`]: the loaded rule set, indexed for routing, and [`Match`], what a rule match
//! carries to alerts.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use include_dir::{include_dir, Dir};

use crate::correlate::{CorrRule, Correlations, Correlator};
use crate::event::{Event, LogKind};
use crate::matched::Match;
use crate::sigma::matcher::Literal;
use crate::sigma::rule::{CompiledRule, CorrDef, Doc};
use crate::sigma::{self, Rejection, RuleInfo};

/// The built-in detections, authored by the cloudward project (`crates/detect/rules/`).
static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Default allowed lateness for out-of-order events in correlation windows. CloudTrail
/// delivers files about every 5 minutes per region, and files from several regions or
/// accounts interleave; 15 minutes covers normal delivery skew.
pub const DEFAULT_LATENESS: Duration = Duration::from_secs(15 * 60);

/// Errors that stop the engine from being built (rule problems are [`Rejection`]s instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A rules directory could not be listed. (A single rule file that cannot be read is a
    /// [`Rejection`]; the other files still load.) The cause is the error's `source()`, not
    /// repeated in the message, so an error chain printer says it once.
    #[error("cannot list rules in {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Configures and builds an [`Engine`]; configuration is frozen at [`EngineBuilder::build`].
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    builtin: bool,
    dirs: Vec<PathBuf>,
    texts: Vec<(String, String)>,
    lateness: Duration,
    placeholders: sigma::Placeholders,
}

impl EngineBuilder {
    /// Whether to load the built-in detections (default true). A user rule with the same `id`
    /// as a built-in one replaces it.
    pub fn builtin(mut self, yes: bool) -> Self {
        self.builtin = yes;
        self
    }

    /// Loads every `.yml` / `.yaml` file under `path` (recursively; or the file itself).
    pub fn rules_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.dirs.push(path.into());
        self
    }

    /// Loads rules from a YAML string (one or more documents); `origin` names it in rejections.
    pub fn rule_text(mut self, origin: impl Into<String>, yaml: impl Into<String>) -> Self {
        self.texts.push((origin.into(), yaml.into()));
        self
    }

    /// Values of the Sigma placeholder `%name%` for fields with the `|expand` modifier (an
    /// organisation's trusted accounts, automation principals, office networks). A placeholder
    /// never set expands to no value: a filter on it filters nothing.
    pub fn placeholder(mut self, name: impl Into<String>, values: Vec<String>) -> Self {
        self.placeholders.insert(name.into(), values);
        self
    }

    /// How late (in event time, behind the latest event seen) an event may arrive and still be
    /// counted in correlation windows. Later events are counted in [`crate::CorrelatorStats`].
    pub fn allowed_lateness(mut self, d: Duration) -> Self {
        self.lateness = d;
        self
    }

    /// Loads, compiles and indexes the rules.
    pub fn build(self) -> Result<Engine, BuildError> {
        let mut docs = Vec::new();
        if self.builtin {
            let mut files: Vec<&include_dir::File<'_>> = Vec::new();
            collect_builtin(&BUILTIN, &mut files);
            files.sort_by_key(|f| f.path());
            for f in files {
                let origin = format!("builtin:{}", f.path().display());
                let loaded = match std::str::from_utf8(f.contents()) {
                    Ok(text) => sigma::load_text(&origin, text, &self.placeholders),
                    Err(e) => vec![file_rejection(&origin, not_utf8(&e))],
                };
                docs.extend(loaded.into_iter().map(|d| (true, d)));
            }
        }
        for dir in &self.dirs {
            let licence = directory_licence(dir);
            for path in yaml_files(dir)? {
                let origin = path.display().to_string();
                let mut loaded = match read_rule_file(&path) {
                    Ok(text) => sigma::load_text(&origin, &text, &self.placeholders),
                    Err(reason) => vec![file_rejection(&origin, reason)],
                };
                if let Some(licence) = licence {
                    for doc in &mut loaded {
                        doc.set_default_licence(licence);
                    }
                }
                docs.extend(loaded.into_iter().map(|d| (false, d)));
            }
        }
        for (origin, text) in &self.texts {
            docs.extend(
                sigma::load_text(origin, text, &self.placeholders)
                    .into_iter()
                    .map(|d| (false, d)),
            );
        }
        Ok(Engine::from_docs(docs, self.lateness))
    }
}

/// The licence of a rule collection, for rules that do not name one: SigmaHQ's rules carry no
/// `license` field, the repository's `LICENSE.Detection.Rules.md` (the Detection Rule License
/// 1.1) covers them, and its terms require the author attribution to travel with the rule. The
/// directory and up to [`LICENCE_SEARCH_DEPTH`] of its parents are searched (a user may point
/// `--rules` at `sigma/rules/cloud/aws`).
fn directory_licence(dir: &Path) -> Option<&'static str> {
    let start = if dir.is_file() { dir.parent()? } else { dir };
    for d in start.ancestors().take(LICENCE_SEARCH_DEPTH + 1) {
        let Ok(entries) = std::fs::read_dir(d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !name.to_ascii_uppercase().starts_with("LICENSE") {
                continue;
            }
            let mut head = String::new();
            use std::io::Read as _;
            if let Ok(f) = std::fs::File::open(e.path()) {
                let _ = f.take(4096).read_to_string(&mut head);
            }
            if head.contains("Detection Rule License") {
                return Some(DRL_1_1);
            }
        }
    }
    None
}

/// How many parent directories of a `--rules` directory are searched for a licence file.
pub const LICENCE_SEARCH_DEPTH: usize = 4;

/// The SPDX-style name alerts carry for rules under the Detection Rule License 1.1.
pub const DRL_1_1: &str = "DRL-1.1";

/// Reads one rule file as UTF-8, at most [`sigma::MAX_RULE_FILE`] bytes; `Err` is the reason
/// the file is rejected (one bad file must not stop the others from loading).
fn read_rule_file(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let limit = sigma::MAX_RULE_FILE;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "rule file larger than the {limit}-byte limit; not read"
        ));
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(&e.utf8_error()))
}

fn not_utf8(e: &std::str::Utf8Error) -> String {
    format!(
        "not UTF-8 (invalid byte at offset {}); the file is not read",
        e.valid_up_to()
    )
}

fn file_rejection(origin: &str, reason: String) -> sigma::LoadedDoc {
    sigma::LoadedDoc {
        origin: origin.to_owned(),
        document: 0,
        result: Err(Rejection {
            origin: origin.to_owned(),
            document: 0,
            title: None,
            id: None,
            reason,
        }),
    }
}

fn collect_builtin<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    for f in dir.files() {
        if matches!(
            f.path().extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml")
        ) {
            out.push(f);
        }
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

fn yaml_files(path: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let files = crate::read::list_files(path).map_err(|e| match e {
        crate::ReadError::Open { path, source } => BuildError::Io { path, source },
        other => BuildError::Io {
            path: path.to_owned(),
            source: std::io::Error::other(other.to_string()),
        },
    })?;
    Ok(files
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")))
        .collect())
}

#[derive(Debug, Default)]
struct KindIndex {
    /// Rules whose condition requires one of a set of `eventName` values or prefixes.
    by_name: Route,
    /// Rules not indexed by name whose condition requires one of a set of `eventSource`
    /// values or prefixes.
    by_source: Route,
    /// Rules tried on every event of the kind.
    always: Vec<u32>,
}

/// Rules by a lowercase value of one field: the whole value, or a prefix of it.
#[derive(Debug, Default)]
struct Route {
    exact: HashMap<Box<str>, Vec<u32>>,
    /// Few (a rule set has a handful of `Delete*`-style prefixes), so a scan.
    prefixes: Vec<(Box<str>, Vec<u32>)>,
}

impl Route {
    fn add(&mut self, literal: Literal, rule: u32) {
        match literal {
            Literal::Exact(v) => self.exact.entry(v.into_boxed_str()).or_default().push(rule),
            Literal::Prefix(p) => match self.prefixes.iter_mut().find(|(q, _)| **q == *p) {
                Some((_, rules)) => rules.push(rule),
                None => self.prefixes.push((p.into_boxed_str(), vec![rule])),
            },
        }
    }

    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty()
    }

    /// Calls `f` with each rule routed to the event's value of `field` (a top-level string).
    fn each(&self, ev: &Event, field: &str, f: &mut impl FnMut(u32)) {
        if self.is_empty() {
            return;
        }
        let Some(value) = ev.top_str(field) else {
            return;
        };
        let mut buf = [0u8; 128];
        let b = value.as_bytes();
        let owned;
        let lower = if b.len() <= buf.len() && b.is_ascii() {
            for (d, s) in buf.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            std::str::from_utf8(&buf[..b.len()]).unwrap_or_default()
        } else {
            owned = value.to_lowercase();
            owned.as_str()
        };
        if let Some(list) = self.exact.get(lower) {
            list.iter().for_each(|&i| f(i));
        }
        for (prefix, list) in &self.prefixes {
            if lower.starts_with(&**prefix) {
                list.iter().for_each(|&i| f(i));
            }
        }
    }
}

/// A loaded, compiled and indexed rule set. Immutable and shareable across threads; the
/// stateful part (correlation windows) lives in a [`Correlator`].
#[derive(Debug)]
pub struct Engine {
    rules: Vec<CompiledRule>,
    index: [KindIndex; LogKind::ALL.len()],
    /// Fields each base rule copies into its matches for correlations.
    extract: Vec<Vec<String>>,
    /// The correlation rules, which a [`Correlator`] reads (and nothing else of the engine).
    correlations: Correlations,
    loaded: Vec<Arc<RuleInfo>>,
    rejected: Vec<Rejection>,
}

fn kind_slot(k: LogKind) -> usize {
    k.slot()
}

impl Engine {
    /// Starts configuring an engine (built-in rules on, default lateness).
    pub fn builder() -> EngineBuilder {
        EngineBuilder {
            builtin: true,
            dirs: vec![],
            texts: vec![],
            lateness: DEFAULT_LATENESS,
            placeholders: Default::default(),
        }
    }

    fn from_docs(docs: Vec<(bool, sigma::LoadedDoc)>, lateness: Duration) -> Engine {
        let mut rejected = Vec::new();
        let mut rules: Vec<(bool, CompiledRule)> = Vec::new();
        let mut corr_defs: Vec<(bool, CorrDef, String, usize)> = Vec::new();
        // id -> (is_builtin, origin) of the definition in force.
        let mut ids: HashMap<String, (bool, String)> = HashMap::new();
        let reject =
            |origin: &str, document: usize, title: &str, id: &str, reason: String| Rejection {
                origin: origin.to_owned(),
                document,
                title: Some(title.to_owned()),
                id: Some(id.to_owned()),
                reason,
            };
        for (builtin, d) in docs {
            let doc = match d.result {
                Err(r) => {
                    rejected.push(r);
                    continue;
                }
                Ok(doc) => doc,
            };
            let (id, title) = match &doc {
                Doc::Rule(r) => (r.info.id.clone(), r.info.title.clone()),
                Doc::Correlation(c) => (c.info.id.clone(), c.info.title.clone()),
            };
            if let Some((prev_builtin, prev_origin)) = ids.get(&id).cloned() {
                if prev_builtin && !builtin {
                    // A user rule overrides the built-in rule with the same id.
                    rules.retain(|(b, r)| !(*b && r.info.id == id));
                    corr_defs.retain(|(b, c, _, _)| !(*b && c.info.id == id));
                } else {
                    rejected.push(reject(
                        &d.origin,
                        d.document,
                        &title,
                        &id,
                        format!("duplicate id, already defined in {prev_origin}"),
                    ));
                    continue;
                }
            }
            ids.insert(id, (builtin, d.origin.clone()));
            match doc {
                Doc::Rule(r) => rules.push((builtin, r)),
                Doc::Correlation(c) => corr_defs.push((builtin, c, d.origin, d.document)),
            }
        }
        let mut rules: Vec<CompiledRule> = rules.into_iter().map(|(_, r)| r).collect();

        // Resolve correlations.
        let mut corrs: Vec<CorrRule> = Vec::new();
        let mut corr_by_rule: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
        let mut extract: Vec<BTreeSet<String>> = vec![BTreeSet::new(); rules.len()];
        let mut suppressed = vec![false; rules.len()];
        for (_, def, origin, document) in corr_defs {
            let mut idx = Vec::new();
            let mut missing = None;
            for name in &def.rules {
                match rules
                    .iter()
                    .position(|r| r.info.id == *name || r.info.name.as_deref() == Some(name))
                {
                    Some(i) => idx.push(i),
                    None => {
                        missing = Some(name.clone());
                        break;
                    }
                }
            }
            if let Some(name) = missing {
                rejected.push(reject(
                    &origin,
                    document,
                    &def.info.title,
                    &def.info.id,
                    format!("refers to rule `{name}`, which is not loaded (by name or id)"),
                ));
                continue;
            }
            let kinds: BTreeSet<LogKind> = idx.iter().map(|&i| rules[i].info.log).collect();
            if kinds.len() != 1 {
                rejected.push(reject(
                    &origin,
                    document,
                    &def.info.title,
                    &def.info.id,
                    "referenced rules read different logs".into(),
                ));
                continue;
            }
            let mut info = def.info.clone();
            info.log = *kinds.iter().next().expect("one kind");
            let ci = corrs.len();
            for &i in &idx {
                corr_by_rule[i].push(ci);
                extract[i].extend(def.group_by.iter().cloned());
                if let crate::sigma::rule::CorrType::ValueCount { field } = &def.kind {
                    extract[i].insert(field.clone());
                }
                if !def.generate {
                    suppressed[i] = true;
                }
            }
            corrs.push(CorrRule::new(Arc::new(info), def));
        }
        for (i, r) in rules.iter_mut().enumerate() {
            if suppressed[i] {
                let mut info = (*r.info).clone();
                info.generate = false;
                r.info = Arc::new(info);
            }
        }

        // Index by kind and eventName.
        let mut index: [KindIndex; LogKind::ALL.len()] = Default::default();
        for (i, r) in rules.iter().enumerate() {
            let slot = &mut index[kind_slot(r.info.log)];
            let (names, sources) = if r.info.log == LogKind::CloudTrail {
                (
                    r.required_values("eventName"),
                    r.required_values("eventSource"),
                )
            } else {
                (None, None)
            };
            match (names, sources) {
                (Some(names), _) => names
                    .into_iter()
                    .for_each(|n| slot.by_name.add(n, i as u32)),
                (None, Some(sources)) => sources
                    .into_iter()
                    .for_each(|n| slot.by_source.add(n, i as u32)),
                (None, None) => slot.always.push(i as u32),
            }
        }
        let mut loaded: Vec<Arc<RuleInfo>> = rules.iter().map(|r| r.info.clone()).collect();
        loaded.extend(corrs.iter().map(|c| c.info.clone()));
        Engine {
            rules,
            index,
            extract: extract
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
            correlations: Correlations {
                rules: corrs,
                by_base_rule: corr_by_rule,
                lateness,
            },
            loaded,
            rejected,
        }
    }

    /// How late an event may arrive and still count (see [`EngineBuilder::allowed_lateness`]).
    pub fn lateness(&self) -> Duration {
        self.correlations.lateness
    }

    /// Every loaded rule (detections first, then correlations).
    pub fn loaded(&self) -> &[Arc<RuleInfo>] {
        &self.loaded
    }

    /// How many stateless rules of `kind` are tried on every event (not indexed by
    /// `eventName` or `eventSource`): the figure that drives per-event cost.
    pub fn unindexed_rules(&self, kind: LogKind) -> usize {
        self.index[kind_slot(kind)].always.len()
    }

    /// Every rule or document that was not loaded, with the reason.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// A new, empty correlation state for this rule set.
    pub fn correlator(&self) -> Correlator<'_> {
        Correlator::new(&self.correlations)
    }

    /// Runs the stateless rules on one event; returns its matches (usually none). Only rules
    /// for the event's log kind, and of those only the rules indexed under its `eventName` (or,
    /// for rules that name no event but a service, its `eventSource`) plus the rules that
    /// cannot be indexed, are tried.
    pub fn process(&self, ev: &Event) -> Vec<Match> {
        let mut out = Vec::new();
        self.process_into(ev, &mut out);
        out
    }

    /// As [`Engine::process`], appending to `out` (saves an allocation per event).
    pub fn process_into(&self, ev: &Event, out: &mut Vec<Match>) {
        self.candidate_rules(ev, |i| {
            let r = &self.rules[i];
            if r.is_match(ev) {
                out.push(Match::new(i, r.info.clone(), ev, &self.extract[i]));
            }
        });
    }

    /// Calls `f` with the index (into [`Engine::loaded`]) of every stateless rule
    /// [`Engine::process`] tries on `ev`: only rules for the event's log kind, and of those
    /// only the rules routed by its `eventName` (or, for rules that name no event but a
    /// service, its `eventSource`) plus the rules that cannot be routed. Public for the
    /// benchmark's per-rule profile (`throughput <file> profile`, with [`Engine::rule_matches`]).
    #[doc(hidden)]
    pub fn candidate_rules(&self, ev: &Event, mut f: impl FnMut(usize)) {
        let idx = &self.index[kind_slot(ev.kind())];
        let mut g = |i: u32| f(i as usize);
        idx.by_name.each(ev, "eventName", &mut g);
        idx.by_source.each(ev, "eventSource", &mut g);
        idx.always.iter().for_each(|&i| g(i));
    }

    /// Whether stateless rule `i` (an index from [`Engine::candidate_rules`]) matches `ev`.
    #[doc(hidden)]
    pub fn rule_matches(&self, i: usize, ev: &Event) -> bool {
        self.rules.get(i).is_some_and(|r| r.is_match(ev))
    }
}
