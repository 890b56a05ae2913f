//! `/api/v1/cases/{id}/evidence`, `/api/v1/evidence/{id}/…`: evidence lists, the exchange,
//! cross-examination opinions and the court's findings (Rules arts. 22–23).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::evidence::{EvidenceBoard, EvidenceDraft, FindingDraft, OpinionDraft};
use fayuan_core::id::{CaseId, EvidenceItemId};
use fayuan_domain::evidence::{EvidenceItem, Finding, Opinion, Position, Stance};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

fn id<T: std::str::FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError(AppError::NotFound))
}

fn at(us: i64) -> String {
    rfc3339(fayuan_core::clock::from_micros(us))
}

/// An evidence item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    /// Id.
    pub id: String,
    /// Side: plaintiff, defendant, third_party.
    pub side: String,
    /// Party.
    pub party_name: String,
    /// Number in the party's list.
    pub number: i64,
    /// 证据名称.
    pub name: String,
    /// 来源.
    pub source: String,
    /// 证明目的.
    pub purpose: String,
    /// Pages.
    pub pages: String,
    /// The material holding it.
    pub material_id: Option<String>,
    /// Submitted (RFC 3339).
    pub submitted_at: String,
    /// After the exchange deadline.
    pub late: bool,
}

impl From<&EvidenceItem> for ItemView {
    fn from(i: &EvidenceItem) -> Self {
        ItemView {
            id: i.id.to_string(),
            side: i.side.as_str().into(),
            party_name: i.party_name.clone(),
            number: i.number,
            name: i.name.clone(),
            source: i.source.clone(),
            purpose: i.purpose.clone(),
            pages: i.pages.clone(),
            material_id: i.material_id.map(|m| m.to_string()),
            submitted_at: at(i.submitted_at_us),
            late: i.late,
        }
    }
}

/// A position on one property.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PositionBody {
    /// `admit` or `dispute`.
    pub stance: String,
    /// Reasons (required when disputing).
    #[serde(default)]
    pub reason: String,
}

fn position_body(p: &Position) -> PositionBody {
    PositionBody {
        stance: p.stance.as_str().into(),
        reason: p.reason.clone(),
    }
}

fn position(p: &PositionBody) -> Result<Position, ApiError> {
    Ok(Position {
        stance: parse_field(&p.stance, Stance::parse, "evidence.invalid_stance")?,
        reason: p.reason.clone(),
    })
}

/// A cross-examination opinion.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionView {
    /// The item.
    pub item_id: String,
    /// Author's side.
    pub side: String,
    /// 真实性.
    pub authenticity: PositionBody,
    /// 合法性.
    pub legality: PositionBody,
    /// 关联性.
    pub relevance: PositionBody,
    /// Recorded (RFC 3339).
    pub recorded_at: String,
    /// After the deadline.
    pub late: bool,
}

impl From<&Opinion> for OpinionView {
    fn from(o: &Opinion) -> Self {
        OpinionView {
            item_id: o.item_id.to_string(),
            side: o.side.as_str().into(),
            authenticity: position_body(&o.authenticity),
            legality: position_body(&o.legality),
            relevance: position_body(&o.relevance),
            recorded_at: at(o.recorded_at_us),
            late: o.late,
        }
    }
}

/// The court's finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingView {
    /// The item.
    pub item_id: String,
    /// Authenticity established.
    pub authenticity: bool,
    /// Lawfully obtained.
    pub legality: bool,
    /// Relevant.
    pub relevance: bool,
    /// Admitted (all three).
    pub admitted: bool,
    /// Reasoning.
    pub reasoning: String,
    /// Recorded (RFC 3339).
    pub recorded_at: String,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        FindingView {
            item_id: f.item_id.to_string(),
            authenticity: f.authenticity,
            legality: f.legality,
            relevance: f.relevance,
            admitted: f.admitted(),
            reasoning: f.reasoning.clone(),
            recorded_at: at(f.recorded_at_us),
        }
    }
}

/// The evidence of a case as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardView {
    /// Exchange deadline, once open (RFC 3339; later is late).
    pub exchange_deadline: Option<String>,
    /// Items.
    pub items: Vec<ItemView>,
    /// Opinions.
    pub opinions: Vec<OpinionView>,
    /// Findings.
    pub findings: Vec<FindingView>,
}

impl From<&EvidenceBoard> for BoardView {
    fn from(b: &EvidenceBoard) -> Self {
        BoardView {
            exchange_deadline: b.exchange.as_ref().map(|e| at(e.deadline_us)),
            items: b.items.iter().map(ItemView::from).collect(),
            opinions: b.opinions.iter().map(OpinionView::from).collect(),
            findings: b.findings.iter().map(FindingView::from).collect(),
        }
    }
}

/// The case's evidence, opinions and findings.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence", tag = "evidence", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = BoardView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn board(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<BoardView>, ApiError> {
    let case: CaseId = id(&case)?;
    Ok(Json(BoardView::from(
        &s.app.evidence_board(&ctx, case).await?,
    )))
}

/// An evidence item as a party enters it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ItemBody {
    /// 证据名称.
    pub name: String,
    /// 来源.
    #[serde(default)]
    pub source: String,
    /// 证明目的.
    pub purpose: String,
    /// Pages.
    #[serde(default)]
    pub pages: String,
    /// A material of one's own in the case's main volume.
    pub material_id: Option<String>,
}

/// Adds an item to the caller's evidence list.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence", tag = "evidence", security(("bearer" = [])), request_body = ItemBody,
    params(("id" = String, Path, description = "Case id")),
    responses((status = 201, body = ItemView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(body): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    let case: CaseId = id(&case)?;
    let material_id = body
        .material_id
        .as_deref()
        .map(|m| {
            m.parse()
                .map_err(|_| ApiError(AppError::invalid("evidence.material", "证据材料不存在。")))
        })
        .transpose()?;
    let item = s
        .app
        .add_evidence(
            &ctx,
            case,
            EvidenceDraft {
                name: body.name,
                source: body.source,
                purpose: body.purpose,
                pages: body.pages,
                material_id,
            },
        )
        .await?;
    Ok(created(ItemView::from(&item)))
}

/// Opening the exchange.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExchangeBody {
    /// Last day (YYYY-MM-DD, China) for evidence and opinions.
    pub deadline: String,
}

/// The judge opens the evidence exchange with a deadline.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence-exchange", tag = "evidence", security(("bearer" = [])), request_body = ExchangeBody,
    params(("id" = String, Path, description = "Case id")),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open_exchange(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(body): ApiJson<ExchangeBody>,
) -> Result<axum::http::StatusCode, ApiError> {
    let case: CaseId = id(&case)?;
    let deadline = time::Date::parse(
        body.deadline.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        ApiError(AppError::invalid(
            "evidence.invalid_date",
            "日期格式应为 YYYY-MM-DD。",
        ))
    })?;
    s.app.open_exchange(&ctx, case, deadline).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A cross-examination opinion.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OpinionBody {
    /// 真实性.
    pub authenticity: PositionBody,
    /// 合法性.
    pub legality: PositionBody,
    /// 关联性.
    pub relevance: PositionBody,
}

/// Gives (or replaces) the caller's opinion on an item of the other side.
#[utoipa::path(post, path = "/api/v1/evidence/{id}/opinions", tag = "evidence", security(("bearer" = [])), request_body = OpinionBody,
    params(("id" = String, Path, description = "Evidence item id")),
    responses((status = 201, body = OpinionView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn cross_examine(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(item): Path<String>,
    ApiJson(body): ApiJson<OpinionBody>,
) -> Result<Response, ApiError> {
    let item: EvidenceItemId = id(&item)?;
    let draft = OpinionDraft {
        authenticity: position(&body.authenticity)?,
        legality: position(&body.legality)?,
        relevance: position(&body.relevance)?,
    };
    let opinion = s.app.cross_examine(&ctx, item, draft).await?;
    Ok(created(OpinionView::from(&opinion)))
}

/// The court's finding as entered.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FindingBody {
    /// Authenticity established.
    pub authenticity: bool,
    /// Lawfully obtained.
    pub legality: bool,
    /// Relevant.
    pub relevance: bool,
    /// Reasoning.
    pub reasoning: String,
}

/// The judge records the court's finding on an item.
#[utoipa::path(post, path = "/api/v1/evidence/{id}/finding", tag = "evidence", security(("bearer" = [])), request_body = FindingBody,
    params(("id" = String, Path, description = "Evidence item id")),
    responses((status = 200, body = FindingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_finding(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(item): Path<String>,
    ApiJson(body): ApiJson<FindingBody>,
) -> Result<Json<FindingView>, ApiError> {
    let item: EvidenceItemId = id(&item)?;
    let finding = s
        .app
        .record_finding(
            &ctx,
            item,
            FindingDraft {
                authenticity: body.authenticity,
                legality: body.legality,
                relevance: body.relevance,
                reasoning: body.reasoning,
            },
        )
        .await?;
    Ok(Json(FindingView::from(&finding)))
}
