//! YAML templates: saphyr's event parser (which keeps tags and spans) into [`Node`]s.
//!
//! We build the tree ourselves rather than use saphyr's loader so that aliases are expanded
//! under a node budget (a "billion laughs" file is an error, not an out-of-memory), nesting is
//! bounded, and short-form intrinsics become their long forms as they are read.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::node::{to_u32, Key, Node, NodeKind, Pos, SyntaxError, MAX_DEPTH, MAX_NODES};

/// Short-form tags and the long form each stands for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Sub", "Fn::Sub"),
    ("GetAtt", "Fn::GetAtt"),
    ("Join", "Fn::Join"),
    ("If", "Fn::If"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("ForEach", "Fn::ForEach"),
];

fn pos(span: &Span) -> Pos {
    Pos {
        line: to_u32(span.start.line()),
        col: to_u32(span.start.col() + 1),
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
        tag: Option<Tag>,
    },
    Map {
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
        pos: Pos,
        anchor: usize,
        tag: Option<Tag>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

/// Parse YAML text into a tree. Only the first document is used; a stream of several
/// documents is reported as an error, since CloudFormation reads exactly one.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            pos: Pos {
                line: to_u32(e.marker().line()),
                col: to_u32(e.marker().col() + 1),
            },
            message: format!("YAML syntax error: {}", e.info()),
        })?;
        builder.on_event(event, span)?;
    }
    builder.root.ok_or(SyntaxError {
        pos: Pos { line: 1, col: 1 },
        message: "the file holds no YAML document".to_string(),
    })
}

impl Builder {
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let at = pos(&span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        pos: at,
                        message: "a template must be a single YAML document".to_string(),
                    });
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = scalar(value, style, tag.map(Cow::into_owned), at)?;
                self.count(1, at)?;
                self.remember(anchor, &node, 1);
                self.push(node, at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.depth_check(at)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    pos: at,
                    anchor,
                    tag: tag.map(Cow::into_owned),
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.depth_check(at)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    pos: at,
                    anchor,
                    tag: tag.map(Cow::into_owned),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(SyntaxError {
                        pos: at,
                        message: "unbalanced YAML collection".to_string(),
                    });
                };
                let (kind, p, anchor, tag) = match frame {
                    Frame::Seq {
                        items,
                        pos,
                        anchor,
                        tag,
                    } => (NodeKind::Seq(items), pos, anchor, tag),
                    Frame::Map {
                        entries,
                        pos,
                        anchor,
                        tag,
                        ..
                    } => (NodeKind::Map(entries), pos, anchor, tag),
                };
                self.count(1, p)?;
                let node = apply_tag(Node { kind, pos: p }, tag.as_ref())?;
                if anchor > 0 {
                    let size = size_of(&node);
                    self.remember(anchor, &node, size);
                }
                self.push(node, p)?;
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id).cloned() else {
                    return Err(SyntaxError {
                        pos: at,
                        message: "alias to an unknown anchor".to_string(),
                    });
                };
                self.count(size, at)?;
                self.push(node, at)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    fn depth_check(&self, at: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos: at,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        Ok(())
    }

    fn count(&mut self, n: usize, at: Pos) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                pos: at,
                message: format!(
                    "the document expands to more than {MAX_NODES} nodes (alias expansion?)"
                ),
            });
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
    }

    fn push(&mut self, node: Node, at: Pos) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map { entries, key, .. }) => {
                match key.take() {
                    None => {
                        let Some(name) = node.scalar_text() else {
                            return Err(SyntaxError {
                                pos: at,
                                message: "mapping keys must be scalars in a template".to_string(),
                            });
                        };
                        *key = Some(Key {
                            name,
                            pos: node.pos,
                        });
                    }
                    Some(k) => entries.push((k, node)),
                }
                Ok(())
            }
        }
    }
}

fn size_of(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Seq(items) => 1 + items.iter().map(size_of).sum::<usize>(),
        NodeKind::Map(entries) => 1 + entries.iter().map(|(_, v)| size_of(v)).sum::<usize>(),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar; quoted scalars are strings.
fn scalar(
    value: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<Tag>,
    at: Pos,
) -> Result<Node, SyntaxError> {
    let text = value.into_owned();
    let kind = if style != ScalarStyle::Plain {
        NodeKind::String(text)
    } else {
        resolve_plain(text)
    };
    let node = Node { kind, pos: at };
    apply_tag(node, tag.as_ref())
}

fn resolve_plain(text: String) -> NodeKind {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ if is_number(&text) => NodeKind::Number(text),
        _ => NodeKind::String(text),
    }
}

fn is_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    let mut digits = 0;
    let mut dot = false;
    let mut exp = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !dot && !exp => dot = true,
            'e' | 'E' if !exp && digits > 0 => {
                exp = true;
                if matches!(chars.peek(), Some('+') | Some('-')) {
                    chars.next();
                }
                if chars.peek().is_none() {
                    return false;
                }
            }
            _ => return false,
        }
    }
    digits > 0
}

/// Turn a tagged node into its long form: `!Ref x` -> `{Ref: x}`, `!GetAtt a.b` ->
/// `{Fn::GetAtt: [a, b]}`. Core-schema tags (`!!str`) coerce; other local tags become
/// `Fn::<Tag>` so the evaluator reports them as unsupported instead of reading them as data.
fn apply_tag(node: Node, tag: Option<&Tag>) -> Result<Node, SyntaxError> {
    let Some(tag) = tag else {
        return Ok(node);
    };
    if tag.handle == "!" {
        let function = SHORT_FORMS
            .iter()
            .find(|(short, _)| *short == tag.suffix)
            .map(|(_, long)| (*long).to_string())
            .unwrap_or_else(|| format!("Fn::{}", tag.suffix));
        let at = node.pos;
        let argument = if function == "Fn::GetAtt" {
            match &node.kind {
                NodeKind::String(s) => match s.split_once('.') {
                    Some((resource, attribute)) => Node {
                        kind: NodeKind::Seq(vec![
                            Node {
                                kind: NodeKind::String(resource.to_string()),
                                pos: at,
                            },
                            Node {
                                kind: NodeKind::String(attribute.to_string()),
                                pos: at,
                            },
                        ]),
                        pos: at,
                    },
                    None => node,
                },
                _ => node,
            }
        } else {
            node
        };
        return Ok(Node {
            kind: NodeKind::Map(vec![(
                Key {
                    name: function,
                    pos: at,
                },
                argument,
            )]),
            pos: at,
        });
    }
    // Core schema (`!!str`, `!!int`, ...): the handle is the YAML tag prefix.
    if tag.handle.starts_with("tag:yaml.org,2002:") || tag.handle == "!!" {
        let at = node.pos;
        return Ok(match (tag.suffix.as_str(), node.kind) {
            ("str", NodeKind::Number(s)) | ("str", NodeKind::String(s)) => Node {
                kind: NodeKind::String(s),
                pos: at,
            },
            ("str", NodeKind::Bool(b)) => Node {
                kind: NodeKind::String(b.to_string()),
                pos: at,
            },
            ("str", NodeKind::Null) => Node {
                kind: NodeKind::String(String::new()),
                pos: at,
            },
            (_, kind) => Node { kind, pos: at },
        });
    }
    Err(SyntaxError {
        pos: node.pos,
        message: format!("unsupported YAML tag {}{}", tag.handle, tag.suffix),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_become_long_forms_with_positions() {
        let root = parse("a: !Ref X\nb: !GetAtt R.Arn\nc:\n  - !Sub '${X}'\n").unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.get("Ref").unwrap().as_str(), Some("X"));
        // The span of a tagged scalar starts at its value.
        assert_eq!(a.pos, Pos { line: 1, col: 9 });
        let b = root.get("b").unwrap().get("Fn::GetAtt").unwrap();
        assert_eq!(
            b.kind,
            NodeKind::Seq(vec![
                Node {
                    kind: NodeKind::String("R".into()),
                    pos: b.pos
                },
                Node {
                    kind: NodeKind::String("Arn".into()),
                    pos: b.pos
                }
            ])
        );
        assert_eq!(root.entry("c").unwrap().0.pos.line, 3);
    }

    #[test]
    fn plain_scalars_resolve_and_quoted_stay_strings() {
        let root = parse("a: true\nb: '80'\nc: 80\nd: ~\ne: 1e3\nf: 12abc\n").unwrap();
        assert_eq!(root.get("a").unwrap().kind, NodeKind::Bool(true));
        assert_eq!(root.get("b").unwrap().kind, NodeKind::String("80".into()));
        assert_eq!(root.get("c").unwrap().kind, NodeKind::Number("80".into()));
        assert_eq!(root.get("d").unwrap().kind, NodeKind::Null);
        assert_eq!(root.get("e").unwrap().kind, NodeKind::Number("1e3".into()));
        assert_eq!(
            root.get("f").unwrap().kind,
            NodeKind::String("12abc".into())
        );
    }

    #[test]
    fn alias_bomb_is_an_error_not_an_oom() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("more than"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("nesting") || err.message.contains("recursion"),
            "{err:?}"
        );
    }

    /// Issue 8 (limits): nesting of exactly `MAX_NESTING_DEPTH` levels parses; one more is a
    /// syntax error naming the line.
    #[test]
    fn issue8_nesting_depth_at_and_past_the_limit() {
        let nested = |n: usize| format!("a:\n  {}{}\n", "[".repeat(n - 1), "]".repeat(n - 1));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let err = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(err.message.contains("nesting deeper than 128"), "{err:?}");
        assert_eq!(err.pos.line, 2);
    }

    /// Issue 8 (limits): aliases expanding to just under `MAX_YAML_NODES` nodes parse; ten
    /// times as many are an error, not an out-of-memory abort.
    #[test]
    fn issue8_alias_expansion_at_and_past_the_limit() {
        let bomb = |levels: usize| {
            let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..levels {
                let p = i - 1;
                text.push_str(&format!(
                    "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
                ));
            }
            text
        };
        // 10 + 110 + ... + 1,111,110 nodes: about 1.23 million, under 2 million.
        assert!(parse(&bomb(6)).is_ok());
        let err = parse(&bomb(7)).unwrap_err();
        assert!(err.message.contains("more than 2000000 nodes"), "{err:?}");
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = parse("a: b\nc: [d\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }
}
