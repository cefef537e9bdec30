//! Devnet faults: 429 bursts and 503s are retried, a failed action and a locked server give
//! clear errors with the API's code and message.

use crate::servers_support;

use serde_json::json;
use servers_support::Env;

const M: [&str; 3] = ["--yes", "--reason", "fault test"];

fn with_m<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(M);
    v
}

fn create(env: &Env, name: &str, start: bool) -> i64 {
    let start = if start { "true" } else { "false" };
    let s = env.json(&with_m(&[
        "servers",
        "create",
        "--name",
        name,
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--start-after-create",
        start,
        "--poll-interval",
        "100ms",
    ]));
    s["id"].as_i64().unwrap()
}

#[test]
fn rate_limit_bursts_and_503_are_retried() {
    let env = Env::start();
    create(&env, "r-1", true);
    env.faults(&json!({"rules": [
        {"method": "GET", "path": "/servers", "times": 3, "fault": {"kind": "rate_limit"}},
    ]}));
    let out = env
        .vmc()
        .args(["servers", "list", "-o", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("retry").count(), 3, "{stderr}");
    assert!(stderr.contains("rate_limit_exceeded"), "{stderr}");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["name"], "r-1");

    env.faults(&json!({"rules": [
        {"method": "GET", "path": "/server_types", "times": 2, "fault": {"kind": "status", "status": 503}},
        {"method": "POST", "path": "/servers/*/actions/poweroff", "times": 1, "fault": {"kind": "status", "status": 502}},
    ]}));
    let types = env.json(&["servers", "types"]);
    assert!(!types.as_array().unwrap().is_empty());
    let a = env.json(&with_m(&[
        "servers",
        "poweroff",
        "r-1",
        "--poll-interval",
        "100ms",
    ]));
    assert_eq!(a[0]["status"], "success");
}

#[test]
fn persistent_503_gives_up_with_exit_5() {
    let env = Env::start();
    env.faults(&json!({"rules": [
        {"method": "GET", "path": "/servers", "times": 50, "fault": {"kind": "status", "status": 503}},
    ]}));
    let err = env.fails(&["servers", "list"], 5);
    assert!(err.contains("503"), "{err}");
    assert_eq!(err.matches("retry").count(), 5, "{err}");
}

#[test]
fn failed_action_shows_code_and_message() {
    let env = Env::start();
    create(&env, "f-1", false);
    env.faults(&json!({"fail_actions": [
        {"command": "start_server", "code": "action_failed", "message": "the host is on fire"},
    ]}));
    let err = env.fails(
        &with_m(&["servers", "poweron", "f-1", "--poll-interval", "100ms"]),
        1,
    );
    assert!(
        err.contains("action_failed") && err.contains("the host is on fire"),
        "{err}"
    );
    assert!(err.contains("start_server"), "{err}");
    // The outcome receipt records the failure.
    let receipts = env.json(&["receipts", "list"]).to_string();
    assert!(receipts.contains("the host is on fire"), "{receipts}");
}

#[test]
fn locked_server_is_a_conflict() {
    let env = Env::start();
    let id = create(&env, "l-1", true);
    env.faults(&json!({"lock_servers": [{"id": id}]}));
    let err = env.fails(&with_m(&["servers", "reboot", "l-1"]), 3);
    assert!(err.contains("locked"), "{err}");
    assert!(err.contains("retry"), "retries were expected first: {err}");
    // Unlocked, it works.
    env.faults(&json!({"lock_servers": [{"id": id, "locked": false}]}));
    env.json(&with_m(&[
        "servers",
        "reboot",
        "l-1",
        "--poll-interval",
        "100ms",
    ]));
}

#[test]
fn paginates_past_fifty() {
    let env = Env::start();
    for i in 0..120 {
        let (status, body) = env.api(
            "POST",
            "/servers",
            Some(
                &json!({"name": format!("p-{i:03}"), "server_type": "cx22", "image": "debian-12"}),
            ),
        );
        assert_eq!(status, 201, "{body}");
    }
    let list = env.json(&["servers", "list", "--sort", "name"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 120);
    assert_eq!(names[0], "p-000");
    assert_eq!(names[119], "p-119");
    // Pages fetched concurrently are kept in order.
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
}

fn create_args(name: &str) -> Vec<String> {
    [
        "servers",
        "create",
        "--name",
        name,
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "fsn1",
        "--poll-interval",
        "100ms",
        "--yes",
        "--reason",
        "test",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn a_create_whose_answer_is_lost_adopts_the_server_instead_of_making_another() {
    let env = Env::start();
    env.faults(&json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "lose_answer", "status": 503}},
    ]}));
    let out = env.vmc().args(create_args("lost-1")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("adopted"), "{stderr}");
    let (_, list) = env.api("GET", "/servers", None);
    let servers = list["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 1, "{list}");
    assert_eq!(servers[0]["name"], "lost-1");
    assert_eq!(servers[0]["status"], "running");
}

#[test]
fn a_create_refused_with_503_is_not_sent_again() {
    let env = Env::start();
    env.faults(&json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "status", "status": 503}},
    ]}));
    let args = create_args("once-1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(&args, 5);
    assert!(
        !err.contains("retry"),
        "a create must not be repeated blindly: {err}"
    );
    let (_, list) = env.api("GET", "/servers", None);
    assert_eq!(list["servers"].as_array().unwrap().len(), 0, "{list}");
    // The fault is spent: the same command now creates exactly one server.
    env.ok(&args);
    let (_, list) = env.api("GET", "/servers", None);
    assert_eq!(list["servers"].as_array().unwrap().len(), 1, "{list}");
}

#[test]
fn a_create_whose_action_fails_says_the_server_exists_and_how_to_delete_it() {
    let env = Env::start();
    env.faults(&json!({"fail_actions": [
        {"command": "create_server", "code": "action_failed", "message": "no disk today"},
    ]}));
    let args = create_args("broken-1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(&args, 1);
    assert!(err.contains("no disk today"), "{err}");
    assert!(
        err.contains("vmc servers delete broken-1 --yes --reason"),
        "{err}"
    );
}
