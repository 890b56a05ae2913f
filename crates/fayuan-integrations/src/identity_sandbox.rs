//! The identity-registry sandbox (standing in for 公安户籍管理系统, Rules art. 14 ¶3).
//!
//! How it decides, deterministically:
//! 1. A number known to the sandbox (seeded by `--demo`, or by the operator) is **verified** when
//!    the claimed name equals the recorded name, and **rejected** (姓名不一致) otherwise.
//! 2. An unknown identity number whose sequence code (digits 15–17) is `000` is **rejected**
//!    (查无此人) — the way to exercise the rejection path.
//! 3. Any other unknown number (already checksum-valid: the caller validated it) is **verified**,
//!    so testers can register with any well-formed number.
//!
//! Credit codes follow the same rules, with "unknown and ending in `0`" standing for 查无此单位.

use std::sync::Arc;

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::accounts::Verification;
use fayuan_domain::ports::{IdentityCheck, IdentityClaim, IdentityRegistry};
use fayuan_domain::store::Store;

/// The sandbox registry, backed by the `sandbox_identities` table.
#[derive(Clone)]
pub struct SandboxIdentityRegistry {
    store: Arc<dyn Store>,
}

impl SandboxIdentityRegistry {
    /// A sandbox reading the given store.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}

fn check(verification: Verification, note: &str) -> IdentityCheck {
    IdentityCheck {
        verification,
        note: format!("沙箱：{note}"),
    }
}

#[async_trait]
impl IdentityRegistry for SandboxIdentityRegistry {
    async fn verify(&self, claim: &IdentityClaim) -> Result<IdentityCheck, DomainError> {
        let (number, name, unknown_means_absent) = match claim {
            IdentityClaim::Person { id_number, name }
            | IdentityClaim::Lawyer {
                id_number, name, ..
            } => (id_number, name, id_number.get(14..17) == Some("000")),
            IdentityClaim::Organisation { uscc, name, .. } => (uscc, name, uscc.ends_with('0')),
        };
        let known = {
            let mut tx = self.store.begin().await?;
            tx.sandbox_identity(number).await?
        };
        Ok(match known {
            Some(recorded) if recorded == *name => check(Verification::Verified, "身份信息一致"),
            Some(_) => check(Verification::Rejected, "姓名与证件号码不一致"),
            None if unknown_means_absent => check(Verification::Rejected, "查无此人或此单位"),
            None => check(Verification::Verified, "未登记的号码按一致处理"),
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}
