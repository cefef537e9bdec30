//! Append-only receipt store with fsync and the per-context mutation lock.
