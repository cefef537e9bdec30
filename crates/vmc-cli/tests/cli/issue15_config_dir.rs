//! Issue 15, point 7: the config directory (it says where tokens are sent) is created 0700 even
//! under `umask 000`, and an existing one writable by group or others is warned about.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The built `vmc` run by `sh` after `umask 000`, with `HOME` in `home` and no XDG variables,
/// so the config goes to `~/.config/vmc`.
fn vmc_umask_000(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vmc"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

#[test]
fn config_dir_is_created_0700_under_umask_000() {
    let home = TempDir::new().unwrap();
    let out = vmc_umask_000(
        home.path(),
        &["context", "create", "prod", "--network", "mainnet"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = home.path().join(".config/vmc");
    assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    // The parent vmc created on the way is not left open either.
    assert_eq!(mode(&home.path().join(".config")) & 0o022, 0);
    assert_eq!(mode(&dir.join("config.toml")), 0o600);
    // A second write keeps it so; nothing warns about a directory vmc made.
    let out = vmc_umask_000(home.path(), &["context", "use", "prod"]);
    assert!(out.status.success());
    assert_eq!(mode(&dir), 0o700);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("writable by"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_existing_config_dir_writable_by_others_is_warned_about() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join(".config/vmc");
    std::fs::create_dir_all(&dir).unwrap();
    for loose in [0o777, 0o770, 0o702] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(loose)).unwrap();
        let out = vmc_umask_000(home.path(), &["context", "list"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("warning:") && stderr.contains("writable by"),
            "mode {loose:o}: {stderr}"
        );
        assert!(stderr.contains(&dir.display().to_string()), "{stderr}");
        assert!(stderr.contains("chmod 700"), "{stderr}");
        // A warning, not a change behind the user's back.
        assert_eq!(mode(&dir), loose);
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = vmc_umask_000(home.path(), &["context", "list"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("writable by"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
