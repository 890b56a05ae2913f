//! `/api/v1/…/materials`, `/dossier`, `/reading-requests`, `/participants`: the electronic
//! dossier (Rules arts. 19–24, 33). Files are sent as the raw request body (streamed to disk,
//! never buffered), their metadata in the query string.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fayuan_app::dossier::staging::{StagedFile, StagedUpload};
use fayuan_app::dossier::{Destination, DossierView, MaterialDraft, MaterialEdit, VolumeManifest};
use fayuan_app::evidence::EvidenceMeta;
use fayuan_app::{AppError, Ctx};
use fayuan_core::id::{CaseId, FilingId, MaterialId, ReadingRequestId};
use fayuan_domain::docket::Capacity;
use fayuan_domain::dossier::{Material, MaterialKind, ReadingPurpose, ReadingRequest, Volume};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::court::parse_field;
use super::{ApiJson, ApiQuery, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A material of the dossier.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaterialView {
    /// Id.
    pub id: String,
    /// Kind (`complaint`, `evidence`, …).
    pub kind: String,
    /// Title.
    pub title: String,
    /// `main` (正卷) or `confidential` (副卷).
    pub volume: String,
    /// Place in the volume's catalogue.
    pub position: i64,
    /// Format (`pdf`, `jpeg`, …).
    pub format: String,
    /// The submitter's file name.
    pub file_name: String,
    /// Bytes.
    pub size_bytes: i64,
    /// Pages.
    pub pages: i64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// SM3 of the file.
    pub sm3: String,
    /// `online` or `offline` (scanned paper).
    pub channel: String,
    /// For paper: the party it was handed in for.
    pub on_behalf_of: String,
    /// Submitted (RFC 3339).
    pub submitted_at: String,
    /// Where to fetch the file.
    pub content_url: String,
    /// The evidence item listing it, when it was submitted with evidence metadata.
    pub evidence_item_id: Option<String>,
    /// Its entry in the evidence ledger (存证编号); the receipt is at `receipt_url`.
    pub ledger_index: Option<i64>,
    /// Where to download the ledger receipt (a second after submission).
    pub receipt_url: Option<String>,
}

impl From<&Material> for MaterialView {
    fn from(m: &Material) -> Self {
        MaterialView {
            id: m.id.to_string(),
            kind: m.kind.as_str().into(),
            title: m.title.clone(),
            volume: m.volume.as_str().into(),
            position: m.position,
            format: m.format.as_str().into(),
            file_name: m.file_name.clone(),
            size_bytes: m.size_bytes,
            pages: m.pages,
            sha256: m.sha256.clone(),
            sm3: m.sm3.clone(),
            channel: m.channel.as_str().into(),
            on_behalf_of: m.on_behalf_of.clone(),
            submitted_at: rfc3339(fayuan_core::clock::from_micros(m.submitted_at_us)),
            content_url: format!("/api/v1/materials/{}/content", m.id),
            evidence_item_id: None,
            ledger_index: m.ledger_index,
            receipt_url: m
                .ledger_index
                .map(|i| format!("/api/v1/ledger/entries/{i}/receipt")),
        }
    }
}

/// One catalogue line.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogueLine {
    /// Number in the volume.
    pub number: usize,
    /// First page.
    pub first_page: i64,
    /// Last page.
    pub last_page: i64,
    /// The material.
    pub material: MaterialView,
}

/// A volume as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierBody {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// `main` or `confidential`.
    pub volume: String,
    /// The visible catalogue lines.
    pub catalogue: Vec<CatalogueLine>,
    /// For a litigant with an approved reading application: until when (RFC 3339).
    pub reading_until: Option<String>,
}

impl From<&DossierView> for DossierBody {
    fn from(v: &DossierView) -> Self {
        DossierBody {
            case_id: v.case.id.to_string(),
            case_number: v.case.case_number.clone(),
            volume: v.volume.as_str().into(),
            catalogue: v
                .entries
                .iter()
                .map(|(m, line)| CatalogueLine {
                    number: line.number,
                    first_page: line.first_page,
                    last_page: line.last_page,
                    material: MaterialView::from(m),
                })
                .collect(),
            reading_until: v
                .reading_until_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
        }
    }
}

/// Metadata of an upload.
#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// Kind: complaint, identity_proof, power_of_attorney, application, evidence, defence,
    /// agent_statement, other (staff also: court_record, court_document, trial_report,
    /// deliberation, internal_opinion, approval).
    pub kind: String,
    /// Title for the catalogue.
    pub title: Option<String>,
    /// The file's name (its extension must match the content).
    pub file_name: String,
    /// Scans of paper: the party who handed it in.
    pub on_behalf_of: Option<String>,
    /// Evidence submitted by a party to a case: what it is to prove (证明目的). When given, the
    /// file is also listed as an item of the party's evidence list (`kind` must be `evidence`).
    pub evidence_purpose: Option<String>,
    /// Evidence: where it comes from (来源).
    pub evidence_source: Option<String>,
    /// Evidence: pages, e.g. 1-3.
    pub evidence_pages: Option<String>,
}

/// Which volume.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VolumeQuery {
    /// `main` (default) or `confidential`.
    pub volume: Option<String>,
}

fn volume_of(q: &VolumeQuery) -> Result<Volume, ApiError> {
    match q.volume.as_deref() {
        None => Ok(Volume::Main),
        Some(v) => parse_field(v, Volume::parse, "dossier.invalid_volume"),
    }
}

/// Parses an id from a path; a malformed one is simply not found.
pub(crate) fn id<T: std::str::FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError(AppError::NotFound))
}

/// Streams a request body into a staging file, within the upload limit.
pub async fn stage_body(s: &WebState, file_name: &str, body: Body) -> Result<StagedFile, AppError> {
    let config = &s.app.config;
    let mut upload = StagedUpload::create(
        &config.staging_dir,
        file_name,
        config.uploads.max_file_bytes,
    )
    .await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            AppError::invalid("dossier.upload_interrupted", "上传中断，请重新上传。")
        })?;
        upload.write(&chunk).await?;
    }
    upload.finish().await
}

async fn upload(
    s: &WebState,
    ctx: &Ctx,
    to: Destination,
    q: &UploadQuery,
    body: Body,
) -> Result<Material, ApiError> {
    let kind = parse_field(&q.kind, MaterialKind::parse, "dossier.invalid_kind")?;
    let staged = stage_body(s, &q.file_name, body).await?;
    let draft = MaterialDraft {
        kind,
        title: q.title.clone().unwrap_or_default(),
    };
    Ok(s.app.submit_material(ctx, to, draft, staged).await?)
}

/// Submits a file to a case (Rules art. 19); it is filed in the catalogue of its volume.
#[utoipa::path(post, path = "/api/v1/cases/{id}/materials", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses((status = 201, body = MaterialView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn submit_to_case(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Body,
) -> Result<Response, ApiError> {
    let case: CaseId = id(&case)?;
    let Some(purpose) = q.evidence_purpose.clone() else {
        let material = upload(&s, &ctx, Destination::Case(case), &q, body).await?;
        return Ok(created(MaterialView::from(&material)));
    };
    if q.kind != MaterialKind::Evidence.as_str() {
        return Err(ApiError(AppError::invalid(
            "evidence.kind",
            "附证据说明的材料类型应为“证据”。",
        )));
    }
    let staged = stage_body(&s, &q.file_name, body).await?;
    let meta = EvidenceMeta {
        source: q.evidence_source.clone().unwrap_or_default(),
        purpose,
        pages: q.evidence_pages.clone().unwrap_or_default(),
    };
    let title = q.title.clone().unwrap_or_default();
    let (material, item) = s
        .app
        .submit_evidence_file(&ctx, case, &title, staged, meta)
        .await?;
    Ok(created(MaterialView {
        evidence_item_id: Some(item.id.to_string()),
        ..MaterialView::from(&material)
    }))
}

/// Submits a file with a filing application not yet docketed.
#[utoipa::path(post, path = "/api/v1/filings/{id}/materials", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses((status = 201, body = MaterialView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn submit_to_filing(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(filing): Path<String>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Body,
) -> Result<Response, ApiError> {
    let filing: FilingId = id(&filing)?;
    let material = upload(&s, &ctx, Destination::Filing(filing), &q, body).await?;
    Ok(created(MaterialView::from(&material)))
}

/// Materials submitted with a filing.
#[utoipa::path(get, path = "/api/v1/filings/{id}/materials", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id")),
    responses((status = 200, body = Vec<MaterialView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn filing_materials(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(filing): Path<String>,
) -> Result<Json<Vec<MaterialView>>, ApiError> {
    let filing: FilingId = id(&filing)?;
    let materials = s.app.filing_materials(&ctx, filing).await?;
    Ok(Json(materials.iter().map(MaterialView::from).collect()))
}

/// A clerk files a scan of paper handed in by a party (线下提交, Rules art. 20 ¶2).
#[utoipa::path(post, path = "/api/v1/cases/{id}/scans", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The scan"),
    responses((status = 201, body = MaterialView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn scan(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Body,
) -> Result<Response, ApiError> {
    let case: CaseId = id(&case)?;
    let kind = parse_field(&q.kind, MaterialKind::parse, "dossier.invalid_kind")?;
    let staged = stage_body(&s, &q.file_name, body).await?;
    let draft = MaterialDraft {
        kind,
        title: q.title.clone().unwrap_or_default(),
    };
    let material = s
        .app
        .scan_paper(
            &ctx,
            case,
            draft,
            q.on_behalf_of.as_deref().unwrap_or(""),
            staged,
        )
        .await?;
    Ok(created(MaterialView::from(&material)))
}

/// A volume's catalogue as the caller may see it; the confidential volume is 404 to anyone
/// who may not read it.
#[utoipa::path(get, path = "/api/v1/cases/{id}/dossier", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), VolumeQuery),
    responses((status = 200, body = DossierBody), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn dossier(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<VolumeQuery>,
) -> Result<Json<DossierBody>, ApiError> {
    let case: CaseId = id(&case)?;
    let view = s.app.dossier(&ctx, case, volume_of(&q)?).await?;
    Ok(Json(DossierBody::from(&view)))
}

/// A material's file: the original for staff, a watermarked PDF for parties and lawyers.
#[utoipa::path(get, path = "/api/v1/materials/{id}/content", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Material id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn content(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(material): Path<String>,
) -> Result<Response, ApiError> {
    let material: MaterialId = id(&material)?;
    Ok(content_response(
        s.app.material_content(&ctx, material).await?,
    ))
}

/// The HTTP response carrying a material's file, shown inline; an original is streamed from
/// the blob store chunk by chunk.
pub fn content_response(c: fayuan_app::dossier::MaterialContent) -> Response {
    use fayuan_app::dossier::ContentBody;
    let disposition = format!(
        "inline; filename=\"material\"; filename*=UTF-8''{}",
        percent_encode(&c.file_name)
    );
    let headers = [
        (header::CONTENT_TYPE, c.media_type.to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    match c.body {
        ContentBody::Rendered(bytes) => (headers, bytes).into_response(),
        ContentBody::Original(reader) => {
            let length = reader.size();
            let chunks = futures_util::stream::unfold(reader, |mut reader| async move {
                match reader.next_chunk().await {
                    Ok(Some(chunk)) => Some((Ok(axum::body::Bytes::from(chunk)), reader)),
                    Ok(None) => None,
                    Err(e) => Some((Err(std::io::Error::other(e.to_string())), reader)),
                }
            });
            (
                headers,
                [(header::CONTENT_LENGTH, length.to_string())],
                Body::from_stream(chunks),
            )
                .into_response()
        }
    }
}

/// RFC 5987 percent-encoding of a file name.
fn percent_encode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Changes to a catalogue line.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditBody {
    /// New title.
    pub title: Option<String>,
    /// New kind (may move it to the other volume).
    pub kind: Option<String>,
    /// New place in its volume.
    pub position: Option<i64>,
}

/// Staff rename, re-kind or reorder a material (audited).
#[utoipa::path(patch, path = "/api/v1/materials/{id}", tag = "dossier", security(("bearer" = [])), request_body = EditBody,
    params(("id" = String, Path, description = "Material id")),
    responses((status = 200, body = MaterialView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn edit(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(material): Path<String>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<MaterialView>, ApiError> {
    let material: MaterialId = id(&material)?;
    let kind = body
        .kind
        .as_deref()
        .map(|k| parse_field(k, MaterialKind::parse, "dossier.invalid_kind"))
        .transpose()?;
    let edited = s
        .app
        .edit_material(
            &ctx,
            material,
            MaterialEdit {
                title: body.title,
                kind,
                position: body.position,
            },
        )
        .await?;
    Ok(Json(MaterialView::from(&edited)))
}

/// Exports a volume as one PDF with a bookmark per catalogue line.
#[utoipa::path(get, path = "/api/v1/cases/{id}/dossier/export", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), VolumeQuery),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn export(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<VolumeQuery>,
) -> Result<Response, ApiError> {
    let case: CaseId = id(&case)?;
    let exported = s.app.export_volume(&ctx, case, volume_of(&q)?).await?;
    Ok(export_response(exported.pdf))
}

/// The HTTP response carrying an exported volume.
pub fn export_response(pdf: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dossier.pdf\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        pdf,
    )
        .into_response()
}

/// The manifest of an export: each material's pages in the PDF and its digests.
#[utoipa::path(get, path = "/api/v1/cases/{id}/dossier/manifest", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), VolumeQuery),
    responses((status = 200, content_type = "application/json", body = Object), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn manifest(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<VolumeQuery>,
) -> Result<Json<VolumeManifest>, ApiError> {
    let case: CaseId = id(&case)?;
    let exported = s.app.export_volume(&ctx, case, volume_of(&q)?).await?;
    Ok(Json(exported.manifest))
}

/// A reading application.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingView {
    /// Id.
    pub id: String,
    /// `reading` or `archive_lookup`.
    pub purpose: String,
    /// Reason given.
    pub reason: String,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    /// The judge's note or reasons.
    pub decision_note: String,
    /// Reading allowed until (RFC 3339).
    pub valid_until: Option<String>,
}

impl From<&ReadingRequest> for ReadingView {
    fn from(r: &ReadingRequest) -> Self {
        ReadingView {
            id: r.id.to_string(),
            purpose: r.purpose.as_str().into(),
            reason: r.reason.clone(),
            status: r.status.as_str().into(),
            decision_note: r.decision_note.clone(),
            valid_until: r
                .valid_until_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
        }
    }
}

/// An application to read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReadingBody {
    /// `reading` (default) or `archive_lookup`.
    pub purpose: Option<String>,
    /// Why.
    pub reason: String,
}

/// Applies to read the case's main volume (阅卷) or look up an archived case (查档).
#[utoipa::path(post, path = "/api/v1/cases/{id}/reading-requests", tag = "dossier", security(("bearer" = [])), request_body = ReadingBody,
    params(("id" = String, Path, description = "Case id")),
    responses((status = 201, body = ReadingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn apply_reading(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(body): ApiJson<ReadingBody>,
) -> Result<Response, ApiError> {
    let case: CaseId = id(&case)?;
    let purpose = parse_field(
        body.purpose.as_deref().unwrap_or("reading"),
        ReadingPurpose::parse,
        "dossier.invalid_purpose",
    )?;
    let request = s
        .app
        .apply_reading(&ctx, case, purpose, &body.reason)
        .await?;
    Ok(created(ReadingView::from(&request)))
}

/// Reading applications of a case (one's own, for a litigant).
#[utoipa::path(get, path = "/api/v1/cases/{id}/reading-requests", tag = "dossier", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<ReadingView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn reading_requests(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<Vec<ReadingView>>, ApiError> {
    let case: CaseId = id(&case)?;
    let requests = s.app.reading_requests(&ctx, case).await?;
    Ok(Json(requests.iter().map(ReadingView::from).collect()))
}

/// A judge's decision on a reading application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecideReadingBody {
    /// Approve or refuse.
    pub approve: bool,
    /// Days allowed (1–30) when approving.
    pub days: Option<u32>,
    /// Note, or reasons for a refusal (required then).
    pub note: Option<String>,
}

/// The judge approves (time-limited) or refuses (with reasons) a reading application.
#[utoipa::path(post, path = "/api/v1/reading-requests/{id}/decide", tag = "dossier", security(("bearer" = [])), request_body = DecideReadingBody,
    params(("id" = String, Path, description = "Reading application id")),
    responses((status = 200, body = ReadingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_reading(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(request): Path<String>,
    ApiJson(body): ApiJson<DecideReadingBody>,
) -> Result<Json<ReadingView>, ApiError> {
    let request: ReadingRequestId = id(&request)?;
    let decided = s
        .app
        .decide_reading(
            &ctx,
            request,
            body.approve,
            body.days.unwrap_or(7),
            body.note.as_deref().unwrap_or(""),
        )
        .await?;
    Ok(Json(ReadingView::from(&decided)))
}

/// An account to link to a case.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ParticipantBody {
    /// Phone, identity number, credit code or username of the registered account.
    pub login: String,
    /// The party (by name, as in the case) it takes part for.
    pub party_name: String,
    /// `party` or `agent`.
    pub capacity: String,
}

/// Links a registered account to a case as a party or an agent.
#[utoipa::path(post, path = "/api/v1/cases/{id}/participants", tag = "dossier", security(("bearer" = [])), request_body = ParticipantBody,
    params(("id" = String, Path, description = "Case id")),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_participant(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(body): ApiJson<ParticipantBody>,
) -> Result<axum::http::StatusCode, ApiError> {
    let case: CaseId = id(&case)?;
    let capacity = parse_field(&body.capacity, Capacity::parse, "docket.invalid_capacity")?;
    s.app
        .add_participant(&ctx, case, &body.login, &body.party_name, capacity)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
