//! Azure Resource Manager, sans I/O: the requests to send, what their responses mean, and the
//! next step to take (retry, wait and poll, fetch the next page). The wasm edge moves the bytes
//! and adds the bearer token; nothing here sends, sleeps, reads a clock or keeps a token.

// `ArmError` carries all ARM said (details, additionalInfo); it is made once per failed request,
// so its size on the error path does not matter.
#![allow(clippy::result_large_err)]

mod attach;
pub mod budget;
mod discover;
mod error;
mod flow;
mod install;
mod mfa;
mod namespace;
mod progress;
mod reads;
mod requests;
mod resources;
mod sender;
mod token;

use std::fmt;

use crate::dated;

pub use attach::{Attach, Outcome, Step, Workflow};
pub use budget::{ratelimit_remaining, Budget};
pub use discover::Discover;
pub use error::{AdditionalInfo, ArmError, ArmErrorKind, ErrorDetail, QueryPosition};
pub use flow::{
    lro_start, lro_status, next_link, retry_after_secs, Decision, LroStart, LroStatus, LroStep,
    Renewals, RetryPolicy,
};
pub use install::{ExtensionOutcome, ExtensionView, ExtensionWrite, InstallExtension};
pub use mfa::{
    body_says_mfa, claims_challenge, decode_claims, encode_claims, parse_challenges, Challenge,
    ClientAdvice, MfaRequired, MfaSource, AZ_LOGIN_SCOPE, MFA_CLAIMS, MFA_POLICY_DEFINITIONS,
};
pub use namespace::{CreateNamespace, NamespaceOutcome};
pub use progress::Progress;
pub use reads::{
    Discovered, DiscoveredCluster, Discovery, Lane, Note, PreflightRead, PreflightResult,
};
pub use requests::*;
pub use resources::*;
pub use token::{check_token, Pasted, Span, TokenCheck};

// The api-versions, each defined once with its source in `crate::dated`.
/// `Microsoft.MachineLearningServices` api-version.
pub const ML_API: &str = dated::ML_API.version;
/// `Microsoft.ContainerService` api-version.
pub const AKS_API: &str = dated::AKS_API.version;
/// `Microsoft.Kubernetes` (Arc) api-version.
pub const ARC_API: &str = dated::ARC_API.version;
/// `Microsoft.KubernetesConfiguration/extensions` api-version.
pub const EXTENSIONS_API: &str = dated::EXTENSIONS_API.version;
/// `Microsoft.ResourceGraph` api-version.
pub const GRAPH_API: &str = dated::GRAPH_API.version;
/// `Microsoft.Compute/skus` api-version.
pub const SKUS_API: &str = dated::SKUS_API.version;
/// Subscriptions api-version.
pub const SUBSCRIPTIONS_API: &str = dated::SUBSCRIPTIONS_API.version;
/// Role assignments api-version.
pub const AUTHORIZATION_API: &str = dated::AUTHORIZATION_API.version;

/// Where ARM is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloud {
    /// The ARM base URL, without a trailing slash.
    pub arm: String,
}

impl Cloud {
    /// Public Azure.
    pub fn public() -> Cloud {
        Cloud::custom("https://management.azure.com")
    }

    /// Azure US Government.
    pub fn us_government() -> Cloud {
        Cloud::custom("https://management.usgovcloudapi.net")
    }

    /// Azure operated by 21Vianet (China).
    pub fn china() -> Cloud {
        Cloud::custom("https://management.chinacloudapi.cn")
    }

    /// Any ARM-compatible endpoint, such as the local emulator.
    pub fn custom(base: &str) -> Cloud {
        Cloud {
            arm: base.trim_end_matches('/').to_owned(),
        }
    }

    /// The preset named `public`, `usgov` or `china`.
    pub fn preset(name: &str) -> Option<Cloud> {
        match name {
            "public" => Some(Cloud::public()),
            "usgov" => Some(Cloud::us_government()),
            "china" => Some(Cloud::china()),
            _ => None,
        }
    }

    /// The token scope for this cloud's ARM.
    pub fn scope(&self) -> String {
        format!("{}/user_impersonation", self.arm)
    }

    /// `base + path` where `path` starts with `/` and may already carry a query.
    pub fn url(&self, path: &str, api_version: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{}{path}{separator}api-version={api_version}", self.arm)
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// PATCH.
    Patch,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request to send. The edge adds `Authorization` and `x-ms-client-request-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The absolute URL, api-version included.
    pub url: String,
    /// Headers besides authorization.
    pub headers: Vec<(String, String)>,
    /// A JSON body.
    pub body: Option<String>,
}

impl Request {
    pub(crate) fn new(method: Method, url: String) -> Request {
        Request {
            method,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    fn json(mut self, body: &serde_json::Value) -> Request {
        self.headers
            .push(("Content-Type".to_owned(), "application/json".to_owned()));
        self.body = Some(body.to_string());
        self
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// Headers, as received.
    pub headers: Vec<(String, String)>,
    /// The body text.
    pub body: String,
}

impl Response {
    /// A header's value, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Percent-encodes a path segment.
pub(crate) fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod install_tests;
#[cfg(test)]
mod recorded_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod token_tests;
