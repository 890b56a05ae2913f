//! The litigant's cases and fees (Rules arts. 18, 30): 我的案件, one case with its time limit and
//! fee notices, 去交费 through the payment gateway, and the sandbox bank page that plays the
//! gateway in demonstrations and tests.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::docket::{CaseFile, NEAR_LIMIT_DAYS};
use fayuan_core::id::{AccountId, CaseId, FeeNoticeId, PaymentId};
use fayuan_domain::accounts::{AccountKind, Role};
use fayuan_domain::docket::{Case, CaseSuspension, ExtensionRequest};
use fayuan_domain::fees::{
    FeeNotice, FeeNoticeStatus, FeeReliefApplication, Payment, PaymentStatus, Refund, ReliefKind,
};
use serde::Deserialize;
use time::Date;

use super::{Chrome, CsrfForm, Done, error_page, has_role, login_prompt, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The routes of the public's cases, fees and the sandbox bank.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/cases", get(list))
        .route("/cases/{id}", get(show))
        .route("/fee-notices/{id}/pay", post(pay))
        .route("/fee-notices/{id}/relief", post(apply_relief))
        .route(
            "/sandbox/pay/{payment}",
            get(sandbox_page).post(sandbox_settle),
        )
}

/// How close a case is to its trial time limit, for flags on lists and case pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitFlag {
    /// More than [`NEAR_LIMIT_DAYS`] days left.
    Normal,
    /// At most [`NEAR_LIMIT_DAYS`] days left: 临近.
    Near,
    /// Past the limit: 超审限.
    Over,
}

impl LimitFlag {
    /// The flag of a case with `days_left` days to its limit.
    pub fn of(days_left: i64) -> Self {
        if days_left < 0 {
            LimitFlag::Over
        } else if days_left <= NEAR_LIMIT_DAYS {
            LimitFlag::Near
        } else {
            LimitFlag::Normal
        }
    }

    /// CSS class of the flag (`near`, `over`, or empty).
    pub fn class(self) -> &'static str {
        match self {
            LimitFlag::Normal => "",
            LimitFlag::Near => "near",
            LimitFlag::Over => "over",
        }
    }

    /// The flag's text (empty when normal).
    pub fn label(self) -> &'static str {
        match self {
            LimitFlag::Normal => "",
            LimitFlag::Near => "临近",
            LimitFlag::Over => "超审限",
        }
    }
}

/// A fee notice as a case page shows it.
pub struct NoticeView {
    /// The notice.
    pub notice: FeeNotice,
    /// Whether the viewer may pay it now (the payer, while unpaid).
    pub payable: bool,
    /// A fresh idempotency key for the 去交费 form: submitting the same form twice starts one
    /// payment, not two.
    pub idempotency_key: String,
}

/// A case file as its pages show it: the case, its time limit and fee notices, who is in charge.
pub struct CaseSheet {
    /// The case.
    pub case: Case,
    /// Fee notices.
    pub notices: Vec<NoticeView>,
    /// Last day of the trial time limit.
    pub deadline: Date,
    /// Days left until the limit (negative: over).
    pub days_left: i64,
    /// How the limit was computed, each line with its legal basis.
    pub reasoning: Vec<String>,
    /// Near or over the limit.
    pub flag: LimitFlag,
    /// Who is in charge, as shown.
    pub judge: String,
    /// The bench: 独任审理, or the collegial panel (names where the viewer has the directory).
    pub bench: String,
    /// Fees refunded on closure.
    pub refunds: Vec<Refund>,
    /// Requests to extend the time limit.
    pub extensions: Vec<ExtensionRequest>,
    /// Periods not counted in the time limit.
    pub suspensions: Vec<CaseSuspension>,
    /// Applications for judicial aid on fees.
    pub reliefs: Vec<FeeReliefApplication>,
    /// The viewer may decide judicial-aid applications (filing officers, the president).
    pub can_decide_relief: bool,
    /// The case's sittings with their start in Beijing time, for the timeline.
    pub hearings: Vec<(String, fayuan_domain::hearing::HearingSession)>,
}

/// How the judge in charge is shown: the name from the court's judge directory (given to staff;
/// empty for the public), else whether the case is assigned at all.
pub fn judge_label(case: &Case, judges: &[(AccountId, String)]) -> String {
    match case.judge_id {
        None => "未分案".into(),
        Some(judge) => judges
            .iter()
            .find(|(id, _)| *id == judge)
            .map_or_else(|| "已分案".into(), |(_, name)| name.clone()),
    }
}

/// How the bench is shown: 独任审理, or 合议庭 with the members' names when known.
pub fn bench_label(panel: &[AccountId], judges: &[(AccountId, String)]) -> String {
    match panel.len() {
        0 => String::new(),
        1 => "独任审理".into(),
        n => {
            let names: Vec<&str> = panel
                .iter()
                .filter_map(|m| {
                    judges
                        .iter()
                        .find(|(id, _)| id == m)
                        .map(|(_, name)| name.as_str())
                })
                .collect();
            if names.len() == n {
                format!("合议庭：{}（审判长{}）", names.join("、"), names[0])
            } else {
                format!("合议庭（{n}人）")
            }
        }
    }
}

impl CaseSheet {
    /// The sheet of a case file seen by the page's actor; `can_pay` offers 去交费 on the unpaid
    /// notices the actor is to pay.
    pub fn of(
        file: CaseFile,
        page: &PageCtx,
        can_pay: bool,
        judges: &[(AccountId, String)],
    ) -> Self {
        let actor = page.ctx.actor.as_ref();
        let notices = file
            .fee_notices
            .into_iter()
            .map(|notice| NoticeView {
                payable: can_pay
                    && notice.status == FeeNoticeStatus::Unpaid
                    && actor.is_some_and(|a| a.account_id == notice.payer_id),
                idempotency_key: fayuan_app::passwords::new_token().unwrap_or_default(),
                notice,
            })
            .collect();
        CaseSheet {
            judge: judge_label(&file.case, judges),
            bench: bench_label(&file.case.panel, judges),
            flag: LimitFlag::of(file.days_left),
            deadline: file.time_limit.deadline,
            days_left: file.days_left,
            reasoning: file.time_limit.reasoning,
            notices,
            refunds: file.refunds,
            extensions: file.extensions,
            suspensions: file.suspensions,
            reliefs: file.reliefs,
            hearings: file
                .hearings
                .into_iter()
                .map(|s| {
                    let at = super::china_time(fayuan_core::clock::to_micros(s.starts_at));
                    (at, s)
                })
                .collect(),
            can_decide_relief: has_role(page, Role::FilingOfficer)
                || has_role(page, Role::CourtPresident),
            case: file.case,
        }
    }
}

fn is_staff(page: &PageCtx) -> bool {
    page.ctx
        .actor
        .as_ref()
        .is_some_and(|a| a.kind == AccountKind::Staff)
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    chrome: Chrome,
    cases: Vec<Case>,
}

async fn list(State(state): State<WebState>, page: PageCtx) -> Response {
    if page.ctx.actor.is_none() {
        return login_prompt(&page);
    }
    if is_staff(&page) {
        return Redirect::to("/staff/cases").into_response();
    }
    match state.app.my_cases(&page.ctx).await {
        Ok(cases) => render(&ListPage {
            chrome: Chrome::of(&page),
            cases,
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "cases/show.html")]
struct ShowPage {
    chrome: Chrome,
    sheet: CaseSheet,
    error: Option<String>,
    notice: Option<String>,
}

async fn show_case(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    match state.app.case_file(&page.ctx, id).await {
        Ok(file) => {
            let status = error.as_ref().map(status_of);
            let body = render(&ShowPage {
                chrome: Chrome::of(page),
                sheet: CaseSheet::of(file, page, true, &[]),
                error: error.map(|e| e.to_string()),
                notice,
            });
            with_status(status, body)
        }
        Err(e) => error_page(page, e),
    }
}

async fn show(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageCtx,
) -> Response {
    if is_staff(&page) {
        return Redirect::to(&format!("/staff/cases/{id}")).into_response();
    }
    let Ok(id) = id.parse::<CaseId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let notice = match done.done.as_str() {
        "paid" => Some(page.lang.t("fees.paid_done").to_string()),
        "abandoned" => Some(page.lang.t("fees.abandoned").to_string()),
        "relief_applied" => Some(page.lang.t("fees.relief_applied").to_string()),
        _ => None,
    };
    show_case(&state, &page, id, None, notice).await
}

#[derive(Deserialize)]
struct PayForm {
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    case_id: String,
}

/// 去交费: starts the payment and sends the payer to the gateway's checkout page.
async fn pay(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<PayForm>,
) -> Response {
    let Ok(notice) = id.parse::<FeeNoticeId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let case = form.case_id.parse::<CaseId>().ok();
    match state
        .app
        .start_payment(&page.ctx, notice, Some(form.idempotency_key))
        .await
    {
        Ok(started) => Redirect::to(&started.checkout_url).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => match case {
            Some(case) => show_case(&state, &page, case, Some(e), None).await,
            None => error_page(&page, e),
        },
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct ReliefForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    case_id: String,
}

/// 申请司法救助 on a fee notice; back to the case with the outcome.
async fn apply_relief(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReliefForm>,
) -> Response {
    let (Ok(notice), Ok(case)) = (id.parse::<FeeNoticeId>(), form.case_id.parse::<CaseId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let result = async {
        let kind = ReliefKind::parse(&form.kind).ok_or_else(|| {
            AppError::invalid("fees.invalid_relief_kind", "请选择缓交、减交或免交")
        })?;
        let percent = match form.percent.trim() {
            "" => None,
            p => Some(p.parse::<u8>().map_err(|_| {
                AppError::invalid("fees.reduction_percent", "减交比例应为30至99之间的整数")
            })?),
        };
        state
            .app
            .apply_fee_relief(&page.ctx, notice, kind, percent, &form.reason)
            .await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/cases/{case}?done=relief_applied")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_case(&state, &page, case, Some(e), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "cases/sandbox_pay.html")]
struct SandboxPage {
    chrome: Chrome,
    payment: Payment,
    case: Case,
    pending: bool,
}

async fn sandbox_page(
    State(state): State<WebState>,
    Path(id): Path<String>,
    page: PageCtx,
) -> Response {
    if !state.app.payments.is_sandbox() {
        return error_page(&page, AppError::NotFound);
    }
    let Ok(id) = id.parse::<PaymentId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.payment(&page.ctx, id).await {
        Ok(found) => render(&SandboxPage {
            chrome: Chrome::of(&page),
            pending: found.payment.status == PaymentStatus::Pending,
            payment: found.payment,
            case: found.case,
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct SettleForm {
    outcome: String,
}

async fn sandbox_settle(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SettleForm>,
) -> Response {
    if !state.app.payments.is_sandbox() {
        return error_page(&page, AppError::NotFound);
    }
    let Ok(id) = id.parse::<PaymentId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let succeed = match form.outcome.as_str() {
        "pay" => true,
        "abandon" => false,
        _ => {
            return error_page(
                &page,
                AppError::invalid("fees.bad_outcome", "请选择确认支付或放弃支付"),
            );
        }
    };
    let settled = async {
        let payment = state.app.sandbox_settle(&page.ctx, id, succeed).await?;
        let case = state.app.payment(&page.ctx, payment.id).await?.case.id;
        Ok::<_, AppError>((payment, case))
    }
    .await;
    match settled {
        Ok((payment, case)) => {
            let done = if payment.status == PaymentStatus::Succeeded {
                "paid"
            } else {
                "abandoned"
            };
            Redirect::to(&format!("/cases/{case}?done={done}")).into_response()
        }
        Err(e) => error_page(&page, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_flags() {
        assert_eq!(LimitFlag::of(-1), LimitFlag::Over);
        assert_eq!(LimitFlag::of(0), LimitFlag::Near);
        assert_eq!(LimitFlag::of(NEAR_LIMIT_DAYS), LimitFlag::Near);
        assert_eq!(LimitFlag::of(NEAR_LIMIT_DAYS + 1), LimitFlag::Normal);
        assert_eq!(LimitFlag::Over.label(), "超审限");
    }
}
