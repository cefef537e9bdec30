use std::fmt;

use rand::{CryptoRng, RngCore};
use zeroize::{Zeroize, Zeroizing};

use super::KeyError;

/// A BIP39 English mnemonic (12, 15, 18, 21 or 24 words; vmc generates 12 or 24). Debug/Display redact; the words are wiped on drop.
pub struct Mnemonic(bip39::Mnemonic);

impl Mnemonic {
    /// Parse a mnemonic (any whitespace between words, case-insensitive).
    ///
    /// Errors name the position of an unknown word, a wrong word count or a bad checksum.
    pub fn parse(phrase: &str) -> Result<Mnemonic, KeyError> {
        let normalized = Zeroizing::new(
            phrase
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let count = normalized.split(' ').filter(|w| !w.is_empty()).count();
        if !matches!(count, 12 | 15 | 18 | 21 | 24) {
            // Still name an unknown word first if there is one: it is the likelier mistake.
            if let Err(bip39::Error::UnknownWord(i)) =
                bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            {
                return Err(KeyError::UnknownWord { position: i + 1 });
            }
            return Err(KeyError::WordCount(count));
        }
        match bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized) {
            Ok(m) => Ok(Mnemonic(m)),
            Err(bip39::Error::UnknownWord(i)) => Err(KeyError::UnknownWord { position: i + 1 }),
            Err(bip39::Error::InvalidChecksum) => Err(KeyError::BadChecksum),
            Err(bip39::Error::BadWordCount(c)) => Err(KeyError::WordCount(c)),
            Err(e) => Err(KeyError::InvalidMnemonic(e.to_string())),
        }
    }

    /// A fresh random mnemonic of 12 or 24 words from a cryptographic RNG.
    pub fn generate<R: RngCore + CryptoRng>(
        words: usize,
        rng: &mut R,
    ) -> Result<Mnemonic, KeyError> {
        let len = match words {
            12 => 16,
            24 => 32,
            n => return Err(KeyError::WordCount(n)),
        };
        let mut entropy = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(&mut entropy[..len]);
        bip39::Mnemonic::from_entropy_in(bip39::Language::English, &entropy[..len])
            .map(Mnemonic)
            .map_err(|e| KeyError::InvalidMnemonic(e.to_string()))
    }

    /// Number of words (12 or 24).
    pub fn word_count(&self) -> usize {
        self.0.word_count()
    }

    /// The words, space separated. Handle with care: this is the secret.
    pub fn expose_phrase(&self) -> Zeroizing<String> {
        let mut out = String::new();
        for (i, w) in self.0.words().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
        Zeroizing::new(out)
    }

    /// The BIP39 seed with an empty passphrase (what Cosmos wallets use).
    pub(crate) fn seed(&self) -> Zeroizing<[u8; 64]> {
        Zeroizing::new(self.0.to_seed_normalized(""))
    }
}

impl Clone for Mnemonic {
    fn clone(&self) -> Self {
        Mnemonic(self.0.clone())
    }
}

impl Drop for Mnemonic {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mnemonic([REDACTED {} words])", self.word_count())
    }
}

impl fmt::Display for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED mnemonic]")
    }
}
