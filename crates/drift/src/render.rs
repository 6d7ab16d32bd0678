//! The text form of a [`Drift`]: counts first, then what drifted with both values, what was
//! deleted by hand, what is unmanaged, and everything that could not be compared with why.

use std::fmt::Write as _;

use cloudward_model::Location;
use serde_json::Value as Json;

use crate::report::{Change, Declared, Drift};

/// Render a drift report as text (no colour; deterministic).
pub fn render_text(drift: &Drift) -> String {
    let mut out = String::new();
    let s = &drift.summary;
    let _ = writeln!(
        out,
        "cloudward drift: {} declared resources found in the account (ids from the {})",
        s.compared, drift.state_origin
    );
    let _ = writeln!(
        out,
        "  drifted {}, deleted by hand {}, unmanaged {}, not applied {}, not compared {}",
        s.drifted, s.missing, s.unmanaged, s.not_applied, s.not_compared
    );
    let in_sync = drift
        .resources
        .iter()
        .filter(|r| r.differences.is_empty() && r.not_compared.is_empty())
        .count();
    let _ = writeln!(
        out,
        "  in sync {in_sync} (every attribute compared and equal)"
    );

    let drifted: Vec<_> = drift
        .resources
        .iter()
        .filter(|r| !r.differences.is_empty())
        .collect();
    if !drifted.is_empty() {
        let _ = writeln!(out, "\nDrifted (code and account differ)");
        for r in drifted {
            let _ = writeln!(
                out,
                "  {}{} -> {}",
                r.address,
                at(r.location.as_ref()),
                r.live_id
            );
            for d in &r.differences {
                match &d.change {
                    Change::Value { code, live } => {
                        let _ = writeln!(
                            out,
                            "    {}: code {}, live {}",
                            d.attribute,
                            item(code),
                            item(live)
                        );
                    }
                    Change::Items {
                        only_code,
                        only_live,
                    } => {
                        for i in only_live {
                            let _ = writeln!(
                                out,
                                "    {}: present live, absent in code: {}",
                                d.attribute,
                                item(i)
                            );
                        }
                        for i in only_code {
                            let _ = writeln!(
                                out,
                                "    {}: in code, absent live: {}",
                                d.attribute,
                                item(i)
                            );
                        }
                    }
                }
            }
        }
    }
    declared_list(
        &mut out,
        "Deleted by hand (in code and state, not in the account)",
        &drift.missing,
    );
    if !drift.unmanaged.is_empty() {
        let _ = writeln!(out, "\nUnmanaged (in the account, in no Terraform state)");
        for u in &drift.unmanaged {
            let region = u
                .region
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}: {}{region}", u.kind.label(), u.id);
        }
    }
    declared_list(
        &mut out,
        "Not applied (in code, not in the state)",
        &drift.not_applied,
    );
    declared_list(
        &mut out,
        "Not compared (the live resource could not be looked for)",
        &drift.not_compared,
    );
    let partial: Vec<_> = drift
        .resources
        .iter()
        .filter(|r| !r.not_compared.is_empty() || r.existence_unknown.is_some())
        .collect();
    if !partial.is_empty() {
        let _ = writeln!(
            out,
            "\nAttributes not compared (unknown on one side; never counted as equal)"
        );
        for r in partial {
            let _ = writeln!(out, "  {}", r.address);
            if let Some(why) = &r.existence_unknown {
                let _ = writeln!(out, "    (may not exist: {why})");
            }
            for n in &r.not_compared {
                let _ = writeln!(out, "    {}: {}", n.attribute, n.reason);
            }
        }
    }
    if !drift.unmanaged_unknown.is_empty() {
        let _ = writeln!(out, "\nUnmanaged resources not decided");
        // One line per reason: a snapshot of two services leaves dozens of kinds undecided.
        let mut by_reason: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for k in &drift.unmanaged_unknown {
            by_reason
                .entry(&k.reason)
                .or_default()
                .push(k.kind.plural());
        }
        for (reason, kinds) in by_reason {
            let _ = writeln!(out, "  {reason}: {}", kinds.join(", "));
        }
    }
    if let Some(why) = &drift.state_truncated {
        let _ = writeln!(out, "\nState not read in full: {why}");
    }
    if !drift.unsupported_types.is_empty() {
        let types: Vec<String> = drift
            .unsupported_types
            .iter()
            .map(|(t, n)| format!("{t} ({n})"))
            .collect();
        let _ = writeln!(
            out,
            "\nResource types in the state that cloudward does not model (not compared): {}",
            types.join(", ")
        );
    }
    out
}

fn declared_list(out: &mut String, title: &str, items: &[Declared]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for d in items {
        let mut line = format!("  {}{}", d.address, at(d.location.as_ref()));
        if let Some(id) = &d.live_id {
            let _ = write!(line, ": {id}");
        }
        if let Some(why) = &d.reason {
            let _ = write!(line, " ({why})");
        }
        let _ = writeln!(out, "{line}");
    }
}

fn at(location: Option<&Location>) -> String {
    match location {
        Some(l) if l.line > 0 => format!(" ({}:{})", l.path, l.line),
        Some(l) => format!(" ({})", l.path),
        None => String::new(),
    }
}

/// One value or list item, readable: a security group rule as `tcp 22 from 0.0.0.0/0`, a
/// string without quotes, anything else as compact JSON.
fn item(value: &Json) -> String {
    if let Some(rule) = security_group_rule(value) {
        return rule;
    }
    match value {
        Json::String(s) => s.clone(),
        Json::Null => "none".to_string(),
        other => other.to_string(),
    }
}

fn security_group_rule(value: &Json) -> Option<String> {
    let protocol = value.get("ip_protocol")?.as_str()?;
    let peer = value.get("peer")?.get("value")?.as_str()?;
    let from = value.get("from_port").and_then(Json::as_i64);
    let to = value.get("to_port").and_then(Json::as_i64);
    let ports = match (protocol, from, to) {
        ("-1", _, _) => "all traffic".to_string(),
        (p, Some(f), Some(t)) if f == t => format!("{p} {f}"),
        (p, Some(f), Some(t)) => format!("{p} {f}-{t}"),
        (p, _, _) => format!("{p} all ports"),
    };
    let description = value
        .get("description")
        .and_then(Json::as_str)
        .map(|d| format!(" \"{d}\""))
        .unwrap_or_default();
    Some(format!("{ports} from {peer}{description}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn security_group_rules_read_as_rules() {
        let rule = json!({"ip_protocol": "tcp", "from_port": 22, "to_port": 22,
                          "peer": {"type": "ipv4", "value": "0.0.0.0/0"}});
        assert_eq!(item(&rule), "tcp 22 from 0.0.0.0/0");
        let all = json!({"ip_protocol": "-1", "peer": {"type": "ipv6", "value": "::/0"}, "description": "x"});
        assert_eq!(item(&all), "all traffic from ::/0 \"x\"");
        assert_eq!(item(&json!(null)), "none");
        assert_eq!(item(&json!({"a": 1})), r#"{"a":1}"#);
    }
}
