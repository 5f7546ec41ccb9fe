//! A resource id not written the way ARM and the SDKs' patterns want it, and a subscription not
//! registered for a resource provider.

use super::denied::describe;
use super::{has_any, source, Found, Reasoned};
use super::{BAD_ID_CODES, DOC_IDS, DOC_IDS_MESSAGE, DOC_REGISTER, DOC_REGISTER_MESSAGE};
use crate::explain::facts::{Facts, Resource};
use crate::explain::fix::Subject;
use crate::explain::{Cause, Confidence, Fix, Match};
use crate::generate::Cmd;

pub(super) fn bad_id(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let code = has_any(facts, BAD_ID_CODES);
    // The text says an id is not valid: "is not a valid Azure resource ID", "Invalid
    // resource_id", "does not match the pattern".
    let says_id_invalid = id_called_invalid(lower);
    let says_pattern = ["pattern", "regex", "does not match", "doesn't match"]
        .iter()
        .any(|w| lower.contains(w));
    // A spelling ARM accepts (`resourcegroups`) is a problem only where a pattern rejected it.
    let flawed: Vec<&Resource> = facts
        .resources
        .iter()
        .filter(|r| {
            r.id_problems
                .iter()
                .any(|p| !p.contains("SDK and CLI id patterns") || says_pattern || says_id_invalid)
        })
        .collect();
    let confidence = match (
        code.is_some(),
        !flawed.is_empty(),
        says_id_invalid || says_pattern,
    ) {
        (true, true, _) => Confidence::High,
        (true, false, _) | (false, true, true) => Confidence::Medium,
        (false, false, true) if says_id_invalid => Confidence::Medium,
        _ => return None,
    };
    let mut causes = Vec::new();
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    for resource in flawed.iter().take(2) {
        let written = resource.id.clone().unwrap_or_default();
        shown_by.push(written.clone());
        let canonical = resource.canonical_id();
        causes.push(Cause {
            cause: format!(
                "the id of {} is written with {}",
                describe(resource),
                resource.id_problems.join("; ")
            ),
            fix: Fix {
                text: match canonical {
                    Some(id) => format!("write the id as ARM does: {id}"),
                    None => "write the id as ARM does: /subscriptions/{subscription}/resourceGroups/{group}/providers/{namespace}/{type}/{name}".to_owned(),
                },
                commands: Vec::new(),
            },
            checks: Vec::new(),
            verdict: None,
        });
    }
    if causes.is_empty() {
        causes.push(Cause {
            cause: "a resource id is not in ARM's form: /subscriptions/{subscription}/resourceGroups/{group}/providers/{namespace}/{type}/{name}, with a name after every type".to_owned(),
            fix: Fix {
                text: "copy the id from the resource itself (`az resource show … --query id`, or the portal's JSON view) rather than writing it by hand".to_owned(),
                commands: Vec::new(),
            },
            checks: Vec::new(),
            verdict: None,
        });
    }
    Some(Reasoned {
        found: Found::Own(Match {
            settings: Vec::new(),
            id: "resource-id-invalid",
            title: "a resource id is not written the way it must be",
            confidence,
            evidence: Vec::new(),
            causes,
            sources: vec![source(DOC_IDS, DOC_IDS_MESSAGE)],
        }),
        shown_by,
    })
}

pub(super) fn unregistered(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
    let code = has_any(
        facts,
        &[
            "MissingSubscriptionRegistration",
            "NoRegisteredProviderFound",
        ],
    );
    if code.is_none() && facts.unregistered_providers.is_empty() {
        return None;
    }
    let subscription = facts.subscriptions.first().map(String::as_str);
    let mut commands = Vec::new();
    let namespaces: Vec<String> = if facts.unregistered_providers.is_empty() {
        vec![
            "Microsoft.Kubernetes".to_owned(),
            "Microsoft.KubernetesConfiguration".to_owned(),
            "Microsoft.ContainerService".to_owned(),
            "Microsoft.MachineLearningServices".to_owned(),
        ]
    } else {
        facts.unregistered_providers.clone()
    };
    for namespace in &namespaces {
        commands.push(
            subject.command(
                Cmd::new("az provider register")
                    .opt("--namespace", namespace)
                    .opt_if("--subscription", subscription)
                    .flag("--wait"),
            ),
        );
    }
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    shown_by.extend(facts.unregistered_providers.iter().cloned());
    let confidence = if code.is_some() && !facts.unregistered_providers.is_empty() {
        Confidence::High
    } else {
        Confidence::Medium
    };
    Some(Reasoned {
        found: Found::Own(Match {
            settings: Vec::new(),
            id: "provider-not-registered",
            title: "the subscription is not registered for a resource provider",
            confidence,
            evidence: Vec::new(),
            causes: vec![Cause {
                cause: format!(
                    "the subscription{} is not registered for {}: registering needs the `/register/action` permission (Contributor or Owner on the subscription)",
                    subscription.map(|s| format!(" {s}")).unwrap_or_default(),
                    namespaces.join(", ")
                ),
                fix: Fix {
                    text: "register the provider namespace(s) once per subscription, then retry".to_owned(),
                    commands,
                },
                checks: Vec::new(),
                verdict: None,
            }],
            sources: vec![source(DOC_REGISTER, DOC_REGISTER_MESSAGE)],
        }),
        shown_by,
    })
}

/// Whether the text calls a resource id invalid: "invalid resource id", "is not a valid Azure
/// resource ID", "invalid AKS cluster resource ID format", "resource id … is invalid".
fn id_called_invalid(lower: &str) -> bool {
    // Each spelling's first 256 occurrences, each judged by the words around it.
    ["resource id", "resource_id"].iter().any(|anchor| {
        lower.match_indices(anchor).take(256).any(|(at, _)| {
            let before = &lower[floor(lower, at.saturating_sub(40))..at];
            let after = &lower[at..ceil(lower, (at + 60).min(lower.len()))];
            ["invalid", "not a valid", "malformed", "bad "]
                .iter()
                .any(|w| before.contains(w))
                || [
                    "is invalid",
                    "is not valid",
                    "invalid",
                    "format",
                    "does not match",
                    "pattern",
                ]
                .iter()
                .any(|w| after.contains(w))
        })
    })
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
