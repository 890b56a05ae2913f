//! The domain of fayuan: entities, value objects and legal rules per subsystem of the Rules
//! (《人民法院在线运行规则》), the store traits the database backends implement, and the ports
//! through which external systems are reached.
//!
//! Module names mirror the subsystems (ARCHITECTURE.md §2).

pub mod accounts;
pub mod court;
pub mod delivery;
pub mod docket;
pub mod documents;
pub mod dossier;
pub mod error;
pub mod evidence;
pub mod fees;
pub mod filing;
pub mod hearing;
pub mod inbox;
pub mod jobs;
pub mod ledger;
pub mod mediation;
pub mod ops;
pub mod ports;
pub mod publication;
pub mod recording;
pub mod security;
pub mod statistics;
pub mod store;

pub use error::DomainError;
