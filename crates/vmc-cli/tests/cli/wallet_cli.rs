//! `vmc wallet` from the built binary: import (conformance mnemonics), new, list, show, address,
//! delete, the wallet source order, and bad input (wrong word, checksum, passphrase, truncated
//! keystore) failing cleanly with nothing written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const PASSPHRASE: &str = "test passphrase 7f3a";

/// `vmc` with a hermetic environment rooted in `home`, the fast test KDF and a passphrase.
fn vmc(home: &Path) -> Command {
    let mut c = Command::cargo_bin("vmc").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("VMC_DATA_DIR", home.join("data"))
        .env("VMC_NOW", "2026-01-02T03:04:05Z")
        .env("VMC_KEYSTORE_PASSPHRASE", PASSPHRASE)
        .env("VMC_KEYSTORE_INSECURE_FAST_KDF", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

fn keystore_dir(home: &Path) -> PathBuf {
    home.join("data/keystore")
}

/// (mnemonic, address) of the conformance signers, or None to skip.
fn conformance_signers() -> Option<Vec<(String, String)>> {
    let dir = vmc_config::testing::conformance_dir(env!("CARGO_MANIFEST_DIR"))?;
    let mut out = Vec::new();
    for key in ["abandon", "surround"] {
        let text =
            std::fs::read_to_string(dir.join(format!("tx/tx-{key}-bank-send.json"))).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["signer"]["hd_path"], "m/44'/118'/0'/0/0");
        out.push((
            v["signer"]["mnemonic"].as_str().unwrap().to_string(),
            v["signer"]["address"].as_str().unwrap().to_string(),
        ));
    }
    Some(out)
}

fn import(home: &Path, name: &str, mnemonic: &str) -> assert_cmd::assert::Assert {
    vmc(home)
        .args(["wallet", "import", name, "--stdin", "-o", "json"])
        .write_stdin(format!("{mnemonic}\n"))
        .assert()
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

#[test]
fn import_conformance_mnemonics_gives_their_addresses() {
    let Some(signers) = conformance_signers() else {
        return;
    };
    let home = TempDir::new().unwrap();
    for (i, (mnemonic, address)) in signers.iter().enumerate() {
        let name = format!("w{i}");
        let out = import(home.path(), &name, mnemonic).success();
        let v = json(&out.get_output().stdout);
        assert_eq!(v["address"], address.as_str());
        assert_eq!(v["account_index"], 0);
        assert_eq!(v["created"], "2026-01-02T03:04:05Z");
        vmc(home.path())
            .args(["wallet", "address", &name])
            .assert()
            .success()
            .stdout(format!("{address}\n"));
        let file = std::fs::read_to_string(keystore_dir(home.path()).join(format!("{name}.json")))
            .unwrap();
        assert!(file.contains(address.as_str()), "metadata in the clear");
        for word in mnemonic.split(' ').collect::<Vec<_>>().windows(2) {
            assert!(
                !file.contains(&word.join(" ")),
                "plaintext words in the keystore"
            );
        }
    }
    let out = vmc(home.path())
        .args(["wallet", "list", "-o", "json"])
        .assert()
        .success();
    let rows = json(&out.get_output().stdout);
    let addrs: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "keystore")
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = signers.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(addrs, expected);
}

#[test]
fn show_reports_metadata_permissions_and_unlock() {
    let home = TempDir::new().unwrap();
    import(home.path(), "ops", ABANDON).success();
    let out = vmc(home.path())
        .args(["wallet", "show", "ops", "--unlock", "-o", "json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["name"], "ops");
    assert_eq!(v["hd_path"], "m/44'/118'/0'/0/0");
    assert_eq!(v["encryption"]["kdf"], "argon2id");
    assert_eq!(v["encryption"]["cipher"], "xchacha20poly1305");
    assert_eq!(v["unlocked"], true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(v["file_mode"], "0600");
        let dir_mode = std::fs::metadata(keystore_dir(home.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }
    vmc(home.path())
        .args(["wallet", "show", "nope"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no keystore entry named `nope`"));
}

#[test]
fn account_index_selects_another_key() {
    let home = TempDir::new().unwrap();
    let a0 = json(
        &import(home.path(), "i0", ABANDON)
            .success()
            .get_output()
            .stdout,
    );
    let out = vmc(home.path())
        .args([
            "wallet",
            "import",
            "i1",
            "--stdin",
            "--account-index",
            "1",
            "-o",
            "json",
        ])
        .write_stdin(ABANDON)
        .assert()
        .success();
    let a1 = json(&out.get_output().stdout);
    assert_eq!(a1["account_index"], 1);
    assert_ne!(a0["address"], a1["address"]);
    let out = vmc(home.path())
        .args(["wallet", "show", "i1", "--unlock", "-o", "json"])
        .assert()
        .success();
    assert_eq!(
        json(&out.get_output().stdout)["hd_path"],
        "m/44'/118'/0'/0/1"
    );
}

#[test]
fn new_stores_a_wallet_without_showing_the_phrase_when_asked() {
    let home = TempDir::new().unwrap();
    let out = vmc(home.path())
        .args([
            "wallet",
            "new",
            "fresh",
            "--words",
            "12",
            "--no-show-mnemonic",
            "-o",
            "json",
        ])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let address = v["address"].as_str().unwrap().to_string();
    assert!(address.starts_with("akash1"));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("was not shown"), "{stderr}");
    // The key behind the address can be unlocked and matches it.
    vmc(home.path())
        .args(["wallet", "show", "fresh", "--unlock"])
        .assert()
        .success();
    vmc(home.path())
        .args(["wallet", "address", "fresh"])
        .assert()
        .success()
        .stdout(format!("{address}\n"));
    // Two new wallets never share a phrase.
    let out = vmc(home.path())
        .args([
            "wallet",
            "new",
            "fresh2",
            "--no-show-mnemonic",
            "-o",
            "json",
        ])
        .assert()
        .success();
    assert_ne!(json(&out.get_output().stdout)["address"], address.as_str());
    vmc(home.path())
        .args(["wallet", "new", "x", "--words", "13", "--no-show-mnemonic"])
        .assert()
        .code(2);
}

#[test]
fn new_without_a_terminal_refuses_and_writes_nothing() {
    if std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
    {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipping: this test process has a controlling terminal");
        }
        return;
    }
    let home = TempDir::new().unwrap();
    vmc(home.path())
        .args(["wallet", "new", "w"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no terminal"))
        .stderr(predicate::str::contains("--no-show-mnemonic"));
    assert!(!keystore_dir(home.path()).exists());
}

#[test]
fn bad_mnemonics_are_named_and_nothing_is_written() {
    let home = TempDir::new().unwrap();
    let mut words: Vec<&str> = ABANDON.split(' ').collect();
    words[2] = "abandonn";
    let typo = words.join(" ");
    import(home.path(), "w", &typo)
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("word 3"))
        .stderr(predicate::str::contains("hint:"));
    let swapped = ABANDON.replace("about", "abandon");
    import(home.path(), "w", &swapped)
        .code(2)
        .stderr(predicate::str::contains("checksum"));
    import(home.path(), "w", &format!("{ABANDON} abandon"))
        .code(2)
        .stderr(predicate::str::contains("13 words"));
    import(home.path(), "w", "")
        .code(2)
        .stderr(predicate::str::contains("0 words"));
    assert!(!keystore_dir(home.path()).join("w.json").exists());
    // Never from argv.
    vmc(home.path())
        .args(["wallet", "import", "w", ABANDON])
        .assert()
        .code(2);
    // Names that are not file names.
    import(home.path(), "../evil", ABANDON)
        .code(2)
        .stderr(predicate::str::contains("invalid wallet name"));
    assert!(!home.path().join("data/evil.json").exists());
}

#[test]
fn existing_names_conflict_and_keep_the_old_entry() {
    let home = TempDir::new().unwrap();
    import(home.path(), "w", ABANDON).success();
    let file = keystore_dir(home.path()).join("w.json");
    let before = std::fs::read(&file).unwrap();
    vmc(home.path())
        .args(["wallet", "new", "w", "--no-show-mnemonic"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn wrong_passphrase_fails_and_changes_nothing() {
    let home = TempDir::new().unwrap();
    import(home.path(), "w", ABANDON).success();
    let file = keystore_dir(home.path()).join("w.json");
    let before = std::fs::read(&file).unwrap();
    vmc(home.path())
        .env("VMC_KEYSTORE_PASSPHRASE", "not the passphrase")
        .args(["wallet", "show", "w", "--unlock"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "wrong passphrase for keystore entry `w`",
        ));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // No terminal and no passphrase variable: a clear refusal, not a hang.
    vmc(home.path())
        .env_remove("VMC_KEYSTORE_PASSPHRASE")
        .args(["wallet", "show", "w", "--unlock"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("VMC_KEYSTORE_PASSPHRASE"));
}

#[test]
fn truncated_or_corrupted_keystore_fails_cleanly_and_can_be_replaced() {
    let home = TempDir::new().unwrap();
    import(home.path(), "w", ABANDON).success();
    let file = keystore_dir(home.path()).join("w.json");
    let full = std::fs::read(&file).unwrap();
    std::fs::write(&file, &full[..full.len() / 2]).unwrap();
    for args in [
        &["wallet", "show", "w"][..],
        &["wallet", "address", "w"],
        &["wallet", "show", "w", "--unlock"],
    ] {
        vmc(home.path())
            .args(args)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("is truncated"))
            .stderr(predicate::str::contains("hint:"));
    }
    // `list` still works and flags the broken entry.
    let out = vmc(home.path())
        .args(["wallet", "list", "-o", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("truncated"));
    let rows = json(&out.get_output().stdout);
    assert_eq!(rows[0]["source"], "keystore (unreadable)");
    // A modified (not truncated) file is reported as corrupted.
    let edited = String::from_utf8(full.clone())
        .unwrap()
        .replace("\"account_index\": 0", "\"account_index\": 5");
    std::fs::write(&file, edited).unwrap();
    vmc(home.path())
        .args(["wallet", "show", "w", "--unlock"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("corrupted"));
    // The broken entry can be deleted and the wallet imported again.
    vmc(home.path())
        .args([
            "wallet",
            "delete",
            "w",
            "--yes",
            "--reason",
            "replace broken file",
        ])
        .assert()
        .success();
    import(home.path(), "w", ABANDON).success();
}

#[test]
fn delete_is_a_recorded_mutation() {
    let home = TempDir::new().unwrap();
    import(home.path(), "w", ABANDON).success();
    let file = keystore_dir(home.path()).join("w.json");
    vmc(home.path())
        .args(["wallet", "delete", "w", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason"));
    vmc(home.path())
        .args(["wallet", "delete", "w", "--reason", "rotate"])
        .assert()
        .code(2);
    assert!(file.exists());
    let out = vmc(home.path())
        .args([
            "wallet",
            "delete",
            "w",
            "--yes",
            "--reason",
            "rotate keys",
            "-o",
            "json",
        ])
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout)["deleted"], "w");
    assert!(!file.exists());
    // The receipts log records the deletion with its reason.
    let mut found = false;
    for entry in walk(&home.path().join("data")) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        if text.contains("vmc.wallet.delete") && text.contains("rotate keys") {
            found = true;
        }
    }
    assert!(found, "no receipt mentions vmc.wallet.delete");
    vmc(home.path())
        .args(["wallet", "delete", "w", "--yes", "--reason", "again"])
        .assert()
        .code(4);
}

#[test]
fn address_resolution_order() {
    let home = TempDir::new().unwrap();
    let addr0 = json(
        &import(home.path(), "ops", ABANDON)
            .success()
            .get_output()
            .stdout,
    )["address"]
        .as_str()
        .unwrap()
        .to_string();
    // Nothing configured on mainnet: a usage error with a hint.
    vmc(home.path())
        .args(["--network", "mainnet", "wallet", "address"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no wallet address is configured"))
        .stderr(predicate::str::contains("AKASH_WALLET_ADDRESS"));
    // On `local` with nothing configured: the devnet development wallet (a public key).
    let out = vmc(home.path())
        .args(["wallet", "address"])
        .assert()
        .success()
        .stderr(predicate::str::contains("devnet development wallet"));
    let dev = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(dev.starts_with("akash1") && dev.trim() != addr0, "{dev}");
    vmc(home.path())
        .env("AKASH_MNEMONIC", ABANDON)
        .args(["wallet", "address"])
        .assert()
        .success()
        .stdout(format!("{addr0}\n"));
    // AKASH_WALLET_ADDRESS alone: read-only use.
    let readonly = "akash1lsagfzrm4gz28he4wunt63sts5xzmczw26m70t";
    vmc(home.path())
        .env("AKASH_WALLET_ADDRESS", readonly)
        .args(["--network", "mainnet", "wallet", "address"])
        .assert()
        .success()
        .stdout(format!("{readonly}\n"));
    vmc(home.path())
        .env("AKASH_WALLET_ADDRESS", "akash1notanaddress")
        .args(["--network", "mainnet", "wallet", "address"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("AKASH_WALLET_ADDRESS"));
    // AKASH_MNEMONIC beats AKASH_WALLET_ADDRESS, with the leak warning.
    vmc(home.path())
        .env("AKASH_MNEMONIC", ABANDON)
        .args(["--network", "mainnet", "wallet", "address"])
        .assert()
        .success()
        .stdout(format!("{addr0}\n"))
        .stderr(predicate::str::contains("leak to child processes"));
    // The environment beats the context's keystore wallet (flag > env > context > default).
    let out = vmc(home.path())
        .args([
            "wallet",
            "import",
            "ops1",
            "--stdin",
            "--account-index",
            "1",
            "-o",
            "json",
        ])
        .write_stdin(ABANDON)
        .assert()
        .success();
    let addr1 = json(&out.get_output().stdout)["address"]
        .as_str()
        .unwrap()
        .to_string();
    vmc(home.path())
        .args([
            "context",
            "create",
            "prod",
            "--network",
            "mainnet",
            "--wallet",
            "ops1",
            "--activate",
        ])
        .assert()
        .success();
    vmc(home.path())
        .args(["wallet", "address"])
        .assert()
        .success()
        .stdout(format!("{addr1}\n"));
    vmc(home.path())
        .env("AKASH_MNEMONIC", ABANDON)
        .args(["wallet", "address"])
        .assert()
        .success()
        .stdout(format!("{addr0}\n"));
    // An explicit name beats the environment and the context.
    vmc(home.path())
        .env("AKASH_MNEMONIC", ABANDON)
        .args(["wallet", "address", "ops1"])
        .assert()
        .success()
        .stdout(format!("{addr1}\n"));
    // An explicit name beats the context.
    vmc(home.path())
        .args(["wallet", "address", "ops", "-o", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&addr0));
    // `list` marks the wallet in use.
    let out = vmc(home.path())
        .args(["wallet", "list", "-o", "json"])
        .assert()
        .success();
    let rows = json(&out.get_output().stdout);
    let current: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["current"] == true)
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(current, ["ops1"]);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
