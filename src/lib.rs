//! amlattach: checks Azure Machine Learning Kubernetes attach settings and writes the commands to run.
//!
//! The crate is a pure core (no I/O, no JS) plus one wasm edge, [`wasm`], compiled only for
//! `wasm32`. The native command-line tool in `src/bin/amlattach/` and the browser both call
//! the same core functions. See `ARCHITECTURE.md` for the map.

pub mod arm;
pub mod dated;
pub mod diagnostic;
pub mod document;
pub mod explain;
pub mod extension;
pub mod generate;
pub mod name;
pub mod network;
pub mod portal;
pub mod request;
pub mod resource_id;
pub mod roles;
pub mod secret;
pub mod spec;
pub mod support;
pub mod validate;
pub mod version;
pub mod versions;
pub mod vm_size;
pub mod x509;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Code, Diagnostic, Report, Severity};
pub use name::validate_compute_name;
