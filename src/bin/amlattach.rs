//! The native command-line tool: the same core checks as the page, for scripts and terminals.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Read;
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Args, Parser, Subcommand, ValueEnum};
    use serde::Serialize;

    use amlattach::document;
    use amlattach::spec::{Context, Workspace};
    use amlattach::validate::{parse_context, validate};
    use amlattach::{Code, Diagnostic, Report, Severity};

    /// Check Azure Machine Learning Kubernetes attach settings before the service does.
    #[derive(Parser)]
    #[command(name = "amlattach", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Check a compute spec: the v2 `compute.yml` you pass to `az ml compute attach --file`
        /// (type: kubernetes), or a legacy v1 AKS attach or create (type: aks). Reports every
        /// problem; exits 0 when there is no error, 1 when there are errors, 2 when the input
        /// cannot be read.
        Validate(ValidateArgs),
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
    }

    #[derive(Args)]
    struct ValidateArgs {
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
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
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
        match Cli::parse().command {
            Command::Validate(args) => run_validate(&args),
            Command::ValidateName { name, output } => {
                let report = amlattach::validate_compute_name(&name);
                let ok_line = format!("'{name}' is a valid compute name");
                print(output, "", &report, Normalized::NotApplicable, &ok_line)
            }
        }
    }

    fn run_validate(args: &ValidateArgs) -> ExitCode {
        let label = match &args.file {
            Some(path) if path.as_os_str() != "-" => path.display().to_string(),
            _ => "<stdin>".to_owned(),
        };
        let text = match read_input(args.file.as_ref()) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("amlattach: cannot read {label}: {message}");
                return ExitCode::from(2);
            }
        };
        let mut context_diagnostics = Vec::new();
        let mut context = Context::default();
        if let Some(path) = &args.context {
            let text = match read_input(Some(path)) {
                Ok(text) => text,
                Err(message) => {
                    eprintln!("amlattach: cannot read {}: {message}", path.display());
                    return ExitCode::from(2);
                }
            };
            match document::parse(&text) {
                Ok(node) => (context, context_diagnostics) = parse_context(&node),
                Err(error) => {
                    eprintln!("amlattach: {}: {error}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
        if args.workspace_name.is_some()
            || args.resource_group.is_some()
            || args.subscription.is_some()
            || args.workspace_location.is_some()
        {
            let workspace = context.workspace.get_or_insert_with(Workspace::default);
            let set = |slot: &mut Option<String>, value: &Option<String>| {
                if value.is_some() {
                    slot.clone_from(value);
                }
            };
            set(&mut workspace.name, &args.workspace_name);
            set(&mut workspace.resource_group, &args.resource_group);
            set(&mut workspace.subscription_id, &args.subscription);
            set(&mut workspace.location, &args.workspace_location);
        }
        let validation = validate(&text, &context);
        let unreadable = validation
            .report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::ParseError || d.code == Code::NotAMapping);
        let mut diagnostics = context_diagnostics;
        diagnostics.extend(validation.report.diagnostics);
        let report = Report::new(diagnostics);
        let normalized = Normalized::Spec(if report.ok {
            validation.spec.map(|s| s.normalized())
        } else {
            None
        });
        let ok_line = format!("{label}: no errors");
        let code = print(args.output, &label, &report, normalized, &ok_line);
        if unreadable {
            ExitCode::from(2)
        } else {
            code
        }
    }

    fn read_input(path: Option<&PathBuf>) -> Result<String, String> {
        let bytes = match path {
            Some(path) if path.as_os_str() != "-" => {
                std::fs::read(path).map_err(|e| e.to_string())?
            }
            _ => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| e.to_string())?;
                bytes
            }
        };
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            )
        })
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
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("amlattach: cannot write JSON: {error}");
                        return ExitCode::from(2);
                    }
                }
            }
            Output::Text => {
                for d in &report.diagnostics {
                    match (label.is_empty(), d.line) {
                        (true, _) => println!("{d}"),
                        (false, Some(line)) => println!("{label}:{line}: {d}"),
                        (false, None) => println!("{label}: {d}"),
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
                        println!("{ok_line}");
                    } else {
                        println!("{ok_line}, {}", plural(warnings, "warning"));
                    }
                } else if warnings == 0 {
                    println!("{}", plural(errors, "error"));
                } else {
                    println!(
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
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command-line tool is native only; this lets `cargo clippy --all-targets --target
/// wasm32-unknown-unknown` compile every target of the crate.
#[cfg(target_arch = "wasm32")]
fn main() {}
