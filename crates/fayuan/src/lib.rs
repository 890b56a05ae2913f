//! The fayuan binary's library half: configuration, wiring of the chosen backend and adapters,
//! and the command-line subcommands. `main.rs` only parses arguments and dispatches here, so the
//! integration tests can build exactly what `fayuan serve` runs.

pub mod cli;
pub mod config;
pub mod wiring;
