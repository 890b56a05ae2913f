//! The roster (名册管理, 在线调解规则 arts. 5, 27–29): the court invites organisations and
//! appoints, suspends and removes mediators; an organisation's manager nominates its own people
//! (the court appoints them), suspends or reinstates them and keeps their profiles; everyone may
//! read the public roster.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, CourtId, OrganisationId};
use fayuan_domain::accounts::{AccountKind, Role, Verification};
use fayuan_domain::mediation::roster::{
    Mediator, MediatorProfile, Organisation, OrganisationKind, RosterStatus,
};
use fayuan_domain::mediation::{MAX_NOTE_CHARS, MediationStatus, check_text};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;

use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// An organisation as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDraft {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Disputes it takes.
    pub scope: String,
    /// Region served.
    pub region: String,
    /// Charges for mediation.
    pub charges_fee: bool,
}

/// A mediator to put on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediatorDraft {
    /// The account: phone, identity number or staff username.
    pub login: String,
    /// The organisation; `None` for the court's own mediators.
    pub organisation_id: Option<OrganisationId>,
    /// Manages the organisation's people.
    pub manages_organisation: bool,
    /// Specialities, regions, languages, introduction.
    pub profile: MediatorProfile,
}

/// One line of the roster with the mediator's record.
#[derive(Debug, Clone)]
pub struct RosterLine {
    /// The entry.
    pub mediator: Mediator,
    /// The mediator's name.
    pub name: String,
    /// The organisation's name (empty for the court's own mediators).
    pub organisation: String,
    /// Mediations in progress or waiting for them (caseload).
    pub caseload: usize,
    /// Mediations that ended in a settlement.
    pub settled: usize,
    /// Mediations that ended otherwise.
    pub failed: usize,
}

/// A court's roster.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The court.
    pub court_id: CourtId,
    /// The court's name (作出邀请的人民法院, art. 5 ¶2).
    pub court_name: String,
    /// Organisations.
    pub organisations: Vec<Organisation>,
    /// Mediators with their record.
    pub lines: Vec<RosterLine>,
    /// The actor manages the whole roster.
    pub can_manage: bool,
    /// The organisation whose people the actor manages, if any.
    pub manages: Option<OrganisationId>,
}

/// Longest organisation name and texts.
const MAX_NAME_CHARS: usize = 100;

impl App {
    /// The roster of a court as the actor may see it: the public sees the active organisations
    /// and mediators; the court's managers and organisation managers see every entry.
    pub async fn roster(&self, ctx: &Ctx, court_id: CourtId) -> Result<Roster, AppError> {
        let mut tx = self.store.begin().await?;
        let court = tx.court(court_id).await?.ok_or(AppError::NotFound)?;
        let can_manage = self.manages_roster(ctx, court_id);
        let manages = self.managed_organisation(&mut *tx, ctx, court_id).await?;
        let mut organisations = tx.organisations(Some(court_id)).await?;
        let mut entries = tx.mediators(Some(court_id)).await?;
        if !can_manage {
            organisations.retain(|o| o.active || Some(o.id) == manages);
            entries.retain(|m| {
                m.status == RosterStatus::Active
                    || (manages.is_some() && m.organisation_id == manages)
            });
        }
        let mediations = tx.mediations_of_court(court_id).await?;
        let mut lines = Vec::new();
        for mediator in entries {
            let name = tx
                .account(mediator.account_id)
                .await?
                .map(|a| a.name)
                .unwrap_or_default();
            let organisation = organisations
                .iter()
                .find(|o| Some(o.id) == mediator.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            let theirs = mediations
                .iter()
                .filter(|m| m.mediator_id == Some(mediator.account_id));
            let (mut caseload, mut settled, mut failed) = (0, 0, 0);
            for m in theirs {
                match m.status {
                    MediationStatus::Settled => settled += 1,
                    MediationStatus::Failed | MediationStatus::Withdrawn => failed += 1,
                    _ => caseload += 1,
                }
            }
            lines.push(RosterLine {
                mediator,
                name,
                organisation,
                caseload,
                settled,
                failed,
            });
        }
        tx.commit().await?;
        Ok(Roster {
            court_id,
            court_name: court.name,
            organisations,
            lines,
            can_manage,
            manages,
        })
    }

    /// Whether the actor manages the court's roster (its filing division and leaders).
    fn manages_roster(&self, ctx: &Ctx, court: CourtId) -> bool {
        ctx.actor.as_ref().is_some_and(|a| {
            crate::policy::decide(a, Action::ManageMediation, Resource::Court(court))
                == crate::policy::Decision::Allow
        })
    }

    /// The organisation whose people the actor manages at this court.
    async fn managed_organisation(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        court: CourtId,
    ) -> Result<Option<OrganisationId>, AppError> {
        let Some(actor) = ctx.actor.as_ref() else {
            return Ok(None);
        };
        Ok(tx
            .mediator(court, actor.account_id)
            .await?
            .filter(|m| m.manages_organisation && m.status == RosterStatus::Active)
            .and_then(|m| m.organisation_id))
    }

    /// The court invites an organisation onto its roster.
    pub async fn create_organisation(
        &self,
        ctx: &Ctx,
        court: CourtId,
        draft: OrganisationDraft,
    ) -> Result<Organisation, AppError> {
        let name = check_text(
            "mediation.organisation",
            "组织名称",
            &draft.name,
            MAX_NAME_CHARS,
            true,
        )?;
        let scope = check_text(
            "mediation.organisation",
            "受理范围",
            &draft.scope,
            MAX_NOTE_CHARS,
            false,
        )?;
        let region = check_text(
            "mediation.organisation",
            "服务地区",
            &draft.region,
            MAX_NAME_CHARS,
            false,
        )?;
        let tx = self.store.begin().await?;
        let mut tx = self
            .authorise_in(
                tx,
                ctx,
                Action::ManageMediation,
                Resource::Court(court),
                "mediation.organisation",
                &format!("court:{court}"),
            )
            .await?;
        tx.court(court).await?.ok_or(AppError::NotFound)?;
        let organisation = Organisation {
            id: OrganisationId::new(),
            court_id: court,
            name,
            kind: draft.kind,
            scope,
            region,
            charges_fee: draft.charges_fee,
            active: true,
            created_at_us: to_micros(self.clock.now()),
        };
        tx.insert_organisation(&organisation)
            .await
            .map_err(|e| match e {
                fayuan_domain::DomainError::Conflict { .. } => AppError::Conflict {
                    code: "mediation.organisation_exists",
                    message: "本院名册中已有同名调解组织。".into(),
                },
                other => other.into(),
            })?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.organisation",
            &format!("organisation:{}", organisation.id),
            AuditOutcome::Success,
            &organisation.name,
        )
        .await?;
        tx.commit().await?;
        Ok(organisation)
    }

    /// The court takes an organisation off its roster or back on.
    pub async fn set_organisation_active(
        &self,
        ctx: &Ctx,
        id: OrganisationId,
        active: bool,
    ) -> Result<Organisation, AppError> {
        let mut tx = self.store.begin().await?;
        let Some(mut organisation) = tx.organisation(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.organisation",
                    &format!("organisation:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let mut tx = self
            .authorise_in(
                tx,
                ctx,
                Action::ManageMediation,
                Resource::Court(organisation.court_id),
                "mediation.organisation",
                &format!("organisation:{id}"),
            )
            .await?;
        organisation.active = active;
        tx.update_organisation(&organisation).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.organisation",
            &format!("organisation:{id}"),
            AuditOutcome::Success,
            if active { "active" } else { "inactive" },
        )
        .await?;
        tx.commit().await?;
        Ok(organisation)
    }

    /// Puts a mediator on the roster: appointed by the court (在册), or nominated by the
    /// organisation's manager for the court to appoint. The account is the court's own staff
    /// with the 调解员 role, or a verified account of a person or lawyer (特邀调解员).
    pub async fn appoint_mediator(
        &self,
        ctx: &Ctx,
        court: CourtId,
        draft: MediatorDraft,
    ) -> Result<Mediator, AppError> {
        let mut tx = self.store.begin().await?;
        let by_court = ctx.operator || self.manages_roster(ctx, court);
        let managed = self.managed_organisation(&mut *tx, ctx, court).await?;
        let by_manager = managed.is_some() && managed == draft.organisation_id;
        if !by_court && !by_manager {
            let error = if ctx.actor.is_some() {
                AppError::Forbidden
            } else {
                AppError::Unauthenticated
            };
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.appoint",
                    &format!("court:{court}"),
                    error,
                )
                .await);
        }
        if let Some(org) = draft.organisation_id {
            let known = tx
                .organisation(org)
                .await?
                .is_some_and(|o| o.court_id == court && o.active);
            if !known {
                return Err(AppError::invalid(
                    "mediation.organisation_unknown",
                    "请选择本院名册中的调解组织。",
                ));
            }
        }
        let Some(account) = tx.account_by_login(draft.login.trim()).await? else {
            return Err(AppError::invalid(
                "mediation.account_unknown",
                "未找到该账号，请调解员先在平台注册并实名认证。",
            ));
        };
        let eligible = match account.kind {
            AccountKind::Staff => {
                account.court_id == Some(court) && account.roles.contains(&Role::Mediator)
            }
            AccountKind::Person | AccountKind::Lawyer => {
                account.verification == Verification::Verified
            }
            AccountKind::Organisation => false,
        };
        if !eligible {
            return Err(AppError::invalid(
                "mediation.account_ineligible",
                "调解员须为本院调解员或已实名认证的自然人、律师账号。",
            ));
        }
        let existing = tx.mediator(court, account.id).await?;
        if existing
            .as_ref()
            .is_some_and(|m| m.status != RosterStatus::Removed)
        {
            return Err(AppError::Conflict {
                code: "mediation.mediator_exists",
                message: "该调解员已在本院名册中。".into(),
            });
        }
        let mediator = Mediator {
            account_id: account.id,
            court_id: court,
            organisation_id: draft.organisation_id,
            status: if by_court {
                RosterStatus::Active
            } else {
                RosterStatus::Nominated
            },
            manages_organisation: by_court
                && draft.manages_organisation
                && draft.organisation_id.is_some(),
            profile: draft.profile,
            status_reason: String::new(),
            created_at_us: to_micros(self.clock.now()),
        };
        tx.put_mediator(&mediator).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.appoint",
            &format!("mediator:{court}:{}", account.id),
            AuditOutcome::Success,
            mediator.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(mediator)
    }

    /// Changes a mediator's standing: the court appoints, suspends, reinstates or removes
    /// (art. 29: 解聘); an organisation's manager suspends, reinstates or removes its own people.
    pub async fn set_mediator_status(
        &self,
        ctx: &Ctx,
        court: CourtId,
        account: AccountId,
        to: RosterStatus,
        reason: &str,
    ) -> Result<Mediator, AppError> {
        let reason = check_text("mediation.reason", "理由", reason, MAX_NOTE_CHARS, false)?;
        let mut tx = self.store.begin().await?;
        let target = format!("mediator:{court}:{account}");
        let Some(mut mediator) = tx.mediator(court, account).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.roster_status",
                    &target,
                    AppError::NotFound,
                )
                .await);
        };
        let by_court = self.manages_roster(ctx, court);
        let managed = self.managed_organisation(&mut *tx, ctx, court).await?;
        // A manager suspends, reinstates and removes its own people; appointing is the court's.
        let own = managed.is_some() && managed == mediator.organisation_id;
        let by_manager = own
            && match to {
                RosterStatus::Suspended | RosterStatus::Removed => true,
                RosterStatus::Active => mediator.status == RosterStatus::Suspended,
                RosterStatus::Nominated => false,
            };
        if !by_court && !by_manager {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.roster_status",
                    &target,
                    AppError::Forbidden,
                )
                .await);
        }
        mediator.check_status_change(to)?;
        mediator.status = to;
        mediator.status_reason = reason;
        tx.put_mediator(&mediator).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.roster_status",
            &target,
            AuditOutcome::Success,
            to.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(mediator)
    }

    /// Updates a mediator's profile: the mediator, its organisation's manager, or the court.
    pub async fn update_mediator_profile(
        &self,
        ctx: &Ctx,
        court: CourtId,
        account: AccountId,
        profile: MediatorProfile,
    ) -> Result<Mediator, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let target = format!("mediator:{court}:{account}");
        let Some(mut mediator) = tx.mediator(court, account).await? else {
            return Err(self
                .refuse_in(tx, ctx, "mediation.profile", &target, AppError::NotFound)
                .await);
        };
        let managed = self.managed_organisation(&mut *tx, ctx, court).await?;
        let allowed = actor.account_id == account
            || self.manages_roster(ctx, court)
            || (managed.is_some() && managed == mediator.organisation_id);
        if !allowed {
            return Err(self
                .refuse_in(tx, ctx, "mediation.profile", &target, AppError::Forbidden)
                .await);
        }
        mediator.profile = profile;
        tx.put_mediator(&mediator).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.profile",
            &target,
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(mediator)
    }

    /// The courts where the actor is on the roster, with its entry there.
    pub async fn my_roster_entries(&self, ctx: &Ctx) -> Result<Vec<Mediator>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let entries = tx.roster_entries(actor.account_id).await?;
        tx.commit().await?;
        Ok(entries)
    }
}
