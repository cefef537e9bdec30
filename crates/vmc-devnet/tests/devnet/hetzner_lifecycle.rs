//! A server's whole life through plain HTTP, on a manual clock: create (with its queued start),
//! power actions, change_type, rebuild, rescue, update, delete; action progress; persistence.

use crate::hetzner_support;

use std::sync::Arc;

use hetzner_support::{serve, start};
use serde_json::json;
use vmc_devnet::hetzner::{Clock, HetznerFixtures, HetznerState};

fn fixtures() -> HetznerFixtures {
    // Every action takes 1 s; shutdown completes 1 s after its action.
    HetznerFixtures::default().with_action_ms(1000)
}

#[tokio::test]
async fn create_start_power_change_type_rebuild_rescue_delete() {
    let (dn, clock) = start(fixtures()).await;

    // Create: 201 with the server, the create action, the queued start, a root password.
    let a = dn
        .post(
            "/servers",
            json!({"name": "web-1", "server_type": "cx22", "image": "ubuntu-24.04", "location": "nbg1", "labels": {"env": "prod"}}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let s = &a.body["server"];
    let id = s["id"].as_i64().unwrap();
    assert_eq!(s["status"], "initializing");
    assert_eq!(s["server_type"]["name"], "cx22");
    assert_eq!(s["location"]["name"], "nbg1");
    assert_eq!(
        s["datacenter"]["name"], "nbg1-dc3",
        "legacy datacenter object"
    );
    assert_eq!(s["datacenter"]["location"]["name"], "nbg1");
    assert_eq!(s["image"]["name"], "ubuntu-24.04");
    assert_eq!(s["image"]["architecture"], "x86");
    assert_eq!(s["labels"], json!({"env": "prod"}));
    assert_eq!(s["primary_disk_size"], 40);
    assert!(
        s["public_net"]["ipv4"]["ip"]
            .as_str()
            .unwrap()
            .starts_with("198.")
    );
    assert!(
        s["public_net"]["ipv6"]["ip"]
            .as_str()
            .unwrap()
            .ends_with("::/64")
    );
    assert_eq!(a.body["action"]["command"], "create_server");
    assert_eq!(a.body["action"]["status"], "running");
    assert_eq!(a.body["action"]["progress"], 0);
    assert_eq!(
        a.body["action"]["resources"],
        json!([{"id": id, "type": "server"}])
    );
    assert!(a.body["action"]["finished"].is_null());
    assert_eq!(a.body["next_actions"][0]["command"], "start_server");
    assert_eq!(a.body["root_password"].as_str().unwrap().len(), 20);
    let create_id = a.body["action"]["id"].as_i64().unwrap();
    let start_id = a.body["next_actions"][0]["id"].as_i64().unwrap();

    // Progress follows the clock.
    clock.advance_ms(500);
    assert_eq!(dn.action(create_id).await["progress"], 50);
    clock.advance_ms(500);
    let c = dn.action(create_id).await;
    assert_eq!(
        (c["status"].as_str(), c["progress"].as_i64()),
        (Some("success"), Some(100))
    );
    assert!(c["finished"].is_string());
    assert_eq!(dn.server(id).await["status"], "starting");
    assert_eq!(dn.action(start_id).await["status"], "running");
    // While an action runs, changes answer 423 locked.
    let busy = dn
        .post(&format!("/servers/{id}/actions/poweroff"), json!({}))
        .await;
    assert_eq!((busy.status.as_u16(), busy.code()), (423, "locked"));
    clock.advance_ms(1000);
    assert_eq!(dn.action(start_id).await["status"], "success");
    assert_eq!(dn.server(id).await["status"], "running");

    // poweroff: stopping → off.
    let p = dn
        .post(&format!("/servers/{id}/actions/poweroff"), json!({}))
        .await;
    assert_eq!(p.status, 201, "{}", p.body);
    assert_eq!(p.body["action"]["command"], "stop_server");
    assert_eq!(dn.server(id).await["status"], "stopping");
    clock.advance_ms(1000);
    assert_eq!(dn.server(id).await["status"], "off");

    // change_type with a disk upgrade: migrating → off with the new type and disk.
    let ct = dn
        .post(
            &format!("/servers/{id}/actions/change_type"),
            json!({"server_type": "cx32", "upgrade_disk": true}),
        )
        .await;
    assert_eq!(ct.status, 201, "{}", ct.body);
    assert_eq!(ct.body["action"]["command"], "change_server_type");
    assert_eq!(dn.server(id).await["status"], "migrating");
    clock.advance_ms(1000);
    let s = dn.server(id).await;
    assert_eq!(
        (s["status"].as_str(), s["server_type"]["name"].as_str()),
        (Some("off"), Some("cx32"))
    );
    assert_eq!(s["primary_disk_size"], 80);

    // poweron, then shutdown: the action succeeds first, the server is off a bit later.
    dn.post(&format!("/servers/{id}/actions/poweron"), json!({}))
        .await;
    clock.advance_ms(1000);
    assert_eq!(dn.server(id).await["status"], "running");
    let sd = dn
        .post(&format!("/servers/{id}/actions/shutdown"), json!({}))
        .await;
    assert_eq!(sd.body["action"]["command"], "shutdown_server");
    clock.advance_ms(1000);
    let sd_id = sd.body["action"]["id"].as_i64().unwrap();
    assert_eq!(dn.action(sd_id).await["status"], "success");
    assert_eq!(
        dn.server(id).await["status"],
        "running",
        "ACPI signal sent, not off yet"
    );
    clock.advance_ms(1000);
    assert_eq!(dn.server(id).await["status"], "off");

    // reboot and reset keep it running once powered on.
    dn.post(&format!("/servers/{id}/actions/poweron"), json!({}))
        .await;
    clock.advance_ms(1000);
    for (action, command) in [("reboot", "reboot_server"), ("reset", "reset_server")] {
        let r = dn
            .post(&format!("/servers/{id}/actions/{action}"), json!({}))
            .await;
        assert_eq!(
            (r.status.as_u16(), r.body["action"]["command"].as_str()),
            (201, Some(command))
        );
        clock.advance_ms(1000);
        assert_eq!(dn.server(id).await["status"], "running");
    }

    // rebuild: rebuilding → running on the new image, with a new root password.
    let rb = dn
        .post(
            &format!("/servers/{id}/actions/rebuild"),
            json!({"image": "debian-12"}),
        )
        .await;
    assert_eq!(rb.status, 201, "{}", rb.body);
    assert_eq!(rb.body["action"]["command"], "rebuild_server");
    assert!(rb.body["root_password"].is_string());
    assert_eq!(dn.server(id).await["status"], "rebuilding");
    clock.advance_ms(1000);
    let s = dn.server(id).await;
    assert_eq!(
        (s["status"].as_str(), s["image"]["name"].as_str()),
        (Some("running"), Some("debian-12"))
    );

    // enable_rescue: flag set when the action ends; a root password comes back.
    let er = dn
        .post(
            &format!("/servers/{id}/actions/enable_rescue"),
            json!({"type": "linux64"}),
        )
        .await;
    assert_eq!(er.status, 201, "{}", er.body);
    assert!(er.body["root_password"].is_string());
    assert_eq!(dn.server(id).await["rescue_enabled"], false);
    clock.advance_ms(1000);
    assert_eq!(dn.server(id).await["rescue_enabled"], true);

    // update: name and labels (the labels map replaces the old one).
    let up = dn
        .put(
            &format!("/servers/{id}"),
            json!({"name": "web-2", "labels": {"tier": "web"}}),
        )
        .await;
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(up.body["server"]["name"], "web-2");
    assert_eq!(up.body["server"]["labels"], json!({"tier": "web"}));

    // The server's action history, all finished, and the per-server action URL.
    let h = dn
        .get(&format!("/servers/{id}/actions?sort=id:asc&per_page=50"))
        .await;
    let cmds: Vec<&str> = h.body["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        cmds,
        [
            "create_server",
            "start_server",
            "stop_server",
            "change_server_type",
            "start_server",
            "shutdown_server",
            "start_server",
            "reboot_server",
            "reset_server",
            "rebuild_server",
            "enable_rescue"
        ]
    );
    assert!(
        h.body["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "success")
    );
    let one = dn.get(&format!("/servers/{id}/actions/{create_id}")).await;
    assert_eq!(one.body["action"]["id"], create_id);
    let many = dn
        .get(&format!("/actions?id={create_id}&id={start_id}"))
        .await;
    assert_eq!(many.body["actions"].as_array().unwrap().len(), 2);
    let only_failed = dn.get(&format!("/servers/{id}/actions?status=error")).await;
    assert_eq!(only_failed.body["actions"], json!([]));

    // delete: 200 with the action; deleting, then gone.
    let del = dn.delete(&format!("/servers/{id}")).await;
    assert_eq!(del.status, 200, "{}", del.body);
    assert_eq!(del.body["action"]["command"], "delete_server");
    assert_eq!(dn.server(id).await["status"], "deleting");
    clock.advance_ms(1000);
    let gone = dn.get(&format!("/servers/{id}")).await;
    assert_eq!((gone.status.as_u16(), gone.code()), (404, "not_found"));
    let del_id = del.body["action"]["id"].as_i64().unwrap();
    assert_eq!(dn.action(del_id).await["status"], "success");
}

#[tokio::test]
async fn ssh_keys_and_create_without_start() {
    let (dn, clock) = start(fixtures()).await;
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ3ZbYp9fG0cNn1x1o7D9Qp0m1hCq2hXk0m5o1s3kQ4 me@laptop";
    let k = dn
        .post(
            "/ssh_keys",
            json!({"name": "laptop", "public_key": key, "labels": {"who": "me"}}),
        )
        .await;
    assert_eq!(k.status, 201, "{}", k.body);
    let kid = k.body["ssh_key"]["id"].as_i64().unwrap();
    assert_eq!(
        k.body["ssh_key"]["fingerprint"]
            .as_str()
            .unwrap()
            .split(':')
            .count(),
        16
    );
    assert_eq!(
        dn.get(&format!("/ssh_keys/{kid}")).await.body["ssh_key"]["name"],
        "laptop"
    );
    let found = dn.get("/ssh_keys?name=laptop").await;
    assert_eq!(found.body["ssh_keys"].as_array().unwrap().len(), 1);
    let by_fp = dn
        .get(&format!(
            "/ssh_keys?fingerprint={}",
            k.body["ssh_key"]["fingerprint"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_fp.body["ssh_keys"][0]["id"], kid);
    let up = dn
        .put(&format!("/ssh_keys/{kid}"), json!({"name": "laptop-2"}))
        .await;
    assert_eq!(up.body["ssh_key"]["name"], "laptop-2");

    // With a key (by name) and start_after_create=false: no password, no next action, ends off.
    let a = dn
        .post(
            "/servers",
            json!({"name": "db", "server_type": "cax11", "image": "ubuntu-24.04", "ssh_keys": ["laptop-2"], "start_after_create": false}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert!(a.body["root_password"].is_null());
    assert_eq!(a.body["next_actions"], json!([]));
    assert_eq!(
        a.body["server"]["image"]["architecture"], "arm",
        "name resolves to the type's architecture"
    );
    assert_eq!(
        a.body["server"]["location"]["name"], "fsn1",
        "first location that sells the type"
    );
    let id = a.body["server"]["id"].as_i64().unwrap();
    clock.advance_ms(1000);
    assert_eq!(dn.server(id).await["status"], "off");

    let d = dn.delete(&format!("/ssh_keys/{kid}")).await;
    assert_eq!(d.status, 204);
    assert_eq!(dn.get(&format!("/ssh_keys/{kid}")).await.status, 404);
}

#[tokio::test]
async fn state_persists_and_actions_continue_after_restart() {
    let (dn, clock) = start(fixtures()).await;
    let id = dn.create("keeper", json!({"k": "v"})).await;
    clock.advance_ms(500);
    let saved = serde_json::to_string(&dn.state).unwrap();
    assert!(saved.contains("keeper"));

    // A new process on the same saved state and a clock that moved on.
    clock.advance_ms(2000);
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let again = serve(HetznerState::from_json(&saved, dyn_clock).unwrap()).await;
    let s = again.server(id).await;
    assert_eq!(
        (s["name"].as_str(), s["status"].as_str()),
        (Some("keeper"), Some("running"))
    );
    // Ids keep counting from where they were.
    let next = again.create("second", json!({})).await;
    assert_eq!(next, id + 1);
}
