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

/// How an account wants new inbox messages announced besides the inbox itself (a notice with a
/// link, never the content).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotifyPreferences {
    /// By text message to the account's phone.
    pub by_sms: bool,
    /// By e-mail to the account's address.
    pub by_email: bool,
}
