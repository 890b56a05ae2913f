//! `fayuan audit verify`: checks the audit log's hash chain.

use crate::config::Settings;
use crate::wiring;

/// Verifies the chain; prints the verdict. Returns whether it is intact.
pub async fn verify(settings: &Settings) -> anyhow::Result<bool> {
    let app = wiring::app(settings).await?;
    match app
        .verify_audit_chain()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        Ok(count) => {
            println!("audit chain intact: {count} events verified");
            Ok(true)
        }
        Err(broken) => {
            eprintln!("audit chain BROKEN: {broken}");
            Ok(false)
        }
    }
}
