//! `vmc`, the VaultMesh Cloud CLI: deploy and run workloads on Akash and Hetzner Cloud.
//!
//! This crate is the edge: clap arguments, settings resolution, the commands, output and exit
//! codes. Every command lives in its own file under `commands/` and follows the same shape:
//! parse → resolve settings (flag > env > context > default) → act → render.

pub mod clock;
pub mod commands;
pub mod error;
pub mod local;
pub mod mutation;
pub mod output;
pub mod settings;

use std::process::ExitCode;

use clap::{Args, Parser, ValueEnum};

use crate::error::{CliError, CliResult};
use crate::output::{OutputFormat, Printer};
use crate::settings::Settings;

/// The `vmc` command line.
#[derive(Debug, Parser)]
#[command(
    name = "vmc",
    version,
    about = "VaultMesh Cloud: deploy and run workloads on Akash and Hetzner Cloud",
    long_about = "VaultMesh Cloud: deploy and run workloads on the Akash Network and on Hetzner Cloud.\n\n\
        Every change to real infrastructure is deliberate (--yes --reason \"…\"), serialized by a \
        lock, and recorded as a tamper-evident receipt.\n\n\
        Exit codes: 0 ok, 1 failure, 2 invalid input or usage, 3 conflict (lock held, resource \
        busy), 4 not found, 5 remote unavailable.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: commands::Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format: table, json, yaml, jsonl; for tables also columns=a,b and noheader
    /// (repeatable). Env: VMC_OUTPUT.
    #[arg(short = 'o', long = "output", global = true, value_name = "FORMAT")]
    pub output: Vec<String>,
    /// Print only data and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More detail on stderr (repeatable).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to use colour on stderr.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Config file (default: $XDG_CONFIG_HOME/vmc/config.toml). Env: VMC_CONFIG.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Named context from the config file. Env: VMC_CONTEXT.
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,
    /// Akash network: local, mainnet, sandbox, testnet. Env: AKASH_NETWORK.
    #[arg(long, global = true, value_name = "NETWORK")]
    pub network: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What every command gets: the printer and the resolved settings.
pub struct Ctx {
    pub printer: Printer,
    pub settings: Settings,
}

/// Runs `vmc` with the process arguments and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    run(cli)
}

/// Runs a parsed command line.
pub fn run(mut cli: Cli) -> ExitCode {
    let color = resolve_color(cli.global.color);
    let fallback = Printer::new(
        OutputFormat::default(),
        cli.global.quiet,
        cli.global.verbose,
        color,
    );
    let result = (|| -> CliResult {
        let mut outputs = cli.global.output.clone();
        if let commands::Command::Sdl(sdl) = &mut cli.command
            && let commands::sdl::SdlCommand::Init(init) = &mut sdl.command
        {
            commands::sdl::init::take_file_from_output(&mut outputs, init)?;
        }
        if outputs.is_empty()
            && let Ok(v) = std::env::var(vmc_config::env::VMC_OUTPUT)
        {
            outputs.push(v);
        }
        let format = OutputFormat::parse(&outputs)?;
        let printer = Printer::new(format, cli.global.quiet, cli.global.verbose, color);
        let settings = Settings::resolve(&cli.global)?;
        let mut ctx = Ctx { printer, settings };
        let creds = ctx.settings.credentials_on_default_local();
        if !creds.is_empty() {
            ctx.printer.warn(&format!(
                "{} {} set, but the network is `local` (the vmc devnet) because none is configured; \
                 vmc does not send real credentials there. Choose the real network with \
                 --network mainnet (or AKASH_NETWORK, or a context: `vmc context create`)",
                creds.join(" and "),
                if creds.len() == 1 { "is" } else { "are" }
            ));
        }
        commands::run(&mut ctx, cli.command)
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fallback.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn resolve_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os(vmc_config::env::NO_COLOR).is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Builds a tokio runtime for commands that do network I/O.
///
/// One worker thread: a one-shot CLI waits on the network, and each extra worker costs its own
/// allocator heap. Not the current-thread flavour: the embedded devnet (network `local`) runs
/// on this runtime and must keep serving while the command blocks on it.
pub fn runtime() -> CliResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("could not start the async runtime: {e}")))
}
