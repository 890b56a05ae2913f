//! Errors at the edge: every failure of the API becomes an RFC 9457 `application/problem+json`
//! body with a stable `code`; pages show a readable error page instead. Internal details are
//! logged with the request id, never sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fayuan_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` plus the code).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Human-readable explanation (Chinese).
    pub detail: String,
    /// Stable machine-readable code, e.g. `identity.checksum`.
    pub code: String,
}

/// An API error: renders as problem+json.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

/// The HTTP status for an application error.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated | AppError::InvalidCredentials | AppError::TotpRequired => {
            StatusCode::UNAUTHORIZED
        }
        AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The text shown to the client: internal errors are never described.
pub fn public_detail(e: &AppError) -> String {
    match e {
        AppError::Internal(detail) => {
            tracing::error!(error = %detail, "internal error");
            "服务器内部错误，请稍后重试".to_string()
        }
        other => other.to_string(),
    }
}

/// A problem+json response.
pub fn problem(status: StatusCode, code: &str, detail: String) -> Response {
    let body = Problem {
        kind: format!("https://fayuan.invalid/problems/{code}"),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail,
        code: code.to_string(),
    };
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let mut response = problem(status, self.0.code(), public_detail(&self.0));
        if let AppError::Throttled { retry_after_secs } = self.0
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
