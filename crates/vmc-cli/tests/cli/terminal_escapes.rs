//! Control characters from input never reach the terminal raw: a crafted SDL with ESC/BEL is
//! refused (image) or warned about (env values, commands), and every message that echoes it
//! shows `\u{1b}` instead of the byte.

use assert_cmd::Command;

const SDL: &str = "version: \"2.1\"
services:
  web:
    image: \"nginx\u{1b}]0;pwned\u{7}:1.27.0\"
    env:
      - \"GREETING=hi\u{1b}[2J\"
    expose:
      - port: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu: {units: 0.5}
        memory: {size: 512Mi}
        storage: {size: 1Gi}
  placement:
    dc:
      pricing:
        web: {denom: uact, amount: 1000}
deployment:
  web:
    dc: {profile: web, count: 1}
";

fn vmc(home: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("vmc").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

#[test]
fn an_sdl_with_escape_sequences_is_refused_and_echoed_escaped() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("evil.yaml");
    std::fs::write(&path, SDL).unwrap();
    let out = vmc(home.path())
        .args(["sdl", "validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = out.stderr;
    assert!(
        !stderr.contains(&0x1b) && !stderr.contains(&0x07),
        "raw control bytes on stderr: {}",
        String::from_utf8_lossy(&stderr)
    );
    let text = String::from_utf8_lossy(&stderr);
    assert!(text.contains("image-characters"), "{text}");
    assert!(text.contains("\\u{1b}"), "{text}");

    // Without the image problem, lint warns about the env value.
    let path2 = home.path().join("env.yaml");
    std::fs::write(
        &path2,
        SDL.replace("nginx\u{1b}]0;pwned\u{7}:1.27.0", "nginx:1.27.0"),
    )
    .unwrap();
    let out = vmc(home.path())
        .args(["sdl", "lint", path2.to_str().unwrap()])
        .output()
        .unwrap();
    let all = [out.stdout.clone(), out.stderr.clone()].concat();
    assert!(!all.contains(&0x1b), "{}", String::from_utf8_lossy(&all));
    assert!(
        String::from_utf8_lossy(&all).contains("control-characters"),
        "{}",
        String::from_utf8_lossy(&all)
    );
}
