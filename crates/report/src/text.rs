//! Small text helpers shared by the renderers: framework labels, resource labels, XML escaping,
//! stable fingerprints.

use cloudward_model::{Finding, Location, RuleMeta, Severity};

/// The first non-empty line of `text`, trimmed.
pub(crate) fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// Greedy word wrap to `width` columns (counted in chars); words longer than a line stay whole
/// (a URL or an ARN must not be broken). Keeps terminal output readable at 100 columns.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.chars().count()
        } else {
            line.chars().count() + 1 + word.chars().count()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A location as compilers print it: `path:line:col` (no column when unknown).
pub(crate) fn location_label(loc: &Location) -> String {
    if loc.column > 0 {
        format!("{}:{}:{}", loc.path, loc.line, loc.column)
    } else {
        format!("{}:{}", loc.path, loc.line)
    }
}

/// Framework control ids of a rule, one label each: `CIS v5.0.0 5.1.1`, `FSBP EC2.7`.
pub(crate) fn framework_labels(meta: &RuleMeta) -> Vec<String> {
    let fw = &meta.frameworks;
    let groups: [(&str, &[&str]); 6] = [
        ("CIS v7.0.0", fw.cis_v7),
        ("CIS v6.0.0", fw.cis_v6),
        ("CIS v5.0.0", fw.cis_v5),
        ("CIS v3.0.0", fw.cis_v3),
        ("FSBP", fw.fsbp),
        ("AWS-WA", fw.well_architected),
    ];
    groups
        .iter()
        .flat_map(|(name, ids)| ids.iter().map(move |id| format!("{name} {id}")))
        .collect()
}

/// The standards a rule maps to, by full name (OCSF `compliance.standards`).
pub(crate) fn standard_names(meta: &RuleMeta) -> Vec<&'static str> {
    let fw = &meta.frameworks;
    let mut out = Vec::new();
    if !fw.cis_v7.is_empty() {
        out.push("CIS AWS Foundations Benchmark v7.0.0");
    }
    if !fw.cis_v6.is_empty() {
        out.push("CIS AWS Foundations Benchmark v6.0.0");
    }
    if !fw.cis_v5.is_empty() {
        out.push("CIS AWS Foundations Benchmark v5.0.0");
    }
    if !fw.cis_v3.is_empty() {
        out.push("CIS AWS Foundations Benchmark v3.0.0");
    }
    if !fw.fsbp.is_empty() {
        out.push("AWS Foundational Security Best Practices");
    }
    if !fw.well_architected.is_empty() {
        out.push("AWS Well-Architected Framework (Security Pillar)");
    }
    out
}

/// The remediation of a rule as Markdown: console steps, CLI, Terraform, references.
pub(crate) fn remediation_markdown(meta: &RuleMeta) -> String {
    let mut md = String::new();
    md.push_str(&format!("**{}**\n\n", meta.title));
    md.push_str(meta.checks.trim());
    md.push_str("\n\n");
    md.push_str(meta.rationale.trim());
    md.push_str("\n\n## Remediation\n\n");
    let r = &meta.remediation;
    if !r.console.trim().is_empty() {
        md.push_str(&format!("Console: {}\n\n", r.console.trim()));
    }
    if !r.cli.trim().is_empty() {
        md.push_str(&format!("AWS CLI:\n\n```sh\n{}\n```\n\n", r.cli.trim()));
    }
    if !r.terraform.trim().is_empty() {
        md.push_str(&format!(
            "Terraform:\n\n```hcl\n{}\n```\n\n",
            r.terraform.trim()
        ));
    }
    let frameworks = framework_labels(meta);
    if !frameworks.is_empty() {
        md.push_str(&format!("Frameworks: {}\n\n", frameworks.join(", ")));
    }
    if !meta.references.is_empty() {
        md.push_str("References:\n\n");
        for reference in meta.references {
            md.push_str(&format!("- <{reference}>\n"));
        }
        md.push('\n');
    }
    md.push_str(&format!("Full text: `cloudward explain {}`\n", meta.id));
    md
}

/// A stable fingerprint of a finding's identity: rule, resource, region and account, but not
/// the line (so moving code does not make a finding "new") nor the message. The account is
/// hashed only when the finding has one (IaC findings do not), so two accounts' `default` VPC
/// or `root` user in one organization report are two findings, not one. FNV-1a 64, specified
/// and stable across Rust versions, unlike `std`'s hasher.
pub(crate) fn fingerprint(f: &Finding) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let account = f.account.as_deref().unwrap_or("");
    let parts = [
        &*f.rule_id,
        f.resource_id.as_str(),
        f.region.as_deref().unwrap_or(""),
        account,
    ];
    let parts = if account.is_empty() {
        &parts[..3]
    } else {
        &parts[..]
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash = fnv_step(hash, 0);
        }
        for &b in part.as_bytes() {
            hash = fnv_step(hash, b);
        }
    }
    format!("{hash:016x}")
}

/// FNV-1a 64 of `bytes` (see [`fingerprint`]).
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, &b| fnv_step(hash, b))
}

fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Escape text for XML 1.0 element content and attribute values. Characters XML 1.0 forbids
/// (most C0 controls) become U+FFFD so that a stray byte in an AWS error message cannot make
/// the whole document unparsable.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The label OCSF and people use for a severity.
pub(crate) fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Info => "Informational",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            xml_escape("a<b>&\"c\" 'd'"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(xml_escape("tab\tnl\nbell\u{7}"), "tab\tnl\nbell\u{FFFD}");
        assert_eq!(xml_escape("é ✓"), "é ✓");
    }

    #[test]
    fn fnv_matches_the_published_test_vector() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (draft-eastlake-fnv test vectors).
        assert_eq!(fnv_step(0xcbf2_9ce4_8422_2325, b'a'), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn wrap_breaks_between_words_only() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(
            wrap("https://very.long/url x", 5),
            vec!["https://very.long/url", "x"]
        );
        assert!(wrap("  ", 10).is_empty());
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line("\n  step one\nstep two"), "step one");
        assert_eq!(first_line(""), "");
    }
}
