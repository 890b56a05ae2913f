//! Statistics of a court's mediations (在线调解规则 art. 27: 业绩评价): by status, by
//! organisation and by mediator, with durations and success rates.

use std::collections::BTreeMap;

use fayuan_core::id::{AccountId, CourtId};
use fayuan_domain::mediation::{Mediation, MediationStatus};

use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// Counts for a group of mediations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The group's name.
    pub name: String,
    /// All mediations.
    pub total: usize,
    /// Not yet over.
    pub open: usize,
    /// Ended in a settlement.
    pub settled: usize,
    /// Ended without one (failed or withdrawn).
    pub unsettled: usize,
    /// Sum of the durations of ended mediations, in days.
    days: i64,
}

impl Tally {
    fn add(&mut self, m: &Mediation) {
        self.total += 1;
        match m.status {
            MediationStatus::Settled => self.settled += 1,
            MediationStatus::Failed | MediationStatus::Withdrawn => self.unsettled += 1,
            _ => self.open += 1,
        }
        if let Some(ended) = m.ended_at_us {
            self.days += (ended - m.created_at_us).max(0) / 86_400_000_000;
        }
    }

    /// Settled among ended mediations, in per mille (None when none ended).
    pub fn success_permille(&self) -> Option<i64> {
        let ended = i64::try_from(self.settled + self.unsettled).ok()?;
        let settled = i64::try_from(self.settled).ok()?;
        (ended > 0).then(|| settled * 1000 / ended)
    }

    /// The mean duration of ended mediations in days (rounded down), None when none ended.
    pub fn mean_days(&self) -> Option<i64> {
        let ended = i64::try_from(self.settled + self.unsettled).ok()?;
        (ended > 0).then(|| self.days / ended)
    }
}

/// A court's mediation statistics.
#[derive(Debug, Clone, Default)]
pub struct MediationStatistics {
    /// Every mediation.
    pub overall: Tally,
    /// Count per status, in the order of the statuses.
    pub by_status: Vec<(MediationStatus, usize)>,
    /// Per organisation (the court's own mediators under 本院调解员, unassigned under 未确定).
    pub by_organisation: Vec<Tally>,
    /// Per mediator.
    pub by_mediator: Vec<Tally>,
}

impl App {
    /// The statistics of the court's mediations, for its filing division and leaders.
    pub async fn mediation_statistics(
        &self,
        ctx: &Ctx,
        court: CourtId,
    ) -> Result<MediationStatistics, AppError> {
        let tx = self.store.begin().await?;
        let mut tx = self
            .authorise_in(
                tx,
                ctx,
                Action::ManageMediation,
                Resource::Court(court),
                "mediation.statistics",
                &format!("court:{court}"),
            )
            .await?;
        let mediations = tx.mediations_of_court(court).await?;
        let mediators = tx.mediators(Some(court)).await?;
        let organisations = tx.organisations(Some(court)).await?;
        let mut names: BTreeMap<AccountId, String> = BTreeMap::new();
        for m in mediations.iter().filter_map(|m| m.mediator_id) {
            if let std::collections::btree_map::Entry::Vacant(e) = names.entry(m) {
                e.insert(tx.account(m).await?.map(|a| a.name).unwrap_or_default());
            }
        }
        tx.commit().await?;
        let mut stats = MediationStatistics::default();
        let mut by_org: BTreeMap<String, Tally> = BTreeMap::new();
        let mut by_mediator: BTreeMap<String, Tally> = BTreeMap::new();
        for m in &mediations {
            stats.overall.add(m);
            let organisation = match m.mediator_id {
                None => "未确定调解员".to_owned(),
                Some(id) => mediators
                    .iter()
                    .find(|e| e.account_id == id)
                    .and_then(|e| e.organisation_id)
                    .and_then(|o| organisations.iter().find(|x| x.id == o))
                    .map_or("本院调解员".to_owned(), |o| o.name.clone()),
            };
            by_org.entry(organisation).or_default().add(m);
            if let Some(id) = m.mediator_id {
                let name = names.get(&id).cloned().unwrap_or_default();
                by_mediator.entry(name).or_default().add(m);
            }
        }
        stats.by_status = MediationStatus::ALL
            .iter()
            .map(|s| (*s, mediations.iter().filter(|m| m.status == *s).count()))
            .collect();
        let named = |map: BTreeMap<String, Tally>| -> Vec<Tally> {
            map.into_iter()
                .map(|(name, tally)| Tally { name, ..tally })
                .collect()
        };
        stats.overall.name = "合计".into();
        stats.by_organisation = named(by_org);
        stats.by_mediator = named(by_mediator);
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_means_ignore_open_mediations() {
        let mut t = Tally {
            total: 5,
            open: 1,
            settled: 3,
            unsettled: 1,
            days: 41,
            ..Tally::default()
        };
        assert_eq!(t.success_permille(), Some(750));
        assert_eq!(t.mean_days(), Some(10));
        t.settled = 0;
        t.unsettled = 0;
        assert_eq!(t.success_permille(), None);
        assert_eq!(t.mean_days(), None);
    }
}
