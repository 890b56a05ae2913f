//! Ports: how the domain reaches systems outside the court (ARCHITECTURE.md §3). Each has a real
//! adapter where one exists and a built-in sandbox (`fayuan-integrations`).

use async_trait::async_trait;

use crate::DomainError;
use crate::accounts::Verification;
use crate::fees::Payment;

/// An identity to be checked against the public-security household registry (Rules art. 14 ¶3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityClaim {
    /// A natural person: identity number and real name.
    Person {
        /// Validated citizen identity number.
        id_number: String,
        /// Claimed name.
        name: String,
    },
    /// An organisation: credit code, name and legal representative.
    Organisation {
        /// Validated unified social credit code.
        uscc: String,
        /// Claimed name.
        name: String,
        /// Claimed legal representative.
        legal_representative: String,
    },
    /// A lawyer: identity plus practising licence.
    Lawyer {
        /// Validated citizen identity number.
        id_number: String,
        /// Claimed name.
        name: String,
        /// Practising licence number.
        licence_number: String,
    },
}

/// What the registry answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCheck {
    /// Verified or rejected.
    pub verification: Verification,
    /// Explanation shown to the user (Chinese).
    pub note: String,
}

/// The identity registry (公安户籍核验, 市场监管登记, 律师执业信息).
#[async_trait]
pub trait IdentityRegistry: Send + Sync {
    /// Checks a claimed identity.
    async fn verify(&self, claim: &IdentityClaim) -> Result<IdentityCheck, DomainError>;
    /// Whether this is the built-in sandbox (shown as 沙箱 in the UI).
    fn is_sandbox(&self) -> bool;
}

/// Text messages to mobile phones: verification codes and notifications.
#[async_trait]
pub trait SmsGateway: Send + Sync {
    /// Sends `text` to `phone`.
    async fn send(&self, phone: &str, text: &str) -> Result<(), DomainError>;
}

/// The online payment channel (网上支付通道, Rules art. 18): sends the payer to pay, and checks
/// the signed notifications it calls back with.
pub trait PaymentGateway: Send + Sync {
    /// Where the payer's browser goes to pay this payment.
    fn checkout_url(&self, payment: &Payment) -> String;
    /// Whether `signature` is the gateway's signature of a callback `body`.
    fn verify_callback(&self, body: &[u8], signature: &str) -> bool;
    /// The sandbox only: the signed callback (body, signature) its simulated bank sends when the
    /// payer pays (`succeed`) or abandons. Real gateways answer `None`.
    fn sandbox_callback(&self, payment: &Payment, succeed: bool) -> Option<(Vec<u8>, String)>;
    /// Whether this is the built-in sandbox.
    fn is_sandbox(&self) -> bool;
}
