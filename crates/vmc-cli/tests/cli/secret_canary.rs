//! The secret canary: drive every wallet command (and offline signing, when present) with a fresh
//! random recovery phrase and passphrase, capture stdout and stderr of every run (with `-v` and
//! `VMC_LOG=trace`), and scan every file under the temporary home. The phrase (or any three
//! consecutive words of it), the BIP39 seed, the derived private key (hex, either case, or
//! base64) and the passphrase must appear nowhere: the keystore holds them only encrypted.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

struct Canary {
    phrase: String,
    passphrase: String,
    address: String,
    needles: Vec<(String, String)>,
}

fn canary() -> Canary {
    use base64::Engine;
    use rand::RngCore;
    let m = vmc_akash::keys::Mnemonic::generate(24, &mut rand::rngs::OsRng).unwrap();
    let phrase = m.expose_phrase().to_string();
    // Independent derivation with the upstream crates, checked against vmc's.
    let seed = bip39::Mnemonic::parse(&phrase).unwrap().to_seed("");
    let path: bip32::DerivationPath = "m/44'/118'/0'/0/0".parse().unwrap();
    let xprv = bip32::XPrv::derive_from_path(seed, &path).unwrap();
    let privkey = xprv.private_key().to_bytes().to_vec();
    let key = vmc_akash::keys::SigningKey::from_mnemonic(&m, 0).unwrap();
    assert_eq!(
        xprv.public_key().to_bytes(),
        key.public_key_compressed(),
        "test derivation disagrees with vmc's"
    );
    let mut tag = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut tag);
    let passphrase = format!("canary-pass-{}", hex::encode(tag));
    let mut needles = vec![
        ("mnemonic".to_string(), phrase.clone()),
        ("private key hex".into(), hex::encode(&privkey)),
        ("private key HEX".into(), hex::encode_upper(&privkey)),
        (
            "private key base64".into(),
            base64::engine::general_purpose::STANDARD.encode(&privkey),
        ),
        ("bip39 seed hex".into(), hex::encode(seed)),
        ("passphrase".into(), passphrase.clone()),
    ];
    let words: Vec<&str> = phrase.split(' ').collect();
    for (i, w) in words.windows(3).enumerate() {
        needles.push((format!("mnemonic words {}-{}", i + 1, i + 3), w.join(" ")));
    }
    // Debug and Display of the secret types redact.
    for shown in [
        format!("{m:?}"),
        format!("{m}"),
        format!("{key:?}"),
        format!("{key}"),
    ] {
        for (what, needle) in &needles {
            assert!(
                !shown.contains(needle.as_str()),
                "{what} in Debug/Display: {shown}"
            );
        }
    }
    Canary {
        phrase,
        passphrase,
        address: key.address(),
        needles,
    }
}

fn vmc(home: &Path, c: &Canary) -> Command {
    let mut cmd = Command::cargo_bin("vmc").unwrap();
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("TMPDIR", home.join("tmp"))
        .env("VMC_DATA_DIR", home.join("data"))
        .env("VMC_KEYSTORE_PASSPHRASE", &c.passphrase)
        .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
        .env("VMC_LOG", "trace")
        .env("RUST_BACKTRACE", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

/// Collects stdout+stderr of every run.
#[derive(Default)]
struct Transcript(Vec<(String, Vec<u8>)>);

impl Transcript {
    fn run(&mut self, label: &str, cmd: &mut Command, stdin: Option<&str>) -> std::process::Output {
        if let Some(s) = stdin {
            cmd.write_stdin(s.to_string());
        }
        let out = cmd.output().unwrap();
        self.0.push((format!("{label} stdout"), out.stdout.clone()));
        self.0.push((format!("{label} stderr"), out.stderr.clone()));
        out
    }

    fn ok(&mut self, label: &str, cmd: &mut Command, stdin: Option<&str>) -> std::process::Output {
        let out = self.run(label, cmd, stdin);
        assert!(
            out.status.success(),
            "{label} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn failed(&mut self, label: &str, cmd: &mut Command, stdin: Option<&str>) {
        let out = self.run(label, cmd, stdin);
        assert!(!out.status.success(), "{label} should fail");
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn assert_clean(c: &Canary, home: &Path, transcript: &Transcript, stage: &str) {
    let mut scanned = 0;
    for (label, bytes) in &transcript.0 {
        let text = String::from_utf8_lossy(bytes);
        for (what, needle) in &c.needles {
            assert!(
                !text.contains(needle.as_str()),
                "{stage}: {what} leaked in {label}:\n{text}"
            );
        }
    }
    for file in files_under(home) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).to_string();
        for (what, needle) in &c.needles {
            assert!(
                !text.contains(needle.as_str()),
                "{stage}: {what} leaked in file {}",
                file.display()
            );
        }
        scanned += 1;
    }
    assert!(
        scanned > 0 || stage == "start",
        "{stage}: no files were scanned"
    );
}

#[test]
fn canary_secrets_never_leak() {
    let c = canary();
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("tmp")).unwrap();
    let h = home.path();
    let mut t = Transcript::default();
    let stdin = format!("{}\n", c.phrase);

    // Bad input first: a misspelled word and a wrong checksum, built from the canary itself.
    let mut words: Vec<String> = c.phrase.split(' ').map(String::from).collect();
    words[4] = format!("{}x", words[4]);
    let typo = words.join(" ");
    t.failed(
        "import typo",
        vmc(h, &c).args(["-v", "wallet", "import", "bad", "--stdin"]),
        Some(&typo),
    );
    // Two words swapped: the first swap whose checksum the upstream bip39 crate refuses (a
    // random swap keeps a valid 8-bit checksum once in 256 phrases).
    let words: Vec<&str> = c.phrase.split(' ').collect();
    let swapped = (1..words.len())
        .map(|i| {
            let mut w = words.clone();
            w.swap(0, i);
            w.join(" ")
        })
        .find(|p| bip39::Mnemonic::parse(p).is_err())
        .expect("some swap breaks the checksum");
    t.failed(
        "import swapped",
        vmc(h, &c).args(["-v", "wallet", "import", "bad", "--stdin"]),
        Some(&swapped),
    );

    let out = t.ok(
        "import",
        vmc(h, &c).args(["-v", "wallet", "import", "canary", "--stdin", "-o", "json"]),
        Some(&stdin),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&c.address));
    let ks_file = h.join("data/keystore/canary.json");
    assert!(ks_file.is_file(), "the keystore file exists and is scanned");

    for (label, args) in [
        ("list", &["-v", "wallet", "list"][..]),
        ("list json", &["wallet", "list", "-o", "json"]),
        ("show", &["-v", "wallet", "show", "canary"]),
        (
            "show unlock",
            &["-v", "wallet", "show", "canary", "--unlock"],
        ),
        (
            "show unlock yaml",
            &["wallet", "show", "canary", "--unlock", "-o", "yaml"],
        ),
        ("address", &["-v", "wallet", "address", "canary"]),
        (
            "address json",
            &["wallet", "address", "canary", "-o", "jsonl"],
        ),
    ] {
        let out = t.ok(label, vmc(h, &c).args(args), None);
        if label.starts_with("address") {
            assert!(String::from_utf8_lossy(&out.stdout).contains(&c.address));
        }
    }
    t.failed(
        "wrong passphrase",
        vmc(h, &c)
            .env("VMC_KEYSTORE_PASSPHRASE", "wrong")
            .args(["-v", "wallet", "show", "canary", "--unlock"]),
        None,
    );
    // The same phrase from AKASH_MNEMONIC (leaks to children, but must not be echoed).
    for (label, args) in [
        (
            "env list",
            &["-v", "--network", "mainnet", "wallet", "list", "-o", "json"][..],
        ),
        (
            "env address",
            &["-v", "--network", "mainnet", "wallet", "address"],
        ),
    ] {
        let out = t.ok(
            label,
            vmc(h, &c).env("AKASH_MNEMONIC", &c.phrase).args(args),
            None,
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(&c.address));
    }

    {
        // Offline signing with the keystore wallet, with AKASH_MNEMONIC, and as base64.
        let unsigned = serde_json::json!({
            "body": {
                "messages": [{
                    "@type": "/cosmos.bank.v1beta1.MsgSend",
                    "from_address": c.address,
                    "to_address": c.address,
                    "amount": [{"denom": "uakt", "amount": "1"}]
                }],
                "memo": "canary"
            },
            "auth_info": {
                "fee": {"amount": [{"denom": "uakt", "amount": "5000"}], "gas_limit": "200000"}
            }
        });
        let file = h.join("unsigned.json");
        std::fs::write(&file, serde_json::to_string_pretty(&unsigned).unwrap()).unwrap();
        let file = file.to_str().unwrap().to_string();
        let sign = [
            "akash",
            "tx",
            "sign",
            file.as_str(),
            "--offline",
            "--account-number",
            "7",
            "--sequence",
            "3",
            "--chain-id",
            "akashnet-2",
        ];
        let mut with_wallet = vec!["-v"];
        with_wallet.extend(sign);
        with_wallet.extend(["--wallet", "canary"]);
        t.ok("tx sign keystore", vmc(h, &c).args(&with_wallet), None);
        let mut env_args = vec!["-v", "--network", "mainnet"];
        env_args.extend(sign);
        t.ok(
            "tx sign env",
            vmc(h, &c).env("AKASH_MNEMONIC", &c.phrase).args(&env_args),
            None,
        );
        let mut b64 = sign.to_vec();
        b64.extend(["--wallet", "canary", "--encoding", "base64"]);
        t.ok("tx sign base64", vmc(h, &c).args(&b64), None);
    }

    assert_clean(&c, h, &t, "with keystore");

    t.ok(
        "delete",
        vmc(h, &c).args([
            "-v",
            "wallet",
            "delete",
            "canary",
            "--yes",
            "--reason",
            "canary test",
        ]),
        None,
    );
    assert!(!ks_file.exists());
    assert_clean(&c, h, &t, "after delete");
}

#[test]
fn the_scanner_catches_a_leak() {
    let c = canary();
    let home = TempDir::new().unwrap();
    std::fs::write(home.path().join("clean.txt"), "nothing here").unwrap();
    let clean = Transcript(vec![("x".into(), b"akash1...".to_vec())]);
    assert_clean(&c, home.path(), &clean, "clean");
    // Three words of the phrase in an output.
    let words: Vec<&str> = c.phrase.split(' ').collect();
    let leak = Transcript(vec![(
        "x".into(),
        format!("oops {}", words[7..10].join(" ")).into_bytes(),
    )]);
    let caught = std::panic::catch_unwind(|| assert_clean(&c, home.path(), &leak, "leak"));
    assert!(caught.is_err(), "a leaked output went unnoticed");
    // The private key in a file.
    let needle = c
        .needles
        .iter()
        .find(|(w, _)| w == "private key hex")
        .unwrap()
        .1
        .clone();
    std::fs::write(home.path().join("dump.log"), needle).unwrap();
    let caught = std::panic::catch_unwind(|| assert_clean(&c, home.path(), &clean, "file"));
    assert!(caught.is_err(), "a leaked file went unnoticed");
}
