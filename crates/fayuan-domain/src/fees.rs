//! Fees (Rules art. 18; 诉讼费用交纳办法): fee notices issued at docketing, online payment through
//! the payment gateway, and the signed notifications the gateway sends back.

use fayuan_core::id::{AccountId, CaseId, FeeNoticeId, FeeReliefId, PaymentId, RefundId};
use fayuan_core::time_limit::Procedure;

use crate::docket::ClosureMode;
use fayuan_core::money::Fen;
use fayuan_core::str_enum;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::Date;

str_enum! {
    /// Where a fee notice stands.
    pub enum FeeNoticeStatus {
        /// Issued, not yet paid.
        Unpaid = "unpaid" / "待交费",
        /// Paid in full.
        Paid = "paid" / "已交费",
        /// Payment deferred by judicial aid (缓交, art. 47): still payable, never overdue.
        Deferred = "deferred" / "缓交",
        /// Waived by judicial aid (免交, art. 45).
        Waived = "waived" / "免交",
    }
}

str_enum! {
    /// Judicial aid on fees (司法救助, 诉讼费用交纳办法 arts. 44–47).
    pub enum ReliefKind {
        /// 缓交 (art. 47).
        Deferral = "deferral" / "缓交",
        /// 减交, by at least 30 % (art. 46).
        Reduction = "reduction" / "减交",
        /// 免交, natural persons only (arts. 44, 45).
        Waiver = "waiver" / "免交",
    }
}

str_enum! {
    /// Where a judicial-aid application stands.
    pub enum ReliefStatus {
        /// Waiting for the court.
        Requested = "requested" / "待审查",
        /// Granted.
        Granted = "granted" / "已准予",
        /// Refused, with written reasons (art. 48 ¶3).
        Refused = "refused" / "不予准许",
    }
}

/// The smallest reduction the court may grant (art. 46 ¶2: 减交比例不得低于30%).
pub const MIN_REDUCTION_PERCENT: u8 = 30;

/// An application for judicial aid on a fee notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeReliefApplication {
    /// Identifier.
    pub id: FeeReliefId,
    /// The notice.
    pub fee_notice_id: FeeNoticeId,
    /// Its case.
    pub case_id: CaseId,
    /// Who applies (the payer).
    pub applicant_id: AccountId,
    /// What is asked.
    pub kind: ReliefKind,
    /// The reduction asked for, in percent (reductions only).
    pub percent: Option<u8>,
    /// The circumstances, with the ground relied on.
    pub reason: String,
    /// Status.
    pub status: ReliefStatus,
    /// Who decided.
    pub decided_by: Option<AccountId>,
    /// The written decision (reasons for a refusal).
    pub decision_note: String,
    /// Filed (µs).
    pub created_at_us: i64,
}

/// Checks an application before it is filed: waivers only for natural persons (art. 44 ¶2),
/// reductions between 30 % and 99 % (art. 46 ¶2; 100 % is a waiver).
pub fn check_relief(
    kind: ReliefKind,
    percent: Option<u8>,
    natural_person: bool,
) -> Result<(), crate::DomainError> {
    match kind {
        ReliefKind::Waiver if !natural_person => Err(crate::DomainError::invalid(
            "fees.waiver_natural_persons_only",
            "诉讼费用的免交只适用于自然人（《诉讼费用交纳办法》第四十四条）",
        )),
        ReliefKind::Reduction => match percent {
            Some(p) if (MIN_REDUCTION_PERCENT..=99).contains(&p) => Ok(()),
            _ => Err(crate::DomainError::invalid(
                "fees.reduction_percent",
                "减交比例应为30%至99%（《诉讼费用交纳办法》第四十六条）",
            )),
        },
        _ => Ok(()),
    }
}

/// The amount still due after a reduction of `percent` %, rounded half up to the fen.
pub fn reduced(total: Fen, percent: u8) -> Fen {
    let kept = i128::from(total.0) * i128::from(100 - percent.min(100));
    Fen(i64::try_from((kept + 50) / 100).unwrap_or(total.0))
}

str_enum! {
    /// Where a payment attempt stands.
    pub enum PaymentStatus {
        /// Created; the payer is at the gateway.
        Pending = "pending" / "支付中",
        /// The gateway confirmed it.
        Succeeded = "succeeded" / "支付成功",
        /// The gateway reported failure.
        Failed = "failed" / "支付失败",
    }
}

/// One line of a fee notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItem {
    /// What it is, e.g. 案件受理费.
    pub name: String,
    /// Amount.
    pub amount: Fen,
    /// How it was computed (one line per tier), with the legal basis.
    pub explanation: Vec<String>,
    /// Whether it is a case acceptance fee (案件受理费, art. 13), the fee closure refunds apply
    /// to, rather than an application fee (申请费, art. 14).
    #[serde(default)]
    pub acceptance_fee: bool,
}

/// A fee notice (交费通知).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNotice {
    /// Identifier.
    pub id: FeeNoticeId,
    /// Case.
    pub case_id: CaseId,
    /// Who is to pay.
    pub payer_id: AccountId,
    /// Items.
    pub items: Vec<FeeItem>,
    /// Sum of the items.
    pub total: Fen,
    /// Last day to pay (7 days from the day after notice, 诉讼费用交纳办法 art. 22).
    pub due_on: Date,
    /// Status.
    pub status: FeeNoticeStatus,
    /// Issued (µs).
    pub issued_at_us: i64,
}

/// A payment attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// Identifier, also the order number sent to the gateway.
    pub id: PaymentId,
    /// The notice paid.
    pub fee_notice_id: FeeNoticeId,
    /// Amount.
    pub amount: Fen,
    /// Status.
    pub status: PaymentStatus,
    /// The client's `Idempotency-Key`, if given: the same key returns the same payment.
    pub idempotency_key: Option<String>,
    /// The gateway's transaction reference, once settled.
    pub gateway_ref: Option<String>,
    /// Created (µs).
    pub created_at_us: i64,
    /// Settled (µs).
    pub settled_at_us: Option<i64>,
}

/// What the payment gateway notifies (the body of its callback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentNotification {
    /// Our payment id.
    pub payment_id: String,
    /// Amount in fen, which must equal the payment's.
    pub amount_fen: i64,
    /// `succeeded` or `failed`.
    pub status: String,
    /// The gateway's transaction reference.
    pub gateway_ref: String,
}

/// Money returned to the payer of a fee notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    /// Identifier.
    pub id: RefundId,
    /// The case.
    pub case_id: CaseId,
    /// The notice that was paid.
    pub fee_notice_id: FeeNoticeId,
    /// Who is refunded.
    pub payee_id: AccountId,
    /// Amount.
    pub amount: Fen,
    /// Why, with the legal basis.
    pub reason: String,
    /// Recorded (µs).
    pub created_at_us: i64,
}

/// The acceptance fee refunded when a case closes, given what was paid in advance
/// (`paid_acceptance_fee`) and the procedure it was computed under:
/// - 调解结案 or 撤诉: half (诉讼费用交纳办法 art. 15) — unless the fee was already halved for
///   summary procedure, because a fee is halved only once (民诉法解释 art. 206);
/// - 驳回起诉: all of it (art. 8: no acceptance fee for 裁定驳回起诉; refunded per art. 27).
///
/// Halves are rounded half up to the fen, so the court keeps the smaller half.
pub fn refund_on_closure(
    mode: ClosureMode,
    procedure: Procedure,
    paid_acceptance_fee: Fen,
) -> Option<(Fen, String)> {
    if paid_acceptance_fee.0 <= 0 {
        return None;
    }
    let already_halved = matches!(
        procedure,
        Procedure::CivilSummary | Procedure::CivilSmallClaims | Procedure::AdministrativeSimple
    );
    match mode {
        ClosureMode::Mediation | ClosureMode::Withdrawal if !already_halved => {
            let refund = Fen(paid_acceptance_fee.0 / 2);
            let basis = if mode == ClosureMode::Mediation {
                "以调解方式结案"
            } else {
                "当事人申请撤诉"
            };
            Some((
                refund,
                format!(
                    "{basis}，案件受理费减半交纳，退还{refund}元（《诉讼费用交纳办法》第十五条）"
                ),
            ))
        }
        ClosureMode::Dismissal => Some((
            paid_acceptance_fee,
            format!(
                "裁定驳回起诉，不交纳案件受理费，退还{paid_acceptance_fee}元（《诉讼费用交纳办法》第八条、第二十七条）"
            ),
        )),
        _ => None,
    }
}

/// HMAC-SHA256 of a callback body under the gateway's shared secret, hex.
pub fn sign_notification(secret: &[u8], body: &[u8]) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else {
        return String::new(); // HMAC takes keys of any length
    };
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` (hex) is the HMAC of `body`, compared in constant time.
pub fn verify_notification(secret: &[u8], body: &[u8], signature: &str) -> bool {
    let Ok(given) = hex::decode(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relief_rules() {
        assert!(check_relief(ReliefKind::Waiver, None, true).is_ok());
        assert!(check_relief(ReliefKind::Waiver, None, false).is_err());
        assert!(check_relief(ReliefKind::Reduction, Some(29), true).is_err());
        assert!(check_relief(ReliefKind::Reduction, Some(30), false).is_ok());
        assert!(check_relief(ReliefKind::Reduction, Some(100), true).is_err());
        assert!(check_relief(ReliefKind::Reduction, None, true).is_err());
        assert!(check_relief(ReliefKind::Deferral, None, false).is_ok());
        assert_eq!(reduced(Fen(230_000), 30), Fen(161_000));
        assert_eq!(reduced(Fen(5), 50), Fen(3), "half up");
    }

    #[test]
    fn refunds_on_closure() {
        let fee = Fen(230_000);
        assert_eq!(
            refund_on_closure(ClosureMode::Mediation, Procedure::CivilOrdinary, fee).map(|r| r.0),
            Some(Fen(115_000))
        );
        assert_eq!(
            refund_on_closure(ClosureMode::Withdrawal, Procedure::CivilOrdinary, Fen(5))
                .map(|r| r.0),
            Some(Fen(2)),
            "the court keeps the larger half of an odd fen"
        );
        assert_eq!(
            refund_on_closure(
                ClosureMode::Mediation,
                Procedure::CivilSummary,
                Fen(115_000)
            ),
            None,
            "halved only once (解释 art. 206)"
        );
        assert_eq!(
            refund_on_closure(
                ClosureMode::Dismissal,
                Procedure::CivilSummary,
                Fen(115_000)
            )
            .map(|r| r.0),
            Some(Fen(115_000))
        );
        assert_eq!(
            refund_on_closure(ClosureMode::Judgment, Procedure::CivilOrdinary, fee),
            None
        );
        assert_eq!(
            refund_on_closure(ClosureMode::Mediation, Procedure::CivilOrdinary, Fen::ZERO),
            None
        );
    }

    #[test]
    fn signatures_verify_and_reject_tampering() {
        let body =
            br#"{"payment_id":"x","amount_fen":230000,"status":"succeeded","gateway_ref":"r"}"#;
        let sig = sign_notification(b"secret", body);
        assert!(verify_notification(b"secret", body, &sig));
        assert!(!verify_notification(b"other", body, &sig));
        assert!(!verify_notification(b"secret", b"{}", &sig));
        assert!(!verify_notification(b"secret", body, "zz"));
    }
}
