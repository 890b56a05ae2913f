//! The subcommands of `fayuan`.

pub mod audit;
pub mod blobs;
pub mod calc;
pub mod demo;
pub mod ledger;
pub mod mask;
pub mod serve;
pub mod user;
