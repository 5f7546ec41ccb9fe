//! IPv4 addresses and CIDRs for the v1 VNet settings, parsed strictly (octets 0–255, no leading
//! zeros, a prefix length), with the address arithmetic the checks need.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::diagnostic::excerpt;

/// Parses `a.b.c.d/n`. Host bits may be set (`172.17.0.1/16` is the documented Docker bridge
/// form); [`Ipv4Net::trunc`] gives the network.
pub fn parse_cidr(text: &str) -> Result<Ipv4Net, String> {
    let Some((address, prefix)) = text.split_once('/') else {
        return Err(if parse_ipv4(text).is_ok() {
            format!("`{text}` is an address, not a range: add the prefix length, such as {text}/16")
        } else {
            format!("{} is not an IPv4 range such as 10.0.0.0/16", excerpt(text))
        });
    };
    let address = parse_ipv4(address)?;
    let prefix: u8 = match prefix.parse() {
        Ok(p) if p <= 32 && !prefix.starts_with('+') => p,
        _ => {
            return Err(format!(
                "the prefix length {} must be a number from 0 to 32",
                excerpt(&format!("/{prefix}"))
            ))
        }
    };
    Ipv4Net::new(address, prefix)
        .map_err(|_| format!("the prefix length `/{prefix}` must be a number from 0 to 32"))
}

/// Parses a dotted IPv4 address; IPv6 and octal-looking octets are refused with a reason.
pub fn parse_ipv4(text: &str) -> Result<Ipv4Addr, String> {
    if text.contains(':') {
        return Err(format!(
            "{} is IPv6; these settings take IPv4 only",
            excerpt(text)
        ));
    }
    text.parse::<Ipv4Addr>().map_err(|_| {
        format!("{} is not an IPv4 address (four numbers 0–255 separated by dots, without leading zeros)", excerpt(text))
    })
}

/// True when the two networks share any address.
pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    let (a, b) = (a.trunc(), b.trunc());
    a.contains(&b.network()) || b.contains(&a.network())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_parse_strictly() {
        assert_eq!(parse_cidr("10.0.0.0/16").unwrap().prefix_len(), 16);
        assert_eq!(
            parse_cidr("172.17.0.1/16").unwrap().trunc().to_string(),
            "172.17.0.0/16"
        );
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/16",
            "256.0.0.0/8",
            "010.0.0.0/8",
            "10.0.0.0/+8",
            "fd00::/8",
            "10.0.0.0/x",
            "",
        ] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
        assert!(parse_cidr("10.0.0.0")
            .unwrap_err()
            .contains("add the prefix length"));
    }

    #[test]
    fn addresses_parse_strictly() {
        assert!(parse_ipv4("10.0.0.10").is_ok());
        assert!(parse_ipv4("10.0.0.256").is_err());
        assert!(parse_ipv4("10.0.0.010").is_err());
        assert!(parse_ipv4("::1").unwrap_err().contains("IPv6"));
    }

    #[test]
    fn overlap() {
        let net = |t| parse_cidr(t).unwrap();
        assert!(overlaps(&net("10.0.0.0/16"), &net("10.0.5.0/24")));
        assert!(overlaps(&net("10.0.5.0/24"), &net("10.0.0.0/8")));
        assert!(!overlaps(&net("10.0.0.0/16"), &net("172.17.0.1/16")));
        assert!(!overlaps(&net("10.0.0.0/24"), &net("10.0.1.0/24")));
    }
}
