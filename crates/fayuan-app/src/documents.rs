//! Court documents (文书辅助生成, Rules arts. 6, 20): a template filled from the case for the
//! clerk to review and edit, then issued — rendered to PDF, deposited in the dossier as a 诉讼文书
//! (with its blob and ledger entry) and immutable from then on, ready to be served.

use fayuan_core::clock::CHINA_OFFSET;
use fayuan_core::id::{AccountId, CaseId};
use fayuan_domain::documents::{CaseFacts, CourtDocument, Template, fill};
use fayuan_domain::dossier::{Channel, Material, MaterialKind};
use fayuan_domain::filing::PartyRole;

use crate::delivery::{Authority, DeliveryDraft};
use crate::dossier::staging::StagedUpload;
use crate::dossier::{Destination, MaterialDraft};
use crate::{App, AppError, Ctx};

impl App {
    /// The document a template gives for this case and addressee (a participant), for the clerk
    /// to review. Nothing is stored.
    pub async fn draft_document(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        addressee: AccountId,
    ) -> Result<CourtDocument, AppError> {
        self.compose(ctx, case_id, template, addressee, Authority::Actor)
            .await
    }

    async fn compose(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        addressee: AccountId,
        authority: Authority,
    ) -> Result<CourtDocument, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for_delivery(ctx, tx, case_id, "documents.draft", authority)
            .await?;
        let addressee = match case.participant(addressee) {
            Some(p) => p.party_name.clone(),
            None if case.filer_id == addressee => tx
                .account(addressee)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
            None => {
                return Err(AppError::invalid(
                    "documents.addressee",
                    "收件人不是本案当事人或代理人。",
                ));
            }
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
            cause: case.cause.clone(),
            plaintiffs: names(PartyRole::Plaintiff),
            defendants: names(PartyRole::Defendant),
            addressee,
            docketed_on: case.docketed_on,
            fee,
            dated: self.clock.now().to_offset(CHINA_OFFSET).date(),
        };
        Ok(fill(template, &facts))
    }

    /// Issues a document: the template's text, or the clerk's edited paragraphs, rendered to PDF
    /// and filed in the main volume as a 诉讼文书 (blob, catalogue line, ledger entry, audit).
    pub async fn issue_document(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        addressee: AccountId,
        paragraphs: Option<Vec<String>>,
    ) -> Result<Material, AppError> {
        self.issue(
            ctx,
            case_id,
            template,
            addressee,
            paragraphs,
            Authority::Actor,
        )
        .await
    }

    async fn issue(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        template: Template,
        addressee: AccountId,
        paragraphs: Option<Vec<String>>,
        authority: Authority,
    ) -> Result<Material, AppError> {
        let mut document = self
            .compose(ctx, case_id, template, addressee, authority)
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
        let renderer = self.renderer.clone();
        let rendered = document.clone();
        let pdf = tokio::task::spawn_blocking(move || renderer.render(&rendered))
            .await
            .map_err(|e| AppError::Internal(format!("render task: {e}")))??;
        let file_name = format!("{}.pdf", template.as_str());
        let mut staged = StagedUpload::create(
            &self.config.staging_dir,
            &file_name,
            self.config.uploads.max_file_bytes,
        )
        .await?;
        staged.write(&pdf).await?;
        let staged = staged.finish().await?;
        self.deposit(
            ctx,
            Destination::Case(case_id),
            MaterialDraft {
                kind: MaterialKind::CourtDocument,
                title: format!(
                    "{}（{}）",
                    document.title,
                    document.addressee.trim_end_matches('：')
                ),
            },
            staged,
            Channel::Online,
            String::new(),
        )
        .await
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
                materials.push(
                    self.issue(ctx, case, *template, filer, None, Authority::Rule)
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
                    channels: vec![fayuan_domain::delivery::DeliveryChannel::Inbox],
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
