//! Pages for registering, logging in and out, the account page, password change and reset.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::accounts::{Credentials, Registration, SessionKind};
use fayuan_core::identity::mask_identifier;
use fayuan_domain::accounts::{Account, AccountKind, Verification};
use fayuan_domain::inbox::NotifyPreferences;
use serde::Deserialize;

use super::{Chrome, CsrfForm, MessagePage, error_page, render};
use crate::WebState;
use crate::ctx::{PageCtx, SESSION_COOKIE};

/// The account routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/register", get(register_form).post(register))
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/notifications", post(set_notifications))
        .route("/account/totp", post(offer_totp))
        .route("/account/totp/confirm", post(confirm_totp))
        .route("/account/totp/disable", post(disable_totp))
        .route("/password-reset", get(reset_form).post(reset_request))
        .route("/password-reset/confirm", post(reset_confirm))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    login: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

fn local_path(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .map(str::to_string)
}

async fn login_form(page: PageCtx) -> Response {
    render(&LoginPage {
        chrome: Chrome::of(&page),
        login: String::new(),
        error: None,
        notice: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    totp: String,
    next: Option<String>,
}

async fn login(
    State(state): State<WebState>,
    Query(q): Query<Next>,
    CsrfForm { page, form }: CsrfForm<LoginForm>,
) -> Response {
    let creds = Credentials {
        login: form.login.clone(),
        password: form.password,
        totp: Some(form.totp),
    };
    match state.app.login(&page.ctx, creds, SessionKind::Cookie).await {
        Ok((account, session)) => {
            let target =
                local_path(form.next.as_deref().or(q.next.as_deref())).unwrap_or_else(|| {
                    if account.kind == AccountKind::Staff {
                        "/staff".into()
                    } else {
                        "/account".into()
                    }
                });
            let secure = if state.config.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let max_age = state.app.config.session_ttl.whole_seconds();
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
                session.token
            );
            let mut response = Redirect::to(&target).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(
            e
            @ (AppError::InvalidCredentials | AppError::TotpRequired | AppError::Throttled { .. }),
        ) => {
            let status = crate::error::status_of(&e);
            (
                status,
                render(&LoginPage {
                    chrome: Chrome::of(&page),
                    login: form.login,
                    error: Some(e.to_string()),
                    notice: None,
                }),
            )
                .into_response()
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn logout(State(state): State<WebState>, CsrfForm { page, .. }: CsrfForm<Empty>) -> Response {
    if page.ctx.actor.is_some()
        && let Err(e) = state.app.logout(&page.ctx).await
    {
        return error_page(&page, e);
    }
    let mut response = Redirect::to("/").into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The registration form's fields (kept on error so nothing typed is lost, except the password).
#[derive(Deserialize, Default)]
struct RegisterForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    uscc: String,
    #[serde(default)]
    legal_representative: String,
    #[serde(default)]
    licence_number: String,
    #[serde(default)]
    law_firm: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    form: RegisterForm,
    error: Option<String>,
    sandbox: bool,
}

async fn register_form(State(state): State<WebState>, page: PageCtx) -> Response {
    let form = RegisterForm {
        kind: "person".into(),
        ..Default::default()
    };
    render(&RegisterPage {
        chrome: Chrome::of(&page),
        form,
        error: None,
        sandbox: state.app.identity.is_sandbox(),
    })
}

fn some(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

async fn register(
    State(state): State<WebState>,
    CsrfForm { page, mut form }: CsrfForm<RegisterForm>,
) -> Response {
    let Some(kind) = AccountKind::parse(&form.kind).filter(|k| *k != AccountKind::Staff) else {
        return error_page(
            &page,
            AppError::invalid("accounts.invalid_kind", "账号类型不正确"),
        );
    };
    let registration = Registration {
        kind,
        name: form.name.clone(),
        id_number: some(&form.id_number),
        uscc: some(&form.uscc),
        legal_representative: some(&form.legal_representative),
        licence_number: some(&form.licence_number),
        law_firm: some(&form.law_firm),
        phone: form.phone.clone(),
        email: some(&form.email),
        password: std::mem::take(&mut form.password),
    };
    match state.app.register(&page.ctx, registration).await {
        Ok(account) => {
            let chrome = Chrome::of(&page);
            let message = match account.verification {
                Verification::Verified => format!(
                    "注册成功，实名认证已通过（{}）。请登录。",
                    account.verification_note
                ),
                _ => format!(
                    "注册成功，但实名认证未通过（{}）。可登录查看，完成认证前不能在线立案。",
                    account.verification_note
                ),
            };
            render(&MessagePage {
                heading: "注册成功".into(),
                message,
                tone: "ok",
                back_href: "/login".into(),
                back_label: chrome.t("nav.login").into(),
                chrome,
            })
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let status = crate::error::status_of(&e);
            let sandbox = state.app.identity.is_sandbox();
            (
                status,
                render(&RegisterPage {
                    chrome: Chrome::of(&page),
                    form,
                    error: Some(e.to_string()),
                    sandbox,
                }),
            )
                .into_response()
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    account: Account,
    id_masked: Option<String>,
    verified: bool,
    totp_enabled: bool,
    is_staff: bool,
    totp_offer: Option<(String, String)>,
    /// How new inbox messages are announced.
    preferences: NotifyPreferences,
    error: Option<String>,
    notice: Option<String>,
}

/// What the account page shows besides the account.
#[derive(Default)]
struct AccountExtras {
    error: Option<String>,
    notice: Option<String>,
    totp_offer: Option<(String, String)>,
}

async fn show_account(state: &WebState, page: &PageCtx, extras: AccountExtras) -> Response {
    let preferences = state
        .app
        .notify_preferences(&page.ctx)
        .await
        .unwrap_or_default();
    match state.app.me(&page.ctx).await {
        Ok(account) => render(&AccountPage {
            preferences,
            chrome: Chrome::of(page),
            id_masked: account.id_number.as_deref().map(mask_identifier),
            verified: account.verification == Verification::Verified,
            totp_enabled: account.totp_secret.is_some(),
            is_staff: account.kind == AccountKind::Staff,
            account,
            totp_offer: extras.totp_offer,
            error: extras.error,
            notice: extras.notice,
        }),
        Err(e) => error_page(page, e),
    }
}

/// Re-shows the account page after a form: the message of a rule violation, or `done`.
async fn after_account_form(
    state: &WebState,
    page: &PageCtx,
    result: Result<(), AppError>,
    done: &str,
) -> Response {
    match result {
        Ok(()) => {
            show_account(
                state,
                page,
                AccountExtras {
                    notice: Some(done.to_string()),
                    ..Default::default()
                },
            )
            .await
        }
        Err(e @ AppError::Invalid { .. }) => {
            show_account(
                state,
                page,
                AccountExtras {
                    error: Some(e.to_string()),
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct NotificationsForm {
    #[serde(default)]
    by_sms: Option<String>,
    #[serde(default)]
    by_email: Option<String>,
}

async fn set_notifications(
    State(state): State<WebState>,
    f: CsrfForm<NotificationsForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let preferences = NotifyPreferences {
        by_sms: form.by_sms.is_some(),
        by_email: form.by_email.is_some(),
    };
    let result = state
        .app
        .set_notify_preferences(&page.ctx, preferences)
        .await;
    after_account_form(
        &state,
        &page,
        result,
        page.lang.t("account.notifications_saved"),
    )
    .await
}

async fn account(State(state): State<WebState>, page: PageCtx) -> Response {
    show_account(&state, &page, AccountExtras::default()).await
}

async fn offer_totp(
    State(state): State<WebState>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    match state.app.offer_totp(&page.ctx).await {
        Ok(offer) => {
            show_account(
                &state,
                &page,
                AccountExtras {
                    totp_offer: Some((offer.secret_base32, offer.uri)),
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct TotpConfirmForm {
    secret: String,
    code: String,
}

async fn confirm_totp(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<TotpConfirmForm>,
) -> Response {
    let result = state
        .app
        .enable_totp(&page.ctx, &form.secret, &form.code)
        .await;
    after_account_form(&state, &page, result, "动态验证码已启用").await
}

#[derive(Deserialize)]
struct TotpDisableForm {
    password: String,
}

async fn disable_totp(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<TotpDisableForm>,
) -> Response {
    let result = state.app.disable_totp(&page.ctx, form.password).await;
    after_account_form(&state, &page, result, "动态验证码已停用").await
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<PasswordForm>,
) -> Response {
    match state
        .app
        .change_password(&page.ctx, form.current_password, form.new_password)
        .await
    {
        Ok(()) => {
            let chrome = Chrome::of(&page);
            render(&LoginPage {
                chrome,
                login: String::new(),
                error: None,
                notice: Some("密码已修改，请重新登录。".into()),
            })
        }
        Err(e @ AppError::Invalid { .. }) => {
            show_account(
                &state,
                &page,
                AccountExtras {
                    error: Some(e.to_string()),
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    chrome: Chrome,
    login: String,
    error: Option<String>,
    notice: Option<String>,
}

async fn reset_form(page: PageCtx) -> Response {
    render(&ResetPage {
        chrome: Chrome::of(&page),
        login: String::new(),
        error: None,
        notice: None,
    })
}

#[derive(Deserialize)]
struct ResetRequestForm {
    login: String,
}

async fn reset_request(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<ResetRequestForm>,
) -> Response {
    match state
        .app
        .request_password_reset(&page.ctx, &form.login)
        .await
    {
        Ok(()) => {
            let chrome = Chrome::of(&page);
            let notice = Some(chrome.t("reset.sent").to_string());
            render(&ResetPage {
                chrome,
                login: form.login,
                error: None,
                notice,
            })
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct ResetConfirmForm {
    login: String,
    code: String,
    new_password: String,
}

async fn reset_confirm(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<ResetConfirmForm>,
) -> Response {
    match state
        .app
        .confirm_password_reset(&page.ctx, &form.login, &form.code, form.new_password)
        .await
    {
        Ok(()) => {
            let chrome = Chrome::of(&page);
            let notice = Some(chrome.t("reset.done").to_string());
            render(&LoginPage {
                chrome,
                login: form.login,
                error: None,
                notice,
            })
        }
        Err(e @ AppError::Invalid { .. }) => {
            let status = crate::error::status_of(&e);
            (
                status,
                render(&ResetPage {
                    chrome: Chrome::of(&page),
                    login: form.login,
                    error: Some(e.to_string()),
                    notice: None,
                }),
            )
                .into_response()
        }
        Err(e) => error_page(&page, e),
    }
}
