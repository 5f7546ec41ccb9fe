//! Each setting against the table of documented settings: its key (retired, derived by the
//! CLI, another case, a typo, unknown), the list it is in, the kind of cluster it is for, its
//! value; and the same key in both lists.

use crate::diagnostic::{excerpt, Code};
use crate::resource_id::ClusterKind;
use crate::validate::reader::{suggest, Sink};

use super::read::Written;
use super::settings::{self, Kind, Place, Setting, DERIVED, RETIRED};

/// The documented setting a key is, or what is wrong with it.
pub(super) fn check_key(
    w: &Written,
    kind: Option<ClusterKind>,
    sink: &mut Sink,
) -> Option<&'static Setting> {
    if let Some((_, instead)) = RETIRED.iter().find(|(old, _)| *old == w.key) {
        sink.error(
            Code::ExtensionSettingRetired,
            &w.path,
            w.line,
            format!(
                "{} is no longer read by the extension or the CLI: use `{instead}`",
                excerpt(&w.key)
            ),
        );
        return None;
    }
    if let Some(setting) = settings::find(&w.key) {
        if let Some(only) = setting.only {
            if kind.is_some_and(|k| k != only) {
                let (here, there) = match only {
                    ClusterKind::Aks => ("an Arc cluster", "AKS clusters"),
                    ClusterKind::Arc => ("an AKS cluster", "Arc clusters"),
                };
                let why = if setting.key == "internalLoadBalancerProvider" {
                    " (the extension's healthcheck fails the install with E40003 INTERNAL_LOAD_BALANCER_NOT_SUPPORT)"
                } else {
                    ""
                };
                sink.error(
                    Code::ExtensionClusterKind,
                    &w.path,
                    w.line,
                    format!("works only on {there}, and this is {here}{why}; remove it"),
                );
            }
        }
        if setting.place == Place::Protected && !w.protected && setting.kind == Kind::LocalPath {
            sink.error(
                Code::ExtensionSettingPlace,
                &w.path,
                w.line,
                format!("the CLI reads `{}` only from `config_protected` (`--config-protected`); here it is ignored and the install stops asking for a certificate: move it there", setting.key),
            );
        }
        return Some(setting);
    }
    if DERIVED.contains(&w.key.as_str()) {
        let message = if w.key == "domain" {
            "is written by the CLI itself (`<region>.cloudapp.azure.com`) and a value here is overwritten; leave it out".to_owned()
        } else {
            format!("{} is written by the CLI itself from the cluster; leave it out unless you mean to override it", excerpt(&w.key))
        };
        sink.warning(Code::ExtensionSettingDerived, &w.path, w.line, message);
        return None;
    }
    let known = settings::known_keys();
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(&w.key)) {
        sink.error(
            Code::ExtensionSettingCase,
            &w.path,
            w.line,
            format!("the extension reads `{same}` with exactly this case; {} is passed on and ignored, so its default applies", excerpt(&w.key)),
        );
        return None;
    }
    // A family's member (`nodeselector.pool`) is matched by its prefix.
    let head = w.key.split('.').next().unwrap_or_default();
    let suggestion = suggest(&w.key, &known)
        .or_else(|| suggest(head, &known).filter(|s| !s.contains('.') || w.key.contains('.')));
    match suggestion {
        Some(s) => sink.error(
            Code::ExtensionSettingUnknown,
            &w.path,
            w.line,
            format!("{} is not a setting of the Azure ML extension; did you mean `{s}`? The CLI passes unknown settings on and the extension ignores them", excerpt(&w.key)),
        ),
        None => sink.warning(
            Code::ExtensionSettingUnknown,
            &w.path,
            w.line,
            format!("{} is not a documented setting of the Azure ML extension; the CLI passes it on as written", excerpt(&w.key)),
        ),
    }
    None
}

/// The value against the setting's kind.
pub(super) fn check_value(w: &Written, setting: &Setting, sink: &mut Sink) {
    let problem = match setting.kind {
        Kind::Bool => (!(w.value.eq_ignore_ascii_case("true")
            || w.value.eq_ignore_ascii_case("false")))
        .then(|| "must be True or False; the CLI reads anything else as False".to_owned()),
        Kind::Choice(values) => {
            (!values.iter().any(|v| v.eq_ignore_ascii_case(&w.value))).then(|| {
                let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                match suggest(&w.value, values) {
                    Some(s) => format!("must be one of {}; did you mean `{s}`?", list.join(", ")),
                    None => format!("must be one of {}", list.join(", ")),
                }
            })
        }
        Kind::ObjectName => check_object_name(&w.value),
        Kind::Host => crate::validate::check_dns_name(&w.value)
            .err()
            .map(|p| format!("is not a DNS name: {p}")),
        Kind::LocalPath => w
            .value
            .trim()
            .is_empty()
            .then(|| "must be the path of a PEM file".to_owned()),
        Kind::Label => check_label(&w.key, &w.value),
        Kind::Secret | Kind::Text => w.value.is_empty().then(|| "is empty".to_owned()),
    };
    if let Some(problem) = problem {
        let shown = if matches!(setting.kind, Kind::Secret | Kind::Label) {
            String::new()
        } else {
            format!("{} ", excerpt(&w.value))
        };
        sink.error(
            Code::ExtensionValueInvalid,
            &w.path,
            w.line,
            format!("{shown}{problem}"),
        );
    }
}

/// A Kubernetes object name (an RFC 1123 subdomain): a secret's or a ConfigMap's.
fn check_object_name(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        });
    (!ok).then(|| "is not a Kubernetes object name: lowercase letters, digits, '-' and '.', a letter or digit at each end, at most 253 characters".to_owned())
}

/// `nodeSelector.<key>=<value>`: a Kubernetes label key and value.
fn check_label(key: &str, value: &str) -> Option<String> {
    let label = key.split_once('.').map_or("", |(_, rest)| rest);
    let (prefix, name) = match label.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, label),
    };
    let part = |s: &str| {
        !s.is_empty()
            && s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.ends_with(|c: char| c.is_ascii_alphanumeric())
    };
    if !part(name) || prefix.is_some_and(|p| crate::validate::check_dns_name(p).is_err()) {
        return Some(format!("the label key {} is not a Kubernetes label key (up to 63 letters, digits, '-', '_' or '.', a letter or digit at each end, after an optional DNS prefix and '/')", excerpt(label)));
    }
    (!value.is_empty() && !part(value)).then(|| "is not a Kubernetes label value: up to 63 letters, digits, '-', '_' or '.', a letter or digit at each end".to_owned())
}

/// The same key in both lists: the CLI stops ("Duplicate keys found").
pub(super) fn check_duplicates(written: &[Written], sink: &mut Sink) {
    let mut seen = std::collections::HashMap::new();
    for w in written {
        if let Some(&(first_protected, first_line)) = seen.get(w.key.as_str()) {
            if first_protected != w.protected {
                sink.error(
                    Code::ExtensionSettingDuplicate,
                    &w.path,
                    w.line,
                    format!("{} is also set on line {first_line} in the other list; the CLI stops on a setting given in both `--config` and `--config-protected`: keep one", excerpt(&w.key)),
                );
            }
        } else {
            seen.insert(w.key.as_str(), (w.protected, w.line));
        }
    }
}
