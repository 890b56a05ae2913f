//! `fayuan demo totp LOGIN`: the current TOTP code of a demo staff account.

use anyhow::bail;
use fayuan_app::demo::DEMO_COURT_CODE;

use crate::config::Settings;
use crate::wiring;

/// Prints the current code. Only for databases seeded by `--demo` (the demo court exists), so the
/// command cannot be used to mint codes for a real installation's staff.
pub async fn totp(settings: &Settings, login: &str) -> anyhow::Result<()> {
    let app = wiring::app(settings).await?;
    let courts = app
        .list_courts()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if !courts.iter().any(|c| c.code == DEMO_COURT_CODE) {
        bail!("this database was not seeded by `serve --demo`; refusing to print TOTP codes");
    }
    let code = app
        .current_totp(login)
        .await
        .map_err(|e| anyhow::anyhow!("{login}: {e}"))?;
    println!("{code}");
    Ok(())
}
