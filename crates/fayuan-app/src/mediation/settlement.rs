//! The settlement agreement (调解协议, 在线调解规则 art. 19): drafted from the template by the
//! mediator, signed by the mediator and then by every party — each confirming with its password
//! or TOTP code and optionally drawing a handwritten signature — and in effect when the last
//! party signs: typeset with the signatures, filed and deposited in the ledger, and sent to
//! the parties through the platform.

use fayuan_core::clock::to_micros;
use fayuan_core::id::MediationId;
use fayuan_core::totp;
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::mediation::settlement::{
    Settlement, SettlementStatus, Signature, check_handwriting,
};
use fayuan_domain::mediation::{EndReason, MAX_NOTE_CHARS, MediationStatus, Member, check_text};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;

use super::Standing;
use super::room::destination;
use crate::dossier::MaterialDraft;
use crate::{App, AppError, Ctx};

/// What a signer gives to confirm it is signing (在线诉讼规则 art. 33: 在线确认、电子签章).
#[derive(Debug, Clone, Default)]
pub struct SigningProof {
    /// The account's password.
    pub password: Option<String>,
    /// A current TOTP code (accounts with TOTP).
    pub totp: Option<String>,
}

impl App {
    /// Checks the signer is the account's holder: a TOTP code (never twice) or the password.
    pub(crate) async fn confirm_signer(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        proof: SigningProof,
    ) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let account = tx
            .account(actor.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let code = proof
            .totp
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let (Some(code), Some(secret)) = (code, account.totp_secret.as_ref()) {
            return match totp::verify(secret, code, self.clock.now().unix_timestamp()) {
                Some(step) if account.totp_last_step.is_none_or(|last| step > last) => {
                    tx.set_totp_last_step(account.id, step).await?;
                    Ok(())
                }
                _ => Err(AppError::InvalidCredentials),
            };
        }
        let password = proof.password.unwrap_or_default();
        if password.is_empty() || !crate::passwords::verify(password, account.password_hash).await?
        {
            return Err(AppError::InvalidCredentials);
        }
        Ok(())
    }

    /// The settlement of a mediation, if one was drafted.
    pub async fn settlement(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Option<Settlement>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _, _) = self.mediation_in(ctx, tx, id, "mediation.read").await?;
        let settlement = tx.settlement(id).await?;
        tx.commit().await?;
        Ok(settlement)
    }

    /// The mediator drafts the settlement from the template, or replaces the draft's text.
    pub async fn draft_settlement(
        &self,
        ctx: &Ctx,
        id: MediationId,
        clauses: Option<Vec<String>>,
    ) -> Result<Settlement, AppError> {
        let now = to_micros(self.clock.now());
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) = self
            .mediation_in(ctx, tx, id, "mediation.settlement")
            .await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        let mut settlement = match tx.settlement(id).await? {
            Some(s) => s,
            None => Settlement::draft(&mediation, now),
        };
        if let Some(clauses) = clauses {
            settlement.edit(clauses, now)?;
        }
        tx.put_settlement(&settlement).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.settlement",
            &format!("mediation:{id}"),
            AuditOutcome::Success,
            settlement.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(settlement)
    }

    /// Signs the settlement (art. 19: 电子签章). The mediator signs first, which fixes the text;
    /// then each party. When the last party has signed the agreement takes effect.
    pub async fn sign_settlement(
        &self,
        ctx: &Ctx,
        id: MediationId,
        proof: SigningProof,
        handwriting: Option<Vec<u8>>,
    ) -> Result<Settlement, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        if let Some(png) = &handwriting {
            check_handwriting(png)?;
        }
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.sign").await?;
        let Standing::Member(member) = standing else {
            return Err(AppError::Forbidden);
        };
        let Some(mut settlement) = tx.settlement(id).await? else {
            return Err(AppError::invalid(
                "mediation.no_settlement",
                "调解员尚未拟定调解协议。",
            ));
        };
        if mediation.status != MediationStatus::InProgress || settlement.signed_by(actor.account_id)
        {
            return Err(AppError::invalid(
                "mediation.cannot_sign",
                "该调解协议现在不能由您签章。",
            ));
        }
        let (name, side, next) = match (member, settlement.status) {
            (Member::Mediator, SettlementStatus::Drafting) => {
                (actor.name.clone(), None, SettlementStatus::Signing)
            }
            (Member::Party(side), SettlementStatus::Signing) => (
                mediation
                    .party_of(actor.account_id)
                    .map_or(actor.name.clone(), |p| p.name.clone()),
                Some(side),
                SettlementStatus::Signing,
            ),
            _ => {
                return Err(AppError::invalid(
                    "mediation.cannot_sign",
                    "该调解协议现在不能由您签章：调解员先签章确定文本，再由各方当事人签章。",
                ));
            }
        };
        if let Err(e) = self.confirm_signer(&mut *tx, ctx, proof).await {
            return Err(self
                .refuse_in(tx, ctx, "mediation.sign", &format!("mediation:{id}"), e)
                .await);
        }
        settlement.signatures.push(Signature {
            account_id: actor.account_id,
            name,
            side,
            signed_at_us: to_micros(self.clock.now()),
            handwriting,
        });
        settlement.status = next;
        settlement.updated_at_us = to_micros(self.clock.now());
        tx.put_settlement(&settlement).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.sign",
            &format!("mediation:{id}"),
            AuditOutcome::Success,
            side.map_or("mediator", |s| s.as_str()),
        )
        .await?;
        tx.commit().await?;
        let everyone = mediation
            .party_accounts()
            .iter()
            .all(|a| settlement.signed_by(*a));
        if settlement.status == SettlementStatus::Signing && everyone {
            return self.make_effective(ctx, id).await;
        }
        Ok(settlement)
    }

    /// Puts a fully signed settlement into effect (art. 19 ¶2): typesets it with every signature,
    /// files it (blob, catalogue, ledger leaf), marks the mediation settled and tells the
    /// parties. Idempotent: the periodic sweep finishes what a crash interrupted.
    pub(crate) async fn make_effective(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Settlement, AppError> {
        let mut tx = self.store.begin().await?;
        let mediation = tx.mediation(id).await?.ok_or(AppError::NotFound)?;
        let settlement = tx.settlement(id).await?.ok_or(AppError::NotFound)?;
        if settlement.status == SettlementStatus::Effective {
            return Ok(settlement);
        }
        let court = tx
            .court(mediation.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let mediator = match mediation.mediator_id {
            Some(m) => tx.account(m).await?.map(|a| a.name).unwrap_or_default(),
            None => String::new(),
        };
        tx.commit().await?;
        let document =
            settlement.document(&mediation, &court, &mediator, self.clock.today_in_china());
        let material = self
            .file_document(
                ctx,
                destination(&mediation)?,
                &document,
                "settlement",
                MaterialDraft {
                    kind: MaterialKind::Other,
                    title: "调解协议书".into(),
                },
                String::new(),
            )
            .await?;
        let mut tx = self.store.begin().await?;
        let mut mediation = tx.mediation(id).await?.ok_or(AppError::NotFound)?;
        let mut settlement = tx.settlement(id).await?.ok_or(AppError::NotFound)?;
        if settlement.status == SettlementStatus::Effective {
            return Ok(settlement);
        }
        settlement.status = SettlementStatus::Effective;
        settlement.material_id = Some(material.id);
        settlement.updated_at_us = to_micros(self.clock.now());
        tx.put_settlement(&settlement).await?;
        mediation.check_transition(MediationStatus::Settled)?;
        mediation.status = MediationStatus::Settled;
        mediation.ended_at_us = Some(to_micros(self.clock.now()));
        let next = if mediation.case_id.is_some() {
            "法官将审查并制作调解书。"
        } else {
            "请按约定自觉履行；可在三十日内共同申请司法确认（《中华人民共和国民事诉讼法》第二百零五条）。"
        };
        let mut to = mediation.party_accounts();
        to.extend(mediation.mediator_id);
        for account in to {
            self.notify(
                &mut *tx,
                account,
                "调解协议已生效",
                &format!(
                    "{}：各方当事人已完成电子签章，调解协议自即日起生效。{next}",
                    mediation.number
                ),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        if let Some(case) = mediation.case_id
            && let Some(judge) = tx.case(case).await?.and_then(|c| c.judge_id)
        {
            self.notify(
                &mut *tx,
                judge,
                "调解协议已生效",
                &format!(
                    "{}：当事人达成调解协议，请审查后制作调解书。",
                    mediation.number
                ),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(
            &mut *tx,
            ctx,
            &mediation,
            "mediation.settled",
            &format!("material:{}", material.id),
        )
        .await?;
        tx.commit().await?;
        self.file_mediation_record(ctx, &mediation).await;
        Ok(settlement)
    }

    /// A party refuses to sign (art. 25 (七)): the mediation ends without agreement.
    pub async fn refuse_settlement(
        &self,
        ctx: &Ctx,
        id: MediationId,
        reason: &str,
    ) -> Result<fayuan_domain::mediation::Mediation, AppError> {
        let reason = check_text("mediation.reason", "理由", reason, MAX_NOTE_CHARS, false)?;
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.refuse").await?;
        let Standing::Member(Member::Party(_)) = standing else {
            return Err(AppError::Forbidden);
        };
        let signing = tx
            .settlement(id)
            .await?
            .is_some_and(|s| s.status == SettlementStatus::Signing);
        if !signing {
            return Err(AppError::invalid(
                "mediation.no_settlement",
                "没有待签章的调解协议。",
            ));
        }
        let name = ctx
            .actor
            .as_ref()
            .map_or("", |a| a.name.as_str())
            .to_owned();
        self.fail(
            tx,
            ctx,
            mediation,
            EndReason::RefusedToSign,
            &format!("{name}拒绝在调解协议上签章。{reason}"),
        )
        .await
    }
}
