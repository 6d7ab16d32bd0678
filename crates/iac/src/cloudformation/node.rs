//! A template as a JSON-shaped tree in which every node keeps its line and column.
//!
//! YAML and JSON templates both parse into this one tree; YAML short-form tags (`!Ref`,
//! `!GetAtt`, ...) are rewritten on the way into their long forms (`Ref`, `Fn::GetAtt`), so the
//! evaluator sees one language.

/// Deepest nesting a template may have ([`crate::limits::MAX_NESTING_DEPTH`]).
pub(crate) const MAX_DEPTH: usize = crate::limits::MAX_NESTING_DEPTH;

/// Most nodes one template may expand to ([`crate::limits::MAX_YAML_NODES`]).
pub(crate) const MAX_NODES: usize = crate::limits::MAX_YAML_NODES;

/// A position in the template (1-based line and column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// One node of a template.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it starts.
    pub pos: Pos,
}

/// A mapping key and where it was written (findings about a property point at its key).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Key {
    /// The key text.
    pub name: String,
    /// Where the key starts.
    pub pos: Pos,
}

/// The JSON-shaped value of a node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NodeKind {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, kept as written (CloudFormation passes numbers as strings anyway).
    Number(String),
    /// A string.
    String(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// The value under `key` if this is a mapping (first match; templates are small maps
    /// except `Resources`, which callers index once).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key and value under `key`.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The entries if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The string if this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// Scalar text of a string, number or boolean (for keys and names).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::String(s) | NodeKind::Number(s) => Some(s.clone()),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Null => Some(String::new()),
            _ => None,
        }
    }
}

/// A syntax error with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Where.
    pub pos: Pos,
    /// What.
    pub message: String,
}

/// Convert a `usize` position to the `u32` the model uses, saturating.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
