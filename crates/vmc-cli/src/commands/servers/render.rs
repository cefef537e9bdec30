//! Server tables: the list row, the detail view, and ages.

use vmc_hetzner::Server;

use crate::output::Table;

/// Every column `list` can show; the default set is the first eight (like `hcloud`).
pub const COLUMNS: &[&str] = &[
    "ID",
    "NAME",
    "STATUS",
    "IPV4",
    "IPV6",
    "TYPE",
    "LOCATION",
    "AGE",
    "PRIVATE_NET",
    "IMAGE",
    "LABELS",
    "CREATED",
    "LOCKED",
    "PRICE_HOURLY",
    "PRICE_MONTHLY",
];
const DEFAULT_COLUMNS: usize = 8;

/// The list table: default columns, or every column when `-o columns=` picks some.
pub fn server_table(servers: &[Server], all_columns: bool, now: time::OffsetDateTime) -> Table {
    let n = if all_columns {
        COLUMNS.len()
    } else {
        DEFAULT_COLUMNS
    };
    let mut t = Table::new(COLUMNS[..n].iter().copied());
    for s in servers {
        let mut row = server_row(s, now);
        row.truncate(n);
        t.row(row);
    }
    t
}

fn server_row(s: &Server, now: time::OffsetDateTime) -> Vec<String> {
    let price = s.price();
    vec![
        s.id.to_string(),
        s.name.clone(),
        s.status.to_string(),
        s.ipv4().unwrap_or("-").to_string(),
        s.ipv6().unwrap_or("-").to_string(),
        s.server_type.name.clone(),
        s.location.name.clone(),
        age(&s.created, now),
        if s.private_net.is_empty() {
            "-".into()
        } else {
            s.private_net
                .iter()
                .map(|p| format!("{} ({})", p.ip, p.network))
                .collect::<Vec<_>>()
                .join(", ")
        },
        s.image
            .as_ref()
            .map(|i| i.name.clone().unwrap_or_else(|| i.id.to_string()))
            .unwrap_or_else(|| "-".into()),
        labels(&s.labels),
        s.created.clone(),
        s.locked.to_string(),
        price.map_or("-".into(), |p| p.price_hourly.net.normalize().to_string()),
        price.map_or("-".into(), |p| p.price_monthly.net.normalize().to_string()),
    ]
}

/// `k=v, k2=v2` or `-`.
pub fn labels(l: &vmc_hetzner::Labels) -> String {
    if l.is_empty() {
        "-".into()
    } else {
        l.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The detail view of one server: FIELD / VALUE rows.
pub fn server_detail(s: &Server, now: time::OffsetDateTime) -> Table {
    let mut t = Table::new(["FIELD", "VALUE"]);
    let price = s.price();
    let mut add = |k: &str, v: String| t.row([k.to_string(), v]);
    add("id", s.id.to_string());
    add("name", s.name.clone());
    add("status", s.status.to_string());
    add(
        "created",
        format!("{} ({} ago)", s.created, age(&s.created, now)),
    );
    add(
        "type",
        format!(
            "{} ({} cores, {} GB memory, {} GB disk, {})",
            s.server_type.name,
            s.server_type.cores,
            s.server_type.memory,
            s.server_type.disk,
            s.server_type.architecture
        ),
    );
    add(
        "location",
        format!(
            "{} ({}, {})",
            s.location.name, s.location.city, s.location.country
        ),
    );
    add(
        "image",
        s.image.as_ref().map_or("-".into(), |i| {
            format!(
                "{} ({})",
                i.name.clone().unwrap_or_else(|| i.id.to_string()),
                i.kind
            )
        }),
    );
    add("ipv4", s.ipv4().unwrap_or("-").to_string());
    add("ipv6", s.ipv6().unwrap_or("-").to_string());
    add(
        "price",
        price.map_or("-".into(), |p| {
            format!(
                "{} net/hour, {} net/month",
                p.price_hourly.net.normalize(),
                p.price_monthly.net.normalize()
            )
        }),
    );
    add("labels", labels(&s.labels));
    add("rescue_enabled", s.rescue_enabled.to_string());
    add("locked", s.locked.to_string());
    add(
        "protection",
        format!(
            "delete={} rebuild={}",
            s.protection.delete,
            s.protection.rebuild.unwrap_or(false)
        ),
    );
    add("primary_disk_size", format!("{} GB", s.primary_disk_size));
    t
}

/// `3d`, `5h`, `12m`, `40s` since an RFC 3339 time (`-` if it does not parse).
pub fn age(created: &str, now: time::OffsetDateTime) -> String {
    let parsed =
        time::OffsetDateTime::parse(created, &time::format_description::well_known::Rfc3339)
            .or_else(|_| {
                // The API has been seen without seconds (`2016-01-30T23:50+00:00`).
                let fixed = format!(
                    "{}:00{}",
                    &created[..created.len().min(16)],
                    &created[created.len().min(16)..]
                );
                time::OffsetDateTime::parse(&fixed, &time::format_description::well_known::Rfc3339)
            });
    let Ok(t) = parsed else { return "-".into() };
    let secs = (now - t).whole_seconds().max(0);
    match secs {
        s if s >= 86_400 => format!("{}d", s / 86_400),
        s if s >= 3_600 => format!("{}h", s / 3_600),
        s if s >= 60 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        let now = time::macros::datetime!(2026-01-02 00:00 UTC);
        assert_eq!(age("2026-01-01T00:00:00Z", now), "1d");
        assert_eq!(age("2026-01-01T23:50+00:00", now), "10m");
        assert_eq!(age("garbage", now), "-");
    }
}
