//! Unit conversions: CPU (cores or millicores), memory/storage sizes, durations, decimals.

use crate::yaml::js_number_to_string;

/// An exact decimal: `digits / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    digits: u128,
    scale: u32,
}

fn parse_dec(s: &str) -> Option<Dec> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let int = int.trim_start_matches('0');
    if int.len() + frac.len() > 36 {
        return None;
    }
    let i: u128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let f: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let scale = frac.len() as u32;
    let d = i.checked_mul(10u128.checked_pow(scale)?)?.checked_add(f)?;
    Some(Dec { digits: d, scale })
}

impl Dec {
    /// `self × m` as an integer, if exact.
    fn times_int(self, m: u128) -> Result<u128, ()> {
        let p = self.digits.checked_mul(m).ok_or(())?;
        let div = 10u128.pow(self.scale);
        if p % div == 0 { Ok(p / div) } else { Err(()) }
    }
}

/// Plain decimal text of a non-negative JS number (no exponent).
pub fn decimal_from_number(n: f64) -> Option<String> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let s = js_number_to_string(n);
    if !s.contains('e') {
        return Some(s);
    }
    let (mant, exp) = s.split_once('e')?;
    let exp: i32 = exp.trim_start_matches('+').parse().ok()?;
    let (i, f) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = format!("{i}{f}");
    let point = i.len() as i32 + exp;
    Some(if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    })
}

/// `^[0-9]+(\.[0-9]+)?$`
pub fn is_plain_decimal(s: &str) -> bool {
    let (i, f) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !i.is_empty()
        && i.bytes().all(|b| b.is_ascii_digit())
        && f.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Normalizes decimal text: no leading zeros, no trailing fractional zeros; at most 18 decimals
/// (a cosmos LegacyDec).
pub fn normalize_decimal(s: &str) -> Option<String> {
    if !is_plain_decimal(s) {
        return None;
    }
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    if f.len() > 18 {
        return None;
    }
    let i = if i.is_empty() { "0" } else { i };
    Some(if f.is_empty() {
        i.to_string()
    } else {
        format!("{i}.{f}")
    })
}

/// CPU from a YAML number of cores.
pub fn cpu_from_number(n: f64) -> Result<u64, String> {
    let text = decimal_from_number(n).ok_or_else(|| {
        format!(
            "CPU units `{}` must be a positive number",
            js_number_to_string(n)
        )
    })?;
    cpu_cores(&text, &text)
}

fn cpu_cores(text: &str, shown: &str) -> Result<u64, String> {
    let d = parse_dec(text).ok_or_else(|| format!("CPU units `{shown}` are not a number"))?;
    match d.times_int(1000) {
        Ok(0) => Err(format!("CPU units `{shown}` must be more than 0")),
        Ok(v) => u64::try_from(v).map_err(|_| format!("CPU units `{shown}` are too large")),
        Err(()) => Err(format!(
            "CPU units `{shown}` are not a whole number of millicores (1 core = 1000m)"
        )),
    }
}

/// CPU from text: `"0.5"` (cores) or `"500m"` (millicores).
pub fn cpu_from_str(s: &str) -> Result<u64, String> {
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    if !is_plain_decimal(num) {
        return Err(format!("CPU units `{s}` are not a number"));
    }
    match unit {
        "" => cpu_cores(num, s),
        "m" | "M" => {
            let d = parse_dec(num).ok_or_else(|| format!("CPU units `{s}` are not a number"))?;
            match d.times_int(1) {
                Ok(0) => Err(format!("CPU units `{s}` must be more than 0")),
                Ok(v) => u64::try_from(v).map_err(|_| format!("CPU units `{s}` are too large")),
                Err(()) => Err(format!(
                    "CPU units `{s}` are not a whole number of millicores"
                )),
            }
        }
        other => Err(format!(
            "unknown CPU unit `{other}` in `{s}`: only `m` (millicores) is allowed"
        )),
    }
}

/// A memory/storage size in bytes before rounding, as the TS SDK computes it (a float).
pub fn size(s: &str) -> Result<f64, String> {
    let lower = s.to_ascii_lowercase();
    let split = lower
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(lower.len());
    let (num, unit) = lower.split_at(split);
    let num_ok = !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && num.bytes().filter(|b| *b == b'.').count() <= 1
        && num != ".";
    if !num_ok {
        return Err(format!("`{s}` is not a size"));
    }
    if unit.is_empty() {
        return Err(format!("size `{s}` has no unit"));
    }
    let mut chars = unit.chars();
    let prefix = chars.next().unwrap_or(' ');
    let rest: String = chars.collect();
    let power = match "kmgtpe".find(prefix) {
        Some(p) => p as i32 + 1,
        None => return Err(format!("unknown size unit `{}` in `{s}`", &s[split..])),
    };
    let base: f64 = match rest.as_str() {
        "i" | "ib" => 1024.0,
        "" | "b" => 1000.0,
        _ => return Err(format!("unknown size unit `{}` in `{s}`", &s[split..])),
    };
    // TS: a trailing `ib` is base 1000 (only exactly `i` is binary). Keep its arithmetic.
    let base = if rest == "ib" { 1000.0 } else { base };
    let value: f64 = num.parse().map_err(|_| format!("`{s}` is not a size"))?;
    Ok(value * base.powi(power))
}

/// A reclamation window `^[1-9][0-9]*(s|m|h)$` in seconds.
pub fn parse_window(s: &str) -> Option<u64> {
    let (num, mult) = match s.as_bytes().last()? {
        b's' => (&s[..s.len() - 1], 1u64),
        b'm' => (&s[..s.len() - 1], 60),
        b'h' => (&s[..s.len() - 1], 3600),
        _ => return None,
    };
    if num.is_empty() || num.starts_with('0') || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// Endpoint names: `^[a-z]+[-_0-9a-z]+$`.
pub fn endpoint_name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    letters >= 1
        && b.len() >= 2
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

/// A GPU `ram` value as Go renders it: an integer number of Gi (`40960Mi` → `40Gi`).
pub fn gpu_ram_go(s: &str) -> Option<String> {
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, unit) = s.split_at(split);
    let v: f64 = num.parse().ok()?;
    let mult = match unit {
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => return None,
    };
    let gi = (v * mult / 1024f64.powi(3)).trunc();
    Some(format!("{}Gi", gi as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu() {
        assert_eq!(cpu_from_number(0.5), Ok(500));
        assert_eq!(cpu_from_number(1.1), Ok(1100));
        assert_eq!(cpu_from_str("100m"), Ok(100));
        assert_eq!(cpu_from_str("2"), Ok(2000));
        assert!(cpu_from_number(1.0005).is_err());
        assert!(cpu_from_str("0m").is_err());
        assert!(cpu_from_str("1x").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(size("512Mi"), Ok(536870912.0));
        assert_eq!(size("1Gi"), Ok(1073741824.0));
        assert_eq!(size("1G"), Ok(1e9));
        assert_eq!(size("1gb"), Ok(1e9));
        assert!(size("134217728").is_err());
        assert!(size("1x").is_err());
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal_from_number(1e-7).as_deref(), Some("0.0000001"));
        assert_eq!(
            decimal_from_number(1e21).as_deref(),
            Some("1000000000000000000000")
        );
        assert_eq!(normalize_decimal("0100.500").as_deref(), Some("100.5"));
        assert_eq!(normalize_decimal("1.").as_deref(), None);
    }

    #[test]
    fn windows_and_names() {
        assert_eq!(parse_window("720h"), Some(2_592_000));
        assert_eq!(parse_window("1.5h"), None);
        assert_eq!(parse_window("7d"), None);
        assert!(endpoint_name_ok("myip"));
        assert!(!endpoint_name_ok("a"));
        assert!(!endpoint_name_ok("My"));
        assert_eq!(gpu_ram_go("40960Mi").as_deref(), Some("40Gi"));
    }
}
