//! The native command-line tool: the same core checks as the page, for scripts and terminals.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::process::ExitCode;

    use clap::{Parser, Subcommand, ValueEnum};

    use amlattach::{Report, Severity};

    /// Check Azure Machine Learning Kubernetes attach settings before the service does.
    #[derive(Parser)]
    #[command(name = "amlattach", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
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

    #[derive(Clone, Copy, ValueEnum)]
    enum Output {
        /// One line per problem, for people.
        Text,
        /// The report as JSON (`{ "ok": …, "diagnostics": [ … ] }`), for scripts.
        Json,
    }

    pub fn main() -> ExitCode {
        match Cli::parse().command {
            Command::ValidateName { name, output } => {
                let report = amlattach::validate_compute_name(&name);
                print_report(
                    &report,
                    output,
                    &format!("'{name}' is a valid compute name"),
                )
            }
        }
    }

    /// Prints `report` and turns it into the exit code: 0 when ok, 1 when any error was found.
    fn print_report(report: &Report, output: Output, ok_line: &str) -> ExitCode {
        match output {
            Output::Json => match serde_json::to_string_pretty(report) {
                Ok(json) => println!("{json}"),
                Err(error) => {
                    eprintln!("amlattach: cannot write JSON: {error}");
                    return ExitCode::from(2);
                }
            },
            Output::Text => {
                for diagnostic in &report.diagnostics {
                    println!("{diagnostic}");
                }
                let errors = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                match errors {
                    0 => println!("{ok_line}"),
                    1 => println!("1 error"),
                    n => println!("{n} errors"),
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
