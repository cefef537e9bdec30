//! The preflight: read the node's version once per client and refuse a chain whose modules vmc
//! does not speak. Akash v1.0.0 (October 2025) moved to deployment v1beta4 / market v1beta5 and
//! removed the v1beta3-era routes; a node older than that cannot answer vmc's queries.

use crate::query::node::NodeInfo;
use crate::{ChainClient, ClientError};

/// The oldest Akash version whose modules vmc speaks.
pub const MIN_VERSION: (u64, u64, u64) = (1, 0, 0);
/// [`MIN_VERSION`] as text, for messages.
pub const SUPPORTED: &str = "v1.0.0 or newer";

/// `v2.1.0`, `2.0.1-rc3`, `v0.38.1` → (major, minor, patch); `None` when not a version.
pub fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches('v');
    let core = v.split(['-', '+']).next()?;
    let mut it = core.split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next().unwrap_or("0").parse().ok()?;
    let patch = it.next().unwrap_or("0").parse().ok()?;
    Some((major, minor, patch))
}

/// Whether vmc speaks this node's modules: a parsable version ≥ [`MIN_VERSION`]. A version
/// that does not parse (a custom build) is given the benefit of the doubt.
pub fn check(endpoint: &str, info: &NodeInfo) -> Result<(), ClientError> {
    match parse_version(&info.version) {
        Some(v) if v < MIN_VERSION => Err(ClientError::UnsupportedChain {
            endpoint: endpoint.to_string(),
            app: if info.app_name.is_empty() {
                "akash".into()
            } else {
                info.app_name.clone()
            },
            version: info.version.clone(),
            supported: SUPPORTED,
        }),
        _ => Ok(()),
    }
}

impl ChainClient {
    /// The node's version, read once per client (so once per command) and checked.
    pub async fn preflight(&self) -> Result<&NodeInfo, ClientError> {
        let info = self
            .node_info
            .get_or_try_init(|| self.fetch_node_info())
            .await?;
        check(self.rest.endpoint(), info)?;
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(v: &str) -> NodeInfo {
        NodeInfo {
            network: "x".into(),
            app_name: "akash".into(),
            version: v.into(),
            cosmos_sdk_version: String::new(),
        }
    }

    #[test]
    fn versions() {
        assert_eq!(parse_version("v2.1.0"), Some((2, 1, 0)));
        assert_eq!(parse_version("2.0.1-rc3"), Some((2, 0, 1)));
        assert_eq!(parse_version("v0.38"), Some((0, 38, 0)));
        assert_eq!(parse_version("main-abc"), None);
        assert!(check("e", &info("v2.1.0")).is_ok());
        assert!(check("e", &info("v1.0.0")).is_ok());
        assert!(check("e", &info("custom")).is_ok());
        let e = check("http://n", &info("v0.38.1")).unwrap_err().to_string();
        assert!(e.contains("v0.38.1") && e.contains("v1.0.0"), "{e}");
    }
}
