//! The names the server answers to, and whether a request's `Host` and
//! `Origin` name one of them.
//!
//! A page of another site can make the learner's browser send requests to
//! the local server (DNS rebinding points a foreign name at 127.0.0.1), but
//! the browser then names that foreign site in `Host`; and a page of another
//! origin that posts to the server is named in `Origin`. Both are compared
//! here with the names of this server: the loopback names, the address it
//! listens on and the names the learner allowed (`--allowed-host`).

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use axum::http::uri::{Authority, Scheme, Uri};

/// The loopback names every browser on this computer may use.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// A host name the learner allows besides the loopback names (a name their
/// hosts file points at this computer, say): a DNS name or an IP address,
/// without a port. Compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostName(String);

/// Why a text is not a [`HostName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a host name: give a name like iqrah.local or an IP address, without a port or scheme"
)]
pub struct InvalidHostName(String);

impl FromStr for HostName {
    type Err = InvalidHostName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidHostName(text.to_owned());
        let trimmed = text.trim();
        // A bare IPv6 address is written in brackets, as in a URL.
        if let Ok(IpAddr::V6(ip)) = trimmed.parse::<IpAddr>() {
            return Ok(HostName(format!("[{ip}]")));
        }
        let authority: Authority = trimmed.parse().map_err(|_| invalid())?;
        if trimmed.is_empty() || authority.port().is_some() || trimmed.contains('@') {
            return Err(invalid());
        }
        Ok(HostName(authority.host().to_ascii_lowercase()))
    }
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which `Host` values are this server's: a name from the list and, when the
/// listening port is known, no port or that port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPolicy {
    names: Vec<String>,
    port: Option<u16>,
}

impl HostPolicy {
    /// The loopback names on any port (a router without a socket).
    pub(crate) fn loopback() -> Self {
        HostPolicy {
            names: LOOPBACK_NAMES.iter().map(|n| (*n).to_owned()).collect(),
            port: None,
        }
    }

    /// The loopback names, the listening address's IP and `allowed`, on the
    /// listening port.
    pub(crate) fn listening(addr: std::net::SocketAddr, allowed: &[HostName]) -> Self {
        let mut policy = HostPolicy::loopback();
        let ip = match addr.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        policy.names.push(ip);
        policy
            .names
            .extend(allowed.iter().map(|name| name.0.clone()));
        policy.names.sort();
        policy.names.dedup();
        policy.port = Some(addr.port());
        policy
    }

    /// Whether a `Host` header value names this server.
    pub(crate) fn allows_host(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        if host.contains('@') {
            return false;
        }
        let name = authority.host().to_ascii_lowercase();
        let port_ok = match (authority.port_u16(), self.port) {
            (Some(given), Some(listening)) => given == listening,
            _ => true,
        };
        port_ok && self.names.contains(&name)
    }
}

/// Whether an `Origin` header value is the origin of the request's own
/// `host` (already checked with [`HostPolicy::allows_host`]): the same
/// name and port over `http`, or over `https` (a TLS proxy in front that
/// forwards the browser's `Host`; a port left out is the scheme's default). `Origin: null` (sandboxed frames, `file:`
/// and `data:` pages) is never ours.
pub(crate) fn is_same_origin(origin: &str, host: &str) -> bool {
    let Ok(uri) = origin.parse::<Uri>() else {
        return false;
    };
    let (Some(scheme), Some(origin_authority)) = (uri.scheme(), uri.authority()) else {
        return false;
    };
    let Ok(host_authority) = host.parse::<Authority>() else {
        return false;
    };
    let is_bare_origin = uri.path_and_query().is_none_or(|p| p.as_str() == "/");
    // A TLS proxy in front forwards the browser's https requests with
    // their Host: then the origin is https and the default port 443.
    let default_port = if *scheme == Scheme::HTTP {
        80
    } else if *scheme == Scheme::HTTPS {
        443
    } else {
        return false;
    };
    let endpoint = |a: &Authority| {
        (
            a.host().to_ascii_lowercase(),
            a.port_u16().unwrap_or(default_port),
        )
    };
    is_bare_origin
        && !origin.contains('@')
        && endpoint(origin_authority) == endpoint(&host_authority)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn host_names_are_names_without_a_port() {
        assert_eq!(
            "Iqrah.Local".parse::<HostName>().unwrap().to_string(),
            "iqrah.local"
        );
        assert_eq!("::1".parse::<HostName>().unwrap().to_string(), "[::1]");
        assert_eq!("[::1]".parse::<HostName>().unwrap().to_string(), "[::1]");
        assert_eq!(
            "10.0.0.2".parse::<HostName>().unwrap().to_string(),
            "10.0.0.2"
        );
        for bad in [
            "",
            "iqrah.local:8080",
            "http://iqrah.local",
            "a@b",
            "a b",
            "x/y",
        ] {
            assert!(bad.parse::<HostName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_listening_policy_checks_the_port() {
        let allowed = ["iqrah.local".parse().unwrap()];
        let policy = HostPolicy::listening("127.0.0.2:8080".parse().unwrap(), &allowed);
        for host in [
            "localhost:8080",
            "127.0.0.2:8080",
            "iqrah.local:8080",
            "IQRAH.local",
            "[::1]:8080",
        ] {
            assert!(policy.allows_host(host), "{host}");
        }
        for host in [
            "localhost:8081",
            "evil.example:8080",
            "iqrah.local.evil:8080",
            "",
            "user@localhost:8080",
        ] {
            assert!(!policy.allows_host(host), "{host}");
        }
        assert!(HostPolicy::loopback().allows_host("localhost:1234"));
    }

    #[test]
    fn same_origin_is_the_same_name_and_port_over_http_or_a_tls_proxy() {
        assert!(is_same_origin("http://localhost:8080", "localhost:8080"));
        // Behind a TLS proxy that keeps the Host; no other page can have
        // the origin of the name and port this server answers on.
        assert!(is_same_origin(
            "https://iqrah.school.example",
            "iqrah.school.example"
        ));
        assert!(is_same_origin("https://localhost:8080", "localhost:8080"));
        assert!(is_same_origin("http://LOCALHOST:8080", "localhost:8080"));
        assert!(is_same_origin("http://localhost", "localhost:80"));
        for (origin, host) in [
            ("null", "localhost:8080"),
            ("http://localhost:8081", "localhost:8080"),
            ("http://127.0.0.1:8080", "localhost:8080"),
            ("https://iqrah.school.example", "iqrah.school.example:80"),
            ("ftp://localhost:8080", "localhost:8080"),
            ("http://evil.example", "localhost:8080"),
            ("file://", "localhost:8080"),
        ] {
            assert!(!is_same_origin(origin, host), "{origin} {host}");
        }
    }
}
