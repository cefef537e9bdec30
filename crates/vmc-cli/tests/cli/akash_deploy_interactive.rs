//! `vmc akash deploy --select interactive` at a real terminal: `script` (util-linux) gives the
//! built `vmc` a pseudo-terminal, and the test answers its prompt as a person would. A wrong
//! answer asks again, a number takes that bid (the lease on chain is with the provider listed
//! under it), and an empty answer takes none: the deployment stays open with its deposit, the
//! exit code is 7, and `--abandon` closes it with the refund. Expected providers come from the
//! devnet's REST, not from vmc.

use crate::akash_support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use akash_support::{Env, dev_owner};

const BLOCK: Duration = Duration::from_millis(200);

/// `vmc ARGS` under `script`, its terminal's output collected as it comes.
struct Terminal {
    child: Child,
    stdin: ChildStdin,
    chunks: Receiver<Vec<u8>>,
    seen: String,
}

impl Terminal {
    fn spawn(env: &Env, args: &[&str]) -> Terminal {
        let vmc = env.live_vmc_std();
        let mut line = shell_quote(Path::new(vmc.get_program()).to_str().unwrap());
        for a in args {
            line.push(' ');
            line.push_str(&shell_quote(a));
        }
        let mut cmd = Command::new("script");
        cmd.env_clear();
        for (k, v) in vmc.get_envs() {
            if let Some(v) = v {
                cmd.env(k, v);
            }
        }
        // A terminal as a person's: the spinner runs, and must make way for the prompt.
        cmd.env("TERM", "xterm").env("NO_COLOR", "1");
        let mut child = cmd
            .args(["-qfec", &line, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("util-linux `script` runs vmc in a pseudo-terminal");
        let stdin = child.stdin.take().unwrap();
        let mut out = child.stdout.take().unwrap();
        let (tx, chunks) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Terminal {
            child,
            stdin,
            chunks,
            seen: String::new(),
        }
    }

    /// Waits until the terminal has shown `text` `count` times in all.
    fn wait_for(&mut self, text: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.seen.matches(text).count() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(c) => self.seen.push_str(&String::from_utf8_lossy(&c)),
                Err(_) => panic!("`{text}` (x{count}) never shown:\n{}", self.seen),
            }
        }
    }

    fn answer(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The exit code, and everything the terminal showed.
    fn finish(mut self) -> (Option<i32>, String) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let code = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s.code();
            }
            assert!(
                Instant::now() < deadline,
                "vmc never exited:\n{}",
                self.seen
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        while let Ok(c) = self.chunks.recv_timeout(Duration::from_secs(2)) {
            self.seen.push_str(&String::from_utf8_lossy(&c));
        }
        (code, self.seen.replace("\r\n", "\n"))
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The providers listed in the chooser, in order (`  [n] akash1… at …`).
fn listed(seen: &str) -> Vec<String> {
    seen.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix('[')?;
            let (_, after) = rest.split_once("] ")?;
            Some(after.split(' ').next()?.to_string())
        })
        .collect()
}

fn web(env: &Env) -> String {
    let p = env.home.path().join("web.yaml");
    std::fs::write(&p, akash_support::WEB_SDL).unwrap();
    p.to_str().unwrap().to_string()
}

fn only_dseq(env: &Env) -> u64 {
    let all = env.deployments_of(&dev_owner());
    assert_eq!(all.len(), 1, "{all:?}");
    all[0]["deployment"]["id"]["dseq"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_wrong_answer_asks_again_and_a_number_takes_that_bid() {
    let env = Env::start_live(BLOCK);
    let sdl = web(&env);
    let mut t = Terminal::spawn(
        &env,
        &[
            "akash",
            "deploy",
            &sdl,
            "--select",
            "interactive",
            "--wait-for-bids",
            "3s",
            "--yes",
            "--reason",
            "interactive deploy",
        ],
    );
    t.wait_for("take which?", 1);
    let choices = listed(&t.seen);
    assert!(
        choices.len() >= 2,
        "more than one bid to choose from:\n{}",
        t.seen
    );
    t.answer("nine\n");
    t.wait_for("take which?", 2);
    assert!(t.seen.contains("`nine` is not one of 1-"), "{}", t.seen);
    // A person takes a while: the spinner must not draw over the question meanwhile.
    std::thread::sleep(Duration::from_millis(800));
    t.answer("2\n");
    let (code, seen) = t.finish();
    assert_eq!(code, Some(0), "{seen}");
    let before_list = &seen[..seen.find("bids for group 1").unwrap()];
    assert!(
        before_list.ends_with('\n') || before_list.ends_with("\x1b[2K"),
        "the spinner's line is cleared before the list:\n{seen:?}"
    );
    assert!(
        seen.contains("empty to take none] 2\n"),
        "the answer follows the question (echoed by the terminal), nothing drawn between:\n{seen:?}"
    );

    let dseq = only_dseq(&env);
    let bidders: Vec<String> = env.get_json(&format!(
        "/akash/market/v1beta5/bids/list?filters.owner={}&filters.dseq={dseq}",
        dev_owner()
    ))["bids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["bid"]["id"]["provider"].as_str().unwrap().to_string())
        .collect();
    for c in &choices {
        assert!(
            bidders.contains(c),
            "{c} listed but did not bid: {bidders:?}"
        );
    }
    let leases = env.leases_of(&dev_owner(), dseq);
    assert_eq!(leases.len(), 1, "{leases:?}");
    assert_eq!(leases[0]["id"]["provider"], choices[1].as_str(), "{seen}");
    assert_eq!(leases[0]["state"], "active", "{leases:?}");
}

#[test]
fn an_empty_answer_keeps_the_deployment_for_resume_or_abandon() {
    let env = Env::start_live(BLOCK);
    let sdl = web(&env);
    let mut t = Terminal::spawn(
        &env,
        &[
            "akash",
            "deploy",
            &sdl,
            "--select",
            "interactive",
            "--yes",
            "--reason",
            "interactive deploy",
        ],
    );
    t.wait_for("take which?", 1);
    t.answer("\n");
    let (code, seen) = t.finish();
    assert_eq!(code, Some(7), "declined: incomplete, resumable\n{seen}");
    assert!(seen.contains("the choice was declined"), "{seen}");
    let dseq = only_dseq(&env);
    assert!(
        seen.contains(&format!("--resume {dseq} --select interactive")),
        "{seen}"
    );
    let owner = dev_owner();
    assert_eq!(
        env.deployment_info(&owner, dseq)["deployment"]["state"],
        "active"
    );
    assert!(env.leases_of(&owner, dseq).is_empty());

    let before = env.balance_of(&owner, "uact");
    let out = env
        .live_vmc_std()
        .args(["akash", "deploy", "--abandon", &dseq.to_string()])
        .args(["--yes", "--reason", "declined every bid"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        env.deployment_info(&owner, dseq)["deployment"]["state"],
        "closed"
    );
    assert!(
        env.balance_of(&owner, "uact") > before,
        "the deposit came back"
    );
}

#[test]
fn without_a_terminal_interactive_is_refused_before_anything_is_sent() {
    let env = Env::start_live(BLOCK);
    let sdl = web(&env);
    let out = env
        .live_vmc_std()
        .args(["akash", "deploy", &sdl, "--select", "interactive"])
        .args(["--yes", "--reason", "scripted"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("needs a terminal"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.deployments_of(&dev_owner()).is_empty());
}
