//! The reader's unit tests: YAML 1.1 against 1.2, the caps, the errors and their lines.

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
