//! `vmc akash tx sign FILE --offline --account-number N --sequence S --chain-id ID`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use vmc_akash::tx::{DecodedTx, SignerData, TxDraft, to_base64};

use super::{print_json, read_json, tx_error};
use crate::Ctx;
use crate::commands::akash::key::{KeyArgs, load_signing_key};
use crate::error::{CliError, CliResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// The signed Cosmos tx JSON.
    Json,
    /// Base64 TxRaw bytes (what is broadcast).
    Base64,
}

#[derive(Debug, Args)]
#[command(after_help = after_help())]
pub struct SignArgs {
    /// The unsigned tx JSON (`-` = stdin).
    pub file: PathBuf,
    /// Sign without contacting the network (account number and sequence given here).
    #[arg(long)]
    pub offline: bool,
    /// The signer's account number.
    #[arg(long, value_name = "N")]
    pub account_number: Option<u64>,
    /// The signer's next sequence.
    #[arg(long, value_name = "S")]
    pub sequence: Option<u64>,
    /// Chain id (default: the network's, e.g. akashnet-2). Env: VMC_CHAIN_ID.
    #[arg(long, value_name = "ID")]
    pub chain_id: Option<String>,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = Encoding::Json)]
    pub encoding: Encoding,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// The message types vmc can sign, and an example.
fn after_help() -> String {
    format!(
        "Message types vmc can sign (each message's \"@type\"):\n{}\nExample:\n  vmc akash tx sign tx.json --offline --account-number 42 --sequence 7 \\\n    --chain-id akashnet-2 --mnemonic-stdin < phrase.txt",
        super::known_types_list()
    )
}

pub fn run(ctx: &mut Ctx, args: SignArgs) -> CliResult {
    if !args.offline {
        return Err(CliError::usage(
            "signing online (fetching account number and sequence) needs the network and is not available yet",
        )
        .with_hint("pass --offline --account-number N --sequence S --chain-id ID"));
    }
    let (Some(account_number), Some(sequence)) = (args.account_number, args.sequence) else {
        return Err(CliError::usage("--offline needs --account-number and --sequence")
            .with_hint("read them from `GET /cosmos/auth/v1beta1/accounts/<address>` on a connected machine"));
    };
    if args.key.mnemonic_stdin && args.file.as_os_str() == "-" {
        return Err(CliError::usage(
            "stdin cannot carry both the transaction and the recovery phrase",
        )
        .with_hint("pass the transaction as a file"));
    }
    let chain_id = args
        .chain_id
        .clone()
        .unwrap_or_else(|| ctx.settings.chain_id.value.clone());
    let doc = read_json(&args.file)?;
    let draft = TxDraft::from_json(&doc).map_err(tx_error)?;
    let key = load_signing_key(ctx, &args.key)?;
    let address = key.address();
    for (i, m) in draft.messages.iter().enumerate() {
        if let Some(signer) = m.signer()
            && signer != address
        {
            return Err(CliError::usage(format!(
                "message {i} ({}) must be signed by {signer}, but the key is {address}",
                m.type_url()
            ))
            .with_hint("use the wallet that owns the message, or fix the address in the file"));
        }
    }
    let signer = SignerData {
        chain_id: chain_id.clone(),
        account_number,
        sequence,
    };
    let signed = draft.sign(&key, &signer).map_err(tx_error)?;
    ctx.printer.status(&format!(
        "signed {} message(s) as {address} on {chain_id} (account {account_number}, sequence {sequence}); tx hash {}",
        draft.messages.len(),
        signed.hash()
    ));
    match args.encoding {
        Encoding::Base64 => ctx.printer.raw(&format!("{}\n", to_base64(&signed.tx_raw))),
        Encoding::Json => {
            let decoded = DecodedTx::from_bytes(&signed.tx_raw).map_err(tx_error)?;
            print_json(ctx, &decoded.to_json())
        }
    }
}
