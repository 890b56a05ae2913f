//! Vocabulary of fayuan shared by every layer: typed identifiers, money in fen, instants and
//! civil dates, identity-number and credit-code validation, one-time passwords, and the legal
//! rules that are pure functions (case numbers, fees, periods, time limits).
//!
//! Nothing here does I/O or is async.

pub mod calendar;
pub mod case_number;
pub mod cause;
pub mod clock;
pub mod digest;
pub mod fee;
pub mod id;
pub mod identity;
pub mod money;
pub mod period;
pub mod rule_error;
pub mod str_enum;
pub mod time_limit;
pub mod totp;
