//! `/api/v1/staff`: staff accounts and their roles (administrators).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::staff::NewStaff;
use fayuan_core::id::AccountId;
use fayuan_domain::accounts::{AccountStatus, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accounts::AccountView;
use super::court::parse_field;
use super::{ApiJson, created};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// New staff account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewStaffRequest {
    /// Login name (lower-case letters, digits, `._-`).
    pub username: String,
    /// Full name.
    pub name: String,
    /// Phone for password reset.
    pub phone: Option<String>,
    /// Court id.
    pub court_id: String,
    /// Division id.
    pub division_id: Option<String>,
    /// Roles: judge, judge_assistant, clerk, filing_officer, enforcement_officer, mediator,
    /// archivist, division_chief, court_president, admin.
    pub roles: Vec<String>,
    /// Initial password.
    pub password: String,
}

/// A staff account just created; the TOTP secret is shown only now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedStaffView {
    /// The account.
    pub account: AccountView,
    /// TOTP secret (base32) for an authenticator app.
    pub totp_secret: String,
    /// `otpauth://` URI of the secret.
    pub totp_uri: String,
}

/// Changes to a staff account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StaffUpdate {
    /// New set of roles.
    pub roles: Option<Vec<String>>,
    /// `active` or `disabled`.
    pub status: Option<String>,
}

/// Filter of the staff list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct StaffQuery {
    /// Only this court.
    pub court_id: Option<String>,
}

fn roles(names: &[String]) -> Result<Vec<Role>, ApiError> {
    names
        .iter()
        .map(|n| parse_field(n, Role::parse, "staff.invalid_role"))
        .collect()
}

fn bad_id(code: &'static str) -> impl Fn(uuid::Error) -> ApiError {
    move |_| ApiError(AppError::invalid(code, "编号格式不正确"))
}

/// Lists staff (administrators).
#[utoipa::path(get, path = "/api/v1/staff", tag = "staff", security(("bearer" = [])), params(StaffQuery),
    responses((status = 200, body = Vec<AccountView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_staff(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Query(q): Query<StaffQuery>,
) -> Result<Json<Vec<AccountView>>, ApiError> {
    let court = q
        .court_id
        .as_deref()
        .map(|c| c.parse().map_err(bad_id("staff.unknown_court")))
        .transpose()?;
    Ok(Json(
        s.app
            .list_staff(&ctx, court)
            .await?
            .iter()
            .map(AccountView::from)
            .collect(),
    ))
}

/// Creates a staff account with a TOTP secret (administrators).
#[utoipa::path(post, path = "/api/v1/staff", tag = "staff", security(("bearer" = [])), request_body = NewStaffRequest,
    responses((status = 201, body = CreatedStaffView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_staff(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<NewStaffRequest>,
) -> Result<Response, ApiError> {
    let new = NewStaff {
        username: r.username,
        name: r.name,
        phone: r.phone,
        court_id: r.court_id.parse().map_err(bad_id("staff.unknown_court"))?,
        division_id: r
            .division_id
            .as_deref()
            .map(|d| d.parse().map_err(bad_id("staff.unknown_division")))
            .transpose()?,
        roles: roles(&r.roles)?,
        password: r.password,
    };
    let created_staff = s.app.create_staff(&ctx, new).await?;
    Ok(created(CreatedStaffView {
        account: AccountView::from(&created_staff.account),
        totp_secret: created_staff.totp_secret_base32,
        totp_uri: created_staff.totp_uri,
    }))
}

/// Changes roles and/or status of a staff account (administrators; audited as a permission change).
#[utoipa::path(patch, path = "/api/v1/staff/{id}", tag = "staff", security(("bearer" = [])), request_body = StaffUpdate,
    params(("id" = String, Path, description = "Account id")),
    responses((status = 200, body = AccountView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn update_staff(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<StaffUpdate>,
) -> Result<Json<AccountView>, ApiError> {
    let id: AccountId = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    if let Some(names) = &r.roles {
        s.app.set_staff_roles(&ctx, id, roles(names)?).await?;
    }
    if let Some(status) = &r.status {
        let status = parse_field(status, AccountStatus::parse, "staff.invalid_status")?;
        s.app.set_account_status(&ctx, id, status).await?;
    }
    Ok(Json(AccountView::from(&s.app.account(&ctx, id).await?)))
}
