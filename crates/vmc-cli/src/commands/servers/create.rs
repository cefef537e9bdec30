//! `vmc servers create --name --type --image [--location] [--ssh-key …] …`.

use std::io::Read;
use std::time::Duration;

use clap::Args;
use serde_json::json;
use vmc_hetzner::server::FirewallRef;
use vmc_hetzner::{CreateServer, Image, ImageFilter, ServerType};

use super::api::{Api, api_error, parse_labels};
use super::mutate::{self, Change};
use super::{render, wait};
use crate::Ctx;
use crate::error::{CliError, CliResult};
use crate::mutation::MutationArgs;

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Server name (unique in the project, a valid hostname).
    #[arg(long)]
    pub name: String,
    /// Server type name or ID, e.g. cx22 (see `vmc servers types`).
    #[arg(long = "type", value_name = "TYPE")]
    pub server_type: String,
    /// Image name or ID, e.g. debian-12 (see `vmc servers images`).
    #[arg(long)]
    pub image: String,
    /// Location name, e.g. fsn1 (see `vmc servers locations`); default: chosen by Hetzner.
    #[arg(long)]
    pub location: Option<String>,
    /// SSH key name or ID (repeatable). Without one, Hetzner sets a root password.
    #[arg(long = "ssh-key", value_name = "KEY")]
    pub ssh_keys: Vec<String>,
    /// cloud-init user data from a file, or `-` for stdin (at most 32 KiB).
    #[arg(long, value_name = "FILE")]
    pub user_data_from_file: Option<String>,
    /// Label key=value (repeatable).
    #[arg(long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    /// Firewall ID to apply (repeatable).
    #[arg(long = "firewall", value_name = "ID")]
    pub firewalls: Vec<i64>,
    /// Private network ID to attach (repeatable). (`--network` is the global Akash network.)
    #[arg(long = "private-network", value_name = "ID")]
    pub networks: Vec<i64>,
    /// Whether to start the server once it is created: `true` (the default) or `false`, which
    /// leaves it powered off until `vmc servers poweron`.
    #[arg(long, value_name = "BOOL")]
    pub start_after_create: Option<bool>,
    /// Return the action ids at once instead of waiting.
    #[arg(long, conflicts_with = "wait_ssh")]
    pub no_wait: bool,
    /// After the actions, wait until port 22 of the server's IPv4 answers.
    #[arg(long)]
    pub wait_ssh: bool,
    /// How long --wait-ssh waits.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub wait_ssh_timeout: String,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

const USER_DATA_MAX: usize = 32 * 1024;

pub fn run(ctx: &mut Ctx, args: CreateArgs, poll: Duration) -> CliResult {
    let labels = parse_labels(&args.labels)?;
    let user_data = read_user_data(args.user_data_from_file.as_deref())?;
    let ssh_timeout = crate::mutation::parse_duration(&args.wait_ssh_timeout).map_err(|e| {
        CliError::usage(format!(
            "--wait-ssh-timeout `{}`: {e}",
            args.wait_ssh_timeout
        ))
    })?;
    let api = Api::new(ctx)?;
    // Check the type, location and image before asking for confirmation, and learn the price.
    let st = find_type(&api, &args.server_type)?;
    let location = match &args.location {
        Some(loc) => Some(check_location(&api, &st, loc)?),
        None => None,
    };
    check_image(&api, &st, &args.image)?;
    let price_loc = location.or_else(|| {
        st.locations
            .iter()
            .find(|l| l.recommended && l.available)
            .map(|l| l.name.clone())
    });
    let price = price_loc.as_deref().and_then(|l| st.price_in(l));
    let req = CreateServer {
        name: args.name.clone(),
        server_type: args.server_type.clone(),
        image: args.image.clone(),
        location: args.location.clone(),
        start_after_create: args.start_after_create,
        ssh_keys: args.ssh_keys.clone(),
        networks: args.networks.clone(),
        firewalls: args
            .firewalls
            .iter()
            .map(|&firewall| FirewallRef { firewall })
            .collect(),
        user_data,
        labels: labels.clone(),
    };
    let mut summary = vec![format!(
        "create server `{}`: type {} ({} cores, {} GB), image {}, location {}",
        args.name,
        st.name,
        st.cores,
        st.memory,
        args.image,
        args.location.as_deref().unwrap_or("chosen by Hetzner")
    )];
    if let Some(p) = price {
        summary.push(format!(
            "price in {}: {} net/hour, {} net/month (billed from creation until deletion)",
            p.location,
            p.price_hourly.net.normalize(),
            p.price_monthly.net.normalize()
        ));
    }
    let change = Change {
        action: "hetzner.server.create".into(),
        target: args.name.clone(),
        summary,
        request: json!({
            "name": req.name,
            "server_type": req.server_type,
            "image": req.image,
            "location": req.location,
            "ssh_keys": req.ssh_keys,
            "labels": req.labels,
            "firewalls": args.firewalls,
            "networks": args.networks,
            "user_data_bytes": req.user_data.as_ref().map(String::len),
            "start_after_create": req.start_after_create,
        }),
    };
    let no_wait = args.no_wait;
    let (server, actions, root_password) = mutate::run(ctx, &args.mutation, change, || {
        let created = api
            .block(api.client.create_server(&req))
            .map_err(|e| create_error(e, &st))?;
        if created.adopted {
            ctx.printer.warn(&format!(
                "the API's answer to the create was lost; server {} ({}) exists with this name, so vmc adopted it instead of creating a second one",
                created.server.name, created.server.id
            ));
            if req.ssh_keys.is_empty() {
                ctx.printer.warn(
                    "its root password was in the lost answer; reset it in the Hetzner console, or `vmc servers rebuild` (which prints a new one but erases the disk)",
                );
            }
        }
        let mut actions = vec![created.action.clone()];
        actions.extend(created.next_actions.iter().cloned());
        let waited = if no_wait {
            actions.clone()
        } else {
            let name = created.server.name.clone();
            wait::wait(ctx, &api, &actions, poll).map_err(|e| {
                let hint = format!(
                    "the server {name} ({}) exists and is billed; delete it with `vmc servers delete {name} --yes --reason \"failed create\"`",
                    created.server.id
                );
                e.with_hint(hint)
            })?
        };
        let s = &created.server;
        let p = s.price();
        let outcome = json!({
            "server": { "id": s.id, "name": s.name },
            "server_type": s.server_type.name,
            "location": s.location.name,
            "image": s.image.as_ref().map(|i| i.name.clone().unwrap_or_else(|| i.id.to_string())).unwrap_or_else(|| req.image.clone()),
            "price_hourly": p.map(|p| &p.price_hourly),
            "price_monthly": p.map(|p| &p.price_monthly),
            "actions": mutate::actions_outcome(&waited),
        });
        Ok((outcome, (created.server, waited, created.root_password)))
    })?;
    if let Some(pw) = root_password {
        show_root_password(ctx, &server.name, &pw);
    }
    if no_wait {
        return wait::print_actions(ctx, &actions);
    }
    let server = api.call(api.client.get_server(server.id))?;
    if args.wait_ssh {
        wait_ssh(ctx, server.ipv4(), ssh_timeout)?;
    }
    let now = crate::clock::now()?;
    ctx.printer
        .data(&server, || render::server_detail(&server, now))
}

/// A type by name (or ID), or a usage error listing the types.
pub fn find_type(api: &Api, name_or_id: &str) -> CliResult<ServerType> {
    let types = api.call(api.client.list_server_types())?;
    types
        .iter()
        .find(|t| t.name == name_or_id || t.id.to_string() == name_or_id)
        .cloned()
        .ok_or_else(|| {
            CliError::usage(format!("no server type `{name_or_id}`")).with_hint(format!(
                "types: {} (details: `vmc servers types`)",
                types
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// The name of location `loc` (a name or an ID) where `st` can be ordered, or a usage error: a
/// location that does not exist lists the locations, one without the type says where it is sold.
/// The locations are fetched only when `loc` is not one of the type's.
fn check_location(api: &Api, st: &ServerType, loc: &str) -> CliResult<String> {
    if st.available_locations().contains(&loc) {
        return Ok(loc.to_string());
    }
    let locs = api.call(api.client.list_locations())?;
    let Some(l) = locs
        .iter()
        .find(|l| l.name == loc || l.id.to_string() == loc)
    else {
        return Err(
            CliError::usage(format!("no location `{loc}`")).with_hint(format!(
                "locations: {} (details: `vmc servers locations`)",
                locs.iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    };
    if st.available_locations().contains(&l.name.as_str()) {
        Ok(l.name.clone())
    } else {
        Err(unavailable_here(st, &l.name))
    }
}

/// Checks that image `image` (a name or an ID) exists for the type's architecture, or a usage
/// error listing the system images the type can boot.
fn check_image(api: &Api, st: &ServerType, image: &str) -> CliResult {
    let by_id = image.parse::<i64>().ok();
    // By name: only the images of that name (one per architecture); an ID may be any image, a
    // snapshot or a backup too, so all of them.
    let f = ImageFilter {
        name: by_id.is_none().then(|| image.to_string()),
        include_deprecated: true,
        ..Default::default()
    };
    let found: Vec<Image> = api
        .call(api.client.list_images(&f))?
        .into_iter()
        .filter(|i| by_id.is_none_or(|id| i.id == id))
        .collect();
    if found.iter().any(|i| i.architecture == st.architecture) {
        return Ok(());
    }
    let arch = st.architecture.to_string();
    let system = api.call(api.client.list_images(&ImageFilter {
        kinds: vec!["system".into()],
        architecture: Some(arch.clone()),
        ..Default::default()
    }))?;
    let mut names: Vec<&str> = system.iter().filter_map(|i| i.name.as_deref()).collect();
    names.dedup();
    let names = names.join(", ");
    let what = match by_id {
        Some(id) => format!("image ID {id}"),
        None => format!("image `{image}`"),
    };
    if found.is_empty() {
        return Err(CliError::usage(format!("no {what}")).with_hint(format!(
            "system images for {arch}: {names} (details, apps and snapshots: \
             `vmc servers images`)"
        )));
    }
    let mut other: Vec<String> = found.iter().map(|i| i.architecture.to_string()).collect();
    other.dedup();
    Err(CliError::usage(format!(
        "{what} is for {} only; server type {} is {arch}",
        other.join(", "),
        st.name
    ))
    .with_hint(format!(
        "system images for {arch}: {names} (`vmc servers images --arch {arch}`); or a type \
         for {} (`vmc servers types --arch {}`)",
        other.join("/"),
        other[0]
    )))
}

/// "cx22 cannot be ordered in hel1; it can in: fsn1, nbg1".
pub fn unavailable_here(st: &ServerType, loc: &str) -> CliError {
    let avail = st.available_locations();
    CliError::usage(format!(
        "server type {} cannot be ordered in location `{loc}`",
        st.name
    ))
    .with_hint(if avail.is_empty() {
        "it is not available anywhere right now; pick another type (`vmc servers types`)"
            .to_string()
    } else {
        format!("{} is available in: {}", st.name, avail.join(", "))
    })
}

/// API errors of a create, with the locations that have the type when capacity is the issue.
fn create_error(e: vmc_hetzner::Error, st: &ServerType) -> CliError {
    let code = e.code().unwrap_or_default().to_string();
    let message = e.to_string();
    let mut err = api_error(e);
    let about_location = code == "resource_unavailable"
        || (code == "invalid_input" && message.contains("location"))
        || message.contains("unsupported location");
    let not_found = message.contains("not found");
    if code == "invalid_input" && message.contains("image") {
        err = err.with_hint(if not_found {
            format!(
                "that image does not exist (for {}); see `vmc servers images`",
                st.architecture
            )
        } else {
            format!(
                "pick an image for {} (`vmc servers images --arch {}`)",
                st.architecture, st.architecture
            )
        });
    } else if about_location && not_found {
        err = err.with_hint("that location does not exist; see `vmc servers locations`");
    } else if about_location {
        let avail = st.available_locations();
        err = err.with_hint(if avail.is_empty() {
            format!(
                "{} is not available in any location now; try another type",
                st.name
            )
        } else {
            format!(
                "{} is sold out or unsupported there; it is available in: {} (use --location)",
                st.name,
                avail.join(", ")
            )
        });
    }
    err
}

fn read_user_data(src: Option<&str>) -> CliResult<Option<String>> {
    let Some(src) = src else { return Ok(None) };
    let mut buf = Vec::new();
    if src == "-" {
        std::io::stdin().read_to_end(&mut buf)?;
    } else {
        buf = std::fs::read(src)
            .map_err(|e| CliError::usage(format!("--user-data-from-file `{src}`: {e}")))?;
    }
    if buf.len() > USER_DATA_MAX {
        return Err(CliError::usage(format!(
            "user data is {} bytes; Hetzner accepts at most {USER_DATA_MAX}",
            buf.len()
        )));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| CliError::usage("user data is not UTF-8 text"))
}

/// Shows a root password on the terminal only (never stdout, stderr pipes or receipts).
pub fn show_root_password(ctx: &Ctx, server: &str, pw: &str) {
    use std::io::Write;
    let tty = std::fs::OpenOptions::new().write(true).open("/dev/tty");
    match tty {
        Ok(mut t) if ctx.printer.interactive => {
            let _ = writeln!(t, "Root password of {server} (shown once): {pw}");
        }
        _ => ctx.printer.warn(&format!(
            "Hetzner set a root password for {server}; it is shown only on a terminal. \
             Use --ssh-key, or reset it in the console"
        )),
    }
}

fn wait_ssh(ctx: &Ctx, ip: Option<&str>, timeout: Duration) -> CliResult {
    let ip =
        ip.ok_or_else(|| CliError::failure("the server has no public IPv4 to reach SSH on"))?;
    let addr: std::net::SocketAddr = format!("{ip}:22")
        .parse()
        .map_err(|_| CliError::failure(format!("`{ip}` is not an IPv4 address")))?;
    ctx.printer.status(&format!("waiting for SSH on {addr} …"));
    let start = std::time::Instant::now();
    loop {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok() {
            ctx.printer.status(&format!("SSH answers on {addr}"));
            return Ok(());
        }
        if start.elapsed() >= timeout {
            return Err(CliError::failure(format!(
                "SSH on {addr} did not answer within {}s",
                timeout.as_secs()
            ))
            .with_hint("the server may still be booting; try `vmc servers ssh NAME` later"));
        }
        std::thread::sleep(Duration::from_secs(2));
    }
}
