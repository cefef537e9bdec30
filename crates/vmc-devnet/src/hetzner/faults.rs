//! Faults on demand, for tests: per-route, per-count answers (a 5xx, a 429, a delay, a hang),
//! actions that fail, servers that are locked.
//!
//! Driven from Rust through [`HetznerFaults`] or over HTTP through the admin router
//! (`POST /__devnet/hetzner/faults` with a [`FaultRequest`] body).

use serde::{Deserialize, Serialize};

use super::actions::ActionError;
use super::error::ApiError;
use super::state::HetznerState;

/// What a matching request gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// An error answer: a `status` (e.g. 503) and/or a `code` (e.g. `conflict`); the missing
    /// one is the documented counterpart.
    Status {
        #[serde(default)]
        status: Option<u16>,
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
    /// `429 rate_limit_exceeded`.
    RateLimit,
    /// Answer normally, after `ms` milliseconds.
    Delay { ms: u64 },
    /// Never answer (the client's timeout fires).
    Hang,
    /// Run the request (a create makes the server), then answer with this error status
    /// instead (e.g. 503): the answer of a request that took effect is lost.
    LoseAnswer {
        #[serde(default = "service_unavailable")]
        status: u16,
    },
}

fn service_unavailable() -> u16 {
    503
}

/// A rule: requests matching `method` and `path` get `fault`, `times` times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// HTTP method (`GET`, `POST`, …); none matches every method.
    #[serde(default)]
    pub method: Option<String>,
    /// Path under the API root, e.g. `/servers`, `/servers/*/actions/poweroff` (`*` = one
    /// segment, a trailing `/**` = anything below).
    pub path: String,
    /// How many requests it hits (default 1).
    #[serde(default = "one")]
    pub times: u32,
    pub fault: FaultKind,
}

fn one() -> u32 {
    1
}

impl FaultRule {
    /// A rule for `method path`, hitting once.
    pub fn new(method: Option<&str>, path: &str, fault: FaultKind) -> Self {
        Self {
            method: method.map(str::to_string),
            path: path.to_string(),
            times: 1,
            fault,
        }
    }

    /// Hit `n` times.
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    /// Whether the rule applies to this request.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if self
            .method
            .as_deref()
            .is_some_and(|m| !m.eq_ignore_ascii_case(method))
        {
            return false;
        }
        let pat: Vec<&str> = self.path.trim_matches('/').split('/').collect();
        let got: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut i = 0;
        for (j, p) in pat.iter().enumerate() {
            if *p == "**" && j == pat.len() - 1 {
                return true;
            }
            match got.get(i) {
                Some(g) if *p == "*" || p == g => i += 1,
                _ => return false,
            }
        }
        i == got.len()
    }
}

/// The next `times` actions with `command` end in `error` with this code and message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionFailure {
    pub command: String,
    #[serde(default = "action_failed")]
    pub code: String,
    #[serde(default = "action_failed_msg")]
    pub message: String,
    #[serde(default = "one")]
    pub times: u32,
}

fn action_failed() -> String {
    "action_failed".into()
}
fn action_failed_msg() -> String {
    "Action failed".into()
}

/// The faults in force (part of the persisted state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultSet {
    pub rules: Vec<FaultRule>,
    pub fail_actions: Vec<ActionFailure>,
}

impl FaultSet {
    /// Take one hit of the first rule matching the request.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let i = self
            .rules
            .iter()
            .position(|r| r.times > 0 && r.matches(method, path))?;
        let rule = &mut self.rules[i];
        rule.times -= 1;
        let fault = rule.fault.clone();
        if rule.times == 0 {
            self.rules.remove(i);
        }
        Some(fault)
    }

    /// Take one planned failure for an action with this command.
    pub fn take_action_failure(&mut self, command: &str) -> Option<ActionError> {
        let i = self
            .fail_actions
            .iter()
            .position(|f| f.times > 0 && f.command == command)?;
        let f = &mut self.fail_actions[i];
        f.times -= 1;
        let err = ActionError {
            code: f.code.clone(),
            message: f.message.clone(),
        };
        if f.times == 0 {
            self.fail_actions.remove(i);
        }
        Some(err)
    }
}

/// Lock or unlock a server (`locked: true` in its JSON; every change answers `423 locked`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerLock {
    pub id: i64,
    #[serde(default = "yes")]
    pub locked: bool,
}

fn yes() -> bool {
    true
}

/// The admin route's body: any of the three lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultRequest {
    pub rules: Vec<FaultRule>,
    pub fail_actions: Vec<ActionFailure>,
    pub lock_servers: Vec<ServerLock>,
}

/// A handle to script faults from Rust.
#[derive(Clone)]
pub struct HetznerFaults {
    pub(crate) state: HetznerState,
}

impl HetznerFaults {
    /// Add a per-route rule.
    pub fn add_rule(&self, rule: FaultRule) {
        self.state.with_data(|d, _| d.faults.rules.push(rule));
    }

    /// Answer the next `times` matching requests with `status` (and the documented code).
    pub fn fail_route(&self, method: Option<&str>, path: &str, status: u16, times: u32) {
        self.add_rule(
            FaultRule::new(
                method,
                path,
                FaultKind::Status {
                    status: Some(status),
                    code: None,
                    message: None,
                },
            )
            .times(times),
        );
    }

    /// Make the next action with `command` (e.g. `start_server`) end in `error`.
    pub fn fail_next_action(&self, command: &str, code: &str, message: &str) {
        self.state.with_data(|d, _| {
            d.faults.fail_actions.push(ActionFailure {
                command: command.into(),
                code: code.into(),
                message: message.into(),
                times: 1,
            })
        });
    }

    /// Lock or unlock a server. Fails with `not_found` for an unknown id.
    pub fn lock_server(&self, id: i64, locked: bool) -> Result<(), ApiError> {
        self.state.with_data(|d, _| match d.servers.get_mut(&id) {
            Some(s) => {
                s.locked = locked;
                Ok(())
            }
            None => Err(ApiError::not_found("server")),
        })
    }

    /// Apply an admin request (all or nothing on unknown servers).
    pub fn apply(&self, req: FaultRequest) -> Result<(), ApiError> {
        self.state.with_data(|d, _| {
            if let Some(l) = req
                .lock_servers
                .iter()
                .find(|l| !d.servers.contains_key(&l.id))
            {
                return Err(ApiError::not_found(&format!("server {}", l.id)));
            }
            for l in &req.lock_servers {
                if let Some(s) = d.servers.get_mut(&l.id) {
                    s.locked = l.locked;
                }
            }
            d.faults.rules.extend(req.rules);
            d.faults.fail_actions.extend(req.fail_actions);
            Ok(())
        })
    }

    /// The faults still pending.
    pub fn pending(&self) -> FaultSet {
        self.state.with_data(|d, _| d.faults.clone())
    }

    /// Drop every pending fault (locks stay).
    pub fn clear(&self) {
        self.state.with_data(|d, _| d.faults = FaultSet::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns() {
        let r = |p: &str| FaultRule::new(Some("POST"), p, FaultKind::Hang);
        assert!(r("/servers").matches("POST", "/servers"));
        assert!(r("/servers").matches("post", "/servers/"));
        assert!(!r("/servers").matches("GET", "/servers"));
        assert!(!r("/servers").matches("POST", "/servers/1"));
        assert!(r("/servers/*/actions/poweroff").matches("POST", "/servers/9/actions/poweroff"));
        assert!(!r("/servers/*/actions/poweroff").matches("POST", "/servers/9/actions/poweron"));
        assert!(r("/servers/**").matches("POST", "/servers/9/actions/x"));
        assert!(FaultRule::new(None, "/**", FaultKind::Hang).matches("GET", "/pricing"));
    }

    #[test]
    fn rules_count_down() {
        let mut f = FaultSet::default();
        f.rules
            .push(FaultRule::new(None, "/servers", FaultKind::RateLimit).times(2));
        assert!(f.take("GET", "/servers").is_some());
        assert!(f.take("GET", "/pricing").is_none());
        assert!(f.take("GET", "/servers").is_some());
        assert!(f.take("GET", "/servers").is_none());
        assert!(f.rules.is_empty());
    }

    #[test]
    fn request_json_shape() {
        let r: FaultRequest = serde_json::from_str(
            r#"{"rules":[{"method":"GET","path":"/servers","times":2,"fault":{"kind":"status","status":503}}],
                "fail_actions":[{"command":"start_server"}],
                "lock_servers":[{"id":5}]}"#,
        )
        .unwrap();
        assert_eq!(r.rules[0].times, 2);
        assert_eq!(r.fail_actions[0].code, "action_failed");
        assert!(r.lock_servers[0].locked);
    }
}
