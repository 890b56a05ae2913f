//! 裁判文书公开 (Rules art. 9): staff record effective documents and review their masked
//! publication (`/api/v1/cases/{id}/publications`, `/api/v1/publications`); the public reads
//! what is published, without logging in (`/api/v1/public/judgments`).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::publication::{PublicationReview, ReviewDecision};
use fayuan_core::case_number::CaseNumber;
use fayuan_core::id::{MaterialId, PublicationId};
use fayuan_domain::ports::{SearchHit, SearchRequest, SearchResults};
use fayuan_domain::publication::{DocumentType, JudgmentPublication, PublicationStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::court::parse_field;
use super::delivery::parse_date;
use super::dossier::id;
use super::{ApiJson, ApiQuery, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A document recorded as effective.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EffectiveRequest {
    /// The court document (a material of the case's main volume).
    pub material: String,
    /// The date it took effect (YYYY-MM-DD).
    pub effective_on: String,
    /// `judgment`, `ruling`, `mediation_statement`, `payment_order`, `decision` or
    /// `rejection_notice`.
    pub document_type: String,
}

/// A publication as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationView {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The document.
    pub material_id: String,
    /// 案号.
    pub case_number: String,
    /// Title as published.
    pub title: String,
    /// Kind of document.
    pub document_type: String,
    /// `pending`, `published`, `withheld` or `withdrawn`.
    pub status: String,
    /// Took effect on.
    pub effective_on: String,
    /// Last day to publish (art. 7).
    pub due_on: String,
    /// The public text: the masked draft, the published text, or the art. 6 stub.
    pub public_text: String,
    /// The art. 4 citation when withheld.
    pub withheld: String,
    /// Why it was withdrawn.
    pub withdrawal_reason: String,
    /// The ledger entry of the public text.
    pub ledger_index: Option<i64>,
    /// When it became public (RFC 3339).
    pub published_at: Option<String>,
    /// Corrections in place, oldest first.
    pub corrections: Vec<CorrectionView>,
}

/// A correction in place of a published text (更正).
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionView {
    /// When (RFC 3339).
    pub at: String,
    /// Why.
    pub reason: String,
    /// The ledger entry of the text it replaced.
    pub previous_ledger_index: Option<i64>,
}

/// The corrections of a publication as shown.
fn corrections(p: &JudgmentPublication) -> Vec<CorrectionView> {
    p.corrections
        .iter()
        .map(|c| CorrectionView {
            at: rfc3339(fayuan_core::clock::from_micros(c.at_us)),
            reason: c.reason.clone(),
            previous_ledger_index: c.previous_ledger_index,
        })
        .collect()
}

impl From<&JudgmentPublication> for PublicationView {
    fn from(p: &JudgmentPublication) -> Self {
        Self {
            id: p.id.to_string(),
            case_id: p.case_id.to_string(),
            material_id: p.material_id.to_string(),
            case_number: p.case_number.clone(),
            title: p.title.clone(),
            document_type: p.document_type.clone(),
            status: p.status.as_str().to_owned(),
            effective_on: p.effective_on.to_string(),
            due_on: p.due_on.to_string(),
            public_text: p.public_text.clone(),
            withheld: p.withheld.clone(),
            withdrawal_reason: p.withdrawal_reason.clone(),
            ledger_index: p.ledger_index,
            published_at: p
                .published_at_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
            corrections: corrections(p),
        }
    }
}

/// Records that a document of the case took effect: a publication task due in seven working
/// days, with its masked draft.
#[utoipa::path(post, path = "/api/v1/cases/{id}/publications", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = EffectiveRequest,
    responses((status = 201, body = PublicationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_effective(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<EffectiveRequest>,
) -> Result<Response, ApiError> {
    let material: MaterialId = id(&req.material)?;
    let effective_on = parse_date(&req.effective_on)?;
    let kind = parse_field(
        &req.document_type,
        DocumentType::parse,
        "publication.document_type",
    )?;
    let p = s
        .app
        .record_effective(&ctx, id(&case)?, material, effective_on, kind)
        .await?;
    Ok(created(PublicationView::from(&p)))
}

/// The case's publications.
#[utoipa::path(get, path = "/api/v1/cases/{id}/publications", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<PublicationView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn case_publications(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<Vec<PublicationView>>, ApiError> {
    let found = s.app.case_publications(&ctx, id(&case)?).await?;
    Ok(Json(found.iter().map(Into::into).collect()))
}

/// A pending publication in the queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedView {
    /// The publication.
    #[serde(flatten)]
    pub publication: PublicationView,
    /// Past its last day.
    pub overdue: bool,
}

/// The court's pending publications, earliest due first.
#[utoipa::path(get, path = "/api/v1/publications", tag = "publication", security(("bearer" = [])),
    responses((status = 200, body = Vec<QueuedView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn queue(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<QueuedView>>, ApiError> {
    let queue = s.app.publication_queue(&ctx).await?;
    Ok(Json(
        queue
            .iter()
            .map(|(p, overdue)| QueuedView {
                publication: p.into(),
                overdue: *overdue,
            })
            .collect(),
    ))
}

/// One change masking makes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    /// Its number, to keep the original with `keep_original`.
    pub index: usize,
    /// First character (index into the original text).
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The original text.
    pub original: String,
    /// What the public reads.
    pub replacement: String,
    /// The article that requires it.
    pub article: String,
}

/// A publication for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    /// The publication.
    pub publication: PublicationView,
    /// The original text (never public).
    pub original_text: String,
    /// Every change.
    pub changes: Vec<ChangeView>,
    /// Why art. 4 withholds it (不予公开：第四条第（…）项), if it does.
    pub refusal: Option<String>,
    /// Past its last day and pending.
    pub overdue: bool,
}

impl From<&PublicationReview> for ReviewView {
    fn from(r: &PublicationReview) -> Self {
        Self {
            publication: (&r.publication).into(),
            original_text: r.publication.original_text.clone(),
            changes: r
                .changes
                .iter()
                .enumerate()
                .map(|(index, c)| ChangeView {
                    index,
                    start: c.start,
                    end: c.end,
                    original: c.original.clone(),
                    replacement: c.replacement.clone(),
                    article: c.rule.article().to_owned(),
                })
                .collect(),
            refusal: r.refusal.as_ref().map(|r| r.citation()),
            overdue: r.overdue,
        }
    }
}

/// A publication with the original beside the masked draft and every change.
#[utoipa::path(get, path = "/api/v1/publications/{id}", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Publication id")),
    responses((status = 200, body = ReviewView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn review(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(publication): Path<String>,
) -> Result<Json<ReviewView>, ApiError> {
    let review = s.app.publication_review(&ctx, id(&publication)?).await?;
    Ok(Json((&review).into()))
}

/// The reviewer's decision.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ApproveRequest {
    /// Changes (by index) to undo.
    #[serde(default)]
    pub keep_original: Vec<usize>,
    /// Further strings to hide (replaced by ×××).
    #[serde(default)]
    pub also_hide: Vec<String>,
    /// The court's own reason not to publish (art. 4 (五)): only the stub is published.
    #[serde(default)]
    pub withhold_reason: Option<String>,
}

/// Approves the publication: the masked text (or the stub) becomes public, with a ledger entry.
#[utoipa::path(post, path = "/api/v1/publications/{id}/approve", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Publication id")), request_body = ApproveRequest,
    responses((status = 200, body = PublicationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn approve(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(publication): Path<String>,
    ApiJson(req): ApiJson<ApproveRequest>,
) -> Result<Json<PublicationView>, ApiError> {
    let decision = ReviewDecision {
        keep_original: req.keep_original,
        also_hide: req.also_hide,
        withhold_reason: req.withhold_reason.filter(|r| !r.trim().is_empty()),
    };
    let p = s
        .app
        .approve_publication(&ctx, id(&publication)?, &decision)
        .await?;
    Ok(Json((&p).into()))
}

/// Why a public document is withdrawn.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawRequest {
    /// The reason, shown to the public in the document's place.
    pub reason: String,
}

/// Withdraws a public document.
#[utoipa::path(post, path = "/api/v1/publications/{id}/withdraw", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Publication id")), request_body = WithdrawRequest,
    responses((status = 200, body = PublicationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(publication): Path<String>,
    ApiJson(req): ApiJson<WithdrawRequest>,
) -> Result<Json<PublicationView>, ApiError> {
    let p = s
        .app
        .withdraw_publication(&ctx, id(&publication)?, &req.reason)
        .await?;
    Ok(Json((&p).into()))
}

/// What a correction hides, and why.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CorrectRequest {
    /// The reason, shown to the public beside the text.
    pub reason: String,
    /// Strings to hide wherever they occur in the public text (2–100 characters, at most 50).
    pub hide: Vec<String>,
}

/// Corrects a published text in place (更正): hides more of it, with a public reason; the new
/// text gets its own ledger entry.
#[utoipa::path(post, path = "/api/v1/publications/{id}/correct", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Publication id")), request_body = CorrectRequest,
    responses((status = 200, body = PublicationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn correct(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(publication): Path<String>,
    ApiJson(req): ApiJson<CorrectRequest>,
) -> Result<Json<PublicationView>, ApiError> {
    let p = s
        .app
        .correct_publication(&ctx, id(&publication)?, &req.reason, &req.hide)
        .await?;
    Ok(Json((&p).into()))
}

/// A public document.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicJudgmentView {
    /// Id.
    pub id: String,
    /// 案号.
    pub case_number: String,
    /// Title.
    pub title: String,
    /// Kind of document.
    pub document_type: String,
    /// `published`, `withheld` (only the art. 6 stub) or `withdrawn`.
    pub status: String,
    /// The public text (empty once withdrawn).
    pub text: String,
    /// The art. 4 citation when withheld.
    pub withheld: String,
    /// Why it was withdrawn.
    pub withdrawal_reason: String,
    /// When it became public (RFC 3339).
    pub published_at: Option<String>,
    /// The ledger entry of the public text, verifiable on `/ledger`.
    pub ledger_index: Option<i64>,
    /// Its receipt.
    pub receipt_url: Option<String>,
    /// Corrections in place, oldest first (none shown once withdrawn).
    pub corrections: Vec<CorrectionView>,
}

impl From<&JudgmentPublication> for PublicJudgmentView {
    fn from(p: &JudgmentPublication) -> Self {
        let text = if p.status == PublicationStatus::Withdrawn {
            String::new()
        } else {
            p.public_text.clone()
        };
        Self {
            id: p.id.to_string(),
            case_number: p.case_number.clone(),
            title: p.title.clone(),
            document_type: p.document_type.clone(),
            status: p.status.as_str().to_owned(),
            text,
            withheld: p.withheld.clone(),
            withdrawal_reason: p.withdrawal_reason.clone(),
            published_at: p
                .published_at_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
            ledger_index: p.ledger_index,
            receipt_url: p
                .ledger_index
                .map(|i| format!("/api/v1/ledger/entries/{i}/receipt")),
            corrections: corrections(p),
        }
    }
}

/// A search of the published documents.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PublicQuery {
    /// The query: words (ANDed), "phrases", -exclusions, `案由:…`, `法院:…`, `法院层级:…`,
    /// `裁判年份:…`, `审判程序:…`, `文书类型:…`, `案号:…`, parts (`事实:…`, `理由:…`,
    /// `判决结果:…` …), `日期:2020-01-01..2021-12-31`.
    pub q: Option<String>,
    /// Earlier queries to search within (在结果中检索), joined with `|`.
    pub within: Option<String>,
    /// `date` for newest first; relevance otherwise.
    pub sort: Option<String>,
    /// Page, from 1.
    pub page: Option<u32>,
    /// Per page (1–100, default 20).
    pub per_page: Option<u32>,
}

/// One hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitView {
    /// The publication's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// 案号.
    pub case_number: String,
    /// The court.
    pub court: String,
    /// 案由.
    pub cause: String,
    /// Date of the document.
    pub judgment_date: Option<String>,
    /// A fragment with the matches in `<b>` (HTML-escaped otherwise).
    pub snippet_html: String,
}

/// One facet's values.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetView {
    /// The facet (案由, 法院, 法院层级, 裁判年份, 审判程序, 文书类型).
    pub name: String,
    /// Values with their counts, most first.
    pub values: Vec<FacetValue>,
}

/// A facet value and how many documents have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// How many.
    pub count: u64,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchView {
    /// How many documents match.
    pub total: usize,
    /// This page.
    pub page: u32,
    /// The hits.
    pub hits: Vec<HitView>,
    /// Counts per facet value.
    pub facets: Vec<FacetView>,
}

/// The search request of a query, and its page number.
pub(crate) fn search_request(q: &PublicQuery, per_page: u32) -> (SearchRequest, u32) {
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(per_page).clamp(1, 100);
    (
        SearchRequest {
            query: q.q.clone().unwrap_or_default(),
            within: q
                .within
                .as_deref()
                .map(|w| {
                    w.split('|')
                        .map(str::trim)
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            by_date: q.sort.as_deref() == Some("date"),
            offset: usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX),
            limit: usize::try_from(per_page).unwrap_or(20),
        },
        page,
    )
}

impl SearchView {
    /// The view of search results.
    pub fn of(results: SearchResults, page: u32) -> Self {
        Self {
            total: results.total,
            page,
            hits: results
                .hits
                .into_iter()
                .map(|h| HitView {
                    id: h.id,
                    title: h.title,
                    case_number: h.case_number,
                    court: h.court,
                    cause: h.cause,
                    judgment_date: h.judgment_date.map(|d| d.to_string()),
                    snippet_html: h.snippet_html,
                })
                .collect(),
            facets: results
                .facets
                .into_iter()
                .map(|(name, values)| FacetView {
                    name,
                    values: values
                        .into_iter()
                        .map(|(value, count)| FacetValue { value, count })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Searches the published documents (and the stubs of withheld ones): hits with highlighted
/// snippets, the total and facet counts. No login needed.
#[utoipa::path(get, path = "/api/v1/public/judgments", tag = "publication", params(PublicQuery),
    responses((status = 200, body = SearchView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn public_judgments(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<PublicQuery>,
) -> Result<Json<SearchView>, ApiError> {
    let (request, page) = search_request(&q, 20);
    let results = s.app.search_judgments(request).await?;
    Ok(Json(SearchView::of(results, page)))
}

/// One public document; a withdrawn one shows only its withdrawal. No login needed.
#[utoipa::path(get, path = "/api/v1/public/judgments/{id}", tag = "publication",
    params(("id" = String, Path, description = "Publication id")),
    responses((status = 200, body = PublicJudgmentView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn public_judgment(
    State(s): State<WebState>,
    Path(publication): Path<String>,
) -> Result<Json<PublicJudgmentView>, ApiError> {
    let p = s
        .app
        .public_judgment(id::<PublicationId>(&publication)?)
        .await?;
    Ok(Json((&p).into()))
}

/// A document linked to another (关联文书).
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedView {
    /// Id (for `/api/v1/public/judgments/{id}`).
    pub id: String,
    /// 案号.
    pub case_number: String,
    /// 审理程序: the case type of the number (民事一审案件, 民事二审案件, 执行实施类案件 …).
    pub procedure: Option<String>,
    /// 审理法院.
    pub court: String,
    /// Title.
    pub title: String,
    /// 裁判日期.
    pub judgment_date: Option<String>,
}

impl From<SearchHit> for RelatedView {
    fn from(h: SearchHit) -> Self {
        Self {
            procedure: procedure_of(&h.case_number),
            id: h.id,
            case_number: h.case_number,
            court: h.court,
            title: h.title,
            judgment_date: h.judgment_date.map(|d| d.to_string()),
        }
    }
}

/// The case type (审理程序) a case number names, when it parses.
pub fn procedure_of(case_number: &str) -> Option<String> {
    CaseNumber::parse(case_number)
        .ok()
        .and_then(|n| n.type_code())
        .map(|t| t.name.to_owned())
}

/// The documents linked to a public one (关联文书): the same case's other documents, the earlier
/// instances and enforced judgments its text cites, and the later ones citing it; earliest
/// first, at most 50. No login needed.
#[utoipa::path(get, path = "/api/v1/public/judgments/{id}/related", tag = "publication",
    params(("id" = String, Path, description = "Publication id")),
    responses((status = 200, body = Vec<RelatedView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn related_judgments(
    State(s): State<WebState>,
    Path(publication): Path<String>,
) -> Result<Json<Vec<RelatedView>>, ApiError> {
    let id = id::<PublicationId>(&publication)?;
    s.app.public_judgment(id).await?;
    let related = s.app.related_judgments(id).await?;
    Ok(Json(related.into_iter().map(RelatedView::from).collect()))
}
