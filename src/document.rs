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

use std::collections::HashMap;
use std::fmt;

#[cfg(feature = "yaml")]
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::diagnostic::excerpt;

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

/// A tab is allowed only in comments, quoted text and block text; U+0085, U+2028 and U+2029,
/// which YAML 1.1 takes for line breaks, only in quoted and block text. `verbatim` is in the
/// order of the text (the parser's events are), so one pass over both is enough.
fn check_tabs_and_breaks(text: &str, verbatim: &[(usize, usize)]) -> Result<(), DocumentError> {
    let mut ranges = verbatim.iter().peekable();
    // Asked with rising indexes only: ranges that end before `index` are behind for good.
    let mut inside = |index: usize| {
        while ranges.next_if(|&&(_, end)| end <= index).is_some() {}
        ranges
            .peek()
            .is_some_and(|&&(start, end)| (start..end).contains(&index))
    };
    let (mut line, mut column) = (1, 0);
    let mut in_comment = false;
    let mut previous = '\n';
    for (index, c) in text.chars().enumerate() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
                in_comment = false;
            }
            '#' if !in_comment
                && matches!(previous, ' ' | '\t' | '\n' | '\r')
                && !inside(index) =>
            {
                in_comment = true;
            }
            '\t' if !in_comment && !inside(index) => {
                return Err(DocumentError::at(
                    line,
                    column,
                    "a tab outside quotes and comments, which YAML as azure-ai-ml reads it does not allow; use spaces",
                ));
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' if !inside(index) => {
                return Err(DocumentError::at(
                    line,
                    column,
                    format!(
                        "U+{:04X} is a line break to YAML 1.1 and breaks the line here; delete it or quote the text",
                        u32::from(c)
                    ),
                ));
            }
            _ => {}
        }
        previous = c;
    }
    Ok(())
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
        merges: Vec<Node>,
        key: Option<Key>,
    },
}

/// A mapping key waiting for its value.
struct Key {
    text: String,
    is_text: bool,
    is_merge: bool,
    line: usize,
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    nodes: usize,
    /// Whether an alias has added nodes, for the message when there are too many.
    aliased: bool,
}

/// The tree, and the character ranges of quoted and block scalars (where tabs may appear).
#[cfg(feature = "yaml")]
fn parse_yaml(text: &str) -> Result<(Node, Vec<(usize, usize)>), DocumentError> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
        aliased: false,
    };
    let mut verbatim = Vec::new();
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| {
            DocumentError::at(
                error.marker().line().max(1),
                error.marker().col() + 1,
                error.info(),
            )
        })?;
        let line = span.start.line();
        let column = span.start.col() + 1;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(DocumentError::MultipleDocuments { line });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                if !plain {
                    verbatim.push((
                        span.start.index(),
                        span.end.index().max(span.start.index() + 1),
                    ));
                }
                let value = match tag.as_deref() {
                    Some(tag) if is_core(tag, "str") => Value::Str(text.into_owned()),
                    Some(tag) => return Err(unsupported_tag(tag, line, column)),
                    None if plain => resolve_plain(&text)
                        .ok_or_else(|| DocumentError::at(line, column, "a plain `=` is YAML 1.1's value marker, which azure-ai-ml cannot read; put it in quotes"))?,
                    None => Value::Str(text.into_owned()),
                };
                builder.complete(Node { value, line }, anchor, plain)?;
            }
            Event::Alias(id) => {
                // The parser rejects aliases to unknown anchors; be safe anyway.
                let node =
                    builder.anchors.get(&id).cloned().ok_or_else(|| {
                        DocumentError::at(line, column, "alias to an unknown anchor")
                    })?;
                builder.nodes += count_nodes(&node);
                builder.aliased = true;
                builder.complete(node, 0, false)?;
            }
            Event::SequenceStart(anchor, tag) => {
                if let Some(tag) = tag.as_deref().filter(|t| !is_core(t, "seq")) {
                    return Err(unsupported_tag(tag, line, column));
                }
                builder.open(
                    Frame::Seq {
                        line,
                        anchor,
                        items: Vec::new(),
                    },
                    line,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                if let Some(tag) = tag.as_deref().filter(|t| !is_core(t, "map")) {
                    return Err(unsupported_tag(tag, line, column));
                }
                builder.open(
                    Frame::Map {
                        line,
                        anchor,
                        entries: Vec::new(),
                        merges: Vec::new(),
                        key: None,
                    },
                    line,
                )?;
            }
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
                        merges,
                        ..
                    }) => (
                        Node {
                            value: Value::Map(merge(entries, merges, line)?),
                            line,
                        },
                        anchor,
                    ),
                    None => continue,
                };
                builder.complete(node, anchor, false)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        if builder.nodes > MAX_NODES {
            return Err(DocumentError::TooLarge {
                line,
                through_aliases: builder.aliased,
            });
        }
    }
    match builder.root {
        Some(Node {
            value: Value::Null, ..
        })
        | None => Err(DocumentError::Empty),
        Some(root) => Ok((root, verbatim)),
    }
}

#[cfg(feature = "yaml")]
fn is_core(tag: &Tag, suffix: &str) -> bool {
    tag.is_yaml_core_schema() && tag.suffix == suffix
}

/// A tag is named only when it is short: a long one (`key.pem: !<…>`) may hold a secret, and is
/// described by its length alone.
#[cfg(feature = "yaml")]
fn unsupported_tag(tag: &Tag, line: usize, column: usize) -> DocumentError {
    let shown = if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    let quoted = excerpt(&shown);
    let tag = if quoted.is_whole() {
        format!("the explicit tag {quoted}")
    } else {
        format!(
            "an explicit tag ({} characters, not shown)",
            shown.chars().count()
        )
    };
    DocumentError::at(
        line,
        column,
        format!("{tag} is not supported (azure-ai-ml's reader refuses custom tags); write the plain value"),
    )
}

/// YAML 1.1 merge keys: `<<: *base` (or a list of them) adds the keys the mapping lacks.
fn merge(
    mut entries: Vec<Entry>,
    merges: Vec<Node>,
    line: usize,
) -> Result<Vec<Entry>, DocumentError> {
    if merges.is_empty() {
        return Ok(entries);
    }
    let mut sources: Vec<Vec<Entry>> = Vec::new();
    for source in merges {
        match source.value {
            Value::Map(map) => sources.push(map),
            Value::Seq(items) => {
                for item in items {
                    match item.value {
                        Value::Map(map) => sources.push(map),
                        _ => {
                            return Err(DocumentError::at(
                                item.line.max(line),
                                1,
                                "a `<<` merge takes mappings only",
                            ))
                        }
                    }
                }
            }
            _ => {
                return Err(DocumentError::at(
                    source.line.max(line),
                    1,
                    "a `<<` merge takes a mapping or a list of mappings",
                ))
            }
        }
    }
    // Which merged entries add a key, each key looked up once: a scan of the mapping per merged
    // key was quadratic. (The map's type is the reader's index's, so the wasm has one copy.)
    let mut adds = Vec::new();
    {
        let mut present: HashMap<&str, (usize, usize)> = HashMap::new();
        for entry in &entries {
            present.insert(&entry.key, (0, 0));
        }
        for map in &sources {
            for entry in map {
                adds.push(present.insert(&entry.key, (0, 0)).is_none());
            }
        }
    }
    let mut adds = adds.into_iter();
    for map in sources {
        for entry in map {
            if adds.next() == Some(true) {
                entries.push(entry);
            }
        }
    }
    Ok(entries)
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
    fn complete(&mut self, node: Node, anchor: usize, plain: bool) -> Result<(), DocumentError> {
        self.nodes += 1;
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                key,
                ..
            }) => match key.take() {
                Some(key) if key.is_merge => merges.push(node),
                Some(key) => entries.push(Entry {
                    key: key.text,
                    key_is_text: key.is_text,
                    line: key.line,
                    value: node,
                }),
                None => {
                    let (text, is_text) = match node.value {
                        Value::Str(s) => (s, true),
                        Value::Null => (String::new(), false),
                        Value::Bool(b) => (b.to_string(), false),
                        Value::Int(i) => (i.to_string(), false),
                        Value::Float(f) => (f.to_string(), false),
                        Value::Date(d) => (d, false),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(DocumentError::ComplexKey { line: node.line })
                        }
                    };
                    *key = Some(Key {
                        is_merge: plain && text == "<<",
                        text,
                        is_text,
                        line: node.line,
                    });
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

/// PyYAML's (YAML 1.1) implicit resolution of a plain scalar; `None` for the value marker `=`.
fn resolve_plain(text: &str) -> Option<Value> {
    Some(match text {
        "=" => return None,
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Value::Bool(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        _ => {
            if let Some(value) = yaml11_int(text) {
                value
            } else if is_yaml11_float(text) {
                Value::Float(float_value(text))
            } else if is_yaml11_timestamp(text) {
                Value::Date(text.to_owned())
            } else {
                Value::Str(text.to_owned())
            }
        }
    })
}

fn all(text: &str, allowed: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(allowed)
}

fn digits_(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `0b…`, `0…` (octal), decimal, `0x…` and sexagesimal (`1:30`) integers, `_` allowed.
fn yaml11_int(text: &str) -> Option<Value> {
    let negative = text.starts_with('-');
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let radix = |digits: &str, radix: u32| {
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        let magnitude = if clean.is_empty() {
            Some(0)
        } else {
            i64::from_str_radix(&clean, radix).ok()
        };
        Some(match magnitude {
            Some(m) => Value::Int(if negative { -m } else { m }),
            None => Value::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }),
        })
    };
    if let Some(bits) = body.strip_prefix("0b") {
        return all(bits, |b| matches!(b, b'0' | b'1' | b'_'))
            .then(|| radix(bits, 2))
            .flatten();
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return all(hex, |b| b.is_ascii_hexdigit() || b == b'_')
            .then(|| radix(hex, 16))
            .flatten();
    }
    if body == "0" {
        return Some(Value::Int(0));
    }
    if let Some(octal) = body.strip_prefix('0') {
        return all(octal, |b| matches!(b, b'0'..=b'7' | b'_'))
            .then(|| radix(octal, 8))
            .flatten();
    }
    if !body.starts_with(|c: char| ('1'..='9').contains(&c)) {
        return None;
    }
    if all(body, digits_) {
        return radix(body, 10);
    }
    let (first, rest) = body.split_once(':')?;
    if !all(first, digits_) || !rest.split(':').all(is_base60_digit) {
        return None;
    }
    let mut value: i64 = 0;
    for part in body.split(':') {
        let clean: String = part.chars().filter(|&c| c != '_').collect();
        value = value.checked_mul(60)?.checked_add(clean.parse().ok()?)?;
    }
    Some(Value::Int(if negative { -value } else { value }))
}

/// `[0-5]?[0-9]`.
fn is_base60_digit(part: &str) -> bool {
    match part.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    }
}

/// PyYAML's float: a dot is required, an exponent needs its sign; `.inf`, `.nan`, sexagesimal.
fn is_yaml11_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let signed = text.starts_with(['-', '+']);
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let exponent_ok = |rest: &str| match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(e) => e
            .strip_prefix(['-', '+'])
            .is_some_and(|d| all(d, |b| b.is_ascii_digit())),
    };
    if let Some(fraction) = body.strip_prefix('.') {
        // `\.[0-9][0-9_]*` takes no sign.
        let end = fraction.find(['e', 'E']).unwrap_or(fraction.len());
        return !signed
            && fraction.starts_with(|c: char| c.is_ascii_digit())
            && fraction[..end].bytes().all(digits_)
            && exponent_ok(&fraction[end..]);
    }
    let Some((whole, fraction)) = body.split_once('.') else {
        return false;
    };
    if !whole.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let end = fraction.find(['e', 'E']).unwrap_or(fraction.len());
    let fraction_ok = fraction[..end].bytes().all(digits_);
    if all(whole, digits_) {
        return fraction_ok && exponent_ok(&fraction[end..]);
    }
    // Sexagesimal: `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, no exponent.
    let mut parts = whole.split(':');
    let head_ok = parts.next().is_some_and(|h| all(h, digits_));
    head_ok
        && whole.contains(':')
        && parts.all(is_base60_digit)
        && end == fraction.len()
        && fraction_ok
}

/// The value of a YAML 1.1 float, as PyYAML computes it (sexagesimal included).
///
/// The digits are read by serde_json's float parser, rewritten to JSON's number syntax first:
/// `str::parse::<f64>` would add core's exact-parsing tables, about 14 KB of gzipped wasm (measured).
fn float_value(text: &str) -> f64 {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let (negative, body) = match lower.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, lower.trim_start_matches('+')),
    };
    let magnitude = match body {
        ".inf" => f64::INFINITY,
        ".nan" => return f64::NAN,
        _ if body.contains(':') => {
            // `190:20:30.15`: base-60 digits, the last one may have a fraction.
            body.split(':')
                .fold(0.0, |total, part| total * 60.0 + json_float(part))
        }
        _ => json_float(body),
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// An unsigned decimal (`1.`, `.5`, `01.5e+3`) read as JSON reads `1.0`, `0.5`, `1.5e+3`.
fn json_float(digits: &str) -> f64 {
    let (mantissa, exponent) = match digits.find('e') {
        Some(at) => digits.split_at(at),
        None => (digits, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let json = format!(
        "{}.{}{exponent}",
        if whole.is_empty() { "0" } else { whole },
        if fraction.is_empty() { "0" } else { fraction }
    );
    // Through `Value`, whose parser the JSON reader already has: a parser for bare `f64` would
    // be another instantiation of serde_json's deserializer.
    serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|number| number.as_f64())
        .unwrap_or(f64::NAN)
}

/// `YYYY-MM-DD`, or a date and time as PyYAML's timestamp resolver accepts it.
fn is_yaml11_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if b.len() == 10
        && digits(&b[..4])
        && b[4] == b'-'
        && digits(&b[5..7])
        && b[7] == b'-'
        && digits(&b[8..])
    {
        return true;
    }
    // YYYY-M(M)-D(D)(T|t|whitespace)H(H):MM:SS(.frac)?(whitespace*(Z|±H(H)(:MM)?))?
    let Some(date_end) = text.find(['T', 't', ' ', '\t']) else {
        return false;
    };
    let (date, rest) = text.split_at(date_end);
    let date_parts: Vec<&str> = date.split('-').collect();
    let date_ok = date_parts.len() == 3
        && date_parts[0].len() == 4
        && date_parts.iter().all(|p| digits(p.as_bytes()))
        && (1..=2).contains(&date_parts[1].len())
        && (1..=2).contains(&date_parts[2].len());
    if !date_ok {
        return false;
    }
    let rest = match rest.strip_prefix(['T', 't']) {
        Some(r) => r,
        None => rest.trim_start_matches([' ', '\t']),
    };
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_end);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let t: Vec<&str> = hms.split(':').collect();
    let time_ok = t.len() == 3
        && (1..=2).contains(&t[0].len())
        && t[1].len() == 2
        && t[2].len() == 2
        && t.iter().all(|p| digits(p.as_bytes()))
        && fraction.bytes().all(|c| c.is_ascii_digit());
    let zone = zone.trim_start_matches([' ', '\t']);
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || zone.strip_prefix(['+', '-']).is_some_and(|z| {
            let (h, m) = z.split_once(':').unwrap_or((z, "00"));
            (1..=2).contains(&h.len())
                && digits(h.as_bytes())
                && m.len() == 2
                && digits(m.as_bytes())
        });
    time_ok && zone_ok
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
    fn plain_scalars_resolve_as_pyyaml_does() {
        let cases: &[(&str, Value)] = &[
            ("12", Value::Int(12)),
            ("'12'", Value::Str("12".into())),
            ("true", Value::Bool(true)),
            ("yes", Value::Bool(true)),
            ("Off", Value::Bool(false)),
            ("~", Value::Null),
            ("", Value::Null),
            ("1.5", Value::Float(1.5)),
            ("1e3", Value::Str("1e3".into())),
            ("1.0e+3", Value::Float(1000.0)),
            ("1.0e3", Value::Str("1.0e3".into())),
            (".5", Value::Float(0.5)),
            ("0x1F", Value::Int(31)),
            ("0o17", Value::Str("0o17".into())),
            ("017", Value::Int(15)),
            ("08", Value::Str("08".into())),
            ("0b101", Value::Int(5)),
            ("1_000", Value::Int(1000)),
            ("1:30", Value::Int(90)),
            ("-3", Value::Int(-3)),
            ("+12", Value::Int(12)),
            ("2024-06-01", Value::Date("2024-06-01".into())),
            (
                "2001-12-14t21:59:43.10-05:00",
                Value::Date("2001-12-14t21:59:43.10-05:00".into()),
            ),
            ("2024-6-1", Value::Str("2024-6-1".into())),
            ("!!str 7", Value::Str("7".into())),
            ("text", Value::Str("text".into())),
            ("k8s-prod", Value::Str("k8s-prod".into())),
            ("1.2.3", Value::Str("1.2.3".into())),
            ("-.inf", Value::Float(f64::NEG_INFINITY)),
            ("+.INF", Value::Float(f64::INFINITY)),
            ("1.", Value::Float(1.0)),
            ("-01.5", Value::Float(-1.5)),
            ("1_000.25", Value::Float(1000.25)),
            ("6.02e+23", Value::Float(6.02e23)),
            ("1.5e-3", Value::Float(0.0015)),
            ("190:20:30.15", Value::Float(685_230.15)),
            ("-1:30.5", Value::Float(-90.5)),
            ("0.1", Value::Float(0.1)),
        ];
        for (text, expected) in cases {
            let node = parse(&format!("a: {text}\n")).unwrap();
            let Value::Map(entries) = node.value else {
                panic!("{text}")
            };
            assert_eq!(&entries[0].value.value, expected, "{text}");
        }
        let entries = map("a: 1\nb: 2\n");
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn what_pyyaml_refuses_is_refused() {
        for (text, fragment) in [
            ("a: =\n", "value marker"),
            ("a: !Ref x\n", "`!Ref`"),
            ("a: !!int '5'\n", "`!!int`"),
            ("a: b\tc\n", "a tab"),
            ("a: b\t\n", "a tab"),
            ("{\n\t\"a\": 1\n}\n", "a tab"),
            ("a: b\u{7}\n", "U+0007"),
            ("# \u{1b}\na: b\n", "U+001B"),
            ("a: b\u{2028}c\n", "U+2028"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.to_string().contains(fragment), "{text:?}: {error}");
        }
        for ok in [
            "a: 'b\tc'\n",
            "a: \"b\tc\"\n",
            "a: b # a\tcomment\n",
            "a: |\n  tab\there\n",
            "a: '\u{2028}'\n",
            "\u{feff}a: b\n",
            "a: b\r\nc: d\r\n",
        ] {
            assert!(parse(ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn merge_keys_add_what_is_missing() {
        let entries = map("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n");
        let Value::Map(other) = &entries[1].value.value else {
            panic!()
        };
        let pairs: Vec<(&str, &Value)> = other
            .iter()
            .map(|e| (e.key.as_str(), &e.value.value))
            .collect();
        assert_eq!(pairs, [("y", &Value::Int(3)), ("x", &Value::Int(1))]);
        assert!(parse("a:\n  <<: 5\n").is_err());
    }

    #[test]
    fn keys_that_are_not_text_are_marked() {
        let entries = map("1: a\ntrue: b\nname: c\n'2': d\n");
        let kinds: Vec<bool> = entries.iter().map(|e| e.key_is_text).collect();
        assert_eq!(kinds, [false, false, true, true]);
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
        // A trailing comma is not JSON but is YAML, and PyYAML accepts it too.
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
        assert_eq!(
            parse(laughs).unwrap_err(),
            DocumentError::TooLarge {
                line: 5,
                through_aliases: true
            }
        );
    }

    /// Issue 18 (item 3): a tag too long to be a tag name (here the base64 of a key, as in
    /// `key.pem: !<…>`) is described by its length, never quoted; any tag, whatever its size,
    /// gives a short message.
    #[test]
    fn a_long_tag_is_described_by_its_length_not_quoted() {
        // Base64-looking text no message may hold a run of.
        let mut state = 0x2545_f491_u32;
        let key: String = (0..1700)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                char::from(alphabet[state as usize % 64])
            })
            .collect();
        let huge = "A".repeat(3 << 20);
        for text in [
            format!("key.pem: !<{key}> x\n"),
            format!("data:\n  key.pem: !{key} x\n"),
            format!("a: !!{key} x\n"),
            format!("a: !<{huge}> x\n"),
            format!("a: !<{huge}>\n  [1]\n"),
        ] {
            let message = parse(&text).unwrap_err().to_string();
            assert!(message.len() < 200, "{} bytes: {message}", message.len());
            assert!(message.contains("not shown"), "{message}");
            let windows: Vec<char> = key.chars().collect();
            for run in windows.windows(12) {
                let run: String = run.iter().collect();
                assert!(!message.contains(&run), "{message} holds {run}");
            }
        }
        let short = parse("a: !Ref x\n").unwrap_err().to_string();
        assert!(
            short.contains("the explicit tag `!Ref` is not supported"),
            "{short}"
        );
    }

    /// Issue 18 (item 10): "through aliases" only when aliases added to the count.
    #[test]
    fn too_many_values_mentions_aliases_only_when_there_are_some() {
        let plain: String = (0..=MAX_NODES / 2).map(|i| format!("k{i}: v\n")).collect();
        let error = parse(&plain).unwrap_err();
        assert!(matches!(
            error,
            DocumentError::TooLarge {
                through_aliases: false,
                ..
            }
        ));
        assert_eq!(
            error.to_string(),
            format!("the document holds more than {MAX_NODES} values, more than is read")
        );
        let items = "x, ".repeat(1000);
        let aliased = format!(
            "a: &a [{items}]\nb: [{}]\n",
            "*a, ".repeat(MAX_NODES / 1000 + 1)
        );
        let error = parse(&aliased).unwrap_err();
        assert_eq!(
            error,
            DocumentError::TooLarge {
                line: 2,
                through_aliases: true
            }
        );
        assert!(error.to_string().contains("through its aliases"), "{error}");
    }

    #[test]
    fn limits_hold_for_long_text_and_for_values_from_js() {
        let long = format!("a: '{}'\n", "x".repeat(MAX_TEXT_BYTES));
        assert_eq!(
            parse(&long).unwrap_err(),
            DocumentError::TooLong { bytes: long.len() }
        );
        assert!(parse_error_message(&long).contains("at most 4194304 bytes (4 MiB) are read"));
        let wide = serde_json::Value::Array(vec![serde_json::Value::Null; MAX_NODES]);
        assert_eq!(
            from_json(&wide).unwrap_err(),
            DocumentError::TooLarge {
                line: 0,
                through_aliases: false
            }
        );
        let fits = serde_json::Value::Array(vec![serde_json::Value::Null; MAX_NODES - 1]);
        assert!(from_json(&fits).is_ok());
    }

    fn parse_error_message(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn tabs_are_told_apart_inside_and_outside_many_quoted_values() {
        let quoted: String = (0..2000).map(|i| format!("'k{i}': \"v\tw\"\n")).collect();
        assert!(parse(&quoted).is_ok());
        let error = parse(&format!("{quoted}last: a\tb\n")).unwrap_err();
        assert!(
            matches!(error, DocumentError::Syntax { line: 2001, .. }),
            "{error}"
        );
    }

    #[test]
    fn merges_keep_the_first_of_each_key() {
        let entries = map("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: 0\n");
        let Value::Map(merged) = &entries[2].value.value else {
            panic!()
        };
        let pairs: Vec<(&str, &Value)> = merged
            .iter()
            .map(|e| (e.key.as_str(), &e.value.value))
            .collect();
        assert_eq!(
            pairs,
            [
                ("x", &Value::Int(0)),
                ("y", &Value::Int(2)),
                ("z", &Value::Int(4))
            ]
        );
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
