//! `/api/v1/accounts`, `/api/v1/sessions`, `/api/v1/me`, `/api/v1/password-resets`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::accounts::{Credentials, Registration, SessionKind};
use fayuan_core::id::AccountId;
use fayuan_core::identity::mask_identifier;
use fayuan_domain::accounts::{Account, AccountKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A registration request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// `person`, `organisation` or `lawyer`.
    pub kind: String,
    /// Real name or registered organisation name.
    pub name: String,
    /// Citizen identity number (person, lawyer).
    pub id_number: Option<String>,
    /// Unified social credit code (organisation).
    pub uscc: Option<String>,
    /// Legal representative (organisation).
    pub legal_representative: Option<String>,
    /// Practising licence number, 17 digits (lawyer).
    pub licence_number: Option<String>,
    /// Law firm (lawyer).
    pub law_firm: Option<String>,
    /// Mobile phone.
    pub phone: String,
    /// E-mail.
    pub email: Option<String>,
    /// Password (≥ 10 characters, three character classes).
    pub password: String,
}

/// An account as shown to itself or to an administrator. The identity number is masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// Id.
    pub id: String,
    /// `person`, `organisation`, `lawyer` or `staff`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Staff username.
    pub username: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Identity number, masked (110***********7774).
    pub id_number_masked: Option<String>,
    /// Credit code.
    pub uscc: Option<String>,
    /// Legal representative.
    pub legal_representative: Option<String>,
    /// Licence number.
    pub licence_number: Option<String>,
    /// Law firm.
    pub law_firm: Option<String>,
    /// `pending`, `verified` or `rejected`.
    pub verification: String,
    /// Registry's note.
    pub verification_note: String,
    /// `active` or `disabled`.
    pub status: String,
    /// Staff roles.
    pub roles: Vec<String>,
    /// Staff court.
    pub court_id: Option<String>,
    /// Staff division.
    pub division_id: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        AccountView {
            id: a.id.to_string(),
            kind: a.kind.as_str().into(),
            name: a.name.clone(),
            username: a.username.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
            id_number_masked: a.id_number.as_deref().map(mask_identifier),
            uscc: a.uscc.clone(),
            legal_representative: a.legal_representative.clone(),
            licence_number: a.licence_number.clone(),
            law_firm: a.law_firm.clone(),
            verification: a.verification.as_str().into(),
            verification_note: a.verification_note.clone(),
            status: a.status.as_str().into(),
            roles: a.roles.iter().map(|r| r.as_str().to_string()).collect(),
            court_id: a.court_id.map(|c| c.to_string()),
            division_id: a.division_id.map(|d| d.to_string()),
            created_at: rfc3339(a.created_at),
        }
    }
}

/// Registers a member of the public with real-name verification (Rules arts. 14–15).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered; see `verification`", body = AccountView),
        (status = 409, description = "Identity number, credit code, phone or e-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (checksum, birth date, password policy …)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    let kind = AccountKind::parse(&r.kind)
        .filter(|k| *k != AccountKind::Staff)
        .ok_or_else(|| {
            AppError::invalid(
                "accounts.invalid_kind",
                "账号类型应为 person、organisation 或 lawyer",
            )
        })?;
    let account = s
        .app
        .register(
            &ctx,
            Registration {
                kind,
                name: r.name,
                id_number: r.id_number,
                uscc: r.uscc,
                legal_representative: r.legal_representative,
                licence_number: r.licence_number,
                law_firm: r.law_firm,
                phone: r.phone,
                email: r.email,
                password: r.password,
            },
        )
        .await?;
    Ok(created(AccountView::from(&account)))
}

/// Reads an account: one's own, or any as an administrator.
#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Account id")),
    responses((status = 200, body = AccountView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn account(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, ApiError> {
    let id: AccountId = id.parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(AccountView::from(&s.app.account(&ctx, id).await?)))
}

/// Login request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Phone, e-mail, identity number, credit code or staff username.
    pub login: String,
    /// Password.
    pub password: String,
    /// TOTP code (mandatory for staff).
    pub totp: Option<String>,
}

/// A new bearer session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// Bearer token; send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
}

/// Logs in and returns a bearer token. Unknown login and wrong password answer alike (401);
/// after 5 failures in 15 minutes attempts are delayed (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "accounts", request_body = LoginRequest,
    responses(
        (status = 201, body = SessionView),
        (status = 401, description = "`auth.invalid_credentials` or `auth.totp_required`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Throttled", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let (_, session) = s
        .app
        .login(
            &ctx,
            Credentials {
                login: r.login,
                password: r.password,
                totp: r.totp,
            },
            SessionKind::Bearer,
        )
        .await?;
    Ok(created(SessionView {
        token: session.token,
        expires_at: rfc3339(session.expires_at),
    }))
}

/// Ends the current session.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<StatusCode, ApiError> {
    s.app.logout(&ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's own account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(AccountView::from(&s.app.me(&ctx).await?)))
}

/// Password change request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// Current password.
    pub current_password: String,
    /// New password.
    pub new_password: String,
}

/// Changes the caller's password; all sessions of the account end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    s.app
        .change_password(&ctx, r.current_password, r.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Password reset request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The account's login.
    pub login: String,
}

/// Sends a reset code to the account's phone. Always 202, whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "accounts", request_body = ResetRequest, responses((status = 202)))]
pub async fn request_password_reset(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    s.app.request_password_reset(&ctx, &r.login).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Password reset confirmation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetConfirm {
    /// The account's login.
    pub login: String,
    /// Code received by SMS.
    pub code: String,
    /// New password.
    pub new_password: String,
}

/// Sets a new password with the SMS code.
#[utoipa::path(post, path = "/api/v1/password-resets/confirm", tag = "accounts", request_body = ResetConfirm,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_password_reset(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<ResetConfirm>,
) -> Result<StatusCode, ApiError> {
    s.app
        .confirm_password_reset(&ctx, &r.login, &r.code, r.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A TOTP secret offered for enrolment.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpOfferView {
    /// Secret (base32): enter it in an authenticator app, then confirm with a code.
    pub secret: String,
    /// `otpauth://` URI of the secret.
    pub uri: String,
}

/// Offers a fresh TOTP secret (nothing changes until it is confirmed).
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = TotpOfferView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn offer_totp(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<TotpOfferView>, ApiError> {
    let offer = s.app.offer_totp(&ctx).await?;
    Ok(Json(TotpOfferView {
        secret: offer.secret_base32,
        uri: offer.uri,
    }))
}

/// Confirmation of a TOTP secret.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TotpConfirm {
    /// The offered secret.
    pub secret: String,
    /// A current code from it.
    pub code: String,
}

/// Turns the second factor on: later logins need a code.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "accounts", security(("bearer" = [])), request_body = TotpConfirm,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_totp(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<TotpConfirm>,
) -> Result<StatusCode, ApiError> {
    s.app.enable_totp(&ctx, &r.secret, &r.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Password to confirm turning the second factor off.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TotpDisable {
    /// Current password.
    pub password: String,
}

/// Turns the optional second factor off (public accounts only).
#[utoipa::path(post, path = "/api/v1/me/totp/disable", tag = "accounts", security(("bearer" = [])), request_body = TotpDisable,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn disable_totp(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiJson(r): ApiJson<TotpDisable>,
) -> Result<StatusCode, ApiError> {
    s.app.disable_totp(&ctx, r.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
