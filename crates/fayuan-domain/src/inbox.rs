//! The inbox: messages to an account about its filings and cases (a simple inbox now; the
//! delivery subsystem makes it a legal delivery channel, Rules art. 26).

use fayuan_core::id::{AccountId, NotificationId};

/// A message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Identifier.
    pub id: NotificationId,
    /// Recipient.
    pub account_id: AccountId,
    /// Subject line.
    pub subject: String,
    /// Text.
    pub body: String,
    /// Where it points (a page path), if anywhere.
    pub link: Option<String>,
    /// Sent (µs).
    pub created_at_us: i64,
    /// Read (µs).
    pub read_at_us: Option<i64>,
}
