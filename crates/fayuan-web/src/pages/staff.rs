//! The staff workbench (智慧审判/智慧执行/智慧管理 entry) and the administrator's pages: courts,
//! staff and roles, audit log, SMS sandbox.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::court::NewCourt;
use fayuan_app::staff::NewStaff;
use fayuan_core::id::{AccountId, CourtId};
use fayuan_domain::accounts::{Account, AccountStatus, Role};
use fayuan_domain::court::{Court, CourtLevel, Division, DivisionKind};
use serde::Deserialize;

use super::portal::{CourtEntry, court_entries};
use super::{Chrome, CsrfForm, error_page, has_role, render};
use crate::WebState;
use crate::api::audit::{AuditEventView, AuditQuery, filter_of};
use crate::api::rfc3339;
use crate::ctx::PageCtx;

/// The workbench routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/staff", get(home))
        .route("/staff/admin/courts", get(courts).post(create_court))
        .route("/staff/admin/courts/{id}/divisions", post(create_division))
        .route(
            "/staff/admin/courts/{id}/courtrooms",
            post(create_courtroom),
        )
        .route("/staff/admin/staff", get(staff).post(create_staff))
        .route("/staff/admin/staff/{id}/roles", post(set_roles))
        .route("/staff/admin/staff/{id}/status", post(set_status))
        .route("/staff/admin/audit", get(audit))
        .route("/staff/admin/sms", get(sms))
}

#[derive(Template)]
#[template(path = "staff/home.html")]
struct HomePage {
    chrome: Chrome,
    name: String,
    roles: Vec<Role>,
    is_admin: bool,
    work: Vec<Work>,
}

/// One work queue on the workbench: name, what it is, and its page once built.
type Work = (&'static str, &'static str, Option<&'static str>);

/// The work queues of a role; those without a page arrive with the issues that build them.
fn work_of(role: Role) -> &'static [Work] {
    match role {
        Role::FilingOfficer => &[
            (
                "立案审查",
                "审查网上立案申请：登记立案、补正、不予受理、诉前调解分流",
                Some("/staff/filings"),
            ),
            (
                "案件与分案",
                "已立案案件、自动分案与改分",
                Some("/staff/cases"),
            ),
        ],
        Role::Judge | Role::JudgeAssistant | Role::Clerk => &[
            ("我的案件", "承办案件、审限、结案", Some("/staff/cases")),
            (
                "开庭日历",
                "本院每日开庭安排；案件的排期在案件页",
                Some("/staff/calendar"),
            ),
            (
                "裁判文书公开",
                "生效文书隐名处理、审核公开、撤回",
                Some("/publications"),
            ),
        ],
        Role::DivisionChief => &[
            ("分案与审限", "分案、改分、审限预警", Some("/staff/cases")),
            (
                "裁判文书公开",
                "生效文书隐名处理、审核公开、撤回",
                Some("/publications"),
            ),
        ],
        Role::CourtPresident => &[("审判管理", "本院案件、审限看板", Some("/staff/cases"))],
        Role::EnforcementOfficer => &[("执行案件", "网络查控、司法拍卖、案款、失信惩戒", None)],
        Role::Mediator => &[(
            "调解工作",
            "诉前调解、诉中调解与调解协议",
            Some("/mediations"),
        )],
        Role::Archivist => &[(
            "案件归档",
            "将已结案件归档（第三十二条）",
            Some("/staff/cases"),
        )],
        Role::Admin => &[],
    }
}

async fn home(page: PageCtx) -> Response {
    let Some(actor) = page.ctx.actor.clone() else {
        return error_page(&page, AppError::Unauthenticated);
    };
    if actor.kind != fayuan_domain::accounts::AccountKind::Staff {
        return error_page(&page, AppError::Forbidden);
    }
    let mut work: Vec<Work> = actor
        .roles
        .iter()
        .flat_map(|r| work_of(*r).iter().copied())
        .collect();
    work.dedup();
    render(&HomePage {
        chrome: Chrome::of(&page),
        name: actor.name.clone(),
        is_admin: actor.has_role(Role::Admin),
        roles: actor.roles,
        work,
    })
}

#[derive(Template)]
#[template(path = "staff/courts.html")]
struct CourtsPage {
    chrome: Chrome,
    courts: Vec<CourtEntry>,
    levels: &'static [CourtLevel],
    division_kinds: &'static [DivisionKind],
    error: Option<String>,
    notice: Option<String>,
}

async fn show_courts(
    state: &WebState,
    page: &PageCtx,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    if !has_role(page, Role::Admin) {
        return error_page(
            page,
            if page.ctx.actor.is_some() {
                AppError::Forbidden
            } else {
                AppError::Unauthenticated
            },
        );
    }
    match court_entries(state).await {
        Ok(courts) => render(&CourtsPage {
            chrome: Chrome::of(page),
            courts,
            levels: CourtLevel::ALL,
            division_kinds: DivisionKind::ALL,
            error,
            notice,
        }),
        Err(e) => error_page(page, e),
    }
}

async fn courts(State(state): State<WebState>, page: PageCtx) -> Response {
    show_courts(&state, &page, None, None).await
}

/// Re-shows the courts page with the outcome of a form.
async fn after_courts_form<T>(
    state: &WebState,
    page: &PageCtx,
    result: Result<T, AppError>,
    done: &str,
) -> Response {
    match result {
        Ok(_) => show_courts(state, page, None, Some(done.to_string())).await,
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_courts(state, page, Some(e.to_string()), None).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct CourtForm {
    name: String,
    level: String,
    code: String,
    #[serde(default)]
    parent_id: String,
}

async fn create_court(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<CourtForm>,
) -> Response {
    let result = async {
        let level = CourtLevel::parse(&form.level)
            .ok_or_else(|| AppError::invalid("court.invalid_level", "层级不正确"))?;
        let parent_id = Some(form.parent_id.trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<CourtId>()
                    .map_err(|_| AppError::invalid("court.unknown_parent", "上级法院不存在"))
            })
            .transpose()?;
        state
            .app
            .create_court(
                &page.ctx,
                NewCourt {
                    name: form.name,
                    level,
                    code: form.code,
                    parent_id,
                },
            )
            .await
    }
    .await;
    after_courts_form(&state, &page, result, "法院已创建").await
}

#[derive(Deserialize)]
struct DivisionForm {
    name: String,
    kind: String,
}

async fn create_division(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<DivisionForm>,
) -> Response {
    let result = async {
        let court: CourtId = id.parse().map_err(|_| AppError::NotFound)?;
        let kind = DivisionKind::parse(&form.kind)
            .ok_or_else(|| AppError::invalid("court.invalid_division_kind", "部门类型不正确"))?;
        state
            .app
            .create_division(&page.ctx, court, &form.name, kind)
            .await
    }
    .await;
    after_courts_form(&state, &page, result, "部门已创建").await
}

#[derive(Deserialize)]
struct CourtroomForm {
    name: String,
    #[serde(default)]
    tech: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    equipment: String,
}

async fn create_courtroom(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<CourtroomForm>,
) -> Response {
    let result = async {
        let court: CourtId = id.parse().map_err(|_| AppError::NotFound)?;
        state
            .app
            .create_courtroom(
                &page.ctx,
                court,
                &form.name,
                form.tech == "true",
                form.capacity.trim().parse().unwrap_or(0),
                &form.equipment,
            )
            .await
    }
    .await;
    after_courts_form(&state, &page, result, "法庭已创建").await
}

#[derive(Template)]
#[template(path = "staff/staff.html")]
struct StaffPage {
    chrome: Chrome,
    staff: Vec<Account>,
    courts: Vec<Court>,
    divisions: Vec<Division>,
    all_roles: &'static [Role],
    error: Option<String>,
    notice: Option<String>,
}

async fn show_staff(
    state: &WebState,
    page: &PageCtx,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let loaded = async {
        let staff = state.app.list_staff(&page.ctx, None).await?;
        let courts = state.app.list_courts().await?;
        let mut divisions = Vec::new();
        for c in &courts {
            divisions.extend(state.app.court_detail(c.id).await?.1);
        }
        Ok::<_, AppError>((staff, courts, divisions))
    }
    .await;
    match loaded {
        Ok((staff, courts, divisions)) => render(&StaffPage {
            chrome: Chrome::of(page),
            staff,
            courts,
            divisions,
            all_roles: Role::ALL,
            error,
            notice,
        }),
        Err(e) => error_page(page, e),
    }
}

async fn staff(State(state): State<WebState>, page: PageCtx) -> Response {
    show_staff(&state, &page, None, None).await
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn roles_of(pairs: &[(String, String)]) -> Result<Vec<Role>, AppError> {
    pairs
        .iter()
        .filter(|(k, _)| k == "role")
        .map(|(_, v)| {
            Role::parse(v)
                .ok_or_else(|| AppError::invalid("staff.invalid_role", format!("角色不正确：{v}")))
        })
        .collect()
}

async fn create_staff(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let new = NewStaff {
            username: field(&form, "username").to_string(),
            name: field(&form, "name").to_string(),
            phone: Some(field(&form, "phone").to_string()),
            court_id: field(&form, "court_id")
                .parse()
                .map_err(|_| AppError::invalid("staff.unknown_court", "请选择法院"))?,
            division_id: Some(field(&form, "division_id"))
                .filter(|d| !d.is_empty())
                .map(|d| {
                    d.parse()
                        .map_err(|_| AppError::invalid("staff.unknown_division", "部门不正确"))
                })
                .transpose()?,
            roles: roles_of(&form)?,
            password: field(&form, "password").to_string(),
        };
        state.app.create_staff(&page.ctx, new).await
    }
    .await;
    match result {
        Ok(created) => {
            let notice = format!(
                "已创建 {}。请将动态验证码密钥交给本人录入验证器（仅显示一次）：{}（{}）",
                created.account.name, created.totp_secret_base32, created.totp_uri
            );
            show_staff(&state, &page, None, Some(notice)).await
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_staff(&state, &page, Some(e.to_string()), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

async fn set_roles(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let id: AccountId = id.parse().map_err(|_| AppError::NotFound)?;
        state
            .app
            .set_staff_roles(&page.ctx, id, roles_of(&form)?)
            .await
    }
    .await;
    match result {
        Ok(account) => {
            show_staff(
                &state,
                &page,
                None,
                Some(format!("已更新 {} 的角色", account.name)),
            )
            .await
        }
        Err(e @ AppError::Invalid { .. }) => {
            show_staff(&state, &page, Some(e.to_string()), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
}

async fn set_status(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<StatusForm>,
) -> Response {
    let result = async {
        let id: AccountId = id.parse().map_err(|_| AppError::NotFound)?;
        let status = AccountStatus::parse(&form.status)
            .ok_or_else(|| AppError::invalid("staff.invalid_status", "状态不正确"))?;
        state.app.set_account_status(&page.ctx, id, status).await
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/staff/admin/staff").into_response(),
        Err(e @ AppError::Invalid { .. }) => {
            show_staff(&state, &page, Some(e.to_string()), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

/// The audit search form's fields, echoed back.
#[derive(Deserialize, Default)]
struct AuditForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    actor_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    before_seq: Option<i64>,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    chrome: Chrome,
    query: AuditForm,
    events: Vec<AuditEventView>,
    next_before_seq: Option<i64>,
    next_href: String,
    error: Option<String>,
}

/// Page size of the audit page.
const AUDIT_PAGE: i64 = 100;

async fn audit(
    State(state): State<WebState>,
    page: PageCtx,
    Query(form): Query<AuditForm>,
) -> Response {
    let query = AuditQuery {
        actor_id: Some(form.actor_id.clone()),
        action: Some(form.action.clone()),
        target: Some(form.target.clone()),
        from: Some(form.from.clone()),
        until: Some(form.until.clone()),
        before_seq: form.before_seq,
        limit: Some(AUDIT_PAGE),
    };
    let next_href = format!(
        "/staff/admin/audit?{}",
        serde_urlencoded::to_string([
            ("action", &form.action),
            ("target", &form.target),
            ("actor_id", &form.actor_id),
            ("from", &form.from),
            ("until", &form.until)
        ])
        .unwrap_or_default()
    );
    let result = match filter_of(&query) {
        Ok(filter) => state.app.search_audit(&page.ctx, filter).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(events) => {
            let next_before_seq = if events.len() as i64 == AUDIT_PAGE {
                events.last().map(|e| e.seq)
            } else {
                None
            };
            let events = events.iter().map(AuditEventView::from).collect();
            render(&AuditPage {
                chrome: Chrome::of(&page),
                query: form,
                events,
                next_before_seq,
                next_href,
                error: None,
            })
        }
        Err(e @ AppError::Invalid { .. }) => render(&AuditPage {
            chrome: Chrome::of(&page),
            query: form,
            events: vec![],
            next_before_seq: None,
            next_href,
            error: Some(e.to_string()),
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "staff/sms.html")]
struct SmsPage {
    chrome: Chrome,
    messages: Vec<(String, String, String)>,
}

async fn sms(State(state): State<WebState>, page: PageCtx) -> Response {
    match state.app.sandbox_sms(&page.ctx, 100).await {
        Ok(list) => {
            let messages = list
                .into_iter()
                .map(|m| {
                    (
                        m.phone,
                        m.text,
                        rfc3339(fayuan_core::clock::from_micros(m.at_us)),
                    )
                })
                .collect();
            render(&SmsPage {
                chrome: Chrome::of(&page),
                messages,
            })
        }
        Err(e) => error_page(&page, e),
    }
}
