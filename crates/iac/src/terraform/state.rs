//! Terraform state (`terraform.tfstate`, format version 4) and the `prior_state` of a plan
//! (`terraform show -json`), read for `cloudward drift`: which instance address is which live
//! resource (its `id` and `arn`), and which resource types the adapter does not model.
//!
//! Bounded like every other input of this crate ([`crate::limits`]): the file at
//! [`MAX_FILE_BYTES`], JSON nesting at serde_json's recursion limit (128, the same as
//! [`crate::limits::MAX_NESTING_DEPTH`]), instances at [`MAX_STATE_INSTANCES`] (the rest is
//! not read and [`State::truncated`] says so). Only `id` and `arn` are kept of each
//! instance's attributes, so memory is bounded by the instance count, not the state's size.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value as Json;

use super::identity::{identity, SYMBOLIC_ATTRIBUTES};
use crate::limits::{DEFAULT_MAX_INSTANCES, MAX_FILE_BYTES};

/// Most instances read from one state or plan (the adapter's own cap on one module tree).
pub const MAX_STATE_INSTANCES: usize = DEFAULT_MAX_INSTANCES;

/// What made a state file unreadable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{path}: {bytes} bytes, over the {MAX_FILE_BYTES}-byte limit for inputs")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        bytes: u64,
    },
    /// Not JSON, or JSON of another shape.
    #[error("{path}:{line}:{column}: {message}")]
    Format {
        /// The file.
        path: String,
        /// Line (0 when unknown).
        line: usize,
        /// Column (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// One managed resource instance of a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateInstance {
    /// The instance address, written as the adapter writes it (`module.net.aws_vpc.main`,
    /// `aws_s3_bucket.logs["a"]`, `aws_instance.web[0]`).
    pub address: String,
    /// The resource type.
    pub tf_type: String,
    /// The `id` attribute.
    pub id: Option<String>,
    /// The `arn` attribute.
    pub arn: Option<String>,
    /// State attributes naming resources the adapter refers to symbolically
    /// ([`SYMBOLIC_ATTRIBUTES`]), e.g. a VPC's `main_route_table_id`.
    pub implied: BTreeMap<String, String>,
}

/// A state or a plan's prior state, as `drift` needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Managed instances of types the adapter reads, in file order.
    pub instances: Vec<StateInstance>,
    /// Managed instances of types the adapter does not read: type and count.
    pub unsupported: BTreeMap<String, usize>,
    /// Why some instances were not read ([`MAX_STATE_INSTANCES`]), when some were not.
    pub truncated: Option<String>,
    /// Where the ids came from: `state` (format version 4) or `plan` (`prior_state`).
    pub origin: &'static str,
}

impl State {
    /// The instance at `address`.
    pub fn instance(&self, address: &str) -> Option<&StateInstance> {
        self.instances.iter().find(|i| i.address == address)
    }
}

/// Read a state or plan file, refusing one over [`MAX_FILE_BYTES`] before reading it.
pub fn read_file(path: &Path) -> Result<State, StateError> {
    let display = path.display().to_string();
    let read = |source| StateError::Read {
        path: display.clone(),
        source,
    };
    let bytes = std::fs::metadata(path).map_err(read)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(StateError::TooLarge {
            path: display,
            bytes,
        });
    }
    let data = std::fs::read(path).map_err(read)?;
    parse(&display, &data)
}

/// Parse state (format version 4) or plan JSON bytes read from `path`.
pub fn parse(path: &str, bytes: &[u8]) -> Result<State, StateError> {
    let format = |line, column, message: String| StateError::Format {
        path: path.to_string(),
        line,
        column,
        message,
    };
    let text = super::plan::decode(bytes).map_err(|e| format(0, 0, e))?;
    let json: Json = serde_json::from_str(&text)
        .map_err(|e| format(e.line(), e.column(), format!("not JSON: {e}")))?;
    let mut state = State::default();
    if let Some(prior) = json.get("prior_state") {
        state.origin = "plan";
        if let Some(root) = prior.pointer("/values/root_module") {
            plan_module(root, &mut state);
        }
        return Ok(state);
    }
    if json.get("planned_values").is_some() {
        // A plan of a configuration never applied: nothing exists yet.
        state.origin = "plan";
        return Ok(state);
    }
    match json.get("version").and_then(Json::as_u64) {
        Some(4) => {}
        Some(v) => {
            return Err(format(
                1,
                1,
                format!(
                    "state format version {v}: only version 4 (Terraform 0.12 and later) is read"
                ),
            ))
        }
        None => {
            return Err(format(
                1,
                1,
                "neither a Terraform state (no \"version\") nor a plan (no \"prior_state\")"
                    .to_string(),
            ))
        }
    }
    state.origin = "state";
    let resources: Vec<StateResource> = match json.get("resources") {
        None | Some(Json::Null) => Vec::new(),
        Some(r) => Vec::<StateResource>::deserialize(r)
            .map_err(|e| format(0, 0, format!("resources: {e}")))?,
    };
    for r in resources {
        if r.mode != "managed" {
            continue;
        }
        let base = match &r.module {
            Some(m) if !m.is_empty() => format!("{m}.{}.{}", r.tf_type, r.name),
            _ => format!("{}.{}", r.tf_type, r.name),
        };
        for i in r.instances {
            let address = match &i.index_key {
                None | Some(Json::Null) => base.clone(),
                Some(Json::Number(n)) => format!("{base}[{n}]"),
                // The adapter writes string keys as Rust's `{:?}` does.
                Some(Json::String(k)) => format!("{base}[{k:?}]"),
                Some(other) => format!("{base}[{other}]"),
            };
            if !push(&mut state, address, &r.tf_type, &i.attributes) {
                return Ok(state);
            }
        }
    }
    Ok(state)
}

/// Add one instance (or count its unsupported type); `false` once the cap is reached.
fn push(state: &mut State, address: String, tf_type: &str, attributes: &Json) -> bool {
    if identity(tf_type).is_none() {
        let n = state.unsupported.entry(tf_type.to_string()).or_default();
        *n = n.saturating_add(1);
        return true;
    }
    if state.instances.len() >= MAX_STATE_INSTANCES {
        state.truncated = Some(format!(
            "the state has more than {MAX_STATE_INSTANCES} instances; those after {address} \
             were not read"
        ));
        return false;
    }
    let text = |key: &str| {
        attributes
            .get(key)
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let implied = SYMBOLIC_ATTRIBUTES
        .iter()
        .filter(|(types, _, _)| types.contains(&tf_type))
        .filter_map(|&(_, _, attribute)| Some((attribute.to_string(), text(attribute)?)))
        .collect();
    state.instances.push(StateInstance {
        address,
        tf_type: tf_type.to_string(),
        id: text("id"),
        arn: text("arn"),
        implied,
    });
    true
}

/// Walk a plan's `prior_state` module and its children (nesting bounded by the JSON parser).
fn plan_module(module: &Json, state: &mut State) -> bool {
    if let Some(Json::Array(resources)) = module.get("resources") {
        for r in resources {
            if r.get("mode").and_then(Json::as_str) != Some("managed") {
                continue;
            }
            let (Some(address), Some(tf_type)) = (
                r.get("address").and_then(Json::as_str),
                r.get("type").and_then(Json::as_str),
            ) else {
                continue;
            };
            let values = r.get("values").unwrap_or(&Json::Null);
            if !push(state, address.to_string(), tf_type, values) {
                return false;
            }
        }
    }
    if let Some(Json::Array(children)) = module.get("child_modules") {
        for child in children {
            if !plan_module(child, state) {
                return false;
            }
        }
    }
    true
}

#[derive(Deserialize)]
struct StateResource {
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    mode: String,
    #[serde(rename = "type")]
    tf_type: String,
    name: String,
    #[serde(default)]
    instances: Vec<StateResourceInstance>,
}

#[derive(Deserialize)]
struct StateResourceInstance {
    #[serde(default)]
    index_key: Option<Json>,
    #[serde(default)]
    attributes: Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = r#"{
      "version": 4, "terraform_version": "1.9.0", "serial": 3, "lineage": "x",
      "resources": [
        {"mode": "managed", "type": "aws_security_group", "name": "web", "provider": "p",
         "instances": [{"schema_version": 1, "attributes": {"id": "sg-1", "arn": "arn:aws:ec2:us-east-1:1:security-group/sg-1"}}]},
        {"module": "module.net", "mode": "managed", "type": "aws_vpc", "name": "main",
         "instances": [{"attributes": {"id": "vpc-1", "main_route_table_id": "rtb-1"}}]},
        {"mode": "managed", "type": "aws_s3_bucket", "name": "b",
         "instances": [{"index_key": "a.b", "attributes": {"id": "x", "arn": "arn:aws:s3:::x"}},
                       {"index_key": 0, "attributes": {"id": "y"}}]},
        {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{"attributes": {}}]},
        {"mode": "managed", "type": "aws_nat_gateway", "name": "n", "instances": [{"attributes": {}}, {"attributes": {}}]}
      ]
    }"#;

    #[test]
    fn a_version_4_state_gives_addresses_ids_and_unsupported_types() {
        let s = parse("terraform.tfstate", STATE.as_bytes()).expect("parses");
        assert_eq!(s.origin, "state");
        let addresses: Vec<&str> = s.instances.iter().map(|i| i.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "aws_security_group.web",
                "module.net.aws_vpc.main",
                r#"aws_s3_bucket.b["a.b"]"#,
                "aws_s3_bucket.b[0]"
            ]
        );
        assert_eq!(s.instances[0].id.as_deref(), Some("sg-1"));
        assert_eq!(s.instances[2].arn.as_deref(), Some("arn:aws:s3:::x"));
        assert_eq!(s.instances[3].arn, None);
        assert_eq!(
            s.instances[1]
                .implied
                .get("main_route_table_id")
                .map(String::as_str),
            Some("rtb-1")
        );
        assert_eq!(s.unsupported.get("aws_nat_gateway"), Some(&2));
        assert_eq!(s.unsupported.len(), 1, "data sources are not resources");
        assert_eq!(s.truncated, None);
    }

    #[test]
    fn a_plan_gives_its_prior_state_and_a_fresh_plan_nothing() {
        let plan = r#"{"format_version": "1.2", "planned_values": {},
          "prior_state": {"values": {"root_module": {
            "resources": [{"address": "aws_ebs_volume.v", "mode": "managed", "type": "aws_ebs_volume", "values": {"id": "vol-1"}}],
            "child_modules": [{"resources": [{"address": "module.m.aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "values": {"id": "k", "arn": "arn:aws:kms:us-east-1:1:key/k"}}]}]
          }}}}"#;
        let s = parse("plan.json", plan.as_bytes()).expect("parses");
        assert_eq!(s.origin, "plan");
        assert_eq!(s.instances.len(), 2);
        assert_eq!(s.instances[1].address, "module.m.aws_kms_key.k");
        let fresh = parse("plan.json", br#"{"planned_values": {}}"#).expect("parses");
        assert!(fresh.instances.is_empty());
    }

    #[test]
    fn other_input_is_an_error_naming_the_file() {
        for (text, says) in [
            ("{", "not JSON"),
            (r#"{"version": 3}"#, "only version 4"),
            (r#"{"a": 1}"#, "neither a Terraform state"),
            (r#"{"version": 4, "resources": {"x": 1}}"#, "resources:"),
        ] {
            let e = parse("s.tfstate", text.as_bytes())
                .expect_err(text)
                .to_string();
            assert!(e.starts_with("s.tfstate:") && e.contains(says), "{e}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse("d", deep.as_bytes()).is_err(), "nesting is bounded");
    }

    #[test]
    fn instances_past_the_cap_are_not_read_and_that_is_said() {
        let mut state = State::default();
        let attrs = serde_json::json!({"id": "sg-1"});
        for n in 0..MAX_STATE_INSTANCES {
            assert!(push(
                &mut state,
                format!("aws_security_group.g[{n}]"),
                "aws_security_group",
                &attrs
            ));
        }
        assert!(!push(
            &mut state,
            "aws_security_group.last".into(),
            "aws_security_group",
            &attrs
        ));
        assert_eq!(state.instances.len(), MAX_STATE_INSTANCES);
        assert!(state
            .truncated
            .as_deref()
            .is_some_and(|t| t.contains("aws_security_group.last")));
    }
}
