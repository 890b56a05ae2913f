//! Who is calling: the request context built from the bearer token (API) or the session cookie
//! (pages), with the request id and client address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use fayuan_app::Ctx;
use fayuan_core::id::RequestId;

use crate::WebState;
use crate::error::ApiError;

/// Cookie carrying the page session token.
pub const SESSION_COOKIE: &str = "fy_session";
/// Cookie carrying the anonymous anti-CSRF token (double submit before login).
pub const CSRF_COOKIE: &str = "fy_csrf";
/// Cookie carrying the chosen language.
pub const LANG_COOKIE: &str = "fy_lang";

/// The value of cookie `name` in the request, if any.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The request id assigned by the tracking middleware.
pub fn request_id(parts: &Parts) -> RequestId {
    parts
        .extensions
        .get::<RequestId>()
        .copied()
        .unwrap_or_default()
}

/// The client's address (from the connection; `unknown` in in-process tests).
pub fn client_addr(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// The context of an API request, authenticated by `Authorization: Bearer <token>` when given.
#[derive(Debug, Clone)]
pub struct ApiCtx(pub Ctx);

impl FromRequestParts<WebState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let mut ctx = Ctx::anonymous(client_addr(parts));
        ctx.request_id = request_id(parts);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(token) = token {
            ctx.actor = state.app.actor_for_token(token).await?;
            if ctx.actor.is_none() {
                return Err(ApiError(fayuan_app::AppError::Unauthenticated));
            }
        }
        Ok(ApiCtx(ctx))
    }
}

/// The context of a page request, authenticated by the session cookie when present, with the
/// anti-CSRF token forms must echo.
#[derive(Debug, Clone)]
pub struct PageCtx {
    /// The use-case context.
    pub ctx: Ctx,
    /// The token to put in forms' `_csrf` field.
    pub csrf: String,
    /// Language.
    pub lang: crate::i18n::Lang,
    /// Path of the page (for the language switch to come back to).
    pub path: String,
    /// Unread inbox messages of the logged-in user (shown in the navigation).
    pub unread: i64,
    /// (title, notice) of each incident suspending services now (the banner of every page).
    pub incidents: Vec<(String, String)>,
}

impl FromRequestParts<WebState> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let mut ctx = Ctx::anonymous(client_addr(parts));
        ctx.request_id = request_id(parts);
        if let Some(token) = cookie(parts, SESSION_COOKIE) {
            ctx.actor = state.app.actor_for_token(token).await.unwrap_or(None);
        }
        let csrf = match &ctx.actor {
            Some(actor) => actor.csrf_token.clone(),
            None => parts
                .extensions
                .get::<crate::middleware::CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
        };
        let lang = crate::i18n::Lang::from_cookie(cookie(parts, LANG_COOKIE));
        // A failed count only hides the badge; the page itself still renders.
        let unread = state.app.unread_count(&ctx).await.unwrap_or(0);
        let incidents = state
            .app
            .active_incidents()
            .iter()
            .map(|i| (i.title.clone(), i.notice.clone()))
            .collect();
        Ok(PageCtx {
            unread,
            incidents,
            ctx,
            csrf,
            lang,
            path: parts.uri.path().to_string(),
        })
    }
}
