//! `vmc servers images [--type system|snapshot|backup|app] [--arch x86|arm]`.

use clap::Args;
use vmc_hetzner::ImageFilter;

use super::api::Api;
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::Table;

#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// system, app, snapshot or backup (repeatable or comma-separated).
    #[arg(long = "type", value_delimiter = ',', value_name = "TYPE")]
    pub kinds: Vec<String>,
    /// x86 or arm.
    #[arg(long)]
    pub arch: Option<String>,
    /// Label selector.
    #[arg(short = 'l', long = "selector")]
    pub selector: Option<String>,
    /// Include deprecated images.
    #[arg(long)]
    pub include_deprecated: bool,
}

pub fn run(ctx: &mut Ctx, args: ImagesArgs) -> CliResult {
    for k in &args.kinds {
        if !vmc_hetzner::ImageType::KNOWN.contains(&k.as_str()) {
            return Err(
                CliError::usage(format!("--type `{k}` is not an image type"))
                    .with_hint("use system, app, snapshot or backup"),
            );
        }
    }
    let api = Api::new(ctx)?;
    let f = ImageFilter {
        kinds: args.kinds,
        architecture: args.arch,
        name: None,
        label_selector: args.selector,
        include_deprecated: args.include_deprecated,
    };
    let images = api.call(api.client.list_images(&f))?;
    ctx.printer.data(&images, || {
        let mut t = Table::new([
            "ID",
            "TYPE",
            "NAME",
            "DESCRIPTION",
            "ARCH",
            "DISK_SIZE",
            "STATUS",
            "DEPRECATED",
        ]);
        for i in &images {
            t.row([
                i.id.to_string(),
                i.kind.to_string(),
                i.name.clone().unwrap_or_else(|| "-".into()),
                i.description.clone(),
                i.architecture.to_string(),
                format!("{} GB", i.disk_size),
                i.status.to_string(),
                i.deprecated.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        t
    })
}
