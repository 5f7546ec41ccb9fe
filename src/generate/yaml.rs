//! The v2 compute YAML for `az ml compute attach --file`, with every string written so that
//! YAML 1.1 (azure-ai-ml's reader) reads it back as the same text.

use serde_json::Value;

use super::Output;
use crate::document::{self, Value as Doc};
use crate::spec::{ComputeIdentity, KubernetesCompute, KUBERNETES_SCHEMA};

pub(super) fn yaml_v2(k: &KubernetesCompute) -> Output {
    let mut out = String::new();
    out.push_str(&format!("$schema: {KUBERNETES_SCHEMA}\n"));
    line(&mut out, 0, "name", &k.name);
    out.push_str("type: kubernetes\n");
    if let Some(description) = &k.description {
        line(&mut out, 0, "description", description);
    }
    line(&mut out, 0, "resource_id", &k.resource_id.to_string());
    line(&mut out, 0, "namespace", &k.namespace);
    match &k.identity {
        Some(ComputeIdentity::SystemAssigned) => {
            out.push_str("identity:\n  type: system_assigned\n")
        }
        Some(ComputeIdentity::None) => out.push_str("identity:\n  type: none\n"),
        Some(ComputeIdentity::UserAssigned(ids)) => {
            out.push_str("identity:\n  type: user_assigned\n  user_assigned_identities:\n");
            for id in ids {
                out.push_str(&format!("    - resource_id: {}\n", scalar(&id.to_string())));
            }
        }
        None => {}
    }
    if !k.tags.is_empty() {
        out.push_str("tags:\n");
        for (name, value) in &k.tags {
            out.push_str(&format!("  {}: {}\n", scalar(name), scalar(value)));
        }
    }
    if !k.properties.is_empty() {
        out.push_str("properties:");
        value(&mut out, 1, &Value::Object(k.properties.clone()));
    }
    Output {
        text: out,
        language: "yaml",
        filename: "compute.yml".to_owned(),
    }
}

fn line(out: &mut String, indent: usize, key: &str, text: &str) {
    out.push_str(&format!(
        "{}{}: {}\n",
        "  ".repeat(indent),
        key,
        scalar(text)
    ));
}

/// A JSON value in block style, starting after `key:` on the current line.
fn value(out: &mut String, indent: usize, v: &Value) {
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            for (key, item) in map {
                out.push_str(&format!("{pad}{}:", scalar(key)));
                value(out, indent + 1, item);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&format!("{pad}-"));
                value(out, indent + 1, item);
            }
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(_) => out.push_str(" []\n"),
        Value::Null => out.push_str(" null\n"),
        Value::Bool(b) => out.push_str(&format!(" {b}\n")),
        Value::Number(n) => out.push_str(&format!(" {}\n", number(n))),
        Value::String(s) => out.push_str(&format!(" {}\n", scalar(s))),
    }
}

/// A number as YAML 1.1 reads numbers: floats need a dot, and an exponent its sign.
fn number(n: &serde_json::Number) -> String {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or(0.0);
        let text = format!("{f:?}");
        match text.split_once('e') {
            Some((mantissa, exponent)) => {
                let mantissa = if mantissa.contains('.') {
                    mantissa.to_owned()
                } else {
                    format!("{mantissa}.0")
                };
                let exponent = if exponent.starts_with('-') {
                    exponent.to_owned()
                } else {
                    format!("+{exponent}")
                };
                format!("{mantissa}e{exponent}")
            }
            None => text,
        }
    } else {
        n.to_string()
    }
}

/// Plain when YAML 1.1 reads the text back unchanged as text, else double-quoted with escapes.
pub(super) fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let ok_chars = text
        .chars()
        .all(|c| c.is_alphanumeric() || " _./:@%+=,-()$~'".contains(c));
    ok_chars
        && !"-?:,[]{}#&*!|>'\"%@`~ ".contains(first)
        && !text.ends_with(' ')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && matches!(document::parse(&format!("k: {text}\n")).map(|n| n.value), Ok(Doc::Map(entries)) if entries.first().is_some_and(|e| e.value.value == Doc::Str(text.to_owned())))
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if ('\u{80}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_the_yaml_1_1_reader() {
        for text in [
            "aks",
            "yes",
            "No",
            "on",
            "1e3",
            "12",
            "0x1F",
            "2024-06-01",
            "~",
            "",
            "null",
            "=",
            "<<",
            "a: b",
            "a #b",
            "- x",
            "'q'",
            "\"dq\"",
            "line\nbreak",
            "tab\there",
            "trailing ",
            " lead",
            "caf\u{e9}",
            "\u{2028}",
            "back\\slash",
            "$HOME",
            "`cmd`",
            "{}",
            "[1]",
            "*alias",
            "&anchor",
            "!tag",
            "%dir",
            "@at",
            "100%",
            "a:b",
            "key:",
            "\u{1}",
            "\u{85}",
        ] {
            let yaml = format!("k: {}\n", scalar(text));
            let node =
                document::parse(&yaml).unwrap_or_else(|e| panic!("{text:?} -> {yaml:?}: {e}"));
            let Doc::Map(entries) = node.value else {
                panic!("{yaml}")
            };
            assert_eq!(
                entries[0].value.value,
                Doc::Str(text.to_owned()),
                "{text:?} -> {yaml:?}"
            );
        }
    }

    #[test]
    fn plain_where_it_is_safe() {
        assert_eq!(scalar("team-a"), "team-a");
        assert_eq!(
            scalar("/subscriptions/x/resourceGroups/rg"),
            "/subscriptions/x/resourceGroups/rg"
        );
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("1.5"), "\"1.5\"");
    }

    #[test]
    fn numbers_keep_their_type_in_yaml_1_1() {
        for n in [
            serde_json::json!(1e21),
            serde_json::json!(1.5),
            serde_json::json!(-2e-7),
            serde_json::json!(3),
        ] {
            let Value::Number(n) = n else { panic!() };
            let yaml = format!("k: {}\n", number(&n));
            let node = document::parse(&yaml).unwrap();
            let Doc::Map(entries) = node.value else {
                panic!()
            };
            assert!(
                matches!(entries[0].value.value, Doc::Int(_) | Doc::Float(_)),
                "{yaml}"
            );
        }
    }
}
