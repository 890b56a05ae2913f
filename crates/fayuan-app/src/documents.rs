//! Court documents (文书辅助生成, Rules arts. 6, 20): a template filled from the case for the
//! clerk to review and edit, then issued — rendered to PDF, deposited in the dossier as a 诉讼文书
//! (with its blob and ledger entry) and immutable from then on, ready to be served.

use fayuan_core::clock::{CHINA_OFFSET, from_micros};
use fayuan_core::id::{AccountId, CaseId};
use fayuan_domain::accounts::Role;
use fayuan_domain::delivery::{DeliveryAddress, DeliveryChannel};
use fayuan_domain::documents::{
    Appointment, CaseFacts, CourtDocument, Template, fill, procedure_phrase,
};
use fayuan_domain::dossier::{Channel, Material, MaterialKind};
use fayuan_domain::filing::PartyRole;
use fayuan_domain::filing::{FilingApplication, FilingCategory};

use crate::delivery::{Authority, DeliveryDraft};
use crate::dossier::staging::StagedUpload;
use crate::dossier::{Destination, MaterialDraft};
use crate::{App, AppError, Ctx};

/// What the clerk supplies beside the template and the case's own data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInputs {
    /// The addressee (a participant, or the filer), for templates written to one person.
    pub addressee: Option<AccountId>,
    /// The hearing a summons or hearing notice calls to.
    pub appointment: Option<Appointment>,
    /// What to correct (补正通知书).
    pub note: Option<String>,
}

impl App {
    /// The document a template gives for this case, for the clerk to review. Nothing is stored.
    pub async fn draft_document(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        inputs: &DocumentInputs,
    ) -> Result<CourtDocument, AppError> {
        self.compose(ctx, case_id, template, inputs, Authority::Actor)
            .await
    }

    async fn compose(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        inputs: &DocumentInputs,
        authority: Authority,
    ) -> Result<CourtDocument, AppError> {
        if template == Template::RefusalRuling {
            return Err(AppError::invalid(
                "documents.template",
                "不予受理裁定在立案审查时作出，不适用于已立案的案件。",
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for_delivery(ctx, tx, case_id, "documents.draft", authority)
            .await?;
        let addressee = match inputs.addressee {
            None if template.has_addressee() => {
                return Err(AppError::invalid("documents.addressee", "请选择收件人。"));
            }
            None => String::new(),
            Some(id) => match case.participant(id) {
                Some(p) => p.party_name.clone(),
                None if case.filer_id == id => {
                    tx.account(id).await?.map(|a| a.name).unwrap_or_default()
                }
                None => {
                    return Err(AppError::invalid(
                        "documents.addressee",
                        "收件人不是本案当事人或代理人。",
                    ));
                }
            },
        };
        let court_name = tx
            .court(case.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let fee = tx
            .fee_notices_of_case(case_id)
            .await?
            .first()
            .map(|n| (n.total, n.due_on));
        let mut signatories = Vec::new();
        let judges: Vec<AccountId> = case
            .judge_id
            .into_iter()
            .chain(
                case.panel
                    .iter()
                    .copied()
                    .filter(|p| Some(*p) != case.judge_id),
            )
            .collect();
        for (i, judge) in judges.iter().enumerate() {
            let name = tx
                .account(*judge)
                .await?
                .map(|a| a.name)
                .unwrap_or_default();
            let title = if judges.len() > 1 && i == 0 {
                "审判长"
            } else {
                "审判员"
            };
            signatories.push(format!("{title}　{name}"));
        }
        if let Some(actor) = ctx.actor.as_ref().filter(|a| a.has_role(Role::Clerk)) {
            signatories.push(format!("书记员　{}", actor.name));
        }
        let names = |role: PartyRole| -> Vec<String> {
            case.parties
                .iter()
                .filter(|p| p.role == role)
                .map(|p| p.name.clone())
                .collect()
        };
        let facts = CaseFacts {
            court_name,
            case_number: case.case_number.clone(),
            branch: branch_of(case.category),
            cause: case.cause.clone(),
            procedure: procedure_phrase(case.procedure).to_owned(),
            plaintiffs: names(PartyRole::Plaintiff),
            defendants: names(PartyRole::Defendant),
            addressee,
            docketed_on: case.docketed_on,
            fee,
            appointment: inputs.appointment.clone(),
            note: inputs.note.clone(),
            signatories,
            dated: self.clock.today_in_china(),
        };
        Ok(fill(template, &facts)?)
    }

    /// Issues a document: the template's text, or the clerk's edited paragraphs, rendered to PDF
    /// and filed in the main volume as a 诉讼文书 (blob, catalogue line, ledger entry, audit).
    pub async fn issue_document(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        inputs: &DocumentInputs,
        paragraphs: Option<Vec<String>>,
    ) -> Result<Material, AppError> {
        self.issue(ctx, case_id, template, inputs, paragraphs, Authority::Actor)
            .await
    }

    async fn issue(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        inputs: &DocumentInputs,
        paragraphs: Option<Vec<String>>,
        authority: Authority,
    ) -> Result<Material, AppError> {
        let mut document = self
            .compose(ctx, case_id, template, inputs, authority)
            .await?;
        if let Some(edited) = paragraphs {
            let edited: Vec<String> = edited
                .into_iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect();
            if edited.is_empty() || edited.iter().map(|p| p.chars().count()).sum::<usize>() > 20_000
            {
                return Err(AppError::invalid(
                    "documents.paragraphs",
                    "正文不能为空，且不超过两万字。",
                ));
            }
            document.paragraphs = edited;
        }
        let recipient = document.addressee.trim_end_matches('：');
        let title = if recipient.is_empty() {
            document.title.clone()
        } else {
            format!("{}（{recipient}）", document.title)
        };
        let material = self
            .file_document(
                ctx,
                Destination::Case(case_id),
                &document,
                template.as_str(),
                MaterialDraft {
                    kind: MaterialKind::CourtDocument,
                    title,
                },
                String::new(),
            )
            .await?;
        // Kept for publishing the document once it takes effect (裁判文书公开).
        let mut tx = self.store.begin().await?;
        tx.insert_document_text(material.id, &document.text())
            .await?;
        tx.commit().await?;
        Ok(material)
    }

    /// Renders a document and files it (blob, catalogue line, ledger entry, audit), on behalf
    /// of a party when it is that party's (its 送达地址确认书). The caller has checked the
    /// actor's right to file there.
    pub(crate) async fn file_document(
        &self,
        ctx: &Ctx,
        to: Destination,
        document: &CourtDocument,
        file_stem: &str,
        draft: MaterialDraft,
        on_behalf_of: String,
    ) -> Result<Material, AppError> {
        let pdf = self.render_document(document).await?;
        let mut staged = StagedUpload::create(
            &self.config.staging_dir,
            &format!("{file_stem}.pdf"),
            self.config.uploads.max_file_bytes,
        )
        .await?;
        staged.write(&pdf).await?;
        let staged = staged.finish().await?;
        self.deposit(ctx, to, draft, staged, Channel::Online, on_behalf_of)
            .await
    }

    /// The PDF of a document, typeset off the async threads.
    pub(crate) async fn render_document(
        &self,
        document: &CourtDocument,
    ) -> Result<Vec<u8>, AppError> {
        let renderer = self.renderer.clone();
        let document = document.clone();
        Ok(
            tokio::task::spawn_blocking(move || renderer.render(&document))
                .await
                .map_err(|e| AppError::Internal(format!("render task: {e}")))??,
        )
    }

    /// The document of a filing decision — the 补正通知书 or the 不予受理裁定书 — filed with the
    /// application for the applicant to read and keep. Run after the decision commits; a
    /// failure is logged and never undoes the decision.
    pub(crate) async fn file_filing_decision(
        &self,
        ctx: &Ctx,
        filing: &FilingApplication,
        template: Template,
        number: &str,
    ) {
        let filed = async {
            let mut tx = self.store.begin().await?;
            let court_name = tx
                .court(filing.court_id)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            let applicant = tx
                .account(filing.applicant_id)
                .await?
                .map(|a| a.name)
                .unwrap_or_default();
            tx.commit().await?;
            let names = |role: PartyRole| -> Vec<String> {
                filing
                    .parties
                    .iter()
                    .filter(|p| p.role == role)
                    .map(|p| p.name.clone())
                    .collect()
            };
            let received = filing.submitted_at_us.map_or(filing.created_at_us, |at| at);
            let facts = CaseFacts {
                court_name,
                case_number: number.to_owned(),
                branch: branch_of(filing.category),
                cause: filing.cause.clone(),
                procedure: procedure_phrase(filing.procedure_requested).to_owned(),
                plaintiffs: names(PartyRole::Plaintiff),
                defendants: names(PartyRole::Defendant),
                addressee: applicant,
                docketed_on: from_micros(received).to_offset(CHINA_OFFSET).date(),
                fee: None,
                appointment: None,
                note: Some(filing.decision_note.clone()),
                signatories: Vec::new(),
                dated: self.clock.today_in_china(),
            };
            let document = fill(template, &facts)?;
            self.file_document(
                ctx,
                Destination::Filing(filing.id),
                &document,
                template.as_str(),
                MaterialDraft {
                    kind: MaterialKind::CourtDocument,
                    title: document.title.clone(),
                },
                String::new(),
            )
            .await
        }
        .await;
        if let Err(e) = filed {
            tracing::error!(error = ?e, filing = %filing.id, "the decision's document was not filed");
        }
    }

    /// The court's rule on docketing (in-force when `deliver_on_docketing` is set): the
    /// 受理案件通知书, and the 交纳诉讼费用通知书 when fees are due, are issued and served on the
    /// filer through the platform inbox. Run after the docketing commits; a failure is logged and
    /// leaves the documents for the clerk to serve, never undoing the docketing.
    pub(crate) async fn deliver_on_docketing(
        &self,
        ctx: &Ctx,
        case: CaseId,
        filer: AccountId,
        fees_due: bool,
        address: Option<&DeliveryAddress>,
    ) {
        if !self.config.deliver_on_docketing {
            return;
        }
        let served = async {
            let mut templates = vec![Template::AcceptanceNotice];
            if fees_due {
                templates.push(Template::FeeNotice);
            }
            let mut materials = Vec::new();
            for template in &templates {
                let inputs = DocumentInputs {
                    addressee: Some(filer),
                    ..DocumentInputs::default()
                };
                materials.push(
                    self.issue(ctx, case, *template, &inputs, None, Authority::Rule)
                        .await?
                        .id,
                );
            }
            let title = templates
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join("、");
            self.deliver_as(
                ctx,
                case,
                DeliveryDraft {
                    recipient: filer,
                    kind: fayuan_domain::delivery::DocumentKind::Notice,
                    title,
                    materials,
                    channels: docketing_channels(address),
                },
                Authority::Rule,
            )
            .await
        }
        .await;
        if let Err(e) = served {
            tracing::error!(error = ?e, case = %case, "service on docketing failed; the clerk serves by hand");
        }
    }
}

/// 民事 or 行政: how rulings and judgments of a case's category are titled.
pub(crate) fn branch_of(category: FilingCategory) -> &'static str {
    match category {
        FilingCategory::AdministrativeFirstInstance => "行政",
        FilingCategory::CivilFirstInstance
        | FilingCategory::Enforcement
        | FilingCategory::Preservation
        | FilingCategory::PaymentOrder
        | FilingCategory::JudicialConfirmation => "民事",
    }
}

/// The channels service on docketing uses: the inbox always, and the e-mail and mobile the
/// complaint gave for service.
fn docketing_channels(address: Option<&DeliveryAddress>) -> Vec<DeliveryChannel> {
    let mut channels = vec![DeliveryChannel::Inbox];
    if let Some(a) = address {
        if !a.email.is_empty() {
            channels.push(DeliveryChannel::Email);
        }
        if !a.mobile.is_empty() {
            channels.push(DeliveryChannel::Sms);
        }
    }
    channels
}
