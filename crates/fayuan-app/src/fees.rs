//! Fees and online payment (Rules art. 18; 诉讼费用交纳办法): what is due in advance at docketing,
//! payments through the gateway, and the signed callbacks — verified, idempotent, audited.

use fayuan_core::clock::to_micros;
use fayuan_core::fee::{AdministrativeKind, FeeAmount, FeeKind, FeeOptions, FeeSchedule, quote};
use fayuan_core::id::{FeeNoticeId, FeeReliefId, PaymentId};
use fayuan_core::money::Fen;
use fayuan_core::time_limit::Procedure;
use fayuan_domain::docket::Case;
use fayuan_domain::fees::{
    FeeItem, FeeNotice, FeeNoticeStatus, FeeReliefApplication, MIN_REDUCTION_PERCENT, Payment,
    PaymentNotification, PaymentStatus, ReliefKind, ReliefStatus, check_relief, reduced,
};
use fayuan_domain::filing::{FilingApplication, FilingCategory, PartyKind, PartyRole};
use fayuan_domain::security::AuditOutcome;

use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// How long a payment may stay pending before reconciliation marks it failed.
pub const PAYMENT_TIMEOUT: time::Duration = time::Duration::minutes(30);

/// The fee the applicant pays in advance when the case is docketed, if any (诉讼费用交纳办法
/// art. 20: the plaintiff or applicant prepays; execution fees are paid after execution).
pub fn advance_fee(
    filing: &FilingApplication,
    procedure: Procedure,
    schedule: &FeeSchedule,
) -> Result<Option<FeeItem>, AppError> {
    let claimed = filing.total_claimed().filter(|a| a.0 > 0);
    let (kind, name) = match filing.category {
        FilingCategory::CivilFirstInstance => match claimed {
            Some(amount) => (FeeKind::Property { amount }, "案件受理费"),
            None => (FeeKind::OtherNonProperty, "案件受理费"),
        },
        FilingCategory::AdministrativeFirstInstance => (
            FeeKind::Administrative {
                administrative: AdministrativeKind::Other,
            },
            "案件受理费",
        ),
        // 诉讼费用交纳办法 art. 8 (一): cases of the special procedure pay no acceptance fee.
        FilingCategory::Enforcement | FilingCategory::JudicialConfirmation => return Ok(None),
        FilingCategory::Preservation => (FeeKind::Preservation { amount: claimed }, "申请费"),
        FilingCategory::PaymentOrder => match claimed {
            Some(amount) => (FeeKind::PaymentOrder { amount }, "申请费"),
            None => {
                return Err(AppError::invalid(
                    "fees.amount_required",
                    "申请支付令须写明请求给付的金额",
                ));
            }
        },
    };
    let summary = matches!(
        procedure,
        Procedure::CivilSummary | Procedure::CivilSmallClaims | Procedure::AdministrativeSimple
    );
    let options = FeeOptions {
        summary_procedure: summary && kind.is_acceptance_fee(),
        ..FeeOptions::default()
    };
    let q = quote(&kind, &options, schedule)
        .map_err(|e| AppError::invalid("fees.not_computable", e.to_string()))?;
    let mut explanation = q.explanation;
    let amount = match q.amount {
        FeeAmount::Fixed(amount) => amount,
        FeeAmount::Range { min, max } => {
            explanation.push(format!(
                "按幅度{min}至{max}元的下限预收，法院可依本省标准调整"
            ));
            min
        }
    };
    Ok(Some(FeeItem {
        name: name.into(),
        amount,
        explanation,
        acceptance_fee: kind.is_acceptance_fee(),
    }))
}

/// A payment with the fee notice it pays and the case that notice belongs to.
#[derive(Debug, Clone)]
pub struct PaymentInCase {
    /// The payment.
    pub payment: Payment,
    /// Its fee notice.
    pub notice: FeeNotice,
    /// The notice's case.
    pub case: Case,
}

/// A payment just created, with where the payer goes to pay.
#[derive(Debug, Clone)]
pub struct StartedPayment {
    /// The payment.
    pub payment: Payment,
    /// The gateway's checkout page.
    pub checkout_url: String,
}

impl App {
    /// A fee notice with the case it belongs to, if the actor may see it.
    async fn notice_for(
        &self,
        ctx: &Ctx,
        id: FeeNoticeId,
        action: Action,
        audit_action: &str,
    ) -> Result<(FeeNotice, Case), AppError> {
        let target = format!("fee_notice:{id}");
        let mut tx = self.store.begin().await?;
        let notice = tx.fee_notice(id).await?;
        let case = match &notice {
            Some(n) => tx.case(n.case_id).await?,
            None => None,
        };
        drop(tx);
        let (Some(notice), Some(case)) = (notice, case) else {
            return Err(self
                .audit_refusal(ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        self.authorise(
            ctx,
            action,
            crate::docket::case_resource(&case, ctx.actor.as_ref()),
            audit_action,
            &target,
        )
        .await?;
        Ok((notice, case))
    }

    /// Starts paying a fee notice online. With an idempotency key, repeating the request returns
    /// the same payment instead of a second one.
    pub async fn start_payment(
        &self,
        ctx: &Ctx,
        notice_id: FeeNoticeId,
        idempotency_key: Option<String>,
    ) -> Result<StartedPayment, AppError> {
        let notice = self
            .notice_for(ctx, notice_id, Action::PayFees, "fees.pay")
            .await?
            .0;
        if matches!(
            notice.status,
            FeeNoticeStatus::Paid | FeeNoticeStatus::Waived
        ) {
            return Err(AppError::Conflict {
                code: "fees.already_paid",
                message: format!("该笔费用{}，无须交纳", notice.status.label()),
            });
        }
        let key = idempotency_key
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty());
        if key.as_ref().is_some_and(|k| k.len() > 200) {
            return Err(AppError::invalid(
                "fees.bad_idempotency_key",
                "Idempotency-Key 过长",
            ));
        }
        let mut tx = self.store.begin().await?;
        if let Some(k) = &key
            && let Some(existing) = tx.payment_by_key(notice_id, k).await?
        {
            return Ok(StartedPayment {
                checkout_url: self.payments.checkout_url(&existing),
                payment: existing,
            });
        }
        let payment = Payment {
            id: PaymentId::new(),
            fee_notice_id: notice_id,
            amount: notice.total,
            status: PaymentStatus::Pending,
            idempotency_key: key,
            gateway_ref: None,
            created_at_us: to_micros(self.clock.now()),
            settled_at_us: None,
        };
        tx.insert_payment(&payment).await?;
        self.audit(
            &mut *tx,
            ctx,
            "fees.pay",
            &format!("payment:{}", payment.id),
            AuditOutcome::Success,
            &payment.amount.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(StartedPayment {
            checkout_url: self.payments.checkout_url(&payment),
            payment,
        })
    }

    /// A payment, if the actor may see its notice.
    pub async fn payment(&self, ctx: &Ctx, id: PaymentId) -> Result<PaymentInCase, AppError> {
        let payment = {
            let mut tx = self.store.begin().await?;
            tx.payment(id).await?
        };
        let Some(payment) = payment else {
            return Err(self
                .audit_refusal(
                    ctx,
                    "fees.read_payment",
                    &format!("payment:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let (notice, case) = self
            .notice_for(
                ctx,
                payment.fee_notice_id,
                Action::PayFees,
                "fees.read_payment",
            )
            .await?;
        Ok(PaymentInCase {
            payment,
            notice,
            case,
        })
    }

    /// Handles the gateway's callback: the signature must verify and the amount must match; a
    /// notification for a payment already settled changes nothing (replays are harmless). Every
    /// outcome is audited; forged and mismatched notifications are refused.
    pub async fn payment_callback(
        &self,
        ctx: &Ctx,
        body: &[u8],
        signature: &str,
    ) -> Result<Payment, AppError> {
        if !self.payments.verify_callback(body, signature) {
            return Err(self
                .audit_refusal(
                    ctx,
                    "fees.callback",
                    "payment:unknown",
                    AppError::invalid("fees.bad_signature", "回调签名无效"),
                )
                .await);
        }
        let n: PaymentNotification = serde_json::from_slice(body)
            .map_err(|_| AppError::invalid("fees.bad_callback", "回调内容格式不正确"))?;
        let id: PaymentId = n
            .payment_id
            .parse()
            .map_err(|_| AppError::invalid("fees.bad_callback", "支付单号不正确"))?;
        let target = format!("payment:{id}");
        let succeeded = match n.status.as_str() {
            "succeeded" => true,
            "failed" => false,
            _ => {
                return Err(self
                    .audit_refusal(
                        ctx,
                        "fees.callback",
                        &target,
                        AppError::invalid("fees.bad_callback", "支付状态不正确"),
                    )
                    .await);
            }
        };
        let mut tx = self.store.begin().await?;
        let Some(mut payment) = tx.payment(id).await? else {
            drop(tx);
            return Err(self
                .audit_refusal(ctx, "fees.callback", &target, AppError::NotFound)
                .await);
        };
        if payment.amount.0 != n.amount_fen {
            drop(tx);
            return Err(self
                .audit_refusal(
                    ctx,
                    "fees.callback",
                    &target,
                    AppError::invalid("fees.amount_mismatch", "回调金额与支付单不一致"),
                )
                .await);
        }
        if payment.status != PaymentStatus::Pending {
            self.audit(
                &mut *tx,
                ctx,
                "fees.callback",
                &target,
                AuditOutcome::Denied,
                "replayed: payment already settled",
            )
            .await?;
            tx.commit().await?;
            return Ok(payment);
        }
        payment.status = if succeeded {
            PaymentStatus::Succeeded
        } else {
            PaymentStatus::Failed
        };
        payment.gateway_ref = Some(n.gateway_ref.chars().take(100).collect());
        payment.settled_at_us = Some(to_micros(self.clock.now()));
        tx.update_payment(&payment).await?;
        if succeeded {
            let notice = tx
                .fee_notice(payment.fee_notice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            tx.set_fee_notice_status(notice.id, FeeNoticeStatus::Paid)
                .await?;
            let mut case = tx.case(notice.case_id).await?.ok_or(AppError::NotFound)?;
            if case.fee_overdue {
                case.fee_overdue = false;
                tx.update_case(&case).await?;
            }
            self.notify(
                &mut *tx,
                notice.payer_id,
                "交费成功",
                &format!(
                    "案件{}的诉讼费用{}元已交纳成功。",
                    case.case_number, payment.amount
                ),
                Some(format!("/cases/{}", case.id)),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "fees.callback",
            &target,
            AuditOutcome::Success,
            payment.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(payment)
    }

    /// The sandbox bank: settles a pending payment as the payer chose on the sandbox page, by
    /// sending itself the signed callback a real gateway would send.
    pub async fn sandbox_settle(
        &self,
        ctx: &Ctx,
        id: PaymentId,
        succeed: bool,
    ) -> Result<Payment, AppError> {
        let payment = self.payment(ctx, id).await?.payment;
        let (body, signature) = self
            .payments
            .sandbox_callback(&payment, succeed)
            .ok_or(AppError::NotFound)?;
        self.payment_callback(ctx, &body, &signature).await
    }

    /// Reconciliation (run by the scheduler): pending payments older than [`PAYMENT_TIMEOUT`] are
    /// marked failed; unpaid fee notices past their last day flag the case for 按撤诉处理 review
    /// (诉讼费用交纳办法 art. 22).
    pub async fn reconcile_fees(&self, ctx: &Ctx) -> Result<(u64, u64), AppError> {
        let now = self.clock.now();
        let today = self.clock.today_in_china();
        let mut tx = self.store.begin().await?;
        let mut expired = 0;
        for mut payment in tx
            .pending_payments(to_micros(now - PAYMENT_TIMEOUT))
            .await?
        {
            payment.status = PaymentStatus::Failed;
            payment.settled_at_us = Some(to_micros(now));
            tx.update_payment(&payment).await?;
            self.audit(
                &mut *tx,
                ctx,
                "fees.reconcile",
                &format!("payment:{}", payment.id),
                AuditOutcome::Success,
                "expired",
            )
            .await?;
            expired += 1;
        }
        let mut flagged = 0;
        for notice in tx.unpaid_fee_notices_due_before(today).await? {
            let Some(mut case) = tx.case(notice.case_id).await? else {
                continue;
            };
            if case.fee_overdue || case.status == fayuan_domain::docket::CaseStatus::Closed {
                continue;
            }
            case.fee_overdue = true;
            tx.update_case(&case).await?;
            self.audit(
                &mut *tx,
                ctx,
                "fees.overdue",
                &format!("case:{}", case.id),
                AuditOutcome::Success,
                "按撤诉处理审查",
            )
            .await?;
            flagged += 1;
        }
        tx.commit().await?;
        Ok((expired, flagged))
    }

    /// 申请司法救助: the payer applies for deferral, reduction or waiver of an unpaid fee
    /// notice (诉讼费用交纳办法 arts. 44–48).
    pub async fn apply_fee_relief(
        &self,
        ctx: &Ctx,
        notice_id: FeeNoticeId,
        kind: ReliefKind,
        percent: Option<u8>,
        reason: &str,
    ) -> Result<FeeReliefApplication, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 5_000 {
            return Err(AppError::invalid(
                "fees.relief_reason",
                "请写明申请司法救助的事由及所依据的情形（不超过5000字）",
            ));
        }
        let (notice, case) = self
            .notice_for(ctx, notice_id, Action::PayFees, "fees.apply_relief")
            .await?;
        if notice.status != FeeNoticeStatus::Unpaid {
            return Err(AppError::invalid(
                "fees.relief_not_open",
                "只能对待交纳的费用申请司法救助",
            ));
        }
        let natural_person = case
            .parties
            .iter()
            .any(|p| p.role == PartyRole::Plaintiff && p.kind == PartyKind::Person);
        check_relief(kind, percent, natural_person)?;
        let application = FeeReliefApplication {
            id: FeeReliefId::new(),
            fee_notice_id: notice.id,
            case_id: case.id,
            applicant_id: notice.payer_id,
            kind,
            percent: if kind == ReliefKind::Reduction {
                percent
            } else {
                None
            },
            reason: reason.to_string(),
            status: ReliefStatus::Requested,
            decided_by: None,
            decision_note: String::new(),
            created_at_us: to_micros(self.clock.now()),
        };
        let mut tx = self.store.begin().await?;
        if tx
            .reliefs_of_case(case.id)
            .await?
            .iter()
            .any(|r| r.fee_notice_id == notice.id && r.status == ReliefStatus::Requested)
        {
            return Err(AppError::Conflict {
                code: "fees.relief_pending",
                message: "该笔费用已有待审查的司法救助申请".into(),
            });
        }
        tx.insert_relief(&application).await?;
        self.audit(
            &mut *tx,
            ctx,
            "fees.apply_relief",
            &format!("fee_notice:{notice_id}"),
            AuditOutcome::Success,
            kind.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(application)
    }

    /// The court decides a judicial-aid application: granting a waiver clears the notice,
    /// a reduction lowers it by the granted percentage (≥ 30 %), a deferral keeps it payable
    /// without a deadline; a refusal needs written reasons (art. 48 ¶3). The payer is told.
    pub async fn decide_fee_relief(
        &self,
        ctx: &Ctx,
        id: FeeReliefId,
        grant: bool,
        percent: Option<u8>,
        note: &str,
    ) -> Result<FeeReliefApplication, AppError> {
        let note = note.trim();
        if !grant && note.is_empty() {
            return Err(AppError::invalid(
                "fees.relief_reasons_required",
                "不予批准的，应当书面说明理由（《诉讼费用交纳办法》第四十八条）",
            ));
        }
        let target = format!("fee_relief:{id}");
        let mut tx = self.store.begin().await?;
        let Some(mut application) = tx.relief(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "fees.decide_relief", &target, AppError::NotFound)
                .await);
        };
        let Some(case) = tx.case(application.case_id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "fees.decide_relief", &target, AppError::NotFound)
                .await);
        };
        let resource = crate::docket::case_resource(&case, ctx.actor.as_ref());
        let mut tx = self
            .authorise_in(
                tx,
                ctx,
                Action::DecideFeeRelief,
                resource,
                "fees.decide_relief",
                &target,
            )
            .await?;
        if application.status != ReliefStatus::Requested {
            return Err(AppError::invalid("fees.relief_decided", "该申请已审查"));
        }
        let mut notice = tx
            .fee_notice(application.fee_notice_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if grant {
            if notice.status != FeeNoticeStatus::Unpaid {
                return Err(AppError::invalid(
                    "fees.relief_not_open",
                    "该笔费用已不在待交纳状态",
                ));
            }
            match application.kind {
                ReliefKind::Waiver => {
                    notice.status = FeeNoticeStatus::Waived;
                }
                ReliefKind::Deferral => {
                    notice.status = FeeNoticeStatus::Deferred;
                }
                ReliefKind::Reduction => {
                    let granted = percent.or(application.percent);
                    check_relief(ReliefKind::Reduction, granted, true)?;
                    let granted = granted.unwrap_or(MIN_REDUCTION_PERCENT);
                    let new_total = reduced(notice.total, granted);
                    notice.items.push(FeeItem {
                        name: format!("司法救助减交{granted}%"),
                        amount: Fen(new_total.0 - notice.total.0),
                        explanation: vec![format!("经审查准予减交{granted}%（《诉讼费用交纳办法》第四十六条），应交{new_total}元")],
                        acceptance_fee: false,
                    });
                    notice.total = new_total;
                    application.percent = Some(granted);
                }
            }
            tx.update_fee_notice(&notice).await?;
        }
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        application.status = if grant {
            ReliefStatus::Granted
        } else {
            ReliefStatus::Refused
        };
        application.decided_by = Some(actor.account_id);
        application.decision_note = note.chars().take(5_000).collect();
        tx.update_relief(&application).await?;
        let text = format!(
            "案件{}的{}申请{}。{}",
            case.case_number,
            application.kind.label(),
            application.status.label(),
            application.decision_note
        );
        self.notify(
            &mut *tx,
            application.applicant_id,
            "司法救助审查结果",
            &text,
            Some(format!("/cases/{}", case.id)),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "fees.decide_relief",
            &target,
            AuditOutcome::Success,
            application.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(application)
    }
}
