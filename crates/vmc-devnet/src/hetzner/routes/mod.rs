//! The HTTP routes of the API and of the admin side.

pub mod actions;
pub mod admin;
pub mod catalog;
pub mod server_actions;
pub mod servers;
pub mod ssh_keys;
