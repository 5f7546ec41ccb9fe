//! YAML 1.1's implicit types of a plain scalar, as PyYAML resolves them: booleans (`yes`, `off`),
//! integers (octal, hexadecimal, binary, base 60, underscores), floats, timestamps, null.

use super::Value;

/// PyYAML's (YAML 1.1) implicit resolution of a plain scalar; `None` for the value marker `=`.
pub(super) fn resolve_plain(text: &str) -> Option<Value> {
    Some(match text {
        "=" => return None,
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Value::Bool(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        _ => {
            if let Some(value) = yaml11_int(text) {
                value
            } else if is_yaml11_float(text) {
                Value::Float(float_value(text))
            } else if is_yaml11_timestamp(text) {
                Value::Date(text.to_owned())
            } else {
                Value::Str(text.to_owned())
            }
        }
    })
}

pub(super) fn all(text: &str, allowed: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(allowed)
}

pub(super) fn digits_(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `0b…`, `0…` (octal), decimal, `0x…` and sexagesimal (`1:30`) integers, `_` allowed.
pub(super) fn yaml11_int(text: &str) -> Option<Value> {
    let negative = text.starts_with('-');
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let radix = |digits: &str, radix: u32| {
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        let magnitude = if clean.is_empty() {
            Some(0)
        } else {
            i64::from_str_radix(&clean, radix).ok()
        };
        Some(match magnitude {
            Some(m) => Value::Int(if negative { -m } else { m }),
            None => Value::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }),
        })
    };
    if let Some(bits) = body.strip_prefix("0b") {
        return all(bits, |b| matches!(b, b'0' | b'1' | b'_'))
            .then(|| radix(bits, 2))
            .flatten();
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return all(hex, |b| b.is_ascii_hexdigit() || b == b'_')
            .then(|| radix(hex, 16))
            .flatten();
    }
    if body == "0" {
        return Some(Value::Int(0));
    }
    if let Some(octal) = body.strip_prefix('0') {
        return all(octal, |b| matches!(b, b'0'..=b'7' | b'_'))
            .then(|| radix(octal, 8))
            .flatten();
    }
    if !body.starts_with(|c: char| ('1'..='9').contains(&c)) {
        return None;
    }
    if all(body, digits_) {
        return radix(body, 10);
    }
    let (first, rest) = body.split_once(':')?;
    if !all(first, digits_) || !rest.split(':').all(is_base60_digit) {
        return None;
    }
    let mut value: i64 = 0;
    for part in body.split(':') {
        let clean: String = part.chars().filter(|&c| c != '_').collect();
        value = value.checked_mul(60)?.checked_add(clean.parse().ok()?)?;
    }
    Some(Value::Int(if negative { -value } else { value }))
}

/// `[0-5]?[0-9]`.
pub(super) fn is_base60_digit(part: &str) -> bool {
    match part.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    }
}

/// PyYAML's float: a dot is required, an exponent needs its sign; `.inf`, `.nan`, sexagesimal.
pub(super) fn is_yaml11_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let signed = text.starts_with(['-', '+']);
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let exponent_ok = |rest: &str| match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(e) => e
            .strip_prefix(['-', '+'])
            .is_some_and(|d| all(d, |b| b.is_ascii_digit())),
    };
    if let Some(fraction) = body.strip_prefix('.') {
        // `\.[0-9][0-9_]*` takes no sign.
        let end = fraction.find(['e', 'E']).unwrap_or(fraction.len());
        return !signed
            && fraction.starts_with(|c: char| c.is_ascii_digit())
            && fraction[..end].bytes().all(digits_)
            && exponent_ok(&fraction[end..]);
    }
    let Some((whole, fraction)) = body.split_once('.') else {
        return false;
    };
    if !whole.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let end = fraction.find(['e', 'E']).unwrap_or(fraction.len());
    let fraction_ok = fraction[..end].bytes().all(digits_);
    if all(whole, digits_) {
        return fraction_ok && exponent_ok(&fraction[end..]);
    }
    // Sexagesimal: `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, no exponent.
    let mut parts = whole.split(':');
    let head_ok = parts.next().is_some_and(|h| all(h, digits_));
    head_ok
        && whole.contains(':')
        && parts.all(is_base60_digit)
        && end == fraction.len()
        && fraction_ok
}

/// The value of a YAML 1.1 float, as PyYAML computes it (sexagesimal included).
///
/// The digits are read by serde_json's float parser, rewritten to JSON's number syntax first:
/// `str::parse::<f64>` would add core's exact-parsing tables, about 14 KB of gzipped wasm (measured).
pub(super) fn float_value(text: &str) -> f64 {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let (negative, body) = match lower.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, lower.trim_start_matches('+')),
    };
    let magnitude = match body {
        ".inf" => f64::INFINITY,
        ".nan" => return f64::NAN,
        _ if body.contains(':') => {
            // `190:20:30.15`: base-60 digits, the last one may have a fraction.
            body.split(':')
                .fold(0.0, |total, part| total * 60.0 + json_float(part))
        }
        _ => json_float(body),
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// An unsigned decimal (`1.`, `.5`, `01.5e+3`) read as JSON reads `1.0`, `0.5`, `1.5e+3`.
pub(super) fn json_float(digits: &str) -> f64 {
    let (mantissa, exponent) = match digits.find('e') {
        Some(at) => digits.split_at(at),
        None => (digits, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let json = format!(
        "{}.{}{exponent}",
        if whole.is_empty() { "0" } else { whole },
        if fraction.is_empty() { "0" } else { fraction }
    );
    // Through `Value`, whose parser the JSON reader already has: a parser for bare `f64` would
    // be another instantiation of serde_json's deserializer.
    serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|number| number.as_f64())
        .unwrap_or(f64::NAN)
}

/// `YYYY-MM-DD`, or a date and time as PyYAML's timestamp resolver accepts it.
pub(super) fn is_yaml11_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if b.len() == 10
        && digits(&b[..4])
        && b[4] == b'-'
        && digits(&b[5..7])
        && b[7] == b'-'
        && digits(&b[8..])
    {
        return true;
    }
    // YYYY-M(M)-D(D)(T|t|whitespace)H(H):MM:SS(.frac)?(whitespace*(Z|±H(H)(:MM)?))?
    let Some(date_end) = text.find(['T', 't', ' ', '\t']) else {
        return false;
    };
    let (date, rest) = text.split_at(date_end);
    let date_parts: Vec<&str> = date.split('-').collect();
    let date_ok = date_parts.len() == 3
        && date_parts[0].len() == 4
        && date_parts.iter().all(|p| digits(p.as_bytes()))
        && (1..=2).contains(&date_parts[1].len())
        && (1..=2).contains(&date_parts[2].len());
    if !date_ok {
        return false;
    }
    let rest = match rest.strip_prefix(['T', 't']) {
        Some(r) => r,
        None => rest.trim_start_matches([' ', '\t']),
    };
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_end);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let t: Vec<&str> = hms.split(':').collect();
    let time_ok = t.len() == 3
        && (1..=2).contains(&t[0].len())
        && t[1].len() == 2
        && t[2].len() == 2
        && t.iter().all(|p| digits(p.as_bytes()))
        && fraction.bytes().all(|c| c.is_ascii_digit());
    let zone = zone.trim_start_matches([' ', '\t']);
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || zone.strip_prefix(['+', '-']).is_some_and(|z| {
            let (h, m) = z.split_once(':').unwrap_or((z, "00"));
            (1..=2).contains(&h.len())
                && digits(h.as_bytes())
                && m.len() == 2
                && digits(m.as_bytes())
        });
    time_ok && zone_ok
}
