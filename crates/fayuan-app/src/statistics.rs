//! 司法数据公开 (Rules art. 9, issue #9): the public caseload statistics of one court or of all,
//! over a range of months, for everyone and without logging in. The counting and the suppression
//! of small counts are the domain's (`fayuan_domain::statistics`); this use case reads the rows
//! and the courts and hands back only what may be published.

use fayuan_core::id::CourtId;
use fayuan_domain::court::Court;
use fayuan_domain::statistics::{Month, MonthRange, Statistics, publish};

use crate::{App, AppError};

/// The public statistics of a range, ready to show.
#[derive(Debug, Clone)]
pub struct PublicStatistics {
    /// The court chosen, or `None` for every court.
    pub court: Option<Court>,
    /// Every court, in the directory's order (the choice offered, and the names of the per-court
    /// lines).
    pub courts: Vec<Court>,
    /// The figures, suppressed.
    pub figures: Statistics,
}

impl PublicStatistics {
    /// The name of a court of the per-court lines.
    pub fn court_name(&self, id: CourtId) -> &str {
        self.courts
            .iter()
            .find(|c| c.id == id)
            .map_or("", |c| c.name.as_str())
    }
}

impl App {
    /// The caseload of a court (or every court) from `from` through `to` (months, China time):
    /// by default the last twelve months up to the current one. Refused (`statistics.range`)
    /// when `from` is after `to` or the range passes 60 months; an unknown court is not found.
    /// Public: no actor, nothing audited (like every public read).
    pub async fn public_statistics(
        &self,
        court: Option<CourtId>,
        from: Option<Month>,
        to: Option<Month>,
    ) -> Result<PublicStatistics, AppError> {
        let range = MonthRange::requested(self.clock.today_in_china(), from, to)?;
        let mut tx = self.store.begin().await?;
        let courts = tx.list_courts().await?;
        let chosen = match court {
            Some(id) => Some(
                courts
                    .iter()
                    .find(|c| c.id == id)
                    .cloned()
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let rows = tx.caseload(court, range.start(), range.end()).await?;
        tx.commit().await?;
        let listed: Vec<CourtId> = match chosen {
            Some(_) => Vec::new(),
            None => courts.iter().map(|c| c.id).collect(),
        };
        Ok(PublicStatistics {
            figures: publish(&range, &listed, &rows),
            court: chosen,
            courts,
        })
    }
}
