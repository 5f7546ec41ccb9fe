//! The native command-line tool: the same core checks as the page, for scripts and terminals.

#[cfg(not(target_arch = "wasm32"))]
#[macro_use]
mod stdio;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod input;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let code = cli::main();
    stdio::flush();
    code
}

/// The command-line tool is native only; this lets `cargo clippy --all-targets --target
/// wasm32-unknown-unknown` compile every target of the crate.
#[cfg(target_arch = "wasm32")]
fn main() {}
