//! Failures recognised from the facts of the error ([`super::facts`]) rather than from its
//! sentences: a denied action on any resource type (the role follows the action and the scope,
//! [`crate::roles::for_action`]), a resource that was not found (its kind decides the commands:
//! AKS or Arc, workspace, compute, extension, group, subscription), a malformed resource id, an
//! unregistered resource provider, throttling. Each rule's fixes carry the text's own values.

mod denied;
mod ids;
mod missing;
pub(super) mod settings;

use super::facts::Facts;
use super::fix::Subject;
use super::{Check, CheckKind, Confidence, Match, Source};

pub(super) const DOC_RBAC: &str = "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---unable-to-assign-a-role";
pub(super) const DOC_RBAC_MESSAGE: &str = "The client '{clientName}' with object id '{objectId}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/{subscriptionId}/Microsoft.Authorization/roleAssignments/{roleAssignmentId}' or the scope is invalid. If access was recently granted, please refresh your credentials.";
pub(super) const DOC_NOT_FOUND: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-not-found";
pub(super) const DOC_NOT_FOUND_MESSAGE: &str = "Code=ResourceNotFound; Message=The Resource 'Microsoft.Storage/storageAccounts/{storage name}' under resource group {resource group name} was not found.";
pub(super) const DOC_REGISTER: &str = "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider";
pub(super) const DOC_REGISTER_MESSAGE: &str = "Code: MissingSubscriptionRegistration Message: The subscription is not registered to use namespace {resource-provider-namespace}";
pub(super) const DOC_IDS: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";
pub(super) const DOC_IDS_MESSAGE: &str =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}";
/// Codes that mean a principal was denied an action.
pub(super) const DENIED_CODES: &[&str] = &[
    "AuthorizationFailed",
    "LinkedAuthorizationFailed",
    "AuthorizationPermissionMismatch",
    "AuthorizationFailure",
];
/// Codes that mean a resource was not found.
pub(super) const NOT_FOUND_CODES: &[&str] = &[
    "ResourceNotFound",
    "ResourceGroupNotFound",
    "SubscriptionNotFound",
    "ParentResourceNotFound",
    "NotFound",
];
/// Codes that mean an id is malformed.
pub(super) const BAD_ID_CODES: &[&str] = &[
    "InvalidResourceId",
    "LinkedInvalidPropertyId",
    "InvalidResourceType",
    "InvalidResourceNamespace",
    "InvalidResourceIdSegment",
    "InvalidSubscriptionId",
];

/// The failures these rules find: id, title, source (for the list of known failures).
pub(super) const KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "authorization-failed",
        "a principal has no role for the action at that scope",
        DOC_RBAC,
        DOC_RBAC_MESSAGE,
    ),
    (
        "resource-not-found",
        "a resource was not found where the request looked",
        DOC_NOT_FOUND,
        DOC_NOT_FOUND_MESSAGE,
    ),
    (
        "resource-id-invalid",
        "a resource id is not written the way it must be",
        DOC_IDS,
        DOC_IDS_MESSAGE,
    ),
    (
        "provider-not-registered",
        "the subscription is not registered for a resource provider",
        DOC_REGISTER,
        DOC_REGISTER_MESSAGE,
    ),
];

/// What a rule found.
pub(super) enum Found {
    /// A failure of its own, with its causes.
    Own(Match),
    /// A failure of the knowledge base (its causes and sources), at this confidence.
    Known(&'static str, Confidence),
}

/// A failure found by reasoning, with the text fragments that show it (for evidence).
pub(super) struct Reasoned {
    /// The match.
    pub found: Found,
    /// Values of the text the match rests on: located in the text as evidence.
    pub shown_by: Vec<String>,
}

/// Every failure the facts show.
pub(super) fn reason(facts: &Facts, subject: &Subject, lower: &str) -> Vec<Reasoned> {
    let mut out = Vec::new();
    out.extend(denied::denied(facts, subject));
    out.extend(missing::not_found(facts, subject));
    out.extend(ids::bad_id(facts, lower));
    out.extend(ids::unregistered(facts, subject));
    out.extend(settings::refused(facts, lower));
    out.extend(super::concepts::reason(facts, lower));
    out
}

pub(super) fn has_any(facts: &Facts, codes: &[&str]) -> Option<String> {
    codes
        .iter()
        .find(|c| facts.has_code(c))
        .map(|c| (*c).to_owned())
}

pub(super) fn check(kind: CheckKind) -> Check {
    Check {
        kind,
        description: kind.description(),
        finding: None,
        preflight: kind.read_by_preflight(),
    }
}

pub(super) fn source(url: &'static str, message: &'static str) -> Source {
    Source { url, message }
}
