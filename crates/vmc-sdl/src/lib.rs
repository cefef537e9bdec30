//! Pure Akash SDL engine: parse, validate, groups, manifest, hash, eligibility.
