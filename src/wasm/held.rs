//! Documents handed over from JS: a string is text (YAML or JSON), anything else must be a plain
//! object of JSON values; both reach the request layer as a `Given`.

use wasm_bindgen::prelude::*;

use crate::request::{self, RequestError};

/// A document handed over from JS: text as it is, anything else as the JSON value it is.
pub(crate) enum Held {
    Text(String),
    Json(serde_json::Value),
}

impl Held {
    /// The document as the request layer takes it.
    pub(crate) fn given(&self) -> request::Given<'_> {
        match self {
            Held::Text(text) => request::Given::Text(text),
            Held::Json(value) => request::Given::Json(value),
        }
    }
}

/// Converts a JS value into a document: a string is text (YAML or JSON), anything else must be
/// a plain object of JSON values.
pub(crate) fn held(value: &JsValue) -> Result<Held, RequestError> {
    if let Some(text) = value.as_string() {
        return Ok(Held::Text(text));
    }
    // Through JSON text: JSON.stringify and serde_json are both fast, and this keeps a second
    // JS-value serde format out of the module.
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| RequestError::NotJson)?
        .as_string()
        .ok_or(RequestError::NotJson)?;
    serde_json::from_str(&text)
        .map(Held::Json)
        .map_err(|_| RequestError::NotJson)
}

/// An optional document argument: `None` for undefined and null.
#[cfg(any(
    feature = "attach",
    feature = "generate",
    feature = "explain",
    feature = "live"
))]
pub(crate) fn held_option(value: Option<JsValue>) -> Result<Option<Held>, RequestError> {
    value
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| held(&v))
        .transpose()
}
