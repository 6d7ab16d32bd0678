//! Loading one module directory: `.tf` files through hcl-edit (which keeps byte spans, turned
//! into line and column here) and `.tf.json` files through serde_json, into one source-level
//! representation ([`SrcBlock`], [`SrcAttr`]) whose expressions are hcl-edit expressions, so
//! both syntaxes are evaluated by the same evaluator. Also reads `# cloudward:ignore` comments.

use std::path::{Path, PathBuf};

use cloudward_model::{Location, Suppression};
use hcl_edit::expr::{Expression, ObjectKey, ObjectValue};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::StringTemplate;
use hcl_edit::Span;
use serde_json::Value as Json;

use crate::{Diagnostic, DiagnosticLevel, Unjudged};

/// An attribute as written.
#[derive(Clone, Debug)]
pub(crate) struct SrcAttr {
    /// Attribute name.
    pub name: String,
    /// The unevaluated expression.
    pub expr: Expression,
    /// Where it is written.
    pub loc: Location,
}

/// A block as written (`resource "aws_s3_bucket" "b" { ... }`, or a nested `ingress { ... }`).
#[derive(Clone, Debug)]
pub(crate) struct SrcBlock {
    /// Block type (`resource`, `ingress`, ...).
    pub ident: String,
    /// Labels.
    pub labels: Vec<String>,
    /// Attributes in source order.
    pub attrs: Vec<SrcAttr>,
    /// Nested blocks in source order.
    pub blocks: Vec<SrcBlock>,
    /// Where the block starts.
    pub loc: Location,
    /// `# cloudward:ignore` suppressions written above or on the block's first line.
    pub suppressions: Vec<Suppression>,
}

impl SrcBlock {
    /// The attribute named `name`.
    pub(crate) fn attr(&self, name: &str) -> Option<&SrcAttr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The first label (resource type, variable name, ...), or "".
    pub(crate) fn label(&self, i: usize) -> &str {
        self.labels.get(i).map_or("", String::as_str)
    }
}

/// All top-level blocks of one module directory.
#[derive(Debug, Default)]
pub(crate) struct ModuleConfig {
    /// The directory.
    pub dir: PathBuf,
    /// Top-level blocks from every file, file by file in name order.
    pub blocks: Vec<SrcBlock>,
}

/// Byte offset to line/column.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let col = offset - self.starts[line - 1] + 1;
        (line as u32, col as u32)
    }
}

/// The path of `file` relative to `root`, with `/` separators.
pub(crate) fn display_path(root: &Path, file: &Path) -> String {
    let (root, file) = (normalize(root), normalize(file));
    let rel = file.strip_prefix(&root).unwrap_or(&file);
    let s = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if s.is_empty() {
        file.to_string_lossy().replace('\\', "/")
    } else {
        s
    }
}

/// Resolve `.` and `..` lexically, so locations read `modules/net/main.tf`, not
/// `envs/prod/../../modules/net/main.tf`.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `../..` stays `../..`: only a named component can be taken back.
                let named = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if !(named && out.pop()) {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Load every `.tf` and `.tf.json` file of `dir` (not recursive).
pub(crate) fn load_module(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> ModuleConfig {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                p.is_file() && name.is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
            })
            .collect(),
        Err(e) => {
            diags.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: Location {
                    path: display_path(root, dir),
                    line: 0,
                    column: 0,
                },
                message: format!("cannot read the module directory: {e}"),
                unjudged: Unjudged::Nothing,
            });
            Vec::new()
        }
    };
    files.sort();
    // Override files are merged into the blocks they override, after every other file
    // (https://developer.hashicorp.com/terraform/language/files/override).
    let is_override = |p: &PathBuf| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = name
            .strip_suffix(".tf.json")
            .or_else(|| name.strip_suffix(".tf"))
            .unwrap_or(&name);
        stem == "override" || stem.ends_with("_override")
    };
    let (overrides, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(is_override);
    let mut config = ModuleConfig {
        dir: dir.to_path_buf(),
        blocks: Vec::new(),
    };
    let mut override_blocks = Vec::new();
    for (file, is_override) in files
        .into_iter()
        .map(|f| (f, false))
        .chain(overrides.into_iter().map(|f| (f, true)))
    {
        let path = display_path(root, &file);
        let whole_file = Location {
            path: path.clone(),
            line: 0,
            column: 0,
        };
        // The same reader, limit and messages as discovery, so a skipped file is reported once
        // (the two identical diagnostics are merged) whichever of the two meets it first.
        let text = match crate::discover::read_input(&file).and_then(crate::discover::utf8_input) {
            Ok(text) => text,
            Err(message) => {
                diags.push(Diagnostic {
                    level: DiagnosticLevel::Warning,
                    location: whole_file,
                    message,
                    unjudged: Unjudged::File,
                });
                continue;
            }
        };
        let blocks = if path.ends_with(".tf.json") {
            parse_json(&path, &text, diags)
        } else {
            parse_hcl(&path, &text, diags)
        };
        if is_override {
            override_blocks.extend(blocks);
        } else {
            config.blocks.extend(blocks);
        }
    }
    for o in override_blocks {
        merge_override(&mut config.blocks, o, diags);
    }
    check_blocks(&config.blocks, diags);
    config
}

/// Top-level blocks that the evaluator would skip in silence: the wrong number of labels
/// (`resource "aws_s3_bucket" {}`), or a second declaration of the same address, both of
/// which Terraform rejects (issue 8: structure errors are errors naming file:line).
fn check_blocks(blocks: &[SrcBlock], diags: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashSet<(String, Vec<String>)> =
        std::collections::HashSet::new();
    let mut locals: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut error = |location: &Location, message: String| {
        diags.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location: location.clone(),
            message,
            unjudged: Unjudged::Part,
        });
    };
    for b in blocks {
        if b.ident == "locals" {
            for a in &b.attrs {
                if !locals.insert(a.name.as_str()) {
                    error(
                        &a.loc,
                        format!(
                            "local.{} is defined twice; only the first definition is used",
                            a.name
                        ),
                    );
                }
            }
            continue;
        }
        if b.attr("count").is_some() && b.attr("for_each").is_some() {
            error(
                &b.loc,
                format!(
                    "{} {} sets both count and for_each; only count is used",
                    b.ident,
                    b.labels.join(".")
                ),
            );
        }
        let labels = match b.ident.as_str() {
            "resource" | "data" => 2,
            "module" | "variable" | "output" => 1,
            _ => continue,
        };
        let message = if b.labels.len() != labels {
            format!(
                "a {} block takes {labels} label(s), not {}; it is not judged",
                b.ident,
                b.labels.len()
            )
        } else if !seen.insert((b.ident.clone(), b.labels.clone())) {
            format!(
                "{} {} is declared twice; only the first declaration is judged",
                b.ident,
                b.labels.join(".")
            )
        } else {
            continue;
        };
        error(&b.loc, message);
    }
}

/// Merge one override block into the block it overrides: its arguments replace the original's
/// of the same name, and its nested blocks replace every original nested block of the same
/// type. `locals` override by local name.
fn merge_override(blocks: &mut [SrcBlock], o: SrcBlock, diags: &mut Vec<Diagnostic>) {
    if o.ident == "locals" {
        for attr in o.attrs {
            let target = blocks
                .iter_mut()
                .filter(|b| b.ident == "locals")
                .flat_map(|b| b.attrs.iter_mut())
                .find(|a| a.name == attr.name);
            match target {
                Some(t) => *t = attr,
                None => diags.push(Diagnostic {
                    level: DiagnosticLevel::Warning,
                    location: attr.loc.clone(),
                    message: format!(
                        "override of local.{} has no original declaration; ignored",
                        attr.name
                    ),
                    unjudged: Unjudged::Part,
                }),
            }
        }
        return;
    }
    let Some(target) = blocks
        .iter_mut()
        .find(|b| b.ident == o.ident && b.labels == o.labels)
    else {
        diags.push(Diagnostic {
            level: DiagnosticLevel::Warning,
            location: o.loc.clone(),
            message: format!(
                "override {} {:?} has no original block; ignored",
                o.ident, o.labels
            ),
            unjudged: Unjudged::Part,
        });
        return;
    };
    for attr in o.attrs {
        match target.attrs.iter_mut().find(|a| a.name == attr.name) {
            Some(a) => *a = attr,
            None => target.attrs.push(attr),
        }
    }
    let replaced: Vec<String> = o.blocks.iter().map(|b| b.ident.clone()).collect();
    target.blocks.retain(|b| !replaced.contains(&b.ident));
    target.blocks.extend(o.blocks);
    target.suppressions.extend(o.suppressions);
}

/// Parse HCL text into top-level blocks; a syntax error is a diagnostic with its line.
pub(crate) fn parse_hcl(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<SrcBlock> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: Location {
                    path: path.to_string(),
                    line: e.location().line() as u32,
                    column: e.location().column() as u32,
                },
                message: format!("HCL syntax error: {}", e.message()),
                unjudged: Unjudged::Nothing,
            });
            return Vec::new();
        }
    };
    let lines = LineIndex::new(text);
    let source_lines: Vec<&str> = text.lines().collect();
    let ctx = HclCtx {
        path,
        lines: &lines,
        source_lines: &source_lines,
    };
    let mut out = Vec::new();
    for structure in body.iter() {
        if let Structure::Block(block) = structure {
            let mut b = ctx.block(block);
            b.suppressions = suppressions_at(path, &source_lines, b.loc.line, diags);
            out.push(b);
        }
    }
    out
}

/// Parse a body of attributes only (a `.tfvars` file).
pub(crate) fn parse_attributes(
    path: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SrcAttr> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => {
            let lines = LineIndex::new(text);
            let ctx = HclCtx {
                path,
                lines: &lines,
                source_lines: &[],
            };
            ctx.body(&body).0
        }
        Err(e) => {
            diags.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: Location {
                    path: path.to_string(),
                    line: e.location().line() as u32,
                    column: e.location().column() as u32,
                },
                message: format!("HCL syntax error: {}", e.message()),
                unjudged: Unjudged::Nothing,
            });
            Vec::new()
        }
    }
}

struct HclCtx<'a> {
    path: &'a str,
    lines: &'a LineIndex,
    #[allow(dead_code)]
    source_lines: &'a [&'a str],
}

impl HclCtx<'_> {
    fn loc(&self, span: Option<std::ops::Range<usize>>) -> Location {
        let (line, column) = span.map_or((1, 0), |s| self.lines.position(s.start));
        Location {
            path: self.path.to_string(),
            line,
            column,
        }
    }

    fn block(&self, block: &hcl_edit::structure::Block) -> SrcBlock {
        let (attrs, blocks) = self.body(&block.body);
        SrcBlock {
            ident: block.ident.as_str().to_string(),
            labels: block
                .labels
                .iter()
                .map(|l| l.as_str().to_string())
                .collect(),
            attrs,
            blocks,
            loc: self.loc(block.span()),
            suppressions: Vec::new(),
        }
    }

    fn body(&self, body: &Body) -> (Vec<SrcAttr>, Vec<SrcBlock>) {
        let mut attrs = Vec::new();
        let mut blocks = Vec::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => attrs.push(SrcAttr {
                    name: a.key.as_str().to_string(),
                    expr: a.value.clone(),
                    loc: self.loc(a.span()),
                }),
                Structure::Block(b) => blocks.push(self.block(b)),
            }
        }
        (attrs, blocks)
    }
}

/// Suppression comments on the lines directly above `line` (a contiguous comment run) and on
/// `line` itself.
pub(crate) fn suppressions_at(
    path: &str,
    source_lines: &[&str],
    line: u32,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    let first = line as usize;
    if first == 0 || first > source_lines.len() {
        return out;
    }
    let mut candidates = vec![first];
    let mut l = first - 1;
    while l >= 1 {
        let t = source_lines[l - 1].trim_start();
        if t.starts_with('#') || t.starts_with("//") {
            candidates.push(l);
            l -= 1;
        } else {
            break;
        }
    }
    candidates.sort_unstable();
    for l in candidates {
        let text = source_lines[l - 1];
        let Some(pos) = text.find("cloudward:ignore") else {
            continue;
        };
        let before = &text[..pos];
        if !(before.contains('#') || before.contains("//")) {
            continue;
        }
        let location = Location {
            path: path.to_string(),
            line: l as u32,
            column: pos as u32 + 1,
        };
        out.extend(suppression(&text[pos..], location, diags));
    }
    out
}

/// `cloudward:ignore <rule-id> <reason>` (the text from the marker on); a missing reason is an
/// error diagnostic and no suppression.
fn suppression(text: &str, location: Location, diags: &mut Vec<Diagnostic>) -> Option<Suppression> {
    let rest = text["cloudward:ignore".len()..].trim();
    let mut parts = rest.splitn(2, char::is_whitespace);
    let rule_id = parts.next().unwrap_or("").trim();
    let reason = parts.next().unwrap_or("").trim();
    if rule_id.is_empty() || reason.is_empty() {
        diags.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location,
            message: format!(
                "cloudward:ignore {rule_id} has no reason: a reason is required \
                 (`# cloudward:ignore <rule-id> <reason>`); the suppression is ignored"
            ),
            unjudged: Unjudged::Nothing,
        });
        return None;
    }
    Some(Suppression {
        rule_id: rule_id.to_string(),
        reason: reason.to_string(),
        location: Some(location),
    })
}

// ---------------------------------------------------------------------------------------------
// .tf.json

/// Parse a `.tf.json` file (Terraform's JSON configuration syntax).
pub(crate) fn parse_json(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<SrcBlock> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json: Json = match serde_json::from_str(text) {
        Ok(j) => j,
        Err(e) => {
            diags.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: Location {
                    path: path.to_string(),
                    line: e.line() as u32,
                    column: e.column() as u32,
                },
                message: format!("JSON syntax error: {e}"),
                unjudged: Unjudged::Nothing,
            });
            return Vec::new();
        }
    };
    let Json::Object(top) = json else {
        diags.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location: Location {
                path: path.to_string(),
                line: 1,
                column: 1,
            },
            message: "a .tf.json file must hold a JSON object".to_string(),
            unjudged: Unjudged::Nothing,
        });
        return Vec::new();
    };
    let lines = LineIndex::new(text);
    let ctx = JsonCtx { path, text, lines };
    let mut out = Vec::new();
    for (kind, value) in &top {
        match kind.as_str() {
            "resource" | "data" => {
                for (rtype, by_name) in objects(value) {
                    for (name, body) in objects(by_name) {
                        for body in bodies(body) {
                            let loc = ctx.find(&[kind, rtype, name]);
                            let mut block =
                                ctx.block(kind, vec![rtype.clone(), name.clone()], body, loc);
                            // Terraform JSON's comment key: `"//": "cloudward:ignore ..."`.
                            let comments = match body.get("//") {
                                Some(Json::String(c)) => vec![c.as_str()],
                                Some(Json::Array(cs)) => {
                                    cs.iter().filter_map(Json::as_str).collect()
                                }
                                _ => Vec::new(),
                            };
                            for c in comments {
                                if let Some(pos) = c.find("cloudward:ignore") {
                                    let at = block.loc.clone();
                                    block.suppressions.extend(suppression(&c[pos..], at, diags));
                                }
                            }
                            out.push(block);
                        }
                    }
                }
            }
            "variable" | "module" | "output" | "provider" => {
                for (name, body) in objects(value) {
                    for body in bodies(body) {
                        let loc = ctx.find(&[kind, name]);
                        out.push(ctx.block(kind, vec![name.clone()], body, loc));
                    }
                }
            }
            "locals" => {
                for body in bodies(value) {
                    let loc = ctx.find(&[kind]);
                    out.push(ctx.block(kind, Vec::new(), body, loc));
                }
            }
            _ => {}
        }
    }
    out
}

fn objects(v: &Json) -> Vec<(&String, &Json)> {
    match v {
        Json::Object(m) => m.iter().collect(),
        Json::Array(items) => items.iter().flat_map(objects).collect(),
        _ => Vec::new(),
    }
}

fn bodies(v: &Json) -> Vec<&serde_json::Map<String, Json>> {
    match v {
        Json::Object(m) => vec![m],
        Json::Array(items) => items.iter().filter_map(Json::as_object).collect(),
        _ => Vec::new(),
    }
}

struct JsonCtx<'a> {
    path: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl JsonCtx<'_> {
    /// Best-effort location: the keys in order, each searched after the previous one.
    fn find(&self, keys: &[&String]) -> Location {
        let mut offset = 0;
        let mut found = None;
        for k in keys {
            let needle = format!("\"{k}\"");
            match self.text[offset..].find(&needle) {
                Some(i) => {
                    offset += i;
                    found = Some(offset);
                    offset += needle.len();
                }
                None => break,
            }
        }
        let (line, column) = found.map_or((1, 0), |o| self.lines.position(o));
        Location {
            path: self.path.to_string(),
            line,
            column,
        }
    }

    fn block(
        &self,
        ident: &str,
        labels: Vec<String>,
        body: &serde_json::Map<String, Json>,
        loc: Location,
    ) -> SrcBlock {
        let attrs = body
            .iter()
            .filter(|(k, _)| k.as_str() != "//")
            .map(|(k, v)| SrcAttr {
                name: k.clone(),
                expr: json_expr(v, ident == "variable" && k == "default"),
                loc: loc.clone(),
            })
            .collect();
        SrcBlock {
            ident: ident.to_string(),
            labels,
            attrs,
            blocks: Vec::new(),
            loc,
            suppressions: Vec::new(),
        }
    }
}

/// A JSON value as an HCL expression; strings are templates (`"${var.x}"`) unless literal.
fn json_expr(v: &Json, literal: bool) -> Expression {
    match v {
        Json::Null => Expression::null(),
        Json::Bool(b) => Expression::from(*b),
        Json::Number(n) => Expression::from(n.as_f64().unwrap_or(0.0)),
        Json::String(s) => {
            if !literal && s.contains("${") {
                match hcl_edit::parser::parse_template(s) {
                    Ok(t) => Expression::StringTemplate(StringTemplate::from(t)),
                    Err(_) => Expression::from(s.clone()),
                }
            } else {
                Expression::from(s.clone())
            }
        }
        Json::Array(items) => items.iter().map(|i| json_expr(i, literal)).collect(),
        Json::Object(m) => m
            .iter()
            .map(|(k, v)| {
                (
                    ObjectKey::Expression(Expression::from(k.clone())),
                    ObjectValue::new(json_expr(v, literal)),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn normalize_keeps_leading_parent_directories() {
        assert_eq!(
            normalize(Path::new("../../tests/fixtures")),
            PathBuf::from("../../tests/fixtures")
        );
        assert_eq!(normalize(Path::new("a/../../b")), PathBuf::from("../b"));
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
    use super::*;

    #[test]
    fn lines_and_columns() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(4), (2, 2));
    }

    #[test]
    fn blocks_carry_their_lines_and_suppressions() {
        let src = "\n# cloudward:ignore s3-bucket-versioning logs are immutable elsewhere\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
        let mut diags = Vec::new();
        let blocks = parse_hcl("main.tf", src, &mut diags);
        assert!(diags.is_empty());
        assert_eq!(blocks[0].loc.line, 3);
        assert_eq!(blocks[0].attrs[0].loc.line, 4);
        assert_eq!(blocks[0].suppressions[0].rule_id, "s3-bucket-versioning");
        assert_eq!(
            blocks[0].suppressions[0].reason,
            "logs are immutable elsewhere"
        );
    }

    #[test]
    fn suppression_without_reason_is_an_error() {
        let src =
            "resource \"aws_s3_bucket\" \"b\" { // cloudward:ignore s3-bucket-versioning\n}\n";
        let mut diags = Vec::new();
        let blocks = parse_hcl("main.tf", src, &mut diags);
        assert!(blocks[0].suppressions.is_empty());
        assert!(diags[0].message.contains("a reason is required"));
        assert_eq!(diags[0].location.line, 1);
    }

    #[test]
    fn syntax_error_names_the_line() {
        let mut diags = Vec::new();
        let blocks = parse_hcl("bad.tf", "resource \"a\" \"b\" {\n  x = \n}\n", &mut diags);
        assert!(blocks.is_empty());
        assert_eq!(diags[0].location.path, "bad.tf");
        assert!(diags[0].location.line >= 2, "{:?}", diags[0]);
    }

    #[test]
    fn json_comment_key_carries_suppressions() {
        let src = r#"{"resource": {"aws_s3_bucket": {"b": {"//": "cloudward:ignore s3-bucket-versioning-enabled scratch", "bucket": "b"}}}}"#;
        let mut diags = Vec::new();
        let blocks = parse_json("main.tf.json", src, &mut diags);
        assert_eq!(blocks[0].suppressions[0].reason, "scratch");
        assert!(blocks[0].attr("//").is_none());
    }

    #[test]
    fn json_configuration_becomes_blocks() {
        let src = r#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "${var.name}"}}}}"#;
        let mut diags = Vec::new();
        let blocks = parse_json("main.tf.json", src, &mut diags);
        assert_eq!(blocks[0].labels, vec!["aws_s3_bucket", "b"]);
        assert!(matches!(
            blocks[0].attrs[0].expr,
            Expression::StringTemplate(_)
        ));
    }
}
