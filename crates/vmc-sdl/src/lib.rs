//! Pure Akash SDL engine: parse, validate, groups, manifest, hash, eligibility.

pub mod groups;

pub use groups::GroupSpec;
