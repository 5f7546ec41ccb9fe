//! The calendar and the clock of a run: `Day` (a UTC calendar day) and `Now` (the moment the
//! caller passes in: the core reads no clock), with the readers of `YYYY-MM-DD` and RFC 3339.

use std::fmt;

/// A calendar day (proleptic Gregorian, UTC), as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day `year-month-day`; the caller gives a real date (the tables below are checked by a
    /// test).
    pub const fn new(year: i64, month: i64, day: i64) -> Day {
        // Howard Hinnant's days_from_civil.
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month_index = (month + 9) % 12;
        let day_of_year = (153 * month_index + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }

    /// The day a Unix time falls on.
    pub const fn of_unix_seconds(seconds: i64) -> Day {
        Day(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Days since 1970-01-01.
    pub const fn days_since_epoch(self) -> i64 {
        self.0
    }

    /// The first second of the day, as Unix time.
    pub const fn unix_seconds(self) -> i64 {
        self.0 * SECONDS_PER_DAY
    }

    /// This day plus `days` (negative to go back).
    pub const fn plus_days(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub const fn days_until(self, other: Day) -> i64 {
        other.0 - self.0
    }

    /// (year, month 1–12, day 1–31).
    pub const fn civil(self) -> (i64, i64, i64) {
        // The inverse of `new` (Howard Hinnant's civil_from_days).
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
        (year, month, day)
    }

    /// Reads `YYYY-MM-DD` (four-digit year); `None` for anything else or a day that does not exist.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = number(&bytes[0..4])?;
        let month = number(&bytes[5..7])?;
        let day = number(&bytes[8..10])?;
        let parsed = Day::new(year, month, day);
        (parsed.civil() == (year, month, day)).then_some(parsed)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.civil();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

fn number(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0i64, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + i64::from(b - b'0'))
    })
}

/// The moment of the run, as the caller gives it: the core reads no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Now(i64);

impl Now {
    /// The moment `seconds` after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(seconds: i64) -> Now {
        Now(seconds)
    }

    /// The moment `millis` after the epoch (JS `Date.now()`); `None` when it is not a finite time
    /// within ±100,000,000 days of the epoch (JS `Date`'s own range).
    pub fn from_unix_millis(millis: f64) -> Option<Now> {
        const MAX_MILLIS: f64 = 8.64e15;
        (millis.is_finite() && millis.abs() <= MAX_MILLIS)
            // In range, so the conversion neither saturates nor loses whole seconds.
            .then(|| Now((millis / 1000.0).floor() as i64))
    }

    /// The first moment of `day`.
    pub const fn start_of(day: Day) -> Now {
        Now(day.unix_seconds())
    }

    /// Seconds since the epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The day it is, UTC.
    pub const fn today(self) -> Day {
        Day::of_unix_seconds(self.0)
    }

    /// Reads `2026-12-02`, `2026-12-02T10:30:00Z` or an RFC 3339 time with an offset
    /// (`2026-12-02T10:30:00+01:00`, fractions of a second ignored).
    pub fn parse(text: &str) -> Result<Now, NowError> {
        let text = text.trim();
        let bad = || NowError {
            excerpt: text.chars().take(40).collect(),
        };
        let day = text.get(..10).and_then(Day::parse).ok_or_else(bad)?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Ok(Now::start_of(day));
        }
        let rest = rest
            .strip_prefix(['T', 't', ' '])
            .filter(|r| r.len() >= 8)
            .ok_or_else(bad)?;
        let clock = rest.as_bytes();
        if clock[2] != b':' || clock[5] != b':' {
            return Err(bad());
        }
        let (hour, minute, second) = (
            number(&clock[0..2]).ok_or_else(bad)?,
            number(&clock[3..5]).ok_or_else(bad)?,
            number(&clock[6..8]).ok_or_else(bad)?,
        );
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad());
        }
        let mut zone = &rest[8..];
        if let Some(fraction) = zone.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            zone = &fraction[digits..];
        }
        let offset = match zone.as_bytes() {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let hours = number(&[*h1, *h2]).ok_or_else(bad)?;
                let minutes = number(&[*m1, *m2]).ok_or_else(bad)?;
                if hours > 23 || minutes > 59 {
                    return Err(bad());
                }
                let offset = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return Err(bad()),
        };
        Ok(Now(day.unix_seconds()
            + hour * 3600
            + minute * 60
            + second.min(59)
            - offset))
    }
}

/// A time that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowError {
    /// The start of the text, at most 40 characters.
    pub excerpt: String,
}

impl fmt::Display for NowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date: give YYYY-MM-DD or an RFC 3339 time such as 2026-12-02T10:30:00Z",
            self.excerpt
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Now {
        match Now::parse(text) {
            Ok(now) => now,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn days_round_trip_across_eras_and_leap_days() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (1900, 3, 1),
            (2026, 12, 2),
            (2100, 2, 28),
            (1600, 1, 1),
        ] {
            let day = Day::new(y, m, d);
            assert_eq!(day.civil(), (y, m, d));
            assert_eq!(Day::parse(&day.to_string()), Some(day));
        }
        assert_eq!(Day::new(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Day::new(2000, 3, 1).days_since_epoch(), 11_017);
    }

    #[test]
    fn day_parse_refuses_what_is_not_a_date() {
        for text in [
            "",
            "2026-2-1",
            "2026-02-30",
            "2026-13-01",
            "2025-02-29",
            "20260201",
            "2026-02-01x",
            "２０２６-02-01",
            "-026-02-01",
        ] {
            assert_eq!(Day::parse(text), None, "{text}");
        }
        assert_eq!(Day::parse("2024-02-29"), Some(Day::new(2024, 2, 29)));
    }

    #[test]
    fn now_reads_dates_and_rfc_3339_times() {
        assert_eq!(at("2026-12-02").today(), Day::new(2026, 12, 2));
        assert_eq!(at("2026-12-02T23:59:59Z").today(), Day::new(2026, 12, 2));
        assert_eq!(
            at("2026-12-02T23:30:00-01:00").today(),
            Day::new(2026, 12, 3)
        );
        assert_eq!(
            at("2026-12-02T00:30:00+01:00").today(),
            Day::new(2026, 12, 1)
        );
        assert_eq!(
            at("2026-12-02t10:30:00.123z").unix_seconds(),
            at("2026-12-02T10:30:00Z").unix_seconds()
        );
        assert_eq!(at(" 1970-01-01T00:00:01Z ").unix_seconds(), 1);
        for bad in [
            "yesterday",
            "2026-12-02T",
            "2026-12-02T25:00:00Z",
            "2026-12-02T10:30:00",
            "2026-12-02T10:30:00+0100",
            "2026-12-02T10:30:00.Z",
            "2026-12-02T1é:30:00Z",
        ] {
            let error = Now::parse(bad).err();
            assert!(error.is_some(), "{bad}");
        }
        let long = "x".repeat(10_000);
        let error = Now::parse(&long)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.len() < 200, "{error}");
    }

    #[test]
    fn millis_from_js_are_checked() {
        assert_eq!(
            Now::from_unix_millis(1_780_000_000_999.0),
            Some(Now::from_unix_seconds(1_780_000_000))
        );
        assert_eq!(
            Now::from_unix_millis(-1.0),
            Some(Now::from_unix_seconds(-1))
        );
        for bad in [f64::NAN, f64::INFINITY, 9e15] {
            assert_eq!(Now::from_unix_millis(bad), None);
        }
    }
}
