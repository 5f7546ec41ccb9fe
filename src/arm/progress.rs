//! What a workflow is doing while it waits, as a typed step: the page moves its step list on
//! `step`, never on the sentence, and the sentence is written here once.

use std::fmt;

use serde::Serialize;

/// Why a workflow waits before its next request, or what it found so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Progress {
    /// ARM's remaining request quota is nearly spent: requests are spaced out.
    Pacing,
    /// ARM answered a status worth trying again (429, 5xx).
    Retry {
        /// The status.
        status: u16,
    },
    /// No answer came; trying again.
    NoAnswer,
    /// ARM accepted the write and started a long-running operation, now followed.
    OperationStarted,
    /// The operation reports this status (`InProgress`, …).
    Operation {
        /// The operation's status as ARM wrote it.
        status: String,
    },
    /// The compute reports this provisioning state (followed when the operation headers are
    /// not visible).
    Compute {
        /// `provisioningState`.
        state: String,
    },
    /// The managed namespace reports this provisioning state.
    Namespace {
        /// `provisioningState`.
        state: String,
    },
    /// The cluster extension reports this provisioning state.
    Extension {
        /// `provisioningState`.
        state: String,
    },
    /// Discovery: a query finished; what was found so far rides along.
    Found,
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Progress::Pacing => {
                f.write_str("pacing: ARM's remaining request quota is nearly spent")
            }
            Progress::Retry { status } => write!(f, "ARM answered {status}; trying again"),
            Progress::NoAnswer => f.write_str("no answer from ARM; trying again"),
            Progress::OperationStarted => f.write_str("the operation has started"),
            Progress::Operation { status } => write!(f, "operation: {status}"),
            Progress::Compute { state } => write!(f, "compute: {state}"),
            Progress::Namespace { state } => write!(f, "namespace: {state}"),
            Progress::Extension { state } => write!(f, "extension: {state}"),
            Progress::Found => f.write_str("found"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_serializes_with_its_kind_and_fields() {
        let step = Progress::Operation {
            status: "InProgress".to_owned(),
        };
        assert_eq!(
            serde_json::to_value(&step).unwrap(),
            serde_json::json!({ "step": "operation", "status": "InProgress" })
        );
        assert_eq!(step.to_string(), "operation: InProgress");
        assert_eq!(
            serde_json::to_value(Progress::OperationStarted).unwrap(),
            serde_json::json!({ "step": "operation-started" })
        );
    }
}
