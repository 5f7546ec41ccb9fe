//! What a front end hands over as a word or an id, read into the core's values with the
//! request's error codes: workspace and cluster ids, clouds, generator targets, shells, moments.

use super::RequestError;
use crate::arm::Cloud;
use crate::dated::Now;
use crate::generate::{self, Shell, Target};
use crate::resource_id::{ClusterId, WorkspaceId};

/// The workspace an id names.
pub fn workspace(id: &str) -> Result<WorkspaceId, RequestError> {
    WorkspaceId::parse(id).ok_or(RequestError::BadWorkspaceId)
}

/// The AKS or Arc cluster an id names.
pub fn cluster(id: &str) -> Result<ClusterId, RequestError> {
    crate::resource_id::parse_cluster_id(id)
        .map(|cluster| cluster.id)
        .map_err(|_| RequestError::BadClusterId)
}

/// The cloud a front end names: `public` when none is named, `usgov`, `china`, or an ARM base
/// URL: any `https://` one, or a loopback `http://` one (the local emulator).
pub fn cloud(name: Option<&str>) -> Result<Cloud, RequestError> {
    let Some(name) = name else {
        return Ok(Cloud::public());
    };
    let loopback = ["http://127.0.0.1", "http://localhost"].iter().any(|host| {
        name.strip_prefix(host)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
    });
    match Cloud::preset(name) {
        Some(cloud) => Ok(cloud),
        None if name.starts_with("https://") || loopback => Ok(Cloud::custom(name)),
        None => Err(RequestError::BadCloud),
    }
}

/// The generator target with this id.
pub fn target(id: &str) -> Result<Target, RequestError> {
    Target::from_id(id).ok_or_else(|| {
        let known = generate::targets().iter().map(|t| t.id).collect();
        RequestError::UnknownTarget(id.to_owned(), known)
    })
}

/// The Azure ML extension's target with this id (`az-create`, `bicep`, …).
pub fn extension_target(id: &str) -> Result<generate::ExtensionTarget, RequestError> {
    generate::ExtensionTarget::from_id(id).ok_or_else(|| {
        let known = generate::extension_targets().iter().map(|t| t.id).collect();
        RequestError::UnknownTarget(id.to_owned(), known)
    })
}

/// The shell with this id (`bash`, `pwsh`).
pub fn shell(id: &str) -> Result<Shell, RequestError> {
    Shell::from_id(id).ok_or_else(|| RequestError::UnknownShell(id.to_owned()))
}

/// The moment `text` names: `YYYY-MM-DD` or an RFC 3339 time.
pub fn now(text: &str) -> Result<Now, RequestError> {
    Now::parse(text).map_err(|error| RequestError::BadNow(error.to_string()))
}
