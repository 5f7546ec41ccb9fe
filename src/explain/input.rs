//! Reading what the user pasted: which kind of input it is (free text, an ARM error envelope,
//! `provisioningErrors`, a whole compute), the errors in it (codes, messages, `additionalInfo`
//! types, from JSON and from `az`'s "(Code) Message" lines), and the normalized text patterns
//! are searched in, with a map back to positions in the text.

use serde::Serialize;
use serde_json::Value;

/// What kind of input the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// Free text: CLI, SDK or studio output, a stack trace, prose (JSON inside it is read too).
    Text,
    /// An ARM error envelope: `{"error": {code, message, details, additionalInfo}}`.
    ArmError,
    /// A compute's `provisioningErrors`: `[{"error": {code, message}}]`.
    ProvisioningErrors,
    /// A whole compute (`az ml compute show` or an ARM GET) with `provisioningErrors`.
    Compute,
    /// Other JSON.
    Json,
}

/// One error read from the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractedError {
    /// Where it was found: a JSON path (`error.details[0]`) or `line N`.
    pub path: String,
    /// Its code, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its message, when it has one (secrets already redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The `type`s of its `additionalInfo` entries (`PolicyViolation`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_info: Vec<String>,
    /// For a policy violation: the names of the policies that denied the request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
}

/// The most JSON documents read from inside free text.
const MAX_EMBEDDED: usize = 16;
/// The most errors kept.
const MAX_ERRORS: usize = 64;
/// The deepest nesting of `details` followed.
const MAX_DEPTH: usize = 16;
/// The longest message kept in an extracted error, in characters.
const MAX_MESSAGE: usize = 2000;

/// The kind of `text` and the errors in it.
pub fn extract(text: &str) -> (InputKind, Vec<ExtractedError>) {
    let mut errors = Vec::new();
    let trimmed = text.trim();
    if trimmed.starts_with(['{', '[']) {
        if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
            let kind = kind_of(&value);
            walk(&value, "", 0, &mut errors);
            return (kind, errors);
        }
    }
    for (start, end) in embedded_json(text) {
        if let Ok(value) = serde_json::from_str::<Value>(&text[start..end]) {
            let line = line_of(text, start);
            let first = errors.len();
            walk(&value, "", 0, &mut errors);
            for error in &mut errors[first..] {
                error.path = format!("line {line}: {}", error.path);
            }
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    code_lines(text, &mut errors);
    // `az` prints `(Code) Message` and then `Code:`/`Message:` lines for the same error.
    let mut seen: Vec<(Option<String>, Option<String>)> = Vec::new();
    errors.retain(|e| {
        let key = (e.code.clone(), e.message.clone());
        let new = !seen.contains(&key);
        if new {
            seen.push(key);
        }
        new
    });
    errors.truncate(MAX_ERRORS);
    (InputKind::Text, errors)
}

fn kind_of(value: &Value) -> InputKind {
    if value.get("error").is_some_and(Value::is_object)
        || (value.get("code").is_some_and(Value::is_string)
            && value.get("message").is_some_and(Value::is_string))
    {
        return InputKind::ArmError;
    }
    if let Some(items) = value.as_array() {
        if items
            .iter()
            .any(|item| item.get("error").is_some_and(Value::is_object))
        {
            return InputKind::ProvisioningErrors;
        }
    }
    let properties = value.get("properties").unwrap_or(value);
    if properties.get("provisioningErrors").is_some()
        || properties.get("provisioning_errors").is_some()
        || value.get("provisioning_state").is_some()
        || properties.get("provisioningState").is_some()
    {
        return InputKind::Compute;
    }
    InputKind::Json
}

/// Collects every `{code, message}` object, following `error`, `details`, `provisioningErrors`
/// and `properties` (bounded in depth and count).
fn walk(value: &Value, path: &str, depth: usize, errors: &mut Vec<ExtractedError>) {
    if depth > MAX_DEPTH || errors.len() >= MAX_ERRORS {
        return;
    }
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate().take(MAX_ERRORS) {
                walk(item, &format!("{path}[{index}]"), depth + 1, errors);
            }
        }
        Value::Object(map) => {
            let text = |key: &str| {
                map.get(key)
                    .and_then(Value::as_str)
                    .map(|s| s.chars().take(MAX_MESSAGE).collect::<String>())
            };
            let code = text("code").or_else(|| text("Code"));
            let message = text("message").or_else(|| text("Message"));
            if code.is_some() || message.is_some() {
                let mut error = ExtractedError {
                    path: if path.is_empty() {
                        "$".to_owned()
                    } else {
                        path.to_owned()
                    },
                    code,
                    message,
                    additional_info: Vec::new(),
                    policies: Vec::new(),
                };
                if let Some(infos) = map.get("additionalInfo").and_then(Value::as_array) {
                    for info in infos.iter().take(16) {
                        if let Some(kind) = info.get("type").and_then(Value::as_str) {
                            error.additional_info.push(kind.to_owned());
                        }
                        if let Some(facts) = info.get("info") {
                            for key in [
                                "policyDefinitionDisplayName",
                                "policyAssignmentDisplayName",
                                "policyAssignmentName",
                            ] {
                                if let Some(name) = facts.get(key).and_then(Value::as_str) {
                                    if !error.policies.iter().any(|p| p == name) {
                                        error.policies.push(name.to_owned());
                                    }
                                }
                            }
                        }
                    }
                }
                errors.push(error);
            }
            for (key, child) in map {
                if matches!(
                    key.as_str(),
                    "error"
                        | "details"
                        | "provisioningErrors"
                        | "provisioning_errors"
                        | "properties"
                        | "innerError"
                        | "innererror"
                ) {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(child, &child_path, depth + 1, errors);
                }
            }
        }
        // A message that is itself JSON text (ARM nests envelopes in messages).
        Value::String(s) if s.trim_start().starts_with('{') && depth < 4 => {
            if let Ok(inner) = serde_json::from_str::<Value>(s.trim()) {
                walk(&inner, path, depth + 1, errors);
            }
        }
        _ => {}
    }
}

/// Byte ranges of JSON objects in free text that hold an `"error"` or `provisioningErrors` key:
/// from the `{` before the key to its balanced `}` (strings respected).
fn embedded_json(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut search = 0;
    // Each attempt may scan to the end of the text: bounded, so the work stays linear.
    let mut attempts = 0;
    while found.len() < MAX_EMBEDDED && attempts < 4 * MAX_EMBEDDED {
        attempts += 1;
        let next = ["{\"error\"", "{\"provisioningErrors\"", "{\"code\""]
            .iter()
            .filter_map(|key| text[search..].find(key).map(|i| search + i))
            .min();
        let Some(start) = next else {
            break;
        };
        match balanced_end(bytes, start) {
            Some(end) => {
                found.push((start, end));
                search = end;
            }
            None => search = start + 1,
        }
    }
    found
}

/// The end (exclusive) of the JSON value that starts with `{` at `start`.
fn balanced_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `az` and azure-core print `(Code) Message` and `Code: X` / `Message: Y` lines.
fn code_lines(text: &str, errors: &mut Vec<ExtractedError>) {
    let mut pending: Option<ExtractedError> = None;
    for (index, line) in text.lines().enumerate().take(100_000) {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let line = line.trim();
        let number = index + 1;
        if let Some(code) = line.strip_prefix("Code:").map(str::trim) {
            if is_code(code) {
                if let Some(error) = pending.take() {
                    errors.push(error);
                }
                pending = Some(ExtractedError {
                    path: format!("line {number}"),
                    code: Some(code.to_owned()),
                    message: None,
                    additional_info: Vec::new(),
                    policies: Vec::new(),
                });
            }
            continue;
        }
        if let Some(message) = line.strip_prefix("Message:").map(str::trim) {
            if let Some(mut error) = pending.take() {
                error.message = Some(message.chars().take(MAX_MESSAGE).collect());
                errors.push(error);
            }
            continue;
        }
        // `(BadRequest) Message`, possibly after `…Error: `.
        let tail = match line.find(": (") {
            Some(i) => &line[i + 2..],
            None => line,
        };
        if let Some(rest) = tail.strip_prefix('(') {
            if let Some(close) = rest.find(')') {
                let code = &rest[..close];
                if is_code(code) {
                    errors.push(ExtractedError {
                        path: format!("line {number}"),
                        code: Some(code.to_owned()),
                        message: Some(rest[close + 1..].trim().chars().take(MAX_MESSAGE).collect())
                            .filter(|m: &String| !m.is_empty()),
                        additional_info: Vec::new(),
                        policies: Vec::new(),
                    });
                }
            }
        }
    }
    if let Some(error) = pending {
        errors.push(error);
    }
}

/// An error code: one word of ASCII letters and digits, starting with a letter, 3–64 long.
fn is_code(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// The 1-based line of byte `offset`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Text normalized for matching: lowercase, every run of blanks (and the escapes `\n`, `\t`,
/// `\r`) one space, escaped quotes and `\uXXXX` unescaped, typographic apostrophes plain. `map`
/// gives for each byte of `text` the byte offset in the source it came from.
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Source offset of each byte of `text`.
    pub map: Vec<usize>,
}

impl Normalized {
    /// Normalizes `source`.
    pub fn new(source: &str) -> Normalized {
        let mut text = String::with_capacity(source.len());
        let mut map = Vec::with_capacity(source.len());
        let mut space = false;
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let mut out = c;
            if c == '\\' {
                match chars.peek().map(|&(_, next)| next) {
                    Some('n' | 'r' | 't') => {
                        chars.next();
                        out = ' ';
                    }
                    Some('"' | '\'' | '\\' | '/') => continue,
                    Some('u') => {
                        let hex: String = source[at + 1..].chars().skip(1).take(4).collect();
                        if let Some(decoded) = (hex.len() == 4)
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                            .and_then(char::from_u32)
                        {
                            for _ in 0..5 {
                                chars.next();
                            }
                            out = decoded;
                        }
                    }
                    _ => {}
                }
            }
            if out.is_whitespace() {
                if !space && !text.is_empty() {
                    text.push(' ');
                    map.push(at);
                }
                space = true;
                continue;
            }
            space = false;
            let out = match out {
                '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c,
            };
            for lower in out.to_lowercase() {
                let before = text.len();
                text.push(lower);
                for _ in before..text.len() {
                    map.push(at);
                }
            }
        }
        Normalized { text, map }
    }

    /// The source byte range of the normalized range `start..end`.
    pub fn source_range(&self, start: usize, end: usize, source: &str) -> (usize, usize) {
        let from = self.map.get(start).copied().unwrap_or(source.len());
        let to = match end.checked_sub(1).and_then(|last| self.map.get(last)) {
            Some(&last) => {
                // The end of the character at `last`.
                source[last..]
                    .chars()
                    .next()
                    .map_or(source.len(), |c| last + c.len_utf8())
            }
            None => source.len(),
        };
        (from, to.max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_blanks_and_escapes() {
        let n = Normalized::new("A  B\n\tC\\nD \\\"x\\\" \\u0027y\\u0027 \u{2019}z");
        assert_eq!(n.text, "a b c d \"x\" 'y' 'z");
        assert_eq!(n.map.len(), n.text.len());
    }

    #[test]
    fn reads_az_code_lines_and_embedded_json() {
        let text = "ERROR: (BadRequest) AKS role check failed\nCode: BadRequest\nMessage: AKS role check failed\nxx {\"error\":{\"code\":\"A\\\"B\",\"message\":\"m\",\"details\":[{\"code\":\"Inner\",\"message\":\"i\"}]}} yy";
        let (kind, errors) = extract(text);
        assert_eq!(kind, InputKind::Text);
        let codes: Vec<_> = errors.iter().filter_map(|e| e.code.clone()).collect();
        assert_eq!(codes, ["A\"B", "Inner", "BadRequest"]);
        assert_eq!(errors[1].path, "line 4: error.details[0]");
    }

    #[test]
    fn detects_json_kinds() {
        assert_eq!(extract(r#"{"error":{"code":"X"}}"#).0, InputKind::ArmError);
        assert_eq!(
            extract(r#"[{"error":{"code":"X","message":"m"}}]"#).0,
            InputKind::ProvisioningErrors
        );
        assert_eq!(
            extract(r#"{"properties":{"provisioningErrors":[]}}"#).0,
            InputKind::Compute
        );
        assert_eq!(extract("[1, 2]").0, InputKind::Json);
    }

    #[test]
    fn unbalanced_and_deep_input_does_not_panic() {
        let deep = "[".repeat(10_000);
        let _ = extract(&deep);
        let _ = extract(&format!("x {{\"error\": {}", "{\"error\":".repeat(5000)));
        let _ = Normalized::new("\\u12");
        let _ = Normalized::new("\\uD800xxxx\\");
    }
}
