//! The native command-line tool: the same core checks as the page, for scripts and terminals.
//! Each command is a file of its own that reads its input, asks the core's request layer one
//! question (`amlattach::request`) and prints the answer with the core's renderer.

#[cfg(not(target_arch = "wasm32"))]
#[macro_use]
mod stdio;
#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod explain;
#[cfg(not(target_arch = "wasm32"))]
mod extension;
#[cfg(not(target_arch = "wasm32"))]
mod facts;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod generate;
#[cfg(not(target_arch = "wasm32"))]
mod input;
#[cfg(not(target_arch = "wasm32"))]
mod output;
#[cfg(not(target_arch = "wasm32"))]
mod secret;
#[cfg(not(target_arch = "wasm32"))]
mod validate;
#[cfg(not(target_arch = "wasm32"))]
mod versions;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use args::{Cli, Command};
    use clap::Parser;
    let cli = Cli::parse();
    let code = match input::now(cli.now.as_deref()) {
        Err(code) => code,
        Ok(now) => match cli.command {
            Command::Validate(args) => validate::run(&args, now),
            Command::ValidateName { name, output } => validate::run_name(&name, output),
            Command::Secret(args) => secret::run(&args, now),
            Command::Versions(args) => versions::run(&args, now),
            Command::Generate(args) => generate::run(&args, now),
            Command::Explain(args) => explain::run(&args, now),
            Command::Facts { output } => facts::run(output, now),
            Command::Extension(command) => extension::run(command, now),
        },
    };
    stdio::flush();
    code
}

/// The command-line tool is native only; this lets `cargo clippy --all-targets --target
/// wasm32-unknown-unknown` compile every target of the crate.
#[cfg(target_arch = "wasm32")]
fn main() {}
