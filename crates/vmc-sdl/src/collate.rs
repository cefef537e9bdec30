//! String orderings: byte order (Go `sort.Strings`) and an approximation of JS
//! `String.prototype.localeCompare` (ICU root collation) for the ASCII names SDLs use.

use std::cmp::Ordering;

/// ICU root order of ASCII punctuation and symbols (they sort before digits and letters).
const PUNCT: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

fn primary(c: char) -> (u32, u32) {
    if c.is_whitespace() {
        return (0, c as u32);
    }
    if let Some(i) = PUNCT.find(c) {
        return (1, i as u32);
    }
    if c.is_ascii_digit() {
        return (2, c as u32);
    }
    if c.is_ascii_alphabetic() {
        return (3, c.to_ascii_lowercase() as u32);
    }
    (4, c as u32)
}

/// Compares like `a.localeCompare(b)` for ASCII text: punctuation < digits < letters, letters
/// case-insensitive first, then lower case before upper case.
pub fn locale_cmp(a: &str, b: &str) -> Ordering {
    let pa = a.chars().map(primary);
    let pb = b.chars().map(primary);
    match pa.cmp(pb) {
        Ordering::Equal => {}
        o => return o,
    }
    // Tertiary: lower case before upper case.
    let ta = a.chars().map(|c| c.is_ascii_uppercase());
    let tb = b.chars().map(|c| c.is_ascii_uppercase());
    match ta.cmp(tb) {
        Ordering::Equal => a.cmp(b),
        o => o,
    }
}

/// The ordering a convention uses for names.
pub fn name_cmp(conv: crate::Convention, a: &str, b: &str) -> Ordering {
    match conv {
        crate::Convention::Ts => locale_cmp(a, b),
        crate::Convention::Go => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders() {
        assert_eq!(locale_cmp("a_b", "a1"), Ordering::Less);
        assert_eq!(locale_cmp("B", "a"), Ordering::Greater);
        assert_eq!(locale_cmp("a", "A"), Ordering::Less);
        assert_eq!(locale_cmp("web", "web-2"), Ordering::Less);
        assert_eq!(locale_cmp("region", "host"), Ordering::Greater);
    }
}
