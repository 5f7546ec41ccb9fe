//! The commands, their arguments, input and output: each command reads, asks the core one
//! question and prints the answer.

use crate::input::{self, Overflow};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use amlattach::dated::Now;
use amlattach::document;
use amlattach::explain::{explain_with, render_text, Options as ExplainOptions};
use amlattach::generate::{generate, targets, Applies, Options as GenerateOptions, Shell, Target};
use amlattach::secret::{decode_secret, DecodedSecret, SecretEntries, SecretOptions};
use amlattach::spec::{Context, Workspace};
use amlattach::support::Plan;
use amlattach::validate::{merge_workspace, parse_context, validate};
use amlattach::versions::{check_version, parse_versions, VersionCheck, VersionList};
use amlattach::x509::{CertificateFacts, KeyFacts};
use amlattach::{Code, Diagnostic, Report, Severity};

/// Check Azure Machine Learning Kubernetes attach settings before the service does.
#[derive(Parser)]
#[command(name = "amlattach", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The date (and time) to judge dated facts by, such as ends of support and
    /// certificate expiry: YYYY-MM-DD or an RFC 3339 time; the system clock by default.
    #[arg(long, global = true, value_name = "DATE")]
    now: Option<String>,
}

#[derive(Subcommand)]
enum Command {
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
}

#[derive(Args)]
struct ExplainArgs {
    /// The error text; `-` or nothing reads standard input (at most 1 MiB is read).
    file: Option<PathBuf>,
    /// A compute spec (YAML or JSON, as for `validate`): the fix commands are written for it.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The workspace's name.
    #[arg(long, short = 'w')]
    workspace_name: Option<String>,
    /// The workspace's resource group.
    #[arg(long, short = 'g')]
    resource_group: Option<String>,
    /// The workspace's subscription id.
    #[arg(long)]
    subscription: Option<String>,
    /// The principal (object) id of the workspace's managed identity, for role assignments.
    #[arg(long, value_name = "OBJECT_ID")]
    identity_principal_id: Option<String>,
    /// A YAML or JSON file of facts, as for `validate` (its workspace is used).
    #[arg(long)]
    context: Option<PathBuf>,
    /// The shell of the fix commands.
    #[arg(long, value_enum, default_value_t = ShellArg::Bash)]
    shell: ShellArg,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

#[derive(Args)]
struct SecretArgs {
    /// The secret as kubectl printed it; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// Write DIR/cert.pem (its certificates, never a private key) and DIR/key.pem as stored
    /// (the key with mode 0600), also from a TLS secret's tls.crt and tls.key; refuses targets
    /// that are links, not regular files, or another user's.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The CNAME you will attach with, checked against the certificate's names.
    #[arg(long)]
    cname: Option<String>,
    /// How to print the result (JSON never holds the key).
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

#[derive(Args)]
struct VersionsArgs {
    /// The `az aks get-versions` output; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// A version to check: `1.30`, `1.30.4`, `v1.30.4`.
    #[arg(long, value_name = "VERSION")]
    check: Option<String>,
    /// The cluster's support plan (`az aks show --query supportPlan`): a minor past
    /// community support is judged by it.
    #[arg(long, value_name = "PLAN", requires = "check")]
    support_plan: Option<String>,
    /// The cluster's tier (`az aks show --query sku.tier`): Free, Standard or Premium.
    #[arg(long, requires = "check")]
    tier: Option<String>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

#[derive(Args)]
struct GenerateArgs {
    /// What to generate (see --list-targets).
    #[arg(long, short = 't', required_unless_present = "list_targets")]
    target: Option<String>,
    /// The shell of generated commands.
    #[arg(long, value_enum, default_value_t = ShellArg::Bash)]
    shell: ShellArg,
    /// List the targets and exit.
    #[arg(long)]
    list_targets: bool,
    #[command(flatten)]
    spec: SpecArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShellArg {
    /// bash, for Linux, macOS, WSL and Cloud Shell.
    Bash,
    /// PowerShell 7.3 or later.
    Pwsh,
}

#[derive(Args)]
struct ValidateArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

/// The spec and what is known about the workspace.
#[derive(Args)]
struct SpecArgs {
    /// The spec file, YAML or JSON; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// The workspace's name (enables workspace checks).
    #[arg(long, short = 'w')]
    workspace_name: Option<String>,
    /// The workspace's resource group.
    #[arg(long, short = 'g')]
    resource_group: Option<String>,
    /// The workspace's subscription id (enables the cross-subscription check).
    #[arg(long)]
    subscription: Option<String>,
    /// The workspace's region (enables the region check of a v1 create).
    #[arg(long)]
    workspace_location: Option<String>,
    /// A YAML or JSON file of facts: workspace, cluster (node pools, version, network),
    /// existing computes, supported Kubernetes versions.
    #[arg(long)]
    context: Option<PathBuf>,
}

impl SpecArgs {
    /// The workspace the options name, for the core to check and merge.
    fn workspace(&self) -> Workspace {
        Workspace {
            name: self.workspace_name.clone(),
            resource_group: self.resource_group.clone(),
            subscription_id: self.subscription.clone(),
            location: self.workspace_location.clone(),
            ..Workspace::default()
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// One line per problem, for people.
    Text,
    /// The report as JSON, for scripts.
    Json,
}

/// What `validate --output json` prints.
#[derive(Serialize)]
struct ValidateOutput<'a> {
    ok: bool,
    diagnostics: &'a [Diagnostic],
    normalized: Option<serde_json::Value>,
}

/// Whether the JSON output has a `normalized` member.
enum Normalized {
    /// `validate-name`: a report only.
    NotApplicable,
    /// `validate`: the normalized spec, null when there are errors.
    Spec(Option<serde_json::Value>),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let now = match cli.now.as_deref().map(Now::parse) {
        Some(Ok(now)) => now,
        Some(Err(error)) => {
            errln!("amlattach: --now: {error}");
            return ExitCode::from(2);
        }
        None => system_now(),
    };
    match cli.command {
        Command::Validate(args) => run_validate(&args, now),
        Command::Secret(args) => run_secret(&args, now),
        Command::Versions(args) => run_versions(&args, now),
        Command::Generate(args) => run_generate(&args, now),
        Command::Explain(args) => run_explain(&args, now),
        Command::Facts { output } => run_facts(output, now),
        Command::ValidateName { name, output } => {
            let report = amlattach::validate_compute_name(&name);
            let ok_line = format!("'{name}' is a valid compute name");
            print(output, "", &report, Normalized::NotApplicable, &ok_line)
        }
    }
}

/// `facts`: the table of dated facts, as of `now`.
fn run_facts(output: Output, now: Now) -> ExitCode {
    match output {
        Output::Json => {
            if print_json(&amlattach::dated::facts_as_of(now)) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Output::Text => {
            out!("{}", amlattach::dated::render_facts(now));
            ExitCode::SUCCESS
        }
    }
}

/// The system clock, the default of `--now`.
fn system_now() -> Now {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Now::from_unix_seconds(seconds)
}

/// A spec read and validated, with the context it was checked against.
struct Checked {
    label: String,
    report: Report,
    spec: Option<amlattach::spec::AttachSpec>,
    context: Context,
    unreadable: bool,
}

/// Reads the spec and context named by `args` and validates them; `Err` is the exit code
/// after an unreadable file was reported.
fn check(args: &SpecArgs, now: Now) -> Result<Checked, ExitCode> {
    let label = match &args.file {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => "<stdin>".to_owned(),
    };
    let text = read_input(args.file.as_ref(), document::MAX_TEXT_BYTES).map_err(|message| {
        errln!("amlattach: cannot read {label}: {message}");
        ExitCode::from(2)
    })?;
    let mut context_diagnostics = Vec::new();
    let mut context = Context::default();
    if let Some(path) = &args.context {
        let text = read_input(Some(path), document::MAX_TEXT_BYTES).map_err(|message| {
            errln!("amlattach: cannot read {}: {message}", path.display());
            ExitCode::from(2)
        })?;
        match document::parse(&text) {
            Ok(node) => (context, context_diagnostics) = parse_context(&node),
            Err(error) => {
                errln!("amlattach: {}: {error}", path.display());
                return Err(ExitCode::from(2));
            }
        }
    }
    context_diagnostics.extend(merge_workspace(&mut context, &args.workspace()));
    let validation = validate(&text, &context, now);
    let unreadable = validation
        .report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ParseError || d.code == Code::NotAMapping);
    let mut diagnostics = context_diagnostics;
    diagnostics.extend(validation.report.diagnostics);
    let report = Report::new(diagnostics);
    let spec = if report.ok { validation.spec } else { None };
    Ok(Checked {
        label,
        report,
        spec,
        context,
        unreadable,
    })
}

fn run_validate(args: &ValidateArgs, now: Now) -> ExitCode {
    let checked = match check(&args.spec, now) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let normalized = Normalized::Spec(checked.spec.map(|s| s.normalized()));
    let ok_line = format!("{}: no errors", checked.label);
    let code = print(
        args.output,
        &checked.label,
        &checked.report,
        normalized,
        &ok_line,
    );
    if checked.unreadable {
        ExitCode::from(2)
    } else {
        code
    }
}

/// What `secret --output json` prints: the facts, never the key.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecretOutput<'a> {
    ok: bool,
    /// `pem` (`cert.pem`, `key.pem`) or `tls` (`tls.crt`, `tls.key`); null for PEM text.
    entries: Option<SecretEntries>,
    certificates: &'a [CertificateFacts],
    key: Option<&'a KeyFacts>,
    key_matches_certificate: Option<bool>,
    /// The position (0-based) of the certificate the key belongs to.
    key_certificate: Option<usize>,
    chain_in_order: bool,
    diagnostics: &'a [Diagnostic],
    written: &'a [String],
}

fn label_of(file: Option<&PathBuf>) -> String {
    match file {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => "<stdin>".to_owned(),
    }
}

fn run_secret(args: &SecretArgs, now: Now) -> ExitCode {
    let label = label_of(args.file.as_ref());
    let text = match read_input(args.file.as_ref(), amlattach::secret::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(message) => {
            errln!("amlattach: cannot read {label}: {message}");
            return ExitCode::from(2);
        }
    };
    let decoded = decode_secret(
        &text,
        &SecretOptions {
            cname: args.cname.clone(),
            now_unix: now.unix_seconds(),
        },
    );
    // Each written path, and the secret's entry it holds.
    let (mut written, mut entries) = (Vec::new(), Vec::new());
    if let Some(dir) = &args.out {
        match crate::files::write_pems(dir, &decoded) {
            Ok(files) => (written, entries) = files.into_iter().unzip(),
            Err(message) => {
                errln!("amlattach: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let report = Report::new(decoded.diagnostics.clone());
    match args.output {
        Output::Json => {
            let output = SecretOutput {
                ok: report.ok,
                entries: decoded.entries,
                certificates: &decoded.certificates,
                key: decoded.key.as_ref(),
                key_matches_certificate: decoded.key_matches_certificate,
                key_certificate: decoded.key_certificate,
                chain_in_order: decoded.chain_in_order,
                diagnostics: &report.diagnostics,
                written: &written,
            };
            if !print_json(&output) {
                return ExitCode::from(2);
            }
            exit_code(&report)
        }
        Output::Text => {
            print_secret(&decoded);
            // `--out` always writes cert.pem and key.pem, the names Azure ML reads; say
            // where each came from when the secret named them otherwise.
            for (path, entry) in written.iter().zip(&entries) {
                if path.ends_with(entry) {
                    outln!("wrote {path}");
                } else {
                    outln!("wrote {path} (from the secret's {entry})");
                }
            }
            print(
                Output::Text,
                &label,
                &report,
                Normalized::NotApplicable,
                &format!("{label}: no errors"),
            )
        }
    }
}

fn print_secret(decoded: &DecodedSecret) {
    let leaf = decoded.key_certificate.unwrap_or(0);
    for (index, c) in decoded.certificates.iter().enumerate() {
        let role = if index == leaf { "leaf" } else { "chain" };
        outln!("certificate {} ({role}): {}", index + 1, c.subject);
        outln!("  issuer:    {}", c.issuer);
        if !c.dns_names.is_empty() {
            outln!("  dns names: {}", c.dns_names.join(", "));
        }
        outln!(
            "  valid:     {} to {} ({} days left)",
            c.not_before,
            c.not_after,
            c.days_until_expiry
        );
        outln!("  serial:    {}", c.serial);
        outln!(
            "  signature: {}, key {}",
            c.signature_algorithm,
            c.public_key
        );
    }
    if let Some(key) = &decoded.key {
        let size = match (&key.curve, key.bits) {
            (Some(curve), _) => format!(" {curve}"),
            (None, Some(bits)) => format!(" {bits}"),
            (None, None) => String::new(),
        };
        let matches = match (decoded.key_matches_certificate, decoded.key_certificate) {
            (Some(true), Some(index)) if index > 0 => {
                format!("matches certificate {}, which must come first", index + 1)
            }
            (Some(true), _) => "matches the leaf certificate".to_owned(),
            (Some(false), _) => "does NOT match the leaf certificate".to_owned(),
            (None, _) => "match with the certificate unknown".to_owned(),
        };
        outln!(
            "key: {}{size} ({}), {matches}",
            key.kind.to_uppercase(),
            match key.format {
                amlattach::x509::KeyFormat::Pkcs8 => "PKCS#8",
                amlattach::x509::KeyFormat::Pkcs1 => "PKCS#1",
                amlattach::x509::KeyFormat::Sec1 => "SEC1",
            }
        );
    }
}

/// What `versions --output json` prints.
#[derive(Serialize)]
struct VersionsOutput<'a> {
    ok: bool,
    list: Option<&'a VersionList>,
    diagnostics: &'a [Diagnostic],
    check: Option<&'a VersionCheck>,
}

fn run_versions(args: &VersionsArgs, now: Now) -> ExitCode {
    let label = label_of(args.file.as_ref());
    let text = match read_input(args.file.as_ref(), amlattach::versions::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(message) => {
            errln!("amlattach: cannot read {label}: {message}");
            return ExitCode::from(2);
        }
    };
    let parsed = parse_versions(&text);
    let check = match (&parsed.list, &args.check) {
        (Some(list), Some(version)) => {
            let plan = Plan::of(args.tier.as_deref(), args.support_plan.as_deref());
            Some(check_version(list, version, plan, now))
        }
        _ => None,
    };
    let mut diagnostics = parsed.diagnostics.clone();
    if let Some(check) = &check {
        diagnostics.extend(check.diagnostics.iter().cloned());
    }
    let report = Report::new(diagnostics);
    match args.output {
        Output::Json => {
            let output = VersionsOutput {
                ok: report.ok,
                list: parsed.list.as_ref(),
                diagnostics: &parsed.diagnostics,
                check: check.as_ref(),
            };
            if !print_json(&output) {
                return ExitCode::from(2);
            }
            exit_code(&report)
        }
        Output::Text => {
            if let Some(list) = &parsed.list {
                print_versions(list);
            }
            if let Some(check) = &check {
                print_check(check);
            }
            print(
                Output::Text,
                &label,
                &report,
                Normalized::NotApplicable,
                &format!("{label}: no errors"),
            )
        }
    }
}

fn print_versions(list: &VersionList) {
    outln!(
        "{:<12} {:<8} {:<8} {:<34} UPGRADES",
        "VERSION",
        "PREVIEW",
        "DEFAULT",
        "SUPPORT PLAN"
    );
    for v in &list.versions {
        let upgrades: Vec<String> = v
            .upgrades
            .iter()
            .map(|u| {
                format!(
                    "{}{}",
                    u.version,
                    if u.is_preview { "(preview)" } else { "" }
                )
            })
            .collect();
        outln!(
            "{:<12} {:<8} {:<8} {:<34} {}",
            v.version,
            if v.is_preview { "yes" } else { "" },
            if v.is_default { "default" } else { "" },
            v.support_plan.join(", "),
            if upgrades.is_empty() {
                "none".to_owned()
            } else {
                upgrades.join(", ")
            }
        );
    }
    if let Some(default) = &list.default_version {
        outln!("default version: {default}");
    }
    outln!(
        "supported GA minors (N-2): {}",
        list.supported_minors.join(", ")
    );
    let long_term_only: Vec<&str> = list
        .minors
        .iter()
        .filter(|m| m.is_lts_only && !m.is_preview)
        .map(|m| m.minor.as_str())
        .collect();
    if !long_term_only.is_empty() {
        outln!(
            "long-term support only (Premium tier, AKSLongTermSupport plan): {}",
            long_term_only.join(", ")
        );
    }
    if let Some(current) = &list.current {
        outln!("cluster version: {current}");
    }
}

fn print_check(check: &VersionCheck) {
    let Some(version) = &check.version else {
        return;
    };
    let verdict = if check.supported {
        "can be attached"
    } else {
        "cannot be attached"
    };
    outln!("check {version}: {verdict}");
    if !check.upgrades.is_empty() {
        let steps: Vec<String> = check
            .upgrades
            .iter()
            .map(|u| {
                format!(
                    "{}{}{}",
                    u.version,
                    if u.is_preview { " (preview)" } else { "" },
                    if u.crosses_blobfuse {
                        " (blobfuse → Blob CSI)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        outln!("  upgrades to: {}", steps.join(", "));
    }
}

fn print_json<T: Serialize>(value: &T) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            outln!("{json}");
            true
        }
        Err(error) => {
            errln!("amlattach: cannot write JSON: {error}");
            false
        }
    }
}

fn exit_code(report: &Report) -> ExitCode {
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_generate(args: &GenerateArgs, now: Now) -> ExitCode {
    if args.list_targets {
        for info in targets() {
            let applies = match info.applies {
                Applies::Kubernetes => "v2",
                Applies::Aks => "v1",
                Applies::Both => "v1, v2",
            };
            outln!("{:<12} {:<26} for {applies}", info.id, info.label);
        }
        return ExitCode::SUCCESS;
    }
    let id = args.target.as_deref().unwrap_or_default();
    let Some(target) = Target::from_id(id) else {
        let ids: Vec<&str> = targets().iter().map(|t| t.id).collect();
        errln!(
            "amlattach: unknown target '{id}'; targets: {}",
            ids.join(", ")
        );
        return ExitCode::from(2);
    };
    let checked = match check(&args.spec, now) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let Some(spec) = checked.spec else {
        print_diagnostics(&checked);
        errln!("amlattach: the spec has errors; nothing generated");
        return if checked.unreadable {
            ExitCode::from(2)
        } else {
            ExitCode::FAILURE
        };
    };
    let options = GenerateOptions {
        shell: match args.shell {
            ShellArg::Bash => Shell::Bash,
            ShellArg::Pwsh => Shell::Pwsh,
        },
        workspace: checked.context.workspace.unwrap_or_default(),
        now,
    };
    out!("{}", generate(&spec, target, &options).text);
    ExitCode::SUCCESS
}

/// `explain`: 0 when a known failure matched, 1 when none did, 2 when the input or the
/// spec cannot be used.
fn run_explain(args: &ExplainArgs, now: Now) -> ExitCode {
    let stdin = |path: Option<&PathBuf>| path.is_none_or(|p| p.as_os_str() == "-");
    if args.spec.is_some() && stdin(args.spec.as_ref()) && stdin(args.file.as_ref()) {
        errln!("amlattach: the error text and --spec cannot both be read from standard input");
        return ExitCode::from(2);
    }
    let label = label_of(args.file.as_ref());
    let text = match input::read(
        args.file.as_deref(),
        amlattach::explain::MAX_INPUT_BYTES,
        Overflow::Cut,
    ) {
        Ok(text) => text,
        Err(message) => {
            errln!("amlattach: cannot read {label}: {message}");
            return ExitCode::from(2);
        }
    };
    let spec_args = SpecArgs {
        file: args.spec.clone(),
        workspace_name: args.workspace_name.clone(),
        resource_group: args.resource_group.clone(),
        subscription: args.subscription.clone(),
        workspace_location: None,
        context: args.context.clone(),
    };
    let (spec, mut context) = if args.spec.is_some() {
        let checked = match check(&spec_args, now) {
            Ok(checked) => checked,
            Err(code) => return code,
        };
        let Some(spec) = checked.spec else {
            print_diagnostics(&checked);
            errln!("amlattach: the spec has errors; fix them or leave out --spec");
            return ExitCode::from(2);
        };
        (Some(spec), checked.context)
    } else {
        match context_only(&spec_args) {
            Ok(context) => (None, context),
            Err(code) => return code,
        }
    };
    if let Some(id) = &args.identity_principal_id {
        context
            .workspace
            .get_or_insert_with(Workspace::default)
            .identity_principal_id = Some(id.clone());
    }
    let explanation = explain_with(
        &text,
        &ExplainOptions {
            spec: spec.as_ref(),
            workspace: context.workspace.as_ref(),
            shell: match args.shell {
                ShellArg::Bash => Shell::Bash,
                ShellArg::Pwsh => Shell::Pwsh,
            },
            context: Some(&context),
            now,
        },
    );
    match args.output {
        Output::Json => {
            if !print_json(&explanation) {
                return ExitCode::from(2);
            }
        }
        Output::Text => out!("{}", render_text(&explanation)),
    }
    if explanation.matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A spec's diagnostics on stderr, each with its file and line.
fn print_diagnostics(checked: &Checked) {
    for d in &checked.report.diagnostics {
        match d.line {
            Some(line) => errln!("{}:{line}: {d}", checked.label),
            None => errln!("{}: {d}", checked.label),
        }
    }
}

/// The context file (the pre-flight's facts too) and the workspace the options name, without
/// a spec.
fn context_only(args: &SpecArgs) -> Result<Context, ExitCode> {
    let mut context = Context::default();
    if let Some(path) = &args.context {
        let text = read_input(Some(path), document::MAX_TEXT_BYTES).map_err(|message| {
            errln!("amlattach: cannot read {}: {message}", path.display());
            ExitCode::from(2)
        })?;
        match document::parse(&text) {
            Ok(node) => context = parse_context(&node).0,
            Err(error) => {
                errln!("amlattach: {}: {error}", path.display());
                return Err(ExitCode::from(2));
            }
        }
    }
    let diagnostics = merge_workspace(&mut context, &args.workspace());
    if !diagnostics.is_empty() {
        for d in &diagnostics {
            errln!("amlattach: {d}");
        }
        return Err(ExitCode::from(2));
    }
    Ok(context)
}

/// Reads a file or standard input, refusing it past `cap` bytes (the core's cap for that kind
/// of input) without reading the rest.
fn read_input(path: Option<&PathBuf>, cap: usize) -> Result<String, String> {
    input::read(path.map(PathBuf::as_path), cap, Overflow::Refuse)
}

/// Prints `report` and turns it into the exit code: 0 when ok, 1 when any error was found.
fn print(
    output: Output,
    label: &str,
    report: &Report,
    normalized: Normalized,
    ok_line: &str,
) -> ExitCode {
    match output {
        Output::Json => {
            let json = match normalized {
                Normalized::NotApplicable => serde_json::to_string_pretty(report),
                Normalized::Spec(normalized) => serde_json::to_string_pretty(&ValidateOutput {
                    ok: report.ok,
                    diagnostics: &report.diagnostics,
                    normalized,
                }),
            };
            match json {
                Ok(json) => outln!("{json}"),
                Err(error) => {
                    errln!("amlattach: cannot write JSON: {error}");
                    return ExitCode::from(2);
                }
            }
        }
        Output::Text => {
            for d in &report.diagnostics {
                match (label.is_empty(), d.line) {
                    (true, _) => outln!("{d}"),
                    (false, Some(line)) => outln!("{label}:{line}: {d}"),
                    (false, None) => outln!("{label}: {d}"),
                }
            }
            let count = |s| {
                report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == s)
                    .count()
            };
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            if errors == 0 {
                if warnings == 0 {
                    outln!("{ok_line}");
                } else {
                    outln!("{ok_line}, {}", plural(warnings, "warning"));
                }
            } else if warnings == 0 {
                outln!("{}", plural(errors, "error"));
            } else {
                outln!(
                    "{}, {}",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
            }
        }
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
