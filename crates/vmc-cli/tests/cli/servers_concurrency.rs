//! Concurrent mutations of one server keep every change: the state a change depends on is read
//! after the mutation lock is taken (issue: eight concurrent `label add` kept four labels).

use crate::servers_support;

use servers_support::Env;

#[test]
fn sixteen_concurrent_label_adds_keep_all_sixteen() {
    let env = Env::start();
    let s = env.json(&[
        "servers",
        "create",
        "--name",
        "web-1",
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
    ]);
    assert_eq!(s["name"], "web-1");
    let outs: Vec<std::process::Output> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let env = &env;
                scope.spawn(move || {
                    env.vmc()
                        .args([
                            "servers",
                            "label",
                            "add",
                            "web-1",
                            &format!("k{i}=v{i}"),
                            "--yes",
                            "--reason",
                            "concurrency test",
                            "--lock-timeout",
                            "60s",
                        ])
                        .output()
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, o) in outs.iter().enumerate() {
        assert!(
            o.status.success(),
            "label add {i} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let shown = env.json(&["servers", "show", "web-1"]);
    let labels = shown["labels"].as_object().unwrap();
    for i in 0..16 {
        assert_eq!(
            labels.get(&format!("k{i}")).and_then(|v| v.as_str()),
            Some(format!("v{i}").as_str()),
            "label k{i} lost: {labels:?}"
        );
    }
    // Each receipt's `before` is what the change built on: the labels grow one at a time.
    let ops = env.json(&["receipts", "list", "--action", "hetzner.server.label_add"]);
    let mut befores: Vec<usize> = ops
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["intent"]["request"]["before"].as_object().unwrap().len())
        .collect();
    befores.sort();
    assert_eq!(befores, (0..16).collect::<Vec<_>>());
    env.ok(&["receipts", "verify"]);
}
