//! `/api/v1/ledger/…`: the evidence ledger's public API (Rules arts. 21, 23: 存证核验) —
//! checkpoints, entries, receipts, proofs and lookups. Open to everyone; nothing here reveals
//! more than the log publishes. The tlog-tiles and witness endpoints are in [`tlog`].

pub mod tlog;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fayuan_app::AppError;
use fayuan_app::ledger::{Found, Lookup, LookupQuery, Receipt, ReceiptCheck};
use fayuan_core::clock::from_micros;
use fayuan_core::digest::ContentHasher;
use fayuan_domain::ledger::{StoredCheckpoint, StoredLeaf};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiQuery, rfc3339};
use crate::WebState;
use crate::error::{ApiError, Problem};

/// The log: its identity, keys and latest checkpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerInfo {
    /// Origin line (and key name).
    pub origin: String,
    /// Tree hash: `sha256` or `sm3`.
    pub alg: String,
    /// Checkpoint verifier keys (C2SP `name+hexid+base64`): Ed25519 and SM2.
    pub verifier_keys: Vec<String>,
    /// This installation's witness key, if it witnesses peer logs.
    pub witness_key: Option<String>,
    /// The latest checkpoint (none until the sequencer first runs, at start-up).
    pub checkpoint: Option<CheckpointView>,
}

/// A signed checkpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointView {
    /// Tree size.
    pub size: i64,
    /// Root hash, hex.
    pub root: String,
    /// The signed note (C2SP tlog-checkpoint).
    pub note: String,
    /// Signed at (RFC 3339).
    pub signed_at: String,
}

impl From<StoredCheckpoint> for CheckpointView {
    fn from(c: StoredCheckpoint) -> Self {
        Self {
            size: c.size,
            root: c.root,
            note: c.note,
            signed_at: rfc3339(from_micros(c.created_at_us)),
        }
    }
}

/// An entry of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    /// Index (存证编号).
    pub index: i64,
    /// Kind (`material_deposited`, `case_docketed`, …).
    pub kind: String,
    /// Kind in Chinese.
    pub kind_label: String,
    /// The leaf data: canonical JSON of {at, kind, sha256, sm3, subjects}.
    pub entry: String,
    /// RFC 6962 leaf hash, hex.
    pub leaf_hash: String,
    /// SHA-256 of the deposited content (empty when none).
    pub content_sha256: String,
    /// Deposited at (RFC 3339).
    pub deposited_at: String,
    /// Where to download its receipt.
    pub receipt_url: String,
}

impl From<&StoredLeaf> for EntryView {
    fn from(l: &StoredLeaf) -> Self {
        Self {
            index: l.index,
            kind: l.kind.as_str().into(),
            kind_label: l.kind.label().into(),
            entry: l.entry.clone(),
            leaf_hash: l.leaf_hash.clone(),
            content_sha256: l.content_sha256.clone(),
            deposited_at: rfc3339(from_micros(l.created_at_us)),
            receipt_url: format!("/api/v1/ledger/entries/{}/receipt", l.index),
        }
    }
}

/// The log's identity and latest checkpoint.
#[utoipa::path(get, path = "/api/v1/ledger", tag = "ledger",
    responses((status = 200, body = LedgerInfo)))]
pub async fn info(State(s): State<WebState>) -> Result<Json<LedgerInfo>, ApiError> {
    let checkpoint = match s.app.latest_checkpoint().await {
        Ok(c) => Some(c.into()),
        Err(AppError::Conflict { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    Ok(Json(LedgerInfo {
        origin: s.app.ledger.origin.clone(),
        alg: s.app.ledger.alg.as_str().into(),
        verifier_keys: s.app.ledger.verifier_keys.clone(),
        witness_key: s.app.ledger.witness_key(),
        checkpoint,
    }))
}

/// A page of the checkpoint history.
#[derive(Debug, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// Only checkpoints of a size below this.
    pub before: Option<u64>,
    /// How many (1–200, default 50).
    pub limit: Option<i64>,
}

/// Every checkpoint ever signed, newest first.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoints", tag = "ledger", params(HistoryQuery),
    responses((status = 200, body = Vec<CheckpointView>), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn checkpoints(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<CheckpointView>>, ApiError> {
    let list = s
        .app
        .checkpoint_history(q.before, q.limit.unwrap_or(50))
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The checkpoint of one tree size.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoints/{size}", tag = "ledger",
    params(("size" = u64, Path, description = "Tree size")),
    responses((status = 200, body = CheckpointView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn checkpoint(
    State(s): State<WebState>,
    Path(size): Path<String>,
) -> Result<Json<CheckpointView>, ApiError> {
    Ok(Json(s.app.checkpoint_of_size(number(&size)?).await?.into()))
}

fn number(text: &str) -> Result<u64, ApiError> {
    text.parse()
        .map_err(|_| ApiError(AppError::invalid("ledger.number", "应为非负整数。")))
}

/// One entry.
#[utoipa::path(get, path = "/api/v1/ledger/entries/{index}", tag = "ledger",
    params(("index" = u64, Path, description = "Entry index")),
    responses((status = 200, body = EntryView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn entry(
    State(s): State<WebState>,
    Path(index): Path<String>,
) -> Result<Json<EntryView>, ApiError> {
    Ok(Json(EntryView::from(
        &s.app.ledger_leaf(number(&index)?).await?,
    )))
}

/// A receipt file for one entry, proven against the latest checkpoint; verify it offline with
/// `fayuan ledger verify-receipt`. 409 `ledger.pending` until a checkpoint covers the entry.
#[utoipa::path(get, path = "/api/v1/ledger/entries/{index}/receipt", tag = "ledger",
    params(("index" = u64, Path, description = "Entry index")),
    responses((status = 200, description = "The receipt (JSON)", content_type = "application/json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn receipt(
    State(s): State<WebState>,
    Path(index): Path<String>,
) -> Result<Response, ApiError> {
    let index = number(&index)?;
    let receipt = s.app.receipt(index).await?;
    let disposition = format!("attachment; filename=\"receipt-{index}.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(receipt)).into_response())
}

/// Which inclusion proof.
#[derive(Debug, Deserialize, IntoParams)]
pub struct InclusionQuery {
    /// The entry's index …
    pub index: Option<u64>,
    /// … or its leaf hash (hex).
    pub hash: Option<String>,
    /// Tree size (default: the latest checkpoint's).
    pub size: Option<u64>,
}

/// An inclusion proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct InclusionView {
    /// Entry index.
    pub index: u64,
    /// Tree size.
    pub size: u64,
    /// Proof hashes, hex, from the leaf up.
    pub proof: Vec<String>,
}

/// The inclusion proof of an entry (RFC 9162 §2.1.3).
#[utoipa::path(get, path = "/api/v1/ledger/proofs/inclusion", tag = "ledger", params(InclusionQuery),
    responses((status = 200, body = InclusionView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn inclusion(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> Result<Json<InclusionView>, ApiError> {
    let index = match (q.index, &q.hash) {
        (Some(index), None) => index,
        (None, Some(hash)) => {
            let found = s
                .app
                .lookup_ledger(&LookupQuery::Hash(hash.clone()))
                .await?;
            let leaf = found
                .found
                .iter()
                .map(|f| &f.leaf)
                .chain(&found.pending)
                .find(|l| l.leaf_hash == hash.trim().to_ascii_lowercase())
                .ok_or(AppError::NotFound)?;
            leaf.index as u64
        }
        _ => {
            return Err(ApiError(AppError::invalid(
                "ledger.index_or_hash",
                "请给出 index 或 hash 之一。",
            )));
        }
    };
    let (size, proof) = s.app.inclusion_proof(index, q.size).await?;
    Ok(Json(InclusionView {
        index,
        size,
        proof: proof.iter().map(hex::encode).collect(),
    }))
}

/// Which consistency proof.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ConsistencyQuery {
    /// Older size (at least 1).
    pub size1: u64,
    /// Newer size.
    pub size2: u64,
}

/// A consistency proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyView {
    /// Older size.
    pub size1: u64,
    /// Newer size.
    pub size2: u64,
    /// Proof hashes, hex.
    pub proof: Vec<String>,
}

/// The consistency proof between two tree sizes (RFC 9162 §2.1.4).
#[utoipa::path(get, path = "/api/v1/ledger/proofs/consistency", tag = "ledger", params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn consistency(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<Json<ConsistencyView>, ApiError> {
    let proof = s.app.consistency_proof(q.size1, q.size2).await?;
    Ok(Json(ConsistencyView {
        size1: q.size1,
        size2: q.size2,
        proof: proof.iter().map(hex::encode).collect(),
    }))
}

/// What to look up: a hash or a receipt.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LookupRequest {
    /// A file's SHA-256 or an entry's leaf hash, hex.
    pub hash: Option<String>,
    /// A receipt file's JSON.
    pub receipt: Option<serde_json::Value>,
}

/// An entry found, with the checkpoint its inclusion was proven in.
#[derive(Debug, Serialize, ToSchema)]
pub struct FoundView {
    /// The entry.
    pub entry: EntryView,
    /// The inclusion proof against the checkpoint of this size verified on the server.
    pub proven_in: u64,
}

/// The answer to a lookup.
#[derive(Debug, Serialize, ToSchema)]
pub struct LookupView {
    /// Entries found and proven (empty: never deposited here).
    pub found: Vec<FoundView>,
    /// Entries deposited but not yet covered by a checkpoint.
    pub pending: Vec<EntryView>,
    /// For a receipt: what it proves.
    #[schema(value_type = Option<Object>)]
    pub receipt: Option<ReceiptCheck>,
}

impl From<Lookup> for LookupView {
    fn from(l: Lookup) -> Self {
        Self {
            found: l
                .found
                .iter()
                .map(|Found { leaf, proven_in }| FoundView {
                    entry: leaf.into(),
                    proven_in: *proven_in,
                })
                .collect(),
            pending: l.pending.iter().map(Into::into).collect(),
            receipt: l.receipt,
        }
    }
}

/// Looks up a hash or checks a receipt: whether, when and under which entry it was deposited.
#[utoipa::path(post, path = "/api/v1/ledger/lookup", tag = "ledger", request_body = LookupRequest,
    responses((status = 200, body = LookupView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn lookup(
    State(s): State<WebState>,
    ApiJson(req): ApiJson<LookupRequest>,
) -> Result<Json<LookupView>, ApiError> {
    let query = match (req.hash, req.receipt) {
        (Some(hash), None) => LookupQuery::Hash(hash),
        (None, Some(receipt)) => LookupQuery::Receipt(receipt.to_string()),
        _ => {
            return Err(ApiError(AppError::invalid(
                "ledger.hash_or_receipt",
                "请给出 hash 或 receipt 之一。",
            )));
        }
    };
    Ok(Json(s.app.lookup_ledger(&query).await?.into()))
}

/// Looks up a file (the raw request body, hashed as it arrives and not kept).
#[utoipa::path(post, path = "/api/v1/ledger/lookup/file", tag = "ledger",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses((status = 200, body = LookupView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn lookup_file(
    State(s): State<WebState>,
    body: Body,
) -> Result<Json<LookupView>, ApiError> {
    let limit = s.app.config.uploads.max_file_bytes;
    let mut hasher = ContentHasher::default();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            AppError::invalid("dossier.upload_interrupted", "上传中断，请重新上传。")
        })?;
        hasher.update(&chunk);
        if hasher.len() > limit {
            return Err(ApiError(AppError::invalid(
                "dossier.file_too_large",
                "文件超过大小上限。",
            )));
        }
    }
    let (hash, _) = hasher.finish();
    Ok(Json(
        s.app
            .lookup_ledger(&LookupQuery::Content(hash))
            .await?
            .into(),
    ))
}

/// Verifies a receipt against this court's keys (the same check as the offline CLI).
#[utoipa::path(post, path = "/api/v1/ledger/receipts/verify", tag = "ledger",
    request_body(content = Object, description = "The receipt file's JSON"),
    responses((status = 200, body = Object), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn verify_receipt(
    State(s): State<WebState>,
    ApiJson(receipt): ApiJson<serde_json::Value>,
) -> Result<Json<ReceiptCheck>, ApiError> {
    let receipt = Receipt::parse(&receipt.to_string())?;
    Ok(Json(receipt.verify(&s.app.ledger.verifier_keys, None)?))
}
