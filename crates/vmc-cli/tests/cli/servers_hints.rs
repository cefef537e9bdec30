//! `vmc servers create` with an image or a location that is not there: refused before anything is
//! sent (exit 2, no server, no receipt), naming the valid ones and the command that lists them,
//! and a location that does not exist is reported as such (not as "cannot be ordered there").

use crate::servers_support;

use servers_support::Env;

const M: [&str; 3] = ["--yes", "--reason", "test"];

fn create(env: &Env, extra: &[&str], code: i32) -> String {
    let mut a = vec!["servers", "create", "--name", "h-1"];
    a.extend(extra);
    a.extend(M);
    env.fails(&a, code)
}

/// Nothing was created and nothing was recorded.
fn nothing_changed(env: &Env) {
    let servers = env.json(&["servers", "list"]);
    assert_eq!(servers.as_array().map(Vec::len), Some(0), "{servers}");
    let receipts = env.json(&["receipts", "list"]);
    assert_eq!(receipts.as_array().map(Vec::len), Some(0), "{receipts}");
}

#[test]
fn unknown_image_lists_the_images() {
    let env = Env::start();
    let err = create(
        &env,
        &[
            "--type",
            "cx22",
            "--image",
            "debian-99",
            "--location",
            "fsn1",
        ],
        2,
    );
    assert!(err.contains("no image `debian-99`"), "{err}");
    // The images a cx22 (x86) can boot, and where to see them all.
    assert!(
        err.contains("debian-12") && err.contains("ubuntu-24.04"),
        "{err}"
    );
    assert!(err.contains("`vmc servers images`"), "{err}");
    nothing_changed(&env);
}

#[test]
fn image_of_the_other_architecture_says_so() {
    let env = Env::start();
    // cax11 is arm; debian-11 exists only for x86.
    let err = create(&env, &["--type", "cax11", "--image", "debian-11"], 2);
    assert!(
        err.contains("debian-11") && err.contains("x86") && err.contains("arm"),
        "{err}"
    );
    assert!(err.contains("`vmc servers images --arch arm`"), "{err}");
    assert!(err.contains("ubuntu-24.04"), "{err}");
    nothing_changed(&env);
}

#[test]
fn unknown_image_id_lists_the_images() {
    let env = Env::start();
    // IDs are checked too (they may be snapshots or backups), before anything is sent.
    let err = create(&env, &["--type", "cx22", "--image", "987654321"], 2);
    assert!(err.contains("987654321"), "{err}");
    assert!(
        err.contains("debian-12") && err.contains("`vmc servers images`"),
        "{err}"
    );
    nothing_changed(&env);
}

#[test]
fn unknown_location_is_reported_as_unknown_with_the_list() {
    let env = Env::start();
    let err = create(
        &env,
        &[
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--location",
            "atlantis",
        ],
        2,
    );
    assert!(err.contains("no location `atlantis`"), "{err}");
    assert!(!err.contains("cannot be ordered"), "{err}");
    for l in ["fsn1", "nbg1", "hel1", "ash"] {
        assert!(err.contains(l), "{l}: {err}");
    }
    assert!(err.contains("`vmc servers locations`"), "{err}");
    nothing_changed(&env);
}

#[test]
fn location_without_the_type_names_where_it_is_sold() {
    let env = Env::start();
    // ash exists, but cx22 is sold only in the EU.
    let err = create(
        &env,
        &[
            "--type",
            "cx22",
            "--image",
            "debian-12",
            "--location",
            "ash",
        ],
        2,
    );
    assert!(
        err.contains("cx22 cannot be ordered in location `ash`"),
        "{err}"
    );
    assert!(err.contains("is available in: fsn1"), "{err}");
    nothing_changed(&env);
}

#[test]
fn location_by_id_is_accepted() {
    let env = Env::start();
    // Location 1 is fsn1, where cx22 is sold.
    let v = env.json(&[
        "servers",
        "create",
        "--name",
        "h-2",
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "1",
        "--yes",
        "--reason",
        "test",
    ]);
    assert_eq!(v["location"]["name"], "fsn1", "{v}");
}

#[test]
fn api_refusals_of_a_location_or_image_say_what_is_wrong() {
    let env = Env::start();
    let args = [
        "--type",
        "cx22",
        "--image",
        "debian-12",
        "--location",
        "fsn1",
    ];
    // The API says the location does not exist (e.g. retired since the check): not "sold out".
    env.faults(&serde_json::json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "status",
         "code": "invalid_input", "message": "invalid input in field 'location': location not found"}},
    ]}));
    let err = create(&env, &args, 2);
    assert!(
        err.contains("that location does not exist") && err.contains("`vmc servers locations`"),
        "{err}"
    );
    assert!(!err.contains("sold out"), "{err}");
    // The image, likewise.
    env.faults(&serde_json::json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "status",
         "code": "invalid_input", "message": "invalid input in field 'image': image not found"}},
    ]}));
    let err = create(&env, &args, 2);
    assert!(
        err.contains("that image does not exist") && err.contains("`vmc servers images`"),
        "{err}"
    );
    // Sold out is still sold out.
    env.faults(&serde_json::json!({"rules": [
        {"method": "POST", "path": "/servers", "times": 1, "fault": {"kind": "status",
         "code": "resource_unavailable", "message": "server type cx22 is sold out in fsn1"}},
    ]}));
    let err = create(&env, &args, 1);
    assert!(err.contains("sold out or unsupported there"), "{err}");
}
