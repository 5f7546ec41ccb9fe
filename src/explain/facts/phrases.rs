//! The facts stated in a text's sentences of regular shape: codes outside JSON, the HTTP status,
//! denied actions with scope and principal, object ids, subscriptions, names given with their
//! noun, regions, unregistered providers, stated length limits and Kubernetes versions.

use super::text::{is_code, push, Text};
use super::{Denial, Facts, Limit, MAX_VALUES};
use crate::resource_id::is_guid;

/// `Code="X"`, `SubCode: X`, `ErrorCode: X`, `"code": "X"` anywhere (JSON the reader could not
/// parse, Go and .NET error strings).
pub(super) fn read_codes(t: &Text, facts: &mut Facts) {
    for at in t.find_all("code") {
        let after = at + 4;
        let bytes = t.plain.as_bytes();
        // Not the end of a longer word ("barcode"), unless a known prefix ("SubCode").
        let mut i = after;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
        }
        while bytes.get(i) == Some(&b' ') && i < after + 3 {
            i += 1;
        }
        if !matches!(bytes.get(i), Some(b'=' | b':')) {
            continue;
        }
        i += 1;
        let Some(value) = t.value_at(i) else {
            continue;
        };
        let value = value.trim_end_matches([';', ',']);
        if is_code(value) && !value.eq_ignore_ascii_case("null") {
            push(&mut facts.codes, value.to_owned());
        }
    }
}

/// The HTTP status: "status code: 403", "Status: 404", "(403)", "403 Forbidden", or the
/// status names ARM uses as codes.
pub(super) fn read_status(t: &Text, facts: &mut Facts) {
    let number = |s: &str| -> Option<u16> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let n: u16 = digits.parse().ok()?;
        (digits.len() == 3 && (400..600).contains(&n)).then_some(n)
    };
    for anchor in [
        "status code",
        "status_code",
        "statuscode",
        "status:",
        "status=",
        "http ",
    ] {
        for at in t.find_all(anchor) {
            let rest = t.w(at + anchor.len(), usize::MAX);
            let rest = rest.trim_start_matches([' ', ':', '=', '"', '\'', '(']);
            if let Some(n) = number(rest) {
                facts.status.get_or_insert(n);
                return;
            }
        }
    }
    for (name, status) in [
        (" forbidden", 403),
        (" not found", 404),
        (" unauthorized", 401),
        (" conflict", 409),
        (" too many requests", 429),
        (" bad request", 400),
    ] {
        for at in t.find_all(name) {
            if at >= 3 {
                if let Some(n) = t.lower.get(at - 3..at).and_then(number) {
                    if n == status {
                        facts.status = Some(n);
                        return;
                    }
                }
            }
        }
    }
    for (code, status) in [
        ("Forbidden", 403),
        ("AuthorizationFailed", 403),
        ("LinkedAuthorizationFailed", 403),
        ("ResourceNotFound", 404),
        ("ResourceGroupNotFound", 404),
        ("NotFound", 404),
        ("Unauthorized", 401),
        ("InvalidAuthenticationToken", 401),
        ("TooManyRequests", 429),
        ("Conflict", 409),
    ] {
        if facts.has_code(code) {
            facts.status = Some(status);
            return;
        }
    }
}

/// "… does not have authorization to perform action 'A' over scope 'S'", its linked-scope
/// form, and "is not authorized to perform action 'A'": each denied action with its scope and
/// the principal named before it.
pub(super) fn read_denials(t: &Text, facts: &mut Facts) {
    for at in t.find_all("perform action") {
        let before = t.w(at.saturating_sub(60), at);
        // "has permission to perform action 'A' on scope 'S'; however, it does not have …":
        // the first action is held, not denied.
        if !(before.contains("not") || before.contains("denied") || before.contains("no auth")) {
            continue;
        }
        let mut after = at + "perform action".len();
        if t.w(after, usize::MAX).starts_with("(s)") {
            after += 3;
        }
        let Some((action, next)) = t.quoted_at(after) else {
            continue;
        };
        if !action.contains('/') || action.contains(' ') {
            continue;
        }
        let window_end = (next + 120).min(t.lower.len());
        let window = t.w(next, window_end);
        let linked = window.contains("linked scope");
        let mut scope = None;
        if let Some(s) = window.find('/') {
            let from = next + s;
            // The scope is the quoted value the slash opens.
            if from > 0 && matches!(t.plain.as_bytes()[from - 1], b'\'' | b'"') {
                scope = t.quoted_at(from - 1).map(|(v, _)| v.to_owned());
            }
        }
        let scope_may_be_invalid = t.w(next, next + 400).contains("scope is invalid");
        let head = t.w(at.saturating_sub(400), at);
        let head_start = at.saturating_sub(400);
        let object_id = head
            .rfind("object id")
            .and_then(|o| t.value_at(head_start + o + "object id".len()))
            .filter(|v| is_guid(v))
            .map(str::to_owned);
        let client = head
            .rfind("client ")
            .and_then(|o| t.quoted_at(head_start + o + "client ".len()))
            .map(|(v, _)| v.to_owned())
            .filter(|v| !v.is_empty() && v.len() < 200);
        for action in action.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            if facts.denials.len() >= MAX_VALUES {
                return;
            }
            let denial = Denial {
                action: action.to_owned(),
                scope: scope.clone(),
                client: client.clone(),
                object_id: object_id.clone(),
                scope_may_be_invalid,
                linked,
            };
            if !facts.denials.contains(&denial) {
                facts.denials.push(denial);
            }
        }
        if let Some(o) = object_id {
            push(&mut facts.object_ids, o);
        }
    }
}

/// Object ids named as such: "object id 'x'", `"principalId": "x"`, "principal id x"; and
/// subscription ids the same way.
pub(super) fn read_principals(t: &Text, facts: &mut Facts) {
    let object = [
        "object id",
        "objectid",
        "principal id",
        "principalid",
        "principal_id",
        "object_id",
    ];
    let subscription = [
        "subscriptionid",
        "subscription id",
        "subscription_id",
        "subscription ",
    ];
    for (anchors, list) in [
        (&object[..], &mut facts.object_ids),
        (&subscription[..], &mut facts.subscriptions),
    ] {
        for anchor in anchors {
            for at in t.find_all(anchor) {
                if let Some(value) = t
                    .value_after_key(at + anchor.len(), true)
                    .filter(|v| is_guid(v))
                {
                    push(list, value.to_owned());
                }
            }
        }
    }
}

/// Names given with their noun: "namespace 'x'", "workspace 'x'", "compute 'x'", "location
/// 'x'", `"location": "x"`, and the provider namespaces a subscription is not registered for.
pub(super) fn read_nouns(t: &Text, facts: &mut Facts) {
    let good = |v: &str| {
        !v.is_empty()
            && v.len() <= 90
            && !v.starts_with('<')
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    for anchor in ["namespace ", "namespace\":", "namespace:", "namespace="] {
        for at in t.find_all(anchor) {
            let Some(value) = t.value_at(at + anchor.len()) else {
                continue;
            };
            if value.to_ascii_lowercase().starts_with("microsoft.") {
                let registered = t.w(at.saturating_sub(60), at).contains("register");
                if registered {
                    push(&mut facts.unregistered_providers, value.to_owned());
                }
            } else if good(value)
                && value.len() <= 63
                && value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                push(&mut facts.namespaces, value.to_owned());
            }
        }
    }
    for at in t
        .find_all("not been registered")
        .into_iter()
        .chain(t.find_all("is not registered"))
    {
        let before = t.w(at.saturating_sub(80), at);
        if let Some(i) = before.rfind("microsoft.") {
            let from = at.saturating_sub(80) + i;
            if let Some(value) = t.word_at(from) {
                push(&mut facts.unregistered_providers, value.to_owned());
            }
        }
    }
    for at in t.find_all("register") {
        let window = t.w(at, at + 80);
        if let Some(n) = window.find("namespace") {
            if let Some(value) = t.value_at(at + n + "namespace".len()) {
                if value.to_ascii_lowercase().starts_with("microsoft.") {
                    push(&mut facts.unregistered_providers, value.to_owned());
                }
            }
        }
    }
    for (anchor, compute) in [
        ("workspace ", false),
        ("workspace_name", false),
        ("workspace-name", false),
        ("compute ", true),
        ("compute_name", true),
        ("compute name ", true),
    ] {
        let list = if compute {
            &mut facts.computes
        } else {
            &mut facts.workspaces
        };
        for at in t.find_all(anchor) {
            let from = at + anchor.len();
            let value = match t.quoted_at(from) {
                Some((v, _)) => Some(v),
                None if !anchor.ends_with(' ') => t.word_at(from),
                None => None,
            };
            if let Some(value) = value.filter(|v| good(v)) {
                push(list, value.to_owned());
            }
        }
    }
    for anchor in ["location", "region"] {
        for at in t.find_all(anchor) {
            let Some(value) = t.value_after_key(at + anchor.len(), false) else {
                continue;
            };
            let region: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if (4..=32).contains(&region.len())
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && region.bytes().any(|b| b.is_ascii_lowercase())
            {
                push(&mut facts.regions, region);
            }
        }
    }
}

/// Length rules the text states: "between 2 and 16 characters", "at most 24 characters",
/// "3 to 24 characters", "16 characters or less".
pub(super) fn read_limits(t: &Text, facts: &mut Facts) {
    for at in t.find_all("character") {
        let from = at.saturating_sub(48);
        let before = t.w(from, at);
        let numbers: Vec<u32> = before
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty() && s.len() <= 4)
            .filter_map(|s| s.parse().ok())
            .collect();
        let after = t.w(at, at + 40);
        // "name" in the 200 bytes before the number (this sentence or the one before).
        let name = t.w(at.saturating_sub(200), at).contains("name");
        let range = before.contains("between") || before.contains(" to ") || before.contains('-');
        let limit = if range && numbers.len() >= 2 {
            Some((
                Some(numbers[numbers.len() - 2]),
                Some(numbers[numbers.len() - 1]),
            ))
        } else if let Some(&n) = numbers.last() {
            if [
                "at most",
                "up to",
                "maximum",
                "no more than",
                "less than or equal",
                "max",
            ]
            .iter()
            .any(|w| before.contains(w))
                || after.contains("or less")
                || after.contains("or fewer")
            {
                Some((None, Some(n)))
            } else if ["at least", "minimum"].iter().any(|w| before.contains(w)) {
                Some((Some(n), None))
            } else {
                None
            }
        } else {
            None
        };
        if let Some((min, max)) = limit {
            let limit = Limit { min, max, name };
            if !facts.limits.contains(&limit) && facts.limits.len() < MAX_VALUES {
                facts.limits.push(limit);
            }
        }
    }
}

/// Kubernetes versions written after "version" (`1.24.9`, `v1.29`).
pub(super) fn read_versions(t: &Text, facts: &mut Facts) {
    for at in t.find_all("version") {
        let window_end = (at + 48).min(t.lower.len());
        let window = t.w(at, window_end);
        let bytes = window.as_bytes();
        let mut i = "version".len();
        while i < bytes.len() {
            if bytes[i] == b'1'
                && bytes.get(i + 1) == Some(&b'.')
                && (i == 0 || !bytes[i - 1].is_ascii_digit() && bytes[i - 1] != b'.')
            {
                let len = bytes[i..]
                    .iter()
                    .position(|b| !(b.is_ascii_digit() || *b == b'.'))
                    .unwrap_or(bytes.len() - i);
                let v = window[i..i + len].trim_end_matches('.');
                let parts: Vec<&str> = v.split('.').collect();
                let minor: u32 = parts.get(1).and_then(|m| m.parse().ok()).unwrap_or(0);
                if (2..=3).contains(&parts.len()) && (10..=60).contains(&minor) {
                    push(&mut facts.kubernetes_versions, v.to_owned());
                }
                break;
            }
            i += 1;
        }
    }
}
