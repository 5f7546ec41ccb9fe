//! The command line: every command, argument and option, with the help text `--help` prints.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use amlattach::generate::Shell;
use amlattach::spec::Workspace;

pub use crate::output::Output;

/// Check Azure Machine Learning Kubernetes attach settings before the service does.
#[derive(Parser)]
#[command(name = "amlattach", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The date (and time) to judge dated facts by, such as ends of support and
    /// certificate expiry: YYYY-MM-DD or an RFC 3339 time; the system clock by default.
    #[arg(long, global = true, value_name = "DATE")]
    pub now: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check a compute spec: the v2 `compute.yml` you pass to `az ml compute attach --file`
    /// (type: kubernetes), or a legacy v1 AKS attach or create (type: aks). Reports every
    /// problem; exits 0 when there is no error, 1 when there are errors, 2 when the input
    /// cannot be read.
    Validate(ValidateArgs),
    /// Write the commands, code or documents for a valid spec: az CLI (v2 and v1), the
    /// compute YAML, Python SDK code (v2 and v1), the ARM request, Bicep, Terraform, kubectl
    /// lines, detach and re-attach runbooks. Exits 1 (problems on stderr) when the spec has
    /// errors.
    Generate(GenerateArgs),
    /// Check a compute name (3–24 characters, a letter first, a letter or digit last,
    /// letters, digits and '-' only). Exits 1 when the name has an error.
    ValidateName {
        /// The compute name to check (a leading '-' is read as part of the name).
        #[arg(allow_hyphen_values = true)]
        name: String,
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Decode the `azuremlfessl` secret (`kubectl get secret azuremlfessl -o yaml` or -o
    /// json, a List, a `data:` map, one base64 value or PEM), show its certificates and key,
    /// check them, and with --out write cert.pem and key.pem (mode 0600). Exits 1 when a
    /// problem is an error.
    Secret(SecretArgs),
    /// Read `az aks get-versions` output (table, JSON or YAML; old or new) or an upgrade
    /// profile: the versions newest first, the default, the supported window; with --check,
    /// whether a version can be attached and where it can upgrade to.
    Versions(VersionsArgs),
    /// Explain the error a failed attach (or a job on the attached compute) gave you: paste
    /// the CLI, SDK or studio output, an ARM error JSON, a compute's provisioningErrors or
    /// the whole compute. Prints each known failure found with its evidence, likely causes
    /// and fix commands (written for --spec when given). Secrets in the text are redacted
    /// first and never printed. Exits 0 when a known failure matched, 1 when none did, 2
    /// when the input or the spec cannot be used.
    Explain(ExplainArgs),
    /// List every dated fact the tool relies on (ends of support, retirements, enforcement
    /// dates, documented rules, client versions, api-versions), each with its date and
    /// public source, worded as of --now.
    Facts {
        /// How to print them.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// The Azure ML extension (Microsoft.AzureML.Kubernetes) the cluster needs before an
    /// attach: check its spec (the cluster, release train and version, and every
    /// configuration setting) or write its install, update, ARM, Bicep, Terraform, check and
    /// uninstall. Same exit codes as `validate` and `generate`.
    #[command(subcommand)]
    Extension(ExtensionCommand),
}

/// `amlattach extension …`.
#[derive(Subcommand)]
pub enum ExtensionCommand {
    /// Check an extension spec; the PEM files its sslCertPemFile and sslKeyPemFile name are
    /// read (relative to the current directory, as az reads them) and their certificate and
    /// key checked against sslCname.
    Validate(ValidateArgs),
    /// Write a target for a valid extension spec (see --list-targets).
    Generate(GenerateArgs),
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The error text; `-` or nothing reads standard input (at most 1 MiB is read).
    pub file: Option<PathBuf>,
    /// A compute spec (YAML or JSON, as for `validate`): the fix commands are written for it.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// The principal (object) id of the workspace's managed identity, for role assignments.
    #[arg(long, value_name = "OBJECT_ID")]
    pub identity_principal_id: Option<String>,
    /// A YAML or JSON file of facts, as for `validate` (its workspace is used).
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// The shell of the fix commands.
    #[arg(long, value_enum, default_value_t = ShellArg::Bash)]
    pub shell: ShellArg,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

#[derive(Args)]
pub struct SecretArgs {
    /// The secret as kubectl printed it; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// Write DIR/cert.pem (its certificates, never a private key) and DIR/key.pem as stored
    /// (the key with mode 0600), also from a TLS secret's tls.crt and tls.key; refuses targets
    /// that are links, not regular files, or another user's.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The CNAME you will attach with, checked against the certificate's names.
    #[arg(long)]
    pub cname: Option<String>,
    /// How to print the result (JSON never holds the key).
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

#[derive(Args)]
pub struct VersionsArgs {
    /// The `az aks get-versions` output; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// A version to check: `1.30`, `1.30.4`, `v1.30.4`.
    #[arg(long, value_name = "VERSION")]
    pub check: Option<String>,
    /// The cluster's support plan (`az aks show --query supportPlan`): a minor past
    /// community support is judged by it.
    #[arg(long, value_name = "PLAN", requires = "check")]
    pub support_plan: Option<String>,
    /// The cluster's tier (`az aks show --query sku.tier`): Free, Standard or Premium.
    #[arg(long, requires = "check")]
    pub tier: Option<String>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// What to generate (see --list-targets).
    #[arg(long, short = 't', required_unless_present = "list_targets")]
    pub target: Option<String>,
    /// The shell of generated commands.
    #[arg(long, value_enum, default_value_t = ShellArg::Bash)]
    pub shell: ShellArg,
    /// List the targets and exit.
    #[arg(long)]
    pub list_targets: bool,
    /// An Azure ML extension spec (YAML or JSON, as `extension validate` reads): what the
    /// runbooks (prepare, reattach) install when the cluster has no extension.
    #[arg(long)]
    pub extension: Option<PathBuf>,
    #[command(flatten)]
    pub spec: SpecArgs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ShellArg {
    /// bash, for Linux, macOS, WSL and Cloud Shell.
    Bash,
    /// PowerShell 7.3 or later.
    Pwsh,
}

#[derive(Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

/// The workspace as options: checked like a context's workspace, and winning over it.
#[derive(Args)]
pub struct WorkspaceArgs {
    /// The workspace's name (enables the workspace checks; fills in the commands).
    #[arg(long, short = 'w')]
    pub workspace_name: Option<String>,
    /// The workspace's resource group.
    #[arg(long, short = 'g')]
    pub resource_group: Option<String>,
    /// The workspace's subscription id (enables the cross-subscription check).
    #[arg(long)]
    pub subscription: Option<String>,
}

impl WorkspaceArgs {
    /// The workspace these options name.
    fn workspace(&self) -> Workspace {
        Workspace {
            name: self.workspace_name.clone(),
            resource_group: self.resource_group.clone(),
            subscription_id: self.subscription.clone(),
            ..Workspace::default()
        }
    }
}

/// The spec and what is known about the workspace.
#[derive(Args)]
pub struct SpecArgs {
    /// The spec file, YAML or JSON; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// The workspace's region (enables the region check of a v1 create).
    #[arg(long)]
    pub workspace_location: Option<String>,
    /// A YAML or JSON file of facts: workspace, cluster (node pools, version, network),
    /// existing computes, supported Kubernetes versions.
    #[arg(long)]
    pub context: Option<PathBuf>,
}

impl SpecArgs {
    /// The workspace the options name, for the core to check and merge.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            location: self.workspace_location.clone(),
            ..self.workspace.workspace()
        }
    }
}

impl ShellArg {
    /// The core's shell.
    pub fn shell(self) -> Shell {
        match self {
            ShellArg::Bash => Shell::Bash,
            ShellArg::Pwsh => Shell::Pwsh,
        }
    }
}

impl ExplainArgs {
    /// The spec file and workspace options as `validate` and `generate` take them.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            identity_principal_id: self.identity_principal_id.clone(),
            ..self.workspace.workspace()
        }
    }
}
