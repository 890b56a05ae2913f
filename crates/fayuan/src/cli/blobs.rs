//! `fayuan blobs check|sweep`: the consistency of the database and the blob store.

use crate::config::Settings;
use crate::wiring;

/// Reports recorded blobs missing from the store (must be none) and unrecorded objects.
/// Returns whether no recorded blob is missing.
pub async fn check(settings: &Settings) -> anyhow::Result<bool> {
    let app = wiring::app(settings).await?;
    let check = app
        .check_blobs()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "blobs recorded: {}; missing: {}; unrecorded objects: {}",
        check.recorded,
        check.missing.len(),
        check.orphans.len()
    );
    for missing in &check.missing {
        eprintln!("MISSING {missing}");
    }
    for orphan in &check.orphans {
        println!("unrecorded {orphan}");
    }
    Ok(check.missing.is_empty())
}

/// Removes unrecorded objects older than `grace_secs`.
pub async fn sweep(settings: &Settings, grace_secs: i64) -> anyhow::Result<()> {
    let app = wiring::app(settings).await?;
    let report = app
        .sweep_blobs(time::Duration::seconds(grace_secs.max(0)))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "removed {} unrecorded objects; kept {} younger than the grace period",
        report.removed.len(),
        report.young
    );
    Ok(())
}
