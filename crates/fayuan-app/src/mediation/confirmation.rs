//! What follows a settlement: judicial confirmation of a pre-filing settlement (司法确认, 民事诉讼
//! 法 arts. 205–206: both parties apply together; the court rules the agreement valid or rejects
//! the application) and, in a case, the mediation statement (调解书) that closes it.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, CaseId, FilingId, MaterialId, MediationId};
use fayuan_core::time_limit::Procedure;
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::delivery::{DeliveryChannel, DocumentKind};
use fayuan_domain::docket::{Capacity, Case, CaseParticipant, CaseStatus, ClosureMode};
use fayuan_domain::documents::Template;
use fayuan_domain::filing::{
    Claim, FilingApplication, FilingCategory, FilingStatus, Material as DeclaredMaterial,
    MaterialKind as DeclaredKind, Party, PartyRole,
};
use fayuan_domain::mediation::settlement::{Settlement, SettlementStatus};
use fayuan_domain::mediation::{
    MAX_NOTE_CHARS, Mediation, MediationKind, MediationStatus, Member, check_text,
};
use fayuan_domain::store::Tx;

use super::Standing;
use crate::delivery::DeliveryDraft;
use crate::documents::DocumentInputs;
use crate::dossier::staging::StagedUpload;
use crate::dossier::{Destination, MaterialDraft};
use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// The agreed terms of a settlement: its clauses without the parties' lines and the opening
/// sentence, which the court's document writes itself.
pub fn agreed_terms(settlement: &Settlement) -> String {
    settlement
        .clauses
        .iter()
        .filter(|c| {
            !["申请人：", "被申请人：", "第三人："]
                .iter()
                .any(|p| c.starts_with(p))
                && !c.starts_with("上列当事人")
        })
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

impl App {
    /// A party applies for judicial confirmation of an effective pre-filing settlement. The
    /// application is joint (民事诉讼法 art. 205): when every party has applied, it reaches the
    /// court's filing review as a 民特 application with the settlement and the mediation record.
    pub async fn apply_for_confirmation(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Mediation, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) = self
            .mediation_in(ctx, tx, id, "mediation.confirmation_apply")
            .await?;
        let Standing::Member(Member::Party(_)) = standing else {
            return Err(AppError::Forbidden);
        };
        if mediation.kind != MediationKind::PreFiling
            || mediation.status != MediationStatus::Settled
            || mediation.confirmation.filing_id.is_some()
        {
            return Err(AppError::invalid(
                "mediation.confirmation_unavailable",
                "只有已生效的诉前调解协议可以申请司法确认，且只能申请一次。",
            ));
        }
        if !mediation
            .confirmation
            .applicants
            .contains(&actor.account_id)
        {
            mediation.confirmation.applicants.push(actor.account_id);
        }
        let mut filing = None;
        if mediation.confirmation_joint() {
            let original = match mediation.filing_id {
                Some(f) => tx.filing(f).await?.ok_or(AppError::NotFound)?,
                None => return Err(AppError::NotFound),
            };
            let application = self.confirmation_filing(&mediation, &original.parties)?;
            tx.insert_filing(&application).await?;
            mediation.confirmation.filing_id = Some(application.id);
            filing = Some(application);
        } else {
            for account in mediation.party_accounts() {
                if account != actor.account_id {
                    self.notify(
                        &mut *tx,
                        account,
                        "司法确认申请",
                        &format!(
                            "{}：对方当事人申请司法确认调解协议，司法确认须双方共同申请，请在调解室确认是否共同申请。",
                            mediation.number
                        ),
                        Some(format!("/mediations/{id}")),
                    )
                    .await?;
                }
            }
        }
        self.save_mediation(
            &mut *tx,
            ctx,
            &mediation,
            "mediation.confirmation_apply",
            if filing.is_some() { "filed" } else { "applied" },
        )
        .await?;
        tx.commit().await?;
        if let Some(filing) = filing {
            self.carry_settlement(ctx, &mediation, filing.id).await?;
        }
        Ok(mediation)
    }

    /// The joint application: every party as an applicant (申请人), the agreement as its request.
    fn confirmation_filing(
        &self,
        mediation: &Mediation,
        parties: &[Party],
    ) -> Result<FilingApplication, AppError> {
        let now = to_micros(self.clock.now());
        let applicant = mediation
            .confirmation
            .applicants
            .first()
            .copied()
            .ok_or(AppError::NotFound)?;
        Ok(FilingApplication {
            id: FilingId::new(),
            court_id: mediation.court_id,
            applicant_id: applicant,
            filed_by_agent: false,
            category: FilingCategory::JudicialConfirmation,
            cause: "申请司法确认调解协议".into(),
            procedure_requested: Procedure::CivilSpecial,
            parties: parties
                .iter()
                .map(|p| Party {
                    role: PartyRole::Plaintiff,
                    ..p.clone()
                })
                .collect(),
            claims: vec![Claim {
                text: format!("确认申请人经{}达成的调解协议有效", mediation.number),
                amount: None,
            }],
            facts: format!(
                "申请人就{}经人民法院调解平台在线调解（{}），达成调解协议，协议已经各方当事人电子签章生效。现共同申请司法确认（《中华人民共和国民事诉讼法》第二百零五条）。",
                mediation.cause, mediation.number
            ),
            materials: vec![DeclaredMaterial {
                kind: DeclaredKind::Other,
                title: "调解协议书".into(),
            }],
            consents_to_mediation: false,
            status: FilingStatus::Submitted,
            submitted_at_us: Some(now),
            decision_note: String::new(),
            case_id: None,
            created_at_us: now,
            electronic_delivery: None,
        })
    }

    /// Copies the signed settlement and the mediation record into the confirmation application
    /// (民诉法解释 art. 354: the agreement and the proof of mediation are submitted with it).
    async fn carry_settlement(
        &self,
        ctx: &Ctx,
        mediation: &Mediation,
        filing: FilingId,
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let settlement_material = tx
            .settlement(mediation.id)
            .await?
            .and_then(|s| s.material_id);
        let from = match mediation.filing_id {
            Some(f) => tx.materials_of_filing(f).await?,
            None => Vec::new(),
        };
        tx.commit().await?;
        let mut wanted: Vec<MaterialId> = settlement_material.into_iter().collect();
        wanted.extend(
            from.iter()
                .filter(|m| m.kind == fayuan_domain::dossier::MaterialKind::CourtRecord)
                .map(|m| m.id),
        );
        for material in from.into_iter().filter(|m| wanted.contains(&m.id)) {
            let bytes = self.blobs.get(&material.sha256).await?;
            let mut staged = StagedUpload::create(
                &self.config.staging_dir,
                &material.file_name,
                self.config.uploads.max_file_bytes,
            )
            .await?;
            staged.write(&bytes).await?;
            let staged = staged.finish().await?;
            self.deposit(
                ctx,
                Destination::Filing(filing),
                MaterialDraft {
                    kind: material.kind,
                    title: material.title.clone(),
                },
                staged,
                fayuan_domain::dossier::Channel::Online,
                String::new(),
            )
            .await?;
        }
        Ok(())
    }

    /// When a case is docketed from a filing that went through mediation (a failed diverted
    /// filing, or a confirmation application), the parties' accounts that took part in the
    /// mediation — whose identity was checked there — take part in the case too.
    pub(crate) async fn mediation_participants(
        &self,
        tx: &mut dyn Tx,
        filing: &FilingApplication,
        case: &mut Case,
    ) -> Result<(), AppError> {
        let Some(mediation) = tx.mediation_of_filing(filing.id).await? else {
            return Ok(());
        };
        let confirmation = mediation.confirmation.filing_id == Some(filing.id);
        for party in &mediation.parties {
            let Some(account_id) = party.account_id else {
                continue;
            };
            if case.participant(account_id).is_some() || account_id == case.filer_id {
                continue;
            }
            let Some(account) = tx.account(account_id).await? else {
                continue;
            };
            case.participants.push(CaseParticipant {
                account_id,
                side: if confirmation {
                    PartyRole::Plaintiff
                } else {
                    party.side
                },
                party_name: party.name.clone(),
                capacity: if account.kind == AccountKind::Lawyer {
                    Capacity::Agent
                } else {
                    Capacity::Party
                },
            });
        }
        Ok(())
    }

    /// Checks every participant of the case consented to electronic service, which rulings and
    /// mediation statements need (在线诉讼规则 art. 29); returns the participants.
    async fn served_electronically(
        &self,
        tx: &mut dyn Tx,
        case: &Case,
    ) -> Result<Vec<AccountId>, AppError> {
        let mut recipients: Vec<AccountId> = Vec::new();
        for p in &case.participants {
            if recipients.contains(&p.account_id) {
                continue;
            }
            let consented = tx
                .current_delivery_address(case.id, p.account_id)
                .await?
                .is_some_and(|a| a.consents_electronic);
            if !consented {
                return Err(AppError::invalid(
                    "mediation.no_consent",
                    format!(
                        "{}尚未确认电子送达地址，不能电子送达裁判文书。",
                        p.party_name
                    ),
                ));
            }
            recipients.push(p.account_id);
        }
        Ok(recipients)
    }

    /// Issues a document of the case and serves it on every participant by the inbox.
    async fn issue_and_serve(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        note: String,
        kind: DocumentKind,
        recipients: &[AccountId],
    ) -> Result<MaterialId, AppError> {
        let inputs = DocumentInputs {
            note: Some(note),
            ..DocumentInputs::default()
        };
        let material = self
            .issue_document(ctx, case_id, template, &inputs, None)
            .await?;
        for recipient in recipients {
            self.deliver(
                ctx,
                case_id,
                DeliveryDraft {
                    recipient: *recipient,
                    kind,
                    title: String::new(),
                    materials: vec![material.id],
                    channels: vec![DeliveryChannel::Inbox],
                },
            )
            .await?;
        }
        Ok(material.id)
    }

    /// The judge decides a confirmation application (民事诉讼法 art. 206): the ruling that the
    /// agreement is valid, or that the application is rejected with reasons, is issued, served
    /// on every applicant, and closes the case.
    pub async fn decide_confirmation(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        granted: bool,
        reasons: &str,
    ) -> Result<Case, AppError> {
        let reasons = check_text(
            "mediation.reasons",
            "理由",
            reasons,
            MAX_NOTE_CHARS,
            !granted,
        )?;
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::CloseCase,
                "mediation.confirmation_decide",
            )
            .await?;
        if case.category != FilingCategory::JudicialConfirmation
            || case.status != CaseStatus::Assigned
        {
            return Err(AppError::invalid(
                "mediation.not_confirmation",
                "只有审理中的司法确认案件可以作出确认裁定。",
            ));
        }
        let mediation = tx.mediation_of_filing(case.filing_id).await?;
        let terms = match &mediation {
            Some(m) => tx.settlement(m.id).await?.map(|s| agreed_terms(&s)),
            None => None,
        };
        let recipients = self.served_electronically(&mut *tx, &case).await?;
        tx.commit().await?;
        let (template, note) = match (granted, terms) {
            (true, Some(terms)) => (Template::ConfirmationRuling, terms),
            (true, None) if !reasons.is_empty() => (Template::ConfirmationRuling, reasons.clone()),
            (true, None) => {
                return Err(AppError::invalid(
                    "mediation.reasons",
                    "请写明经确认的调解协议内容。",
                ));
            }
            (false, _) => (Template::ConfirmationRejection, reasons.clone()),
        };
        self.issue_and_serve(
            ctx,
            case_id,
            template,
            note,
            DocumentKind::Ruling,
            &recipients,
        )
        .await?;
        let case = self.close_case(ctx, case_id, ClosureMode::Ruling).await?;
        if let Some(m) = mediation {
            let mut tx = self.store.begin().await?;
            let mut m = tx.mediation(m.id).await?.ok_or(AppError::NotFound)?;
            m.confirmation.granted = Some(granted);
            self.save_mediation(
                &mut *tx,
                ctx,
                &m,
                "mediation.confirmation_decided",
                if granted { "granted" } else { "rejected" },
            )
            .await?;
            tx.commit().await?;
        }
        Ok(case)
    }

    /// The judge makes the mediation statement (调解书, 在线调解规则 art. 20 ¶2) from the
    /// effective settlement reached in the case, serves it on every participant and closes the
    /// case by mediation (the acceptance fee is halved once, 诉讼费用交纳办法 art. 15).
    pub async fn issue_mediation_statement(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Mediation, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, mediation, _) = self
            .mediation_in(ctx, tx, id, "mediation.statement")
            .await?;
        // The judge decides, also when he hosted the mediation himself.
        let standing = self.court_standing(&mut *tx, actor, &mediation).await?;
        if standing != Some(Standing::Court { decides: true }) {
            return Err(AppError::Forbidden);
        }
        let settlement = tx.settlement(id).await?;
        let (Some(case_id), Some(settlement)) = (mediation.case_id, settlement) else {
            return Err(AppError::invalid(
                "mediation.no_statement",
                "只有诉中调解达成的调解协议可以制作调解书。",
            ));
        };
        if mediation.status != MediationStatus::Settled
            || settlement.status != SettlementStatus::Effective
            || mediation.statement_id.is_some()
        {
            return Err(AppError::invalid(
                "mediation.no_statement",
                "调解协议尚未生效，或已制作调解书。",
            ));
        }
        let case = tx.case(case_id).await?.ok_or(AppError::NotFound)?;
        let recipients = self.served_electronically(&mut *tx, &case).await?;
        tx.commit().await?;
        let statement = self
            .issue_and_serve(
                ctx,
                case_id,
                Template::MediationStatement,
                agreed_terms(&settlement),
                DocumentKind::MediationStatement,
                &recipients,
            )
            .await?;
        self.close_case(ctx, case_id, ClosureMode::Mediation)
            .await?;
        let mut tx = self.store.begin().await?;
        let mut mediation = tx.mediation(id).await?.ok_or(AppError::NotFound)?;
        mediation.statement_id = Some(statement);
        self.save_mediation(
            &mut *tx,
            ctx,
            &mediation,
            "mediation.statement",
            &format!("material:{statement}"),
        )
        .await?;
        tx.commit().await?;
        Ok(mediation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreed_terms_leave_out_the_parties_and_the_opening() {
        let settlement = Settlement {
            mediation_id: MediationId::new(),
            clauses: vec![
                "申请人：张三。".into(),
                "被申请人：李四。".into(),
                "上列当事人因买卖合同纠纷一案，经调解，自愿达成如下协议：".into(),
                "一、李四支付张三五千元。".into(),
                "二、双方再无其他争议。".into(),
            ],
            status: SettlementStatus::Effective,
            signatures: Vec::new(),
            material_id: None,
            updated_at_us: 0,
        };
        assert_eq!(
            agreed_terms(&settlement),
            "一、李四支付张三五千元。\n二、双方再无其他争议。"
        );
    }
}
