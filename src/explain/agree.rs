//! Answers that agree with the text: when the pasted message states a rule (a name's length, a
//! Kubernetes version), the cause says what the text says and how it relates to the rule this
//! tool checks (v1 and v2 name rules differ), instead of contradicting it.

use super::facts::Facts;
use super::Match;
use crate::name::{LEGACY_MAX_LEN, MAX_LEN, MIN_LEN};

/// Rewrites the causes of `m` that state a rule the text states differently, and orders them by
/// what the text is about.
pub(super) fn with_the_text(m: &mut Match, facts: &Facts, lower: &str) {
    match m.id {
        "compute-name-invalid" => name_rule(m, facts),
        "kubernetes-version-unsupported" => versions(m, facts),
        "policy-denied" => policy(m, facts, lower),
        "cli-extension-load-failed" => cli_extension(m, facts),
        _ => {}
    }
}

/// A policy denial: the public-IP cause first only when the text is about public IPs or load
/// balancers; the policies the text names are named in the cause.
fn policy(m: &mut Match, facts: &Facts, lower: &str) {
    let public_ip = ["publicip", "public ip", "loadbalancer", "load balancer"]
        .iter()
        .any(|w| lower.contains(w));
    if !public_ip && m.causes.len() > 1 {
        m.causes.rotate_left(1);
    }
    if !facts.policies.is_empty() {
        if let Some(cause) = m
            .causes
            .iter_mut()
            .find(|c| c.cause.contains("another policy"))
        {
            let names: Vec<String> = facts
                .policies
                .iter()
                .map(|p| crate::diagnostic::excerpt(p).to_string())
                .collect();
            cause.cause = format!("{} (the text names: {})", cause.cause, names.join(", "));
        }
    }
}

fn name_rule(m: &mut Match, facts: &Facts) {
    let Some(limit) = facts
        .limits
        .iter()
        .find(|l| l.name)
        .or(facts.limits.first())
    else {
        return;
    };
    let (min, max) = (limit.min, limit.max);
    let stated = match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b} characters"),
        (None, Some(b)) => format!("at most {b} characters"),
        (Some(a), None) => format!("at least {a} characters"),
        (None, None) => return,
    };
    let v2 = format!("{MIN_LEN}–{MAX_LEN}");
    let relation = if max == Some(LEGACY_MAX_LEN as u32) {
        format!(
            "that is the rule of the v1 path (azureml-core's AksCompute, the `azure-cli-ml` extension, older service releases); v2 Kubernetes computes (`az ml` v2, azure-ai-ml) accept {v2} characters. Follow the text for this call: at most {LEGACY_MAX_LEN} characters satisfies both"
        )
    } else if max == Some(MAX_LEN as u32) && min == Some(MIN_LEN as u32) {
        format!(
            "that is the v2 rule; the v1 path and older releases allowed at most {LEGACY_MAX_LEN}"
        )
    } else {
        format!(
            "the service that answered applies its own rule: follow the text (this tool's v2 rule is {v2}, the v1 path's at most {LEGACY_MAX_LEN})"
        )
    };
    if let Some(cause) = m.causes.first_mut() {
        cause.cause = format!(
            "the name breaks the rule the message states: {stated}, letters, digits and '-', starting with a letter and ending with a letter or digit; {relation}"
        );
    }
}

fn versions(m: &mut Match, facts: &Facts) {
    let Some(version) = facts.kubernetes_versions.first() else {
        return;
    };
    if let Some(cause) = m.causes.first_mut() {
        cause.cause = format!("{} (the text names version {version})", cause.cause);
    }
}

/// A CLI extension that fails to load: the `azure-cli-ml`/`ml` clash first only when the text
/// is about the ml extension (or names none).
fn cli_extension(m: &mut Match, facts: &Facts) {
    let ml = facts
        .cli_extensions
        .iter()
        .any(|e| e == "ml" || e == "azure-cli-ml");
    if !facts.cli_extensions.is_empty()
        && !ml
        && m.causes.len() > 1
        && m.causes[0].cause.contains("azure-cli-ml")
    {
        m.causes.rotate_left(1);
    }
}
