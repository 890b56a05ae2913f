//! Password hashing with Argon2id, and random secrets.

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

use crate::AppError;

/// How expensive a password hash is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCost {
    /// OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane.
    Standard,
    /// Cheap parameters for tests only.
    Fast,
}

fn hasher(cost: PasswordCost) -> Result<Argon2<'static>, AppError> {
    let params = match cost {
        PasswordCost::Standard => Params::new(19 * 1024, 2, 1, None),
        PasswordCost::Fast => Params::new(1024, 1, 1, None),
    }
    .map_err(|e| AppError::Internal(format!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (on a blocking thread: it takes tens of milliseconds).
pub async fn hash(password: String, cost: PasswordCost) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = random_bytes::<16>()?;
        hasher(cost)?
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("join: {e}")))?
}

/// Checks a password against a PHC string. The parameters stored in the hash are used, so hashes
/// made with other costs still verify.
pub async fn verify(password: String, phc: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return Ok(false);
        };
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| AppError::Internal(format!("join: {e}")))?
}

/// A valid Argon2id hash (standard cost) of a random password nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wJ8rY0mOmhw2mBmCOxrYgUe0xOSrKpK9lSM7d0LX7Ao";

/// Spends the time of a real password check without any account, so that an unknown login
/// cannot be told from a wrong password by timing.
pub async fn verify_dummy(password: String) -> Result<(), AppError> {
    verify(password, DUMMY_HASH.to_string()).await.map(|_| ())
}

/// `N` bytes from the operating system's random generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(buf)
}

/// A fresh random token (256 bits, hex).
pub fn new_token() -> Result<String, AppError> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// SHA-256 of a token, hex: what is stored instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random decimal code of six digits.
pub fn new_numeric_code() -> Result<String, AppError> {
    let n = u32::from_le_bytes(random_bytes::<4>()?) % 1_000_000;
    Ok(format!("{n:06}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_reject() {
        let h = hash("Correct-Horse-1".into(), PasswordCost::Fast)
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Correct-Horse-1".into(), h.clone()).await.unwrap());
        assert!(!verify("wrong".into(), h).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[test]
    fn the_dummy_hash_is_a_real_hash() {
        // Were it unparsable, verify_dummy would return at once and leak timing.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
