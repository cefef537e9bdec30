//! The state of the Hetzner half: servers, actions, SSH keys, the request budget and pending
//! faults. Serializable, so the devnet can write it to disk and continue after a restart.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use rand::SeedableRng;
use rand::distributions::{Alphanumeric, DistString};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::actions::{ActionRec, Effect};
use super::clock::Clock;
use super::faults::{FaultSet, HetznerFaults};
use super::fixtures::{HetznerFixtures, ImageFixture, LocationFixture, ServerTypeFixture};
use super::ratelimit::RateBucket;

const FIRST_SERVER_ID: i64 = 10_001;
const FIRST_ACTION_ID: i64 = 500_001;
const FIRST_SSH_KEY_ID: i64 = 2_001;

/// A server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerRec {
    pub id: i64,
    pub name: String,
    pub status: String,
    pub created_ms: i64,
    /// Server type name.
    pub server_type: String,
    /// Location name.
    pub location: String,
    pub image_id: Option<i64>,
    pub labels: BTreeMap<String, String>,
    pub rescue_enabled: bool,
    /// Locked by a fault (`423 locked` on every change).
    pub locked: bool,
    pub primary_disk_size: u32,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub ssh_keys: Vec<i64>,
}

/// An SSH key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SshKeyRec {
    pub id: i64,
    pub name: String,
    pub fingerprint: String,
    pub public_key: String,
    pub labels: BTreeMap<String, String>,
    pub created_ms: i64,
}

/// A status change due later (a shutdown that completes after its action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingStatus {
    pub at_ms: i64,
    pub server_id: i64,
    pub status: String,
}

/// Everything that persists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HetznerData {
    pub fixtures: HetznerFixtures,
    pub seed: u64,
    pub next_server_id: i64,
    pub next_action_id: i64,
    pub next_ssh_key_id: i64,
    pub servers: BTreeMap<i64, ServerRec>,
    pub actions: BTreeMap<i64, ActionRec>,
    pub ssh_keys: BTreeMap<i64, SshKeyRec>,
    pub pending: Vec<PendingStatus>,
    pub rate: RateBucket,
    pub faults: FaultSet,
    pub requests: u64,
}

impl HetznerData {
    fn new(fixtures: HetznerFixtures, seed: u64, now: i64) -> Self {
        let rate = RateBucket::full(fixtures.rate_limit_per_hour, now);
        let mut d = Self {
            fixtures,
            seed,
            next_server_id: FIRST_SERVER_ID,
            next_action_id: FIRST_ACTION_ID,
            next_ssh_key_id: FIRST_SSH_KEY_ID,
            servers: BTreeMap::new(),
            actions: BTreeMap::new(),
            ssh_keys: BTreeMap::new(),
            pending: Vec::new(),
            rate,
            faults: FaultSet::default(),
            requests: 0,
        };
        for k in d.fixtures.ssh_keys.clone() {
            match super::sshkey::fingerprint(&k.public_key) {
                Ok(fp) => {
                    let id = d.next_ssh_key_id;
                    d.next_ssh_key_id += 1;
                    d.ssh_keys.insert(
                        id,
                        SshKeyRec {
                            id,
                            name: k.name,
                            fingerprint: fp,
                            public_key: k.public_key.trim().to_string(),
                            labels: k.labels,
                            created_ms: now,
                        },
                    );
                }
                Err(e) => tracing::warn!("hetzner fixture ssh key `{}` skipped: {e}", k.name),
            }
        }
        for s in d.fixtures.servers.clone() {
            let Some(t) = d.server_type(&s.server_type).cloned() else {
                tracing::warn!("hetzner fixture server `{}` skipped: unknown type", s.name);
                continue;
            };
            let Some(img) = d.image_for(&s.image, &t.architecture).map(|i| i.id) else {
                tracing::warn!("hetzner fixture server `{}` skipped: unknown image", s.name);
                continue;
            };
            let mut rec = d.new_server(
                &s.name,
                &t,
                &s.location,
                img,
                s.labels,
                Vec::new(),
                now,
                true,
                true,
            );
            rec.status = if s.status == "off" {
                "off".into()
            } else {
                "running".into()
            };
            d.servers.insert(rec.id, rec);
        }
        d
    }

    /// Apply every action end and pending status change due at `now`, in time order.
    pub fn advance(&mut self, now: i64) {
        loop {
            let action = self
                .actions
                .values()
                .filter(|a| !a.done && a.end_ms() <= now)
                .min_by_key(|a| (a.end_ms(), a.id))
                .map(|a| (a.end_ms(), a.id));
            let pending = self
                .pending
                .iter()
                .enumerate()
                .filter(|(_, p)| p.at_ms <= now)
                .min_by_key(|(_, p)| p.at_ms)
                .map(|(i, p)| (p.at_ms, i));
            match (action, pending) {
                (Some((at, id)), p) if p.is_none_or(|(pat, _)| at <= pat) => self.finish(id),
                (_, Some((_, i))) => {
                    let p = self.pending.remove(i);
                    if let Some(s) = self.servers.get_mut(&p.server_id) {
                        s.status = p.status;
                    }
                }
                _ => break,
            }
        }
    }

    fn finish(&mut self, id: i64) {
        let Some(a) = self.actions.get_mut(&id) else {
            return;
        };
        a.done = true;
        let a = a.clone();
        let Some(&sid) = a.servers.first() else {
            return;
        };
        if let Some(err) = &a.error {
            if let Effect::Create { .. } = a.effect {
                // A failed create takes its queued start with it.
                for b in self.actions.values_mut() {
                    if !b.done && b.servers.contains(&sid) && b.effect == Effect::Start {
                        b.error = Some(err.clone());
                    }
                }
            }
            if let Some(s) = self.servers.get_mut(&sid) {
                s.status = a.prev_status.clone();
            }
            return;
        }
        let delay = self.fixtures.shutdown_delay_ms as i64;
        let disk_of = |name: &str, fx: &HetznerFixtures| {
            fx.server_types
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.disk)
        };
        let new_disk = match &a.effect {
            Effect::ChangeType {
                server_type,
                upgrade_disk: true,
            } => disk_of(server_type, &self.fixtures),
            _ => None,
        };
        if a.effect == Effect::Delete {
            self.servers.remove(&sid);
            self.pending.retain(|p| p.server_id != sid);
            return;
        }
        let Some(s) = self.servers.get_mut(&sid) else {
            return;
        };
        match &a.effect {
            Effect::Create { start } => s.status = if *start { "starting" } else { "off" }.into(),
            Effect::Start | Effect::Reboot | Effect::Reset => s.status = "running".into(),
            Effect::Stop => s.status = "off".into(),
            Effect::Shutdown => self.pending.push(PendingStatus {
                at_ms: a.end_ms() + delay,
                server_id: sid,
                status: "off".into(),
            }),
            Effect::Rebuild { image_id } => {
                s.image_id = Some(*image_id);
                s.status = "running".into();
            }
            Effect::ChangeType { server_type, .. } => {
                s.server_type = server_type.clone();
                if let Some(d) = new_disk {
                    s.primary_disk_size = d;
                }
                s.status = "off".into();
            }
            Effect::EnableRescue => s.rescue_enabled = true,
            Effect::DisableRescue => s.rescue_enabled = false,
            Effect::Delete => {}
        }
    }

    /// A server type by id or name.
    pub fn server_type(&self, id_or_name: &str) -> Option<&ServerTypeFixture> {
        self.fixtures
            .server_types
            .iter()
            .find(|t| t.name == id_or_name || t.id.to_string() == id_or_name)
    }

    /// A location by id or name.
    pub fn location(&self, id_or_name: &str) -> Option<&LocationFixture> {
        self.fixtures
            .locations
            .iter()
            .find(|l| l.name == id_or_name || l.id.to_string() == id_or_name)
    }

    /// An image by id, or by name for the given architecture.
    pub fn image_for(&self, id_or_name: &str, arch: &str) -> Option<&ImageFixture> {
        let imgs = &self.fixtures.images;
        imgs.iter()
            .find(|i| i.id.to_string() == id_or_name)
            .or_else(|| {
                imgs.iter()
                    .find(|i| i.name == id_or_name && i.architecture == arch)
            })
            .or_else(|| imgs.iter().find(|i| i.name == id_or_name))
    }

    /// An image by id.
    pub fn image_by_id(&self, id: i64) -> Option<&ImageFixture> {
        self.fixtures.images.iter().find(|i| i.id == id)
    }

    /// A running action touches the server.
    pub fn busy(&self, server_id: i64) -> bool {
        self.actions
            .values()
            .any(|a| !a.done && a.servers.contains(&server_id))
    }

    /// A fresh server record (not inserted).
    #[allow(clippy::too_many_arguments)]
    pub fn new_server(
        &mut self,
        name: &str,
        t: &ServerTypeFixture,
        location: &str,
        image_id: i64,
        labels: BTreeMap<String, String>,
        ssh_keys: Vec<i64>,
        now: i64,
        ipv4: bool,
        ipv6: bool,
    ) -> ServerRec {
        let id = self.next_server_id;
        self.next_server_id += 1;
        ServerRec {
            id,
            name: name.to_string(),
            status: "initializing".into(),
            created_ms: now,
            server_type: t.name.clone(),
            location: location.to_string(),
            image_id: Some(image_id),
            labels,
            rescue_enabled: false,
            locked: false,
            primary_disk_size: t.disk,
            ipv4: ipv4.then(|| ipv4_for(id, self.seed)),
            ipv6: ipv6.then(|| ipv6_for(id)),
            ssh_keys,
        }
    }

    /// Record an action on a server that starts progressing at `run_from`; a planned failure
    /// for its command is attached. Sets the server's running status.
    pub fn add_action(&mut self, server_id: i64, effect: Effect, now: i64, run_from: i64) -> i64 {
        let id = self.next_action_id;
        self.next_action_id += 1;
        let command = effect.command();
        let error = self.faults.take_action_failure(command);
        let prev_status = self
            .servers
            .get(&server_id)
            .map(|s| s.status.clone())
            .unwrap_or_else(|| "off".into());
        let prev_status = match effect {
            Effect::Create { .. } | Effect::Start if prev_status == "initializing" => "off".into(),
            _ => prev_status,
        };
        if run_from <= now
            && let (Some(st), Some(s)) = (effect.running_status(), self.servers.get_mut(&server_id))
        {
            s.status = st.into();
        }
        self.actions.insert(
            id,
            ActionRec {
                id,
                command: command.into(),
                started_ms: now,
                run_from_ms: run_from,
                duration_ms: self.fixtures.action_duration(command) as i64,
                servers: vec![server_id],
                error,
                effect,
                prev_status,
                done: false,
            },
        );
        id
    }

    /// A deterministic root password for an action (seeded).
    pub fn root_password(&self, action_id: i64) -> String {
        let mix = self.seed ^ (action_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut rng = ChaCha8Rng::seed_from_u64(mix);
        Alphanumeric.sample_string(&mut rng, 20)
    }
}

fn ipv4_for(id: i64, seed: u64) -> String {
    // 198.18.0.0/15 (reserved for benchmarking): 512 blocks of 254 hosts.
    let n = (id as u64).wrapping_add(seed) % (512 * 254);
    let (block, host) = (n / 254, n % 254 + 1);
    format!("198.{}.{}.{}", 18 + block / 256, block % 256, host)
}

fn ipv6_for(id: i64) -> String {
    format!("2001:db8:{:x}:{:x}::/64", (id >> 16) & 0xffff, id & 0xffff)
}

/// The shared, clonable state behind the router.
#[derive(Clone)]
pub struct HetznerState {
    data: Arc<Mutex<HetznerData>>,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for HetznerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HetznerState").finish_non_exhaustive()
    }
}

impl HetznerState {
    /// Fresh state from fixtures (check them first with [`HetznerFixtures::validate`]).
    pub fn new(fixtures: HetznerFixtures, clock: Arc<dyn Clock>, seed: u64) -> Self {
        let now = clock.now_ms();
        Self::from_data(HetznerData::new(fixtures, seed, now), clock)
    }

    /// Fresh state from fixtures, refusing broken references (a message naming the entry).
    pub fn try_new(
        fixtures: HetznerFixtures,
        clock: Arc<dyn Clock>,
        seed: u64,
    ) -> Result<Self, String> {
        fixtures.validate()?;
        Ok(Self::new(fixtures, clock, seed))
    }

    /// Continue from saved data.
    pub fn from_data(data: HetznerData, clock: Arc<dyn Clock>) -> Self {
        Self {
            data: Arc::new(Mutex::new(data)),
            clock,
        }
    }

    /// Continue from saved JSON (as written by serializing a state).
    pub fn from_json(json: &str, clock: Arc<dyn Clock>) -> Result<Self, serde_json::Error> {
        Ok(Self::from_data(serde_json::from_str(json)?, clock))
    }

    /// A copy of the data, brought up to date.
    pub fn snapshot(&self) -> HetznerData {
        self.with_data(|d, _| d.clone())
    }

    /// The fault handle.
    pub fn faults(&self) -> HetznerFaults {
        HetznerFaults {
            state: self.clone(),
        }
    }

    /// Now on the state's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    fn lock(&self) -> MutexGuard<'_, HetznerData> {
        self.data.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` on the data advanced to now.
    pub(crate) fn with_data<R>(&self, f: impl FnOnce(&mut HetznerData, i64) -> R) -> R {
        let now = self.clock.now_ms();
        let mut d = self.lock();
        d.advance(now);
        f(&mut d, now)
    }
}

impl Serialize for HetznerState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.snapshot().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hetzner::clock::ManualClock;

    #[test]
    fn addresses_are_distinct_and_documentation_ranges() {
        let a: std::collections::BTreeSet<String> = (1..2000).map(|i| ipv4_for(i, 7)).collect();
        assert_eq!(a.len(), 1999);
        assert!(
            a.iter()
                .all(|ip| ip.starts_with("198.18.") || ip.starts_with("198.19."))
        );
        assert_eq!(ipv6_for(0x1_0002), "2001:db8:1:2::/64");
    }

    #[test]
    fn passwords_depend_on_seed_and_action() {
        let clock = Arc::new(ManualClock::new(0));
        let a = HetznerState::new(HetznerFixtures::default(), clock.clone(), 1).snapshot();
        let b = HetznerState::new(HetznerFixtures::default(), clock, 2).snapshot();
        assert_eq!(a.root_password(5), a.root_password(5));
        assert_ne!(a.root_password(5), a.root_password(6));
        assert_ne!(a.root_password(5), b.root_password(5));
        assert_eq!(a.root_password(5).len(), 20);
    }

    #[test]
    fn try_new_refuses_broken_fixtures() {
        let mut fx = HetznerFixtures::default();
        fx.server_types[0].prices[0].location = "mars1".into();
        let err = HetznerState::try_new(fx, Arc::new(ManualClock::new(0)), 1).unwrap_err();
        assert!(err.contains("mars1"), "{err}");
    }

    #[test]
    fn state_round_trips_through_json() {
        let clock = Arc::new(ManualClock::new(1_000));
        let mut fx = HetznerFixtures::default();
        fx.servers.push(crate::hetzner::fixtures::ServerFixture {
            name: "seeded".into(),
            server_type: "cx22".into(),
            image: "debian-12".into(),
            location: "nbg1".into(),
            labels: BTreeMap::new(),
            status: "off".into(),
        });
        let s = HetznerState::new(fx, clock.clone(), 9);
        let json = serde_json::to_string(&s).unwrap();
        let back = HetznerState::from_json(&json, clock).unwrap();
        assert_eq!(back.snapshot(), s.snapshot());
        let srv = back.snapshot().servers.into_values().next().unwrap();
        assert_eq!((srv.name.as_str(), srv.status.as_str()), ("seeded", "off"));
    }
}
