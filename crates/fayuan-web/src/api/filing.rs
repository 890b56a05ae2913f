//! `/api/v1/filings` and `/api/v1/filing-queue`: online filing and its review (Rules art. 17).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::filing::{DocketDecision, FilingDraft, QueuedFiling};
use fayuan_core::id::FilingId;
use fayuan_core::money::Fen;
use fayuan_core::time_limit::Procedure;
use fayuan_domain::filing::{
    Claim, ElectronicDelivery, FilingApplication, FilingCategory, Material, MaterialKind, Party,
    PartyKind, PartyRole,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::docket::{CaseView, FeeNoticeView};
use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A party in a filing.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartyBody {
    /// `plaintiff`, `defendant` or `third_party`.
    pub role: String,
    /// `person` or `organisation`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Identity number or credit code.
    pub id_number: Option<String>,
    /// Delivery address.
    pub address: String,
    /// Phone.
    pub phone: Option<String>,
}

/// A claim.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClaimBody {
    /// What is asked.
    pub text: String,
    /// Amount in fen (0.01 元), if the claim is about money.
    pub amount_fen: Option<i64>,
}

/// A material.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MaterialBody {
    /// `complaint`, `identity_proof`, `evidence_list`, `power_of_attorney` or `other`.
    pub kind: String,
    /// Title.
    pub title: String,
}

/// A filing application as written by the applicant.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FilingBody {
    /// Court id.
    pub court_id: String,
    /// `civil_first_instance`, `administrative_first_instance`, `enforcement`, `preservation` or
    /// `payment_order`.
    pub category: String,
    /// Cause of action (案由).
    pub cause: String,
    /// Procedure asked for, e.g. `civil_ordinary`, `civil_summary`, `civil_small_claims`.
    pub procedure_requested: String,
    /// Parties.
    #[serde(default)]
    pub parties: Vec<PartyBody>,
    /// Claims.
    #[serde(default)]
    pub claims: Vec<ClaimBody>,
    /// Facts and reasons.
    #[serde(default)]
    pub facts: String,
    /// Materials.
    #[serde(default)]
    pub materials: Vec<MaterialBody>,
    /// Consent to pre-filing mediation.
    #[serde(default)]
    pub consents_to_mediation: bool,
    /// The applicant's electronic address for service; giving it consents to electronic
    /// delivery (在线诉讼规则 art. 29 (三)).
    #[serde(default)]
    pub electronic_delivery: Option<ElectronicDeliveryBody>,
}

/// An electronic address for service: e-mail and/or mobile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ElectronicDeliveryBody {
    /// E-mail address.
    #[serde(default)]
    pub email: String,
    /// Mobile number.
    #[serde(default)]
    pub mobile: String,
}

impl FilingBody {
    /// Checks the enumerated fields and builds the draft.
    pub fn into_draft(self) -> Result<FilingDraft, ApiError> {
        let parties = self
            .parties
            .into_iter()
            .map(|p| {
                Ok(Party {
                    role: parse_field(&p.role, PartyRole::parse, "filing.invalid_party_role")?,
                    kind: parse_field(&p.kind, PartyKind::parse, "filing.invalid_party_kind")?,
                    name: p.name.trim().to_string(),
                    id_number: p.id_number.filter(|i| !i.trim().is_empty()),
                    address: p.address.trim().to_string(),
                    phone: p.phone.filter(|i| !i.trim().is_empty()),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let materials = self
            .materials
            .into_iter()
            .map(|m| {
                Ok(Material {
                    kind: parse_field(
                        &m.kind,
                        MaterialKind::parse,
                        "filing.invalid_material_kind",
                    )?,
                    title: m.title.trim().to_string(),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(FilingDraft {
            court_id: self
                .court_id
                .parse()
                .map_err(|_| ApiError(AppError::invalid("filing.unknown_court", "法院不存在")))?,
            category: parse_field(
                &self.category,
                FilingCategory::parse,
                "filing.invalid_category",
            )?,
            cause: self.cause,
            procedure_requested: parse_field(
                &self.procedure_requested,
                Procedure::parse,
                "filing.invalid_procedure",
            )?,
            parties,
            claims: self
                .claims
                .into_iter()
                .map(|c| Claim {
                    text: c.text.trim().to_string(),
                    amount: c.amount_fen.map(Fen),
                })
                .collect(),
            facts: self.facts,
            materials,
            consents_to_mediation: self.consents_to_mediation,
            electronic_delivery: match self.electronic_delivery {
                Some(e) => ElectronicDelivery::from_entry(&e.email, &e.mobile)
                    .map_err(|e| ApiError(e.into()))?,
                None => None,
            },
        })
    }
}

/// A filing application with its status and what it still lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct FilingView {
    /// Id.
    pub id: String,
    /// Court id.
    pub court_id: String,
    /// Category.
    pub category: String,
    /// Cause.
    pub cause: String,
    /// Procedure asked for.
    pub procedure_requested: String,
    /// Parties.
    pub parties: Vec<PartyBody>,
    /// Claims.
    pub claims: Vec<ClaimBody>,
    /// Facts and reasons.
    pub facts: String,
    /// Materials.
    pub materials: Vec<MaterialBody>,
    /// Consent to pre-filing mediation.
    pub consents_to_mediation: bool,
    /// The electronic address given for service.
    pub electronic_delivery: Option<ElectronicDeliveryBody>,
    /// `draft`, `submitted`, `correction_requested`, `docketed`, `refused` or `diverted`.
    pub status: String,
    /// Filed by a lawyer for a principal.
    pub filed_by_agent: bool,
    /// Last submission (RFC 3339).
    pub submitted_at: Option<String>,
    /// What to correct, why refused, or the decision.
    pub decision_note: String,
    /// The case docketed from it.
    pub case_id: Option<String>,
    /// What is missing before submission.
    pub missing: Vec<String>,
}

impl From<&FilingApplication> for FilingView {
    fn from(f: &FilingApplication) -> Self {
        FilingView {
            id: f.id.to_string(),
            court_id: f.court_id.to_string(),
            category: f.category.as_str().into(),
            cause: f.cause.clone(),
            procedure_requested: f.procedure_requested.as_str().into(),
            parties: f.parties.iter().map(party_body).collect(),
            claims: f
                .claims
                .iter()
                .map(|c| ClaimBody {
                    text: c.text.clone(),
                    amount_fen: c.amount.map(|a| a.0),
                })
                .collect(),
            facts: f.facts.clone(),
            materials: f
                .materials
                .iter()
                .map(|m| MaterialBody {
                    kind: m.kind.as_str().into(),
                    title: m.title.clone(),
                })
                .collect(),
            consents_to_mediation: f.consents_to_mediation,
            electronic_delivery: f
                .electronic_delivery
                .as_ref()
                .map(|e| ElectronicDeliveryBody {
                    email: e.email.clone(),
                    mobile: e.mobile.clone(),
                }),
            status: f.status.as_str().into(),
            filed_by_agent: f.filed_by_agent,
            submitted_at: f
                .submitted_at_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
            decision_note: f.decision_note.clone(),
            case_id: f.case_id.map(|c| c.to_string()),
            missing: f.missing(),
        }
    }
}

/// The API form of a party.
pub fn party_body(p: &Party) -> PartyBody {
    PartyBody {
        role: p.role.as_str().into(),
        kind: p.kind.as_str().into(),
        name: p.name.clone(),
        id_number: p.id_number.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
    }
}

/// An application waiting for a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedView {
    /// The application.
    pub filing: FilingView,
    /// Date submitted (China).
    pub submitted_on: String,
    /// Last day to decide (7 days, 民事诉讼法 art. 126 counted per art. 85).
    pub decide_by: String,
    /// Past the last day.
    pub overdue: bool,
}

impl From<&QueuedFiling> for QueuedView {
    fn from(q: &QueuedFiling) -> Self {
        QueuedView {
            filing: FilingView::from(&q.filing),
            submitted_on: q.submitted_on.to_string(),
            decide_by: q.decide_by.to_string(),
            overdue: q.overdue,
        }
    }
}

fn filing_id(text: &str) -> Result<FilingId, ApiError> {
    text.parse().map_err(|_| ApiError(AppError::NotFound))
}

/// Starts a filing application (verified accounts; lawyers file as agents).
#[utoipa::path(post, path = "/api/v1/filings", tag = "filing", security(("bearer" = [])), request_body = FilingBody,
    responses((status = 201, body = FilingView), (status = 403, description = "Not verified, or staff", body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(body): ApiJson<FilingBody>,
) -> Result<Response, ApiError> {
    let filing = s.app.create_filing(&ctx, body.into_draft()?).await?;
    Ok(created(FilingView::from(&filing)))
}

/// The caller's filing applications, newest first.
#[utoipa::path(get, path = "/api/v1/filings", tag = "filing", security(("bearer" = [])), responses((status = 200, body = Vec<FilingView>)))]
pub async fn mine(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<FilingView>>, ApiError> {
    Ok(Json(
        s.app
            .my_filings(&ctx)
            .await?
            .iter()
            .map(FilingView::from)
            .collect(),
    ))
}

/// One filing application (the applicant, or a filing officer of the court).
#[utoipa::path(get, path = "/api/v1/filings/{id}", tag = "filing", security(("bearer" = [])), params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<FilingView>, ApiError> {
    Ok(Json(FilingView::from(
        &s.app.filing(&ctx, filing_id(&id)?).await?,
    )))
}

/// Changes a draft or an application returned for correction.
#[utoipa::path(patch, path = "/api/v1/filings/{id}", tag = "filing", security(("bearer" = [])), request_body = FilingBody, params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FilingBody>,
) -> Result<Json<FilingView>, ApiError> {
    let filing = s
        .app
        .update_filing(&ctx, filing_id(&id)?, body.into_draft()?)
        .await?;
    Ok(Json(FilingView::from(&filing)))
}

/// Submits a complete application; 422 `filing.incomplete` names what is missing.
#[utoipa::path(post, path = "/api/v1/filings/{id}/submit", tag = "filing", security(("bearer" = [])), params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn submit(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<FilingView>, ApiError> {
    Ok(Json(FilingView::from(
        &s.app.submit_filing(&ctx, filing_id(&id)?).await?,
    )))
}

/// The review queue of the caller's court (filing officers), oldest first.
#[utoipa::path(get, path = "/api/v1/filing-queue", tag = "filing", security(("bearer" = [])),
    responses((status = 200, body = Vec<QueuedView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn queue(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<QueuedView>>, ApiError> {
    Ok(Json(
        s.app
            .review_queue(&ctx)
            .await?
            .iter()
            .map(QueuedView::from)
            .collect(),
    ))
}

/// The decision to docket.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DocketBody {
    /// Procedure decided, e.g. `civil_ordinary` or `civil_summary`.
    pub procedure: String,
}

/// What docketing created.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocketedView {
    /// The case, with its number.
    pub case: CaseView,
    /// The fee notice, if a fee is due in advance.
    pub fee_notice: Option<FeeNoticeView>,
}

/// 登记立案: creates the case, its number and the fee notice.
#[utoipa::path(post, path = "/api/v1/filings/{id}/docket", tag = "filing", security(("bearer" = [])), request_body = DocketBody, params(("id" = String, Path, description = "Filing id")),
    responses((status = 201, body = DocketedView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn docket(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DocketBody>,
) -> Result<Response, ApiError> {
    let procedure = parse_field(
        &body.procedure,
        Procedure::parse,
        "filing.invalid_procedure",
    )?;
    let (case, notice) = s
        .app
        .docket_filing(&ctx, filing_id(&id)?, DocketDecision { procedure })
        .await?;
    Ok(created(DocketedView {
        case: CaseView::from(&case),
        fee_notice: notice.as_ref().map(FeeNoticeView::from),
    }))
}

/// A note: what to correct, or why refused.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteBody {
    /// The text.
    pub note: String,
}

/// 补正: returns the application to the applicant.
#[utoipa::path(post, path = "/api/v1/filings/{id}/request-correction", tag = "filing", security(("bearer" = [])), request_body = NoteBody, params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn request_correction(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<FilingView>, ApiError> {
    Ok(Json(FilingView::from(
        &s.app
            .request_correction(&ctx, filing_id(&id)?, &body.note)
            .await?,
    )))
}

/// 不予受理, with reasons.
#[utoipa::path(post, path = "/api/v1/filings/{id}/refuse", tag = "filing", security(("bearer" = [])), request_body = NoteBody, params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn refuse(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<FilingView>, ApiError> {
    Ok(Json(FilingView::from(
        &s.app
            .refuse_filing(&ctx, filing_id(&id)?, &body.note)
            .await?,
    )))
}

/// 诉前调解分流 (needs the applicant's consent).
#[utoipa::path(post, path = "/api/v1/filings/{id}/divert", tag = "filing", security(("bearer" = [])), params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = FilingView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn divert(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<FilingView>, ApiError> {
    Ok(Json(FilingView::from(
        &s.app.divert_filing(&ctx, filing_id(&id)?).await?,
    )))
}
