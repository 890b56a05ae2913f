//! 故障公告与服务暂停 (Rules art. 40): administrators declare an incident naming the online
//! services it stops; those answer with its notice until it is lifted (the web edge asks
//! [`App::suspended`]); lifting finds the parties' payment periods that ended inside it and
//! tells the judges, who may extend them (民事诉讼法 art. 86). Every incident stays public.

use std::sync::{Arc, RwLock};

use fayuan_core::clock::{CHINA_OFFSET, from_micros, to_micros};
use fayuan_core::id::{FeeNoticeId, IncidentId};
use fayuan_domain::fees::{FeeNotice, FeeNoticeStatus};
use fayuan_domain::ops::{
    AffectedDeadline, Incident, IncidentCause, OnlineService, check_declaration, extended_due,
};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;

use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// Incidents listed on the public page.
pub const PUBLIC_INCIDENTS: i64 = 100;
/// How often each process reloads the incidents lasting now, so that one declared through
/// another process of the installation takes effect here too.
pub const REFRESH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);
/// How often monitoring checks the database and the blob store.
pub const MONITOR_INTERVAL: std::time::Duration = std::time::Duration::from_secs(30);
/// Title of the incident monitoring opens when the database does not answer.
pub const DATABASE_DOWN: &str = "数据库不可用";
/// Title of the incident monitoring opens when the blob store takes no writes.
pub const BLOBS_DOWN: &str = "文件存储不可用";
/// Days ahead a payment period counts as threatened when an incident stops payment: its payer
/// is told at once.
const WARN_DAYS: i64 = 7;

/// The incidents lasting now, shared by every request of this process: those recorded in the
/// database, and a database outage monitoring saw (kept here until the database answers again,
/// then recorded).
#[derive(Debug, Default)]
pub struct ActiveIncidents {
    recorded: RwLock<Arc<Vec<Incident>>>,
    outage: RwLock<Option<Incident>>,
}

impl ActiveIncidents {
    /// The incidents lasting now.
    pub fn current(&self) -> Arc<Vec<Incident>> {
        let recorded = self.recorded.read().map(|g| g.clone()).unwrap_or_default();
        match self.outage.read().ok().and_then(|g| g.clone()) {
            Some(outage) => {
                let mut all = vec![outage];
                all.extend(recorded.iter().cloned());
                Arc::new(all)
            }
            None => recorded,
        }
    }

    fn replace(&self, incidents: Vec<Incident>) {
        if let Ok(mut guard) = self.recorded.write() {
            *guard = Arc::new(incidents);
        }
    }

    /// Opens the database outage unless one is open.
    fn open_outage(&self, outage: impl FnOnce() -> Incident) {
        if let Ok(mut guard) = self.outage.write()
            && guard.is_none()
        {
            *guard = Some(outage());
        }
    }

    fn take_outage(&self) -> Option<Incident> {
        self.outage.write().ok().and_then(|mut g| g.take())
    }
}

/// What an administrator declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentDraft {
    /// Short title.
    pub title: String,
    /// Cause.
    pub cause: IncidentCause,
    /// The services stopped.
    pub services: Vec<OnlineService>,
    /// The notice users see while it lasts.
    pub notice: String,
}

impl App {
    /// The incident suspending `service` now, if any (the web edge answers 503 with its notice).
    pub fn suspended(&self, service: OnlineService) -> Option<Incident> {
        self.incidents
            .current()
            .iter()
            .find(|i| i.suspends(service))
            .cloned()
    }

    /// The incidents lasting now (for the banner on every page).
    pub fn active_incidents(&self) -> Arc<Vec<Incident>> {
        self.incidents.current()
    }

    /// Reloads the incidents lasting now from the database (at start, and after each change).
    pub async fn refresh_incidents(&self) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let active = tx.incidents(true, PUBLIC_INCIDENTS).await?;
        tx.commit().await?;
        self.incidents.replace(active);
        Ok(())
    }

    /// Reloads the incidents lasting now every [`REFRESH_INTERVAL`], and runs
    /// [`App::monitor_once`] every [`MONITOR_INTERVAL`], until the task is dropped.
    pub fn spawn_incident_watch(&self) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut refresh = tokio::time::interval(REFRESH_INTERVAL);
            let mut monitor = tokio::time::interval(MONITOR_INTERVAL);
            loop {
                tokio::select! {
                    _ = refresh.tick() => {
                        if let Err(e) = app.refresh_incidents().await {
                            tracing::warn!(error = %e, "reloading the incidents failed");
                        }
                    }
                    _ = monitor.tick() => {
                        if let Err(e) = app.monitor_once().await {
                            tracing::warn!(error = %e, "monitoring failed");
                        }
                    }
                }
            }
        })
    }

    /// Every incident, newest first, for the public page (故障公告).
    pub async fn public_incidents(&self) -> Result<Vec<Incident>, AppError> {
        let mut tx = self.store.begin().await?;
        let all = tx.incidents(false, PUBLIC_INCIDENTS).await?;
        tx.commit().await?;
        Ok(all)
    }

    /// One incident (public; the periods it blocked are for staff to show).
    pub async fn incident(&self, id: IncidentId) -> Result<Incident, AppError> {
        let mut tx = self.store.begin().await?;
        let found = tx.incident(id).await?;
        tx.commit().await?;
        found.ok_or(AppError::NotFound)
    }

    /// Declares an incident: the named services stop at once with its notice. When payment
    /// stops, the payers of notices due within a week are told in their inbox that the period
    /// may be extended.
    pub async fn declare_incident(
        &self,
        ctx: &Ctx,
        draft: IncidentDraft,
    ) -> Result<Incident, AppError> {
        self.authorise(
            ctx,
            Action::ManageIncidents,
            Resource::System,
            "ops.incident_declare",
            "incident",
        )
        .await?;
        check_declaration(&draft.title, &draft.notice, &draft.services)?;
        let mut services = draft.services;
        services.sort();
        services.dedup();
        let incident = Incident {
            id: IncidentId::new(),
            title: draft.title.trim().to_owned(),
            cause: draft.cause,
            services,
            notice: draft.notice.trim().to_owned(),
            started_at_us: to_micros(self.clock.now()),
            ended_at_us: None,
            actions: String::new(),
            declared_by: ctx.actor.as_ref().map(|a| a.account_id),
            affected: Vec::new(),
        };
        self.record_declaration(ctx, &incident).await?;
        Ok(incident)
    }

    /// Stores a new incident with its audit event (and the payers' warning when payment
    /// stops), then reloads the lasting ones.
    async fn record_declaration(&self, ctx: &Ctx, incident: &Incident) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        tx.insert_incident(incident).await?;
        if incident.is_active() && incident.services.contains(&OnlineService::Payment) {
            self.warn_payers(&mut *tx, incident).await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "ops.incident_declare",
            &format!("incident:{}", incident.id),
            AuditOutcome::Success,
            &incident.title,
        )
        .await?;
        tx.commit().await?;
        self.refresh_incidents().await
    }

    /// Lifts an incident with what was done. The unpaid payment periods that ended while it
    /// stopped payment are recorded on it, and the judges of their cases (or, unassigned, the
    /// payers alone) are told that the period may be extended.
    pub async fn lift_incident(
        &self,
        ctx: &Ctx,
        id: IncidentId,
        actions: &str,
    ) -> Result<Incident, AppError> {
        self.authorise(
            ctx,
            Action::ManageIncidents,
            Resource::System,
            "ops.incident_lift",
            &format!("incident:{id}"),
        )
        .await?;
        self.record_lift(ctx, id, actions).await
    }

    /// Ends a stored incident with what was done, records the payment periods it blocked and
    /// tells of them, audits, then reloads the lasting ones.
    async fn record_lift(
        &self,
        ctx: &Ctx,
        id: IncidentId,
        actions: &str,
    ) -> Result<Incident, AppError> {
        let mut tx = self.store.begin().await?;
        let mut incident = tx.incident(id).await?.ok_or(AppError::NotFound)?;
        incident.lift(to_micros(self.clock.now()), actions)?;
        if incident.services.contains(&OnlineService::Payment) {
            incident.affected = self.blocked_periods(&mut *tx, &incident).await?;
            self.tell_of_blocked_periods(&mut *tx, &incident).await?;
        }
        tx.update_incident(&incident).await?;
        self.audit(
            &mut *tx,
            ctx,
            "ops.incident_lift",
            &format!("incident:{id}"),
            AuditOutcome::Success,
            &format!("{} affected periods", incident.affected.len()),
        )
        .await?;
        tx.commit().await?;
        self.refresh_incidents().await?;
        Ok(incident)
    }

    /// Checks the database and the blob store once (Rules art. 40: 监测). A database that does
    /// not answer opens an outage suspending every service, held in memory (there is nowhere
    /// else to write it) and recorded, ended, once the database answers again; a blob store
    /// that takes no writes opens an incident suspending the services that store files, lifted
    /// when it takes them again.
    pub async fn monitor_once(&self) -> Result<(), AppError> {
        let ctx = Ctx::anonymous("monitor");
        let now_us = to_micros(self.clock.now());
        if let Err(e) = self.store.ping().await {
            tracing::error!(error = %e, "the database does not answer: services suspended");
            self.incidents.open_outage(|| {
                automatic(
                    DATABASE_DOWN,
                    OnlineService::ALL.to_vec(),
                    "系统故障，在线服务暂停，恢复后另行公告。",
                    now_us,
                )
            });
            return Ok(());
        }
        if let Some(mut outage) = self.incidents.take_outage() {
            outage.lift(now_us, "数据库恢复连接，监控自动解除。")?;
            self.record_declaration(&ctx, &outage).await?;
        }
        let open = self
            .incidents
            .current()
            .iter()
            .find(|i| i.declared_by.is_none() && i.title == BLOBS_DOWN)
            .map(|i| i.id);
        match (self.blobs.check().await, open) {
            (Err(e), None) => {
                tracing::error!(error = %e, "the blob store takes no writes: services suspended");
                let incident = automatic(
                    BLOBS_DOWN,
                    vec![
                        OnlineService::Filing,
                        OnlineService::Dossier,
                        OnlineService::Delivery,
                    ],
                    "文件存储故障，网上立案、材料提交和电子送达暂停，恢复后另行公告。",
                    now_us,
                );
                self.record_declaration(&ctx, &incident).await
            }
            (Ok(()), Some(id)) => self
                .record_lift(&ctx, id, "文件存储恢复，监控自动解除。")
                .await
                .map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Extends a payment period an incident blocked (民事诉讼法 art. 86): the days of the period
    /// it took are given back after it ended. For those who manage the case's time limits.
    pub async fn extend_for_incident(
        &self,
        ctx: &Ctx,
        id: IncidentId,
        notice: FeeNoticeId,
    ) -> Result<FeeNotice, AppError> {
        let mut tx = self.store.begin().await?;
        let mut incident = tx.incident(id).await?.ok_or(AppError::NotFound)?;
        let Some(entry) = incident
            .affected
            .iter()
            .position(|a| a.fee_notice_id == notice)
        else {
            return Err(AppError::NotFound);
        };
        let case_id = incident.affected[entry].case_id;
        let (mut tx, mut case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::ManageTimeLimit,
                "fees.incident_extension",
            )
            .await?;
        if incident.affected[entry].extended_to.is_some() {
            return Err(AppError::Conflict {
                code: "incident.extended",
                message: "该期限已经顺延。".into(),
            });
        }
        let mut fee = tx.fee_notice(notice).await?.ok_or(AppError::NotFound)?;
        let (first, last) = incident.days(self.clock.today_in_china());
        let issued = from_micros(fee.issued_at_us).to_offset(CHINA_OFFSET).date();
        let to = extended_due(issued, fee.due_on, first, last)
            .ok_or_else(|| AppError::invalid("incident.not_blocked", "该期限未因故障耽误。"))?;
        if fee.status != FeeNoticeStatus::Unpaid {
            return Err(AppError::invalid(
                "incident.not_unpaid",
                format!("该交费通知已{}，无需顺延。", fee.status.label()),
            ));
        }
        fee.due_on = to;
        tx.update_fee_notice(&fee).await?;
        if case.fee_overdue && to >= self.clock.today_in_china() {
            case.fee_overdue = false;
            tx.update_case(&case).await?;
        }
        incident.affected[entry].extended_to = Some(to);
        tx.update_incident(&incident).await?;
        self.notify(
            &mut *tx,
            fee.payer_id,
            "交费期限已顺延",
            &format!(
                "因“{}”，{}的交费期限依照《中华人民共和国民事诉讼法》第八十六条顺延至{to}。",
                incident.title, case.case_number
            ),
            Some(format!("/cases/{}", case.id)),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "fees.incident_extension",
            &format!("case:{}", case.id),
            AuditOutcome::Success,
            &format!("fee_notice:{notice} → {to} (incident:{id})"),
        )
        .await?;
        tx.commit().await?;
        Ok(fee)
    }

    /// Tells the payers of unpaid notices due within [`WARN_DAYS`] that payment stopped.
    async fn warn_payers(&self, tx: &mut dyn Tx, incident: &Incident) -> Result<(), AppError> {
        let today = self.clock.today_in_china();
        let horizon = today + time::Duration::days(WARN_DAYS + 1);
        for fee in tx.unpaid_fee_notices_due_before(horizon).await? {
            if fee.due_on < today {
                continue;
            }
            self.notify(
                tx,
                fee.payer_id,
                "网上交费暂停",
                &format!(
                    "{}：{}。您的交费期限至{}，因故障耽误的，可依照《中华人民共和国民事诉讼法》第八十六条申请顺延。",
                    incident.title, incident.notice, fee.due_on
                ),
                Some("/incidents".to_owned()),
            )
            .await?;
        }
        Ok(())
    }

    /// The unpaid payment periods whose last day fell on a day the incident covered.
    async fn blocked_periods(
        &self,
        tx: &mut dyn Tx,
        incident: &Incident,
    ) -> Result<Vec<AffectedDeadline>, AppError> {
        let (first, last) = incident.days(self.clock.today_in_china());
        let mut affected = Vec::new();
        let Some(after_last) = last.next_day() else {
            return Ok(affected);
        };
        for fee in tx.unpaid_fee_notices_due_before(after_last).await? {
            if fee.due_on < first {
                continue;
            }
            let Some(case) = tx.case(fee.case_id).await? else {
                continue;
            };
            affected.push(AffectedDeadline {
                case_id: case.id,
                case_number: case.case_number,
                fee_notice_id: fee.id,
                due_on: fee.due_on,
                extended_to: None,
            });
        }
        Ok(affected)
    }

    /// Tells the judge of each affected case and each payer.
    async fn tell_of_blocked_periods(
        &self,
        tx: &mut dyn Tx,
        incident: &Incident,
    ) -> Result<(), AppError> {
        for a in &incident.affected {
            let Some(case) = tx.case(a.case_id).await? else {
                continue;
            };
            let text = format!(
                "“{}”期间，{}的交费期限（{}）届满，可依照《中华人民共和国民事诉讼法》第八十六条顺延。",
                incident.title, a.case_number, a.due_on
            );
            if let Some(judge) = case.judge_id {
                self.notify(
                    tx,
                    judge,
                    "期限受故障影响",
                    &text,
                    Some(format!("/incidents/{}", incident.id)),
                )
                .await?;
            }
            if let Some(fee) = tx.fee_notice(a.fee_notice_id).await? {
                self.notify(
                    tx,
                    fee.payer_id,
                    "期限受故障影响",
                    &text,
                    Some(format!("/cases/{}", case.id)),
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// An incident monitoring opens (no one declared it).
fn automatic(title: &str, services: Vec<OnlineService>, notice: &str, at_us: i64) -> Incident {
    Incident {
        id: IncidentId::new(),
        title: title.to_owned(),
        cause: IncidentCause::Fault,
        services,
        notice: notice.to_owned(),
        started_at_us: at_us,
        ended_at_us: None,
        actions: String::new(),
        declared_by: None,
        affected: Vec::new(),
    }
}
