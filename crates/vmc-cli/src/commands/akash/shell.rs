//! `vmc akash shell DSEQ SERVICE [--tty] [--stdin] [--replica N] -- CMD...`: runs a command in
//! a replica of a service on its provider; vmc exits with the command's exit code.

use clap::Args;
use vmc_akash_client::gateway::{ShellIo, ShellRequest};

use super::bids::parse_dseq;
use super::chain::{Session, owner};
use super::gateway::{client_for, owner_auth};
use super::logs::active_leases;
use crate::Ctx;
use crate::error::{CliError, CliResult, ErrorKind};

#[derive(Debug, Args)]
pub struct ShellArgs {
    #[arg(value_name = "DSEQ")]
    pub dseq: String,
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// The command and its arguments (after `--`).
    #[arg(value_name = "CMD", last = true, required = true)]
    pub argv: Vec<String>,
    /// Allocate a terminal.
    #[arg(long)]
    pub tty: bool,
    /// Send this process's stdin to the command.
    #[arg(long)]
    pub stdin: bool,
    /// Which replica (0-based).
    #[arg(long, default_value_t = 0)]
    pub replica: u32,
    /// Whose deployment (default: the configured wallet).
    #[arg(long, value_name = "ADDR")]
    pub owner: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: ShellArgs, chain: &super::chain::ChainArgs) -> CliResult {
    let dseq = parse_dseq(&args.dseq)?;
    let owner = owner(ctx, args.owner.as_deref())?;
    let s = Session::open(ctx, chain)?;
    let (leases, auth) = active_leases(ctx, &s, &owner, dseq)?;
    let req = ShellRequest {
        service: args.service.clone(),
        replica: args.replica,
        tty: args.tty,
        stdin: args.stdin,
        argv: args.argv.clone(),
    };
    let mut last = None;
    for l in &leases {
        let auth = owner_auth(&auth).map_err(|e| CliError::failure(e.message))?;
        let gw = client_for(&s, &l.provider, auth).map_err(|e| CliError::failure(e.message))?;
        let mut io = ShellIo::new(tokio::io::stdout(), tokio::io::stderr());
        if args.stdin {
            io = io.with_stdin(tokio::io::stdin());
        }
        match s.block(gw.shell(dseq, l.gseq, l.oseq, &req, io)) {
            Ok(out) => {
                if out.exit_code == 0 {
                    return Ok(());
                }
                let msg = out
                    .message
                    .unwrap_or_else(|| format!("the command exited with {}", out.exit_code));
                let mut e = CliError::new(ErrorKind::Failure, msg);
                // The command's own code, when it fits an exit status.
                e.exit_override = u8::try_from(out.exit_code).ok();
                return Err(e);
            }
            Err(e) if e.is_not_found() && leases.len() > 1 => last = Some(e),
            Err(e) => return Err(CliError::failure(e.to_string())),
        }
    }
    Err(CliError::not_found(format!(
        "no lease of deployment {dseq} runs service `{}`{}",
        args.service,
        last.map(|e| format!(" ({e})")).unwrap_or_default()
    )))
}
