//! The one error type of the use cases; the web edge maps each variant to an HTTP status and a
//! problem+json body with the stable `code`.

use fayuan_domain::DomainError;

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid session: log in first.
    #[error("请先登录")]
    Unauthenticated,
    /// Wrong login or password (identical for unknown accounts), or a wrong TOTP code.
    #[error("账号或密码错误")]
    InvalidCredentials,
    /// The password was right but the account needs its TOTP code.
    #[error("请输入动态验证码")]
    TotpRequired,
    /// Too many failed attempts; retry after the given seconds.
    #[error("尝试次数过多，请{retry_after_secs}秒后再试")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: i64,
    },
    /// The actor's role does not allow this action.
    #[error("没有权限")]
    Forbidden,
    /// Not found — or not visible to this actor, which must look the same.
    #[error("未找到")]
    NotFound,
    /// Input broke a rule.
    #[error("{message}")]
    Invalid {
        /// Stable code.
        code: &'static str,
        /// Explanation (Chinese).
        message: String,
    },
    /// The thing exists already.
    #[error("{message}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Explanation (Chinese).
        message: String,
    },
    /// A failure that is not the caller's fault; details go to the log only.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    /// The stable snake_case code, also the i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "auth.required",
            AppError::InvalidCredentials => "auth.invalid_credentials",
            AppError::TotpRequired => "auth.totp_required",
            AppError::Throttled { .. } => "auth.throttled",
            AppError::Forbidden => "auth.forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { code, .. } | AppError::Conflict { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }

    /// Shorthand for [`AppError::Invalid`].
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            message: message.into(),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid { code, message } => AppError::Invalid { code, message },
            DomainError::Conflict { what } => conflict(&what),
            DomainError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<fayuan_core::identity::IdentityError> for AppError {
    fn from(e: fayuan_core::identity::IdentityError) -> Self {
        AppError::Invalid {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// Names the collision of a unique field for people.
fn conflict(what: &str) -> AppError {
    let (code, message) = match what {
        "id_number" => ("accounts.duplicate_id_number", "该公民身份号码已注册账号"),
        "uscc" => ("accounts.duplicate_uscc", "该统一社会信用代码已注册账号"),
        "phone" => ("accounts.duplicate_phone", "该手机号码已被其他账号使用"),
        "email" => ("accounts.duplicate_email", "该电子邮箱已被其他账号使用"),
        "username" => ("accounts.duplicate_username", "该用户名已被使用"),
        "code" => ("court.duplicate_code", "该法院代字已被使用"),
        _ => ("conflict", "记录已存在"),
    };
    AppError::Conflict {
        code,
        message: message.into(),
    }
}
