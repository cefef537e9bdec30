//! Token amounts: integer `Coin` amounts and 18-decimal `LegacyDec` amounts, as `u128`.

/// 10^18, the LegacyDec scale.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// Parses an integer Coin amount (`"5000"`).
pub fn parse_int(s: &str) -> Option<u128> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses LegacyDec wire atomics (`"1000000000000000000000"` = 1000).
pub fn parse_atomics(s: &str) -> Option<u128> {
    parse_int(s)
}

/// Parses a decimal text (`"1000"`, `"0.5"`, `"1000.000000000000000000"`) into atomics.
pub fn parse_dec(s: &str) -> Option<u128> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if frac.len() > 18 || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let int = if int.is_empty() { 0 } else { parse_int(int)? };
    let mut frac_v: u128 = 0;
    if !frac.is_empty() {
        frac_v = parse_int(frac)?;
        frac_v *= 10u128.pow(18 - frac.len() as u32);
    }
    int.checked_mul(SCALE)?.checked_add(frac_v)
}

/// Formats atomics as the gateway JSON does: `"1000.000000000000000000"`.
pub fn fmt_dec(atomics: u128) -> String {
    format!("{}.{:018}", atomics / SCALE, atomics % SCALE)
}

/// Formats atomics as a normalized decimal (`"1000"`, `"0.5"`).
pub fn fmt_dec_short(atomics: u128) -> String {
    let int = atomics / SCALE;
    let frac = atomics % SCALE;
    if frac == 0 {
        return int.to_string();
    }
    let f = format!("{frac:018}");
    format!("{int}.{}", f.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(parse_dec("1000"), Some(1000 * SCALE));
        assert_eq!(parse_dec("0.5"), Some(SCALE / 2));
        assert_eq!(fmt_dec(1000 * SCALE), "1000.000000000000000000");
        assert_eq!(fmt_dec_short(SCALE / 2), "0.5");
        assert_eq!(parse_dec("1.2.3"), None);
        assert_eq!(parse_dec("-1"), None);
        assert_eq!(parse_int(""), None);
    }
}
