//! Evaluation of intrinsic functions, parameters, pseudo parameters, mappings and conditions.
//!
//! The evaluator turns a [`Node`] into a [`Val`]: the same shape with every intrinsic
//! replaced by what it evaluates to. What cannot be known before deployment (`AWS::AccountId`
//! with no `--parameter`, `Fn::ImportValue`, `Fn::GetAZs`, an attribute of a resource) becomes
//! [`V::Unknown`] with the precise reason, never a guess. A `Ref` or `Fn::GetAtt` to a resource
//! of the template becomes [`V::Ref`], which keeps the logical id so that adapters can join
//! (a bucket policy to its bucket, an ingress rule to its security group).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::node::{Node, NodeKind, Pos};

/// An evaluated value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Val {
    /// The value.
    pub v: V,
    /// Its position in the template.
    pub pos: Pos,
}

/// The shape of an evaluated value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum V {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    Str(String),
    /// A list (elements that evaluated to `AWS::NoValue` are gone).
    List(Vec<Val>),
    /// A mapping (properties that evaluated to `AWS::NoValue` are gone).
    Map(Vec<(String, Pos, Val)>),
    /// A reference to a resource of this template whose value is only known after deployment;
    /// `key` is what adapters use to join (the resource's static name, or its logical id).
    Ref {
        /// Logical id of the referenced resource.
        logical_id: String,
        /// `Fn::GetAtt` attribute (`None` for `Ref`).
        attribute: Option<String>,
        /// The join key.
        key: String,
    },
    /// Not knowable from the template; the reason says why.
    Unknown(String),
    /// `AWS::NoValue`: the property is removed.
    NoValue,
}

impl Val {
    fn new(v: V, pos: Pos) -> Self {
        Val { v, pos }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.v {
            V::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The entries of a mapping, `None` for anything else.
    pub fn entries(&self) -> Option<impl Iterator<Item = (&String, &Val)>> {
        match &self.v {
            V::Map(entries) => Some(entries.iter().map(|(k, _, v)| (k, v))),
            _ => None,
        }
    }

    /// The position of the key `key` of a mapping.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        match &self.v {
            V::Map(entries) => entries
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, p, _)| *p),
            _ => None,
        }
    }

    /// The reason this value is unknown, if it is (a `Ref` counts as unknown text).
    pub fn unknown_reason(&self) -> Option<String> {
        match &self.v {
            V::Unknown(r) => Some(r.clone()),
            V::Ref {
                logical_id,
                attribute,
                ..
            } => Some(match attribute {
                Some(a) => format!("{logical_id}.{a} is only known after deployment"),
                None => format!("the value of Ref {logical_id} is only known after deployment"),
            }),
            _ => None,
        }
    }

    /// A string (numbers and booleans as their text, as CloudFormation passes them).
    pub fn string(&self) -> Result<String, String> {
        match &self.v {
            V::Str(s) | V::Number(s) => Ok(s.clone()),
            V::Bool(b) => Ok(b.to_string()),
            _ => Err(self
                .unknown_reason()
                .unwrap_or_else(|| format!("expected a string at line {}", self.pos.line))),
        }
    }

    /// A string, or the join key of a resource reference (for ids used to join resources).
    pub fn id(&self) -> Result<String, String> {
        match &self.v {
            V::Ref { key, .. } => Ok(key.clone()),
            _ => self.string(),
        }
    }

    /// A boolean; CloudFormation accepts `"true"`/`"false"` strings too.
    pub fn boolean(&self) -> Result<bool, String> {
        match &self.v {
            V::Bool(b) => Ok(*b),
            V::Str(s) if s.eq_ignore_ascii_case("true") => Ok(true),
            V::Str(s) if s.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(self
                .unknown_reason()
                .unwrap_or_else(|| format!("expected a boolean at line {}", self.pos.line))),
        }
    }

    /// An integer; strings of digits count.
    pub fn integer(&self) -> Result<i64, String> {
        match &self.v {
            V::Number(s) | V::Str(s) => s
                .trim()
                .parse::<i64>()
                .or_else(|_| s.trim().parse::<f64>().map(|f| f as i64))
                .map_err(|_| format!("expected an integer at line {}, found {s:?}", self.pos.line)),
            _ => Err(self
                .unknown_reason()
                .unwrap_or_else(|| format!("expected an integer at line {}", self.pos.line))),
        }
    }

    /// The items of a list.
    pub fn list(&self) -> Result<&[Val], String> {
        match &self.v {
            V::List(items) => Ok(items),
            _ => Err(self
                .unknown_reason()
                .unwrap_or_else(|| format!("expected a list at line {}", self.pos.line))),
        }
    }

    /// Convert to JSON for policy documents. Unknown values inside are returned as `Err` with
    /// the JSON path of the first one, so callers can decide how much of a document they need.
    pub fn to_json(&self) -> Result<serde_json::Value, String> {
        use serde_json::Value as J;
        Ok(match &self.v {
            V::Null => J::Null,
            V::Bool(b) => J::Bool(*b),
            V::Number(s) => s
                .parse::<serde_json::Number>()
                .map(J::Number)
                .unwrap_or_else(|_| J::String(s.clone())),
            V::Str(s) => J::String(s.clone()),
            V::List(items) => J::Array(items.iter().map(Val::to_json).collect::<Result<_, _>>()?),
            V::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, _, v) in entries {
                    map.insert(k.clone(), v.to_json()?);
                }
                J::Object(map)
            }
            V::Ref { .. } | V::Unknown(_) | V::NoValue => {
                return Err(self
                    .unknown_reason()
                    .unwrap_or_else(|| "no value".to_string()))
            }
        })
    }

    /// JSON with unknown strings replaced by a visible placeholder, for the parts of a policy
    /// (resources, sids) where an unresolved ARN does not change what the policy grants.
    pub fn to_json_lossy(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.v {
            V::List(items) => J::Array(items.iter().map(Val::to_json_lossy).collect()),
            V::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.to_json_lossy()))
                    .collect(),
            ),
            V::Ref {
                logical_id,
                attribute,
                ..
            } => J::String(match attribute {
                Some(a) => format!("${{{logical_id}.{a}}}"),
                None => format!("${{{logical_id}}}"),
            }),
            V::Unknown(r) => J::String(format!("${{unresolved: {r}}}")),
            _ => self.to_json().unwrap_or(J::Null),
        }
    }
}

/// How many conditions may name each other in a chain.
use crate::limits::MAX_CONDITION_DEPTH;

/// How a resource of the template answers `Ref`.
#[derive(Clone, Debug)]
pub(crate) struct RefTarget {
    /// `Type`.
    pub resource_type: String,
    /// The static value of `Ref`, when the template sets the physical name (`BucketName`).
    pub static_ref: Option<String>,
    /// The join key: the static name, else the logical id (or `igw-<id>` for internet
    /// gateways so that route logic recognises the target).
    pub key: String,
}

/// Attributes whose value is the same identifier `Ref` returns.
const ATTRIBUTES_EQUAL_TO_REF: &[(&str, &str)] = &[
    ("AWS::EC2::SecurityGroup", "GroupId"),
    ("AWS::EC2::VPC", "VpcId"),
    ("AWS::EC2::Subnet", "SubnetId"),
    ("AWS::EC2::InternetGateway", "InternetGatewayId"),
    ("AWS::EC2::RouteTable", "RouteTableId"),
    ("AWS::EC2::NetworkAcl", "Id"),
    ("AWS::EC2::LaunchTemplate", "LaunchTemplateId"),
    ("AWS::EC2::Volume", "VolumeId"),
    ("AWS::EC2::Instance", "InstanceId"),
    ("AWS::GuardDuty::Detector", "Id"),
];

/// The evaluation context of one template.
pub(crate) struct Evaluator<'t> {
    /// Parameter values (overrides, else defaults); `Err` = unknown with reason.
    parameters: HashMap<String, Result<Val, String>>,
    mappings: Option<&'t Node>,
    conditions: HashMap<String, &'t Node>,
    condition_cache: RefCell<HashMap<String, Result<bool, String>>>,
    condition_stack: RefCell<HashSet<String>>,
    resources: HashMap<String, RefTarget>,
}

/// Pseudo parameters that have a fixed value for the standard partition.
fn pseudo_parameter(name: &str) -> Option<V> {
    Some(match name {
        "AWS::NoValue" => V::NoValue,
        "AWS::Partition" => V::Str("aws".to_string()),
        "AWS::URLSuffix" => V::Str("amazonaws.com".to_string()),
        "AWS::Region"
        | "AWS::AccountId"
        | "AWS::StackName"
        | "AWS::StackId"
        | "AWS::NotificationARNs" => V::Unknown(format!(
            "{name} is only known at deployment (pass --parameter {name}=VALUE)"
        )),
        _ => return None,
    })
}

impl<'t> Evaluator<'t> {
    /// Build the context from the template's sections and the `--parameter` overrides.
    pub fn new(
        template: &'t Node,
        overrides: &[(String, String)],
        resources: HashMap<String, RefTarget>,
    ) -> Self {
        let mut parameters = HashMap::new();
        if let Some(params) = template.get("Parameters").and_then(Node::as_map) {
            for (key, decl) in params {
                let list_type = decl
                    .get("Type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t.starts_with("List<") || t == "CommaDelimitedList");
                let given = overrides.iter().find(|(k, _)| *k == key.name);
                let value = match (given, decl.get("Default")) {
                    (Some((_, v)), _) => Ok(Val::new(V::Str(v.clone()), key.pos)),
                    (None, Some(default)) => Ok(literal(default)),
                    (None, None) => Err(format!(
                        "parameter {} has no Default and no --parameter {}=VALUE was given",
                        key.name, key.name
                    )),
                };
                let value = value.map(|v| if list_type { split_list(v) } else { v });
                parameters.insert(key.name.clone(), value);
            }
        }
        // Pseudo parameters may be given too (`--parameter AWS::Region=eu-west-1`).
        for (k, v) in overrides {
            if k.starts_with("AWS::") && k != "AWS::NoValue" {
                parameters.insert(k.clone(), Ok(Val::new(V::Str(v.clone()), Pos::default())));
            }
        }
        let conditions = template
            .get("Conditions")
            .and_then(Node::as_map)
            .map(|c| c.iter().map(|(k, v)| (k.name.clone(), v)).collect())
            .unwrap_or_default();
        Evaluator {
            parameters,
            mappings: template.get("Mappings"),
            conditions,
            condition_cache: RefCell::new(HashMap::new()),
            condition_stack: RefCell::new(HashSet::new()),
            resources,
        }
    }

    /// The value of a parameter or pseudo parameter given on the command line, if any.
    pub fn given(&self, name: &str) -> Option<String> {
        self.parameters
            .get(name)
            .and_then(|v| v.as_ref().ok())
            .and_then(|v| v.string().ok())
    }

    /// The resource table.
    pub fn resource(&self, logical_id: &str) -> Option<&RefTarget> {
        self.resources.get(logical_id)
    }

    /// Evaluate a named condition (memoised; cycles are unknown, not a stack overflow).
    pub fn condition(&self, name: &str) -> Result<bool, String> {
        if let Some(cached) = self.condition_cache.borrow().get(name) {
            return cached.clone();
        }
        let Some(node) = self.conditions.get(name) else {
            return Err(format!("condition {name} is not declared"));
        };
        if !self.condition_stack.borrow_mut().insert(name.to_string()) {
            return Err(format!("condition {name} refers to itself"));
        }
        // Conditions that name conditions recurse; a hostile chain must not exhaust the stack.
        if self.condition_stack.borrow().len() > MAX_CONDITION_DEPTH {
            self.condition_stack.borrow_mut().remove(name);
            return Err(format!(
                "condition {name} is nested more than {MAX_CONDITION_DEPTH} conditions deep"
            ));
        }
        let result = self.eval(node).boolean();
        self.condition_stack.borrow_mut().remove(name);
        self.condition_cache
            .borrow_mut()
            .insert(name.to_string(), result.clone());
        result
    }

    /// Evaluate a node.
    pub fn eval(&self, node: &Node) -> Val {
        let pos = node.pos;
        let v = match &node.kind {
            NodeKind::Null => V::Null,
            NodeKind::Bool(b) => V::Bool(*b),
            NodeKind::Number(s) => V::Number(s.clone()),
            NodeKind::String(s) => V::Str(s.clone()),
            NodeKind::Seq(items) => V::List(
                items
                    .iter()
                    .map(|n| self.eval(n))
                    .filter(|v| v.v != V::NoValue)
                    .collect(),
            ),
            NodeKind::Map(entries) => {
                if let [(key, arg)] = entries.as_slice() {
                    if key.name == "Ref" || key.name.starts_with("Fn::") {
                        return self.intrinsic(&key.name, arg, pos);
                    }
                    if key.name == "Condition" {
                        if let Some(name) = arg.as_str() {
                            // `{Condition: X}` inside Fn::And/Or/Not.
                            return Val::new(
                                match self.condition(name) {
                                    Ok(b) => V::Bool(b),
                                    Err(r) => V::Unknown(r),
                                },
                                pos,
                            );
                        }
                    }
                }
                V::Map(
                    entries
                        .iter()
                        .map(|(k, n)| (k.name.clone(), k.pos, self.eval(n)))
                        .filter(|(_, _, v)| v.v != V::NoValue)
                        .collect(),
                )
            }
        };
        Val::new(v, pos)
    }

    fn intrinsic(&self, name: &str, arg: &Node, pos: Pos) -> Val {
        let v = match name {
            "Ref" => self.reference(arg),
            "Fn::GetAtt" => self.get_att(arg),
            "Fn::Sub" => self.sub(arg),
            "Fn::Join" => self.join(arg),
            "Fn::Select" => self.select(arg),
            "Fn::Split" => self.split(arg),
            "Fn::If" => return self.if_(arg, pos),
            "Fn::Equals" => self.equals(arg),
            "Fn::And" | "Fn::Or" => self.and_or(name == "Fn::And", arg),
            "Fn::Not" => match self.eval(arg).list().map(<[Val]>::to_vec) {
                Ok(items) if items.len() == 1 => match items[0].boolean() {
                    Ok(b) => V::Bool(!b),
                    Err(r) => V::Unknown(r),
                },
                Ok(_) => V::Unknown("Fn::Not takes a list of one condition".to_string()),
                Err(r) => V::Unknown(r),
            },
            "Fn::Base64" => match self.eval(arg).string() {
                // The decoded value is what reaches the resource (user data); keep it readable.
                Ok(s) => V::Str(s),
                Err(r) => V::Unknown(r),
            },
            "Fn::FindInMap" => self.find_in_map(arg),
            "Fn::Length" => match self.eval(arg).list() {
                Ok(items) => V::Number(items.len().to_string()),
                Err(r) => V::Unknown(r),
            },
            "Fn::ImportValue" => V::Unknown(
                "Fn::ImportValue reads another stack's export, only known at deployment"
                    .to_string(),
            ),
            "Fn::GetAZs" => {
                V::Unknown("Fn::GetAZs lists the region's zones at deployment".to_string())
            }
            "Fn::Cidr" => V::Unknown("Fn::Cidr is not evaluated by cloudward".to_string()),
            other => V::Unknown(format!("intrinsic function {other} is not supported")),
        };
        Val::new(v, pos)
    }

    fn reference(&self, arg: &Node) -> V {
        let Some(name) = arg.as_str() else {
            return V::Unknown("Ref takes a name".to_string());
        };
        if let Some(value) = self.parameters.get(name) {
            return match value {
                Ok(v) => v.v.clone(),
                Err(r) => V::Unknown(r.clone()),
            };
        }
        if let Some(v) = pseudo_parameter(name) {
            return v;
        }
        match self.resources.get(name) {
            Some(RefTarget {
                static_ref: Some(s),
                ..
            }) => V::Str(s.clone()),
            Some(target) => V::Ref {
                logical_id: name.to_string(),
                attribute: None,
                key: target.key.clone(),
            },
            None => V::Unknown(format!("Ref {name}: no such parameter or resource")),
        }
    }

    fn get_att(&self, arg: &Node) -> V {
        let parts = match &arg.kind {
            NodeKind::Seq(items) if items.len() == 2 => {
                let attr = self.eval(&items[1]);
                match (items[0].as_str(), attr.string()) {
                    (Some(r), Ok(a)) => (r.to_string(), a),
                    _ => return V::Unknown("Fn::GetAtt with a computed argument".to_string()),
                }
            }
            NodeKind::String(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => return V::Unknown(format!("Fn::GetAtt {s}: expected Resource.Attribute")),
            },
            _ => return V::Unknown("Fn::GetAtt takes [Resource, Attribute]".to_string()),
        };
        let (logical_id, attribute) = parts;
        let Some(target) = self.resources.get(&logical_id) else {
            return V::Unknown(format!(
                "Fn::GetAtt {logical_id}.{attribute}: no such resource"
            ));
        };
        let same_as_ref = ATTRIBUTES_EQUAL_TO_REF
            .iter()
            .any(|(t, a)| *t == target.resource_type && *a == attribute);
        if same_as_ref {
            if let Some(s) = &target.static_ref {
                return V::Str(s.clone());
            }
            return V::Ref {
                logical_id,
                attribute: None,
                key: target.key.clone(),
            };
        }
        V::Ref {
            key: format!("{logical_id}.{attribute}"),
            logical_id,
            attribute: Some(attribute),
        }
    }

    fn sub(&self, arg: &Node) -> V {
        let (template, vars) = match &arg.kind {
            NodeKind::String(s) => (s.clone(), None),
            NodeKind::Seq(items) if items.len() == 2 => match items[0].as_str() {
                Some(s) => (s.to_string(), Some(&items[1])),
                None => return V::Unknown("Fn::Sub with a computed template".to_string()),
            },
            _ => return V::Unknown("Fn::Sub takes a string or [string, map]".to_string()),
        };
        // `!Sub '${Bucket}'` is the same as `!Ref Bucket`, and keeps the join key.
        if let Some(var) = template
            .strip_prefix("${")
            .and_then(|s| s.strip_suffix('}'))
            .filter(|v| !v.starts_with('!') && !v.contains(['$', '{', '}']))
        {
            return self.sub_var(var.trim(), vars, arg.pos);
        }
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            // `${!Literal}` writes `${Literal}`.
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let var = after[..end].trim();
            rest = &after[end + 1..];
            let value = Val::new(self.sub_var(var, vars, arg.pos), arg.pos);
            match value.string() {
                Ok(s) => out.push_str(&s),
                Err(reason) => {
                    return V::Unknown(format!(
                        "Fn::Sub depends on a value only known at deployment: {reason}"
                    ))
                }
            }
        }
        out.push_str(rest);
        V::Str(out)
    }

    fn sub_var(&self, var: &str, vars: Option<&Node>, pos: Pos) -> V {
        if let Some(node) = vars.and_then(|m| m.get(var)) {
            return self.eval(node).v;
        }
        let name = Node {
            kind: NodeKind::String(var.to_string()),
            pos,
        };
        if !self.parameters.contains_key(var) && !var.starts_with("AWS::") && var.contains('.') {
            self.get_att(&name)
        } else {
            self.reference(&name)
        }
    }

    fn join(&self, arg: &Node) -> V {
        let args = self.eval(arg);
        let Ok(parts) = args.list() else {
            return V::Unknown("Fn::Join takes [delimiter, list]".to_string());
        };
        if parts.len() != 2 {
            return V::Unknown("Fn::Join takes [delimiter, list]".to_string());
        }
        let delimiter = match parts[0].string() {
            Ok(d) => d,
            Err(r) => return V::Unknown(r),
        };
        let items = match parts[1].list() {
            Ok(items) => items,
            Err(r) => return V::Unknown(r),
        };
        let mut strings = Vec::with_capacity(items.len());
        for item in items {
            match item.string() {
                Ok(s) => strings.push(s),
                Err(r) => return V::Unknown(format!("Fn::Join: {r}")),
            }
        }
        V::Str(strings.join(&delimiter))
    }

    fn select(&self, arg: &Node) -> V {
        let args = self.eval(arg);
        let Ok(parts) = args.list() else {
            return V::Unknown("Fn::Select takes [index, list]".to_string());
        };
        if parts.len() != 2 {
            return V::Unknown("Fn::Select takes [index, list]".to_string());
        }
        let index = match parts[0].integer() {
            Ok(i) => i,
            Err(r) => return V::Unknown(r),
        };
        match parts[1].list() {
            Ok(items) => match usize::try_from(index).ok().and_then(|i| items.get(i)) {
                Some(v) => v.v.clone(),
                None => V::Unknown(format!("Fn::Select index {index} is out of range")),
            },
            Err(r) => V::Unknown(r),
        }
    }

    fn split(&self, arg: &Node) -> V {
        let args = self.eval(arg);
        let Ok(parts) = args.list() else {
            return V::Unknown("Fn::Split takes [delimiter, string]".to_string());
        };
        if parts.len() != 2 {
            return V::Unknown("Fn::Split takes [delimiter, string]".to_string());
        }
        match (parts[0].string(), parts[1].string()) {
            (Ok(d), Ok(s)) if !d.is_empty() => V::List(
                s.split(d.as_str())
                    .map(|p| Val::new(V::Str(p.to_string()), args.pos))
                    .collect(),
            ),
            (Ok(_), Ok(_)) => V::Unknown("Fn::Split with an empty delimiter".to_string()),
            (Err(r), _) | (_, Err(r)) => V::Unknown(r),
        }
    }

    fn if_(&self, arg: &Node, pos: Pos) -> Val {
        let NodeKind::Seq(items) = &arg.kind else {
            return Val::new(
                V::Unknown("Fn::If takes [condition, then, else]".into()),
                pos,
            );
        };
        if items.len() != 3 {
            return Val::new(
                V::Unknown("Fn::If takes [condition, then, else]".into()),
                pos,
            );
        }
        let Some(name) = items[0].as_str() else {
            return Val::new(V::Unknown("Fn::If takes a condition name".into()), pos);
        };
        match self.condition(name) {
            Ok(true) => self.eval(&items[1]),
            Ok(false) => self.eval(&items[2]),
            Err(r) => {
                let then = self.eval(&items[1]);
                let otherwise = self.eval(&items[2]);
                if then.v == otherwise.v {
                    then
                } else {
                    Val::new(V::Unknown(format!("Fn::If on condition {name}: {r}")), pos)
                }
            }
        }
    }

    fn equals(&self, arg: &Node) -> V {
        let args = self.eval(arg);
        match args.list() {
            Ok([a, b]) => match (a.to_json(), b.to_json()) {
                (Ok(x), Ok(y)) => V::Bool(json_equal(&x, &y)),
                (Err(r), _) | (_, Err(r)) => V::Unknown(r),
            },
            Ok(_) => V::Unknown("Fn::Equals takes two values".to_string()),
            Err(r) => V::Unknown(r),
        }
    }

    fn and_or(&self, and: bool, arg: &Node) -> V {
        let args = self.eval(arg);
        let items = match args.list() {
            Ok(items) => items,
            Err(r) => return V::Unknown(r),
        };
        let mut unknown = None;
        for item in items {
            match item.boolean() {
                // A false in an And (or a true in an Or) decides, whatever else is unknown.
                Ok(b) if b != and => return V::Bool(b),
                Ok(_) => {}
                Err(r) => unknown = unknown.or(Some(r)),
            }
        }
        match unknown {
            Some(r) => V::Unknown(r),
            None => V::Bool(and),
        }
    }

    fn find_in_map(&self, arg: &Node) -> V {
        let args = self.eval(arg);
        let keys = match args.list() {
            Ok(items) if items.len() >= 3 => items,
            Ok(_) => return V::Unknown("Fn::FindInMap takes [map, key, key]".to_string()),
            Err(r) => return V::Unknown(r),
        };
        let mut names = Vec::with_capacity(3);
        for k in &keys[..3] {
            match k.string() {
                Ok(s) => names.push(s),
                Err(r) => return V::Unknown(format!("Fn::FindInMap: {r}")),
            }
        }
        let found = self
            .mappings
            .and_then(|m| m.get(&names[0]))
            .and_then(|m| m.get(&names[1]))
            .and_then(|m| m.get(&names[2]));
        match found {
            Some(node) => self.eval(node).v,
            None => match keys.get(3).and_then(|d| d.get("DefaultValue")) {
                Some(default) => default.v.clone(),
                None => V::Unknown(format!(
                    "Fn::FindInMap: no entry {}/{}/{} in Mappings",
                    names[0], names[1], names[2]
                )),
            },
        }
    }
}

fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    // CloudFormation compares scalars as strings ("80" equals 80).
    let scalar = |v: &J| match v {
        J::String(s) => Some(s.clone()),
        J::Number(n) => Some(n.to_string()),
        J::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match (scalar(a), scalar(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Literal values of parameter defaults and mappings (no intrinsics are allowed there).
fn literal(node: &Node) -> Val {
    let v = match &node.kind {
        NodeKind::Null => V::Null,
        NodeKind::Bool(b) => V::Bool(*b),
        NodeKind::Number(s) => V::Number(s.clone()),
        NodeKind::String(s) => V::Str(s.clone()),
        NodeKind::Seq(items) => V::List(items.iter().map(literal).collect()),
        NodeKind::Map(entries) => V::Map(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), k.pos, literal(v)))
                .collect(),
        ),
    };
    Val::new(v, node.pos)
}

fn split_list(v: Val) -> Val {
    match &v.v {
        V::Str(s) => Val::new(
            V::List(
                s.split(',')
                    .map(|p| Val::new(V::Str(p.trim().to_string()), v.pos))
                    .collect(),
            ),
            v.pos,
        ),
        _ => v,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cloudformation::yaml;

    const TEMPLATE: &str = "
Parameters:
  Env: {Type: String, Default: dev}
  Zones: {Type: CommaDelimitedList, Default: 'a, b, c'}
  NoDefault: {Type: String}
Mappings:
  M:
    dev: {Size: 10}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  Loop: !Condition Loop2
  Loop2: !Condition Loop
  Region: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Sg:
    Type: AWS::EC2::SecurityGroup
";

    fn with(expr: &str, f: impl FnOnce(Val)) {
        let root = yaml::parse(TEMPLATE).unwrap();
        let mut table = HashMap::new();
        for (id, ty) in [
            ("Bucket", "AWS::S3::Bucket"),
            ("Sg", "AWS::EC2::SecurityGroup"),
        ] {
            table.insert(
                id.to_string(),
                RefTarget {
                    resource_type: ty.to_string(),
                    static_ref: None,
                    key: id.to_string(),
                },
            );
        }
        let ev = Evaluator::new(&root, &[], table);
        let node = yaml::parse(&format!("v: {expr}")).unwrap();
        f(ev.eval(node.get("v").unwrap()));
    }

    fn text(expr: &str) -> String {
        let mut out = String::new();
        with(expr, |v| {
            out = v.string().unwrap_or_else(|r| format!("UNKNOWN: {r}"))
        });
        out
    }

    #[test]
    fn strings() {
        assert_eq!(text("!Sub 'x-${Env}-${!Literal}'"), "x-dev-${Literal}");
        assert_eq!(text("!Sub ['${A}-${Env}', {A: !Ref Env}]"), "dev-dev");
        assert_eq!(text("!Join ['-', [a, !Ref Env, 3]]"), "a-dev-3");
        assert_eq!(text("!Select [1, !Ref Zones]"), "b");
        assert_eq!(text("!Select [2, !Split [',', 'x,y,z']]"), "z");
        assert_eq!(text("!FindInMap [M, !Ref Env, Size]"), "10");
        assert_eq!(text("!If [IsDev, yes, no]"), "yes");
        assert_eq!(text("!Ref AWS::Partition"), "aws");
        assert_eq!(text("!Base64 hello"), "hello");
    }

    #[test]
    fn unknowns_carry_a_reason() {
        assert!(text("!Ref NoDefault").contains("NoDefault has no Default"));
        assert!(text("!Ref AWS::AccountId").contains("--parameter AWS::AccountId"));
        assert!(text("!ImportValue shared").contains("another stack"));
        assert!(text("!Sub 'arn:${AWS::Region}:x'").contains("AWS::Region"));
        assert!(text("!If [Loop, a, b]").contains("refers to itself"));
        assert!(text("!If [Region, a, b]").contains("AWS::Region"));
        assert!(text("!Select [9, [a]]").contains("out of range"));
        assert!(text("!Cidr [10.0.0.0/16, 4, 8]").contains("not evaluated"));
        assert!(text("{'Fn::Bogus': 1}").contains("not supported"));
    }

    #[test]
    fn a_long_chain_of_conditions_is_unknown_not_a_stack_overflow() {
        let mut template = String::from("Conditions:\n  C0: !Equals [a, a]\n");
        for i in 1..5000 {
            template.push_str(&format!("  C{i}: !Condition C{}\n", i - 1));
        }
        let root = yaml::parse(&template).unwrap();
        let ev = Evaluator::new(&root, &[], HashMap::new());
        assert!(ev
            .condition("C4999")
            .unwrap_err()
            .contains("nested more than"));
        assert_eq!(ev.condition("C10"), Ok(true));
    }

    /// Issue 8 (limits): a chain of exactly `MAX_CONDITION_DEPTH` conditions is decided; one
    /// more is Unknown with the reason.
    #[test]
    fn issue8_condition_depth_at_and_past_the_limit() {
        let chain = |n: usize| {
            let mut template = String::from("Conditions:\n  C1: !Equals [a, a]\n");
            for i in 2..=n {
                template.push_str(&format!("  C{i}: !Condition C{}\n", i - 1));
            }
            template
        };
        let at = yaml::parse(&chain(MAX_CONDITION_DEPTH)).unwrap();
        let ev = Evaluator::new(&at, &[], HashMap::new());
        assert_eq!(ev.condition(&format!("C{MAX_CONDITION_DEPTH}")), Ok(true));
        let past = yaml::parse(&chain(MAX_CONDITION_DEPTH + 1)).unwrap();
        let ev = Evaluator::new(&past, &[], HashMap::new());
        let name = format!("C{}", MAX_CONDITION_DEPTH + 1);
        assert!(ev
            .condition(&name)
            .unwrap_err()
            .contains("nested more than 64"));
    }

    #[test]
    fn an_unknown_condition_with_equal_branches_is_known() {
        assert_eq!(text("!If [Region, same, same]"), "same");
    }

    #[test]
    fn references_to_resources_keep_the_join_key() {
        with("!Ref Bucket", |v| {
            assert!(matches!(v.v, V::Ref { ref key, .. } if key == "Bucket"));
        });
        with("!GetAtt Sg.GroupId", |v| {
            assert!(matches!(v.v, V::Ref { ref key, attribute: None, .. } if key == "Sg"));
        });
        with("!Sub '${Bucket}'", |v| {
            assert!(matches!(v.v, V::Ref { .. }))
        });
        with("!GetAtt Bucket.Arn", |v| {
            assert!(v.string().unwrap_err().contains("Bucket.Arn"));
        });
        with("!Ref Missing", |v| {
            assert!(v.string().unwrap_err().contains("no such"))
        });
    }

    #[test]
    fn and_or_not_and_no_value() {
        with("!And [!Equals [a, a], !Not [!Equals [a, b]]]", |v| {
            assert_eq!(v.boolean(), Ok(true));
        });
        // A false decides an And even when another operand is unknown.
        with("!And [!Condition Region, !Equals [a, b]]", |v| {
            assert_eq!(v.boolean(), Ok(false));
        });
        with("!Or [!Condition Region, !Equals [a, b]]", |v| {
            assert!(v.boolean().is_err())
        });
        with("!Equals [80, '80']", |v| assert_eq!(v.boolean(), Ok(true)));
        with("[a, !Ref AWS::NoValue, b]", |v| {
            assert_eq!(v.list().unwrap().len(), 2)
        });
        with("{A: !Ref AWS::NoValue, B: 1}", |v| {
            assert!(v.get("A").is_none());
            assert!(v.get("B").is_some());
        });
    }
}
