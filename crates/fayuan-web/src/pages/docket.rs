//! The docket for judges, division chiefs, presidents and filing officers (Rules arts. 6, 30):
//! cases with their time limits flagged 临近 / 超审限, and on one case 自动分案, 改分 and 结案.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::docket::TimeLimitEntry;
use fayuan_core::id::{AccountId, CaseId, ExtensionId, FeeReliefId, SuspensionId};
use fayuan_core::time_limit::{Length, SuspensionReason};
use fayuan_domain::accounts::{AccountKind, Role};
use fayuan_domain::docket::{Case, CaseStatus, ClosureMode, ExtensionRequest};
use fayuan_domain::filing::FilingCategory;
use fayuan_domain::mediation::Mediation;
use serde::Deserialize;
use time::Date;

use super::cases::{CaseSheet, LimitFlag, judge_label};
use super::{Chrome, CsrfForm, Done, error_page, has_role, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The docket routes of court staff.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/staff/cases", get(list))
        .route("/staff/cases/{id}", get(show))
        .route("/staff/cases/{id}/assign", post(assign))
        .route("/staff/cases/{id}/reassign", post(reassign))
        .route("/staff/cases/{id}/close", post(close))
        .route("/staff/cases/{id}/archive", post(archive))
        .route("/staff/cases/{id}/suspensions", post(record_suspension))
        .route(
            "/staff/cases/{id}/suspensions/{suspension}/end",
            post(end_suspension),
        )
        .route("/staff/cases/{id}/extensions", post(request_extension))
        .route("/staff/extensions/{id}/decision", post(decide_extension))
        .route("/staff/time-limits", get(time_limits))
        .route("/staff/fee-relief/{id}/decision", post(decide_relief))
}

/// Sends members of the public to their own case pages; `None` for staff.
fn public_redirect(page: &PageCtx, to: &str) -> Option<Response> {
    match page.ctx.actor.as_ref() {
        Some(a) if a.kind != AccountKind::Staff => Some(Redirect::to(to).into_response()),
        _ => None,
    }
}

/// One row of the case list.
struct CaseRow {
    case: Case,
    judge: String,
    deadline: Date,
    days_left: i64,
    flag: LimitFlag,
}

#[derive(Template)]
#[template(path = "docket/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CaseRow>,
}

async fn list(State(state): State<WebState>, page: PageCtx) -> Response {
    if let Some(r) = public_redirect(&page, "/cases") {
        return r;
    }
    let rows = async {
        let mut rows = Vec::new();
        let judges = state.app.court_judges(&page.ctx).await?;
        for entry in state.app.my_cases_with_limits(&page.ctx).await? {
            rows.push(CaseRow {
                judge: judge_label(&entry.case, &judges),
                deadline: entry.deadline,
                flag: LimitFlag::of(entry.days_left),
                days_left: entry.days_left,
                case: entry.case,
            });
        }
        Ok::<_, AppError>(rows)
    }
    .await;
    match rows {
        Ok(rows) => render(&ListPage {
            chrome: Chrome::of(&page),
            rows,
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "docket/show.html")]
struct CasePage {
    chrome: Chrome,
    sheet: CaseSheet,
    /// 自动分案 / 改分 are offered (chiefs, presidents, filing officers; open cases).
    can_assign: bool,
    /// 结案 is offered (the judge in charge of an assigned case).
    can_close: bool,
    /// 申请延长审限 is offered (the judge in charge of an assigned case).
    can_extend: bool,
    /// Extension requests may be decided here (the court president).
    can_decide_extensions: bool,
    /// 归档 is offered (archivists; closed cases).
    can_archive: bool,
    /// Reasons a period may not be counted, for the form.
    suspension_reasons: &'static [SuspensionReason],
    closure_modes: &'static [ClosureMode],
    /// The court's judges, for the reassignment select.
    judges: Vec<(AccountId, String)>,
    /// Chosen in the reassignment form, kept when refused.
    judge_id: String,
    /// Typed in the reassignment form, kept when refused.
    reason: String,
    /// The mediations held in the case.
    mediations: Vec<Mediation>,
    /// 发起诉中调解 is offered (the judge in charge of an assigned case, not a confirmation,
    /// with no mediation open).
    can_mediate: bool,
    /// 确认有效 / 驳回申请 is offered (the judge in charge of a 民特 confirmation case).
    decides_confirmation: bool,
    error: Option<String>,
    notice: Option<String>,
}

/// What the case page shows besides the case.
#[derive(Default)]
struct CaseExtras {
    error: Option<AppError>,
    notice: Option<String>,
    judge_id: String,
    reason: String,
}

async fn show_case(state: &WebState, page: &PageCtx, id: CaseId, extras: CaseExtras) -> Response {
    let (file, judges, mediations) = match async {
        Ok::<_, AppError>((
            state.app.case_file(&page.ctx, id).await?,
            state.app.court_judges(&page.ctx).await?,
            state.app.case_mediations(&page.ctx, id).await?,
        ))
    }
    .await
    {
        Ok(loaded) => loaded,
        Err(e) => return error_page(page, e),
    };
    let open = matches!(
        file.case.status,
        CaseStatus::Docketed | CaseStatus::Assigned
    );
    let can_assign = open
        && [
            Role::DivisionChief,
            Role::CourtPresident,
            Role::FilingOfficer,
        ]
        .iter()
        .any(|r| has_role(page, *r));
    let can_close = file.case.status == CaseStatus::Assigned
        && has_role(page, Role::Judge)
        && page
            .ctx
            .actor
            .as_ref()
            .is_some_and(|a| Some(a.account_id) == file.case.judge_id);
    let confirmation = file.case.category == FilingCategory::JudicialConfirmation;
    let mediating = mediations.iter().any(|m| !m.status.is_final());
    let status = extras.error.as_ref().map(status_of);
    let file_status = file.case.status;
    let body = render(&CasePage {
        chrome: Chrome::of(page),
        sheet: CaseSheet::of(file, page, false, &judges),
        judges,
        can_assign,
        can_extend: can_close,
        can_decide_extensions: has_role(page, Role::CourtPresident),
        can_archive: file_status == CaseStatus::Closed && has_role(page, Role::Archivist),
        suspension_reasons: SuspensionReason::ALL,
        can_close,
        closure_modes: ClosureMode::ALL,
        judge_id: extras.judge_id,
        reason: extras.reason,
        mediations,
        can_mediate: can_close && !confirmation && !mediating,
        decides_confirmation: can_close && confirmation,
        error: extras.error.map(|e| e.to_string()),
        notice: extras.notice,
    });
    with_status(status, body)
}

fn case_id(text: &str) -> Result<CaseId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageCtx,
) -> Response {
    if let Some(r) = public_redirect(&page, &format!("/cases/{id}")) {
        return r;
    }
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let key = match done.done.as_str() {
        "assigned" => "docket.done_assigned",
        "reassigned" => "docket.done_reassigned",
        "closed" => "docket.done_closed",
        "extension_requested" => "docket.done_extension_requested",
        "extension_decided" => "docket.done_extension_decided",
        "relief_decided" => "docket.done_relief_decided",
        "archived" => "docket.done_archived",
        "suspension" => "docket.done_suspension",
        _ => "",
    };
    let extras = CaseExtras {
        notice: (!key.is_empty()).then(|| page.lang.t(key).to_string()),
        ..Default::default()
    };
    show_case(&state, &page, id, extras).await
}

/// After a form: back to the case with the outcome, or the page again with the refusal.
async fn after_form(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    result: Result<impl Sized, AppError>,
    done: &str,
    extras: CaseExtras,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/staff/cases/{id}?done={done}")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let extras = CaseExtras {
                error: Some(e),
                ..extras
            };
            show_case(state, page, id, extras).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn assign(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = state.app.assign_case(&page.ctx, id).await;
    after_form(&state, &page, id, result, "assigned", CaseExtras::default()).await
}

#[derive(Deserialize)]
struct ReassignForm {
    #[serde(default)]
    judge_id: String,
    #[serde(default)]
    reason: String,
}

async fn reassign(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReassignForm>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = match form.judge_id.trim().parse::<AccountId>() {
        Ok(judge) => {
            state
                .app
                .reassign_case(&page.ctx, id, judge, &form.reason)
                .await
        }
        Err(_) => Err(AppError::invalid(
            "docket.not_a_judge",
            "请填写改分法官的账号编号",
        )),
    };
    let extras = CaseExtras {
        judge_id: form.judge_id,
        reason: form.reason,
        ..Default::default()
    };
    after_form(&state, &page, id, result, "reassigned", extras).await
}

#[derive(Deserialize)]
struct CloseForm {
    mode: String,
}

async fn close(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<CloseForm>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = match ClosureMode::parse(&form.mode) {
        Some(mode) => state.app.close_case(&page.ctx, id, mode).await,
        None => Err(AppError::invalid(
            "docket.invalid_closure_mode",
            "请选择结案方式",
        )),
    };
    after_form(&state, &page, id, result, "closed", CaseExtras::default()).await
}

#[derive(Deserialize)]
struct ExtensionForm {
    #[serde(default)]
    months: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

fn count(text: &str, what: &str) -> Result<u32, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    text.parse::<u32>()
        .ok()
        .filter(|n| *n <= 36)
        .ok_or_else(|| {
            AppError::invalid(
                "docket.extension_length",
                format!("{what}应为0至36之间的整数"),
            )
        })
}

async fn request_extension(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ExtensionForm>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = async {
        let length = Length {
            months: count(&form.months, "月数")?,
            days: count(&form.days, "日数")?,
        };
        state
            .app
            .request_extension(&page.ctx, id, length, &form.reason)
            .await
    }
    .await;
    let extras = CaseExtras {
        reason: form.reason,
        ..CaseExtras::default()
    };
    after_form(&state, &page, id, result, "extension_requested", extras).await
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: String,
    #[serde(default)]
    note: String,
}

async fn decide_extension(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<DecisionForm>,
) -> Response {
    let Ok(id) = id.parse::<ExtensionId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state
        .app
        .decide_extension(&page.ctx, id, form.decision == "approve", &form.note)
        .await
    {
        Ok(request) => Redirect::to(&format!(
            "/staff/cases/{}?done=extension_decided",
            request.case_id
        ))
        .into_response(),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "docket/time_limits.html")]
struct TimeLimitsPage {
    chrome: Chrome,
    /// (heading, cases): over the limit, then near it.
    sections: Vec<(&'static str, Vec<TimeLimitEntry>)>,
    pending_extensions: Vec<ExtensionRequest>,
}

async fn time_limits(State(state): State<WebState>, page: PageCtx) -> Response {
    match state.app.time_limit_dashboard(&page.ctx).await {
        Ok(dashboard) => render(&TimeLimitsPage {
            chrome: Chrome::of(&page),
            sections: vec![("超审限", dashboard.over), ("临近审限", dashboard.near)],
            pending_extensions: dashboard.pending_extensions,
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct ReliefDecisionForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// The court's decision on judicial aid, from the case page; back to the case.
async fn decide_relief(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReliefDecisionForm>,
) -> Response {
    let Ok(id) = id.parse::<FeeReliefId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state
        .app
        .decide_fee_relief(&page.ctx, id, form.decision == "grant", None, &form.note)
        .await
    {
        Ok(application) => Redirect::to(&format!(
            "/staff/cases/{}?done=relief_decided",
            application.case_id
        ))
        .into_response(),
        Err(e) => error_page(&page, e),
    }
}

async fn archive(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = state.app.archive_case(&page.ctx, id).await;
    after_form(&state, &page, id, result, "archived", CaseExtras::default()).await
}

#[derive(Deserialize)]
struct SuspensionForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
}

fn form_date(text: &str) -> Result<Option<Date>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(Some)
    .map_err(|_| {
        AppError::invalid(
            "docket.suspension_dates",
            format!("日期格式应为 YYYY-MM-DD：{text}"),
        )
    })
}

/// Records a period not counted in the time limit.
async fn record_suspension(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SuspensionForm>,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = async {
        let reason = SuspensionReason::parse(&form.reason).ok_or_else(|| {
            AppError::invalid("docket.invalid_suspension_reason", "请选择不计入审限的事由")
        })?;
        let from = form_date(&form.from)?
            .ok_or_else(|| AppError::invalid("docket.suspension_dates", "请填写起始日"))?;
        state
            .app
            .record_suspension(
                &page.ctx,
                id,
                reason,
                from,
                form_date(&form.to)?,
                &form.note,
            )
            .await
    }
    .await;
    after_form(
        &state,
        &page,
        id,
        result,
        "suspension",
        CaseExtras::default(),
    )
    .await
}

#[derive(Deserialize)]
struct SuspensionEndForm {
    #[serde(default)]
    to: String,
}

/// Ends an open period not counted in the time limit.
async fn end_suspension(
    State(state): State<WebState>,
    Path((id, suspension)): Path<(String, String)>,
    CsrfForm { page, form }: CsrfForm<SuspensionEndForm>,
) -> Response {
    let (Ok(id), Ok(suspension)) = (case_id(&id), suspension.parse::<SuspensionId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let result = async {
        let to = form_date(&form.to)?
            .ok_or_else(|| AppError::invalid("docket.suspension_dates", "请填写截止日"))?;
        state
            .app
            .end_suspension(&page.ctx, id, suspension, to)
            .await
    }
    .await;
    after_form(
        &state,
        &page,
        id,
        result,
        "suspension",
        CaseExtras::default(),
    )
    .await
}
