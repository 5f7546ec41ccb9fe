//! Standard output and error that a closed pipe cannot crash: `amlattach … | head` stops
//! writing when `head` has what it wants, and the command still exits with its own verdict.
//!
//! `println!` panics when a write fails (exit 101, "failed printing to stdout: Broken pipe").
//! [`out!`]/[`outln!`] and [`errln!`] write through here instead: the first failed write to a
//! stream marks it closed, and every later write to it is dropped.

use std::fmt::Arguments;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output; nothing once a write to it has failed.
pub fn write_out(args: Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if out.write_fmt(args).is_err() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Writes to standard error; nothing once a write to it has failed.
pub fn write_err(args: Arguments<'_>) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if std::io::stderr().lock().write_fmt(args).is_err() {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Flushes standard output at exit; a closed pipe is not an error.
pub fn flush() {
    if !STDOUT_CLOSED.load(Ordering::Relaxed) && std::io::stdout().lock().flush().is_err() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// `print!` that a closed pipe cannot crash.
macro_rules! out {
    ($($arg:tt)*) => { $crate::stdio::write_out(format_args!($($arg)*)) };
}

/// `println!` that a closed pipe cannot crash.
macro_rules! outln {
    () => { $crate::stdio::write_out(format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::stdio::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that a closed pipe cannot crash.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::stdio::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}
