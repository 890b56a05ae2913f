//! Vocabulary of fayuan shared by every layer: typed identifiers, money in fen, instants and
//! civil dates, identity-number and credit-code validation, one-time passwords, and the legal
//!
//! Nothing here does I/O or is async.

pub mod clock;
pub mod id;
pub mod identity;
pub mod money;
pub mod str_enum;
pub mod totp;
