//! SSH keys (`/ssh_keys`).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::common::{Extra, Labels};
use crate::{Client, Error};

/// A public key stored in the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SshKey {
    pub id: i64,
    pub name: String,
    pub fingerprint: String,
    pub public_key: String,
    pub labels: Labels,
    pub created: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Deserialize)]
struct One {
    ssh_key: SshKey,
}

impl Client {
    /// Every SSH key, sorted by name.
    pub async fn list_ssh_keys(&self) -> Result<Vec<SshKey>, Error> {
        self.get_all("/ssh_keys", &[("sort".into(), "name".into())], "ssh_keys")
            .await
    }

    /// Looks a key up by numeric ID (then by name) or by exact name.
    pub async fn find_ssh_key(&self, name_or_id: &str) -> Result<Option<SshKey>, Error> {
        if let Ok(id) = name_or_id.parse::<i64>() {
            match self.get::<One>(&format!("/ssh_keys/{id}"), &[]).await {
                Ok(o) => return Ok(Some(o.ssh_key)),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        let mut v: Vec<SshKey> = self
            .get_all(
                "/ssh_keys",
                &[("name".into(), name_or_id.into())],
                "ssh_keys",
            )
            .await?;
        Ok(v.pop())
    }

    /// Stores a public key.
    pub async fn create_ssh_key(
        &self,
        name: &str,
        public_key: &str,
        labels: &Labels,
    ) -> Result<SshKey, Error> {
        let body = json!({"name": name, "public_key": public_key, "labels": labels});
        let o: One = self.post("/ssh_keys", &body).await?;
        Ok(o.ssh_key)
    }

    /// Deletes a key (`204 No Content`).
    pub async fn delete_ssh_key(&self, id: i64) -> Result<(), Error> {
        self.delete_empty(&format!("/ssh_keys/{id}")).await
    }
}
