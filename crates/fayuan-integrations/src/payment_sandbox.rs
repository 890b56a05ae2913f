//! The payment sandbox: a built-in page (`/sandbox/pay/{payment}`) plays the bank; when the payer
//! clicks pay, the sandbox signs a notification with the shared secret exactly as a real gateway
//! would, and the application verifies it through the same callback path.

use fayuan_domain::fees::{Payment, PaymentNotification, sign_notification, verify_notification};
use fayuan_domain::ports::PaymentGateway;

/// The sandbox gateway with its callback secret.
#[derive(Clone)]
pub struct SandboxPaymentGateway {
    secret: Vec<u8>,
}

impl SandboxPaymentGateway {
    /// A sandbox signing with `secret`.
    pub fn new(secret: Vec<u8>) -> Self {
        Self { secret }
    }
}

impl PaymentGateway for SandboxPaymentGateway {
    fn checkout_url(&self, payment: &Payment) -> String {
        format!("/sandbox/pay/{}", payment.id)
    }

    fn verify_callback(&self, body: &[u8], signature: &str) -> bool {
        verify_notification(&self.secret, body, signature)
    }

    fn sandbox_callback(&self, payment: &Payment, succeed: bool) -> Option<(Vec<u8>, String)> {
        let notification = PaymentNotification {
            payment_id: payment.id.to_string(),
            amount_fen: payment.amount.0,
            status: if succeed { "succeeded" } else { "failed" }.into(),
            gateway_ref: format!("SANDBOX-{}", payment.id.0.simple()),
        };
        let body = serde_json::to_vec(&notification).ok()?;
        let signature = sign_notification(&self.secret, &body);
        Some((body, signature))
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}
