//! 裁判文书公开 (Rules art. 9; 法释〔2016〕19号): a document recorded as effective becomes a
//! publication task due in seven working days (art. 7); the masked draft is reviewed beside the
//! original, each change kept or undone, more hidden where needed; approval publishes it with a
//! ledger entry of the public text, or — for a document art. 4 withholds — publishes the art. 6
//! stub; a published document can be withdrawn with a public reason.

use fayuan_core::clock::to_micros;
use fayuan_core::digest::ContentHash;
use fayuan_core::id::{CaseId, MaterialId, PublicationId};
use fayuan_core::period::add_working_days;
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::docket::{Capacity, Case, ClosureMode};
use fayuan_domain::dossier::{MaterialKind, Volume};
use fayuan_domain::filing::{FilingCategory, PartyKind, PartyRole};
use fayuan_domain::ledger::EntryKind;
use fayuan_domain::ports::{IndexedJudgment, SearchHit, SearchRequest, SearchResults};
use fayuan_domain::publication::{
    CaseRecord, CaseType, Change, Closure, DocumentType, JudgmentPublication, Person,
    PublicationStatus, Refusal, Role, mask, title_of,
};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

use crate::ledger::Deposit;
use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// Longest reason for withholding or withdrawing.
const MAX_REASON_CHARS: usize = 500;

/// Most strings a reviewer may add to hide.
const MAX_ALSO_HIDE: usize = 50;

/// Deepest a search may page (hits skipped plus shown): a result list, not an export.
pub const MAX_SEARCH_DEPTH: usize = 10_000;

/// A publication as the reviewer sees it: the original, the masked draft and every change.
#[derive(Debug, Clone)]
pub struct PublicationReview {
    /// The publication.
    pub publication: JudgmentPublication,
    /// The changes masking makes to the original (none when withheld).
    pub changes: Vec<Change>,
    /// Why art. 4 withholds it, if it does.
    pub refusal: Option<Refusal>,
    /// It is past its last day and still pending.
    pub overdue: bool,
}

/// The reviewer's decision on a pending publication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewDecision {
    /// Changes (by their index in the review) to undo: the original text stays there.
    pub keep_original: Vec<usize>,
    /// Further strings to hide wherever they occur (replaced by ×××).
    pub also_hide: Vec<String>,
    /// The court's own reason not to publish (art. 4 (五)): only the stub is published.
    pub withhold_reason: Option<String>,
}

impl App {
    /// Records that a court document of the case took effect on `effective_on`: the task to
    /// publish it is due seven working days later, with the masked draft ready for review.
    pub async fn record_effective(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        material_id: MaterialId,
        effective_on: Date,
        document_type: DocumentType,
    ) -> Result<JudgmentPublication, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::PublishJudgments,
                "publication.create",
            )
            .await?;
        let material = tx
            .material(material_id)
            .await?
            .filter(|m| m.case_id == Some(case_id) && m.volume == Volume::Main)
            .filter(|m| m.kind == MaterialKind::CourtDocument)
            .ok_or_else(|| {
                AppError::invalid(
                    "publication.material",
                    "请选择本案正卷中的诉讼文书（判决书、裁定书等）。",
                )
            })?;
        if effective_on > self.clock.today_in_china() {
            return Err(AppError::invalid(
                "publication.effective_on",
                "生效日期不能晚于今天。",
            ));
        }
        let text = match tx.document_text(material_id).await? {
            Some(text) => text,
            None => {
                let pdf = self.blobs.get(&material.sha256).await?;
                fayuan_pdf::pdf_text(&pdf).unwrap_or_default()
            }
        };
        if text.chars().filter(|c| !c.is_whitespace()).count() < 20 {
            return Err(AppError::invalid(
                "publication.no_text",
                "无法从该文书中读取文字，请上传含文字层的PDF。",
            ));
        }
        // Art. 7: within seven working days of taking effect (the calendar of the filing issue;
        // a year whose holidays are not yet published cannot be counted).
        let due_on = add_working_days(effective_on, 7)
            .map_err(|e| {
                AppError::invalid(
                    "publication.calendar",
                    format!("无法计算公开期限（节假日安排尚未公布？）：{e}"),
                )
            })?
            .last_day;
        let record = self.case_record(&mut *tx, &case, document_type).await?;
        let mut publication = JudgmentPublication {
            id: PublicationId::new(),
            court_id: case.court_id,
            case_id,
            material_id,
            case_number: case.case_number.clone(),
            title: String::new(),
            document_type: document_type.as_str().to_owned(),
            effective_on,
            due_on,
            status: PublicationStatus::Pending,
            original_text: text,
            public_text: String::new(),
            withheld: String::new(),
            withdrawal_reason: String::new(),
            ledger_index: None,
            published_at_us: None,
            corrections: Vec::new(),
            created_by: actor.account_id,
            created_at_us: to_micros(self.clock.now()),
        };
        draft(&mut publication, &record, &ReviewDecision::default());
        tx.insert_publication(&publication).await?;
        self.audit(
            &mut *tx,
            ctx,
            "publication.create",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("publication:{} due {}", publication.id, publication.due_on),
        )
        .await?;
        tx.commit().await?;
        Ok(publication)
    }

    /// A publication for review: the original, the masked draft, each change and the refusal.
    pub async fn publication_review(
        &self,
        ctx: &Ctx,
        id: PublicationId,
    ) -> Result<PublicationReview, AppError> {
        let (mut tx, publication, case) = self.publication_for(ctx, id, "publication.read").await?;
        let record = self
            .case_record(&mut *tx, &case, document_type(&publication))
            .await?;
        tx.commit().await?;
        let (changes, refusal) = match mask(&record, &publication.original_text) {
            Ok(masked) => (masked.changes, None),
            Err(refusal) => (Vec::new(), Some(refusal)),
        };
        let overdue = publication.overdue(self.clock.today_in_china());
        Ok(PublicationReview {
            publication,
            changes,
            refusal,
            overdue,
        })
    }

    /// Approves a pending publication as reviewed: the masked text (with the reviewer's
    /// adjustments) becomes public, or the art. 6 stub when art. 4 or the court withholds it;
    /// either is deposited in the ledger.
    pub async fn approve_publication(
        &self,
        ctx: &Ctx,
        id: PublicationId,
        decision: &ReviewDecision,
    ) -> Result<JudgmentPublication, AppError> {
        if let Some(reason) = &decision.withhold_reason {
            check_reason(reason, "publication.withhold_reason")?;
        }
        let bad_hide = |h: &String| !(2..=100).contains(&h.trim().chars().count());
        if decision.also_hide.len() > MAX_ALSO_HIDE || decision.also_hide.iter().any(bad_hide) {
            return Err(AppError::invalid(
                "publication.also_hide",
                "补充屏蔽的内容每项2至100字，最多50项。",
            ));
        }
        let (mut tx, mut publication, case) =
            self.publication_for(ctx, id, "publication.approve").await?;
        let record = self
            .case_record(&mut *tx, &case, document_type(&publication))
            .await?;
        draft(&mut publication, &record, decision);
        let to = if publication.withheld.is_empty() {
            PublicationStatus::Published
        } else {
            PublicationStatus::Withheld
        };
        publication.check_transition(to)?;
        publication.status = to;
        let leaf = self
            .deposit_in_ledger(
                &mut *tx,
                &Deposit {
                    kind: EntryKind::JudgmentPublished,
                    subjects: vec![
                        format!("publication:{id}"),
                        format!("case_number:{}", publication.case_number),
                    ],
                    content: Some(ContentHash::of(publication.public_text.as_bytes())),
                },
            )
            .await?;
        publication.ledger_index = Some(leaf.index);
        publication.published_at_us = Some(to_micros(self.clock.now()));
        tx.update_publication(&publication).await?;
        self.audit(
            &mut *tx,
            ctx,
            "publication.approve",
            &format!("case:{}", publication.case_id),
            AuditOutcome::Success,
            &format!("publication:{id} {}", to.as_str()),
        )
        .await?;
        tx.commit().await?;
        self.index_publication(&publication).await;
        Ok(publication)
    }

    /// Withdraws a public document with a reason the public sees in its place.
    pub async fn withdraw_publication(
        &self,
        ctx: &Ctx,
        id: PublicationId,
        reason: &str,
    ) -> Result<JudgmentPublication, AppError> {
        let reason = check_reason(reason, "publication.withdrawal_reason")?;
        let (mut tx, mut publication, _) = self
            .publication_for(ctx, id, "publication.withdraw")
            .await?;
        publication.check_transition(PublicationStatus::Withdrawn)?;
        publication.status = PublicationStatus::Withdrawn;
        publication.withdrawal_reason = reason.to_owned();
        self.deposit_in_ledger(
            &mut *tx,
            &Deposit {
                kind: EntryKind::JudgmentWithdrawn,
                subjects: vec![format!("publication:{id}")],
                content: Some(ContentHash::of(reason.as_bytes())),
            },
        )
        .await?;
        tx.update_publication(&publication).await?;
        self.audit(
            &mut *tx,
            ctx,
            "publication.withdraw",
            &format!("case:{}", publication.case_id),
            AuditOutcome::Success,
            reason,
        )
        .await?;
        tx.commit().await?;
        let search = self.search.clone();
        let removed = tokio::task::spawn_blocking(move || search.remove(&id.to_string())).await;
        if !matches!(removed, Ok(Ok(()))) {
            tracing::error!(publication = %id, "withdrawn but still in the search index; run `fayuan search reindex`");
        }
        Ok(publication)
    }

    /// Corrects a published text in place (更正): hides more of it — a name or a number found
    /// after publication — with a reason the public sees beside the text. The new text is
    /// deposited in the ledger (`judgment_corrected`, the receipt now verifying it), and the
    /// index updated. What was hidden is neither kept nor audited.
    pub async fn correct_publication(
        &self,
        ctx: &Ctx,
        id: PublicationId,
        reason: &str,
        hide: &[String],
    ) -> Result<JudgmentPublication, AppError> {
        let reason = check_reason(reason, "publication.correction_reason")?;
        let (mut tx, mut publication, _) =
            self.publication_for(ctx, id, "publication.correct").await?;
        publication.correct(hide, reason, to_micros(self.clock.now()))?;
        let leaf = self
            .deposit_in_ledger(
                &mut *tx,
                &Deposit {
                    kind: EntryKind::JudgmentCorrected,
                    subjects: vec![
                        format!("publication:{id}"),
                        format!("case_number:{}", publication.case_number),
                    ],
                    content: Some(ContentHash::of(publication.public_text.as_bytes())),
                },
            )
            .await?;
        publication.ledger_index = Some(leaf.index);
        tx.update_publication(&publication).await?;
        self.audit(
            &mut *tx,
            ctx,
            "publication.correct",
            &format!("case:{}", publication.case_id),
            AuditOutcome::Success,
            &format!("publication:{id} {reason}"),
        )
        .await?;
        tx.commit().await?;
        self.index_publication(&publication).await;
        Ok(publication)
    }

    /// The actor's court's pending publications, earliest due first, overdue ones flagged.
    pub async fn publication_queue(
        &self,
        ctx: &Ctx,
    ) -> Result<Vec<(JudgmentPublication, bool)>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let court = actor
            .court_id
            .filter(|_| actor.kind == AccountKind::Staff)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.store.begin().await?;
        let pending = tx
            .publications_of_court(court, PublicationStatus::Pending)
            .await?;
        tx.commit().await?;
        let today = self.clock.today_in_china();
        Ok(pending
            .into_iter()
            .map(|p| {
                let overdue = p.overdue(today);
                (p, overdue)
            })
            .collect())
    }

    /// A case's publications, for those who publish its documents.
    pub async fn case_publications(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Vec<JudgmentPublication>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::PublishJudgments,
                "publication.list",
            )
            .await?;
        let found = tx.publications_of_case(case_id).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// Searches the public documents (the query language of `fayuan-search`). No login needed.
    pub async fn search_judgments(
        &self,
        request: SearchRequest,
    ) -> Result<SearchResults, AppError> {
        let within_chars: usize = request.within.iter().map(|w| w.chars().count()).sum();
        if request.query.chars().count() > 200 || request.within.len() > 10 || within_chars > 2_000
        {
            return Err(AppError::invalid(
                "search.query",
                "检索条件过长（不超过200字，最多在结果中检索10次）。",
            ));
        }
        if request.offset.saturating_add(request.limit) > MAX_SEARCH_DEPTH {
            return Err(AppError::invalid(
                "search.page",
                "只能查看前一万条结果，请增加检索条件。",
            ));
        }
        let search = self.search.clone();
        Ok(tokio::task::spawn_blocking(move || search.search(&request))
            .await
            .map_err(|e| AppError::Internal(format!("search task: {e}")))??)
    }

    /// The documents linked to a public one (关联文书): the same case's other documents, the
    /// earlier instances and enforced judgments its text cites, and the later ones citing it —
    /// earliest first. No login needed; read from the index only, like the search.
    pub async fn related_judgments(&self, id: PublicationId) -> Result<Vec<SearchHit>, AppError> {
        let search = self.search.clone();
        let id = id.to_string();
        Ok(tokio::task::spawn_blocking(move || search.related(&id))
            .await
            .map_err(|e| AppError::Internal(format!("search task: {e}")))??)
    }

    /// Whether the search index holds nothing (new, or lost: rebuild it).
    pub fn search_is_empty(&self) -> bool {
        self.search.count() == 0
    }

    /// Rebuilds the search index from the database (`fayuan search reindex`, and at start when
    /// the index is empty): every published document and every withheld one's stub.
    pub async fn reindex_judgments(&self) -> Result<usize, AppError> {
        const PAGE: i64 = 500;
        let mut docs = Vec::new();
        let mut offset = 0;
        loop {
            let mut tx = self.store.begin().await?;
            let (page, _) = tx.public_publications("", PAGE, offset).await?;
            let mut batch = Vec::with_capacity(page.len());
            for p in &page {
                batch.push(self.indexed(&mut *tx, p).await?);
            }
            tx.commit().await?;
            docs.extend(batch);
            if i64::try_from(page.len()).unwrap_or(0) < PAGE {
                break;
            }
            offset += PAGE;
        }
        let search = self.search.clone();
        Ok(tokio::task::spawn_blocking(move || search.rebuild(&docs))
            .await
            .map_err(|e| AppError::Internal(format!("reindex task: {e}")))??)
    }

    /// Rebuilds the search index when it holds another number of documents than the database
    /// makes public (an update lost after its commit, an index restored from elsewhere): the
    /// job that keeps the derived index current. Returns how many were indexed, if it rebuilt.
    pub async fn reconcile_search_index(&self) -> Result<Option<usize>, AppError> {
        let public = {
            let mut tx = self.store.begin().await?;
            let (_, total) = tx.public_publications("", 1, 0).await?;
            tx.commit().await?;
            total
        };
        if u64::try_from(public).unwrap_or(0) == self.search.count() {
            return Ok(None);
        }
        tracing::warn!(
            public,
            indexed = self.search.count(),
            "search index drifted: rebuilding"
        );
        Ok(Some(self.reindex_judgments().await?))
    }

    /// Puts a public document into the search index (after its commit; a failure is logged and
    /// mended by a reindex).
    async fn index_publication(&self, p: &JudgmentPublication) {
        let indexed = async {
            let mut tx = self.store.begin().await?;
            let doc = self.indexed(&mut *tx, p).await?;
            tx.commit().await?;
            let search = self.search.clone();
            tokio::task::spawn_blocking(move || search.upsert(&doc))
                .await
                .map_err(|e| AppError::Internal(format!("index task: {e}")))??;
            Ok::<(), AppError>(())
        }
        .await;
        if let Err(e) = indexed {
            tracing::error!(error = ?e, publication = %p.id, "published but not indexed; run `fayuan search reindex`");
        }
    }

    /// A public document as the search index holds it, with its case's court and facts.
    async fn indexed(
        &self,
        tx: &mut dyn Tx,
        p: &JudgmentPublication,
    ) -> Result<IndexedJudgment, AppError> {
        let case = tx.case(p.case_id).await?.ok_or(AppError::NotFound)?;
        let court = tx.court(case.court_id).await?.ok_or(AppError::NotFound)?;
        let case_type = match case.category {
            FilingCategory::AdministrativeFirstInstance => "行政",
            FilingCategory::Enforcement => "执行",
            _ => "民事",
        };
        Ok(IndexedJudgment {
            id: p.id.to_string(),
            case_number: p.case_number.clone(),
            title: p.title.clone(),
            region: court
                .code
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default(),
            court_level: court.level.label().to_owned(),
            court: court.name,
            case_type: case_type.to_owned(),
            procedure: case.procedure.label().to_owned(),
            document_type: document_type(p).label().to_owned(),
            cause: case.cause,
            judgment_date: Some(p.effective_on),
            published_on: p.published_at_us.map_or(p.effective_on, |us| {
                fayuan_core::clock::from_micros(us)
                    .to_offset(fayuan_core::clock::CHINA_OFFSET)
                    .date()
            }),
            text: p.public_text.clone(),
        })
    }

    /// One public document: published, withheld (its stub) or withdrawn (the reason only).
    /// No login needed; a pending one does not exist for the public.
    pub async fn public_judgment(
        &self,
        id: PublicationId,
    ) -> Result<JudgmentPublication, AppError> {
        let mut tx = self.store.begin().await?;
        let found = tx.publication(id).await?;
        tx.commit().await?;
        let mut publication = found
            .filter(|p| p.status != PublicationStatus::Pending)
            .ok_or(AppError::NotFound)?;
        publication.original_text.clear();
        if publication.status == PublicationStatus::Withdrawn {
            publication.public_text.clear();
        }
        Ok(publication)
    }

    /// Loads a publication and its case, checking the actor may publish the case's documents.
    async fn publication_for(
        &self,
        ctx: &Ctx,
        id: PublicationId,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, JudgmentPublication, Case), AppError> {
        let mut tx = self.store.begin().await?;
        let Some(publication) = tx.publication(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    audit_action,
                    &format!("publication:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let (tx, case) = self
            .case_for(
                ctx,
                tx,
                publication.case_id,
                Action::PublishJudgments,
                audit_action,
            )
            .await?;
        Ok((tx, publication, case))
    }

    /// What masking needs to know of the case: its kind, cause, closure and people — the
    /// parties as filed, and the agents linked to the case (lawyers kept, art. 11).
    async fn case_record(
        &self,
        tx: &mut dyn Tx,
        case: &Case,
        document: DocumentType,
    ) -> Result<CaseRecord, AppError> {
        let court = tx
            .court(case.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let mut people: Vec<Person> = case
            .parties
            .iter()
            .map(|p| Person {
                name: p.name.clone(),
                role: match p.role {
                    PartyRole::Plaintiff => Role::Plaintiff,
                    PartyRole::Defendant => Role::Defendant,
                    PartyRole::ThirdParty => Role::ThirdParty,
                },
                minor: false,
                ethnic_minority: false,
                foreign: false,
                latin_name: false,
                organization: p.kind == PartyKind::Organisation,
                lawyer: false,
                represents: None,
            })
            .collect();
        for participant in case
            .participants
            .iter()
            .filter(|p| p.capacity == Capacity::Agent)
        {
            if let Some(account) = tx.account(participant.account_id).await? {
                people.push(Person {
                    name: account.name,
                    role: Role::Agent,
                    minor: false,
                    ethnic_minority: false,
                    foreign: false,
                    latin_name: false,
                    organization: false,
                    lawyer: account.kind == AccountKind::Lawyer,
                    represents: Some(participant.party_name.clone()),
                });
            }
        }
        Ok(CaseRecord {
            case_number: case.case_number.clone(),
            court,
            date: case.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            case_type: match case.category {
                FilingCategory::AdministrativeFirstInstance => CaseType::Administrative,
                FilingCategory::Enforcement => CaseType::Enforcement,
                FilingCategory::CivilFirstInstance
                | FilingCategory::Preservation
                | FilingCategory::PaymentOrder
                | FilingCategory::JudicialConfirmation => CaseType::Civil,
            },
            cause: case.cause.clone(),
            document,
            closure: match case.closure_mode {
                Some(ClosureMode::Mediation) => Closure::Mediation,
                Some(ClosureMode::Withdrawal) => Closure::Withdrawal,
                Some(ClosureMode::Judgment) | None => Closure::Judgment,
                Some(ClosureMode::Ruling)
                    if case.category == FilingCategory::JudicialConfirmation =>
                {
                    Closure::MediationConfirmation
                }
                Some(
                    ClosureMode::Ruling
                    | ClosureMode::Dismissal
                    | ClosureMode::Transfer
                    | ClosureMode::Termination,
                ) => Closure::Ruling,
            },
            state_secret: false,
            withheld_reason: None,
            public_interest: false,
            people,
        })
    }
}

/// The kind of document a publication is of.
fn document_type(p: &JudgmentPublication) -> DocumentType {
    DocumentType::parse(&p.document_type).unwrap_or(DocumentType::Judgment)
}

/// A reason, trimmed and checked.
fn check_reason<'a>(reason: &'a str, code: &'static str) -> Result<&'a str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(code, "请写明理由（不超过500字）。"));
    }
    Ok(reason)
}

/// Sets the public text, title and withholding of a publication from its original and the
/// reviewer's decision: the masked text with the chosen changes undone and more hidden, or the
/// art. 6 stub.
fn draft(p: &mut JudgmentPublication, record: &CaseRecord, decision: &ReviewDecision) {
    let mut record = record.clone();
    record.withheld_reason = decision.withhold_reason.clone();
    match mask(&record, &p.original_text) {
        Ok(masked) => {
            let chars: Vec<char> = p.original_text.chars().collect();
            let mut text = String::new();
            let mut next = 0;
            for (i, c) in masked.changes.iter().enumerate() {
                text.extend(&chars[next..c.start]);
                if decision.keep_original.contains(&i) {
                    text.push_str(&c.original);
                } else {
                    text.push_str(&c.replacement);
                }
                next = c.end;
            }
            text.extend(&chars[next..]);
            for hidden in &decision.also_hide {
                let hidden = hidden.trim();
                if !hidden.is_empty() {
                    text = text.replace(hidden, "×××");
                }
            }
            p.title = title_of(&text);
            p.public_text = text;
            p.withheld = String::new();
        }
        Err(refusal) => {
            p.title = format!("{}（不公开）", p.case_number);
            p.public_text = refusal.stub(&record);
            p.withheld = refusal.citation();
        }
    }
}
