//! An error about installing the Azure ML extension that names the extension's own settings
//! (`inferenceRouterServiceType`, `allowInsecureConnections=true`, `sslCname`): whatever its
//! words, the settings it names are the ones at fault. The Azure CLI's k8s-extension checks them
//! before it sends anything and says what it wants in one sentence; the extension's healthcheck
//! and ARM name them too. The keys come from the extension's table of settings, so a new message
//! about a known setting is recognised as well as the ones seen.

use super::{Found, Reasoned};
use crate::explain::facts::Facts;
use crate::explain::Confidence;

/// The failure's id (its causes and sources are in the knowledge base).
pub(crate) const SETTING_REFUSED: &str = "extension-setting-refused";

/// Words that put a text about the Azure ML extension's install.
const ABOUT_THE_EXTENSION: &[&str] = &[
    "configuration-settings",
    "--config",
    "k8s-extension",
    "microsoft.azureml.kubernetes",
    "arcml",
    "azureml extension",
    "azure ml extension",
    "azure machine learning extension",
    "amlarc",
];

/// Words that make it a refusal rather than a mention.
const REFUSED: &[&str] = &[
    "please specify",
    "specify either",
    "provide ",
    "invalid",
    "not supported",
    "not allowed",
    "must ",
    "cannot",
    "can't",
    "but not both",
    "is required",
    "error",
    "failed",
];

/// The settings an error about the extension names, when it names any.
pub(super) fn refused(facts: &Facts, lower: &str) -> Option<Reasoned> {
    if facts.extension_keys_named.is_empty() {
        return None;
    }
    let about = ABOUT_THE_EXTENSION.iter().any(|w| lower.contains(w))
        || facts
            .cli_extensions
            .iter()
            .any(|e| e.eq_ignore_ascii_case("k8s-extension"));
    let refused = REFUSED.iter().any(|w| lower.contains(w));
    (about && refused).then(|| Reasoned {
        found: Found::Known(SETTING_REFUSED, Confidence::Medium),
        shown_by: facts.extension_keys_named.clone(),
    })
}
