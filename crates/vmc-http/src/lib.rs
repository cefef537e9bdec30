//! Shared HTTP plumbing: client builder, retries with backoff, redaction.
