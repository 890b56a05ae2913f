//! `/api/v1/cases/{id}/documents`: court documents from templates (文书辅助生成) — a draft to
//! review, then issue (filed in the dossier as a 诉讼文书, ready to serve).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_core::id::AccountId;
use fayuan_domain::documents::{CourtDocument, Template};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::dossier::{MaterialView, id};
use super::{ApiJson, created};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// Which template, for whom.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftRequest {
    /// `acceptance_notice`, `fee_notice`, `response_notice`, `evidence_notice`.
    pub template: String,
    /// The addressee's account (a participant of the case).
    pub addressee: String,
}

/// A document before issue.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    /// Issuing court.
    pub court: String,
    /// Title.
    pub title: String,
    /// Document number.
    pub number: String,
    /// Addressee line.
    pub addressee: String,
    /// Body paragraphs (editable before issue).
    pub paragraphs: Vec<String>,
    /// Date.
    pub date: String,
}

impl From<CourtDocument> for DocumentView {
    fn from(d: CourtDocument) -> Self {
        Self {
            court: d.court,
            title: d.title,
            number: d.number,
            addressee: d.addressee,
            paragraphs: d.paragraphs,
            date: d.date,
        }
    }
}

fn parse(req: &DraftRequest) -> Result<(Template, AccountId), ApiError> {
    let template = parse_field(&req.template, Template::parse, "documents.template")?;
    let addressee = req
        .addressee
        .parse()
        .map_err(|_| AppError::invalid("documents.addressee", "收件人不正确。"))?;
    Ok((template, addressee))
}

/// The template filled from the case, for review (nothing is stored).
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents/draft", tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = DraftRequest,
    responses((status = 200, body = DocumentView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn draft(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<DraftRequest>,
) -> Result<Json<DocumentView>, ApiError> {
    let (template, addressee) = parse(&req)?;
    let doc = s
        .app
        .draft_document(&ctx, id(&case)?, template, addressee)
        .await?;
    Ok(Json(doc.into()))
}

/// What to issue.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IssueRequest {
    /// Template and addressee.
    #[serde(flatten)]
    pub draft: DraftRequest,
    /// The clerk's edited paragraphs (default: the template's).
    pub paragraphs: Option<Vec<String>>,
}

/// Issues a document: rendered to PDF and filed in the main volume as a 诉讼文书.
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = IssueRequest,
    responses((status = 201, body = MaterialView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn issue(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<IssueRequest>,
) -> Result<Response, ApiError> {
    let (template, addressee) = parse(&req.draft)?;
    let material = s
        .app
        .issue_document(&ctx, id(&case)?, template, addressee, req.paragraphs)
        .await?;
    Ok(created(MaterialView::from(&material)))
}
