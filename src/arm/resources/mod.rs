//! Response parsers: ARM's JSON for subscriptions, clusters, extensions, VM sizes, Kubernetes
//! versions, workspaces, computes, role assignments and Resource Graph pages, read into what the
//! pre-flight needs, and the pre-flight context built from them. Here: the shapes every answer
//! shares (one resource, one page of a list) and subscriptions; each kind of resource in its own
//! file. An answer of the wrong shape is an error, never an empty result.

mod clusters;
mod graph;
mod preflight;
mod workspaces;

pub use clusters::*;
pub use graph::*;
pub use preflight::*;
pub use workspaces::*;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::{ArmError, Response};
use crate::resource_id::{parse_cluster_id, ClusterId};
use crate::spec::{ClusterFacts, Context, ExistingCompute, NodePool, Workspace};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The items on this page (possibly none).
    pub items: Vec<T>,
    /// Where the next page is, if any.
    pub next_link: Option<String>,
}

/// Reads the body of a successful answer as JSON (one deserializer for every shape keeps the
/// module small); an error status becomes its `ArmError`.
fn json(response: &Response, what: &str) -> Result<Value, ArmError> {
    if !response.is_success() {
        return Err(ArmError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| ArmError::malformed(what, &e))
}

/// One resource: a JSON object with its `id`. Anything else is an answer of the wrong shape, not
/// a resource with every property empty.
fn resource(response: &Response, what: &str) -> Result<Value, ArmError> {
    let body = json(response, what)?;
    match body.get("id") {
        Some(Value::String(id)) if !id.is_empty() => Ok(body),
        _ if !body.is_object() => Err(ArmError::unexpected(what, "it is not a JSON object")),
        _ => Err(ArmError::unexpected(what, "it has no `id`")),
    }
}

/// One page of a list: `{ value: [objects], nextLink?: string | null }`. An answer without its
/// `value` list is of the wrong shape, never an empty page.
/// Each item goes through `map`, which says what an item lacks when it lacks what it must have.
fn page<T>(
    response: &Response,
    what: &str,
    map: impl Fn(&Value) -> Result<T, &'static str>,
) -> Result<Page<T>, ArmError> {
    let body = json(response, what)?;
    let items = match body.get("value") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ArmError::unexpected(what, "its `value` is not a list")),
        None if body.is_object() => {
            return Err(ArmError::unexpected(what, "it has no `value` list"))
        }
        None => return Err(ArmError::unexpected(what, "it is not a JSON object")),
    };
    let mut mapped = Vec::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        let read = if item.is_object() {
            map(item)
        } else {
            Err("is not an object")
        };
        match read {
            Ok(item) => mapped.push(item),
            Err(why) => {
                return Err(ArmError::unexpected(
                    what,
                    &format!("item {} of its `value` {why}", at + 1),
                ))
            }
        }
    }
    let next_link = match body.get("nextLink") {
        None | Some(Value::Null) => None,
        Some(Value::String(link)) => Some(link.clone()).filter(|l| !l.is_empty()),
        Some(_) => return Err(ArmError::unexpected(what, "its `nextLink` is not text")),
    };
    Ok(Page {
        items: mapped,
        next_link,
    })
}

/// `value[key]` as text.
fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

/// `value[key]` as text, compared ignoring the key's case (Resource Graph capitalises some).
fn text_ci(value: &Value, key: &str) -> Option<String> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
}

fn flag(value: &Value, key: &str) -> Option<bool> {
    value.get(key)?.as_bool()
}

fn count(value: &Value, key: &str) -> Option<u32> {
    value.get(key)?.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// The GUID.
    pub subscription_id: String,
    /// Its name.
    pub display_name: String,
    /// `Enabled`, `Disabled`, …
    pub state: String,
}

/// A page of subscriptions.
pub fn parse_subscriptions(response: &Response) -> Result<Page<Subscription>, ArmError> {
    page(response, "subscription list", |v| {
        Ok(Subscription {
            subscription_id: text(v, "subscriptionId").ok_or("has no `subscriptionId`")?,
            display_name: text(v, "displayName").unwrap_or_default(),
            state: text(v, "state").unwrap_or_default(),
        })
    })
}
