//! The transparency-log wire formats at `/ledger/…`: the latest checkpoint and the tiles
//! (C2SP tlog-tiles), and `add-checkpoint` of the witness protocol (C2SP tlog-witness). They
//! speak the ecosystem's text and binary formats, not JSON, so tools written for any tlog work.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::ledger::WitnessOutcome;
use fayuan_ledger::{TilePath, parse_tile_path};

use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, problem};

/// Largest `add-checkpoint` body accepted (a checkpoint, signatures and 63 proof lines).
const MAX_WITNESS_BODY: usize = 64 * 1024;

/// The tlog routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/ledger/checkpoint", get(checkpoint))
        .route("/ledger/tile/{*path}", get(tile))
        .route("/ledger/add-checkpoint", post(add_checkpoint))
}

/// The latest checkpoint as a signed note (`text/plain`), never cached.
async fn checkpoint(State(s): State<WebState>) -> Result<Response, ApiError> {
    let c = s.app.latest_checkpoint().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        c.note,
    )
        .into_response())
}

/// A hash tile or an entry bundle. Full tiles never change and may be cached for ever.
async fn tile(State(s): State<WebState>, Path(path): Path<String>) -> Result<Response, ApiError> {
    let parsed =
        parse_tile_path(&format!("tile/{path}")).map_err(|_| ApiError(AppError::NotFound))?;
    let bytes = s.app.ledger_tile(&parsed).await?;
    let full = match parsed {
        TilePath::Hashes(t) | TilePath::Entries(t) => t.width == fayuan_ledger::TILE_WIDTH,
    };
    let cache = if full {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// `add-checkpoint` (tlog-witness): 200 with cosignature lines, 409 `text/x.tlog.size` with the
/// size last cosigned, 404 unknown log, 403 bad signature, 400 malformed, 422 bad proof.
async fn add_checkpoint(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    body: axum::body::Bytes,
) -> Response {
    if body.len() > MAX_WITNESS_BODY {
        return problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.too_large",
            "请求过大".into(),
        );
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "ledger.witness_syntax",
            "请求不是UTF-8文本".into(),
        );
    };
    match s.app.witness_add_checkpoint(&ctx, text).await {
        Ok(WitnessOutcome::Cosigned(lines)) => {
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], lines).into_response()
        }
        Ok(WitnessOutcome::SizeMismatch(size)) => (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, "text/x.tlog.size")],
            format!("{size}\n"),
        )
            .into_response(),
        Err(e @ AppError::Invalid { code, .. })
            if code == "ledger.witness_syntax" || code == "ledger.witness_old_size" =>
        {
            problem(StatusCode::BAD_REQUEST, code, e.to_string())
        }
        Err(e) => ApiError(e).into_response(),
    }
}
