//! Registration with real-name verification, login with password and TOTP, sessions, password
//! change and reset (Rules arts. 14–15).

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, SessionId};
use fayuan_core::identity::{IdNumber, Uscc};
use fayuan_core::totp;
use fayuan_domain::accounts::{
    Account, AccountKind, AccountStatus, Verification, check_licence_number, check_name,
    check_password_policy, normalise_email, normalise_phone,
};
use fayuan_domain::ports::IdentityClaim;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::{OneTimeCode, Session};

use crate::passwords::{self, new_numeric_code, new_token, token_hash};
use crate::policy::{Action, Resource};
use crate::{Actor, App, AppError, Ctx};

/// Failed logins tolerated within [`THROTTLE_WINDOW`] before attempts are delayed.
pub const THROTTLE_FREE_FAILURES: i64 = 5;
/// The window failures are counted in (15 minutes).
pub const THROTTLE_WINDOW: time::Duration = time::Duration::minutes(15);
/// Purpose name of password-reset codes.
const RESET_PURPOSE: &str = "password_reset";
/// Wrong guesses allowed per reset code.
const RESET_MAX_ATTEMPTS: i64 = 5;
/// Validity of a reset code.
const RESET_VALIDITY: time::Duration = time::Duration::minutes(10);

/// A registration request from a member of the public.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Person, organisation or lawyer.
    pub kind: AccountKind,
    /// Real name (organisation: registered name).
    pub name: String,
    /// Citizen identity number (persons and lawyers).
    pub id_number: Option<String>,
    /// Unified social credit code (organisations).
    pub uscc: Option<String>,
    /// Legal representative (organisations).
    pub legal_representative: Option<String>,
    /// Practising licence number (lawyers).
    pub licence_number: Option<String>,
    /// Law firm (lawyers).
    pub law_firm: Option<String>,
    /// Mobile phone.
    pub phone: String,
    /// Optional e-mail.
    pub email: Option<String>,
    /// Chosen password.
    pub password: String,
}

/// What is needed to log in.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Phone, e-mail, identity number, credit code or staff username.
    pub login: String,
    /// Password.
    pub password: String,
    /// TOTP code (mandatory for staff).
    pub totp: Option<String>,
}

/// Where a session is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// Browser pages, carried in an HttpOnly cookie.
    Cookie,
    /// The JSON API, carried as `Authorization: Bearer`.
    Bearer,
}

/// A session just created: the token is returned once and never stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The secret token.
    pub token: String,
    /// When it expires.
    pub expires_at: time::OffsetDateTime,
    /// Anti-CSRF token for pages.
    pub csrf_token: String,
}

fn required(value: &Option<String>, code: &'static str, what: &str) -> Result<String, AppError> {
    match value.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(AppError::invalid(code, format!("请填写{what}"))),
    }
}

/// The normalised form of a login text, used both for lookup and as the throttling key.
pub fn normalise_login(login: &str) -> String {
    let login = login.trim();
    if let Ok(phone) = normalise_phone(login) {
        return phone;
    }
    if login.contains('@') {
        return login.to_lowercase();
    }
    let upper = login.to_ascii_uppercase();
    if upper.len() == 18
        && upper.bytes().all(|b| b.is_ascii_alphanumeric())
        && upper.bytes().take(17).all(|b| b.is_ascii_digit())
    {
        return upper; // identity number
    }
    if upper.len() == 18 && upper.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return upper; // credit code
    }
    login.to_lowercase()
}

impl App {
    /// Registers a member of the public, verifying the identity with the registry first.
    /// Duplicate identity numbers, credit codes, phones and e-mails are refused (409).
    pub async fn register(&self, ctx: &Ctx, r: Registration) -> Result<Account, AppError> {
        let today = self.clock.today_in_china();
        let name = check_name(&r.name, "accounts.invalid_name")?;
        let phone = normalise_phone(&r.phone)?;
        let email = r
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(normalise_email)
            .transpose()?;
        let mut account = Account {
            id: AccountId::new(),
            kind: r.kind,
            name: name.clone(),
            username: None,
            phone: Some(phone.clone()),
            email,
            id_number: None,
            uscc: None,
            legal_representative: None,
            licence_number: None,
            law_firm: None,
            password_hash: String::new(),
            totp_secret: None,
            totp_last_step: None,
            verification: Verification::Pending,
            verification_note: String::new(),
            status: AccountStatus::Active,
            court_id: None,
            division_id: None,
            roles: Vec::new(),
            created_at: self.clock.now(),
        };
        let claim = match r.kind {
            AccountKind::Person => {
                let id = IdNumber::parse(
                    &required(&r.id_number, "identity.format", "公民身份号码")?,
                    today,
                )?;
                account.id_number = Some(id.to_string());
                IdentityClaim::Person {
                    id_number: id.to_string(),
                    name,
                }
            }
            AccountKind::Lawyer => {
                let id = IdNumber::parse(
                    &required(&r.id_number, "identity.format", "公民身份号码")?,
                    today,
                )?;
                let licence = check_licence_number(&required(
                    &r.licence_number,
                    "accounts.invalid_licence_number",
                    "律师执业证号",
                )?)?;
                account.id_number = Some(id.to_string());
                account.licence_number = Some(licence.clone());
                account.law_firm = Some(check_name(
                    &required(&r.law_firm, "accounts.invalid_law_firm", "所属律师事务所")?,
                    "accounts.invalid_law_firm",
                )?);
                IdentityClaim::Lawyer {
                    id_number: id.to_string(),
                    name,
                    licence_number: licence,
                }
            }
            AccountKind::Organisation => {
                let uscc = Uscc::parse(&required(&r.uscc, "identity.format", "统一社会信用代码")?)?;
                let rep = check_name(
                    &required(
                        &r.legal_representative,
                        "accounts.invalid_legal_representative",
                        "法定代表人",
                    )?,
                    "accounts.invalid_legal_representative",
                )?;
                account.uscc = Some(uscc.to_string());
                account.legal_representative = Some(rep.clone());
                IdentityClaim::Organisation {
                    uscc: uscc.to_string(),
                    name,
                    legal_representative: rep,
                }
            }
            AccountKind::Staff => {
                return Err(AppError::invalid(
                    "accounts.invalid_kind",
                    "法院工作人员账号由管理员创建",
                ));
            }
        };
        let hints: Vec<&str> = [account.phone.as_deref(), account.id_number.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        check_password_policy(&r.password, &hints)?;
        // The registry is called outside any transaction: an external call must never hold locks.
        let check = self.identity.verify(&claim).await?;
        account.verification = check.verification;
        account.verification_note = check.note;
        account.password_hash = passwords::hash(r.password, self.config.password_cost).await?;

        let target = format!("account:{}", account.id);
        let mut tx = self.store.begin().await?;
        if let Err(e) = tx.insert_account(&account).await {
            drop(tx);
            return Err(self
                .audit_refusal(ctx, "accounts.register", "account:new", e.into())
                .await);
        }
        let detail = format!(
            "{} {}",
            account.kind.as_str(),
            account.verification.as_str()
        );
        self.audit(
            &mut *tx,
            ctx,
            "accounts.register",
            &target,
            AuditOutcome::Success,
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Logs in with password (and TOTP where required) and opens a session.
    pub async fn login(
        &self,
        ctx: &Ctx,
        creds: Credentials,
        kind: SessionKind,
    ) -> Result<(Account, NewSession), AppError> {
        let key = normalise_login(&creds.login);
        let now = self.clock.now();
        let now_us = to_micros(now);
        let mut tx = self.store.begin().await?;
        let (failures, latest) = tx
            .login_failures_since(&key, to_micros(now - THROTTLE_WINDOW))
            .await?;
        if failures >= THROTTLE_FREE_FAILURES {
            // Each failure past the free ones doubles the wait: 1 s, 2 s, 4 s … capped at the window.
            let exponent = u32::try_from((failures - THROTTLE_FREE_FAILURES).min(20)).unwrap_or(20);
            let delay_us =
                (1_000_000_i64 << exponent).min(THROTTLE_WINDOW.whole_microseconds() as i64);
            let until = latest.unwrap_or(now_us) + delay_us;
            if now_us < until {
                drop(tx);
                let retry = (until - now_us + 999_999) / 1_000_000;
                return Err(self
                    .audit_refusal(
                        ctx,
                        "accounts.login",
                        "login",
                        AppError::Throttled {
                            retry_after_secs: retry,
                        },
                    )
                    .await);
            }
        }
        let account = tx.account_by_login(&key).await?;
        let password_ok = match &account {
            Some(a) => passwords::verify(creds.password.clone(), a.password_hash.clone()).await?,
            None => {
                // Spend the same time as a real check so unknown logins cannot be told apart.
                passwords::verify_dummy(creds.password.clone()).await?;
                false
            }
        };
        let account = match account {
            Some(a) if password_ok && a.status == AccountStatus::Active => a,
            other => {
                tx.record_login_failure(&key, now_us).await?;
                let target =
                    other.map_or_else(|| "login".to_string(), |a| format!("account:{}", a.id));
                self.audit(
                    &mut *tx,
                    ctx,
                    "accounts.login",
                    &target,
                    AuditOutcome::Denied,
                    "invalid_credentials",
                )
                .await?;
                tx.commit().await?;
                return Err(AppError::InvalidCredentials);
            }
        };
        let target = format!("account:{}", account.id);
        if let Some(secret) = &account.totp_secret {
            let Some(code) = creds.totp.as_deref().filter(|c| !c.trim().is_empty()) else {
                self.audit(
                    &mut *tx,
                    ctx,
                    "accounts.login",
                    &target,
                    AuditOutcome::Denied,
                    "totp_required",
                )
                .await?;
                tx.commit().await?;
                return Err(AppError::TotpRequired);
            };
            match totp::verify(secret, code, now.unix_timestamp()) {
                Some(step) if account.totp_last_step.is_none_or(|last| step > last) => {
                    tx.set_totp_last_step(account.id, step).await?;
                }
                _ => {
                    tx.record_login_failure(&key, now_us).await?;
                    self.audit(
                        &mut *tx,
                        ctx,
                        "accounts.login",
                        &target,
                        AuditOutcome::Denied,
                        "invalid_totp",
                    )
                    .await?;
                    tx.commit().await?;
                    return Err(AppError::InvalidCredentials);
                }
            }
        }
        tx.clear_login_failures(&key).await?;
        let token = new_token()?;
        let csrf_token = new_token()?;
        let expires_at = now + self.config.session_ttl;
        let session = Session {
            id: SessionId::new(),
            token_hash: token_hash(&token),
            account_id: account.id,
            kind: match kind {
                SessionKind::Cookie => "cookie",
                SessionKind::Bearer => "bearer",
            }
            .to_string(),
            csrf_token: csrf_token.clone(),
            created_at_us: now_us,
            expires_at_us: to_micros(expires_at),
            client_addr: ctx.client_addr.clone(),
        };
        tx.insert_session(&session).await?;
        let mut ctx = ctx.clone();
        ctx.actor = Some(actor_of(&account, &session));
        self.audit(
            &mut *tx,
            &ctx,
            "accounts.login",
            &target,
            AuditOutcome::Success,
            &session.kind,
        )
        .await?;
        tx.commit().await?;
        Ok((
            account,
            NewSession {
                token,
                expires_at,
                csrf_token,
            },
        ))
    }

    /// Resolves a session token to its actor; `None` when unknown, expired or disabled.
    pub async fn actor_for_token(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let mut tx = self.store.begin().await?;
        let Some(session) = tx.session_by_token_hash(&token_hash(token)).await? else {
            return Ok(None);
        };
        if session.expires_at_us <= to_micros(self.clock.now()) {
            return Ok(None);
        }
        let Some(account) = tx.account(session.account_id).await? else {
            return Ok(None);
        };
        if account.status != AccountStatus::Active {
            return Ok(None);
        }
        Ok(Some(actor_of(&account, &session)))
    }

    /// Ends the current session.
    pub async fn logout(&self, ctx: &Ctx) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        tx.delete_session(actor.session_id).await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.logout",
            &format!("account:{}", actor.account_id),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor's own account (reading personal data: audited).
    pub async fn me(&self, ctx: &Ctx) -> Result<Account, AppError> {
        let id = ctx
            .actor
            .as_ref()
            .ok_or(AppError::Unauthenticated)?
            .account_id;
        self.account(ctx, id).await
    }

    /// An account, if the actor may read it (themselves, or an administrator).
    pub async fn account(&self, ctx: &Ctx, id: AccountId) -> Result<Account, AppError> {
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::ReadAccount,
            Resource::Account(id),
            "accounts.read",
            &target,
        )
        .await?;
        let mut tx = self.store.begin().await?;
        let account = tx.account(id).await?.ok_or(AppError::NotFound)?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.read",
            &target,
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Changes the actor's own password; every session of the account ends, so the account logs
    /// in again with the new password everywhere.
    pub async fn change_password(
        &self,
        ctx: &Ctx,
        current: String,
        new: String,
    ) -> Result<(), AppError> {
        let id = ctx
            .actor
            .as_ref()
            .ok_or(AppError::Unauthenticated)?
            .account_id;
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::UpdateAccount,
            Resource::Account(id),
            "accounts.change_password",
            &target,
        )
        .await?;
        let account = {
            let mut tx = self.store.begin().await?;
            tx.account(id).await?.ok_or(AppError::NotFound)?
        };
        if !passwords::verify(current, account.password_hash.clone()).await? {
            return Err(self
                .audit_refusal(
                    ctx,
                    "accounts.change_password",
                    &target,
                    AppError::invalid("accounts.wrong_password", "当前密码不正确"),
                )
                .await);
        }
        check_password_policy(&new, &login_hints(&account))?;
        let hash = passwords::hash(new, self.config.password_cost).await?;
        let mut tx = self.store.begin().await?;
        tx.set_password_hash(id, &hash).await?;
        tx.delete_sessions_of(id).await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.change_password",
            &target,
            AuditOutcome::Success,
            "sessions ended",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a password-reset code to the account's verified phone. Answers the same whether or
    /// not the login exists.
    pub async fn request_password_reset(&self, ctx: &Ctx, login: &str) -> Result<(), AppError> {
        let key = normalise_login(login);
        let mut tx = self.store.begin().await?;
        let Some(account) = tx.account_by_login(&key).await? else {
            self.audit(
                &mut *tx,
                ctx,
                "accounts.password_reset_request",
                "login",
                AuditOutcome::Denied,
                "unknown login",
            )
            .await?;
            tx.commit().await?;
            return Ok(());
        };
        let Some(phone) = account.phone.clone() else {
            self.audit(
                &mut *tx,
                ctx,
                "accounts.password_reset_request",
                &format!("account:{}", account.id),
                AuditOutcome::Denied,
                "no phone",
            )
            .await?;
            tx.commit().await?;
            return Ok(());
        };
        let code = new_numeric_code()?;
        tx.put_one_time_code(&OneTimeCode {
            account_id: account.id,
            purpose: RESET_PURPOSE.into(),
            code_hash: token_hash(&code),
            expires_at_us: to_micros(self.clock.now() + RESET_VALIDITY),
            attempts: 0,
        })
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.password_reset_request",
            &format!("account:{}", account.id),
            AuditOutcome::Success,
            "code sent by SMS",
        )
        .await?;
        tx.commit().await?;
        let text = format!(
            "【{}】您正在重置密码，验证码{code}，10分钟内有效。如非本人操作请忽略。",
            self.config.sms_signature
        );
        self.sms.send(&phone, &text).await?;
        Ok(())
    }

    /// Sets a new password with the code received by SMS; every session of the account ends.
    pub async fn confirm_password_reset(
        &self,
        ctx: &Ctx,
        login: &str,
        code: &str,
        new_password: String,
    ) -> Result<(), AppError> {
        let key = normalise_login(login);
        let bad_code = || AppError::invalid("accounts.invalid_code", "验证码错误或已过期");
        let mut tx = self.store.begin().await?;
        let Some(account) = tx.account_by_login(&key).await? else {
            drop(tx);
            return Err(self
                .audit_refusal(ctx, "accounts.password_reset", "login", bad_code())
                .await);
        };
        let target = format!("account:{}", account.id);
        let stored = tx.one_time_code(account.id, RESET_PURPOSE).await?;
        let valid = stored.as_ref().is_some_and(|c| {
            c.attempts < RESET_MAX_ATTEMPTS
                && c.expires_at_us > to_micros(self.clock.now())
                && c.code_hash == token_hash(code.trim())
        });
        if !valid {
            if stored.is_some() {
                tx.bump_one_time_code(account.id, RESET_PURPOSE).await?;
            }
            self.audit(
                &mut *tx,
                ctx,
                "accounts.password_reset",
                &target,
                AuditOutcome::Denied,
                "invalid code",
            )
            .await?;
            tx.commit().await?;
            return Err(bad_code());
        }
        check_password_policy(&new_password, &login_hints(&account))?;
        let hash = passwords::hash(new_password, self.config.password_cost).await?;
        tx.set_password_hash(account.id, &hash).await?;
        tx.delete_one_time_code(account.id, RESET_PURPOSE).await?;
        tx.delete_sessions_of(account.id).await?;
        tx.clear_login_failures(&key).await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.password_reset",
            &target,
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A TOTP secret offered for enrolment; nothing is stored until it is confirmed with a code.
#[derive(Debug, Clone)]
pub struct TotpOffer {
    /// The secret in base32, to type into an authenticator app and echo back on confirmation.
    pub secret_base32: String,
    /// `otpauth://` URI of the secret.
    pub uri: String,
}

impl App {
    /// Offers a fresh TOTP secret to the actor (the second factor is optional for the public and
    /// already set for staff).
    pub async fn offer_totp(&self, ctx: &Ctx) -> Result<TotpOffer, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let secret = passwords::random_bytes::<20>()?;
        let label = format!("{}", actor.account_id);
        Ok(TotpOffer {
            secret_base32: totp::base32(&secret),
            uri: crate::staff::totp_uri(&label, &secret),
        })
    }

    /// Turns the second factor on with an offered secret, proven by a current code from it.
    pub async fn enable_totp(
        &self,
        ctx: &Ctx,
        secret_base32: &str,
        code: &str,
    ) -> Result<(), AppError> {
        let id = ctx
            .actor
            .as_ref()
            .ok_or(AppError::Unauthenticated)?
            .account_id;
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::UpdateAccount,
            Resource::Account(id),
            "accounts.totp_enable",
            &target,
        )
        .await?;
        let secret = totp::from_base32(secret_base32)
            .filter(|s| s.len() >= 16)
            .ok_or_else(|| AppError::invalid("accounts.invalid_totp_secret", "密钥格式不正确"))?;
        let Some(step) = totp::verify(&secret, code, self.clock.now().unix_timestamp()) else {
            return Err(self
                .audit_refusal(
                    ctx,
                    "accounts.totp_enable",
                    &target,
                    AppError::invalid("accounts.invalid_code", "动态验证码不正确"),
                )
                .await);
        };
        let mut tx = self.store.begin().await?;
        tx.set_totp_secret(id, Some(&secret)).await?;
        tx.set_totp_last_step(id, step).await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.totp_enable",
            &target,
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Turns the optional second factor off again (public accounts only; staff must keep it),
    /// after checking the password.
    pub async fn disable_totp(&self, ctx: &Ctx, password: String) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let (id, kind) = (actor.account_id, actor.kind);
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::UpdateAccount,
            Resource::Account(id),
            "accounts.totp_disable",
            &target,
        )
        .await?;
        if kind == AccountKind::Staff {
            return Err(AppError::invalid(
                "accounts.totp_mandatory",
                "法院工作人员必须使用动态验证码",
            ));
        }
        let hash = {
            let mut tx = self.store.begin().await?;
            tx.account(id)
                .await?
                .ok_or(AppError::NotFound)?
                .password_hash
        };
        if !passwords::verify(password, hash).await? {
            return Err(self
                .audit_refusal(
                    ctx,
                    "accounts.totp_disable",
                    &target,
                    AppError::invalid("accounts.wrong_password", "当前密码不正确"),
                )
                .await);
        }
        let mut tx = self.store.begin().await?;
        tx.set_totp_secret(id, None).await?;
        self.audit(
            &mut *tx,
            ctx,
            "accounts.totp_disable",
            &target,
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn login_hints(account: &Account) -> Vec<&str> {
    [
        account.phone.as_deref(),
        account.id_number.as_deref(),
        account.username.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The actor an account becomes through a session.
fn actor_of(account: &Account, session: &Session) -> Actor {
    Actor {
        account_id: account.id,
        session_id: session.id,
        kind: account.kind,
        name: account.name.clone(),
        roles: account.roles.clone(),
        court_id: account.court_id,
        verification: account.verification,
        csrf_token: session.csrf_token.clone(),
    }
}
