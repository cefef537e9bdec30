//! What every CLI test shares: the built `vmc` in a hermetic environment.

use std::path::Path;

use assert_cmd::Command;

/// The built `vmc` with an empty environment but for `PATH`, and `HOME`, the XDG config and
/// data dirs inside `home`. Tests add what they need (`VMC_DATA_DIR`, `VMC_NOW`, …) on top.
pub fn vmc(home: &Path) -> Command {
    let mut c = Command::cargo_bin("vmc").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// A free TCP port on 127.0.0.1 (for a devnet address).
#[allow(dead_code)]
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
