//! `cosmossdk.io/math.LegacyDec` text forms: 18 fractional digits; wire = integer "atomics".

/// Number of fractional digits of a LegacyDec.
pub const PRECISION: usize = 18;

/// `"1000.5"` → `"1000500000000000000000"`. Accepts an optional leading `-`, digits, an optional
/// point and at most 18 fractional digits. No exponent, no `+`, no spaces.
pub fn decimal_to_atomics(s: &str) -> Result<String, String> {
    let bad =
        || format!("`{s}` is not a decimal amount (digits, optional point, at most 18 decimals)");
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > PRECISION
        || (body.contains('.') && (int.is_empty() || frac.is_empty()))
    {
        return Err(bad());
    }
    let mut digits = String::with_capacity(int.len() + PRECISION);
    digits.push_str(int);
    digits.push_str(frac);
    digits.extend(std::iter::repeat_n('0', PRECISION - frac.len()));
    let trimmed = digits.trim_start_matches('0');
    let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
    if trimmed.len() > 78 {
        return Err(format!("`{s}` is too large for a LegacyDec"));
    }
    Ok(if neg && trimmed != "0" {
        format!("-{trimmed}")
    } else {
        trimmed.to_string()
    })
}

/// `"1000500000000000000000"` → `"1000.500000000000000000"`.
pub fn atomics_to_decimal(atomics: &str) -> Result<String, String> {
    if atomics.is_empty() {
        return Ok("0.000000000000000000".to_string());
    }
    let (neg, digits) = match atomics.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, atomics),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{atomics}` is not a LegacyDec atomics integer"));
    }
    let digits = digits.trim_start_matches('0');
    let padded = format!("{digits:0>width$}", width = PRECISION + 1);
    let (int, frac) = padded.split_at(padded.len() - PRECISION);
    Ok(format!("{}{int}.{frac}", if neg { "-" } else { "" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(
            decimal_to_atomics("1000").unwrap(),
            "1000000000000000000000"
        );
        assert_eq!(decimal_to_atomics("0.5").unwrap(), "500000000000000000");
        assert_eq!(decimal_to_atomics("0").unwrap(), "0");
        assert_eq!(
            atomics_to_decimal("1000000000000000000000").unwrap(),
            "1000.000000000000000000"
        );
        assert_eq!(
            atomics_to_decimal("500000000000000000").unwrap(),
            "0.500000000000000000"
        );
        assert_eq!(atomics_to_decimal("0").unwrap(), "0.000000000000000000");
        assert_eq!(
            decimal_to_atomics("1000.000000000000000000").unwrap(),
            "1000000000000000000000"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "1e3",
            "1.",
            ".5",
            "abc",
            "1.0000000000000000001",
            "+1",
            "1 0",
        ] {
            assert!(decimal_to_atomics(bad).is_err(), "{bad}");
        }
        assert!(atomics_to_decimal("1.5").is_err());
    }
}
