//! `vmc env`: the environment variables vmc reads, with what each does.

use clap::Args;

use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct EnvArgs {}

#[derive(serde::Serialize)]
struct Row {
    name: &'static str,
    set: bool,
    description: &'static str,
}

pub fn run(ctx: &mut Ctx, _args: EnvArgs) -> CliResult {
    let rows: Vec<Row> = vmc_config::env::ALL
        .iter()
        .map(|v| Row {
            name: v.name,
            set: std::env::var_os(v.name).is_some(),
            description: v.doc,
        })
        .collect();
    ctx.printer.data(&rows, || {
        let mut t = Table::new(["NAME", "SET", "DESCRIPTION"]);
        for r in &rows {
            t.row([
                r.name.to_string(),
                if r.set { "yes" } else { "" }.to_string(),
                r.description.to_string(),
            ]);
        }
        t
    })
}
