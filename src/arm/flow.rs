//! The next step after an answer: accept it, retry (after how long), ask for a fresh token, or
//! give up; follow a long-running operation; fetch the next page. Callers supply the attempt
//! number and a random number for jitter, so every decision is a pure function.

use super::budget::Budget;
use super::{ArmError, ArmErrorKind, Response};

/// Retries and timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first back-off, doubled at each retry.
    pub base_delay_ms: u32,
    /// The longest back-off.
    pub max_delay_ms: u32,
    /// The longest `Retry-After` honoured; a longer one is shortened to this.
    pub max_retry_after_secs: u32,
    /// How long one request may take before it counts as lost.
    pub timeout_secs: u32,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay_ms: 500,
            max_delay_ms: 20_000,
            max_retry_after_secs: 60,
            timeout_secs: 30,
        }
    }
}

/// What to do with an answer (or the lack of one).
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Use it.
    Accept,
    /// Send the same request again after this many milliseconds.
    Retry {
        /// The wait.
        delay_ms: u32,
    },
    /// Get a fresh token and send the same request again: once after a 401, and once with
    /// `claims` (a claims request, JSON) after ARM refused the request for want of them (a claims
    /// challenge, or a refusal for want of multi-factor authentication).
    RefreshToken {
        /// The claims the new token must carry, when ARM asked for some.
        claims: Option<String>,
    },
    /// Stop with this error.
    Fail(ArmError),
}

/// Which fresh tokens a workflow has already sent a request with: each kind is tried once, so a
/// refusal that a new token does not cure ends the workflow instead of looping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Renewals {
    /// A fresh token, after a 401.
    pub fresh: bool,
    /// A token with the claims ARM asked for, after a claims challenge or an MFA refusal.
    pub claims: bool,
}

impl RetryPolicy {
    /// The decision after response `response` to attempt number `attempt` (1 for the first);
    /// `renewals` says which fresh tokens were already tried; `jitter` is in [0, 1).
    ///
    /// A 401 or 403 that refuses the request for want of MFA (or any claims challenge) asks once
    /// for a token with the claims; refused again, it fails with `MfaRequired`.
    pub fn after_response(
        &self,
        response: &Response,
        attempt: u32,
        renewals: Renewals,
        jitter: f64,
    ) -> Decision {
        if response.is_success() {
            return Decision::Accept;
        }
        if matches!(response.status, 401 | 403) {
            let error = ArmError::from_response(response);
            if let Some(mfa) = &error.mfa {
                return if renewals.claims {
                    Decision::Fail(error)
                } else {
                    Decision::RefreshToken {
                        claims: Some(mfa.claims.clone()),
                    }
                };
            }
        }
        let can_retry = attempt < self.max_attempts;
        match response.status {
            401 if !renewals.fresh => Decision::RefreshToken { claims: None },
            429 | 503 if can_retry => Decision::Retry {
                delay_ms: match retry_after_secs(response) {
                    Some(secs) => secs.clamp(1, self.max_retry_after_secs) * 1000,
                    None => self.backoff(attempt, jitter),
                },
            },
            408 | 500 | 502 | 504 if can_retry => Decision::Retry {
                delay_ms: self.backoff(attempt, jitter),
            },
            _ => {
                let mut error = ArmError::from_response(response);
                if matches!(response.status, 429 | 503) {
                    error.kind = ArmErrorKind::Throttled;
                }
                Decision::Fail(error)
            }
        }
    }

    /// The decision after a request that got no answer (`error` is a network or timeout error).
    pub fn after_no_answer(&self, error: ArmError, attempt: u32, jitter: f64) -> Decision {
        if attempt < self.max_attempts {
            Decision::Retry {
                delay_ms: self.backoff(attempt, jitter),
            }
        } else {
            Decision::Fail(error)
        }
    }

    /// Exponential back-off with "equal jitter": half fixed, half random.
    fn backoff(&self, attempt: u32, jitter: f64) -> u32 {
        let exponent = attempt.saturating_sub(1).min(16);
        let full = self
            .base_delay_ms
            .saturating_mul(1 << exponent)
            .min(self.max_delay_ms);
        let jitter = jitter.clamp(0.0, 1.0);
        full / 2 + (f64::from(full / 2) * jitter) as u32
    }

    /// How long to wait before the next request so that no budget the answer reports runs dry
    /// ([`Budget::pause_ms`]), at most the longest `Retry-After` honoured.
    pub fn pacing_delay_ms(&self, response: &Response) -> u32 {
        Budget::all(response)
            .iter()
            .map(Budget::pause_ms)
            .max()
            .unwrap_or(0)
            .min(self.max_retry_after_secs.saturating_mul(1000))
    }
}

/// `Retry-After` in seconds (ARM sends whole seconds).
pub fn retry_after_secs(response: &Response) -> Option<u32> {
    response.header("retry-after")?.trim().parse().ok()
}

/// How a long-running operation is followed, from the first answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LroStart {
    /// Finished already (200, or 204).
    Done,
    /// Poll this URL after this many seconds.
    Poll {
        /// `Azure-AsyncOperation` (preferred) or `Location`.
        url: String,
        /// Seconds to wait first.
        after_secs: u32,
        /// True when the URL is a `Location`.
        location: bool,
    },
    /// Accepted (201/202) but the headers are not visible (a CORS response that does not expose
    /// them): poll the resource's own `provisioningState` instead.
    PollResource {
        /// Seconds between polls.
        after_secs: u32,
    },
}

/// Seconds between polls when ARM does not say (azureml-core polls every 5 s).
const DEFAULT_POLL_SECS: u32 = 5;

/// The first step of a long-running operation after a PUT or DELETE answered `response`.
pub fn lro_start(response: &Response) -> LroStart {
    let after_secs = retry_after_secs(response)
        .unwrap_or(DEFAULT_POLL_SECS)
        .clamp(1, 60);
    if !matches!(response.status, 201 | 202) {
        return LroStart::Done;
    }
    if let Some(url) = response
        .header("azure-asyncoperation")
        .filter(|u| !u.is_empty())
    {
        return LroStart::Poll {
            url: url.to_owned(),
            after_secs,
            location: false,
        };
    }
    if let Some(url) = response.header("location").filter(|u| !u.is_empty()) {
        return LroStart::Poll {
            url: url.to_owned(),
            after_secs,
            location: true,
        };
    }
    LroStart::PollResource { after_secs }
}

/// How an operation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum LroStatus {
    /// Done.
    Succeeded,
    /// Ended in failure, with ARM's error.
    Failed(ArmError),
    /// Canceled.
    Canceled,
}

/// The next step while following an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum LroStep {
    /// Poll again.
    Poll {
        /// The URL.
        url: String,
        /// After this many seconds.
        after_secs: u32,
        /// What ARM said the operation is doing.
        status: String,
    },
    /// Finished.
    Finished(LroStatus),
}

/// Reads a poll answer. A 4xx/5xx from the status URL means reading the status failed, not the
/// operation (the caller retries it as any other request).
pub fn lro_status(response: &Response, url: &str, location: bool) -> Result<LroStep, ArmError> {
    if !response.is_success() {
        return Err(ArmError::from_response(response));
    }
    let after_secs = retry_after_secs(response)
        .unwrap_or(DEFAULT_POLL_SECS)
        .clamp(1, 60);
    if location {
        return Ok(if response.status == 202 {
            LroStep::Poll {
                url: response.header("location").unwrap_or(url).to_owned(),
                after_secs,
                status: "InProgress".to_owned(),
            }
        } else {
            LroStep::Finished(LroStatus::Succeeded)
        });
    }
    let body: serde_json::Value = serde_json::from_str(&response.body)
        .map_err(|e| ArmError::malformed("operation status", &e))?;
    let status = body
        .get("status")
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(match status.to_ascii_lowercase().as_str() {
        "succeeded" => LroStep::Finished(LroStatus::Succeeded),
        "failed" | "canceled" | "cancelled" => {
            let mut error = body
                .get("error")
                .cloned()
                .map(|error| {
                    // The envelope's inner object; old api-versions nest it twice.
                    let wrapped = serde_json::json!({ "error": error });
                    ArmError::from_response(&Response {
                        status: response.status,
                        headers: Vec::new(),
                        body: wrapped.to_string(),
                    })
                })
                .unwrap_or_else(|| ArmError::network("the operation ended without an error"));
            error.kind = ArmErrorKind::OperationFailed;
            error.status = response.status;
            if status.eq_ignore_ascii_case("failed") {
                LroStep::Finished(LroStatus::Failed(error))
            } else {
                LroStep::Finished(LroStatus::Canceled)
            }
        }
        _ => LroStep::Poll {
            url: url.to_owned(),
            after_secs,
            status,
        },
    })
}

/// The `nextLink` of a list answer, when there is a next page. A page may be empty and still
/// have one: never infer the end from a count.
pub fn next_link(response: &Response) -> Result<Option<String>, ArmError> {
    let body: serde_json::Value =
        serde_json::from_str(&response.body).map_err(|e| ArmError::malformed("list", &e))?;
    Ok(body
        .get("nextLink")
        .and_then(|l| l.as_str())
        .filter(|l| !l.is_empty())
        .map(str::to_owned))
}
