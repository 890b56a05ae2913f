//! Staff accounts (Rules art. 37, 一线运维: 用户管理、权限分配): administrators create them with
//! roles and a TOTP secret, change roles, disable and re-enable them.

use fayuan_core::id::{AccountId, CourtId, DivisionId};
use fayuan_core::totp;
use fayuan_domain::accounts::{
    Account, AccountKind, AccountStatus, Role, Verification, check_name, check_password_policy,
    check_username, normalise_phone,
};
use fayuan_domain::security::AuditOutcome;

use crate::passwords::{self, random_bytes};
use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// A new staff account.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Optional phone (for password reset).
    pub phone: Option<String>,
    /// Court.
    pub court_id: CourtId,
    /// Division, if any.
    pub division_id: Option<DivisionId>,
    /// Roles (at least one).
    pub roles: Vec<Role>,
    /// Initial password.
    pub password: String,
}

/// A staff account just created, with its TOTP secret shown once.
#[derive(Debug, Clone)]
pub struct CreatedStaff {
    /// The account.
    pub account: Account,
    /// TOTP secret in base32, for an authenticator app.
    pub totp_secret_base32: String,
    /// `otpauth://` URI of the secret.
    pub totp_uri: String,
}

/// The `otpauth://` URI for an account's TOTP secret.
pub fn totp_uri(username: &str, secret: &[u8]) -> String {
    format!(
        "otpauth://totp/fayuan:{username}?secret={}&issuer=fayuan&digits=6&period=30",
        totp::base32(secret)
    )
}

impl App {
    /// Creates a staff account (administrators, or the operator's `fayuan user add`).
    pub async fn create_staff(&self, ctx: &Ctx, new: NewStaff) -> Result<CreatedStaff, AppError> {
        self.authorise(
            ctx,
            Action::ManageStaff,
            Resource::System,
            "staff.create",
            "account:new",
        )
        .await?;
        let username = check_username(&new.username)?;
        if new.roles.is_empty() {
            return Err(AppError::invalid("staff.no_role", "至少指定一个角色"));
        }
        let phone = new
            .phone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .map(normalise_phone)
            .transpose()?;
        let hints: Vec<&str> = [Some(username.as_str()), phone.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        check_password_policy(&new.password, &hints)?;
        let secret = random_bytes::<20>()?.to_vec();
        let account = Account {
            id: AccountId::new(),
            kind: AccountKind::Staff,
            name: check_name(&new.name, "accounts.invalid_name")?,
            username: Some(username.clone()),
            phone,
            email: None,
            id_number: None,
            uscc: None,
            legal_representative: None,
            licence_number: None,
            law_firm: None,
            password_hash: passwords::hash(new.password, self.config.password_cost).await?,
            totp_secret: Some(secret.clone()),
            totp_last_step: None,
            verification: Verification::Verified,
            verification_note: "法院工作人员由管理员核验".into(),
            status: AccountStatus::Active,
            court_id: Some(new.court_id),
            division_id: new.division_id,
            roles: new.roles,
            created_at: self.clock.now(),
        };
        let mut tx = self.store.begin().await?;
        tx.court(new.court_id)
            .await?
            .ok_or_else(|| AppError::invalid("staff.unknown_court", "法院不存在"))?;
        if let Some(division) = new.division_id {
            let d = tx.division(division).await?;
            if d.is_none_or(|d| d.court_id != new.court_id) {
                return Err(AppError::invalid(
                    "staff.unknown_division",
                    "部门不属于该法院",
                ));
            }
        }
        if let Err(e) = tx.insert_account(&account).await {
            drop(tx);
            return Err(self
                .audit_refusal(ctx, "staff.create", "account:new", e.into())
                .await);
        }
        let roles: Vec<&str> = account.roles.iter().map(|r| r.as_str()).collect();
        self.audit(
            &mut *tx,
            ctx,
            "staff.create",
            &format!("account:{}", account.id),
            AuditOutcome::Success,
            &format!("roles={}", roles.join(",")),
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedStaff {
            totp_secret_base32: totp::base32(&secret),
            totp_uri: totp_uri(&username, &secret),
            account,
        })
    }

    /// Staff accounts, optionally of one court.
    pub async fn list_staff(
        &self,
        ctx: &Ctx,
        court: Option<CourtId>,
    ) -> Result<Vec<Account>, AppError> {
        self.authorise(
            ctx,
            Action::ManageStaff,
            Resource::System,
            "staff.list",
            "staff",
        )
        .await?;
        let mut tx = self.store.begin().await?;
        let staff = tx.list_staff(court).await?;
        self.audit(
            &mut *tx,
            ctx,
            "staff.list",
            "staff",
            AuditOutcome::Success,
            &format!("{} accounts", staff.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(staff)
    }

    /// Replaces a staff account's roles (a permission change: audited with before and after).
    pub async fn set_staff_roles(
        &self,
        ctx: &Ctx,
        id: AccountId,
        roles: Vec<Role>,
    ) -> Result<Account, AppError> {
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::ManageStaff,
            Resource::Account(id),
            "security.roles_change",
            &target,
        )
        .await?;
        if roles.is_empty() {
            return Err(AppError::invalid("staff.no_role", "至少指定一个角色"));
        }
        let mut tx = self.store.begin().await?;
        let mut account = tx
            .account(id)
            .await?
            .filter(|a| a.kind == AccountKind::Staff)
            .ok_or(AppError::NotFound)?;
        let names = |roles: &[Role]| {
            roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        let detail = format!("{} -> {}", names(&account.roles), names(&roles));
        tx.set_roles(id, &roles).await?;
        tx.delete_sessions_of(id).await?;
        self.audit(
            &mut *tx,
            ctx,
            "security.roles_change",
            &target,
            AuditOutcome::Success,
            &detail,
        )
        .await?;
        tx.commit().await?;
        account.roles = roles;
        Ok(account)
    }

    /// Disables or re-enables an account; disabling ends its sessions. Administrators cannot
    /// disable themselves (so an installation never loses its last administrator by accident).
    pub async fn set_account_status(
        &self,
        ctx: &Ctx,
        id: AccountId,
        status: AccountStatus,
    ) -> Result<(), AppError> {
        let target = format!("account:{id}");
        self.authorise(
            ctx,
            Action::ManageStaff,
            Resource::Account(id),
            "security.status_change",
            &target,
        )
        .await?;
        if ctx.actor.as_ref().is_some_and(|a| a.account_id == id)
            && status == AccountStatus::Disabled
        {
            return Err(AppError::invalid(
                "staff.disable_self",
                "不能停用自己的账号",
            ));
        }
        let mut tx = self.store.begin().await?;
        tx.account(id).await?.ok_or(AppError::NotFound)?;
        tx.set_status(id, status).await?;
        if status == AccountStatus::Disabled {
            tx.delete_sessions_of(id).await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "security.status_change",
            &target,
            AuditOutcome::Success,
            status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The current TOTP code of a staff account (operator CLI `fayuan demo totp`, demo only).
    pub async fn current_totp(&self, login: &str) -> Result<String, AppError> {
        let mut tx = self.store.begin().await?;
        let account = tx
            .account_by_login(&crate::accounts::normalise_login(login))
            .await?
            .ok_or(AppError::NotFound)?;
        let secret = account
            .totp_secret
            .ok_or_else(|| AppError::invalid("staff.no_totp", "该账号未启用动态验证码"))?;
        Ok(totp::code_at(&secret, self.clock.now().unix_timestamp()))
    }
}

impl App {
    /// The active judges of the actor's own court (id and name, by name): the directory court
    /// staff need for assignment forms and case lists. Judges' names are public (they sign
    /// judgments), so reading them is not audited.
    pub async fn court_judges(&self, ctx: &Ctx) -> Result<Vec<(AccountId, String)>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let court = actor
            .court_id
            .filter(|_| actor.kind == AccountKind::Staff)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.store.begin().await?;
        let mut judges: Vec<(AccountId, String)> = tx
            .list_staff(Some(court))
            .await?
            .into_iter()
            .filter(|a| a.has_role(Role::Judge) && a.status == AccountStatus::Active)
            .map(|a| (a.id, a.name))
            .collect();
        judges.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(judges)
    }
}
