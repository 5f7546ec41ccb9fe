//! Reads YAML or JSON text (or a JSON value handed over from JS) into a small tree of nodes that
//! remember their line, so every later check can point at the line a problem is on.
//!
//! Compute files are read by azure-ai-ml with PyYAML, that is with YAML 1.1 rules, so this reader
//! follows them where they differ from YAML 1.2: plain `yes`/`no`/`on`/`off` are booleans,
//! `2024-06-01` is a date, `1e3` is text, `<<` merges mappings, and a tab outside quotes,
//! comments and block text, a control character anywhere, or an explicit tag other than `!!str`
//! is an error. Anchors and aliases are expanded within a size budget; several documents, a
//! collection as a mapping key, text longer than [`MAX_TEXT_BYTES`], more than [`MAX_NODES`]
//! values or nesting deeper than [`MAX_DEPTH`] is an error, never a panic. Reading is linear in
//! the text, and no message quotes more of it than [`excerpt`] allows.
#![cfg_attr(not(feature = "yaml"), allow(dead_code, unused_imports))]

mod yaml;
mod yaml11;

#[cfg(feature = "yaml")]
use yaml::{check_tabs_and_breaks, parse_yaml};

use std::fmt;

/// Longest text read, in bytes: checked before anything else reads it. The largest document
/// read is a Kubernetes Secret as `kubectl get -o yaml` prints it (at most 1 MiB of data,
/// base64-encoded, and again in the `last-applied-configuration` annotation); a compute spec is
/// a few kilobytes.
pub const MAX_TEXT_BYTES: usize = 4 << 20;
/// Deepest nesting accepted; compute specs are three levels deep.
pub const MAX_DEPTH: usize = 64;
/// Most nodes a document may hold or expand to (aliases included), against "billion laughs"
/// input; counted while reading.
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
    /// `true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off`.
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A date or time written without quotes (`2024-06-01`), as its text.
    Date(String),
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
    /// False when the key is not text to YAML 1.1 (`1:`, `true:`, `~:`).
    pub key_is_text: bool,
    /// The line of the key, 1-based; 0 when unknown.
    pub line: usize,
    /// The value.
    pub value: Node,
}

impl Value {
    /// What kind of value this is, for messages: "text", "a list", …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "empty (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Date(_) => "a date",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The longest value a wrong-type message quotes whole (see [`Value::described`]).
pub const QUOTED_VALUE_CHARS: usize = 24;

impl Value {
    /// Its kind, with a short scalar's value: "text (`three`)", "a number (`1.5`)", "a list".
    /// Messages about a value of the wrong type say what was given; a value longer than
    /// [`QUOTED_VALUE_CHARS`] is named by its kind alone, so that no part of a key or token
    /// pasted into the wrong field reaches a message.
    pub fn described(&self) -> String {
        let scalar = match self {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Date(d) | Value::Str(d) => Some(d.clone()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        };
        match scalar {
            Some(text) if text.chars().count() <= QUOTED_VALUE_CHARS => {
                format!("{} ({})", self.kind(), crate::diagnostic::excerpt(&text))
            }
            _ => self.kind().to_owned(),
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
    /// More than [`MAX_NODES`] nodes, aliases expanded.
    TooLarge {
        /// Line where the limit was passed; 0 when unknown (a value from JS).
        line: usize,
        /// Whether aliases (`*name`) added to the count.
        through_aliases: bool,
    },
    /// Longer than [`MAX_TEXT_BYTES`].
    TooLong {
        /// The text's length in bytes.
        bytes: usize,
    },
}

impl DocumentError {
    /// The diagnostic for a text that is not a document at all (`parse-error`, the whole
    /// document, at its line).
    pub fn diagnostic(&self) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::{Code, Diagnostic, Severity};
        Diagnostic::new(Code::ParseError, Severity::Error, "", self.to_string())
            .at_line(self.line().unwrap_or(0))
    }

    /// The 1-based line the problem is on, when there is one.
    pub fn line(&self) -> Option<usize> {
        match *self {
            DocumentError::Syntax { line, .. }
            | DocumentError::MultipleDocuments { line }
            | DocumentError::ComplexKey { line }
            | DocumentError::TooDeep { line }
            | DocumentError::TooLarge { line, .. } => Some(line).filter(|&line| line > 0),
            DocumentError::Empty | DocumentError::TooLong { .. } => None,
        }
    }

    fn at(line: usize, column: usize, message: impl Into<String>) -> DocumentError {
        DocumentError::Syntax {
            line,
            column,
            message: message.into(),
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
            DocumentError::TooLarge {
                through_aliases: true,
                ..
            } => write!(
                f,
                "the document expands to more than {MAX_NODES} values through its aliases (`*name`), more than is read"
            ),
            DocumentError::TooLarge {
                through_aliases: false,
                ..
            } => write!(
                f,
                "the document holds more than {MAX_NODES} values, more than is read"
            ),
            DocumentError::TooLong { bytes } => write!(
                f,
                "the text is {bytes} bytes long; at most {MAX_TEXT_BYTES} bytes ({} MiB) are read",
                MAX_TEXT_BYTES >> 20
            ),
        }
    }
}

/// Parses YAML or JSON text the way azure-ai-ml's reader does. Broken JSON (text starting with
/// `{` or `[`) is reported with JSON's own message.
pub fn parse(text: &str) -> Result<Node, DocumentError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(DocumentError::TooLong { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_characters(text)?;
    #[cfg(not(feature = "yaml"))]
    return json_only(text);
    #[cfg(feature = "yaml")]
    let (node, verbatim) = parse_yaml(text).map_err(|yaml_error| {
        let looks_like_json = matches!(text.trim_start().chars().next(), Some('{' | '['));
        match (looks_like_json, &yaml_error) {
            (true, DocumentError::Syntax { .. }) => {
                match serde_json::from_str::<serde_json::Value>(text) {
                    Err(json_error) => DocumentError::at(
                        json_error.line().max(1),
                        json_error.column().max(1),
                        json_message(&json_error),
                    ),
                    Ok(_) => yaml_error,
                }
            }
            _ => yaml_error,
        }
    })?;
    #[cfg(feature = "yaml")]
    check_tabs_and_breaks(text, &verbatim)?;
    #[cfg(feature = "yaml")]
    Ok(node)
}

/// Without the `yaml` feature (the page's checker, which the first verdict waits for: the form
/// hands it objects, and YAML text goes to the generators' module), text is read as JSON only.
#[cfg(not(feature = "yaml"))]
fn json_only(text: &str) -> Result<Node, DocumentError> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => from_json(&value),
        Err(error) if matches!(text.trim_start().chars().next(), Some('{' | '[')) => Err(DocumentError::at(
            error.line().max(1),
            error.column().max(1),
            json_message(&error),
        )),
        Err(_) => Err(DocumentError::at(
            1,
            1,
            "this module reads JSON only: YAML is read by the full module (amlattach_generate, or the npm package)".to_owned(),
        )),
    }
}

/// Converts a JSON value (as handed over from JS) into a tree without line numbers, within the
/// same depth and node limits as text.
pub fn from_json(value: &serde_json::Value) -> Result<Node, DocumentError> {
    from_json_at(value, 0, &mut 0)
}

fn from_json_at(
    value: &serde_json::Value,
    depth: usize,
    nodes: &mut usize,
) -> Result<Node, DocumentError> {
    if depth > MAX_DEPTH {
        return Err(DocumentError::TooDeep { line: 0 });
    }
    *nodes += 1;
    if *nodes > MAX_NODES {
        return Err(DocumentError::TooLarge {
            line: 0,
            through_aliases: false,
        });
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
                .map(|item| from_json_at(item, depth + 1, nodes))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(key, value)| {
                    Ok(Entry {
                        key: key.clone(),
                        key_is_text: true,
                        line: 0,
                        value: from_json_at(value, depth + 1, nodes)?,
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Node { value, line: 0 })
}

/// serde_json's message without its trailing " at line L column C".
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// PyYAML refuses these characters anywhere in the stream, comments included.
fn check_characters(text: &str) -> Result<(), DocumentError> {
    let mut line = 1;
    let mut column = 0;
    for c in text.chars() {
        column += 1;
        let printable = matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || ('\u{a0}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}';
        if !printable {
            return Err(DocumentError::at(
                line,
                column,
                format!(
                    "the control character U+{:04X} is not allowed (azure-ai-ml refuses it, even in a comment); delete it",
                    u32::from(c)
                ),
            ));
        }
        if c == '\n' {
            line += 1;
            column = 0;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
