//! The Azure ML extension setting at fault in a failure: the one the extension's healthcheck
//! code names (`E40002` → `inferenceRouterHA`, from the extension's own table) or the one a
//! known fix changes (`az k8s-extension update --config inferenceRouterHA=False`), with the value
//! the user gave it where the pasted command or the cluster's installed extension says, and the
//! value the fix sets. The page links each to the field of its extension form.

use serde::Serialize;

use super::facts::{Facts, ResourceKind};
use super::knowledge::{FixCmd, FAILURES};
use super::{Match, SignalKind};
use crate::extension::{healthcheck, settings};
use crate::resource_id::ClusterKind;
use crate::spec::Context;

/// One extension setting a failure is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingAtFault {
    /// The key, as the extension reads it (`inferenceRouterHA`).
    pub key: &'static str,
    /// Why it is at fault: the healthcheck code's meaning, or the failure's fix.
    pub why: String,
    /// The value it has: from the pasted `az k8s-extension` command, else the installed
    /// extension's settings; `None` when neither says (then its default applies).
    pub value: Option<String>,
    /// Where the value was read: `"command"` or `"installed"`.
    pub value_from: Option<&'static str>,
    /// The extension's default, when it has one.
    pub default: Option<&'static str>,
    /// The value the fix sets, when a fix sets one.
    pub fix_value: Option<&'static str>,
    /// A setting of the pasted command meant as this one that the extension does not read
    /// (another case, a retired name), as written: `inferenceLoadBalancerHA=false`.
    pub ignored: Option<String>,
    /// The setting's documentation.
    pub source: &'static str,
}

/// The settings at fault in `found`, each once, healthcheck codes first.
pub(super) fn at_fault(
    found: &Match,
    facts: &Facts,
    context: Option<&Context>,
) -> Vec<SettingAtFault> {
    let mut keys: Vec<(&'static str, String, Option<&'static str>)> = Vec::new();
    let mut add = |key: &'static str, why: String, fix: Option<&'static str>| {
        if let Some(known) = keys.iter_mut().find(|(k, _, _)| *k == key) {
            known.2 = known.2.or(fix);
        } else {
            keys.push((key, why, fix));
        }
    };
    let failure = FAILURES.iter().find(|f| f.id == found.id);
    // The healthcheck's codes the match rests on, or that its failure names and the text holds.
    let shown = found
        .evidence
        .iter()
        .filter(|e| e.kind == SignalKind::Code)
        .map(|e| e.pattern.as_str());
    let named = failure
        .into_iter()
        .flat_map(|f| f.codes.iter().copied())
        .filter(|code| facts.has_code(code));
    for code in shown.chain(named) {
        if let Some(h) = healthcheck(code) {
            add(
                h.setting,
                format!("the healthcheck's {}: {}", h.code, h.meaning),
                None,
            );
        }
    }
    for cause in failure.into_iter().flat_map(|f| f.causes.iter()) {
        for command in cause.commands {
            if let FixCmd::UpdateExtension(pairs) = command {
                for pair in *pairs {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    if let Some(row) = settings::find(key) {
                        let value = (!value.is_empty()).then_some(value);
                        add(row.key, cause.fix.to_owned(), value);
                    }
                }
            }
        }
    }
    // A refusal names its settings itself.
    if found.id == super::reason::settings::SETTING_REFUSED {
        for key in &facts.extension_keys_named {
            if let Some(row) = settings::find(key) {
                add(row.key, "named by the message".to_owned(), None);
            } else if let Some((old, new)) = settings::RETIRED.iter().find(|(old, _)| old == key) {
                let new = new.split('=').next().and_then(settings::find);
                if let Some(row) = new {
                    add(
                        row.key,
                        format!(
                            "named by the message as `{old}`, a name the extension no longer reads"
                        ),
                        None,
                    );
                }
            }
        }
    }
    let installed = context
        .and_then(|c| c.cluster.as_ref())
        .and_then(|c| c.aml_extension.as_ref());
    keys.into_iter()
        .filter_map(|(key, why, fix_value)| {
            let row = settings::find(key)?;
            let from_command = last_value(&facts.extension_config, key).map(|v| (v, "command"));
            let from_installed = installed
                .and_then(|i| last_value(&i.settings, key))
                .map(|v| (v, "installed"));
            let (value, value_from) = from_command.or(from_installed).unzip();
            let ignored = meant_as(&facts.extension_config, row.key)
                .map(|(k, v)| format!("{}={}", short(k), short(v)));
            Some(SettingAtFault {
                key: row.key,
                why,
                value,
                value_from,
                default: row.default,
                fix_value,
                ignored,
                source: row.source,
            })
        })
        .collect()
}

/// A pair meant as `key` that the extension does not read: `key` in another case, or a retired
/// name `key` replaced.
fn meant_as<'a>(pairs: &'a [(String, String)], key: &str) -> Option<(&'a str, &'a str)> {
    pairs.iter().rev().find_map(|(k, v)| {
        let other_case = k != key && k.eq_ignore_ascii_case(key);
        let retired = settings::RETIRED
            .iter()
            .any(|(old, new)| old.eq_ignore_ascii_case(k) && new.split('=').next() == Some(key));
        (other_case || retired).then_some((k.as_str(), v.as_str()))
    })
}

/// What the extension says of each setting of the pasted `az k8s-extension` command (retired,
/// another case, a typo, a value outside its set), as notes.
pub(super) fn command_notes(facts: &Facts) -> Vec<String> {
    let kind = facts.resources.iter().find_map(|r| match r.kind {
        ResourceKind::AksCluster => Some(ClusterKind::Aks),
        ResourceKind::ArcCluster => Some(ClusterKind::Arc),
        _ => None,
    });
    crate::extension::check_settings(&facts.extension_config, kind)
        .into_iter()
        .map(|d| {
            let key = d.path.strip_prefix("config.").unwrap_or(&d.path);
            if d.message.contains(key) {
                format!("in your az k8s-extension command: {}", d.message)
            } else {
                format!("in your az k8s-extension command, `{key}`: {}", d.message)
            }
        })
        .collect()
}

/// The last value `key` is given in `pairs` (the extension reads keys with their case).
fn last_value(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| short(v))
}

/// A value as the text wrote it, cut short (the facts keep at most 256 characters of one).
fn short(text: &str) -> String {
    const MAX: usize = 64;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}
