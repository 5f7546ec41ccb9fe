//! ARM's error envelope (`{"error": {code, message, target, details, additionalInfo}}`) and the
//! failures around it (no answer, a timeout, a body that is not JSON), as one error type.

use std::fmt;

use serde::Serialize;

use super::mfa::{refusal, MfaRequired};
use super::Response;

/// What kind of failure this is, so callers branch on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArmErrorKind {
    /// ARM answered with an error status and (usually) its envelope.
    Service,
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403 with a policy violation in `additionalInfo`.
    PolicyDenied,
    /// Refused for want of multi-factor authentication (a create, update or delete with a token
    /// obtained without MFA): a claims challenge, or an MFA refusal in the body. `mfa` says what
    /// to do.
    MfaRequired,
    /// 429 or 503, even after the retries.
    Throttled,
    /// The request got no answer (network, CORS, dropped connection).
    Network,
    /// No answer within the time allowed.
    Timeout,
    /// The answer is not the JSON expected; the offset says where reading stopped.
    Malformed,
    /// A long-running operation ended `Failed` or `Canceled`.
    OperationFailed,
}

/// One entry of `details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Error code.
    pub code: String,
    /// Message, as ARM wrote it.
    pub message: String,
    /// What it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// One entry of `additionalInfo`, such as a `PolicyViolation`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AdditionalInfo {
    /// `PolicyViolation`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Its facts, as ARM sent them.
    pub info: serde_json::Value,
}

/// An ARM failure with everything ARM said about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmError {
    /// What kind of failure.
    pub kind: ArmErrorKind,
    /// The HTTP status (0 when there was no answer).
    pub status: u16,
    /// ARM's `error.code`, or one of ours (`NetworkError`, `Timeout`, `MalformedResponse`,
    /// `InsufficientClaims` for a claims challenge without a body, `Http<status>`).
    pub code: String,
    /// ARM's `error.message`, or ours.
    pub message: String,
    /// ARM's `error.target`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// ARM's `error.details`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
    /// ARM's `error.additionalInfo`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_info: Vec<AdditionalInfo>,
    /// For `MfaRequired`: the claims request, and how to sign in again with MFA (boxed: most
    /// errors have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<Box<MfaRequired>>,
}

impl ArmError {
    /// The error a failed response stands for, read from its envelope when there is one.
    pub fn from_response(response: &Response) -> ArmError {
        // api-versions before 2019-06-01 nested the error once more: {"error": {"error": {…}}}.
        let parsed = serde_json::from_str::<serde_json::Value>(&response.body)
            .ok()
            .and_then(|v| v.get("error").cloned())
            .filter(serde_json::Value::is_object)
            .map(|e| match e.get("error") {
                Some(inner) if inner.is_object() && e.get("code").is_none() => inner.clone(),
                _ => e,
            });
        let text = |v: &serde_json::Value, key: &str| {
            v.get(key).and_then(|x| x.as_str()).map(str::to_owned)
        };
        let list = |v: &serde_json::Value, key: &str| {
            v.get(key)
                .and_then(|x| x.as_array())
                .cloned()
                .unwrap_or_default()
        };
        let enveloped = parsed.is_some();
        let (code, message, target, details, additional_info) = match parsed {
            Some(body) => (
                text(&body, "code").unwrap_or_default(),
                text(&body, "message").unwrap_or_default(),
                text(&body, "target"),
                list(&body, "details")
                    .iter()
                    .map(|x| ErrorDetail {
                        code: text(x, "code").unwrap_or_default(),
                        message: text(x, "message").unwrap_or_default(),
                        target: text(x, "target"),
                    })
                    .collect(),
                list(&body, "additionalInfo")
                    .iter()
                    .map(|x| AdditionalInfo {
                        kind: text(x, "type").unwrap_or_default(),
                        info: x.get("info").cloned().unwrap_or_default(),
                    })
                    .collect(),
            ),
            None => (
                format!("Http{}", response.status),
                format!(
                    "ARM answered HTTP {} without an error body",
                    response.status
                ),
                None,
                Vec::new(),
                Vec::new(),
            ),
        };
        let mut error = ArmError {
            kind: ArmErrorKind::Service,
            status: response.status,
            code,
            message,
            target,
            details,
            additional_info,
            mfa: None,
        };
        error.mfa =
            refusal(response.status, response.header("www-authenticate"), &error).map(Box::new);
        if error.mfa.is_some() && !enveloped {
            // A claims challenge with no body: say what it asks for.
            error.code = "InsufficientClaims".to_owned();
            error.message = "ARM asks for a token with more claims (insufficient_claims): a sign-in with multi-factor authentication".to_owned();
        }
        let policy = error
            .additional_info
            .iter()
            .any(|i| i.kind.eq_ignore_ascii_case("PolicyViolation"))
            || error.code == "RequestDisallowedByPolicy";
        error.kind = match response.status {
            _ if error.mfa.is_some() => ArmErrorKind::MfaRequired,
            401 => ArmErrorKind::Unauthorized,
            429 => ArmErrorKind::Throttled,
            503 if response.header("retry-after").is_some() => ArmErrorKind::Throttled,
            _ if policy => ArmErrorKind::PolicyDenied,
            _ => ArmErrorKind::Service,
        };
        error
    }

    /// The same error with its MFA advice naming `tenant` (an id or a domain), when it has any.
    pub fn for_tenant(mut self, tenant: Option<&str>) -> ArmError {
        self.mfa = self.mfa.map(|mfa| Box::new(mfa.for_tenant(tenant)));
        self
    }

    /// The same with an MFA refusal's enforcement sentence worded as of `now`.
    pub fn worded(mut self, now: crate::dated::Now) -> ArmError {
        self.mfa = self.mfa.map(|mfa| Box::new(mfa.worded(now)));
        self
    }

    /// No answer at all (the fetch failed: network, CORS, a dropped connection).
    pub fn network(reason: &str) -> ArmError {
        ArmError::ours(
            ArmErrorKind::Network,
            "NetworkError",
            format!("no answer from ARM: {reason}"),
        )
    }

    /// No answer in time.
    pub fn timeout(seconds: u32) -> ArmError {
        ArmError::ours(
            ArmErrorKind::Timeout,
            "Timeout",
            format!("ARM did not answer within {seconds} s"),
        )
    }

    /// JSON that lacks what the answer must hold (`why`, in our words, never the answer's text).
    pub fn unexpected(what: &str, why: &str) -> ArmError {
        ArmError::ours(
            ArmErrorKind::Malformed,
            "MalformedResponse",
            format!("the {what} ARM sent is not of the shape expected: {why}"),
        )
    }

    /// An answer that is not the JSON expected; only the position is kept, never the text.
    pub fn malformed(what: &str, error: &serde_json::Error) -> ArmError {
        ArmError::ours(
            ArmErrorKind::Malformed,
            "MalformedResponse",
            format!(
                "the {what} ARM sent is not the JSON expected (line {}, column {})",
                error.line(),
                error.column()
            ),
        )
    }

    fn ours(kind: ArmErrorKind, code: &str, message: String) -> ArmError {
        ArmError {
            kind,
            status: 0,
            code: code.to_owned(),
            message,
            target: None,
            details: Vec::new(),
            additional_info: Vec::new(),
            mfa: None,
        }
    }

    /// The policy assignments that denied the request, by display name when ARM gave one.
    pub fn policies(&self) -> Vec<String> {
        self.additional_info
            .iter()
            .filter(|i| i.kind.eq_ignore_ascii_case("PolicyViolation"))
            .map(|i| {
                let text = |key: &str| i.info.get(key).and_then(|v| v.as_str()).map(str::to_owned);
                text("policyDefinitionDisplayName")
                    .or_else(|| text("policyAssignmentDisplayName"))
                    .or_else(|| text("policyAssignmentName"))
                    .unwrap_or_else(|| "a policy".to_owned())
            })
            .collect()
    }
}

impl fmt::Display for ArmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(target) = &self.target {
            write!(f, " (target: {target})")?;
        }
        for policy in self.policies() {
            write!(f, "; denied by policy: {policy}")?;
        }
        for detail in &self.details {
            write!(f, "; {}: {}", detail.code, detail.message)?;
        }
        Ok(())
    }
}
