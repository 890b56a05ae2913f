//! `/api/v1/courts`: the court directory and its administration.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::court::NewCourt;
use fayuan_core::fee::{FeeRange, FeeSchedule};
use fayuan_core::id::CourtId;
use fayuan_core::money::Fen;
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
    /// Seats (0: not recorded).
    pub capacity: i64,
    /// Equipment.
    pub equipment: String,
}

impl From<&Courtroom> for CourtroomView {
    fn from(r: &Courtroom) -> Self {
        CourtroomView {
            id: r.id.to_string(),
            name: r.name.clone(),
            tech: r.tech,
            capacity: r.capacity,
            equipment: r.equipment.clone(),
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
    /// Seats (0: not recorded).
    #[serde(default)]
    pub capacity: i64,
    /// Equipment.
    #[serde(default)]
    pub equipment: String,
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
        .create_courtroom(
            &ctx,
            court_id(&id)?,
            &r.name,
            r.tech,
            r.capacity,
            &r.equipment,
        )
        .await?;
    Ok(created(CourtroomView::from(&room)))
}

/// A fee range in fen.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct FeeRangeBody {
    /// Lowest fee (fen).
    pub min_fen: i64,
    /// Highest fee (fen).
    pub max_fen: i64,
}

impl From<FeeRange> for FeeRangeBody {
    fn from(r: FeeRange) -> Self {
        FeeRangeBody {
            min_fen: r.min.0,
            max_fen: r.max.0,
        }
    }
}

impl From<FeeRangeBody> for FeeRange {
    fn from(r: FeeRangeBody) -> Self {
        FeeRange {
            min: Fen(r.min_fen),
            max: Fen(r.max_fen),
        }
    }
}

/// The fee ranges a province adopted within the statutory ones (诉讼费用交纳办法 art. 13 ¶2,
/// art. 14).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeeScheduleBody {
    /// 离婚案件 (50–300 元).
    pub divorce: FeeRangeBody,
    /// 人格权案件 (100–500 元).
    pub personality: FeeRangeBody,
    /// 其他非财产案件 (50–100 元).
    pub other_non_property: FeeRangeBody,
    /// 知识产权无争议金额 (500–1000 元).
    pub ip_without_amount: FeeRangeBody,
    /// 管辖权异议不成立 (50–100 元).
    pub jurisdiction_objection: FeeRangeBody,
    /// 申请执行无执行金额 (50–500 元).
    pub enforcement_without_amount: FeeRangeBody,
    /// 设立海事赔偿责任限制基金 (1000–10000 元).
    pub maritime_liability_fund: FeeRangeBody,
    /// 海事强制令 (1000–5000 元).
    pub maritime_injunction: FeeRangeBody,
    /// 船舶优先权催告 (1000–5000 元).
    pub ship_priority_notice: FeeRangeBody,
    /// Round fees to whole yuan.
    #[serde(default)]
    pub round_to_yuan: bool,
}

impl From<&FeeSchedule> for FeeScheduleBody {
    fn from(s: &FeeSchedule) -> Self {
        FeeScheduleBody {
            divorce: s.divorce.into(),
            personality: s.personality.into(),
            other_non_property: s.other_non_property.into(),
            ip_without_amount: s.ip_without_amount.into(),
            jurisdiction_objection: s.jurisdiction_objection.into(),
            enforcement_without_amount: s.enforcement_without_amount.into(),
            maritime_liability_fund: s.maritime_liability_fund.into(),
            maritime_injunction: s.maritime_injunction.into(),
            ship_priority_notice: s.ship_priority_notice.into(),
            round_to_yuan: s.round_to_yuan,
        }
    }
}

impl From<FeeScheduleBody> for FeeSchedule {
    fn from(b: FeeScheduleBody) -> Self {
        FeeSchedule {
            divorce: b.divorce.into(),
            personality: b.personality.into(),
            other_non_property: b.other_non_property.into(),
            ip_without_amount: b.ip_without_amount.into(),
            jurisdiction_objection: b.jurisdiction_objection.into(),
            enforcement_without_amount: b.enforcement_without_amount.into(),
            maritime_liability_fund: b.maritime_liability_fund.into(),
            maritime_injunction: b.maritime_injunction.into(),
            ship_priority_notice: b.ship_priority_notice.into(),
            round_to_yuan: b.round_to_yuan,
        }
    }
}

/// A court's fee schedule, or `null` for the national ranges.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FeeScheduleRequest {
    /// The provincial ranges; `null` returns the court to the national ranges.
    pub schedule: Option<FeeScheduleBody>,
}

/// The fee schedule in force at a court (public).
#[utoipa::path(get, path = "/api/v1/courts/{id}/fee-schedule", tag = "court", params(("id" = String, Path, description = "Court id")),
    responses((status = 200, body = FeeScheduleBody), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn fee_schedule(
    State(s): State<WebState>,
    Path(id): Path<String>,
) -> Result<Json<FeeScheduleBody>, ApiError> {
    let (court, _, _) = s.app.court_detail(court_id(&id)?).await?;
    Ok(Json(FeeScheduleBody::from(&court.fees())))
}

/// Sets the court's provincial fee ranges, validated against the statutory ranges
/// (administrators).
#[utoipa::path(put, path = "/api/v1/courts/{id}/fee-schedule", tag = "court", security(("bearer" = [])), request_body = FeeScheduleRequest,
    params(("id" = String, Path, description = "Court id")),
    responses((status = 200, body = FeeScheduleBody), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_fee_schedule(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<FeeScheduleRequest>,
) -> Result<Json<FeeScheduleBody>, ApiError> {
    let court = s
        .app
        .set_fee_schedule(&ctx, court_id(&id)?, r.schedule.map(FeeSchedule::from))
        .await?;
    Ok(Json(FeeScheduleBody::from(&court.fees())))
}
