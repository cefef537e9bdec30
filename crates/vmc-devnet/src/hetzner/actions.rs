//! Actions: asynchronous tasks that run from `running` (progress 0..100) to `success` or
//! `error` over clock time, and what each does to its server when it finishes.

use serde::{Deserialize, Serialize};

/// The error an action ends with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionError {
    pub code: String,
    pub message: String,
}

/// What an action does to its server when it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// `create_server`; `start` when a `start_server` action follows.
    Create {
        start: bool,
    },
    Start,
    Stop,
    Shutdown,
    Reboot,
    Reset,
    Rebuild {
        image_id: i64,
    },
    ChangeType {
        server_type: String,
        upgrade_disk: bool,
    },
    EnableRescue,
    DisableRescue,
    Delete,
}

impl Effect {
    /// The `command` the API reports.
    pub fn command(&self) -> &'static str {
        match self {
            Effect::Create { .. } => "create_server",
            Effect::Start => "start_server",
            Effect::Stop => "stop_server",
            Effect::Shutdown => "shutdown_server",
            Effect::Reboot => "reboot_server",
            Effect::Reset => "reset_server",
            Effect::Rebuild { .. } => "rebuild_server",
            Effect::ChangeType { .. } => "change_server_type",
            Effect::EnableRescue => "enable_rescue",
            Effect::DisableRescue => "disable_rescue",
            Effect::Delete => "delete_server",
        }
    }

    /// The server status while the action runs (`None`: unchanged).
    pub fn running_status(&self) -> Option<&'static str> {
        match self {
            Effect::Create { .. } => Some("initializing"),
            Effect::Start => Some("starting"),
            Effect::Stop => Some("stopping"),
            Effect::Rebuild { .. } => Some("rebuilding"),
            Effect::ChangeType { .. } => Some("migrating"),
            Effect::Delete => Some("deleting"),
            _ => None,
        }
    }
}

/// A stored action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRec {
    pub id: i64,
    pub command: String,
    /// When it was created (the reported `started`).
    pub started_ms: i64,
    /// When its progress starts (later than `started_ms` for queued `next_actions`).
    pub run_from_ms: i64,
    pub duration_ms: i64,
    /// Server ids it touches.
    pub servers: Vec<i64>,
    /// Set when the action is meant to fail (shown once it has ended).
    pub error: Option<ActionError>,
    pub effect: Effect,
    /// The server status before the action, restored when it fails.
    pub prev_status: String,
    /// Its end has been applied.
    pub done: bool,
}

impl ActionRec {
    /// When it ends.
    pub fn end_ms(&self) -> i64 {
        self.run_from_ms + self.duration_ms
    }

    /// `running`, `success` or `error`.
    pub fn status(&self) -> &'static str {
        match (self.done, &self.error) {
            (false, _) => "running",
            (true, None) => "success",
            (true, Some(_)) => "error",
        }
    }

    /// Progress 0..=100 at `now`.
    pub fn progress(&self, now: i64) -> i64 {
        if self.done {
            return 100;
        }
        let ran = (now - self.run_from_ms).max(0);
        (ran * 100 / self.duration_ms.max(1)).clamp(0, 99)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec() -> ActionRec {
        ActionRec {
            id: 1,
            command: "start_server".into(),
            started_ms: 0,
            run_from_ms: 1000,
            duration_ms: 1000,
            servers: vec![7],
            error: None,
            effect: Effect::Start,
            prev_status: "off".into(),
            done: false,
        }
    }

    #[test]
    fn progress_follows_time() {
        let a = rec();
        assert_eq!(a.progress(500), 0);
        assert_eq!(a.progress(1500), 50);
        assert_eq!(a.progress(5000), 99);
        assert_eq!(a.status(), "running");
        let mut d = a.clone();
        d.done = true;
        assert_eq!((d.status(), d.progress(0)), ("success", 100));
        d.error = Some(ActionError {
            code: "x".into(),
            message: "y".into(),
        });
        assert_eq!(d.status(), "error");
        assert_eq!(a.end_ms(), 2000);
    }
}
