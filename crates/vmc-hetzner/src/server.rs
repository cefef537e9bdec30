//! Servers (`/servers`) and their actions.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::action::Action;
use crate::common::{Extra, Labels, Protection};
use crate::image::Image;
use crate::location::Location;
use crate::open_enum::open_enum;
use crate::server_type::ServerType;
use crate::{Client, Error};

open_enum! {
    /// A server's power and lifecycle state.
    ServerStatus {
        Running => "running",
        Initializing => "initializing",
        Starting => "starting",
        Stopping => "stopping",
        Off => "off",
        Deleting => "deleting",
        Migrating => "migrating",
        Rebuilding => "rebuilding",
        Unknown => "unknown",
    }
}

/// A server as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub id: i64,
    pub name: String,
    pub status: ServerStatus,
    pub created: String,
    pub public_net: PublicNet,
    pub private_net: Vec<PrivateNet>,
    pub server_type: ServerType,
    pub location: Location,
    pub image: Option<Image>,
    pub iso: Option<Value>,
    pub rescue_enabled: bool,
    pub locked: bool,
    pub backup_window: Option<String>,
    pub outgoing_traffic: Option<u64>,
    pub ingoing_traffic: Option<u64>,
    pub included_traffic: Option<u64>,
    pub protection: Protection,
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancers: Option<Vec<i64>>,
    pub primary_disk_size: serde_json::Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_group: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Public addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicNet {
    pub ipv4: Option<Ipv4>,
    pub ipv6: Option<Ipv6>,
    pub floating_ips: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firewalls: Option<Vec<FirewallStatus>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ipv4 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub ip: String,
    pub blocked: bool,
    pub dns_ptr: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ipv6 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// A /64 network, e.g. `2001:db8::/64`.
    pub ip: String,
    pub blocked: bool,
    pub dns_ptr: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirewallStatus {
    pub id: i64,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrivateNet {
    pub network: i64,
    pub ip: String,
    #[serde(default)]
    pub alias_ips: Vec<String>,
    #[serde(default)]
    pub mac_address: String,
}

impl Server {
    /// The public IPv4 address, if the server has one.
    pub fn ipv4(&self) -> Option<&str> {
        self.public_net.ipv4.as_ref().map(|i| i.ip.as_str())
    }
    /// The public IPv6 network, if any.
    pub fn ipv6(&self) -> Option<&str> {
        self.public_net.ipv6.as_ref().map(|i| i.ip.as_str())
    }
    /// What this server costs, from its type's price list for its location.
    pub fn price(&self) -> Option<&crate::server_type::Price> {
        self.server_type.price_in(&self.location.name)
    }
}

/// Filters for [`Client::list_servers`].
#[derive(Debug, Clone, Default)]
pub struct ServerFilter {
    pub name: Option<String>,
    pub label_selector: Option<String>,
    /// running, off, … (any when empty).
    pub status: Vec<String>,
    /// `id`, `name:desc`, … (repeatable).
    pub sort: Vec<String>,
}

/// `POST /servers` body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateServer {
    pub name: String,
    /// ID or name.
    pub server_type: String,
    /// ID or name.
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_after_create: Option<bool>,
    /// IDs or names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ssh_keys: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub firewalls: Vec<FirewallRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
}

/// `{"firewall": id}` in a create body.
#[derive(Debug, Clone, Serialize)]
pub struct FirewallRef {
    pub firewall: i64,
}

/// `POST /servers` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedServer {
    pub server: Server,
    pub action: Action,
    pub next_actions: Vec<Action>,
    /// Only set when no SSH key was given. A secret: never log it.
    pub root_password: Option<String>,
    /// The answer was lost and the server found by its name instead.
    #[serde(default, skip_serializing)]
    pub adopted: bool,
}

/// Answer of actions that may set a new root password (rebuild, enable_rescue).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionWithPassword {
    pub action: Action,
    #[serde(default)]
    pub root_password: Option<String>,
}

#[derive(Deserialize)]
struct One {
    server: Server,
}

#[derive(Deserialize)]
struct ActionOnly {
    action: Action,
}

/// A server power or lifecycle action without a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerAction {
    Poweron,
    Poweroff,
    Shutdown,
    Reboot,
    Reset,
}

impl PowerAction {
    /// The path segment after `/actions/`.
    pub fn path(self) -> &'static str {
        match self {
            PowerAction::Poweron => "poweron",
            PowerAction::Poweroff => "poweroff",
            PowerAction::Shutdown => "shutdown",
            PowerAction::Reboot => "reboot",
            PowerAction::Reset => "reset",
        }
    }
}

impl Client {
    /// Servers matching the filter (every page).
    pub async fn list_servers(&self, f: &ServerFilter) -> Result<Vec<Server>, Error> {
        let mut q: Vec<(String, String)> = Vec::new();
        if let Some(n) = &f.name {
            q.push(("name".into(), n.clone()));
        }
        if let Some(s) = &f.label_selector {
            q.push(("label_selector".into(), s.clone()));
        }
        q.extend(f.status.iter().map(|s| ("status".to_string(), s.clone())));
        q.extend(f.sort.iter().map(|s| ("sort".to_string(), s.clone())));
        self.get_all("/servers", &q, "servers").await
    }

    /// One server by ID.
    pub async fn get_server(&self, id: i64) -> Result<Server, Error> {
        Ok(self
            .get::<One>(&format!("/servers/{id}"), &[])
            .await?
            .server)
    }

    /// A server by numeric ID (falling back to the name when no such ID exists) or exact name.
    pub async fn find_server(&self, name_or_id: &str) -> Result<Option<Server>, Error> {
        if let Ok(id) = name_or_id.parse::<i64>() {
            match self.get_server(id).await {
                Ok(s) => return Ok(Some(s)),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        self.server_named(name_or_id).await
    }

    /// The server with exactly this name, if any (names are unique per project).
    async fn server_named(&self, name: &str) -> Result<Option<Server>, Error> {
        let f = ServerFilter {
            name: Some(name.to_string()),
            ..Default::default()
        };
        Ok(self.list_servers(&f).await?.into_iter().next())
    }

    /// Creates a server. Not retried on transport errors (there is no idempotency key).
    ///
    /// The API has no idempotency key, so a create is never sent twice: after an answer that
    /// leaves open whether the server was made (no answer, a 5xx), the server is looked up by
    /// its unique name and adopted (`adopted: true`, with its actions; the root password of a
    /// key-less create was in the lost answer and is gone). Only when no such server exists is
    /// the original error returned.
    pub async fn create_server(&self, req: &CreateServer) -> Result<CreatedServer, Error> {
        let body = serde_json::to_value(req).map_err(|e| Error::Protocol(e.to_string()))?;
        match self.post::<CreatedServer>("/servers", &body).await {
            Ok(c) => Ok(c),
            Err(e) if e.is_ambiguous() => match self.adopt(&req.name).await? {
                Some(c) => Ok(c),
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// The server named `name`, if it exists, as a create's answer: its `create_server` action
    /// and the actions still running.
    async fn adopt(&self, name: &str) -> Result<Option<CreatedServer>, Error> {
        let Some(server) = self.server_named(name).await? else {
            return Ok(None);
        };
        #[derive(Deserialize)]
        struct Actions {
            actions: Vec<Action>,
        }
        let mut actions = self
            .get::<Actions>(&format!("/servers/{}/actions", server.id), &[])
            .await?
            .actions;
        actions.sort_by_key(|a| a.id);
        let pos = actions.iter().position(|a| a.command == "create_server");
        let action = match pos {
            Some(i) => actions.remove(i),
            None => match actions.pop() {
                Some(a) => a,
                None => {
                    return Err(Error::Protocol(format!(
                        "server {name} exists but has no actions to wait for"
                    )));
                }
            },
        };
        let next_actions = actions
            .into_iter()
            .filter(|a| a.id > action.id && a.status == crate::ActionStatus::Running)
            .collect();
        Ok(Some(CreatedServer {
            server,
            action,
            next_actions,
            root_password: None,
            adopted: true,
        }))
    }

    /// Deletes a server; returns its `delete_server` action.
    pub async fn delete_server(&self, id: i64) -> Result<Action, Error> {
        Ok(self
            .delete::<ActionOnly>(&format!("/servers/{id}"))
            .await?
            .action)
    }

    /// Replaces the server's labels (the API replaces the whole map).
    pub async fn set_server_labels(&self, id: i64, labels: &Labels) -> Result<Server, Error> {
        let body = json!({ "labels": labels });
        Ok(self
            .put::<One>(&format!("/servers/{id}"), &body)
            .await?
            .server)
    }

    /// poweron, poweroff, shutdown, reboot or reset.
    pub async fn server_power(&self, id: i64, what: PowerAction) -> Result<Action, Error> {
        self.server_action(id, what.path(), &json!({})).await
    }

    /// Rebuilds from an image (destroys the disk).
    pub async fn rebuild_server(&self, id: i64, image: &str) -> Result<ActionWithPassword, Error> {
        self.post(
            &format!("/servers/{id}/actions/rebuild"),
            &json!({ "image": image }),
        )
        .await
    }

    /// Changes the type; the server must be off.
    pub async fn change_server_type(
        &self,
        id: i64,
        server_type: &str,
        upgrade_disk: bool,
    ) -> Result<Action, Error> {
        let body = json!({ "server_type": server_type, "upgrade_disk": upgrade_disk });
        self.server_action(id, "change_type", &body).await
    }

    /// Enables the rescue system for the next boot (does not reboot).
    pub async fn enable_rescue(
        &self,
        id: i64,
        ssh_keys: &[i64],
    ) -> Result<ActionWithPassword, Error> {
        let mut body = json!({ "type": "linux64" });
        if !ssh_keys.is_empty() {
            body["ssh_keys"] = json!(ssh_keys);
        }
        self.post(&format!("/servers/{id}/actions/enable_rescue"), &body)
            .await
    }

    async fn server_action(&self, id: i64, name: &str, body: &Value) -> Result<Action, Error> {
        Ok(self
            .post::<ActionOnly>(&format!("/servers/{id}/actions/{name}"), body)
            .await?
            .action)
    }
}
