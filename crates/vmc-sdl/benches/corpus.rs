//! Throughput of SDL → manifest → hash over the whole conformance corpus (issue 2, "Measure").
//!
//! `cargo bench -p vmc-sdl --bench corpus` reads every `sdl/*.json` vector's `sdl_yaml`, then
//! repeats parse → validate → groups + manifest → canonical JSON → SHA-256 over all of them
//! (rejected SDLs included: they stop at their first failing step, as in real use) for at least
//! `VMC_BENCH_SECONDS` (default 3) seconds, and prints files/s and MB/s. It also checks every
//! accepted vector's hash once, so a fast but wrong build cannot report a number. It then prints
//! the time of each step (YAML events, YAML tree, parse + validate, manifest, hash) per file.
//! `VMC_BENCH_ROUNDS=N` runs exactly N rounds instead (no breakdown), for instruction counts.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The allocator the `vmc` binary uses, so the figures are those of what ships.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(dir) = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR")) else {
        return;
    };
    let mut inputs: Vec<(String, Option<String>)> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("sdl"))
        .expect("read the conformance sdl folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for p in &paths {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).expect("read vector")).expect("json");
        let yaml = v["sdl_yaml"].as_str().expect("sdl_yaml").to_string();
        let hash = v["ok"]
            .as_bool()
            .unwrap_or(false)
            .then(|| v["hash_hex"].as_str().map(str::to_string))
            .flatten();
        inputs.push((yaml, hash));
    }
    let bytes: usize = inputs.iter().map(|(y, _)| y.len()).sum();

    // Correctness first: every accepted vector must hash as the SDK did (allowlisted
    // deviations aside, which the conformance test accounts for).
    let (mut accepted, mut same) = (0usize, 0usize);
    for (yaml, want) in &inputs {
        if let (Ok(sdl), Some(want)) = (vmc_sdl::parse(yaml), want) {
            accepted += 1;
            if sdl.manifest(vmc_sdl::Convention::Ts).hash_hex() == *want {
                same += 1;
            }
        }
    }

    let budget = Duration::from_secs_f64(
        std::env::var("VMC_BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0),
    );
    // A fixed number of rounds (and no phase breakdown) makes the work exact, for
    // `perf stat -e instructions:u`, which a busy machine does not skew.
    let fixed: Option<u64> = std::env::var("VMC_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let start = Instant::now();
    let mut rounds = 0u64;
    while fixed.map_or(start.elapsed() < budget || rounds == 0, |n| rounds < n) {
        for (yaml, _) in &inputs {
            if let Ok(sdl) = vmc_sdl::parse(black_box(yaml)) {
                let (groups, manifest) = sdl.groups_and_manifest(vmc_sdl::Convention::Ts);
                black_box(groups);
                black_box(manifest.hash());
            }
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let files = inputs.len() as f64 * rounds as f64;
    println!(
        "corpus: {} files ({:.2} MB of YAML), {accepted} accepted by both vmc and the SDK, {same} of them with the SDK's hash",
        inputs.len(),
        bytes as f64 / 1e6
    );
    if fixed.is_none() {
        phases(&inputs, budget / 3);
    }
    println!(
        "sdl->manifest->hash: {rounds} rounds in {secs:.2} s: {:.0} files/s, {:.1} MB/s, {:.1} µs/file",
        files / secs,
        bytes as f64 * rounds as f64 / secs / 1e6,
        secs / files * 1e6
    );
}

/// Where the time goes: each step on its own, over the same inputs, in µs per file.
fn phases(inputs: &[(String, Option<String>)], budget: Duration) {
    fn time(inputs: &[(String, Option<String>)], budget: Duration, f: impl Fn(&str)) -> f64 {
        let start = Instant::now();
        let mut files = 0usize;
        while start.elapsed() < budget || files == 0 {
            for (yaml, _) in inputs {
                f(black_box(yaml));
            }
            files += inputs.len();
        }
        start.elapsed().as_secs_f64() / files as f64 * 1e6
    }
    let events = time(inputs, budget, |y| {
        for ev in saphyr_parser::Parser::new_from_str(y) {
            black_box(ev.is_ok());
        }
    });
    let load = time(inputs, budget, |y| {
        let _ = black_box(vmc_sdl::yaml::load(y, &vmc_sdl::Limits::default()));
    });
    let parse = time(inputs, budget, |y| {
        let _ = black_box(vmc_sdl::parse(y));
    });
    let manifest = time(inputs, budget, |y| {
        if let Ok(sdl) = vmc_sdl::parse(y) {
            black_box(sdl.manifest(vmc_sdl::Convention::Ts).canonical_json());
        }
    });
    let hash = time(inputs, budget, |y| {
        if let Ok(sdl) = vmc_sdl::parse(y) {
            black_box(sdl.manifest(vmc_sdl::Convention::Ts).hash());
        }
    });
    println!(
        "phases (µs/file, cumulative): yaml events {events:.1}, yaml load {load:.1}, parse+validate {parse:.1}, +manifest json {manifest:.1}, +sha256 {hash:.1}"
    );
}
