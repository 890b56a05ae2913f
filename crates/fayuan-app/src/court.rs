//! Managing courts, divisions and courtrooms (administrators), and reading the directory.

use fayuan_core::id::{CourtId, CourtroomId, DivisionId};
use fayuan_domain::accounts::check_name;
use fayuan_domain::court::{
    Court, CourtLevel, Courtroom, Division, DivisionKind, check_court_code,
};
use fayuan_domain::security::AuditOutcome;

use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// A new court.
#[derive(Debug, Clone)]
pub struct NewCourt {
    /// Full name.
    pub name: String,
    /// Level.
    pub level: CourtLevel,
    /// Court code (法院代字).
    pub code: String,
    /// Court above.
    pub parent_id: Option<CourtId>,
}

impl App {
    /// Creates a court.
    pub async fn create_court(&self, ctx: &Ctx, new: NewCourt) -> Result<Court, AppError> {
        self.authorise(
            ctx,
            Action::ManageCourts,
            Resource::System,
            "court.create",
            "court:new",
        )
        .await?;
        let court = Court {
            id: CourtId::new(),
            name: check_name(&new.name, "court.invalid_name")?,
            level: new.level,
            code: check_court_code(&new.code, new.level)?,
            parent_id: new.parent_id,
            fee_schedule: None,
        };
        let mut tx = self.store.begin().await?;
        if let Some(parent) = court.parent_id {
            tx.court(parent)
                .await?
                .ok_or_else(|| AppError::invalid("court.unknown_parent", "上级法院不存在"))?;
        }
        if let Err(e) = tx.insert_court(&court).await {
            drop(tx);
            return Err(self
                .audit_refusal(ctx, "court.create", "court:new", e.into())
                .await);
        }
        self.audit(
            &mut *tx,
            ctx,
            "court.create",
            &format!("court:{}", court.id),
            AuditOutcome::Success,
            &court.code,
        )
        .await?;
        tx.commit().await?;
        Ok(court)
    }

    /// All courts (public directory).
    pub async fn list_courts(&self) -> Result<Vec<Court>, AppError> {
        let mut tx = self.store.begin().await?;
        Ok(tx.list_courts().await?)
    }

    /// One court with its divisions and courtrooms (public directory).
    pub async fn court_detail(
        &self,
        id: CourtId,
    ) -> Result<(Court, Vec<Division>, Vec<Courtroom>), AppError> {
        let mut tx = self.store.begin().await?;
        let court = tx.court(id).await?.ok_or(AppError::NotFound)?;
        let divisions = tx.list_divisions(id).await?;
        let rooms = tx.list_courtrooms(id).await?;
        Ok((court, divisions, rooms))
    }

    /// Adds a division to a court.
    pub async fn create_division(
        &self,
        ctx: &Ctx,
        court_id: CourtId,
        name: &str,
        kind: DivisionKind,
    ) -> Result<Division, AppError> {
        self.authorise(
            ctx,
            Action::ManageCourts,
            Resource::Court(court_id),
            "court.create_division",
            &format!("court:{court_id}"),
        )
        .await?;
        let division = Division {
            id: DivisionId::new(),
            court_id,
            name: check_name(name, "court.invalid_name")?,
            kind,
        };
        let mut tx = self.store.begin().await?;
        tx.court(court_id).await?.ok_or(AppError::NotFound)?;
        if let Err(e) = tx.insert_division(&division).await {
            drop(tx);
            return Err(self
                .audit_refusal(
                    ctx,
                    "court.create_division",
                    &format!("court:{court_id}"),
                    e.into(),
                )
                .await);
        }
        self.audit(
            &mut *tx,
            ctx,
            "court.create_division",
            &format!("division:{}", division.id),
            AuditOutcome::Success,
            &division.name,
        )
        .await?;
        tx.commit().await?;
        Ok(division)
    }

    /// Adds a courtroom to a court.
    pub async fn create_courtroom(
        &self,
        ctx: &Ctx,
        court_id: CourtId,
        name: &str,
        tech: bool,
        capacity: i64,
        equipment: &str,
    ) -> Result<Courtroom, AppError> {
        if !(0..=10_000).contains(&capacity) || equipment.chars().count() > 500 {
            return Err(AppError::invalid(
                "court.courtroom",
                "座位数应为0至10000，设备说明不超过500字。",
            ));
        }
        self.authorise(
            ctx,
            Action::ManageCourts,
            Resource::Court(court_id),
            "court.create_courtroom",
            &format!("court:{court_id}"),
        )
        .await?;
        let room = Courtroom {
            id: CourtroomId::new(),
            court_id,
            name: check_name(name, "court.invalid_name")?,
            tech,
            capacity,
            equipment: equipment.trim().to_owned(),
        };
        let mut tx = self.store.begin().await?;
        tx.court(court_id).await?.ok_or(AppError::NotFound)?;
        if let Err(e) = tx.insert_courtroom(&room).await {
            drop(tx);
            return Err(self
                .audit_refusal(
                    ctx,
                    "court.create_courtroom",
                    &format!("court:{court_id}"),
                    e.into(),
                )
                .await);
        }
        self.audit(
            &mut *tx,
            ctx,
            "court.create_courtroom",
            &format!("courtroom:{}", room.id),
            AuditOutcome::Success,
            &room.name,
        )
        .await?;
        tx.commit().await?;
        Ok(room)
    }
}

impl App {
    /// Sets the fee ranges the court's province adopted within the statutory ones (诉讼费用交纳
    /// 办法 art. 13 ¶2), or returns the court to the national ranges (`None`).
    pub async fn set_fee_schedule(
        &self,
        ctx: &Ctx,
        court_id: CourtId,
        schedule: Option<fayuan_core::fee::FeeSchedule>,
    ) -> Result<Court, AppError> {
        let target = format!("court:{court_id}");
        self.authorise(
            ctx,
            Action::ManageCourts,
            Resource::Court(court_id),
            "court.fee_schedule",
            &target,
        )
        .await?;
        if let Some(s) = &schedule {
            s.validate().map_err(|e| {
                AppError::invalid(
                    "court.invalid_fee_schedule",
                    format!("收费幅度应在《诉讼费用交纳办法》规定的幅度内：{e}"),
                )
            })?;
        }
        let mut tx = self.store.begin().await?;
        let mut court = tx.court(court_id).await?.ok_or(AppError::NotFound)?;
        tx.set_fee_schedule(court_id, schedule.as_ref()).await?;
        court.fee_schedule = schedule;
        self.audit(
            &mut *tx,
            ctx,
            "court.fee_schedule",
            &target,
            AuditOutcome::Success,
            if court.fee_schedule.is_some() {
                "provincial"
            } else {
                "national"
            },
        )
        .await?;
        tx.commit().await?;
        Ok(court)
    }
}
