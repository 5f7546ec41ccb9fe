//! The YAML reader: saphyr-parser's events into the tree, with anchors and aliases expanded within
//! the node budget, `<<` merges, the tags PyYAML takes, and the tab and line-break rules of
//! YAML 1.1 outside quoted and block text.

use std::collections::HashMap;

#[cfg(feature = "yaml")]
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::yaml11::resolve_plain;
use super::{DocumentError, Entry, Node, Value, MAX_DEPTH, MAX_NODES};
use crate::diagnostic::excerpt;

/// A tab is allowed only in comments, quoted text and block text; U+0085, U+2028 and U+2029,
/// which YAML 1.1 takes for line breaks, only in quoted and block text. `verbatim` is in the
/// order of the text (the parser's events are), so one pass over both is enough.
pub(super) fn check_tabs_and_breaks(
    text: &str,
    verbatim: &[(usize, usize)],
) -> Result<(), DocumentError> {
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
pub(super) fn parse_yaml(text: &str) -> Result<(Node, Vec<(usize, usize)>), DocumentError> {
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
pub(super) fn is_core(tag: &Tag, suffix: &str) -> bool {
    tag.is_yaml_core_schema() && tag.suffix == suffix
}

/// A tag is named only when it is short: a long one (`key.pem: !<…>`) may hold a secret, and is
/// described by its length alone.
#[cfg(feature = "yaml")]
pub(super) fn unsupported_tag(tag: &Tag, line: usize, column: usize) -> DocumentError {
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
pub(super) fn merge(
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

pub(super) fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|e| count_nodes(&e.value)).sum(),
        _ => 0,
    }
}
