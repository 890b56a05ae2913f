//! `/api/v1/cases`: the docket — cases, their fees and time limits, assignment and closure.

use axum::Json;
use axum::extract::{Path, State};
use fayuan_app::AppError;
use fayuan_app::docket::{CaseFile, TimeLimitDashboard, TimeLimitEntry};
use fayuan_core::id::CaseId;
use fayuan_core::time_limit::Length;
use fayuan_core::time_limit::SuspensionReason;
use fayuan_domain::docket::{Case, CaseSuspension, ClosureMode, ExtensionRequest};
use fayuan_domain::fees::FeeNotice;
use fayuan_domain::fees::Refund;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use super::court::parse_field;
use super::filing::{ClaimBody, PartyBody, party_body};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: String,
    /// Case number, e.g. （2026）京0199民初1号.
    pub case_number: String,
    /// Court id.
    pub court_id: String,
    /// Category.
    pub category: String,
    /// Cause.
    pub cause: String,
    /// Procedure.
    pub procedure: String,
    /// Parties.
    pub parties: Vec<PartyBody>,
    /// Claims.
    pub claims: Vec<ClaimBody>,
    /// `docketed`, `assigned`, `closed` or `archived`.
    pub status: String,
    /// Docketing date (China).
    pub docketed_on: String,
    /// Judge in charge (account id).
    pub judge_id: Option<String>,
    /// Why this judge.
    pub assignment_reason: String,
    /// The judges hearing it, the judge in charge (presiding) first; one for a sole judge.
    pub panel: Vec<String>,
    /// How it closed.
    pub closure_mode: Option<String>,
    /// Closure date.
    pub closed_on: Option<String>,
    /// Fee unpaid after its period (按撤诉处理 review).
    pub fee_overdue: bool,
}

impl From<&Case> for CaseView {
    fn from(c: &Case) -> Self {
        CaseView {
            id: c.id.to_string(),
            case_number: c.case_number.clone(),
            court_id: c.court_id.to_string(),
            category: c.category.as_str().into(),
            cause: c.cause.clone(),
            procedure: c.procedure.as_str().into(),
            parties: c.parties.iter().map(party_body).collect(),
            claims: c
                .claims
                .iter()
                .map(|cl| ClaimBody {
                    text: cl.text.clone(),
                    amount_fen: cl.amount.map(|a| a.0),
                })
                .collect(),
            status: c.status.as_str().into(),
            docketed_on: c.docketed_on.to_string(),
            judge_id: c.judge_id.map(|j| j.to_string()),
            assignment_reason: c.assignment_reason.clone(),
            panel: c.panel.iter().map(|j| j.to_string()).collect(),
            closure_mode: c.closure_mode.map(|m| m.as_str().into()),
            closed_on: c.closed_on.map(|d| d.to_string()),
            fee_overdue: c.fee_overdue,
        }
    }
}

/// One line of a fee notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeeItemView {
    /// Name, e.g. 案件受理费.
    pub name: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Amount in yuan, two decimals.
    pub amount_yuan: String,
    /// How it was computed.
    pub explanation: Vec<String>,
}

/// A fee notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeeNoticeView {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Items.
    pub items: Vec<FeeItemView>,
    /// Total in fen.
    pub total_fen: i64,
    /// Total in yuan, two decimals.
    pub total_yuan: String,
    /// Last day to pay.
    pub due_on: String,
    /// `unpaid` or `paid`.
    pub status: String,
}

impl From<&FeeNotice> for FeeNoticeView {
    fn from(n: &FeeNotice) -> Self {
        FeeNoticeView {
            id: n.id.to_string(),
            case_id: n.case_id.to_string(),
            items: n
                .items
                .iter()
                .map(|i| FeeItemView {
                    name: i.name.clone(),
                    amount_fen: i.amount.0,
                    amount_yuan: i.amount.to_string(),
                    explanation: i.explanation.clone(),
                })
                .collect(),
            total_fen: n.total.0,
            total_yuan: n.total.to_string(),
            due_on: n.due_on.to_string(),
            status: n.status.as_str().into(),
        }
    }
}

/// A case's time limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimeLimitView {
    /// Last day (审限届满日).
    pub deadline: String,
    /// Days left (negative: over the limit).
    pub days_left: i64,
    /// How it was computed, with the legal basis.
    pub reasoning: Vec<String>,
}

/// A request to extend the time limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionView {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Months asked for.
    pub months: u32,
    /// Days asked for.
    pub days: u32,
    /// Why.
    pub reason: String,
    /// Requested on.
    pub requested_on: String,
    /// `requested`, `approved` or `rejected`.
    pub status: String,
    /// Decided on.
    pub decided_on: Option<String>,
    /// The president's note.
    pub decision_note: String,
}

impl From<&ExtensionRequest> for ExtensionView {
    fn from(e: &ExtensionRequest) -> Self {
        ExtensionView {
            id: e.id.to_string(),
            case_id: e.case_id.to_string(),
            months: e.length.months,
            days: e.length.days,
            reason: e.reason.clone(),
            requested_on: e.requested_on.to_string(),
            status: e.status.as_str().into(),
            decided_on: e.decided_on.map(|d| d.to_string()),
            decision_note: e.decision_note.clone(),
        }
    }
}

/// A case with its fees and time limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFileView {
    /// The case.
    pub case: CaseView,
    /// Fee notices.
    pub fee_notices: Vec<FeeNoticeView>,
    /// Time limit.
    pub time_limit: TimeLimitView,
    /// Extension requests.
    pub extensions: Vec<ExtensionView>,
    /// Periods not counted in the time limit.
    pub suspensions: Vec<SuspensionView>,
    /// Fees refunded.
    pub refunds: Vec<RefundView>,
}

/// A refund.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefundView {
    /// Fee notice id.
    pub fee_notice_id: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Amount in yuan.
    pub amount_yuan: String,
    /// Why, with the legal basis.
    pub reason: String,
}

impl From<&Refund> for RefundView {
    fn from(r: &Refund) -> Self {
        RefundView {
            fee_notice_id: r.fee_notice_id.to_string(),
            amount_fen: r.amount.0,
            amount_yuan: r.amount.to_string(),
            reason: r.reason.clone(),
        }
    }
}

impl From<&CaseFile> for CaseFileView {
    fn from(f: &CaseFile) -> Self {
        CaseFileView {
            case: CaseView::from(&f.case),
            fee_notices: f.fee_notices.iter().map(FeeNoticeView::from).collect(),
            extensions: f.extensions.iter().map(ExtensionView::from).collect(),
            suspensions: f.suspensions.iter().map(SuspensionView::from).collect(),
            refunds: f.refunds.iter().map(RefundView::from).collect(),
            time_limit: TimeLimitView {
                deadline: f.time_limit.deadline.to_string(),
                days_left: f.days_left,
                reasoning: f.time_limit.reasoning.clone(),
            },
        }
    }
}

fn case_id(text: &str) -> Result<CaseId, ApiError> {
    text.parse().map_err(|_| ApiError(AppError::NotFound))
}

/// The caller's cases: filed by them, in their charge, or (chiefs, presidents, filing officers)
/// of their court.
#[utoipa::path(get, path = "/api/v1/cases", tag = "docket", security(("bearer" = [])), responses((status = 200, body = Vec<CaseView>)))]
pub async fn list(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<CaseView>>, ApiError> {
    Ok(Json(
        s.app
            .my_cases(&ctx)
            .await?
            .iter()
            .map(CaseView::from)
            .collect(),
    ))
}

/// One case with fees and time limit.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "docket", security(("bearer" = [])), params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseFileView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<CaseFileView>, ApiError> {
    Ok(Json(CaseFileView::from(
        &s.app.case_file(&ctx, case_id(&id)?).await?,
    )))
}

/// A case's fee notices.
#[utoipa::path(get, path = "/api/v1/cases/{id}/fees", tag = "fees", security(("bearer" = [])), params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<FeeNoticeView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn fees(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<Vec<FeeNoticeView>>, ApiError> {
    Ok(Json(
        s.app
            .case_file(&ctx, case_id(&id)?)
            .await?
            .fee_notices
            .iter()
            .map(FeeNoticeView::from)
            .collect(),
    ))
}

/// Manual reassignment; without a body the case is assigned automatically.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AssignBody {
    /// The judge (account id).
    pub judge_id: Option<String>,
    /// Why (required with `judge_id`).
    pub reason: Option<String>,
}

/// 分案: automatic (no `judge_id`) or manual by the division chief / president, audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "docket", security(("bearer" = [])), request_body = AssignBody, params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn assign(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<Json<CaseView>, ApiError> {
    let id = case_id(&id)?;
    let case = match body.judge_id {
        Some(judge) => {
            let judge = judge
                .parse()
                .map_err(|_| ApiError(AppError::invalid("docket.not_a_judge", "法官编号不正确")))?;
            s.app
                .reassign_case(&ctx, id, judge, body.reason.as_deref().unwrap_or(""))
                .await?
        }
        None => s.app.assign_case(&ctx, id).await?,
    };
    Ok(Json(CaseView::from(&case)))
}

/// Closure.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseBody {
    /// `judgment`, `mediation`, `withdrawal`, `dismissal`, `transfer` or `termination`.
    pub mode: String,
}

/// 结案 by the judge in charge.
#[utoipa::path(post, path = "/api/v1/cases/{id}/close", tag = "docket", security(("bearer" = [])), request_body = CloseBody, params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn close(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CloseBody>,
) -> Result<Json<CaseView>, ApiError> {
    let mode = parse_field(
        &body.mode,
        ClosureMode::parse,
        "docket.invalid_closure_mode",
    )?;
    Ok(Json(CaseView::from(
        &s.app.close_case(&ctx, case_id(&id)?, mode).await?,
    )))
}

/// An extension request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExtensionBody {
    /// Months.
    #[serde(default)]
    pub months: u32,
    /// Days.
    #[serde(default)]
    pub days: u32,
    /// Why.
    pub reason: String,
}

/// 延长审限: the judge in charge asks the court president (≥ 15 days before the limit).
#[utoipa::path(post, path = "/api/v1/cases/{id}/extensions", tag = "docket", security(("bearer" = [])), request_body = ExtensionBody, params(("id" = String, Path, description = "Case id")),
    responses((status = 201, body = ExtensionView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn request_extension(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ExtensionBody>,
) -> Result<axum::response::Response, ApiError> {
    let length = Length {
        months: body.months,
        days: body.days,
    };
    let request = s
        .app
        .request_extension(&ctx, case_id(&id)?, length, &body.reason)
        .await?;
    Ok(super::created(ExtensionView::from(&request)))
}

/// The president's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExtensionDecisionBody {
    /// Grant (`true`) or refuse.
    pub approve: bool,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// Grants or refuses an extension (the court president).
#[utoipa::path(post, path = "/api/v1/extensions/{id}/decision", tag = "docket", security(("bearer" = [])), request_body = ExtensionDecisionBody, params(("id" = String, Path, description = "Extension request id")),
    responses((status = 200, body = ExtensionView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_extension(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ExtensionDecisionBody>,
) -> Result<Json<ExtensionView>, ApiError> {
    let id = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    Ok(Json(ExtensionView::from(
        &s.app
            .decide_extension(&ctx, id, body.approve, &body.note)
            .await?,
    )))
}

/// A case on the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimeLimitEntryView {
    /// The case.
    pub case: CaseView,
    /// Its limit.
    pub deadline: String,
    /// Days left (negative: over).
    pub days_left: i64,
}

impl From<&TimeLimitEntry> for TimeLimitEntryView {
    fn from(e: &TimeLimitEntry) -> Self {
        TimeLimitEntryView {
            case: CaseView::from(&e.case),
            deadline: e.deadline.to_string(),
            days_left: e.days_left,
        }
    }
}

/// The time-limit dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimeLimitDashboardView {
    /// Open cases with at most 15 days left.
    pub near: Vec<TimeLimitEntryView>,
    /// Open cases over their limit.
    pub over: Vec<TimeLimitEntryView>,
    /// Extension requests waiting for the president.
    pub pending_extensions: Vec<ExtensionView>,
}

impl From<&TimeLimitDashboard> for TimeLimitDashboardView {
    fn from(d: &TimeLimitDashboard) -> Self {
        TimeLimitDashboardView {
            near: d.near.iter().map(TimeLimitEntryView::from).collect(),
            over: d.over.iter().map(TimeLimitEntryView::from).collect(),
            pending_extensions: d
                .pending_extensions
                .iter()
                .map(ExtensionView::from)
                .collect(),
        }
    }
}

/// Cases near (≤ 15 days) and over their time limit: a judge's own, or the court's for division
/// chiefs and the president (who also sees pending extension requests).
#[utoipa::path(get, path = "/api/v1/time-limits", tag = "docket", security(("bearer" = [])),
    responses((status = 200, body = TimeLimitDashboardView), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn dashboard(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<TimeLimitDashboardView>, ApiError> {
    Ok(Json(TimeLimitDashboardView::from(
        &s.app.time_limit_dashboard(&ctx).await?,
    )))
}

/// 归档 of a closed case (archivists).
#[utoipa::path(post, path = "/api/v1/cases/{id}/archive", tag = "docket", security(("bearer" = [])), params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn archive(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(CaseView::from(
        &s.app.archive_case(&ctx, case_id(&id)?).await?,
    )))
}

/// A period not counted in the time limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuspensionView {
    /// Id.
    pub id: String,
    /// `announcement`, `appraisal`, `settlement`, `jurisdiction_objection`, `jurisdiction_dispute`,
    /// `audit_valuation`, `stay` or `other`.
    pub reason: String,
    /// First day not counted.
    pub from: String,
    /// Last day not counted (absent while it lasts).
    pub to: Option<String>,
    /// Details.
    pub note: String,
}

impl From<&CaseSuspension> for SuspensionView {
    fn from(x: &CaseSuspension) -> Self {
        SuspensionView {
            id: x.id.to_string(),
            reason: x.reason.as_str().into(),
            from: x.from.to_string(),
            to: x.to.map(|d| d.to_string()),
            note: x.note.clone(),
        }
    }
}

/// A period to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SuspensionBody {
    /// Why the days do not count (see `SuspensionView::reason`).
    pub reason: String,
    /// First day not counted (YYYY-MM-DD).
    pub from: String,
    /// Last day not counted (YYYY-MM-DD); omit while it lasts.
    pub to: Option<String>,
    /// Details.
    #[serde(default)]
    pub note: String,
}

/// The end of an open period.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SuspensionEndBody {
    /// Last day not counted (YYYY-MM-DD).
    pub to: String,
}

fn date(text: &str) -> Result<time::Date, ApiError> {
    time::Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        ApiError(AppError::invalid(
            "docket.suspension_dates",
            format!("日期格式应为 YYYY-MM-DD：{text}"),
        ))
    })
}

/// Records a period not counted in the time limit (the judge in charge; 民诉法解释 art. 243).
#[utoipa::path(post, path = "/api/v1/cases/{id}/suspensions", tag = "docket", security(("bearer" = [])), request_body = SuspensionBody, params(("id" = String, Path, description = "Case id")),
    responses((status = 201, body = SuspensionView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_suspension(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SuspensionBody>,
) -> Result<axum::response::Response, ApiError> {
    let reason = parse_field(
        &body.reason,
        SuspensionReason::parse,
        "docket.invalid_suspension_reason",
    )?;
    let to = body.to.as_deref().map(date).transpose()?;
    let recorded = s
        .app
        .record_suspension(
            &ctx,
            case_id(&id)?,
            reason,
            date(&body.from)?,
            to,
            &body.note,
        )
        .await?;
    Ok(super::created(SuspensionView::from(&recorded)))
}

/// Ends an open period not counted in the time limit.
#[utoipa::path(post, path = "/api/v1/cases/{id}/suspensions/{suspension}/end", tag = "docket", security(("bearer" = [])), request_body = SuspensionEndBody,
    params(("id" = String, Path, description = "Case id"), ("suspension" = String, Path, description = "Suspension id")),
    responses((status = 200, body = SuspensionView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn end_suspension(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((id, suspension)): Path<(String, String)>,
    ApiJson(body): ApiJson<SuspensionEndBody>,
) -> Result<Json<SuspensionView>, ApiError> {
    let suspension = suspension
        .parse()
        .map_err(|_| ApiError(AppError::NotFound))?;
    Ok(Json(SuspensionView::from(
        &s.app
            .end_suspension(&ctx, case_id(&id)?, suspension, date(&body.to)?)
            .await?,
    )))
}
