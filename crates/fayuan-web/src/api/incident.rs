//! 故障公告 (Rules art. 40): administrators declare and lift incidents that suspend online
//! services (`/api/v1/incidents`); everyone reads them (`/api/v1/public/incidents`); those
//! managing a case's time limits extend a payment period an incident blocked.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::incident::IncidentDraft;
use fayuan_core::id::{FeeNoticeId, IncidentId};
use fayuan_domain::ops::{Incident, IncidentCause, OnlineService};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::dossier::id;
use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A payment period an incident blocked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AffectedView {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// The fee notice.
    pub fee_notice_id: String,
    /// The last day as it stood (YYYY-MM-DD).
    pub due_on: String,
    /// The last day once extended (民事诉讼法 art. 86).
    pub extended_to: Option<String>,
}

/// An incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `power`, `network`, `fault`, `attack` or `data_security`.
    pub cause: String,
    /// The services suspended: `filing`, `payment`, `dossier`, `mediation`, `hearing`,
    /// `delivery`, `openness`.
    pub services: Vec<String>,
    /// The notice shown while it lasts.
    pub notice: String,
    /// Started (RFC 3339).
    pub started_at: String,
    /// Ended (RFC 3339), once lifted.
    pub ended_at: Option<String>,
    /// What was done.
    pub actions: String,
    /// Opened by monitoring rather than by a person.
    pub automatic: bool,
    /// The payment periods it blocked (found when lifted); only for administrators, never in
    /// the public list.
    pub affected: Vec<AffectedView>,
}

impl From<&Incident> for IncidentView {
    fn from(i: &Incident) -> Self {
        let at = |us: i64| rfc3339(fayuan_core::clock::from_micros(us));
        Self {
            id: i.id.to_string(),
            title: i.title.clone(),
            cause: i.cause.as_str().into(),
            services: i.services.iter().map(|s| s.as_str().to_owned()).collect(),
            notice: i.notice.clone(),
            started_at: at(i.started_at_us),
            ended_at: i.ended_at_us.map(at),
            actions: i.actions.clone(),
            automatic: i.declared_by.is_none(),
            affected: i
                .affected
                .iter()
                .map(|a| AffectedView {
                    case_id: a.case_id.to_string(),
                    case_number: a.case_number.clone(),
                    fee_notice_id: a.fee_notice_id.to_string(),
                    due_on: a.due_on.to_string(),
                    extended_to: a.extended_to.map(|d| d.to_string()),
                })
                .collect(),
        }
    }
}

/// A declaration.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclareRequest {
    /// Short title, e.g. 机房电力中断.
    pub title: String,
    /// `power`, `network`, `fault`, `attack` or `data_security`.
    pub cause: String,
    /// The services to suspend.
    pub services: Vec<String>,
    /// The notice users see while it lasts.
    pub notice: String,
}

/// The services named in a request.
pub fn services(names: &[String]) -> Result<Vec<OnlineService>, ApiError> {
    names
        .iter()
        .map(|n| parse_field(n, OnlineService::parse, "incident.services"))
        .collect()
}

/// Declares an incident: the named services answer 503 with its notice at once.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "ops", security(("bearer" = [])),
    request_body = DeclareRequest,
    responses((status = 201, body = IncidentView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn declare(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(req): ApiJson<DeclareRequest>,
) -> Result<Response, ApiError> {
    let draft = IncidentDraft {
        title: req.title,
        cause: parse_field(&req.cause, IncidentCause::parse, "incident.cause")?,
        services: services(&req.services)?,
        notice: req.notice,
    };
    let incident = s.app.declare_incident(&ctx, draft).await?;
    Ok(created(IncidentView::from(&incident)))
}

/// How an incident ended.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LiftRequest {
    /// What was done (处置措施), public.
    pub actions: String,
}

/// Lifts an incident: the services answer again; the payment periods it blocked are listed and
/// their judges told.
#[utoipa::path(post, path = "/api/v1/incidents/{id}/lift", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path, description = "Incident id")), request_body = LiftRequest,
    responses((status = 200, body = IncidentView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn lift(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(incident): Path<String>,
    ApiJson(req): ApiJson<LiftRequest>,
) -> Result<Json<IncidentView>, ApiError> {
    let incident = s
        .app
        .lift_incident(&ctx, id::<IncidentId>(&incident)?, &req.actions)
        .await?;
    Ok(Json((&incident).into()))
}

/// Which blocked period to extend.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExtensionRequest {
    /// The fee notice, one of the incident's affected periods.
    pub fee_notice_id: String,
}

/// The period once extended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtendedView {
    /// The fee notice.
    pub fee_notice_id: String,
    /// Its new last day (YYYY-MM-DD).
    pub due_on: String,
}

/// Extends a payment period the incident blocked (民事诉讼法 art. 86): the days it took are given
/// back after the incident. For those who manage the case's time limits.
#[utoipa::path(post, path = "/api/v1/incidents/{id}/extensions", tag = "ops", security(("bearer" = [])),
    params(("id" = String, Path, description = "Incident id")), request_body = ExtensionRequest,
    responses((status = 200, body = ExtendedView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn extend(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(incident): Path<String>,
    ApiJson(req): ApiJson<ExtensionRequest>,
) -> Result<Json<ExtendedView>, ApiError> {
    let notice: FeeNoticeId = req
        .fee_notice_id
        .parse()
        .map_err(|_| ApiError(AppError::NotFound))?;
    let fee = s
        .app
        .extend_for_incident(&ctx, id::<IncidentId>(&incident)?, notice)
        .await?;
    Ok(Json(ExtendedView {
        fee_notice_id: fee.id.to_string(),
        due_on: fee.due_on.to_string(),
    }))
}

/// Every incident, newest first (故障公告): start, end, cause, the services stopped and what was
/// done. No login needed.
#[utoipa::path(get, path = "/api/v1/public/incidents", tag = "ops",
    responses((status = 200, body = Vec<IncidentView>)))]
pub async fn public(State(s): State<WebState>) -> Result<Json<Vec<IncidentView>>, ApiError> {
    let all = s.app.public_incidents().await?;
    Ok(Json(
        all.iter()
            .map(|i| {
                let mut view = IncidentView::from(i);
                view.affected.clear();
                view
            })
            .collect(),
    ))
}
