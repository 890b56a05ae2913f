//! The SMS sandbox: messages are recorded in the database (visible to administrators at
//! `/staff/admin/sms`) and logged, never sent.

use std::sync::Arc;

use async_trait::async_trait;
use fayuan_core::clock::{Clock, to_micros};
use fayuan_domain::DomainError;
use fayuan_domain::ports::SmsGateway;
use fayuan_domain::store::{SmsRecord, Store};

/// The sandbox gateway.
#[derive(Clone)]
pub struct SandboxSmsGateway {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl SandboxSmsGateway {
    /// A sandbox writing to the given store.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

#[async_trait]
impl SmsGateway for SandboxSmsGateway {
    async fn send(&self, phone: &str, text: &str) -> Result<(), DomainError> {
        let mut tx = self.store.begin().await?;
        tx.insert_sms(&SmsRecord {
            phone: phone.to_string(),
            text: text.to_string(),
            at_us: to_micros(self.clock.now()),
        })
        .await?;
        tx.commit().await
    }
}
