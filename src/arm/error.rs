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
    /// Where in a query the service stopped reading it (Resource Graph's `ParserFailure`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<QueryPosition>,
}

/// A place in a query text, as Resource Graph reports a parse failure: `line`,
/// `characterPositionInLine` and the `token` found there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPosition {
    /// Line, from 1.
    pub line: u32,
    /// Character in the line, from 0 (`characterPositionInLine`).
    pub character: u32,
    /// The token found there (`<EOF>` at the end), at most [`TOKEN_EXCERPT`] characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// What [`ArmError::policies`] calls a policy violation that names no policy.
pub const UNNAMED_POLICY: &str = "a policy";

/// The longest excerpt of a query token kept in an error.
pub const TOKEN_EXCERPT: usize = 40;

impl QueryPosition {
    /// The position a detail object states, when it states a line.
    fn of(detail: &serde_json::Value) -> Option<QueryPosition> {
        let number = |key: &str| {
            detail
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        Some(QueryPosition {
            line: number("line")?,
            character: number("characterPositionInLine").unwrap_or(0),
            token: detail
                .get("token")
                .and_then(serde_json::Value::as_str)
                .map(|t| t.chars().take(TOKEN_EXCERPT).collect()),
        })
    }
}

impl fmt::Display for QueryPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, character {}", self.line, self.character)?;
        match self.token.as_deref() {
            Some("<EOF>") => write!(f, ", at the end of the query"),
            Some(token) => write!(f, ", at `{token}`"),
            None => Ok(()),
        }
    }
}

impl ErrorDetail {
    /// A detail whose message only repeats its code (`ParserFailure: ParserFailure`) says
    /// nothing more; its position does.
    fn says(&self) -> String {
        let message = if self.message.is_empty() || self.message == self.code {
            None
        } else {
            Some(self.message.as_str())
        };
        match (message, &self.position) {
            (Some(m), Some(p)) => format!("{m} ({p})"),
            (Some(m), None) => m.to_owned(),
            (None, Some(p)) => format!("the query could not be read at {p}"),
            (None, None) => self.message.clone(),
        }
    }
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

/// An ARM failure with everything ARM said about it. Serialized with its [`Display`] sentence as
/// `sentence`, so every front end shows the same words.
///
/// [`Display`]: fmt::Display
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "Wire")]
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
    pub target: Option<String>,
    /// ARM's `error.details`.
    pub details: Vec<ErrorDetail>,
    /// ARM's `error.additionalInfo`.
    pub additional_info: Vec<AdditionalInfo>,
    /// For `MfaRequired`: the claims request, and how to sign in again with MFA (boxed: most
    /// errors have none).
    pub mfa: Option<Box<MfaRequired>>,
}

/// [`ArmError`] as JSON: its fields and its sentence.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    kind: ArmErrorKind,
    status: u16,
    code: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<ErrorDetail>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_info: Vec<AdditionalInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mfa: Option<Box<MfaRequired>>,
    /// The error in one sentence ([`fmt::Display`]).
    sentence: String,
}

impl From<ArmError> for Wire {
    fn from(error: ArmError) -> Wire {
        let sentence = error.to_string();
        let ArmError {
            kind,
            status,
            code,
            message,
            target,
            details,
            additional_info,
            mfa,
        } = error;
        Wire {
            kind,
            status,
            code,
            message,
            target,
            details,
            additional_info,
            mfa,
            sentence,
        }
    }
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
                        position: QueryPosition::of(x),
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
            format!("no answer from Azure Resource Manager ({reason}): check the connection, and that the ARM endpoint of the sign-in settings is right and reachable from here (a proxy or a blocking browser extension stops it too)"),
        )
    }

    /// No answer in time.
    pub fn timeout(seconds: u32) -> ArmError {
        ArmError::ours(
            ArmErrorKind::Timeout,
            "Timeout",
            format!("Azure Resource Manager did not answer within {seconds} s: try again; if it keeps happening, check the connection and the ARM endpoint of the sign-in settings"),
        )
    }

    /// An operation ARM accepted that has not ended within the reads allowed (`what` says how it
    /// stands, in our words).
    pub fn unfinished(what: &str) -> ArmError {
        ArmError::ours(ArmErrorKind::Timeout, "Timeout", what.to_owned())
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
                    .unwrap_or_else(|| UNNAMED_POLICY.to_owned())
            })
            .collect()
    }
}

impl fmt::Display for ArmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // ARM's codes are what people search for; ours (no answer, none in time, an answer of
        // the wrong shape: status 0) name nothing to look up, so the sentence is the message.
        if self.status == 0 {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{}: {}", self.code, self.message)?;
        }
        if let Some(target) = &self.target {
            write!(f, " (target: {target})")?;
        }
        for policy in self.policies() {
            if policy == UNNAMED_POLICY {
                write!(f, "; denied by an Azure Policy assignment")?;
            } else {
                write!(f, "; denied by the Azure Policy assignment {policy}")?;
            }
        }
        for detail in &self.details {
            write!(f, "; {}: {}", detail.code, detail.says())?;
        }
        Ok(())
    }
}
