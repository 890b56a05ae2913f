//! Keeping the blob store and the database consistent: the check (every recorded blob exists)
//! and the sweeper (objects nobody records, older than a grace period, are removed — what a
//! crash between blob write and row commit, or an abandoned upload, leaves behind).

use fayuan_core::clock::to_micros;

use super::{BlobCheck, SweepReport};
use crate::{App, AppError};

impl App {
    /// Compares the database's blob records with the store's objects.
    pub async fn check_blobs(&self) -> Result<BlobCheck, AppError> {
        let recorded = {
            let mut tx = self.store.begin().await?;
            let addresses = tx.blob_addresses().await?;
            tx.commit().await?;
            addresses
        };
        let objects = self.blobs.list().await?;
        let stored: std::collections::BTreeSet<&str> =
            objects.iter().filter_map(|o| o.sha256.as_deref()).collect();
        let missing = recorded
            .iter()
            .filter(|a| !stored.contains(a.as_str()))
            .cloned()
            .collect();
        let recorded_set: std::collections::BTreeSet<&str> =
            recorded.iter().map(String::as_str).collect();
        let orphans = objects
            .iter()
            .filter(|o| {
                o.sha256
                    .as_deref()
                    .is_none_or(|a| !recorded_set.contains(a))
            })
            .map(|o| o.key.clone())
            .collect();
        Ok(BlobCheck {
            recorded: recorded.len(),
            missing,
            orphans,
        })
    }

    /// Removes unrecorded objects older than `grace` (uploads in flight are younger).
    pub async fn sweep_blobs(&self, grace: time::Duration) -> Result<SweepReport, AppError> {
        let check = self.check_blobs().await?;
        let cutoff = to_micros(self.clock.now() - grace);
        let objects = self.blobs.list().await?;
        let mut report = SweepReport::default();
        for object in objects.iter().filter(|o| check.orphans.contains(&o.key)) {
            if object.modified_at_us <= cutoff {
                self.blobs.delete(&object.key).await?;
                report.removed.push(object.key.clone());
            } else {
                report.young += 1;
            }
        }
        if !report.removed.is_empty() {
            tracing::info!(
                removed = report.removed.len(),
                "blob sweeper removed orphans"
            );
        }
        Ok(report)
    }

    /// Removes staging files older than the grace period (left by a crash mid-upload).
    pub async fn sweep_staging(&self) {
        let dir = self.config.staging_dir.clone();
        let grace: std::time::Duration = self.config.blob_grace.try_into().unwrap_or_default();
        let swept = tokio::task::spawn_blocking(move || -> std::io::Result<usize> {
            let mut removed = 0;
            let Ok(entries) = std::fs::read_dir(&dir) else {
                return Ok(0);
            };
            for entry in entries.flatten() {
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age > grace);
                if old && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await;
        if let Ok(Ok(removed)) = swept
            && removed > 0
        {
            tracing::info!(removed, "staging sweeper removed abandoned uploads");
        }
    }
}
