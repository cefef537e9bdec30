//! `vmc servers ssh NAME [-u USER] [-p PORT] [-- CMD…]`: runs the system `ssh`.

use clap::Args;

use super::api::Api;
use crate::Ctx;
use crate::error::{CliError, CliResult};

#[derive(Debug, Args)]
pub struct SshArgs {
    /// Server name or ID.
    pub server: String,
    /// Remote user.
    #[arg(short = 'u', long, default_value = "root")]
    pub user: String,
    /// Remote port.
    #[arg(short = 'p', long, default_value_t = 22)]
    pub port: u16,
    /// Command to run instead of a shell (after `--`).
    #[arg(last = true, value_name = "CMD")]
    pub command: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: SshArgs) -> CliResult {
    let api = Api::new(ctx)?;
    let s = api.server(&args.server)?;
    let ip = s
        .ipv4()
        .ok_or_else(|| CliError::not_found(format!("server `{}` has no public IPv4", s.name)))?;
    let mut cmd = std::process::Command::new("ssh");
    cmd.arg("-p")
        .arg(args.port.to_string())
        .arg(format!("{}@{ip}", args.user))
        .args(&args.command);
    ctx.printer
        .debug(&format!("running ssh to {}@{ip}:{}", args.user, args.port));
    exec(cmd)
}

#[cfg(unix)]
fn exec(mut cmd: std::process::Command) -> CliResult {
    use std::os::unix::process::CommandExt;
    let e = cmd.exec();
    Err(CliError::failure(format!("cannot run ssh: {e}"))
        .with_hint("install an OpenSSH client (`apt-get install openssh-client`)"))
}

#[cfg(not(unix))]
fn exec(mut cmd: std::process::Command) -> CliResult {
    let status = cmd
        .status()
        .map_err(|e| CliError::failure(format!("cannot run ssh: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::failure(format!("ssh exited with {status}")))
    }
}
