//! Reads YAML or JSON text (or a JSON value handed over from JS) into a small tree of nodes that
//! remember their line, so every later check can point at the line a problem is on.
//!
//! Scalars are resolved with YAML 1.2's core schema (`true`, `12`, `1.5`, `null`, `~`); quoted
//! scalars are always strings. Anchors and aliases are expanded within a size budget; a stream
//! of several documents, a mapping key that is itself a collection, or nesting deeper than
//! [`MAX_DEPTH`] is an error, never a panic or a stack overflow.

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Deepest nesting accepted; compute specs are three levels deep.
pub const MAX_DEPTH: usize = 64;
/// Most nodes a document may expand to (aliases included), against "billion laughs" input.
pub const MAX_NODES: usize = 100_000;

/// A value with the 1-based line it starts on (0 when unknown, as for values from JS).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// The line it starts on, 1-based; 0 when unknown.
    pub line: usize,
}

/// A YAML or JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// Text.
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in the order written; duplicate keys are kept for the reader to report.
    Map(Vec<Entry>),
}

/// One key of a mapping and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as written (a scalar's text).
    pub key: String,
    /// The line of the key, 1-based; 0 when unknown.
    pub line: usize,
    /// The value.
    pub value: Node,
}

impl Value {
    /// What kind of value this is, for messages: "a string", "a list", …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "empty (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Why a text could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Nothing but whitespace and comments.
    Empty,
    /// The YAML or JSON grammar is broken at this place.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected or found, without echoing the input.
        message: String,
    },
    /// More than one YAML document (`---`) in the text.
    MultipleDocuments {
        /// Line of the second document.
        line: usize,
    },
    /// A mapping key that is a list or a mapping.
    ComplexKey {
        /// Line of the key.
        line: usize,
    },
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// Line where the limit was passed.
        line: usize,
    },
    /// More than [`MAX_NODES`] nodes once aliases are expanded.
    TooLarge,
}

impl DocumentError {
    /// The 1-based line the problem is on, when there is one.
    pub fn line(&self) -> Option<usize> {
        match *self {
            DocumentError::Syntax { line, .. }
            | DocumentError::MultipleDocuments { line }
            | DocumentError::ComplexKey { line }
            | DocumentError::TooDeep { line } => Some(line),
            DocumentError::Empty | DocumentError::TooLarge => None,
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Empty => f.write_str("the document is empty"),
            DocumentError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid YAML or JSON at line {line}, column {column}: {message}"
            ),
            DocumentError::MultipleDocuments { line } => write!(
                f,
                "a second YAML document starts at line {line}; give one compute per file"
            ),
            DocumentError::ComplexKey { line } => write!(
                f,
                "the mapping key at line {line} is a list or mapping; keys must be plain text"
            ),
            DocumentError::TooDeep { line } => {
                write!(f, "nested more than {MAX_DEPTH} levels deep at line {line}")
            }
            DocumentError::TooLarge => write!(
                f,
                "the document expands to more than {MAX_NODES} values (through aliases)"
            ),
        }
    }
}

/// Parses YAML or JSON text. Text whose first character is `{` or `[` is read as JSON first,
/// for JSON's own error messages; JSON that is not strict JSON but is YAML is still accepted.
pub fn parse(text: &str) -> Result<Node, DocumentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let looks_like_json = matches!(text.trim_start().chars().next(), Some('{' | '['));
    if looks_like_json {
        // JSON is YAML 1.2, and the YAML reader keeps lines; strict JSON that YAML refuses
        // (tab indentation) still reads, and broken JSON gets JSON's own message.
        return parse_yaml(text).or_else(|yaml_error| {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value) => from_json(&value),
                Err(json_error) => Err(match yaml_error {
                    DocumentError::Syntax { .. } => DocumentError::Syntax {
                        line: json_error.line().max(1),
                        column: json_error.column().max(1),
                        message: json_message(&json_error),
                    },
                    other => other,
                }),
            }
        });
    }
    parse_yaml(text)
}

/// Converts a JSON value (as handed over from JS) into a tree without line numbers.
pub fn from_json(value: &serde_json::Value) -> Result<Node, DocumentError> {
    from_json_at(value, 0, 0)
}

fn from_json_at(
    value: &serde_json::Value,
    depth: usize,
    line: usize,
) -> Result<Node, DocumentError> {
    if depth > MAX_DEPTH {
        return Err(DocumentError::TooDeep { line });
    }
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::Seq(
            items
                .iter()
                .map(|item| from_json_at(item, depth + 1, line))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(key, value)| {
                    Ok(Entry {
                        key: key.clone(),
                        line,
                        value: from_json_at(value, depth + 1, line)?,
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Node { value, line })
}

/// serde_json's message without its trailing " at line L column C".
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// A collection being built while its events arrive.
enum Frame {
    Seq {
        line: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        line: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, usize)>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    nodes: usize,
}

fn parse_yaml(text: &str) -> Result<Node, DocumentError> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
    };
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| DocumentError::Syntax {
            line: error.marker().line().max(1),
            column: error.marker().col() + 1,
            message: error.info().to_owned(),
        })?;
        let line = span.start.line();
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(DocumentError::MultipleDocuments { line });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                builder.complete(Node { value, line }, anchor)?;
            }
            Event::Alias(id) => {
                // The parser rejects aliases to unknown anchors; be safe anyway.
                let node = builder
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or(DocumentError::Syntax {
                        line,
                        column: span.start.col() + 1,
                        message: "alias to an unknown anchor".to_owned(),
                    })?;
                builder.nodes += count_nodes(&node);
                builder.complete(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => builder.open(
                Frame::Seq {
                    line,
                    anchor,
                    items: Vec::new(),
                },
                line,
            )?,
            Event::MappingStart(anchor, _) => builder.open(
                Frame::Map {
                    line,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                },
                line,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match builder.stack.pop() {
                    Some(Frame::Seq {
                        line,
                        anchor,
                        items,
                    }) => (
                        Node {
                            value: Value::Seq(items),
                            line,
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        line,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            value: Value::Map(entries),
                            line,
                        },
                        anchor,
                    ),
                    None => continue,
                };
                builder.complete(node, anchor)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        if builder.nodes > MAX_NODES {
            return Err(DocumentError::TooLarge);
        }
    }
    match builder.root {
        Some(Node {
            value: Value::Null, ..
        })
        | None => Err(DocumentError::Empty),
        Some(root) => Ok(root),
    }
}

impl Builder {
    fn open(&mut self, frame: Frame, line: usize) -> Result<(), DocumentError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(DocumentError::TooDeep { line });
        }
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(DocumentError::ComplexKey { line });
        }
        self.nodes += 1;
        self.stack.push(frame);
        Ok(())
    }

    /// Places a finished node in its parent (or as the root) and records its anchor.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), DocumentError> {
        self.nodes += 1;
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some((key, line)) => entries.push(Entry {
                    key,
                    line,
                    value: node,
                }),
                None => {
                    let text = match node.value {
                        Value::Str(s) => s,
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(DocumentError::ComplexKey { line: node.line })
                        }
                    };
                    *key = Some((text, node.line));
                }
            },
        }
        Ok(())
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|e| count_nodes(&e.value)).sum(),
        _ => 0,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if !octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(i) = i64::from_str_radix(octal, 8) {
                return Value::Int(i);
            }
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(i) = i64::from_str_radix(hex, 16) {
                return Value::Int(i);
            }
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => text
                .parse::<f64>()
                .map_or(Value::Str(text.to_owned()), Value::Float),
        };
    }
    if is_core_float(digits) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text.to_owned())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` without the sign.
fn is_core_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (!whole.is_empty() || !fraction.is_empty())
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Vec<Entry> {
        match parse(text).unwrap().value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn yaml_scalars_resolve_with_the_core_schema() {
        let entries = map(
            "a: 12\nb: '12'\nc: true\nd: ~\ne: 1.5\nf: 0x1F\ng: text\nh: yes\ni: 1e3\nj: !!str 7\nk: -3\n",
        );
        let values: Vec<_> = entries.iter().map(|e| e.value.value.clone()).collect();
        assert_eq!(
            values,
            vec![
                Value::Int(12),
                Value::Str("12".into()),
                Value::Bool(true),
                Value::Null,
                Value::Float(1.5),
                Value::Int(31),
                Value::Str("text".into()),
                Value::Str("yes".into()),
                Value::Float(1000.0),
                Value::Str("7".into()),
                Value::Int(-3),
            ]
        );
        assert_eq!(
            entries.iter().map(|e| e.line).collect::<Vec<_>>(),
            (1..=11).collect::<Vec<_>>()
        );
    }

    #[test]
    fn json_is_read_with_json_errors() {
        let entries = map(r#"{"name": "aks", "n": 3, "l": [1, {"x": null}]}"#);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].value.value, Value::Int(3));
        let error = parse("{\n  \"name\": \"aks\"\n  \"type\": 1\n}").unwrap_err();
        assert_eq!(
            error,
            DocumentError::Syntax {
                line: 3,
                column: 3,
                message: "expected `,` or `}`".into()
            }
        );
        // A trailing comma is not JSON but is YAML (and PyYAML accepts it too).
        assert!(parse("{\"name\": \"aks\",}").is_ok());
    }

    #[test]
    fn flow_yaml_that_is_not_json_still_parses() {
        let entries = map("{name: aks, type: kubernetes}");
        assert_eq!(entries[1].key, "type");
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_reader() {
        let entries = map("name: a\nname: b\n");
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn broken_and_hostile_documents_are_errors() {
        assert_eq!(parse("").unwrap_err(), DocumentError::Empty);
        assert_eq!(
            parse("# only a comment\n").unwrap_err(),
            DocumentError::Empty
        );
        assert!(matches!(
            parse("a: [1, 2").unwrap_err(),
            DocumentError::Syntax { .. }
        ));
        assert!(matches!(
            parse("a: b\n c: d\n").unwrap_err(),
            DocumentError::Syntax { line: 2, .. }
        ));
        assert_eq!(
            parse("a: 1\n---\nb: 2\n").unwrap_err(),
            DocumentError::MultipleDocuments { line: 2 }
        );
        assert!(matches!(
            parse("? [a, b]\n: c\n").unwrap_err(),
            DocumentError::ComplexKey { .. }
        ));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(
            parse(&deep).unwrap_err(),
            DocumentError::TooDeep { .. }
        ));
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        assert_eq!(parse(laughs).unwrap_err(), DocumentError::TooLarge);
    }

    #[test]
    fn aliases_expand() {
        let entries = map("base: &b {x: 1}\nother: *b\n");
        assert_eq!(entries[0].value.value, entries[1].value.value);
    }

    #[test]
    fn errors_say_where() {
        let error = parse("name: aks\ntype: [kubernetes\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("not valid YAML or JSON at line"),
            "{error}"
        );
    }
}
