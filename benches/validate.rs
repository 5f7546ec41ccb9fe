//! Native benchmark of `validate` on the full v1 create spec and the full v2 spec with context.
//! Prints one JSON object per measurement for `scripts/bench.mjs` to tabulate; not a test.

use std::hint::black_box;
use std::time::Instant;

use amlattach::dated::Now;
use amlattach::document;
use amlattach::validate::{parse_context, validate};

/// Median, min and max in microseconds per call over `samples` batches of `batch` calls.
fn measure(mut f: impl FnMut(), samples: usize, batch: usize) -> (f64, f64, f64) {
    for _ in 0..batch {
        f();
    }
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / batch as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap_or_default();
    let v1 = read("tests/cases/v1/create-full.yml");
    let v2 = read("tests/cases/context/v2-full.yml");
    let Ok(context_node) = document::parse(&read("tests/cases/context/v2-full.context.yml")) else {
        eprintln!("bench: cannot read the v2 context fixture");
        std::process::exit(1);
    };
    let (context, _) = parse_context(&context_node);
    let empty = amlattach::spec::Context::default();
    let now = Now::parse("2026-12-02").unwrap_or(Now::from_unix_seconds(0));
    for (name, text, context) in [
        ("v1 create (full)", &v1, &empty),
        ("v2 attach + context", &v2, &context),
    ] {
        let (median, min, max) = measure(
            || {
                black_box(validate(black_box(text), black_box(context), now));
            },
            201,
            200,
        );
        println!(
            "{{\"what\":\"validate {name}\",\"where\":\"native\",\"median_us\":{median:.2},\"min_us\":{min:.2},\"max_us\":{max:.2}}}"
        );
    }
}
