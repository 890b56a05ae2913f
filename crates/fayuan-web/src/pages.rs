//! Server-rendered pages: the portal 人民法院在线服务 for the public and the staff workbench.
//! Every form carries an anti-CSRF token checked by [`CsrfForm`].

pub mod accounts;
pub mod cases;
pub mod delivery;
pub mod docket;
pub mod dossier;
pub mod evidence;
pub mod filing;
pub mod hearing;
pub mod inbox;
pub mod incident;
pub mod ledger;
pub mod mediation;
pub mod portal;
pub mod process;
pub mod publication;
pub mod review;
pub mod staff;
pub mod statistics;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use fayuan_app::AppError;
use fayuan_domain::accounts::{AccountKind, Role};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::WebState;
use crate::ctx::{LANG_COOKIE, PageCtx};
use crate::error::{public_detail, status_of};
use crate::i18n::Lang;

/// The page routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/static/fayuan.css", get(stylesheet))
        .route("/static/mediation.js", get(mediation_script))
        .route("/lang/{code}", get(switch_language))
        .merge(portal::routes())
        .merge(accounts::routes())
        .merge(staff::routes())
        .merge(filing::routes())
        .merge(review::routes())
        .merge(cases::routes())
        .merge(docket::routes())
        .merge(inbox::routes())
        .merge(dossier::routes())
        .merge(evidence::routes())
        .merge(ledger::routes())
        .merge(delivery::routes())
        .merge(publication::routes())
        .merge(mediation::routes())
        .merge(hearing::routes())
        .merge(process::routes())
        .merge(statistics::routes())
        .merge(incident::routes())
}

/// What the layout needs: language, who is logged in, the CSRF token, the current path.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Language.
    pub lang: Lang,
    /// Logged-in user's name.
    pub user_name: Option<String>,
    /// Whether the user is court staff.
    pub is_staff: bool,
    /// Anti-CSRF token for forms.
    pub csrf: String,
    /// Current path.
    pub path: String,
    /// Unread inbox messages.
    pub unread: i64,
    /// (title, notice) of each incident suspending services now.
    pub incidents: Vec<(String, String)>,
}

impl Chrome {
    /// The layout data of a page request.
    pub fn of(page: &PageCtx) -> Self {
        let actor = page.ctx.actor.as_ref();
        Chrome {
            lang: page.lang,
            user_name: actor.map(|a| a.name.clone()),
            is_staff: actor.is_some_and(|a| a.kind == AccountKind::Staff),
            csrf: page.csrf.clone(),
            path: page.path.clone(),
            unread: page.unread,
            incidents: page.incidents.clone(),
        }
    }

    /// Text for `key` in the page language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The code of the other language, for the switch.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh",
        }
    }
}

/// Renders a template into an HTML response.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败").into_response()
        }
    }
}

/// A rendered page answered with `status` (a refused form re-shown with its error), or 200.
pub fn with_status(status: Option<StatusCode>, body: Response) -> Response {
    match status {
        Some(s) => (s, body).into_response(),
        None => body,
    }
}

/// A page showing one message.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// Layout.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// Message.
    pub message: String,
    /// `error`, `info` or `ok`.
    pub tone: &'static str,
    /// Link target.
    pub back_href: String,
    /// Link text.
    pub back_label: String,
}

/// An identifier from a URL path; one that does not parse is simply not found.
pub fn parse<T: std::str::FromStr>(text: &str) -> Result<T, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// The page for an application error: the login page for 401, a message page otherwise.
pub fn error_page(page: &PageCtx, error: AppError) -> Response {
    if matches!(error, AppError::Unauthenticated) {
        return Redirect::to(&format!("/login?next={}", page.path)).into_response();
    }
    let chrome = Chrome::of(page);
    let status = status_of(&error);
    let body = MessagePage {
        heading: chrome.t("error.title").to_string(),
        message: public_detail(&error),
        tone: "error",
        back_href: "/".into(),
        back_label: chrome.t("error.back").into(),
        chrome,
    };
    (status, render(&body)).into_response()
}

/// The answer to an anonymous visitor of a service page linked from the portal: a page (200)
/// asking to log in first, with a link that comes back here.
pub fn login_prompt(page: &PageCtx) -> Response {
    let chrome = Chrome::of(page);
    render(&MessagePage {
        heading: chrome.t("common.login_first").into(),
        message: chrome.t("common.login_first_text").into(),
        tone: "info",
        back_href: format!("/login?next={}", page.path),
        back_label: chrome.t("nav.login").into(),
        chrome,
    })
}

/// An instant (UTC microseconds) as China civil time, `YYYY-MM-DD HH:MM`.
pub fn china_time(micros: i64) -> String {
    let at = fayuan_core::clock::from_micros(micros).to_offset(fayuan_core::clock::CHINA_OFFSET);
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// The `?done=` query of a page shown after a successful form (post/redirect/get): a fixed code
/// the page turns into its message, never free text.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    /// What was done.
    #[serde(default)]
    pub done: String,
}

/// The 404 page (or problem+json under `/api`).
pub async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        return crate::error::problem(StatusCode::NOT_FOUND, "not_found", "接口不存在".into());
    }
    let (mut parts, _) = req.into_parts();
    let lang = Lang::from_cookie(crate::ctx::cookie(&parts, LANG_COOKIE));
    let csrf = parts
        .extensions
        .get::<crate::middleware::CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    parts.extensions.clear();
    let chrome = Chrome {
        lang,
        user_name: None,
        is_staff: false,
        csrf,
        path: parts.uri.path().to_string(),
        unread: 0,
        incidents: Vec::new(),
    };
    let body = MessagePage {
        heading: "404".into(),
        message: "页面不存在 / Page not found".into(),
        tone: "error",
        back_href: "/".into(),
        back_label: chrome.t("error.back").into(),
        chrome,
    };
    (StatusCode::NOT_FOUND, render(&body)).into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/fayuan.css"),
    )
        .into_response()
}

/// The mediation room's script: live messages and the handwritten signature pad. The pages work
/// without it.
async fn mediation_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/mediation.js"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the language cookie and returns to the page the switch was clicked on.
async fn switch_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    Query(q): Query<Back>,
) -> Response {
    let lang = if code == "en" { "en" } else { "zh" };
    // Only local paths: never redirect off-site.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={lang}; Path=/; SameSite=Lax; Max-Age=31536000"
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// A form body whose `_csrf` field must equal the session's (or, before login, the browser's)
/// anti-CSRF token, and whose `Origin`, when sent, must be this host.
pub struct CsrfForm<T> {
    /// The page context of the request.
    pub page: PageCtx,
    /// The parsed form.
    pub form: T,
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<WebState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let page = match PageCtx::from_request_parts(&mut parts, state).await {
            Ok(p) => p,
            Err(never) => match never {},
        };
        let origin_ok = same_origin(&parts.headers);
        let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
            .await
            .map_err(|_| {
                error_page(
                    &page,
                    AppError::invalid("request.too_large", "提交的内容过大"),
                )
            })?;
        let field: CsrfField = serde_urlencoded::from_bytes(&bytes).unwrap_or(CsrfField {
            csrf: String::new(),
        });
        if !origin_ok || page.csrf.is_empty() || field.csrf != page.csrf {
            let mut response = error_page(&page, AppError::Forbidden);
            *response.status_mut() = StatusCode::FORBIDDEN;
            return Err(response);
        }
        let form = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|e| {
            error_page(
                &page,
                AppError::invalid("request.invalid_form", format!("表单内容不正确：{e}")),
            )
        })?;
        Ok(CsrfForm { page, form })
    }
}

/// Whether a form post comes from this site: its `Origin`, when sent, names this host.
pub fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                == Some(host)
        }
        _ => true,
    }
}

/// Whether the page's actor holds a staff role.
pub fn has_role(page: &PageCtx, role: Role) -> bool {
    page.ctx
        .actor
        .as_ref()
        .is_some_and(|a| a.kind == AccountKind::Staff && a.has_role(role))
}
