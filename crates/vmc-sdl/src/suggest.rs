//! "Did you mean" for unknown keys, and pointers from docker-compose keys to their SDL equivalent.

/// The hint for an unknown key `key` where `allowed` keys are valid.
pub fn unknown_key_hint(key: &str, allowed: &[&str]) -> String {
    if let Some(h) = compose_hint(key) {
        return h.to_string();
    }
    if let Some(best) = closest(key, allowed) {
        return format!("did you mean `{best}`?");
    }
    if allowed.is_empty() {
        "remove this key".into()
    } else {
        format!("allowed keys here: {}", allowed.join(", "))
    }
}

/// The allowed key closest to `key` (edit distance ≤ 2, or equal ignoring case and `-`/`_`).
pub fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    let nk = norm(key);
    if let Some(a) = allowed.iter().find(|a| norm(a) == nk) {
        return Some(a);
    }
    let max = if key.chars().count() <= 3 { 1 } else { 2 };
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(key, a), *a))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// docker-compose (and Kubernetes) keys people write in SDL files.
pub fn compose_hint(key: &str) -> Option<&'static str> {
    Some(match key {
        "depends_on" => {
            "`depends_on` is docker-compose; SDL has no start order. Services reach each other by name: expose the port with `to: [{service: <name>}]`"
        }
        "ports" => {
            "`ports` is docker-compose; SDL uses `expose: [{port: 80, as: 80, to: [{global: true}]}]`"
        }
        "volumes" => {
            "`volumes` is docker-compose; declare a volume under `profiles.compute.<profile>.resources.storage` and mount it with `services.<name>.params.storage.<volume>.mount`"
        }
        "environment" => {
            "`environment` is docker-compose; SDL uses `env:` as a list of `NAME=value` strings"
        }
        "restart" => "`restart` is docker-compose; providers always restart containers, remove it",
        "build" => "SDL deploys a pre-built image: push it to a registry and set `image:`",
        "container_name" | "hostname" => {
            "the service name is the container's host name; remove this key"
        }
        "entrypoint" => "`entrypoint` is docker-compose; SDL uses `command:` (a list of strings)",
        "deploy" | "replicas" => {
            "replicas go in `deployment.<service>.<placement>.count`, resources in `profiles.compute.<profile>.resources`"
        }
        "networks" | "links" => {
            "services of one deployment reach each other by name; expose ports to them with `to: [{service: <name>}]`"
        }
        "healthcheck" => "SDL has no health checks; remove `healthcheck`",
        "env_file" => "SDL has no env files; list the variables under `env:` as `NAME=value`",
        "working_dir" | "user" | "labels" | "logging" | "privileged" | "cap_add" | "cap_drop" => {
            "SDL has no equivalent of this docker-compose key; remove it"
        }
        "cpus" | "cpu_count" | "mem_limit" | "memory" | "cpu" => {
            "resources go in `profiles.compute.<profile>.resources` (cpu.units, memory.size, storage.size)"
        }
        "secrets" => "SDL has no secrets; pass values through `env:`",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys() {
        assert_eq!(closest("imgae", &["image", "expose"]), Some("image"));
        assert_eq!(
            closest("readonly", &["mount", "readOnly"]),
            Some("readOnly")
        );
        assert_eq!(closest("zzzzzz", &["image", "expose"]), None);
        assert!(unknown_key_hint("depends_on", &["image"]).contains("docker-compose"));
    }
}
