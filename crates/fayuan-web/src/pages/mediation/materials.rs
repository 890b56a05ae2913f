//! The room's materials: sharing files through the upload form and reading a shared file.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_core::id::MediationId;

use super::after;
use crate::WebState;
use crate::ctx::PageCtx;
use crate::pages::error_page;
use crate::pages::parse;

/// Shares the files of the upload form in order; stops at the first refusal (the earlier files
/// stay shared and the page says which one failed).
async fn share_all(
    state: &WebState,
    page: &PageCtx,
    headers: &HeaderMap,
    id: MediationId,
    form: Multipart,
) -> Result<(), AppError> {
    let fields = crate::pages::dossier::read_upload(state, page, headers, form).await?;
    let kind = fields
        .kind
        .ok_or_else(|| AppError::invalid("dossier.invalid_kind", "请选择材料类型。"))?;
    for staged in fields.files {
        let file_name = staged.file_name.clone();
        let draft = fayuan_app::dossier::MaterialDraft {
            kind,
            title: fields.title.clone(),
        };
        state
            .app
            .share_material(&page.ctx, id, draft, staged)
            .await
            .map_err(|e| match e {
                AppError::Invalid { code, message } => AppError::Invalid {
                    code,
                    message: format!("{file_name}：{message}"),
                },
                other => other,
            })?;
    }
    Ok(())
}

pub(super) async fn share(
    State(state): State<WebState>,
    page: PageCtx,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = share_all(&state, &page, &headers, id, form).await;
    let to = |()| "?done=saved#materials".to_owned();
    after(&state, &page, id, outcome.map(to)).await
}

pub(super) async fn material(
    State(state): State<WebState>,
    page: PageCtx,
    Path((id, material)): Path<(String, String)>,
) -> Response {
    let content = match (parse(&id), parse(&material)) {
        (Ok(id), Ok(material)) => {
            state
                .app
                .room_material_content(&page.ctx, id, material)
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match content {
        Ok(c) => crate::api::dossier::content_response(c),
        Err(e) => error_page(&page, e),
    }
}
