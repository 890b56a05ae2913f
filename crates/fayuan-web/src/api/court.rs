//! `/api/v1/courts`: the court directory and its administration.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::court::NewCourt;
use fayuan_core::id::CourtId;
use fayuan_domain::court::{Court, CourtLevel, Courtroom, Division, DivisionKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, created};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A court.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtView {
    /// Id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// `supreme`, `high`, `intermediate` or `basic`.
    pub level: String,
    /// Court code used in case numbers (法院代字).
    pub code: String,
    /// Court above.
    pub parent_id: Option<String>,
}

impl From<&Court> for CourtView {
    fn from(c: &Court) -> Self {
        CourtView {
            id: c.id.to_string(),
            name: c.name.clone(),
            level: c.level.as_str().into(),
            code: c.code.clone(),
            parent_id: c.parent_id.map(|p| p.to_string()),
        }
    }
}

/// A division.
#[derive(Debug, Serialize, ToSchema)]
pub struct DivisionView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `filing`, `civil`, `criminal`, `administrative`, `enforcement` or `office`.
    pub kind: String,
}

impl From<&Division> for DivisionView {
    fn from(d: &Division) -> Self {
        DivisionView {
            id: d.id.to_string(),
            name: d.name.clone(),
            kind: d.kind.as_str().into(),
        }
    }
}

/// A courtroom.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtroomView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Equipped for online hearings (科技法庭).
    pub tech: bool,
}

impl From<&Courtroom> for CourtroomView {
    fn from(r: &Courtroom) -> Self {
        CourtroomView {
            id: r.id.to_string(),
            name: r.name.clone(),
            tech: r.tech,
        }
    }
}

/// A court with its divisions and courtrooms.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtDetail {
    /// The court.
    pub court: CourtView,
    /// Divisions.
    pub divisions: Vec<DivisionView>,
    /// Courtrooms.
    pub courtrooms: Vec<CourtroomView>,
}

/// New court.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCourtRequest {
    /// Full name.
    pub name: String,
    /// `supreme`, `high`, `intermediate` or `basic`.
    pub level: String,
    /// Court code (法院代字), e.g. 京0105.
    pub code: String,
    /// Court above.
    pub parent_id: Option<String>,
}

/// New division.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDivisionRequest {
    /// Name.
    pub name: String,
    /// `filing`, `civil`, `criminal`, `administrative`, `enforcement` or `office`.
    pub kind: String,
}

/// New courtroom.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCourtroomRequest {
    /// Name.
    pub name: String,
    /// Equipped for online hearings.
    #[serde(default)]
    pub tech: bool,
}

fn court_id(text: &str) -> Result<CourtId, ApiError> {
    text.parse().map_err(|_| ApiError(AppError::NotFound))
}

/// Parses a stored-name enum from a request field, or answers 422 naming the field.
pub fn parse_field<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    code: &'static str,
) -> Result<T, ApiError> {
    parse(text).ok_or_else(|| ApiError(AppError::invalid(code, format!("取值不正确：{text}"))))
}

/// Lists all courts (public).
#[utoipa::path(get, path = "/api/v1/courts", tag = "court", responses((status = 200, body = Vec<CourtView>)))]
pub async fn list_courts(State(s): State<WebState>) -> Result<Json<Vec<CourtView>>, ApiError> {
    Ok(Json(
        s.app
            .list_courts()
            .await?
            .iter()
            .map(CourtView::from)
            .collect(),
    ))
}

/// Creates a court (administrators).
#[utoipa::path(post, path = "/api/v1/courts", tag = "court", security(("bearer" = [])), request_body = NewCourtRequest,
    responses((status = 201, body = CourtView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_court(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<NewCourtRequest>,
) -> Result<Response, ApiError> {
    let level = parse_field(&r.level, CourtLevel::parse, "court.invalid_level")?;
    let parent_id = r
        .parent_id
        .as_deref()
        .map(|p| {
            p.parse()
                .map_err(|_| ApiError(AppError::invalid("court.unknown_parent", "上级法院不存在")))
        })
        .transpose()?;
    let court = s
        .app
        .create_court(
            &ctx,
            NewCourt {
                name: r.name,
                level,
                code: r.code,
                parent_id,
            },
        )
        .await?;
    Ok(created(CourtView::from(&court)))
}

/// A court with its divisions and courtrooms (public).
#[utoipa::path(get, path = "/api/v1/courts/{id}", tag = "court", params(("id" = String, Path, description = "Court id")),
    responses((status = 200, body = CourtDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn court_detail(
    State(s): State<WebState>,
    Path(id): Path<String>,
) -> Result<Json<CourtDetail>, ApiError> {
    let (court, divisions, rooms) = s.app.court_detail(court_id(&id)?).await?;
    Ok(Json(CourtDetail {
        court: CourtView::from(&court),
        divisions: divisions.iter().map(DivisionView::from).collect(),
        courtrooms: rooms.iter().map(CourtroomView::from).collect(),
    }))
}

/// Adds a division (administrators).
#[utoipa::path(post, path = "/api/v1/courts/{id}/divisions", tag = "court", security(("bearer" = [])), request_body = NewDivisionRequest,
    params(("id" = String, Path, description = "Court id")),
    responses((status = 201, body = DivisionView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn create_division(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<NewDivisionRequest>,
) -> Result<Response, ApiError> {
    let kind = parse_field(&r.kind, DivisionKind::parse, "court.invalid_division_kind")?;
    let division = s
        .app
        .create_division(&ctx, court_id(&id)?, &r.name, kind)
        .await?;
    Ok(created(DivisionView::from(&division)))
}

/// Adds a courtroom (administrators).
#[utoipa::path(post, path = "/api/v1/courts/{id}/courtrooms", tag = "court", security(("bearer" = [])), request_body = NewCourtroomRequest,
    params(("id" = String, Path, description = "Court id")),
    responses((status = 201, body = CourtroomView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn create_courtroom(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<NewCourtroomRequest>,
) -> Result<Response, ApiError> {
    let room = s
        .app
        .create_courtroom(&ctx, court_id(&id)?, &r.name, r.tech)
        .await?;
    Ok(created(CourtroomView::from(&room)))
}
