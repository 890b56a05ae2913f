//! The one error type of the domain and of the store traits.

/// A failure of a domain rule or of the store behind the traits. Store implementations map their
/// driver errors into these variants so no driver type leaks past the trait.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Input broke a rule; `code` is stable (also the i18n key), `message` is for people (Chinese).
    #[error("{message}")]
    Invalid {
        /// Stable snake_case code such as `accounts.weak_password`.
        code: &'static str,
        /// Human-readable explanation.
        message: String,
    },
    /// A uniqueness rule was violated; `what` names the unique thing (`id_number`, `phone`, …).
    #[error("already exists: {what}")]
    Conflict {
        /// The unique field or constraint that collided.
        what: String,
    },
    /// The addressed row does not exist.
    #[error("not found")]
    NotFound,
    /// The database refused or failed; the text is for logs only.
    #[error("storage failure: {0}")]
    Storage(String),
    /// The audit chain is broken at the given sequence number.
    #[error("audit chain broken at event {seq}: {reason}")]
    AuditChainBroken {
        /// Sequence number of the first event that fails verification.
        seq: i64,
        /// What failed.
        reason: String,
    },
}

impl DomainError {
    /// Shorthand for [`DomainError::Invalid`].
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            code,
            message: message.into(),
        }
    }
}
