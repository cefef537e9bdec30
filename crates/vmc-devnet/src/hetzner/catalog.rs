//! The stock catalog: Hetzner's public locations, a realistic set of server types with their
//! per-location list prices (EUR, net, as published in 2025/2026) and system images.

use std::collections::BTreeMap;

use super::fixtures::{
    DatacenterFixture, ImageFixture, LocationFixture, PriceFixture, ServerTypeFixture,
};

const TIB: u64 = 1 << 40;

#[allow(clippy::too_many_arguments)]
fn location(
    id: i64,
    name: &str,
    description: &str,
    country: &str,
    city: &str,
    lat: f64,
    lon: f64,
    zone: &str,
    dc: (i64, &str, &str),
) -> LocationFixture {
    LocationFixture {
        id,
        name: name.into(),
        description: description.into(),
        country: country.into(),
        city: city.into(),
        latitude: lat,
        longitude: lon,
        network_zone: zone.into(),
        datacenter: DatacenterFixture {
            id: dc.0,
            name: dc.1.into(),
            description: dc.2.into(),
        },
    }
}

/// fsn1, nbg1, hel1, ash, hil, sin.
pub fn locations() -> Vec<LocationFixture> {
    vec![
        location(
            1,
            "fsn1",
            "Falkenstein DC Park 1",
            "DE",
            "Falkenstein",
            50.47612,
            12.370071,
            "eu-central",
            (4, "fsn1-dc14", "Falkenstein 1 virtual DC 14"),
        ),
        location(
            2,
            "nbg1",
            "Nuremberg DC Park 1",
            "DE",
            "Nuremberg",
            49.452102,
            11.076665,
            "eu-central",
            (2, "nbg1-dc3", "Nuremberg 1 virtual DC 3"),
        ),
        location(
            3,
            "hel1",
            "Helsinki DC Park 1",
            "FI",
            "Helsinki",
            60.169855,
            24.938379,
            "eu-central",
            (3, "hel1-dc2", "Helsinki 1 virtual DC 2"),
        ),
        location(
            4,
            "ash",
            "Ashburn, VA",
            "US",
            "Ashburn, VA",
            39.045821,
            -77.487073,
            "us-east",
            (5, "ash-dc1", "Ashburn virtual DC 1"),
        ),
        location(
            5,
            "hil",
            "Hillsboro, OR",
            "US",
            "Hillsboro, OR",
            45.54222,
            -122.951924,
            "us-west",
            (6, "hil-dc1", "Hillsboro virtual DC 1"),
        ),
        location(
            6,
            "sin",
            "Singapore",
            "SG",
            "Singapore",
            1.283333,
            103.833333,
            "ap-southeast",
            (7, "sin-dc1", "Singapore virtual DC 1"),
        ),
    ]
}

fn price(location: &str, hourly: &str, monthly: &str, traffic: u64) -> PriceFixture {
    PriceFixture {
        location: location.into(),
        hourly_net: hourly.into(),
        monthly_net: monthly.into(),
        included_traffic: traffic,
        per_tb_traffic_net: "1.0000".into(),
    }
}

fn eu(hourly: &str, monthly: &str) -> Vec<PriceFixture> {
    ["fsn1", "nbg1", "hel1"]
        .into_iter()
        .map(|l| price(l, hourly, monthly, 20 * TIB))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn server_type(
    id: i64,
    name: &str,
    cores: u32,
    memory: f64,
    disk: u32,
    cpu_type: &str,
    category: &str,
    architecture: &str,
    prices: Vec<PriceFixture>,
) -> ServerTypeFixture {
    ServerTypeFixture {
        id,
        name: name.into(),
        description: name.to_uppercase(),
        cores,
        memory,
        disk,
        storage_type: "local".into(),
        cpu_type: cpu_type.into(),
        category: category.into(),
        architecture: architecture.into(),
        prices,
        unavailable: Vec::new(),
    }
}

/// cx22, cx32, cx42, cpx11, cpx21, cax11, cax21, ccx13 (prices EUR net).
pub fn server_types() -> Vec<ServerTypeFixture> {
    let mut cpx11 = eu("0.0070", "4.3500");
    cpx11.extend([
        price("ash", "0.0083", "5.1900", TIB),
        price("hil", "0.0083", "5.1900", TIB),
        price("sin", "0.0120", "7.4900", TIB / 2),
    ]);
    let mut cpx21 = eu("0.0121", "7.5500");
    cpx21.extend([
        price("ash", "0.0144", "8.9900", 2 * TIB),
        price("hil", "0.0144", "8.9900", 2 * TIB),
        price("sin", "0.0208", "12.9900", TIB),
    ]);
    let mut ccx13 = eu("0.0200", "12.4900");
    ccx13.extend([
        price("ash", "0.0232", "14.4900", TIB),
        price("hil", "0.0232", "14.4900", TIB),
        price("sin", "0.0264", "16.4900", TIB / 2),
    ]);
    vec![
        server_type(
            104,
            "cx22",
            2,
            4.0,
            40,
            "shared",
            "Cost-Optimized",
            "x86",
            eu("0.0060", "3.7900"),
        ),
        server_type(
            105,
            "cx32",
            4,
            8.0,
            80,
            "shared",
            "Cost-Optimized",
            "x86",
            eu("0.0109", "6.8000"),
        ),
        server_type(
            106,
            "cx42",
            8,
            16.0,
            160,
            "shared",
            "Cost-Optimized",
            "x86",
            eu("0.0262", "16.4000"),
        ),
        server_type(
            22,
            "cpx11",
            2,
            2.0,
            40,
            "shared",
            "Regular Purpose",
            "x86",
            cpx11,
        ),
        server_type(
            23,
            "cpx21",
            3,
            4.0,
            80,
            "shared",
            "Regular Purpose",
            "x86",
            cpx21,
        ),
        server_type(
            45,
            "cax11",
            2,
            4.0,
            40,
            "shared",
            "Cost-Optimized",
            "arm",
            eu("0.0060", "3.7900"),
        ),
        server_type(
            93,
            "cax21",
            4,
            8.0,
            80,
            "shared",
            "Cost-Optimized",
            "arm",
            eu("0.0104", "6.4900"),
        ),
        server_type(
            96,
            "ccx13",
            2,
            8.0,
            80,
            "dedicated",
            "General Purpose",
            "x86",
            ccx13,
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn image(
    id: i64,
    name: &str,
    description: &str,
    flavor: &str,
    version: &str,
    arch: &str,
    created: &str,
    deprecated: Option<&str>,
) -> ImageFixture {
    ImageFixture {
        id,
        name: name.into(),
        description: description.into(),
        os_flavor: flavor.into(),
        os_version: version.into(),
        architecture: arch.into(),
        disk_size: 5.0,
        image_size: None,
        deprecated: deprecated.map(str::to_string),
        created: created.into(),
    }
}

/// Ubuntu, Debian, Rocky, Alma and Fedora system images (x86, and arm for the common ones).
pub fn images() -> Vec<ImageFixture> {
    vec![
        image(
            67794396,
            "ubuntu-22.04",
            "Ubuntu 22.04",
            "ubuntu",
            "22.04",
            "x86",
            "2022-04-21T13:32:38Z",
            None,
        ),
        image(
            161547269,
            "ubuntu-24.04",
            "Ubuntu 24.04",
            "ubuntu",
            "24.04",
            "x86",
            "2024-04-25T15:26:27Z",
            None,
        ),
        image(
            161547270,
            "ubuntu-24.04",
            "Ubuntu 24.04",
            "ubuntu",
            "24.04",
            "arm",
            "2024-04-25T15:26:28Z",
            None,
        ),
        image(
            45557056,
            "debian-11",
            "Debian 11",
            "debian",
            "11",
            "x86",
            "2021-08-16T11:12:01Z",
            Some("2026-08-15T00:00:00Z"),
        ),
        image(
            114690387,
            "debian-12",
            "Debian 12",
            "debian",
            "12",
            "x86",
            "2023-06-13T06:00:02Z",
            None,
        ),
        image(
            114690389,
            "debian-12",
            "Debian 12",
            "debian",
            "12",
            "arm",
            "2023-06-13T06:00:03Z",
            None,
        ),
        image(
            76766499,
            "rocky-9",
            "Rocky Linux 9",
            "rocky",
            "9",
            "x86",
            "2022-07-14T11:07:55Z",
            None,
        ),
        image(
            76766502,
            "alma-9",
            "AlmaLinux 9",
            "alma",
            "9",
            "x86",
            "2022-07-14T11:07:56Z",
            None,
        ),
        image(
            222211865,
            "fedora-42",
            "Fedora 42",
            "fedora",
            "42",
            "x86",
            "2025-04-16T08:12:01Z",
            None,
        ),
    ]
}

/// Default action durations: quick enough for a sandbox, slow enough to watch progress.
pub fn action_ms() -> BTreeMap<String, u64> {
    [
        ("create_server", 3000),
        ("start_server", 2000),
        ("stop_server", 1000),
        ("shutdown_server", 1000),
        ("reboot_server", 2000),
        ("reset_server", 1000),
        ("rebuild_server", 4000),
        ("change_server_type", 5000),
        ("enable_rescue", 1000),
        ("disable_rescue", 1000),
        ("delete_server", 1000),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
