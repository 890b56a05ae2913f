//! Accounts (Rules arts. 14–15): members of the public who register with their real identity —
//! natural persons, organisations, lawyers — and court staff, who are created by an administrator,
//! belong to a court and carry roles.

use fayuan_core::id::{AccountId, CourtId, DivisionId};
use fayuan_core::str_enum;
use time::OffsetDateTime;

use crate::DomainError;

str_enum! {
    /// What kind of account this is.
    pub enum AccountKind {
        /// A natural person (自然人) registered with a citizen identity number.
        Person = "person" / "自然人",
        /// A legal person or other organisation registered with its USCC.
        Organisation = "organisation" / "法人或非法人组织",
        /// A practising lawyer registered with identity number and licence number.
        Lawyer = "lawyer" / "律师",
        /// Court staff, created by an administrator.
        Staff = "staff" / "法院工作人员",
    }
}

str_enum! {
    /// A staff role; an account may hold several. Public accounts hold none.
    pub enum Role {
        /// 法官 (承办法官, 审判长).
        Judge = "judge" / "法官",
        /// 法官助理.
        JudgeAssistant = "judge_assistant" / "法官助理",
        /// 书记员.
        Clerk = "clerk" / "书记员",
        /// 立案庭工作人员, reviews filings.
        FilingOfficer = "filing_officer" / "立案人员",
        /// 执行员.
        EnforcementOfficer = "enforcement_officer" / "执行员",
        /// 调解员 (court-appointed).
        Mediator = "mediator" / "调解员",
        /// 档案管理员.
        Archivist = "archivist" / "档案管理员",
        /// 庭长: approves within a division.
        DivisionChief = "division_chief" / "庭长",
        /// 院长: approves extensions and court-wide matters.
        CourtPresident = "court_president" / "院长",
        /// 系统管理员 (一线运维, Rules art. 37): users, roles, courts, audit.
        Admin = "admin" / "系统管理员",
    }
}

str_enum! {
    /// Result of real-name identity verification (实名认证, Rules art. 14).
    pub enum Verification {
        /// Not yet checked against the identity registry.
        Pending = "pending" / "待核验",
        /// The registry confirmed the identity.
        Verified = "verified" / "已认证",
        /// The registry did not confirm the identity.
        Rejected = "rejected" / "未通过",
    }
}

str_enum! {
    /// Whether the account may log in.
    pub enum AccountStatus {
        /// Normal.
        Active = "active" / "正常",
        /// Disabled by an administrator.
        Disabled = "disabled" / "已停用",
    }
}

/// A stored account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Identifier.
    pub id: AccountId,
    /// Kind of account.
    pub kind: AccountKind,
    /// Real name of the person or organisation (staff: full name).
    pub name: String,
    /// Staff login name; `None` for the public.
    pub username: Option<String>,
    /// Mobile phone (11 digits), the verified channel for codes.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Citizen identity number (persons, lawyers, staff where given).
    pub id_number: Option<String>,
    /// Unified social credit code (organisations).
    pub uscc: Option<String>,
    /// Legal representative's name (organisations).
    pub legal_representative: Option<String>,
    /// Lawyer's practising licence number (执业证号).
    pub licence_number: Option<String>,
    /// Lawyer's law firm.
    pub law_firm: Option<String>,
    /// argon2id PHC string.
    pub password_hash: String,
    /// TOTP secret (raw bytes, hex in storage); mandatory for staff.
    pub totp_secret: Option<Vec<u8>>,
    /// Last accepted TOTP time step, to refuse replays of one code.
    pub totp_last_step: Option<i64>,
    /// Identity verification result.
    pub verification: Verification,
    /// Registry's explanation of the verification result.
    pub verification_note: String,
    /// Active or disabled.
    pub status: AccountStatus,
    /// Staff: the court they work at.
    pub court_id: Option<CourtId>,
    /// Staff: their division.
    pub division_id: Option<DivisionId>,
    /// Staff roles.
    pub roles: Vec<Role>,
    /// When the account was created.
    pub created_at: OffsetDateTime,
}

impl Account {
    /// Whether the account holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Minimum password policy: at least 10 characters with at least three of the four classes
/// (lower case, upper case, digit, other), and not the login itself.
pub fn check_password_policy(password: &str, login_hints: &[&str]) -> Result<(), DomainError> {
    let chars = password.chars().count();
    if !(10..=128).contains(&chars) {
        return Err(DomainError::invalid(
            "accounts.weak_password",
            "密码长度应为10至128个字符",
        ));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|&&c| c).count() < 3 {
        return Err(DomainError::invalid(
            "accounts.weak_password",
            "密码应至少包含小写字母、大写字母、数字、符号中的三类",
        ));
    }
    if login_hints
        .iter()
        .any(|h| !h.is_empty() && password.contains(h))
    {
        return Err(DomainError::invalid(
            "accounts.weak_password",
            "密码不得包含手机号、证件号或用户名",
        ));
    }
    Ok(())
}

/// Validates and normalises a mainland mobile number (11 digits starting 1[3-9]).
pub fn normalise_phone(phone: &str) -> Result<String, DomainError> {
    let digits: String = phone
        .trim()
        .trim_start_matches("+86")
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .collect();
    let bytes = digits.as_bytes();
    if bytes.len() == 11
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && bytes.iter().all(u8::is_ascii_digit)
    {
        Ok(digits)
    } else {
        Err(DomainError::invalid(
            "accounts.invalid_phone",
            "手机号码格式不正确",
        ))
    }
}

/// Validates and normalises (lower-cases) an e-mail address; deliberately simple.
pub fn normalise_email(email: &str) -> Result<String, DomainError> {
    let email = email.trim().to_lowercase();
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
                && email.len() <= 254 =>
        {
            Ok(email)
        }
        _ => Err(DomainError::invalid(
            "accounts.invalid_email",
            "电子邮箱格式不正确",
        )),
    }
}

/// Validates a real name: 1–100 characters, no control characters.
pub fn check_name(name: &str, code: &'static str) -> Result<String, DomainError> {
    let name = name.trim();
    let len = name.chars().count();
    if len == 0 || len > 100 || name.chars().any(char::is_control) {
        return Err(DomainError::invalid(code, "名称不能为空且不超过100个字符"));
    }
    Ok(name.to_string())
}

/// Validates a lawyer's practising licence number: 17 digits (律师执业证号).
pub fn check_licence_number(licence: &str) -> Result<String, DomainError> {
    let licence = licence.trim();
    if licence.len() == 17 && licence.bytes().all(|b| b.is_ascii_digit()) {
        Ok(licence.to_string())
    } else {
        Err(DomainError::invalid(
            "accounts.invalid_licence_number",
            "律师执业证号应为17位数字",
        ))
    }
}

/// Validates a staff username: 3–32 lower-case letters, digits, `.`, `_` or `-`, starting with a
/// letter (so it can never be mistaken for a phone or ID number at login).
pub fn check_username(username: &str) -> Result<String, DomainError> {
    let u = username.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.starts_with(|c: char| c.is_ascii_lowercase())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(DomainError::invalid(
            "accounts.invalid_username",
            "用户名应为3至32位小写字母、数字或._-，以字母开头",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        assert!(check_password_policy("Fayuan-2026!", &[]).is_ok());
        assert!(check_password_policy("short1A!", &[]).is_err());
        assert!(check_password_policy("alllowercaseletters", &[]).is_err());
        assert!(check_password_policy("Ab13800138000", &["13800138000"]).is_err());
    }

    #[test]
    fn phones_and_emails() {
        assert_eq!(normalise_phone("+86 138-0013-8000").unwrap(), "13800138000");
        assert!(normalise_phone("12800138000").is_err());
        assert!(normalise_phone("1380013800").is_err());
        assert_eq!(normalise_email(" A@Example.CN ").unwrap(), "a@example.cn");
        assert!(normalise_email("a@b").is_err());
    }

    #[test]
    fn usernames_and_licences() {
        assert_eq!(check_username("Judge.Wang").unwrap(), "judge.wang");
        assert!(check_username("1judge").is_err());
        assert!(check_licence_number("11101201810012345").is_ok());
        assert!(check_licence_number("1110120181001234X").is_err());
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
    }
}
