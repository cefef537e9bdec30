//! `vmc templates list|show`: the SDL templates built into the binary (`templates/akash/*.yaml`).
//!
//! The templates are embedded with `include_str!`, so the binary works from any directory.
//! `vmc sdl init --template NAME` writes one to a file.

use clap::{Args, Subcommand};
use serde::Serialize;
use vmc_sdl::GroupSpec;

use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

/// One bundled SDL template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub name: &'static str,
    pub yaml: &'static str,
}

impl Template {
    /// The first comment line of the file.
    pub fn description(&self) -> &'static str {
        self.yaml
            .lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .map_or("", str::trim)
    }
}

macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            yaml: include_str!(concat!("../../../../templates/akash/", $name, ".yaml")),
        }
    };
}

/// Every bundled template, in the order `vmc templates list` shows them.
pub const TEMPLATES: &[Template] = &[
    template!("web"),
    template!("static-site"),
    template!("postgres"),
    template!("redis"),
    template!("gpu"),
    template!("llm-inference"),
];

/// The template called `name`, or a not-found error that lists the names.
pub fn find(name: &str) -> CliResult<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name).ok_or_else(|| {
        CliError::not_found(format!("no template named `{name}`")).with_hint(format!(
            "available templates: {} (see `vmc templates list`)",
            names().join(", ")
        ))
    })
}

pub fn names() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.name).collect()
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the bundled templates: name, description, resources and maximum price.
    List,
    /// Print a template's SDL (YAML) to stdout.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Template name (see `vmc templates list`).
    pub name: String,
}

pub fn run(ctx: &mut Ctx, args: TemplatesArgs) -> CliResult {
    match args.command {
        TemplatesCommand::List => list(ctx),
        TemplatesCommand::Show(a) => ctx.printer.raw(find(&a.name)?.yaml),
    }
}

/// A row of `vmc templates list`.
#[derive(Debug, Serialize)]
struct TemplateInfo {
    name: &'static str,
    description: &'static str,
    sdl_version: &'static str,
    resources: Resources,
    /// Maximum price per block, summed over placements (price × count).
    max_price_per_block: Price,
}

#[derive(Debug, Default, Serialize)]
struct Resources {
    cpu_millis: u64,
    memory_bytes: u64,
    storage_bytes: u64,
    gpu_units: u64,
    gpu_models: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Price {
    denom: String,
    amount: String,
}

fn list(ctx: &mut Ctx) -> CliResult {
    let mut infos = Vec::new();
    for t in TEMPLATES {
        infos.push(info(t)?);
    }
    ctx.printer.data(&infos, || {
        let mut table = Table::new(["NAME", "DESCRIPTION", "RESOURCES", "PRICE"]);
        for i in &infos {
            table.row([
                i.name.to_string(),
                i.description.to_string(),
                summary(&i.resources),
                format!(
                    "{} {}/block max",
                    i.max_price_per_block.amount, i.max_price_per_block.denom
                ),
            ]);
        }
        table
    })
}

fn info(t: &'static Template) -> CliResult<TemplateInfo> {
    let sdl = vmc_sdl::parse(t.yaml).map_err(|d| {
        CliError::failure(format!(
            "bundled template `{}` is not valid SDL: {}",
            t.name,
            d.0.first().map(|x| x.message.as_str()).unwrap_or("?")
        ))
    })?;
    let groups = sdl.groups(vmc_sdl::Convention::Ts);
    Ok(TemplateInfo {
        name: t.name,
        description: t.description(),
        sdl_version: sdl.version.as_str(),
        resources: totals(&groups),
        max_price_per_block: price(&groups),
    })
}

/// Resources of all replicas of all groups.
fn totals(groups: &[GroupSpec]) -> Resources {
    let mut r = Resources::default();
    for g in groups {
        for u in &g.resources {
            let n = u64::from(u.count);
            let res = &u.resource;
            r.cpu_millis += res.cpu.units * n;
            r.memory_bytes += res.memory.quantity * n;
            r.storage_bytes += res.storage.iter().map(|s| s.quantity).sum::<u64>() * n;
            r.gpu_units += res.gpu.units * n;
            for a in &res.gpu.attributes {
                let model = a.key.split('/').nth(3).unwrap_or(&a.key).to_string();
                if !r.gpu_models.contains(&model) {
                    r.gpu_models.push(model);
                }
            }
        }
    }
    r
}

/// Σ price × count (templates use one denom and integer amounts).
fn price(groups: &[GroupSpec]) -> Price {
    let mut denom = String::new();
    let mut total: u128 = 0;
    let mut exact = true;
    for g in groups {
        for u in &g.resources {
            denom.clone_from(&u.price.denom);
            match u.price.amount.parse::<u128>() {
                Ok(a) => total += a * u128::from(u.count),
                Err(_) => exact = false,
            }
        }
    }
    let amount = if exact {
        total.to_string()
    } else {
        groups
            .iter()
            .flat_map(|g| &g.resources)
            .map(|u| format!("{}×{}", u.price.amount, u.count))
            .collect::<Vec<_>>()
            .join("+")
    };
    Price { denom, amount }
}

fn summary(r: &Resources) -> String {
    let mut parts = vec![
        format!("{} CPU", millis(r.cpu_millis)),
        format!("{} RAM", bytes(r.memory_bytes)),
        format!("{} disk", bytes(r.storage_bytes)),
    ];
    if r.gpu_units > 0 {
        let models = if r.gpu_models.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.gpu_models.join("|"))
        };
        parts.push(format!("{} GPU{models}", r.gpu_units));
    }
    parts.join(", ")
}

fn millis(m: u64) -> String {
    if m.is_multiple_of(1000) {
        (m / 1000).to_string()
    } else {
        let s = format!("{}.{:03}", m / 1000, m % 1000);
        s.trim_end_matches('0').to_string()
    }
}

/// Bytes in the largest binary unit that divides them exactly.
pub fn bytes(b: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("Ti", 1 << 40),
        ("Gi", 1 << 30),
        ("Mi", 1 << 20),
        ("Ki", 1 << 10),
    ];
    for (unit, size) in UNITS {
        if b >= size && b.is_multiple_of(size) {
            return format!("{}{unit}", b / size);
        }
    }
    b.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_units() {
        assert_eq!(millis(500), "0.5");
        assert_eq!(millis(250), "0.25");
        assert_eq!(millis(4000), "4");
        assert_eq!(millis(1010), "1.01");
        assert_eq!(bytes(512 << 20), "512Mi");
        assert_eq!(bytes(21 << 30), "21Gi");
        assert_eq!(bytes(1536 << 20), "1536Mi");
        assert_eq!(bytes(1000), "1000");
    }

    #[test]
    fn every_template_has_a_description_and_parses() {
        for t in TEMPLATES {
            assert!(!t.description().is_empty(), "{}", t.name);
            let i = info(t).unwrap();
            assert_eq!(i.max_price_per_block.denom, "uact", "{}", t.name);
            assert!(i.resources.cpu_millis > 0);
        }
        assert!(find("nope").is_err());
        assert_eq!(find("web").unwrap().name, "web");
    }
}
