//! Characters that make text show other than it is: the bidirectional controls (U+202E, the
//! right-to-left override, shows what follows it backwards), isolates, and the zero-width
//! and invisible marks. No name, namespace, id, description or tag needs them, and a script
//! generated from a value that holds them would show one thing and run another; every string
//! and key of the spec is checked before anything reads it.

use super::reader::{join, Sink};
use crate::diagnostic::{hidden_char as hidden, Code};
use crate::document::{Node, Value};

/// Reports every string and key under `node` that holds a hidden character, once per value,
/// naming the first such character and where it is; walks the tree once, and builds a path only
/// for what it reports (building each node's path made a long key under a long list quadratic).
pub(crate) fn check_hidden(node: &Node, path: &str, sink: &mut Sink) {
    walk(node, &mut vec![Step::Path(path)], sink);
}

/// One step of the way from the root to a node.
enum Step<'a> {
    /// The path the walk started at.
    Path(&'a str),
    Key(&'a str),
    Index(usize),
}

fn walk<'a>(node: &'a Node, steps: &mut Vec<Step<'a>>, sink: &mut Sink) {
    match &node.value {
        Value::Str(text) => report(text, steps, node.line, "value", sink),
        Value::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                steps.push(Step::Index(index));
                walk(item, steps, sink);
                steps.pop();
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                steps.push(Step::Key(&entry.key));
                report(&entry.key, steps, entry.line, "key", sink);
                walk(&entry.value, steps, sink);
                steps.pop();
            }
        }
        _ => {}
    }
}

/// The path `steps` lead to, hidden characters in keys made visible.
fn path_of(steps: &[Step<'_>]) -> String {
    steps.iter().fold(String::new(), |path, step| match step {
        Step::Path(start) => (*start).to_owned(),
        Step::Key(key) => join(&path, &visible(key)),
        Step::Index(index) => format!("{path}[{index}]"),
    })
}

/// `text` with each hidden character written `<U+202E>`, so a path that names it shows it.
fn visible(text: &str) -> String {
    if !text.chars().any(|c| hidden(c).is_some()) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match hidden(c) {
            Some(_) => format!("<U+{:04X}>", u32::from(c)),
            None => c.to_string(),
        })
        .collect()
}

fn report(text: &str, steps: &[Step<'_>], line: usize, what: &str, sink: &mut Sink) {
    let Some((index, c, name)) = text
        .chars()
        .enumerate()
        .find_map(|(index, c)| hidden(c).map(|name| (index, c, name)))
    else {
        return;
    };
    sink.error(
        Code::HiddenText,
        &path_of(steps),
        line,
        format!(
            "the {what} holds U+{:04X} {name} (character {}), which changes how the text around it shows: what you read is not what a script would run; delete it",
            u32::from(c),
            index + 1
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn codes(text: &str) -> Vec<(String, String)> {
        let mut sink = Sink::default();
        check_hidden(&parse(text).unwrap(), "", &mut sink);
        sink.diagnostics
            .iter()
            .map(|d| (d.path.clone(), d.message.clone()))
            .collect()
    }

    #[test]
    fn every_value_and_key_is_read() {
        let found = codes(
            "name: \"gpu\\u202Ecod\"\ntags:\n  \"te\\u2066am\": x\n  ok: \"\\u200Bzero\"\nlist: [a, \"b\\u202Dc\"]\nfine: plain text, العربية\n",
        );
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["name", "tags.te<U+2066>am", "tags.ok", "list[1]"]);
        assert!(found[0]
            .1
            .contains("U+202E RIGHT-TO-LEFT OVERRIDE (character 4)"));
        assert!(found[1].1.starts_with("the key holds U+2066"));
    }
}
