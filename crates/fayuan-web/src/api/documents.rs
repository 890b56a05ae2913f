//! `/api/v1/cases/{id}/documents`: court documents from templates (文书辅助生成) — a draft to
//! review, then issue (filed in the dossier as a 诉讼文书, ready to serve).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::documents::DocumentInputs;
use fayuan_core::id::AccountId;
use fayuan_domain::documents::{Appointment, CourtDocument, Template};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::dossier::{MaterialView, id};
use super::{ApiJson, created};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// Which template, for whom, with what the clerk adds.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftRequest {
    /// `acceptance_notice`, `fee_notice`, `response_notice`, `evidence_notice`, `summons`,
    /// `hearing_notice`, `correction_notice`, `judgment`, `ruling`.
    pub template: String,
    /// The addressee's account (a participant of the case); required except for judgments and
    /// rulings.
    pub addressee: Option<String>,
    /// Hearing time for a summons or hearing notice, as written (2026年12月10日9时30分).
    pub appointment_at: Option<String>,
    /// Hearing place for a summons or hearing notice.
    pub appointment_place: Option<String>,
    /// What to correct (correction notice).
    pub note: Option<String>,
}

/// One row of a form.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldView {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
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
    /// Addressee line (empty for judgments and rulings).
    pub addressee: String,
    /// Parties block of a judgment or ruling.
    pub parties: Vec<String>,
    /// Form rows.
    pub fields: Vec<FieldView>,
    /// Body paragraphs (editable before issue).
    pub paragraphs: Vec<String>,
    /// Signatures (审判员, 书记员).
    pub signatures: Vec<String>,
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
            parties: d.parties,
            fields: d
                .fields
                .into_iter()
                .map(|f| FieldView {
                    label: f.label,
                    value: f.value,
                })
                .collect(),
            paragraphs: d.paragraphs,
            signatures: d.signatures,
            date: d.date,
        }
    }
}

fn parse(req: &DraftRequest) -> Result<(Template, DocumentInputs), ApiError> {
    let template = parse_field(&req.template, Template::parse, "documents.template")?;
    let inputs = document_inputs(
        req.addressee.as_deref(),
        req.appointment_at.as_deref(),
        req.appointment_place.as_deref(),
        req.note.as_deref(),
    )?;
    Ok((template, inputs))
}

/// What the clerk adds to a template, from the fields of a request or a form (blank fields
/// count as absent).
pub(crate) fn document_inputs(
    addressee: Option<&str>,
    at: Option<&str>,
    place: Option<&str>,
    note: Option<&str>,
) -> Result<DocumentInputs, AppError> {
    let given = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let addressee = given(addressee)
        .map(|a| a.parse::<AccountId>())
        .transpose()
        .map_err(|_| AppError::invalid("documents.addressee", "收件人不正确。"))?;
    let appointment = match (given(at), given(place)) {
        (Some(at), Some(place)) if at.chars().count() <= 50 && place.chars().count() <= 100 => {
            Some(Appointment { at, place })
        }
        (None, None) => None,
        _ => {
            return Err(AppError::invalid(
                "documents.appointment",
                "开庭时间（不超过50字）和地点（不超过100字）须同时填写。",
            ));
        }
    };
    let note = given(note);
    if note.as_ref().is_some_and(|n| n.chars().count() > 5_000) {
        return Err(AppError::invalid(
            "documents.note",
            "补正内容不超过5000字。",
        ));
    }
    Ok(DocumentInputs {
        addressee,
        appointment,
        note,
    })
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
    let (template, inputs) = parse(&req)?;
    let doc = s
        .app
        .draft_document(&ctx, id(&case)?, template, &inputs)
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
    let (template, inputs) = parse(&req.draft)?;
    let material = s
        .app
        .issue_document(&ctx, id(&case)?, template, &inputs, req.paragraphs)
        .await?;
    Ok(created(MaterialView::from(&material)))
}
