//! Complexity benchmark: every parser the page and the popup run on a keystroke or a paste
//! (`cases::CASES`), timed on the same input shape at n and 8n in one run. A parser whose time
//! grows more than linearly fails it. Not a test (no wall-clock assertion in `cargo test`):
//! `make complexity` runs it natively and in the Node build of the wasm module and prints one
//! table (scripts/complexity.mjs); `make bench` runs it after the benchmark table.
//!
//!   cargo bench --bench complexity                 every case natively: one JSON line each
//!   cargo bench --bench complexity -- --only validate/yaml-tags,explain/bearer-words
//!   …/complexity --list                            the rules and the cases, as JSON lines
//!   …/complexity --emit ID N                       the JS call's arguments at size N, as JSON
//!
//! Only with `--bench` (which `cargo bench` passes) does it time anything. `cargo test` runs
//! every bench target too (`--all-targets`); there it only makes each case's input at two small
//! sizes and calls its export once, so a case that no longer fits its export fails the tests,
//! and nothing is timed.
//!
//! How a case is measured: n grows from 1 until one call takes at least [`MIN_SECONDS`] (or 8n
//! would pass the core's cap for that input, or 16 MiB where there is none: then calls are timed
//! in batches that long);
//! then n and 8n are timed alternately, [`REPS`] times each, and the medians compared. The
//! ratio t(8n)/t(n) is 8 for linear work; above [`LIMIT`] the case fails and the run exits 1.
//! Peak heap per call at n and at 8n comes from a counting allocator.

#[path = "complexity/cases.rs"]
mod cases;
#[path = "complexity/exports.rs"]
mod exports;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{json, Value};

use amlattach::dated::Now;

use cases::{Case, CASES, NOW};
use exports::{prepare, Call};

/// t(8n)/t(n) above this fails. Linear work gives 8; n·log n about 9.6 at these sizes (8 ×
/// log 8n / log n for n near 2^13); caches and the allocator at 8n add up to about 1.5× on top
/// (seen here on the linear cases). n^1.5 gives 22.6 and quadratic work 64, so 8 × 2.5 = 20
/// passes every n·log n parser with room for noise and fails anything growing as n^1.45 or more.
pub const LIMIT: f64 = 20.0;
/// Below this the 8n call did under 3× the work of the n call: a cap or an early exit, so the
/// case measures nothing until its sizes are brought under that cap (a flag, not a failure).
pub const FLAT: f64 = 3.0;
/// The shortest timed sample: long enough that timer resolution and per-call overhead vanish.
pub const MIN_SECONDS: f64 = 0.005;
/// Samples at n and at 8n.
pub const REPS: usize = 7;
/// After this many seconds on one case, its samples stop at three (a quadratic case on old code).
pub const BUDGET_SECONDS: f64 = 20.0;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    if flag("--list").is_some() {
        list();
        return;
    }
    if let Some(at) = flag("--emit") {
        let (Some(id), Some(n)) = (args.get(at + 1), args.get(at + 2)) else {
            fail("usage: complexity --emit ID N");
        };
        let (Some(case), Ok(n)) = (CASES.iter().find(|c| c.id == id), n.parse::<usize>()) else {
            fail(&format!("no case {id} or N {n} is not a number"));
        };
        let call: Vec<Value> = (case.make)(n).iter().map(exports::Arg::to_json).collect();
        println!("{}", Value::Array(call));
        return;
    }
    let Ok(now) = Now::parse(NOW) else {
        fail("the bench's date does not parse");
    };
    if flag("--bench").is_none() {
        for case in CASES {
            for n in [1, 2] {
                match prepare(case.export, &(case.make)(n), now) {
                    Ok(call) if call() > 0 => {}
                    Ok(_) => fail(&format!(
                        "{}: the call at n = {n} returned nothing",
                        case.id
                    )),
                    Err(error) => fail(&format!("{}: {error}", case.id)),
                }
            }
        }
        eprintln!(
            "complexity: {} cases made and called once each (no timing: `cargo bench --bench complexity` times them)",
            CASES.len()
        );
        return;
    }
    let only: Vec<&str> = flag("--only")
        .and_then(|at| args.get(at + 1))
        .map(|ids| ids.split(',').collect())
        .unwrap_or_default();
    let mut over = Vec::new();
    for case in CASES
        .iter()
        .filter(|c| only.is_empty() || only.contains(&c.id))
    {
        match measure(case, now) {
            Ok(row) => {
                if row["ratio"].as_f64().is_some_and(|r| r > LIMIT) {
                    over.push(case.id);
                }
                println!("{row}");
            }
            Err(error) => fail(&format!("{}: {error}", case.id)),
        }
    }
    if !over.is_empty() {
        eprintln!(
            "complexity: t(8n)/t(n) over {LIMIT} natively: {}",
            over.join(", ")
        );
        std::process::exit(1);
    }
}

/// The rules, then one line per case (what the Node runner needs to run the same cases).
fn list() {
    println!(
        "{}",
        json!({ "limit": LIMIT, "flat": FLAT, "minSeconds": MIN_SECONDS, "reps": REPS, "budgetSeconds": BUDGET_SECONDS })
    );
    for case in CASES {
        println!(
            "{}",
            json!({ "id": case.id, "parser": case.export.js_name(), "shape": case.shape, "unit": case.unit, "maxN": case.max_n() })
        );
    }
}

/// One case, natively: its row of the table as JSON.
fn measure(case: &Case, now: Now) -> Result<Value, String> {
    let started = Instant::now();
    let call = |n: usize| prepare(case.export, &(case.make)(n), now);
    let max_n = case.max_n();
    let mut n = 1;
    let mut single = call(n)?;
    // The fastest of three: a lower bound, so that the medians below stay over MIN_SECONDS.
    let fastest = |call: &Call| (0..3).map(|_| sample(call, 1)).fold(f64::MAX, f64::min);
    let mut seconds = fastest(&single);
    while seconds < MIN_SECONDS && n < max_n {
        let grow = (MIN_SECONDS / seconds.max(1e-9) * 1.25).clamp(2.0, 4.0);
        n = ((n as f64 * grow) as usize).min(max_n);
        single = call(n)?;
        seconds = fastest(&single);
    }
    let batch = if seconds >= MIN_SECONDS {
        1
    } else {
        (MIN_SECONDS / seconds.max(1e-9)).ceil() as usize
    };
    let large = call(8 * n)?;
    let memory = [peak_heap(&single), peak_heap(&large)];
    let (mut at_n, mut at_8n) = (Vec::new(), Vec::new());
    for rep in 0..REPS {
        at_n.push(sample(&single, batch));
        at_8n.push(sample(&large, batch));
        if rep >= 2 && started.elapsed().as_secs_f64() > BUDGET_SECONDS {
            break;
        }
    }
    let (t_n, t_8n) = (median(at_n), median(at_8n));
    let input = |n: usize| {
        (case.make)(n)
            .iter()
            .map(exports::Arg::input_bytes)
            .sum::<usize>()
    };
    Ok(json!({
        "id": case.id,
        "parser": case.export.js_name(),
        "shape": case.shape,
        "where": "native (release)",
        "n": n,
        "unit": case.unit,
        "bytes": input(n),
        "batch": batch,
        "tN": t_n,
        "t8n": t_8n,
        "ratio": t_8n / t_n,
        "memoryN": memory[0],
        "memory8n": memory[1],
        "memoryKind": "peak heap per call",
        "samples": REPS,
        "seconds": started.elapsed().as_secs_f64(),
    }))
}

/// Seconds per call over `batch` calls.
fn sample(call: &Call, batch: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        black_box(call());
    }
    start.elapsed().as_secs_f64() / batch as f64
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn fail(message: &str) -> ! {
    eprintln!("complexity: {message}");
    std::process::exit(2);
}

// ---------------------------------------------------------------- peak heap

/// The system allocator, counting the bytes live now and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed to `System` unchanged; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`: `pointer` came from `System` with this layout.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

/// The most heap one call holds at once beyond what was live before it.
fn peak_heap(call: &Call) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    black_box(call());
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}
