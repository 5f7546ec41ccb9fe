//! Request budgets: the remaining-request headers of ARM and Resource Graph read into typed
//! budgets, and the pause before the next request that keeps every budget from running dry.
//!
//! ARM throttles with token buckets (since 2024, [`crate::dated::ARM_THROTTLING`]): a bucket per
//! subscription and principal, one fifteen times larger for the whole subscription (the
//! `…-global-…` headers), and the same for tenants; each refills at a fixed rate a second. A
//! bucket is kept from emptying by waiting, when it is low, for as long as it takes to refill to
//! one second's worth. Resource Graph counts queries per user in a window and says when the
//! window starts again ([`crate::dated::GRAPH_THROTTLING`]): the remaining queries are spread
//! over what is left of the window, and at zero the wait is until it resets.

use super::Response;

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// GETs.
    Reads,
    /// PUT, PATCH, POST.
    Writes,
    /// DELETEs.
    Deletes,
}

/// Whose budget it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The subscription, for this principal (`x-ms-ratelimit-remaining-subscription-reads`).
    Subscription,
    /// The subscription, for every principal (`…-subscription-global-reads`).
    SubscriptionGlobal,
    /// The tenant (`…-tenant-reads`).
    Tenant,
}

/// One budget an answer reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// An ARM token bucket.
    Arm {
        /// Whose.
        scope: Scope,
        /// What it counts.
        operation: Operation,
        /// Requests left.
        remaining: u32,
    },
    /// A resource provider's own budget (`…-resource-requests`, `…-resource-entities-read`),
    /// whose refill is not published.
    Provider {
        /// Requests left.
        remaining: u32,
    },
    /// Resource Graph's quota (`x-ms-user-quota-remaining`, or the tenant's
    /// `x-ms-ratelimit-remaining-tenant-resource-requests`), and when its window resets.
    Graph {
        /// Queries left.
        remaining: u32,
        /// Milliseconds until the window resets, when the answer said.
        resets_after_ms: Option<u32>,
    },
}

/// A token bucket's published size and refill rate a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// Tokens when full.
    pub size: u32,
    /// Tokens added each second.
    pub refill_per_second: u32,
}

/// ARM's buckets for one principal ([`crate::dated::ARM_THROTTLING`]); tenants have the same.
pub const fn bucket(operation: Operation) -> Bucket {
    match operation {
        Operation::Reads => Bucket {
            size: 250,
            refill_per_second: 25,
        },
        Operation::Writes | Operation::Deletes => Bucket {
            size: 200,
            refill_per_second: 10,
        },
    }
}

/// The global subscription bucket is this many times one principal's.
pub const GLOBAL_FACTOR: u32 = 15;

/// Resource Graph's window when an answer does not say (the documented example: 15 queries in 5 s).
const GRAPH_WINDOW_MS: u32 = 5_000;

/// Below this many queries left, Resource Graph's queries are spread over the window.
const GRAPH_SPREAD_BELOW: u32 = 3;

/// A provider's budget, whose refill is not published, is treated as a read bucket.
const PROVIDER_REFILL_PER_SECOND: u32 = 25;

impl Budget {
    /// The budget a header reports, if it is one.
    pub fn from_header(name: &str, value: &str, response: &Response) -> Option<Budget> {
        let name = name.to_ascii_lowercase();
        let remaining = value.trim().parse::<u32>().ok();
        if name == "x-ms-user-quota-remaining"
            || name == "x-ms-ratelimit-remaining-tenant-resource-requests"
                && response.header("x-ms-user-quota-resets-after").is_some()
        {
            return Some(Budget::Graph {
                remaining: remaining?,
                resets_after_ms: response
                    .header("x-ms-user-quota-resets-after")
                    .and_then(parse_hms)
                    .map(|secs| secs.saturating_mul(1000)),
            });
        }
        let counter = name.strip_prefix("x-ms-ratelimit-remaining-")?;
        let remaining = remaining?;
        let (scope, operation) = counter.split_once('-')?;
        let (scope, operation) = match (scope, operation) {
            ("subscription", op) => match op.strip_prefix("global-") {
                Some(op) => (Scope::SubscriptionGlobal, op),
                None => (Scope::Subscription, op),
            },
            ("tenant", op) => (Scope::Tenant, op.strip_prefix("global-").unwrap_or(op)),
            _ => return None,
        };
        let operation = match operation {
            "reads" => Operation::Reads,
            "writes" => Operation::Writes,
            "deletes" => Operation::Deletes,
            op if op.starts_with("resource-") => return Some(Budget::Provider { remaining }),
            _ => return None,
        };
        Some(Budget::Arm {
            scope,
            operation,
            remaining,
        })
    }

    /// Every budget an answer reports.
    pub fn all(response: &Response) -> Vec<Budget> {
        response
            .headers
            .iter()
            .filter_map(|(name, value)| Budget::from_header(name, value, response))
            .collect()
    }

    /// How long to wait before the next request so this budget does not run dry.
    pub fn pause_ms(&self) -> u32 {
        match *self {
            Budget::Arm {
                scope,
                operation,
                remaining,
            } => {
                let factor = if scope == Scope::SubscriptionGlobal {
                    GLOBAL_FACTOR
                } else {
                    1
                };
                refill_wait_ms(
                    remaining,
                    bucket(operation).refill_per_second.saturating_mul(factor),
                )
            }
            Budget::Provider { remaining } => refill_wait_ms(remaining, PROVIDER_REFILL_PER_SECOND),
            Budget::Graph {
                remaining,
                resets_after_ms,
            } => {
                let window = resets_after_ms.unwrap_or(GRAPH_WINDOW_MS);
                if remaining >= GRAPH_SPREAD_BELOW {
                    0
                } else {
                    // The queries left, spread over what is left of the window; none left: the
                    // whole of it.
                    window / (remaining + 1)
                }
            }
        }
    }
}

/// The time a bucket refilling at `rate` a second takes to hold one second's worth again.
fn refill_wait_ms(remaining: u32, rate: u32) -> u32 {
    if rate == 0 || remaining >= rate {
        return 0;
    }
    (rate - remaining).saturating_mul(1000) / rate
}

/// The smallest count of requests left among the answer's budgets.
pub fn ratelimit_remaining(response: &Response) -> Option<u32> {
    Budget::all(response)
        .iter()
        .map(|b| match *b {
            Budget::Arm { remaining, .. }
            | Budget::Provider { remaining }
            | Budget::Graph { remaining, .. } => remaining,
        })
        .min()
}

/// `hh:mm:ss` → seconds.
fn parse_hms(text: &str) -> Option<u32> {
    let mut total = 0u32;
    for part in text.trim().split(':') {
        total = total
            .checked_mul(60)?
            .checked_add(part.parse::<u32>().ok()?)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::RetryPolicy;

    fn answer(headers: &[(&str, &str)]) -> Response {
        Response {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: String::new(),
        }
    }

    fn pause(headers: &[(&str, &str)]) -> u32 {
        RetryPolicy::default().pacing_delay_ms(&answer(headers))
    }

    #[test]
    fn the_recorded_headers_are_read_into_their_budgets() {
        // Azure CLI's role-assignment recordings (2025): the global bucket and the principal's.
        let put = answer(&[
            (
                "x-ms-ratelimit-remaining-subscription-global-writes",
                "2999",
            ),
            ("x-ms-ratelimit-remaining-subscription-writes", "199"),
        ]);
        assert_eq!(
            Budget::all(&put),
            [
                Budget::Arm {
                    scope: Scope::SubscriptionGlobal,
                    operation: Operation::Writes,
                    remaining: 2999
                },
                Budget::Arm {
                    scope: Scope::Subscription,
                    operation: Operation::Writes,
                    remaining: 199
                },
            ]
        );
        // The Resource Graph recordings: the tenant's and the user's quota, with the reset time.
        let graph = answer(&[
            ("x-ms-ratelimit-remaining-tenant-resource-requests", "12"),
            ("x-ms-user-quota-remaining", "12"),
            ("x-ms-user-quota-resets-after", "00:00:05"),
        ]);
        assert_eq!(
            Budget::all(&graph),
            [Budget::Graph {
                remaining: 12,
                resets_after_ms: Some(5000)
            }; 2]
        );
        // A resource provider's own counter that is not a number is no budget.
        assert!(Budget::all(&answer(&[(
            "x-ms-ratelimit-remaining-resource",
            "Microsoft.Compute/GetVMScaleSet3Min;197"
        )]))
        .is_empty());
        // A full global bucket is not the smallest count that matters: the principal's is.
        assert_eq!(ratelimit_remaining(&put), Some(199));
    }

    #[test]
    fn a_bucket_is_kept_one_second_of_refill_from_empty() {
        // Plenty left: no pause, whatever the model (a classic hourly count, a bucket).
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-reads", "11999")]),
            0
        );
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-reads", "25")]),
            0
        );
        // Reads refill at 25 a second: 5 left waits for 20 more, 0.8 s; none left, 1 s.
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-reads", "5")]),
            800
        );
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-reads", "0")]),
            1000
        );
        // Writes and deletes refill at 10 a second.
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-deletes", "9")]),
            100
        );
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-tenant-writes", "0")]),
            1000
        );
        // The global bucket refills fifteen times faster: 300 left of 375 a second is 0.2 s.
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-global-reads", "300")]),
            200
        );
        assert_eq!(
            pause(&[("x-ms-ratelimit-remaining-subscription-global-reads", "3749")]),
            0
        );
        // The longest pause any budget asks for wins.
        assert_eq!(
            pause(&[
                ("x-ms-ratelimit-remaining-subscription-global-reads", "3000"),
                ("x-ms-ratelimit-remaining-subscription-reads", "0"),
            ]),
            1000
        );
    }

    #[test]
    fn resource_graph_queries_are_spread_over_the_window_it_states() {
        // Plenty left: at once.
        assert_eq!(
            pause(&[
                ("x-ms-user-quota-remaining", "14"),
                ("x-ms-user-quota-resets-after", "00:00:05"),
            ]),
            0
        );
        // None left: until the window resets, as the service says (not a fixed 5 s).
        assert_eq!(
            pause(&[
                ("x-ms-user-quota-remaining", "0"),
                ("x-ms-user-quota-resets-after", "00:00:03"),
            ]),
            3000
        );
        // The tenant's count at zero waits for the same reset.
        assert_eq!(
            pause(&[
                ("x-ms-ratelimit-remaining-tenant-resource-requests", "0"),
                ("x-ms-user-quota-remaining", "7"),
                ("x-ms-user-quota-resets-after", "00:00:04"),
            ]),
            4000
        );
        // Two left, four seconds to go: one every 1.33 s.
        assert_eq!(
            pause(&[
                ("x-ms-user-quota-remaining", "2"),
                ("x-ms-user-quota-resets-after", "00:00:04"),
            ]),
            1333
        );
        // No reset time given: the documented 5 s window.
        assert_eq!(pause(&[("x-ms-user-quota-remaining", "0")]), 5000);
        // A reset longer than the longest wait honoured is cut to it.
        assert_eq!(
            pause(&[
                ("x-ms-user-quota-remaining", "0"),
                ("x-ms-user-quota-resets-after", "01:00:00"),
            ]),
            60_000
        );
    }
}
