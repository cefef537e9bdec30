//! `vmc servers locations`.

use clap::Args;

use super::api::Api;
use crate::Ctx;
use crate::error::CliResult;
use crate::output::Table;

#[derive(Debug, Args)]
pub struct LocationsArgs {}

pub fn run(ctx: &mut Ctx, _args: LocationsArgs) -> CliResult {
    let api = Api::new(ctx)?;
    let locs = api.call(api.client.list_locations())?;
    ctx.printer.data(&locs, || {
        let mut t = Table::new([
            "ID",
            "NAME",
            "DESCRIPTION",
            "NETWORK_ZONE",
            "COUNTRY",
            "CITY",
        ]);
        for l in &locs {
            t.row([
                l.id.to_string(),
                l.name.clone(),
                l.description.clone(),
                l.network_zone.clone(),
                l.country.clone(),
                l.city.clone(),
            ]);
        }
        t
    })
}
