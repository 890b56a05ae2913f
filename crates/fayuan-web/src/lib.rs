//! The HTTP edge of fayuan: the JSON API under `/api/v1` (OpenAPI 3.1 at `/api/openapi.json`),
//! the server-rendered pages (portal 人民法院在线服务, staff workbench), sessions and CSRF,
//! security headers, request ids, metrics and problem+json errors. No business rules live here:
//! every handler calls one use case of `fayuan-app`.

pub mod api;
pub mod ctx;
pub mod error;
pub mod i18n;
pub mod live;
pub mod middleware;
pub mod pages;
pub mod rate_limit;
pub mod suspension;
pub mod video;

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use fayuan_app::App;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Settings of the HTTP edge.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (behind HTTPS). Off for the loopback demo.
    pub secure_cookies: bool,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
    /// Requests a minute each client address may make to the public API (`/api/v1/public/…`).
    pub public_requests_per_minute: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            max_body_bytes: 1 << 20,
            public_requests_per_minute: 120,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct WebState {
    /// The use cases.
    pub app: App,
    /// Edge settings.
    pub config: Arc<WebConfig>,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// The OpenAPI document, generated once from the handlers.
    pub openapi: Arc<utoipa::openapi::OpenApi>,
    /// The signalling relay of this process's video rooms.
    pub video: Arc<video::Hub>,
    /// The public API's per-address limit.
    pub rate_limiter: Arc<rate_limit::RateLimiter>,
}

/// The process-wide metrics recorder (installed once, shared by every router in the process).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ])
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder was installed first; the handle still renders ours.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// Builds the complete router: API, pages, static files, operational endpoints and middleware.
pub fn router(app: App, config: WebConfig) -> Router {
    let (api_router, openapi) = api::routes();
    let state = WebState {
        app,
        config: Arc::new(config.clone()),
        metrics: metrics_handle(),
        openapi: Arc::new(openapi),
        video: Arc::default(),
        rate_limiter: Arc::new(rate_limit::RateLimiter::per_minute(
            config.public_requests_per_minute,
        )),
    };
    Router::new()
        .merge(api_router)
        .merge(api::ledger::tlog::routes())
        .merge(pages::routes())
        .merge(video::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::csrf_cookie,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit_public,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            suspension::suspend_services,
        ))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::track))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(state)
}
