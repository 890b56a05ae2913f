//! 审判流程信息公开 (Rules art. 9): a case's progress for whoever holds its number and query code
//! (`POST /api/v1/public/process`, no login), and a new query code for those who may read the
//! case (`POST /api/v1/cases/{id}/query-code`).

use axum::Json;
use axum::extract::{Path, State};
use fayuan_app::process::{ProcessInfo, QueryCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dossier::id;
use super::{ApiJson, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// What identifies the case: its number and the query code issued at docketing. Sent in the
/// body, never in the URL, so the code stays out of access logs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProcessQuery {
    /// 案号, e.g. `（2026）京0101民初1号`.
    pub case_number: String,
    /// 查询码, e.g. `ABCD-EFGH` (case and separators are ignored).
    pub code: String,
}

/// One sitting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessHearingView {
    /// 庭前会议, 开庭审理 …
    pub kind: String,
    /// Starts (RFC 3339).
    pub starts_at: String,
    /// The courtroom, or 线上庭审.
    pub place: String,
    /// 已排期, 延期审理 …
    pub status: String,
}

/// One document served.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessDeliveryView {
    /// What was served.
    pub title: String,
    /// To whom.
    pub recipient: String,
    /// 送达中 / 已送达.
    pub status: String,
    /// When it was legally served (RFC 3339).
    pub delivered_at: Option<String>,
}

/// One step of the case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessStepView {
    /// Civil date in China (YYYY-MM-DD).
    pub on: String,
    /// What happened.
    pub what: String,
}

/// A case's progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessView {
    /// 案号.
    pub case_number: String,
    /// The court.
    pub court_name: String,
    /// 案由.
    pub cause: String,
    /// 适用程序.
    pub procedure: String,
    /// `docketed`, `assigned`, `closed` or `archived`.
    pub status: String,
    /// 立案日期.
    pub docketed_on: String,
    /// 承办法官.
    pub judge: Option<String>,
    /// 合议庭组成人员.
    pub panel: Vec<String>,
    /// 审限届满日, while open.
    pub deadline: Option<String>,
    /// Days left until it (negative: over), while open.
    pub days_left: Option<i64>,
    /// 结案方式, once closed.
    pub closure_mode: Option<String>,
    /// 结案日期, once closed.
    pub closed_on: Option<String>,
    /// The sittings.
    pub hearings: Vec<ProcessHearingView>,
    /// The documents served.
    pub deliveries: Vec<ProcessDeliveryView>,
    /// Every step, earliest first.
    pub steps: Vec<ProcessStepView>,
}

impl From<ProcessInfo> for ProcessView {
    fn from(p: ProcessInfo) -> Self {
        Self {
            case_number: p.case_number,
            court_name: p.court_name,
            cause: p.cause,
            procedure: p.procedure,
            status: p.status.as_str().into(),
            docketed_on: p.docketed_on.to_string(),
            judge: p.judge,
            panel: p.panel,
            deadline: p.deadline.map(|(d, _)| d.to_string()),
            days_left: p.deadline.map(|(_, n)| n),
            closure_mode: p.closure.as_ref().map(|(m, _)| m.clone()),
            closed_on: p.closure.map(|(_, d)| d.to_string()),
            hearings: p
                .hearings
                .into_iter()
                .map(|h| ProcessHearingView {
                    kind: h.kind,
                    starts_at: rfc3339(h.starts_at),
                    place: h.place,
                    status: h.status,
                })
                .collect(),
            deliveries: p
                .deliveries
                .into_iter()
                .map(|d| ProcessDeliveryView {
                    title: d.title,
                    recipient: d.recipient,
                    status: d.status,
                    delivered_at: d.delivered_at.map(rfc3339),
                })
                .collect(),
            steps: p
                .steps
                .into_iter()
                .map(|s| ProcessStepView {
                    on: s.on.to_string(),
                    what: s.what,
                })
                .collect(),
        }
    }
}

/// A query code just issued (shown this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct QueryCodeView {
    /// 案号.
    pub case_number: String,
    /// 查询码.
    pub code: String,
}

impl From<QueryCode> for QueryCodeView {
    fn from(q: QueryCode) -> Self {
        Self {
            case_number: q.case_number,
            code: q.code,
        }
    }
}

/// A case's progress (审判流程信息公开) by its number and query code, for everyone holding them.
/// A wrong number and a wrong code get the same 422; after five wrong codes for one number in
/// fifteen minutes, tries wait (429, doubling).
#[utoipa::path(post, path = "/api/v1/public/process", tag = "publication",
    request_body = ProcessQuery,
    responses((status = 200, body = ProcessView), (status = 422, body = Problem, content_type = "application/problem+json"), (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn query(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(req): ApiJson<ProcessQuery>,
) -> Result<Json<ProcessView>, ApiError> {
    let info = s
        .app
        .process_info(&ctx, &req.case_number, &req.code)
        .await?;
    Ok(Json(info.into()))
}

/// Replaces a case's query code; the old one stops working. For the case's parties and agents
/// and the staff handling it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/query-code", tag = "publication", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = QueryCodeView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn renew(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<QueryCodeView>, ApiError> {
    Ok(Json(s.app.renew_query_code(&ctx, id(&case)?).await?.into()))
}
