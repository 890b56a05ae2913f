//! The case dossier pages (Rules arts. 19–24, 33): the catalogue of a volume with an in-browser
//! viewer, uploads (with several files per form), scans of paper, catalogue edits, export,
//! reading applications and their decisions, and the linking of parties and agents.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::dossier::staging::{StagedFile, StagedUpload};
use fayuan_app::dossier::{Destination, DossierView, MaterialDraft, MaterialEdit};
use fayuan_core::id::{CaseId, MaterialId, ReadingRequestId};
use fayuan_domain::docket::Capacity;
use fayuan_domain::dossier::{
    CatalogueEntry, Material, MaterialKind, ReadingPurpose, ReadingRequest, Volume,
};
use serde::Deserialize;

use super::{Chrome, CsrfForm, china_time, error_page, render, same_origin, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The dossier routes. Upload routes take bodies up to the upload limits (checked while
/// streaming), not the site-wide form limit.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/cases/{id}/dossier", get(show))
        .route(
            "/cases/{id}/dossier/upload",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/cases/{id}/dossier/scan",
            post(scan).layer(DefaultBodyLimit::disable()),
        )
        .route("/cases/{id}/dossier/export", get(export))
        .route("/cases/{id}/reading", post(apply_reading))
        .route("/cases/{id}/participants", post(add_participant))
        .route("/materials/{id}/view", get(view))
        .route("/materials/{id}/edit", post(edit))
        .route("/reading-requests/{id}/decide", post(decide_reading))
}

#[derive(Debug, Default, Deserialize)]
struct DossierQuery {
    volume: Option<String>,
    material: Option<String>,
    #[serde(default)]
    done: String,
}

/// One catalogue line as shown.
struct Line {
    material: Material,
    entry: CatalogueEntry,
    submitted: String,
}

#[derive(Template)]
#[template(path = "dossier/show.html")]
struct ShowPage {
    chrome: Chrome,
    view: DossierView,
    lines: Vec<Line>,
    selected: Option<Material>,
    readings: Vec<(ReadingRequest, String)>,
    litigant_kinds: Vec<MaterialKind>,
    all_kinds: Vec<MaterialKind>,
    reading_until: String,
    error: Option<String>,
    notice: Option<String>,
}

fn case_id(text: &str) -> Result<CaseId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<DossierQuery>,
) -> Response {
    let volume = match q.volume.as_deref() {
        Some("confidential") => Volume::Confidential,
        _ => Volume::Main,
    };
    let notice = match q.done.as_str() {
        "uploaded" => Some(page.lang.t("dossier.done_uploaded").to_owned()),
        "edited" => Some(page.lang.t("dossier.done_edited").to_owned()),
        "applied" => Some(page.lang.t("dossier.done_applied").to_owned()),
        "decided" => Some(page.lang.t("dossier.done_decided").to_owned()),
        "linked" => Some(page.lang.t("dossier.done_linked").to_owned()),
        _ => None,
    };
    match case_id(&id) {
        Ok(id) => {
            page_of(
                &state,
                &page,
                id,
                volume,
                q.material.as_deref(),
                None,
                notice,
            )
            .await
        }
        Err(e) => error_page(&page, e),
    }
}

/// Renders the dossier page (with an error from a failed form, if any).
async fn page_of(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    volume: Volume,
    selected: Option<&str>,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    if page.ctx.actor.is_none() {
        return error_page(page, AppError::Unauthenticated);
    }
    let view = match state.app.dossier(&page.ctx, id, volume).await {
        Ok(v) => v,
        Err(e) => return error_page(page, e),
    };
    let readings = if volume == Volume::Main {
        state
            .app
            .reading_requests(&page.ctx, id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                let until = r.valid_until_us.map(china_time).unwrap_or_default();
                (r, until)
            })
            .collect()
    } else {
        Vec::new()
    };
    let selected = selected.and_then(|s| {
        view.entries
            .iter()
            .find(|(m, _)| m.id.to_string() == s)
            .map(|(m, _)| m.clone())
    });
    let lines = view
        .entries
        .iter()
        .map(|(m, e)| Line {
            submitted: china_time(m.submitted_at_us),
            material: m.clone(),
            entry: e.clone(),
        })
        .collect();
    let status = error.as_ref().map(status_of);
    let body = render(&ShowPage {
        chrome: Chrome::of(page),
        reading_until: view.reading_until_us.map(china_time).unwrap_or_default(),
        lines,
        selected,
        readings,
        litigant_kinds: MaterialKind::ALL
            .iter()
            .copied()
            .filter(|k| k.submittable_by_litigants())
            .collect(),
        all_kinds: MaterialKind::ALL.to_vec(),
        view,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a form: back to the dossier page with `done`, or the page with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    case: CaseId,
    outcome: Result<String, AppError>,
) -> Response {
    match outcome {
        Ok(query) => Redirect::to(&format!("/cases/{case}/dossier?{query}")).into_response(),
        Err(AppError::Forbidden) => {
            let mut r = error_page(page, AppError::Forbidden);
            *r.status_mut() = axum::http::StatusCode::FORBIDDEN;
            r
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            page_of(state, page, case, Volume::Main, None, Some(e), None).await
        }
        Err(e) => error_page(page, e),
    }
}

/// The fields of an upload form besides its files.
#[derive(Default)]
pub(super) struct UploadFields {
    pub(super) kind: Option<MaterialKind>,
    pub(super) title: String,
    on_behalf_of: String,
    pub(super) files: Vec<StagedFile>,
}

/// Reads a multipart upload form: the `_csrf` field must come first (forms put it first), so no
/// file is written before the form is known to come from this site; files stream to staging,
/// within the per-file and per-submission limits.
pub(super) async fn read_upload(
    state: &WebState,
    page: &PageCtx,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<UploadFields, AppError> {
    let malformed = |_| AppError::invalid("request.invalid_form", "表单内容不正确，请重新提交。");
    let mut fields = UploadFields::default();
    let mut csrf_ok = false;
    let mut total: u64 = 0;
    let limits = &state.app.config.uploads;
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "_csrf" {
            let token = field.text().await.map_err(malformed)?;
            csrf_ok = same_origin(headers) && !page.csrf.is_empty() && token == page.csrf;
            continue;
        }
        if !csrf_ok {
            return Err(AppError::Forbidden);
        }
        match name.as_str() {
            "kind" => {
                let text = field.text().await.map_err(malformed)?;
                fields.kind = MaterialKind::parse(&text);
            }
            "title" => fields.title = field.text().await.map_err(malformed)?,
            "on_behalf_of" => fields.on_behalf_of = field.text().await.map_err(malformed)?,
            "file" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                if file_name.is_empty() {
                    continue;
                }
                let mut staged = StagedUpload::create(
                    &state.app.config.staging_dir,
                    &file_name,
                    limits.max_file_bytes,
                )
                .await?;
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    total = total.saturating_add(chunk.len() as u64);
                    if total > limits.max_submission_bytes {
                        return Err(AppError::invalid(
                            "dossier.submission_too_large",
                            format!(
                                "一次提交的文件合计不得超过 {} MB。",
                                limits.max_submission_bytes / (1024 * 1024)
                            ),
                        ));
                    }
                    staged.write(&chunk).await?;
                }
                fields.files.push(staged.finish().await?);
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::Forbidden);
    }
    if fields.files.is_empty() {
        return Err(AppError::invalid("dossier.no_file", "请选择要提交的文件。"));
    }
    Ok(fields)
}

/// Submits the files of one form in order; stops at the first refusal (the earlier files stay
/// submitted and the page says which one failed).
async fn submit_all(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    fields: UploadFields,
    paper: bool,
) -> Result<(), AppError> {
    let kind = fields
        .kind
        .ok_or_else(|| AppError::invalid("dossier.invalid_kind", "请选择材料类型。"))?;
    let several = fields.files.len() > 1;
    for (i, staged) in fields.files.into_iter().enumerate() {
        let file_name = staged.file_name.clone();
        let title = if several && !fields.title.trim().is_empty() {
            format!("{}（{}）", fields.title.trim(), i + 1)
        } else {
            fields.title.clone()
        };
        let draft = MaterialDraft { kind, title };
        let result = if paper {
            state
                .app
                .scan_paper(&page.ctx, id, draft, &fields.on_behalf_of, staged)
                .await
        } else {
            state
                .app
                .submit_material(&page.ctx, Destination::Case(id), draft, staged)
                .await
        };
        result.map_err(|e| match e {
            AppError::Invalid { code, message } => AppError::Invalid {
                code,
                message: format!("{file_name}：{message}"),
            },
            other => other,
        })?;
    }
    Ok(())
}

async fn upload_or_scan(
    state: WebState,
    page: PageCtx,
    headers: HeaderMap,
    id: String,
    form: Multipart,
    paper: bool,
) -> Response {
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = match read_upload(&state, &page, &headers, form).await {
        Ok(fields) => submit_all(&state, &page, id, fields, paper).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(|()| "done=uploaded".into())).await
}

async fn upload(
    State(state): State<WebState>,
    page: PageCtx,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> Response {
    upload_or_scan(state, page, headers, id, form, false).await
}

async fn scan(
    State(state): State<WebState>,
    page: PageCtx,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> Response {
    upload_or_scan(state, page, headers, id, form, true).await
}

/// The file itself, shown in the viewer frame (watermarked for litigants).
async fn view(State(state): State<WebState>, page: PageCtx, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<MaterialId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.material_content(&page.ctx, id).await {
        Ok(content) => crate::api::dossier::content_response(content),
        Err(e) => error_page(&page, e),
    }
}

async fn export(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<DossierQuery>,
) -> Response {
    let volume = match q.volume.as_deref() {
        Some("confidential") => Volume::Confidential,
        _ => Volume::Main,
    };
    let exported = match case_id(&id) {
        Ok(id) => state.app.export_volume(&page.ctx, id, volume).await,
        Err(e) => Err(e),
    };
    match exported {
        Ok(v) => crate::api::dossier::export_response(v.pdf),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct EditForm {
    title: String,
    kind: String,
    position: Option<i64>,
    case_id: String,
}

async fn edit(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<EditForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let (Ok(id), Ok(case)) = (id.parse::<MaterialId>(), case_id(&form.case_id)) else {
        return error_page(&page, AppError::NotFound);
    };
    let edit = MaterialEdit {
        title: Some(form.title),
        kind: MaterialKind::parse(&form.kind),
        position: form.position,
    };
    let outcome = state.app.edit_material(&page.ctx, id, edit).await;
    let query = |m: Material| format!("volume={}&done=edited", m.volume.as_str());
    after(&state, &page, case, outcome.map(query)).await
}

#[derive(Deserialize)]
struct ReadingForm {
    purpose: String,
    reason: String,
}

async fn apply_reading(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<ReadingForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let purpose = ReadingPurpose::parse(&form.purpose).unwrap_or(ReadingPurpose::Reading);
    let outcome = state
        .app
        .apply_reading(&page.ctx, id, purpose, &form.reason)
        .await;
    after(&state, &page, id, outcome.map(|_| "done=applied".into())).await
}

#[derive(Deserialize)]
struct DecideForm {
    decision: String,
    days: Option<u32>,
    note: String,
    case_id: String,
}

async fn decide_reading(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<DecideForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let (Ok(id), Ok(case)) = (id.parse::<ReadingRequestId>(), case_id(&form.case_id)) else {
        return error_page(&page, AppError::NotFound);
    };
    let approve = form.decision == "approve";
    let outcome = state
        .app
        .decide_reading(&page.ctx, id, approve, form.days.unwrap_or(7), &form.note)
        .await;
    after(&state, &page, case, outcome.map(|_| "done=decided".into())).await
}

#[derive(Deserialize)]
struct ParticipantForm {
    login: String,
    party_name: String,
    capacity: String,
}

async fn add_participant(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<ParticipantForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let capacity = Capacity::parse(&form.capacity).unwrap_or(Capacity::Party);
    let outcome = state
        .app
        .add_participant(&page.ctx, id, &form.login, &form.party_name, capacity)
        .await;
    after(&state, &page, id, outcome.map(|_| "done=linked".into())).await
}
