//! Finding the inputs under a path: Terraform root modules, Terraform plan JSON files and
//! CloudFormation templates.
//!
//! The walk skips `.git`, `.terraform` and `node_modules`, does not follow directory symlinks
//! (so a symlink loop cannot hang it), and classifies files by name and, for YAML and JSON, by
//! a cheap look at the content. Files that cannot be inputs (binary, larger than the limit, not
//! UTF-8) are reported as warnings and skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::{Diagnostic, DiagnosticLevel, Unjudged};

/// Directories never descended into.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules"];

/// What the walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Terraform root module directories (directories with `.tf`/`.tf.json` files that no other
    /// scanned module calls as a local `source`), sorted.
    pub terraform_modules: Vec<PathBuf>,
    /// Terraform plan JSON files, with their content.
    pub terraform_plans: Vec<(PathBuf, Vec<u8>)>,
    /// CloudFormation templates, with their content.
    pub cloudformation: Vec<(PathBuf, String)>,
    /// Files looked at (read or classified).
    pub files_scanned: usize,
    /// Files skipped with a warning.
    pub files_skipped: usize,
    /// Warnings and errors met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// The display path of `path`: relative to `base` where possible, with `/` separators.
pub fn display_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        text
    }
}

/// A file (or directory) that was not read: a warning, and a collection error in the report.
fn skipped(base: &Path, path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        level: DiagnosticLevel::Warning,
        location: cloudward_model::Location {
            path: display_path(base, path),
            line: 0,
            column: 0,
        },
        message,
        unjudged: Unjudged::File,
    }
}

fn is_terraform(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

fn is_candidate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".yaml", ".yml", ".json", ".template"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn is_plan_name(name: &str) -> bool {
    name.ends_with(".tfplan.json") || name == "plan.json"
}

/// Whether JSON text is a `terraform show -json` plan.
fn looks_like_plan(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"format_version\"")
        && text.contains("\"planned_values\"")
}

/// Why an input file was not read, in the words every reader prints (one limit, one
/// message: issue 8).
pub(crate) fn too_large(size: u64) -> String {
    format!(
        "skipped: {size} bytes is over the {}-byte input file limit",
        crate::limits::MAX_FILE_BYTES
    )
}

/// Read an input file, refusing what cannot be an input: larger than
/// [`crate::limits::MAX_FILE_BYTES`], binary (NUL bytes, unless a UTF-16 byte order mark says
/// what it is), or unreadable. The error is the message of the skip diagnostic. The read
/// itself is bounded too, so a file that grows after the size check cannot exhaust memory.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let max = crate::limits::MAX_FILE_BYTES;
    let file = std::fs::File::open(path).map_err(|e| format!("skipped: cannot read: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("skipped: cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    // UTF-16 text has NUL bytes but a byte order mark says what it is.
    let utf16_bom = matches!(bytes.as_slice(), [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]);
    if bytes.contains(&0) && !utf16_bom {
        return Err("skipped: binary file (NUL bytes)".to_string());
    }
    Ok(bytes)
}

/// UTF-8 text of an input file's bytes, or the message of the skip diagnostic.
pub(crate) fn utf8_input(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "skipped: not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// How much of a skipped `.yaml`/`.json` file is read to tell whether it was an input.
const HEAD_BYTES: u64 = 64 * 1024;

/// Whether a file that could not be read may have been an input: Terraform files and plans by
/// name, other candidates by a look at their first [`HEAD_BYTES`] (lossily decoded). A 20 MB
/// `package-lock.json` is skipped with a warning but is no collection error; a template that
/// is too large, binary or not UTF-8 is one (issue 8).
fn may_be_input(path: &Path, name: &str) -> bool {
    use std::io::Read;
    if is_terraform(name) || is_plan_name(name) || name.contains(".tfvars") {
        return true;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head));
    if read.is_err() {
        // Unreadable: nothing says it was not an input.
        return true;
    }
    let text = match utf16(&head) {
        Some(text) => text,
        None => String::from_utf8_lossy(&head).replace('\0', ""),
    };
    crate::cloudformation::looks_like_template(&text)
        || (text.contains("\"format_version\"") && text.contains("\"terraform_version\""))
}

/// A skip diagnostic for `path`: a collection error when the file may have been an input.
fn skip(base: &Path, path: &Path, name: &str, message: String, d: &mut Discovery) {
    d.files_skipped += 1;
    let mut diagnostic = skipped(base, path, message);
    if !may_be_input(path, name) {
        diagnostic.unjudged = Unjudged::Nothing;
    }
    d.diagnostics.push(diagnostic);
}

/// Read a file for classification, refusing what cannot be an input.
fn read(base: &Path, path: &Path, name: &str, d: &mut Discovery) -> Option<Vec<u8>> {
    match read_input(path) {
        Ok(bytes) => Some(bytes),
        Err(message) => {
            skip(base, path, name, message, d);
            None
        }
    }
}

fn utf8(base: &Path, bytes: Vec<u8>, path: &Path, name: &str, d: &mut Discovery) -> Option<String> {
    match utf8_input(bytes) {
        Ok(text) => Some(text),
        Err(message) => {
            skip(base, path, name, message, d);
            None
        }
    }
}

/// Text of a file with a UTF-16 byte order mark (what PowerShell's `>` writes), if it has
/// one and decodes.
fn utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16(&units).ok()
}

/// Local module sources (`source = "./x"` or `"../x"`) named in a Terraform file, resolved
/// against its directory. A line-level scan is enough here: it only decides which directories
/// are roots; the Terraform adapter follows module sources itself.
fn local_sources(dir: &Path, text: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for line in text.lines() {
        for (at, _) in line.match_indices("source") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                continue;
            }
            let rest = line[at + "source".len()..]
                .trim_start_matches('"')
                .trim_start();
            let Some(value) = rest.strip_prefix(['=', ':']) else {
                continue;
            };
            let Some(quoted) = value.trim_start().strip_prefix('"') else {
                continue;
            };
            let Some(end) = quoted.find('"') else {
                continue;
            };
            let source = &quoted[..end];
            if source.starts_with("./") || source.starts_with("../") {
                out.push(normalize(&dir.join(source)));
            }
        }
    }
    out
}

/// Lexical normalisation (`a/b/../c` -> `a/c`, `../../a` kept), without touching the file
/// system: the one the Terraform adapter uses, so both name a directory alike.
fn normalize(path: &Path) -> PathBuf {
    crate::terraform::config::normalize(path)
}

/// Walk `root` (a directory or one file) and classify what is there. `base` is what display
/// paths are relative to.
pub fn discover(base: &Path, root: &Path) -> Discovery {
    let mut d = Discovery::default();
    let mut tf_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut called: BTreeSet<PathBuf> = BTreeSet::new();
    let mut tf_texts: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && SKIPPED_DIRS
                        .iter()
                        .any(|s| e.file_name().to_str() == Some(s)))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                d.files_skipped += 1;
                d.diagnostics
                    .push(skipped(base, &path, format!("skipped: {e}")));
                continue;
            }
        };
        // Regular files, and symlinks to regular files (directory symlinks are not followed).
        let is_file = entry.file_type().is_file()
            || (entry.file_type().is_symlink() && entry.path().is_file());
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !is_file {
            // A symlink to nothing named like an input is an input that cannot be read.
            let dangling = entry.file_type().is_symlink() && !path.exists();
            if dangling && (is_terraform(&name) || is_candidate(&name)) {
                d.files_skipped += 1;
                d.diagnostics.push(skipped(
                    base,
                    path,
                    "skipped: cannot read: the symbolic link points to nothing".to_string(),
                ));
            }
            continue;
        }
        if is_terraform(&name) {
            d.files_scanned += 1;
            let dir = normalize(path.parent().unwrap_or(Path::new(".")));
            if let Some(bytes) = read(base, path, &name, &mut d) {
                if let Some(text) = utf8(base, bytes, path, &name, &mut d) {
                    tf_texts
                        .entry(dir.clone())
                        .or_default()
                        .extend(local_sources(&dir, &text));
                }
            }
            tf_dirs.insert(dir);
            continue;
        }
        if !is_candidate(&name) {
            continue;
        }
        let Some(bytes) = read(base, path, &name, &mut d) else {
            continue;
        };
        if is_plan_name(&name) {
            // Plans go to the plan adapter as bytes: `terraform show -json > plan.json` in
            // PowerShell writes UTF-16, which the adapter decodes.
            d.files_scanned += 1;
            d.terraform_plans.push((path.to_path_buf(), bytes));
            continue;
        }
        let text = match utf16(&bytes) {
            Some(text) => text,
            None => match utf8(base, bytes, path, &name, &mut d) {
                Some(text) => text,
                None => continue,
            },
        };
        if looks_like_plan(&text) {
            d.files_scanned += 1;
            d.terraform_plans
                .push((path.to_path_buf(), text.into_bytes()));
        } else if crate::cloudformation::looks_like_template(&text) {
            d.files_scanned += 1;
            d.cloudformation.push((path.to_path_buf(), text));
        }
    }
    for sources in tf_texts.values() {
        for s in sources {
            called.insert(s.clone());
        }
    }
    let mut roots: Vec<PathBuf> = tf_dirs
        .iter()
        .filter(|dir| !called.contains(*dir))
        .cloned()
        .collect();
    // Modules only reachable through a cycle (a module calling itself with `source = "./"`,
    // or a -> b -> a) have no caller outside it: the first of each such group is a root, so
    // that the adapter reports the cycle instead of the tree silently giving no resources
    // (issue 8, defect 9).
    let mut reached: BTreeSet<PathBuf> = BTreeSet::new();
    let reach = |from: &PathBuf, reached: &mut BTreeSet<PathBuf>| {
        let mut stack = vec![from.clone()];
        while let Some(dir) = stack.pop() {
            if reached.insert(dir.clone()) {
                stack.extend(tf_texts.get(&dir).into_iter().flatten().cloned());
            }
        }
    };
    for root in &roots {
        reach(root, &mut reached);
    }
    for dir in &tf_dirs {
        if !reached.contains(dir) {
            roots.push(dir.clone());
            reach(dir, &mut reached);
        }
    }
    roots.sort();
    d.terraform_modules = roots;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_sources_resolve_relative_to_the_module() {
        let dir = Path::new("infra/prod");
        let text = "module \"net\" {\n  source = \"../modules/net\"\n}\nmodule \"x\" {\n  source = \"hashicorp/x/aws\"\n}\n";
        assert_eq!(
            local_sources(dir, text),
            vec![PathBuf::from("infra/modules/net")]
        );
        let json = "{\"module\": {\"a\": {\"source\": \"./a\"}}}";
        assert_eq!(
            local_sources(dir, json),
            vec![PathBuf::from("infra/prod/a")]
        );
        assert!(local_sources(dir, "data_source = \"./x\"").is_empty());
        let json = "{\n \"module\": {\"a\": {\n  \"source\": \"./a\"\n}}}";
        assert_eq!(
            local_sources(dir, json),
            vec![PathBuf::from("infra/prod/a")]
        );
    }

    #[test]
    fn utf16_with_a_bom_decodes() {
        let mut le = vec![0xFF, 0xFE];
        for u in "{\"a\": 1}".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(utf16(&le).as_deref(), Some("{\"a\": 1}"));
        assert_eq!(utf16(b"{}"), None);
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        assert_eq!(
            display_path(Path::new("/r"), Path::new("/r/a/b.yaml")),
            "a/b.yaml"
        );
        assert_eq!(
            display_path(Path::new("/r/b.yaml"), Path::new("/r/b.yaml")),
            "b.yaml"
        );
    }
}
