//! Who the client is, behind reverse proxies (`TRUSTED_PROXIES`). Sign-in throttling counts
//! failures per client address, so a proxy's own address must not stand for everyone behind it,
//! and an address a client writes into `X-Forwarded-For` itself must not be believed.

use std::net::IpAddr;

use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: addresses and ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IP address or range; use a comma-separated list such as 10.0.0.0/8, ::1")]
pub struct TrustedProxiesError(pub String);

impl TrustedProxies {
    /// Reads a comma- or space-separated list: `10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(text: &str) -> Result<TrustedProxies, TrustedProxiesError> {
        text.split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| TrustedProxiesError(entry.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|range| range.contains(&address))
    }

    /// The client's address. When the TCP peer is a trusted proxy, it is the rightmost
    /// `X-Forwarded-For` entry that is not a trusted proxy (entries further left were written
    /// by the client and cannot be believed); otherwise the peer itself. `forwarded_for` holds
    /// each `X-Forwarded-For` header's value in the order received.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.iter().flat_map(|value| value.split(',')).map(str::trim).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                // A hop that is not an address: nothing to its left can be believed.
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, perhaps with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    None
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:1.2.3.4`) is that IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn parses_addresses_and_ranges_and_names_a_bad_entry() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1 ::1,fd00::/8").unwrap();
        assert!(proxies.trusts(ip("10.1.2.3")));
        assert!(proxies.trusts(ip("192.0.2.1")));
        assert!(!proxies.trusts(ip("192.0.2.2")));
        assert!(proxies.trusts(ip("::1")));
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(proxies.trusts(ip("::ffff:10.9.9.9")), "an IPv4-mapped peer");
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert_eq!(TrustedProxies::parse("10.0.0.0/8, proxy.local"), Err(TrustedProxiesError("proxy.local".into())));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.7"), &["198.51.100.1"]), ip("203.0.113.7"));
        let proxies = TrustedProxies::parse("10.0.0.1").unwrap();
        assert_eq!(proxies.client(ip("203.0.113.7"), &["198.51.100.1"]), ip("203.0.113.7"), "an untrusted peer");
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(proxies.client(ip("10.0.0.1"), &["203.0.113.7"]), ip("203.0.113.7"));
        // Two proxies of ours in a row.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["203.0.113.7, 10.0.0.2"]), ip("203.0.113.7"));
        // The same chain split over two headers.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["203.0.113.7", "10.0.0.2"]), ip("203.0.113.7"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["203.0.113.7:51234"]), ip("203.0.113.7"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["[2001:db8::7]:443"]), ip("2001:db8::7"));
    }

    #[test]
    fn a_spoofed_leftmost_address_is_not_believed() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the real address.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["1.1.1.1, 203.0.113.7"]), ip("203.0.113.7"));
        // It claimed to be one of our proxies: still only the address our proxy saw counts.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["10.0.0.9, 203.0.113.7"]), ip("203.0.113.7"));
        // Garbage to the left of the real address is never reached.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["<script>, 203.0.113.7"]), ip("203.0.113.7"));
    }

    #[test]
    fn a_missing_or_unreadable_header_leaves_the_last_trusted_hop() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(proxies.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["not-an-address"]), ip("10.0.0.1"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["unknown, 10.0.0.2"]), ip("10.0.0.2"));
        // Every hop is ours: the furthest one is the best we know.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["10.0.0.3, 10.0.0.2"]), ip("10.0.0.3"));
    }
}
