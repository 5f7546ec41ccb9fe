//! Installing or updating the Azure ML extension through ARM, as a state machine like the
//! attach: GET the extension first (an install never PUTs over one that exists; an update needs
//! one to PATCH), send the PUT or PATCH, follow the long-running operation (or, when its headers
//! are not visible, the extension's own state) to its end, and read the extension back with its
//! state, version and statuses. A write ARM refuses for want of multi-factor authentication is
//! sent once more with a token carrying the claims ARM asked for.

use serde::Serialize;
use serde_json::Value;

use super::progress::Progress;
use super::resources::extension as read_extension;
use super::sender::{Follow, OperationNext, Sender};
use super::{
    get_extension, patch_extension, put_extension, ArmError, Cloud, Request, Response, RetryPolicy,
    Step, Workflow,
};
use crate::extension::InstalledExtension;
use crate::resource_id::ClusterId;

/// Most polls before giving up (5–60 s apart: an install can take a quarter of an hour).
const MAX_POLLS: u32 = 240;

/// Install (PUT) or update (PATCH).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionWrite {
    /// PUT, refused over an extension that exists.
    Install,
    /// PATCH, refused when there is none.
    Update,
}

/// How installing or updating the extension ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum ExtensionOutcome {
    /// The operation ended and the extension succeeded.
    Installed {
        /// The extension as ARM now shows it.
        extension: ExtensionView,
    },
    /// The operation ended and the extension reports `Failed`, with its statuses.
    Failed {
        /// The extension as ARM now shows it.
        extension: ExtensionView,
    },
    /// An install was asked for and an extension of that name exists; nothing was sent.
    AlreadyInstalled {
        /// The existing extension.
        extension: ExtensionView,
    },
    /// An update was asked for and there is no extension of that name; nothing was sent.
    NotInstalled,
}

/// The extension as the page shows it (never its protected settings: ARM returns none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtensionView {
    /// Its instance name.
    pub name: String,
    /// `provisioningState`.
    pub provisioning_state: String,
    /// `currentVersion`.
    pub version: Option<String>,
    /// `releaseTrain`.
    pub release_train: Option<String>,
    /// What the extension reported, as `[level] code: message`.
    pub statuses: Vec<String>,
    /// The facts the validators read (`cluster.aml_extension` of a context).
    #[serde(skip)]
    pub installed: InstalledExtension,
}

impl ExtensionView {
    fn of(item: &Value) -> ExtensionView {
        let ext = read_extension(item);
        let statuses = ext
            .installed
            .statuses
            .iter()
            .map(|s| {
                format!(
                    "[{}] {}: {}",
                    s.level.as_deref().unwrap_or("?"),
                    s.code.as_deref().unwrap_or("?"),
                    s.message.as_deref().unwrap_or("")
                )
            })
            .collect();
        ExtensionView {
            name: ext.name,
            provisioning_state: ext.provisioning_state,
            version: ext.installed.version.clone(),
            release_train: ext.installed.release_train.clone(),
            statuses,
            installed: ext.installed,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Check,
    Write,
    Follow(Follow),
    ReadBack,
}

/// One install or update of an extension.
#[derive(Debug, Clone)]
pub struct InstallExtension {
    cloud: Cloud,
    cluster: ClusterId,
    name: String,
    body: Value,
    write: ExtensionWrite,
    phase: Phase,
    sender: Sender,
}

impl InstallExtension {
    /// The workflow and its first step: GET the extension.
    pub fn start(
        cloud: &Cloud,
        cluster: &ClusterId,
        name: &str,
        body: Value,
        write: ExtensionWrite,
        policy: RetryPolicy,
    ) -> (InstallExtension, Step<ExtensionOutcome>) {
        let first = get_extension(cloud, cluster, name);
        let flow = InstallExtension {
            cloud: cloud.clone(),
            cluster: cluster.clone(),
            name: name.to_owned(),
            body,
            write,
            phase: Phase::Check,
            sender: Sender::new(&first, policy),
        };
        (flow, Step::Send(first))
    }

    /// The tenant (an id or a domain) the advice of an MFA refusal names in its commands.
    pub fn with_tenant(mut self, tenant: Option<&str>) -> InstallExtension {
        self.sender.set_tenant(tenant);
        self
    }

    fn get(&self) -> Request {
        get_extension(&self.cloud, &self.cluster, &self.name)
    }

    fn send(&mut self, phase: Phase, request: Request) -> Step<ExtensionOutcome> {
        self.phase = phase;
        self.sender.send(request)
    }

    fn wait(
        &mut self,
        phase: Phase,
        after_secs: u32,
        request: Request,
        reason: Progress,
    ) -> Step<ExtensionOutcome> {
        self.phase = phase;
        self.sender.wait(after_secs, request, reason)
    }

    fn parse(response: &Response) -> Result<Value, ArmError> {
        serde_json::from_str(&response.body)
            .map_err(|_| ArmError::unexpected("extension", "ARM's answer is not JSON"))
    }
}

fn is_busy(state: &str) -> bool {
    matches!(
        state.to_ascii_lowercase().as_str(),
        "creating" | "updating" | "pending" | "accepted" | "running" | "deleting"
    )
}

fn finished(view: ExtensionView) -> Step<ExtensionOutcome> {
    if view.provisioning_state.eq_ignore_ascii_case("Succeeded") {
        Step::Done(ExtensionOutcome::Installed { extension: view })
    } else {
        Step::Done(ExtensionOutcome::Failed { extension: view })
    }
}

impl Workflow for InstallExtension {
    type Output = ExtensionOutcome;

    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<ExtensionOutcome> {
        let absent = self.phase == Phase::Check && response.status == 404;
        if !absent {
            if let Some(step) = self.sender.screen(response, jitter) {
                return step;
            }
        }
        match self.phase.clone() {
            Phase::Check => match (self.write, absent) {
                (ExtensionWrite::Install, true) => {
                    let put = put_extension(&self.cloud, &self.cluster, &self.name, &self.body);
                    self.send(Phase::Write, put)
                }
                (ExtensionWrite::Update, true) => Step::Done(ExtensionOutcome::NotInstalled),
                (ExtensionWrite::Install, false) => match Self::parse(response) {
                    Ok(item) => Step::Done(ExtensionOutcome::AlreadyInstalled {
                        extension: ExtensionView::of(&item),
                    }),
                    Err(error) => Step::Failed(error),
                },
                (ExtensionWrite::Update, false) => {
                    let patch = patch_extension(&self.cloud, &self.cluster, &self.name, &self.body);
                    self.send(Phase::Write, patch)
                }
            },
            Phase::Write => {
                let resource = self.get();
                let (follow, step) = self.sender.follow(response, resource);
                self.phase = follow.map_or(Phase::ReadBack, Phase::Follow);
                step
            }
            Phase::Follow(Follow::Operation(operation)) => {
                match self.sender.operation_next(response, &operation, MAX_POLLS) {
                    OperationNext::Poll(next, step) => {
                        self.phase = Phase::Follow(Follow::Operation(next));
                        step
                    }
                    // Failed or not, the extension's own state and statuses say what happened.
                    OperationNext::Succeeded | OperationNext::Failed(_) => {
                        let request = self.get();
                        self.send(Phase::ReadBack, request)
                    }
                    OperationNext::Stopped(error) => Step::Failed(error),
                }
            }
            Phase::Follow(Follow::Resource { after_secs, polls }) => match Self::parse(response) {
                Ok(item) => {
                    let view = ExtensionView::of(&item);
                    if !is_busy(&view.provisioning_state) {
                        return finished(view);
                    }
                    if polls >= MAX_POLLS {
                        return self.sender.fail(ArmError::unfinished(&format!(
                            "after {polls} reads extension {} is still {}",
                            self.name, view.provisioning_state
                        )));
                    }
                    let request = self.get();
                    let reason = Progress::Extension {
                        state: view.provisioning_state.clone(),
                    };
                    self.wait(
                        Phase::Follow(Follow::Resource {
                            after_secs,
                            polls: polls + 1,
                        }),
                        after_secs,
                        request,
                        reason,
                    )
                }
                Err(error) => Step::Failed(error),
            },
            Phase::ReadBack => match Self::parse(response) {
                Ok(item) => finished(ExtensionView::of(&item)),
                Err(error) => Step::Failed(error),
            },
        }
    }

    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<ExtensionOutcome> {
        self.sender.no_answer(error, jitter)
    }

    fn on_no_token(&mut self, error: ArmError, jitter: f64) -> Step<ExtensionOutcome> {
        self.sender.no_token(error, jitter)
    }
}
