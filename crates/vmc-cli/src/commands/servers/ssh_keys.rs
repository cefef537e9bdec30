//! `vmc servers ssh-keys list|create|delete`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::api::{Api, parse_labels};
use super::mutate::{self, Change};
use super::render;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::MutationArgs;
use crate::output::Table;

#[derive(Debug, Subcommand)]
pub enum SshKeysCommand {
    /// List the project's SSH keys.
    List,
    /// Upload a public key.
    Create(CreateArgs),
    /// Delete a key (servers that have it keep it).
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Key name.
    #[arg(long)]
    pub name: String,
    /// The public key file (e.g. ~/.ssh/id_ed25519.pub), or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    pub public_key_from_file: String,
    /// Label key=value (repeatable).
    #[arg(long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Key name or ID.
    pub key: String,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

pub fn run(ctx: &mut Ctx, cmd: SshKeysCommand) -> CliResult {
    match cmd {
        SshKeysCommand::List => list(ctx),
        SshKeysCommand::Create(a) => create(ctx, a),
        SshKeysCommand::Delete(a) => delete(ctx, a),
    }
}

fn table(keys: &[vmc_hetzner::SshKey]) -> Table {
    let mut t = Table::new(["ID", "NAME", "FINGERPRINT", "LABELS", "CREATED"]);
    for k in keys {
        t.row([
            k.id.to_string(),
            k.name.clone(),
            k.fingerprint.clone(),
            render::labels(&k.labels),
            k.created.clone(),
        ]);
    }
    t
}

fn list(ctx: &mut Ctx) -> CliResult {
    let api = Api::new(ctx)?;
    let keys = api.call(api.client.list_ssh_keys())?;
    ctx.printer.data(&keys, || table(&keys))
}

fn create(ctx: &mut Ctx, a: CreateArgs) -> CliResult {
    let labels = parse_labels(&a.labels)?;
    let text = if a.public_key_from_file == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(&a.public_key_from_file).map_err(|e| {
            CliError::usage(format!(
                "--public-key-from-file `{}`: {e}",
                a.public_key_from_file
            ))
        })?
    };
    let key = text.trim().to_string();
    if key.contains("PRIVATE KEY") {
        return Err(CliError::usage("that is a private key; give the .pub file")
            .with_hint("e.g. --public-key-from-file ~/.ssh/id_ed25519.pub"));
    }
    if !key.starts_with("ssh-") && !key.starts_with("ecdsa-") && !key.starts_with("sk-") {
        return Err(
            CliError::usage("the file does not hold an OpenSSH public key")
                .with_hint("it should start with ssh-ed25519, ssh-rsa or ecdsa-sha2-…"),
        );
    }
    let api = Api::new(ctx)?;
    let change = Change {
        action: "hetzner.ssh_key.create".into(),
        target: a.name.clone(),
        summary: vec![format!("upload SSH key `{}`", a.name)],
        request: json!({ "name": a.name, "public_key": key, "labels": labels }),
    };
    let created = mutate::run(ctx, &a.mutation, change, || {
        let k = api.call(api.client.create_ssh_key(&a.name, &key, &labels))?;
        Ok((json!({ "id": k.id, "fingerprint": k.fingerprint }), k))
    })?;
    let one = [created];
    ctx.printer.data(&one[0], || table(&one))
}

fn delete(ctx: &mut Ctx, a: DeleteArgs) -> CliResult {
    let api = Api::new(ctx)?;
    let k = api.call(api.client.find_ssh_key(&a.key))?.ok_or_else(|| {
        CliError::not_found(format!("no SSH key named or numbered `{}`", a.key))
            .with_hint("list keys with `vmc servers ssh-keys list`")
    })?;
    let change = Change {
        action: "hetzner.ssh_key.delete".into(),
        target: format!("{} ({})", k.name, k.id),
        summary: vec![format!(
            "delete SSH key {} ({}, {})",
            k.name, k.id, k.fingerprint
        )],
        request: json!({ "id": k.id, "name": k.name, "fingerprint": k.fingerprint }),
    };
    mutate::run(ctx, &a.mutation, change, || {
        api.call(api.client.delete_ssh_key(k.id))?;
        Ok((json!({ "deleted": k.id }), ()))
    })?;
    ctx.printer.status(&format!("SSH key {} deleted", k.name));
    Ok(())
}
