//! The compute's ARM address, as the generated scripts and documents write it: the same
//! segment encoding and api-version as the live requests (`crate::arm`).

use super::Ws;
use crate::arm::ML_API;

/// The compute's URL with its api-version.
pub(super) fn compute_url(name: &str, ws: &Ws) -> String {
    format!(
        "https://management.azure.com/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}/computes/{}?api-version={ML_API}",
        segment(&ws.subscription),
        segment(&ws.resource_group),
        segment(&ws.name),
        segment(name)
    )
}

/// Percent-encodes what a URL path segment cannot hold, as the live requests do;
/// placeholders stay readable.
pub(super) fn segment(text: &str) -> String {
    if super::PLACEHOLDERS.contains(&text) {
        return text.to_owned();
    }
    crate::arm::segment(text)
}
