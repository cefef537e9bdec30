//! The wire format: JSON objects as the API writes them (from the official OpenAPI document).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::actions::ActionRec;
use super::clock::rfc3339;
use super::fixtures::{
    HetznerFixtures, ImageFixture, LocationFixture, PriceFixture, ServerTypeFixture,
};
use super::state::{HetznerData, ServerRec, SshKeyRec};

/// `{net, gross}` from a net decimal string and the VAT rate in percent.
pub fn money(net: &str, vat_rate: &str) -> Value {
    let n = Decimal::from_str(net).unwrap_or_default();
    let vat = Decimal::from_str(vat_rate).unwrap_or_default();
    let mut gross = n * (Decimal::ONE + vat / Decimal::ONE_HUNDRED);
    gross.rescale(16);
    let mut net = n;
    net.rescale(10);
    json!({"net": net.to_string(), "gross": gross.to_string()})
}

fn price(p: &PriceFixture, vat: &str) -> Value {
    json!({
        "location": p.location,
        "price_hourly": money(&p.hourly_net, vat),
        "price_monthly": money(&p.monthly_net, vat),
        "included_traffic": p.included_traffic,
        "price_per_tb_traffic": money(&p.per_tb_traffic_net, vat),
    })
}

/// A ServerType.
pub fn server_type(t: &ServerTypeFixture, fx: &HetznerFixtures) -> Value {
    let locations: Vec<Value> = fx
        .locations
        .iter()
        .filter(|l| t.price_in(&l.name).is_some())
        .map(|l| {
            let ok = t.available_in(&l.name);
            json!({"id": l.id, "name": l.name, "deprecation": null, "available": ok, "recommended": ok})
        })
        .collect();
    json!({
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "category": t.category,
        "cores": t.cores,
        "memory": t.memory,
        "disk": t.disk,
        "deprecated": false,
        "deprecation": null,
        "prices": t.prices.iter().map(|p| price(p, &fx.vat_rate)).collect::<Vec<_>>(),
        "storage_type": t.storage_type,
        "cpu_type": t.cpu_type,
        "architecture": t.architecture,
        "locations": locations,
    })
}

/// A Location.
pub fn location(l: &LocationFixture) -> Value {
    json!({
        "id": l.id,
        "name": l.name,
        "description": l.description,
        "country": l.country,
        "city": l.city,
        "latitude": l.latitude,
        "longitude": l.longitude,
        "network_zone": l.network_zone,
    })
}

/// A Datacenter (legacy object).
pub fn datacenter(l: &LocationFixture, fx: &HetznerFixtures) -> Value {
    let supported: Vec<i64> = fx
        .server_types
        .iter()
        .filter(|t| t.price_in(&l.name).is_some())
        .map(|t| t.id)
        .collect();
    let available: Vec<i64> = fx
        .server_types
        .iter()
        .filter(|t| t.available_in(&l.name))
        .map(|t| t.id)
        .collect();
    json!({
        "id": l.datacenter.id,
        "name": l.datacenter.name,
        "description": l.datacenter.description,
        "location": location(l),
        "server_types": {
            "supported": supported,
            "available": available.clone(),
            "available_for_migration": available,
        },
    })
}

/// An Image.
pub fn image(i: &ImageFixture) -> Value {
    json!({
        "id": i.id,
        "type": "system",
        "status": "available",
        "name": i.name,
        "description": i.description,
        "image_size": i.image_size,
        "disk_size": i.disk_size,
        "created": i.created,
        "created_from": null,
        "bound_to": null,
        "os_flavor": i.os_flavor,
        "os_version": i.os_version,
        "rapid_deploy": true,
        "protection": {"delete": false},
        "deprecated": i.deprecated,
        "deleted": null,
        "labels": {},
        "architecture": i.architecture,
    })
}

/// An Action at `now`.
pub fn action(a: &ActionRec, now: i64) -> Value {
    let done = a.done;
    json!({
        "id": a.id,
        "command": a.command,
        "status": a.status(),
        "progress": a.progress(now),
        "started": rfc3339(a.started_ms),
        "finished": if done { json!(rfc3339(a.end_ms())) } else { Value::Null },
        "resources": a.servers.iter().map(|id| json!({"id": id, "type": "server"})).collect::<Vec<_>>(),
        "error": match (&a.error, done) {
            (Some(e), true) => json!({"code": e.code, "message": e.message}),
            _ => Value::Null,
        },
    })
}

/// A Server, including the `datacenter` object the API served until 2026-07-01.
pub fn server(s: &ServerRec, d: &HetznerData) -> Value {
    let fx = &d.fixtures;
    let t = fx.server_types.iter().find(|t| t.name == s.server_type);
    let l = fx.locations.iter().find(|l| l.name == s.location);
    let included = t
        .and_then(|t| t.price_in(&s.location))
        .map(|p| p.included_traffic);
    json!({
        "id": s.id,
        "name": s.name,
        "status": s.status,
        "created": rfc3339(s.created_ms),
        "public_net": {
            "ipv4": s.ipv4.as_ref().map(|ip| json!({
                "id": s.id * 10 + 4,
                "ip": ip,
                "blocked": false,
                "dns_ptr": format!("static.{}.clients.your-server.de", ip.split('.').rev().collect::<Vec<_>>().join(".")),
            })),
            "ipv6": s.ipv6.as_ref().map(|ip| json!({
                "id": s.id * 10 + 6,
                "ip": ip,
                "blocked": false,
                "dns_ptr": [],
            })),
            "floating_ips": [],
            "firewalls": [],
        },
        "private_net": [],
        "server_type": t.map(|t| server_type(t, fx)),
        "datacenter": l.map(|l| datacenter(l, fx)),
        "location": l.map(location),
        "image": s.image_id.and_then(|i| d.image_by_id(i)).map(image),
        "iso": null,
        "rescue_enabled": s.rescue_enabled,
        "locked": s.locked,
        "backup_window": null,
        "outgoing_traffic": 0,
        "ingoing_traffic": 0,
        "included_traffic": included,
        "protection": {"delete": false, "rebuild": false},
        "labels": s.labels,
        "volumes": [],
        "load_balancers": [],
        "primary_disk_size": s.primary_disk_size,
        "placement_group": null,
    })
}

/// An SSHKey.
pub fn ssh_key(k: &SshKeyRec) -> Value {
    json!({
        "id": k.id,
        "name": k.name,
        "fingerprint": k.fingerprint,
        "public_key": k.public_key,
        "labels": k.labels,
        "created": rfc3339(k.created_ms),
    })
}

/// The `/pricing` object.
pub fn pricing(fx: &HetznerFixtures) -> Value {
    let vat = &fx.vat_rate;
    let per_location = |hourly: &str, monthly: &str| -> Vec<Value> {
        fx.locations
            .iter()
            .map(|l| json!({"location": l.name, "price_hourly": money(hourly, vat), "price_monthly": money(monthly, vat)}))
            .collect()
    };
    let floating = |monthly: &str| -> Vec<Value> {
        fx.locations
            .iter()
            .map(|l| json!({"location": l.name, "price_monthly": money(monthly, vat)}))
            .collect()
    };
    json!({
        "currency": fx.currency,
        "vat_rate": vat,
        "image": {"price_per_gb_month": money("0.0119", vat)},
        "floating_ip": {"price_monthly": money("3.0000", vat)},
        "floating_ips": [
            {"type": "ipv4", "prices": floating("3.0000")},
            {"type": "ipv6", "prices": floating("3.0000")},
        ],
        "primary_ips": [
            {"type": "ipv4", "prices": per_location("0.0008", "0.5000")},
            {"type": "ipv6", "prices": per_location("0.0000", "0.0000")},
        ],
        "server_backup": {"percentage": "20.00"},
        "volume": {"price_per_gb_month": money("0.0440", vat)},
        "server_types": fx.server_types.iter().map(|t| json!({
            "id": t.id,
            "name": t.name,
            "prices": t.prices.iter().map(|p| price(p, vat)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "load_balancer_types": [],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_net_and_gross_as_decimal_strings() {
        let m = money("3.79", "19.00");
        assert_eq!(m["net"], "3.7900000000");
        assert_eq!(m["gross"], "4.5101000000000000");
    }

    #[test]
    fn server_type_lists_locations_and_availability() {
        let mut fx = HetznerFixtures::default();
        fx.server_types
            .iter_mut()
            .find(|t| t.name == "cx22")
            .unwrap()
            .unavailable
            .push("hel1".into());
        let t = fx.server_types.iter().find(|t| t.name == "cx22").unwrap();
        let v = server_type(t, &fx);
        let locs = v["locations"].as_array().unwrap();
        assert_eq!(locs.len(), 3);
        let hel = locs.iter().find(|l| l["name"] == "hel1").unwrap();
        assert_eq!(hel["available"], false);
        assert_eq!(v["prices"][0]["location"], "fsn1");
        assert_eq!(v["prices"][0]["price_monthly"]["net"], "3.7900000000");
    }
}
