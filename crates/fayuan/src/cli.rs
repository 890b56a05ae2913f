//! The subcommands of `fayuan`.

pub mod audit;
pub mod backup;
pub mod blobs;
pub mod calc;
pub mod demo;
pub mod ledger;
pub mod mask;
pub mod restore;
pub mod serve;
pub mod user;
