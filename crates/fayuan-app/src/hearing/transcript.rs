//! The transcript of a sitting (庭审笔录, Rules art. 25; 民事诉讼法 art. 150): the clerk (or
//! whoever handles the case) types it and hands it for review; the judges, the clerk and every
//! participant sign it — confirming with their password or TOTP, optionally drawing their
//! signature — or ask for corrections; the clerk resolves them, notes refusals and paper
//! signatures, and locks it, which files it in the dossier with its ledger entry.

use base64::Engine;
use fayuan_core::clock::to_micros;
use fayuan_core::id::{HearingId, MaterialId};
use fayuan_domain::documents::{CourtDocument, DocumentImage, Field};
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::filing::PartyRole;
use fayuan_domain::hearing::HearingSession;
use fayuan_domain::hearing::transcript::{Signer, Transcript};
use fayuan_domain::mediation::settlement::check_handwriting;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;

use crate::docket::case_resource;
use crate::dossier::{Destination, MaterialDraft};
use crate::mediation::settlement::SigningProof;
use crate::policy::{Action, Decision, decide};
use crate::{App, AppError, Ctx};

/// A transcript as one viewer sees it.
#[derive(Debug, Clone)]
pub struct TranscriptView {
    /// The sitting.
    pub hearing: HearingSession,
    /// The transcript (a new, empty one before anything was typed).
    pub transcript: Transcript,
    /// The viewer handles the case: types, hands for review, resolves, locks.
    pub can_edit: bool,
    /// The viewer's place among the signers.
    pub my_signer: Option<usize>,
}

/// Who signs a sitting's transcript: the judges, the clerk, every participant.
async fn signers_of(tx: &mut dyn Tx, session: &HearingSession) -> Result<Vec<Signer>, AppError> {
    let mut out = Vec::new();
    let blank = |account, name: String, capacity: &str| Signer {
        account_id: account,
        name,
        capacity: capacity.to_owned(),
        signed_at_us: None,
        handwriting: None,
        refusal: None,
        paper: None,
    };
    let presiding = if session.panel.is_empty() {
        "审判员"
    } else {
        "审判长"
    };
    let name_of =
        |a: Option<fayuan_domain::accounts::Account>| a.map(|a| a.name).unwrap_or_default();
    out.push(blank(
        Some(session.judge_id),
        name_of(tx.account(session.judge_id).await?),
        presiding,
    ));
    for p in &session.panel {
        out.push(blank(Some(*p), name_of(tx.account(*p).await?), "审判员"));
    }
    if let Some(c) = session.clerk_id {
        out.push(blank(Some(c), name_of(tx.account(c).await?), "书记员"));
    }
    for a in &session.attendees {
        let side = match a.side {
            Some(PartyRole::Plaintiff) => "原告",
            Some(PartyRole::Defendant) => "被告",
            Some(PartyRole::ThirdParty) => "第三人",
            None => "",
        };
        let capacity = if a.lawyer {
            format!("{side}代理人")
        } else {
            side.to_owned()
        };
        out.push(blank(a.account_id, a.name.clone(), &capacity));
    }
    Ok(out)
}

impl App {
    /// The sitting, its transcript and what the viewer may do; the viewer must be allowed to
    /// read the case (participants and the court's people are).
    async fn transcript_in(
        &self,
        ctx: &Ctx,
        id: HearingId,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, TranscriptView), AppError> {
        let mut tx = self.store.begin().await?;
        let Some(hearing) = tx.hearing(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    audit_action,
                    &format!("hearing:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let (mut tx, case) = self
            .case_for(ctx, tx, hearing.case_id, Action::ReadCase, audit_action)
            .await?;
        let can_edit = ctx.actor.as_ref().is_some_and(|a| {
            decide(a, Action::ScheduleHearings, case_resource(&case, Some(a))) == Decision::Allow
        });
        let transcript = match tx.transcript(id).await? {
            Some(t) => t,
            None => Transcript::new(id, signers_of(&mut *tx, &hearing).await?),
        };
        let my_signer = ctx.actor.as_ref().and_then(|a| {
            transcript
                .signers
                .iter()
                .position(|s| s.account_id == Some(a.account_id))
        });
        Ok((
            tx,
            TranscriptView {
                hearing,
                transcript,
                can_edit,
                my_signer,
            },
        ))
    }

    /// Saves a changed transcript with its audit event, and commits.
    async fn save_transcript(
        &self,
        mut tx: Box<dyn Tx>,
        ctx: &Ctx,
        view: TranscriptView,
        audit_action: &str,
        detail: &str,
    ) -> Result<TranscriptView, AppError> {
        tx.put_transcript(&view.transcript).await?;
        self.audit(
            &mut *tx,
            ctx,
            audit_action,
            &format!("hearing:{}", view.hearing.id),
            AuditOutcome::Success,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The transcript of a sitting, for the case's readers.
    pub async fn transcript(&self, ctx: &Ctx, id: HearingId) -> Result<TranscriptView, AppError> {
        let (tx, view) = self.transcript_in(ctx, id, "transcript.read").await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Types the transcript (those handling the case), while it is not under review.
    pub async fn write_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
        paragraphs: Vec<String>,
    ) -> Result<TranscriptView, AppError> {
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.write").await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        view.transcript.edit(paragraphs)?;
        let version = view.transcript.version.to_string();
        self.save_transcript(tx, ctx, view, "transcript.write", &version)
            .await
    }

    /// Hands the transcript to the signers for review; they are told in their inbox.
    pub async fn submit_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
    ) -> Result<TranscriptView, AppError> {
        let (mut tx, mut view) = self.transcript_in(ctx, id, "transcript.submit").await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        view.transcript.submit_for_review()?;
        for account in view.transcript.signers.iter().filter_map(|s| s.account_id) {
            self.notify(
                &mut *tx,
                account,
                "请核对笔录并签名",
                &format!(
                    "{}{}的笔录已完成，请核对后签名，或提出更正申请。",
                    view.hearing.case_number,
                    view.hearing.kind.label()
                ),
                Some(format!("/hearings/{id}/transcript")),
            )
            .await?;
        }
        self.save_transcript(tx, ctx, view, "transcript.submit", "")
            .await
    }

    /// Takes the transcript back for corrections; the signatures given to it are void.
    pub async fn reopen_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
    ) -> Result<TranscriptView, AppError> {
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.reopen").await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        view.transcript.reopen()?;
        self.save_transcript(tx, ctx, view, "transcript.reopen", "")
            .await
    }

    /// A signer signs (password or TOTP; optionally a drawn signature).
    pub async fn sign_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
        proof: SigningProof,
        handwriting: Option<Vec<u8>>,
    ) -> Result<TranscriptView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        if let Some(png) = &handwriting {
            check_handwriting(png)?;
        }
        let (mut tx, mut view) = self.transcript_in(ctx, id, "transcript.sign").await?;
        if let Err(e) = self.confirm_signer(&mut *tx, ctx, proof).await {
            return Err(self
                .refuse_in(tx, ctx, "transcript.sign", &format!("hearing:{id}"), e)
                .await);
        }
        let drawn = handwriting.map(|png| base64::engine::general_purpose::STANDARD.encode(png));
        view.transcript
            .sign(actor.account_id, to_micros(self.clock.now()), drawn)?;
        self.save_transcript(tx, ctx, view, "transcript.sign", "")
            .await
    }

    /// A signer asks for a correction.
    pub async fn object_to_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
        text: &str,
    ) -> Result<TranscriptView, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.object").await?;
        view.transcript.object(
            actor.account_id,
            &actor.name,
            text,
            to_micros(self.clock.now()),
        )?;
        self.save_transcript(tx, ctx, view, "transcript.object", "")
            .await
    }

    /// The clerk resolves an objection (numbered from 1).
    pub async fn resolve_objection(
        &self,
        ctx: &Ctx,
        id: HearingId,
        number: usize,
        note: &str,
    ) -> Result<TranscriptView, AppError> {
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.resolve").await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        view.transcript
            .resolve(number.checked_sub(1).ok_or(AppError::NotFound)?, note)?;
        self.save_transcript(tx, ctx, view, "transcript.resolve", &number.to_string())
            .await
    }

    /// The clerk notes that a signer (numbered from 1) refused to sign, or signed on paper
    /// (the scan filed in the case's dossier).
    pub async fn account_for_signer(
        &self,
        ctx: &Ctx,
        id: HearingId,
        number: usize,
        refusal: Option<String>,
        paper: Option<MaterialId>,
    ) -> Result<TranscriptView, AppError> {
        let (mut tx, mut view) = self
            .transcript_in(ctx, id, "transcript.account_for")
            .await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        if let Some(scan) = paper {
            let in_case = tx
                .material(scan)
                .await?
                .is_some_and(|m| m.case_id == Some(view.hearing.case_id));
            if !in_case {
                return Err(AppError::invalid(
                    "transcript.paper",
                    "纸质签名的扫描件应为本案卷宗中的材料。",
                ));
            }
        }
        view.transcript.account_for(
            number.checked_sub(1).ok_or(AppError::NotFound)?,
            refusal,
            paper,
        )?;
        self.save_transcript(tx, ctx, view, "transcript.account_for", &number.to_string())
            .await
    }

    /// Locks the transcript once everyone is accounted for and every objection resolved, and
    /// files it (typeset with the signatures) in the case's dossier with its ledger entry.
    pub async fn lock_transcript(
        &self,
        ctx: &Ctx,
        id: HearingId,
    ) -> Result<TranscriptView, AppError> {
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.lock").await?;
        if !view.can_edit {
            return Err(AppError::Forbidden);
        }
        view.transcript.lock()?;
        let view = self
            .save_transcript(tx, ctx, view, "transcript.lock", "")
            .await?;
        let document = self.transcript_document(&view).await?;
        let material = self
            .file_document(
                ctx,
                Destination::Case(view.hearing.case_id),
                &document,
                "transcript",
                MaterialDraft {
                    kind: MaterialKind::CourtRecord,
                    title: format!("{}笔录", view.hearing.kind.label()),
                },
                String::new(),
            )
            .await?;
        let (tx, mut view) = self.transcript_in(ctx, id, "transcript.lock").await?;
        view.transcript.material_id = Some(material.id);
        self.save_transcript(
            tx,
            ctx,
            view,
            "transcript.filed",
            &format!("material:{}", material.id),
        )
        .await
    }

    /// The locked transcript as a document: the sitting's particulars, the text, and every
    /// signer with how they signed.
    async fn transcript_document(&self, view: &TranscriptView) -> Result<CourtDocument, AppError> {
        let mut tx = self.store.begin().await?;
        let court = tx
            .court(view.hearing.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        tx.commit().await?;
        let s = &view.hearing;
        let mut document = CourtDocument::new(
            &court,
            &format!("{}笔录", s.kind.label()),
            &s.case_number,
            self.clock.today_in_china(),
        );
        document.fields = vec![
            Field::new(
                "时间",
                s.starts_at
                    .to_offset(fayuan_core::clock::CHINA_OFFSET)
                    .format(&time::macros::format_description!(
                        "[year]年[month]月[day]日[hour]时[minute]分"
                    ))
                    .unwrap_or_default(),
            ),
            Field::new(
                "参加人",
                s.attendees
                    .iter()
                    .map(|a| format!("{}（{}）", a.name, a.attendance.label()))
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        ];
        document.paragraphs = view.transcript.paragraphs.clone();
        for signer in &view.transcript.signers {
            let how = if signer.signed_at_us.is_some() {
                "（电子签名）".to_owned()
            } else if signer.paper.is_some() {
                "（纸质签名，扫描件附卷）".to_owned()
            } else {
                format!(
                    "（拒绝签名：{}）",
                    signer.refusal.clone().unwrap_or_default()
                )
            };
            let line = format!("{}　{}{how}", signer.capacity, signer.name);
            if let Some(png) = signer
                .handwriting
                .as_ref()
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            {
                document.images.push(DocumentImage {
                    caption: line.clone(),
                    png,
                });
            }
            document.signatures.push(line);
        }
        Ok(document)
    }
}
