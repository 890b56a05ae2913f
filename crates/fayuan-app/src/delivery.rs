//! Electronic delivery (送达, Rules art. 26): parties confirm their delivery addresses; the court
//! serves dossier documents on them through the platform inbox, text messages and post; every
//! step is recorded and deposited in the evidence ledger (全程留痕, 在线诉讼规则 art. 31); the legal
//! delivery date follows from the trace, and the periods it starts are computed from it.

use fayuan_core::clock::{CHINA_OFFSET, from_micros, to_micros};
use fayuan_core::id::{
    AccountId, CaseId, DeliveryAddressId, DeliveryEventId, DeliveryId, MaterialId,
};
use fayuan_core::period::{PeriodOptions, PeriodOutcome, add_days};
use fayuan_core::rule_error::RuleError;
use fayuan_domain::delivery::{
    Delivery, DeliveryAddress, DeliveryChannel, DeliveryEvent, DeliveryStatus, DocumentKind,
    EventKind, PeriodRule, check_channels, legal_delivery,
};
use fayuan_domain::docket::Case;
use fayuan_domain::dossier::Volume;
use fayuan_domain::filing::{ElectronicDelivery, FilingApplication, PartyRole};
use fayuan_domain::ledger::EntryKind;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

mod email;
mod forms;

/// The job kind of a delivery's e-mail.
pub(crate) use email::JOB_KIND as EMAIL_JOB;

use crate::ledger::Deposit;
use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// What a party confirms (送达地址确认书).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressDraft {
    /// Mobile number for text notices.
    pub mobile: String,
    /// E-mail address for electronic service.
    pub email: String,
    /// Postal address.
    pub postal_address: String,
    /// Consents to electronic service.
    pub consents_electronic: bool,
}

/// What a clerk serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryDraft {
    /// The recipient: a participant of the case.
    pub recipient: AccountId,
    /// What it is.
    pub kind: DocumentKind,
    /// Title for the recipient (the kind's name when empty).
    pub title: String,
    /// Documents of the case's main volume.
    pub materials: Vec<MaterialId>,
    /// Channels; the inbox is always added for electronic service.
    pub channels: Vec<DeliveryChannel>,
}

/// A period running from a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningPeriod {
    /// Which period.
    pub rule: PeriodRule,
    /// The civil date of service (Asia/Shanghai).
    pub delivered_on: Date,
    /// Its last day and why — or, when the last day falls beyond the holiday calendar the
    /// installation knows (the State Council publishes each year's in the autumn before), why it
    /// cannot be given yet.
    pub outcome: Result<PeriodOutcome, String>,
}

/// A delivery with its trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryTrace {
    /// The delivery.
    pub delivery: Delivery,
    /// Every recorded step, in order.
    pub events: Vec<DeliveryEvent>,
    /// The period its service started, once served.
    pub period: Option<RunningPeriod>,
}

/// The period a served delivery starts (counted per 民事诉讼法 art. 85 from the civil date of
/// service in China).
pub fn running_period(d: &Delivery) -> Result<Option<RunningPeriod>, AppError> {
    let (Some(rule), Some(at)) = (d.kind.period(), d.delivered_at_us) else {
        return Ok(None);
    };
    let delivered_on = from_micros(at).to_offset(CHINA_OFFSET).date();
    let outcome = match add_days(delivered_on, rule.days, PeriodOptions::default()) {
        Ok(outcome) => Ok(outcome),
        Err(RuleError::PeriodOutsideCalendar { date }) => Err(format!(
            "届满日待定：{date} 所在年度的节假日安排尚未收录，收录后自动计算。"
        )),
        Err(e) => return Err(AppError::Internal(format!("period: {e}"))),
    };
    Ok(Some(RunningPeriod {
        rule,
        delivered_on,
        outcome,
    }))
}

impl App {
    /// A party confirms (or changes) its delivery addresses in a case: a new version of its
    /// 送达地址确认书, with time and identity, audited.
    pub async fn confirm_delivery_address(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: AddressDraft,
    ) -> Result<DeliveryAddress, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, Action::Litigate, "delivery.address")
            .await?;
        let version = tx
            .current_delivery_address(case_id, actor.account_id)
            .await?
            .map_or(1, |a| a.version + 1);
        let mut address = DeliveryAddress {
            id: DeliveryAddressId::new(),
            case_id,
            account_id: actor.account_id,
            version,
            mobile: draft.mobile,
            email: draft.email,
            postal_address: draft.postal_address,
            consents_electronic: draft.consents_electronic,
            confirmed_at_us: to_micros(self.clock.now()),
        };
        address.normalise()?;
        tx.insert_delivery_address(&address).await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.address",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!(
                "version {version}, electronic consent {}",
                address.consents_electronic
            ),
        )
        .await?;
        tx.commit().await?;
        self.file_address_confirmation(ctx, case_id, &actor.name, &address)
            .await;
        Ok(address)
    }

    /// At docketing, the electronic address the applicant gave in the complaint becomes the
    /// filer's first delivery address in the case, with consent to electronic delivery
    /// (在线诉讼规则 art. 29 (三)) and the postal address of the party it files for. Returns it
    /// with the filer's name, for the 送达地址确认书.
    pub(crate) async fn address_from_complaint(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        filing: &FilingApplication,
        case: &Case,
        given: &ElectronicDelivery,
    ) -> Result<(DeliveryAddress, String), AppError> {
        let filer = tx
            .account(filing.applicant_id)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        let postal_address = if filing.filed_by_agent {
            String::new()
        } else {
            filing
                .parties
                .iter()
                .find(|p| p.role == PartyRole::Plaintiff)
                .map(|p| p.address.clone())
                .unwrap_or_default()
        };
        let mut address = DeliveryAddress {
            id: DeliveryAddressId::new(),
            case_id: case.id,
            account_id: filing.applicant_id,
            version: 1,
            mobile: given.mobile.clone(),
            email: given.email.clone(),
            postal_address,
            consents_electronic: true,
            confirmed_at_us: filing.submitted_at_us.unwrap_or(filing.created_at_us),
        };
        address.normalise()?;
        tx.insert_delivery_address(&address).await?;
        self.audit(
            tx,
            ctx,
            "delivery.address",
            &format!("case:{}", case.id),
            AuditOutcome::Success,
            "version 1 from the complaint (在线诉讼规则 art. 29 (三)), electronic consent true",
        )
        .await?;
        Ok((address, filer))
    }

    /// A party's addresses in force and every earlier version (the party itself, or the staff
    /// who serve in the case).
    pub async fn delivery_addresses(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        account: AccountId,
    ) -> Result<Vec<DeliveryAddress>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let action = if actor.account_id == account {
            Action::Litigate
        } else {
            Action::DeliverDocuments
        };
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, action, "delivery.addresses")
            .await?;
        let history = tx.delivery_address_history(case_id, account).await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.addresses",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("account:{account}"),
        )
        .await?;
        tx.commit().await?;
        Ok(history)
    }

    /// Serves documents of the case's main volume on one participant. Electronic service of
    /// judgments, rulings and mediation statements without consent is refused; the inbox copy
    /// reaches the recipient's system on commit; a text message follows, carrying a link only.
    pub async fn deliver(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: DeliveryDraft,
    ) -> Result<DeliveryTrace, AppError> {
        self.deliver_as(ctx, case_id, draft, Authority::Actor).await
    }

    /// [`App::serve`], by the actor's right or by a rule of the court (service on docketing).
    pub(crate) async fn deliver_as(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: DeliveryDraft,
        authority: Authority,
    ) -> Result<DeliveryTrace, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for_delivery(ctx, tx, case_id, "delivery.deliver", authority)
            .await?;
        let recipient = case
            .participant(draft.recipient)
            .map(|p| p.party_name.clone())
            .or_else(|| (case.filer_id == draft.recipient).then(String::new))
            .ok_or_else(|| {
                AppError::invalid(
                    "delivery.not_a_participant",
                    "受送达人不是本案当事人或代理人。",
                )
            })?;
        let recipient_name = match recipient.as_str() {
            "" => tx
                .account(draft.recipient)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
            name => name.to_owned(),
        };
        if draft.materials.is_empty() {
            return Err(AppError::invalid(
                "delivery.no_document",
                "请选择要送达的文书。",
            ));
        }
        for id in &draft.materials {
            let m = tx.material(*id).await?;
            if !m.is_some_and(|m| m.case_id == Some(case_id) && m.volume == Volume::Main) {
                return Err(AppError::invalid(
                    "delivery.unknown_document",
                    "只能送达本案正卷中的材料。",
                ));
            }
        }
        let address = tx
            .current_delivery_address(case_id, draft.recipient)
            .await?;
        let consented = address.as_ref().is_some_and(|a| a.consents_electronic);
        let mut channels = draft.channels.clone();
        channels.sort_by_key(|c| c.as_str());
        channels.dedup();
        if channels.iter().any(|c| c.is_electronic()) && !channels.contains(&DeliveryChannel::Inbox)
        {
            channels.push(DeliveryChannel::Inbox);
        }
        check_channels(draft.kind, &channels, consented)?;
        let reach = Reach::of(&channels, address.as_ref())?;
        let now_us = to_micros(self.clock.now());
        let title = match draft.title.trim() {
            "" => draft.kind.label().to_owned(),
            t => t.chars().take(100).collect(),
        };
        let mut delivery = Delivery {
            id: DeliveryId::new(),
            case_id,
            recipient_id: draft.recipient,
            recipient_name,
            kind: draft.kind,
            title,
            materials: draft.materials.clone(),
            channels: channels.clone(),
            consented,
            status: DeliveryStatus::InProgress,
            delivered_at_us: None,
            created_by: actor.account_id,
            created_at_us: now_us,
        };
        tx.insert_delivery(&delivery).await?;
        let mut events = vec![
            self.record(
                &mut *tx,
                &delivery,
                EventKind::Created,
                None,
                now_us,
                &materials_detail(&draft.materials),
            )
            .await?,
        ];
        events.extend(
            self.dispatch(
                &mut *tx,
                &delivery,
                &case.case_number,
                &channels,
                &reach,
                now_us,
            )
            .await?,
        );
        self.settle(&mut *tx, &mut delivery, &events).await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.deliver",
            &format!("delivery:{}", delivery.id),
            AuditOutcome::Success,
            &format!(
                "{} to account:{}",
                delivery.kind.as_str(),
                delivery.recipient_id
            ),
        )
        .await?;
        tx.commit().await?;
        if channels.contains(&DeliveryChannel::Sms) {
            self.text_notice(&delivery, &case.case_number, &reach.mobile)
                .await?;
        }
        self.trace_of(delivery.id).await
    }

    /// Sends a delivery again, through the same or other channels (重新送达、变更送达方式); the
    /// trace continues, and the consent rule and addresses are checked as they stand now.
    pub async fn resend_delivery(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
        channels: Vec<DeliveryChannel>,
    ) -> Result<DeliveryTrace, AppError> {
        let (mut tx, mut delivery) = self.delivery_for(ctx, id, true, "delivery.resend").await?;
        let case = tx.case(delivery.case_id).await?.ok_or(AppError::NotFound)?;
        let address = tx
            .current_delivery_address(delivery.case_id, delivery.recipient_id)
            .await?;
        let consented = address.as_ref().is_some_and(|a| a.consents_electronic);
        check_channels(delivery.kind, &channels, consented)?;
        let reach = Reach::of(&channels, address.as_ref())?;
        for c in &channels {
            if !delivery.channels.contains(c) {
                delivery.channels.push(*c);
            }
        }
        // The consent on record at first service stays the delivery's: arrival in the system
        // counts only if it was given then (a party consenting later is served anew).
        let now_us = to_micros(self.clock.now());
        self.dispatch(
            &mut *tx,
            &delivery,
            &case.case_number,
            &channels,
            &reach,
            now_us,
        )
        .await?;
        tx.update_delivery(&delivery).await?;
        let events = tx.delivery_events(id).await?;
        self.settle(&mut *tx, &mut delivery, &events).await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.resend",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            &channels
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
        )
        .await?;
        tx.commit().await?;
        if channels.contains(&DeliveryChannel::Sms) {
            self.text_notice(&delivery, &case.case_number, &reach.mobile)
                .await?;
        }
        self.trace_of(id).await
    }

    /// Sends through each channel in the caller's transaction: a `Sent` step per electronic
    /// channel, the e-mail job, the announcement, and the inbox copy (which arrives on commit).
    /// Text messages are sent by the caller after the commit.
    async fn dispatch(
        &self,
        tx: &mut dyn Tx,
        delivery: &Delivery,
        case_number: &str,
        channels: &[DeliveryChannel],
        reach: &Reach,
        now_us: i64,
    ) -> Result<Vec<DeliveryEvent>, AppError> {
        let mut events = Vec::new();
        for channel in channels.iter().filter(|c| c.is_electronic()) {
            events.push(
                self.record(tx, delivery, EventKind::Sent, Some(*channel), now_us, "")
                    .await?,
            );
        }
        if channels.contains(&DeliveryChannel::Email) {
            // Sent by the job runner after this commits; retried with backoff, never lost.
            self.enqueue_delivery_email(tx, delivery, case_number, &reach.email)
                .await?;
        }
        if channels.contains(&DeliveryChannel::Announcement) {
            events.push(
                self.record(
                    tx,
                    delivery,
                    EventKind::Announced,
                    Some(DeliveryChannel::Announcement),
                    now_us,
                    "公告送达，自公告之日起经过三十日视为送达",
                )
                .await?,
            );
        }
        if channels.contains(&DeliveryChannel::Inbox) {
            self.notify(
                tx,
                delivery.recipient_id,
                &format!("送达：{}", delivery.title),
                &format!("{case_number}案向您送达{}，请查阅并签收。", delivery.title),
                Some(format!("/deliveries/{}", delivery.id)),
            )
            .await?;
            // The inbox is the recipient's system: the document reaches it with this commit.
            events.push(
                self.record(
                    tx,
                    delivery,
                    EventKind::Reached,
                    Some(DeliveryChannel::Inbox),
                    now_us,
                    "诉讼平台专用账号",
                )
                .await?,
            );
        }
        Ok(events)
    }

    /// Sends the text notice (a link, never the document) and records the outcome; a failure
    /// is recorded, never lost, and does not touch the inbox service.
    async fn text_notice(
        &self,
        delivery: &Delivery,
        case_number: &str,
        mobile: &str,
    ) -> Result<(), AppError> {
        let text = format!(
            "【{}】{}案向您送达{}，请登录诉讼服务平台查阅签收：{}/deliveries/{}",
            self.config.sms_signature,
            case_number,
            delivery.title,
            self.config.public_url,
            delivery.id
        );
        let sent = self.sms.send(mobile, &text).await;
        let at = to_micros(self.clock.now());
        let mut tx = self.store.begin().await?;
        let mut delivery = tx.delivery(delivery.id).await?.ok_or(AppError::NotFound)?;
        let (kind, detail) = match sent {
            Ok(()) => (EventKind::Reached, mobile),
            Err(e) => {
                tracing::warn!(error = %e, delivery = %delivery.id, "text notice failed");
                (EventKind::Failed, "短信发送失败")
            }
        };
        self.step(
            &mut *tx,
            &mut delivery,
            kind,
            Some(DeliveryChannel::Sms),
            at,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records one step: the row and its ledger entry, in the caller's transaction.
    async fn record(
        &self,
        tx: &mut dyn Tx,
        delivery: &Delivery,
        kind: EventKind,
        channel: Option<DeliveryChannel>,
        at_us: i64,
        detail: &str,
    ) -> Result<DeliveryEvent, AppError> {
        let mut subjects = vec![
            format!("delivery:{}", delivery.id),
            format!("event:{}", kind.as_str()),
        ];
        if let Some(c) = channel {
            subjects.push(format!("channel:{}", c.as_str()));
        }
        subjects.extend(delivery.materials.iter().map(|m| format!("material:{m}")));
        let leaf = self
            .deposit_in_ledger(
                tx,
                &Deposit {
                    kind: EntryKind::DeliveryEvent,
                    subjects,
                    content: None,
                },
            )
            .await?;
        let event = DeliveryEvent {
            id: DeliveryEventId::new(),
            delivery_id: delivery.id,
            kind,
            channel,
            at_us,
            detail: detail.to_owned(),
            ledger_index: Some(leaf.index),
        };
        tx.insert_delivery_event(&event).await?;
        Ok(event)
    }

    /// Records one step and fixes the legal delivery instant the trace now shows.
    async fn step(
        &self,
        tx: &mut dyn Tx,
        delivery: &mut Delivery,
        kind: EventKind,
        channel: Option<DeliveryChannel>,
        at_us: i64,
        detail: &str,
    ) -> Result<(), AppError> {
        self.record(tx, delivery, kind, channel, at_us, detail)
            .await?;
        let events = tx.delivery_events(delivery.id).await?;
        self.settle(tx, delivery, &events).await
    }

    /// Fixes the legal delivery instant once the trace shows service.
    async fn settle(
        &self,
        tx: &mut dyn Tx,
        delivery: &mut Delivery,
        events: &[DeliveryEvent],
    ) -> Result<(), AppError> {
        let served = legal_delivery(delivery.consented, events);
        if served != delivery.delivered_at_us {
            delivery.delivered_at_us = served;
            delivery.status = if served.is_some() {
                DeliveryStatus::Delivered
            } else {
                DeliveryStatus::InProgress
            };
            tx.update_delivery(delivery).await?;
        }
        Ok(())
    }

    /// The deliveries served on the actor, newest first.
    pub async fn my_deliveries(&self, ctx: &Ctx) -> Result<Vec<Delivery>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        Ok(tx.deliveries_to(actor.account_id).await?)
    }

    /// What the actor still has to sign for (the tasks of its inbox), newest first.
    pub async fn deliveries_to_sign(&self, ctx: &Ctx) -> Result<Vec<Delivery>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        Ok(tx.deliveries_awaiting_signature(actor.account_id).await?)
    }

    /// A case's deliveries (staff who serve in it).
    pub async fn case_deliveries(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Vec<Delivery>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, Action::DeliverDocuments, "delivery.list")
            .await?;
        Ok(tx.deliveries_of_case(case_id).await?)
    }

    async fn trace_of(&self, id: DeliveryId) -> Result<DeliveryTrace, AppError> {
        let mut tx = self.store.begin().await?;
        let delivery = tx.delivery(id).await?.ok_or(AppError::NotFound)?;
        let events = tx.delivery_events(id).await?;
        let period = running_period(&delivery)?;
        Ok(DeliveryTrace {
            delivery,
            events,
            period,
        })
    }

    /// Loads a delivery the actor may see: its recipient, or staff serving in its case
    /// (`staff_only` for staff actions). Others get 404.
    async fn delivery_for(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
        staff_only: bool,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, Delivery), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let Some(delivery) = tx.delivery(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    audit_action,
                    &format!("delivery:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        if !staff_only && delivery.recipient_id == actor.account_id {
            return Ok((tx, delivery));
        }
        let (tx, _) = self
            .case_for(
                ctx,
                tx,
                delivery.case_id,
                Action::DeliverDocuments,
                audit_action,
            )
            .await?;
        Ok((tx, delivery))
    }

    /// A delivery and its trace, for its recipient or the staff serving in the case. The
    /// recipient's first look is recorded as 已阅知.
    pub async fn delivery_trace(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
    ) -> Result<DeliveryTrace, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let (mut tx, mut delivery) = self.delivery_for(ctx, id, false, "delivery.read").await?;
        if delivery.recipient_id == actor.account_id {
            let events = tx.delivery_events(id).await?;
            if !events.iter().any(|e| e.kind == EventKind::Opened) {
                let now = to_micros(self.clock.now());
                let inbox = Some(DeliveryChannel::Inbox);
                self.step(&mut *tx, &mut delivery, EventKind::Opened, inbox, now, "")
                    .await?;
            }
        }
        self.audit(
            &mut *tx,
            ctx,
            "delivery.read",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        self.trace_of(id).await
    }

    /// The recipient downloads one served document: recorded as 已下载, then served like any
    /// dossier file (watermarked for litigants).
    pub async fn download_delivered(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
        material: MaterialId,
    ) -> Result<crate::dossier::MaterialContent, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let (mut tx, mut delivery) = self
            .delivery_for(ctx, id, false, "delivery.download")
            .await?;
        if !delivery.materials.contains(&material) {
            return Err(AppError::NotFound);
        }
        if delivery.recipient_id == actor.account_id {
            let now = to_micros(self.clock.now());
            let detail = format!("material:{material}");
            let (kind, inbox) = (EventKind::Downloaded, Some(DeliveryChannel::Inbox));
            self.step(&mut *tx, &mut delivery, kind, inbox, now, &detail)
                .await?;
        }
        tx.commit().await?;
        self.material_content(ctx, material).await
    }

    /// The recipient signs for the delivery (签收, 在线诉讼规则 art. 33) by entering its password.
    pub async fn sign_for_delivery(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
        password: String,
    ) -> Result<DeliveryTrace, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let (mut tx, mut delivery) = self.delivery_for(ctx, id, false, "delivery.sign").await?;
        if delivery.recipient_id != actor.account_id {
            return Err(AppError::Forbidden);
        }
        let account = tx
            .account(actor.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !crate::passwords::verify(password, account.password_hash).await? {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "delivery.sign",
                    &format!("delivery:{id}"),
                    AppError::InvalidCredentials,
                )
                .await);
        }
        let events = tx.delivery_events(id).await?;
        if events.iter().any(|e| e.kind == EventKind::SignedFor) {
            return Err(AppError::Conflict {
                code: "delivery.already_signed",
                message: "已签收。".into(),
            });
        }
        let now = to_micros(self.clock.now());
        let (kind, inbox) = (EventKind::SignedFor, Some(DeliveryChannel::Inbox));
        self.step(&mut *tx, &mut delivery, kind, inbox, now, &account.name)
            .await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.sign",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        self.trace_of(id).await
    }

    /// The clerk records postal service: the posting with its tracking number, or the signed
    /// return receipt with the date written on it (民事诉讼法 art. 87) — in the same trace.
    pub async fn record_postal(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
        postal: PostalRecord,
    ) -> Result<DeliveryTrace, AppError> {
        let (mut tx, mut delivery) = self.delivery_for(ctx, id, true, "delivery.postal").await?;
        if !delivery.channels.contains(&DeliveryChannel::Postal) {
            return Err(AppError::invalid(
                "delivery.not_postal",
                "该送达未选择邮寄方式。",
            ));
        }
        let now = self.clock.now();
        let (kind, at_us, detail) = match postal {
            PostalRecord::Posted { tracking_number } => {
                let tracking = tracking_number.trim().to_owned();
                if tracking.is_empty() || tracking.chars().count() > 40 {
                    return Err(AppError::invalid(
                        "delivery.tracking_number",
                        "请填写邮件单号（不超过40字）。",
                    ));
                }
                (EventKind::Posted, to_micros(now), tracking)
            }
            PostalRecord::ReturnReceipt { signed_on, scan } => {
                if signed_on > now.to_offset(CHINA_OFFSET).date() {
                    return Err(AppError::invalid(
                        "delivery.receipt_date",
                        "签收日期不能晚于今天。",
                    ));
                }
                // The date on the receipt, at noon in China: a date, not an instant, counts.
                let at = signed_on
                    .with_hms(12, 0, 0)
                    .map_err(|e| AppError::Internal(e.to_string()))?
                    .assume_offset(CHINA_OFFSET);
                let mut detail = format!("回执签收日期 {signed_on}");
                if let Some(scan) = scan {
                    let material = tx
                        .material(scan)
                        .await?
                        .filter(|m| m.case_id == Some(delivery.case_id) && m.volume == Volume::Main)
                        .ok_or_else(|| {
                            AppError::invalid(
                                "delivery.receipt_scan",
                                "回执扫描件须是本案正卷中的材料。",
                            )
                        })?;
                    detail.push_str(&format!(
                        "，回执扫描件《{}》 material:{scan} sha256:{}",
                        material.title, material.sha256
                    ));
                }
                (EventKind::ReturnReceipt, to_micros(at), detail)
            }
        };
        let postal = Some(DeliveryChannel::Postal);
        self.step(&mut *tx, &mut delivery, kind, postal, at_us, &detail)
            .await?;
        self.audit(
            &mut *tx,
            ctx,
            "delivery.postal",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            &detail,
        )
        .await?;
        tx.commit().await?;
        self.trace_of(id).await
    }
}

/// A UTC instant (µs) as a civil time in China, to the second.
pub(crate) fn china_time(at_us: i64) -> String {
    let at = from_micros(at_us).to_offset(CHINA_OFFSET);
    format!(
        "{} {:02}:{:02}:{:02}",
        at.date(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// On whose authority documents are prepared and served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Authority {
    /// The actor's own right (staff handling the case).
    Actor,
    /// A rule of the court run on an actor's action (documents served when a case is docketed);
    /// the actor is recorded as the one who set it off.
    Rule,
}

impl App {
    /// Loads a case to prepare or serve documents in: by the actor's right (`DeliverDocuments`),
    /// or by a rule.
    pub(crate) async fn case_for_delivery(
        &self,
        ctx: &Ctx,
        mut tx: Box<dyn Tx>,
        case_id: CaseId,
        audit_action: &str,
        authority: Authority,
    ) -> Result<(Box<dyn Tx>, fayuan_domain::docket::Case), AppError> {
        match authority {
            Authority::Actor => {
                self.case_for(ctx, tx, case_id, Action::DeliverDocuments, audit_action)
                    .await
            }
            Authority::Rule => {
                let case = tx.case(case_id).await?.ok_or(AppError::NotFound)?;
                Ok((tx, case))
            }
        }
    }
}

/// Where the recipient can be reached through the chosen channels.
struct Reach {
    mobile: String,
    email: String,
}

impl Reach {
    /// Checks that the addresses in force cover every channel chosen.
    fn of(
        channels: &[DeliveryChannel],
        address: Option<&DeliveryAddress>,
    ) -> Result<Self, AppError> {
        let reach = Reach {
            mobile: address.map(|a| a.mobile.clone()).unwrap_or_default(),
            email: address.map(|a| a.email.clone()).unwrap_or_default(),
        };
        if channels.contains(&DeliveryChannel::Sms) && reach.mobile.is_empty() {
            return Err(AppError::invalid(
                "delivery.no_mobile",
                "受送达人未确认手机号码，不能短信通知。",
            ));
        }
        if channels.contains(&DeliveryChannel::Email) && reach.email.is_empty() {
            return Err(AppError::invalid(
                "delivery.no_email",
                "受送达人未确认电子邮箱，不能以电子邮件送达。",
            ));
        }
        if channels.contains(&DeliveryChannel::Postal)
            && address.is_none_or(|a| a.postal_address.is_empty())
        {
            return Err(AppError::invalid(
                "delivery.no_postal_address",
                "受送达人未确认邮寄地址，请先请其确认送达地址。",
            ));
        }
        Ok(reach)
    }
}

/// What the clerk records for postal service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostalRecord {
    /// Posted with this tracking number.
    Posted {
        /// 邮件单号.
        tracking_number: String,
    },
    /// The return receipt came back signed on this date.
    ReturnReceipt {
        /// The date written on it.
        signed_on: Date,
        /// The scan of the signed receipt, filed in the case's main volume (扫描件).
        scan: Option<MaterialId>,
    },
}

fn materials_detail(materials: &[MaterialId]) -> String {
    materials
        .iter()
        .map(|m| format!("material:{m}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeal_period_runs_from_the_civil_date_of_service() {
        let d = Delivery {
            id: DeliveryId::new(),
            case_id: CaseId::new(),
            recipient_id: AccountId::new(),
            recipient_name: "张三".into(),
            kind: DocumentKind::Judgment,
            title: "民事判决书".into(),
            materials: vec![],
            channels: vec![DeliveryChannel::Inbox],
            consented: true,
            status: DeliveryStatus::Delivered,
            // 2025-09-23 17:30 UTC is 2025-09-24 01:30 in China: the 24th is the service date.
            delivered_at_us: Some(to_micros(time::macros::datetime!(2025-09-23 17:30 UTC))),
            created_by: AccountId::new(),
            created_at_us: 0,
        };
        let p = running_period(&d).unwrap().unwrap();
        assert_eq!(p.delivered_on, time::macros::date!(2025 - 09 - 24));
        // Counted like `fayuan calc period --from 2025-09-24 --days 15`.
        let expected = add_days(
            time::macros::date!(2025 - 09 - 24),
            15,
            PeriodOptions::default(),
        )
        .unwrap();
        assert_eq!(p.outcome, Ok(expected));
        assert_eq!(p.rule.name, "上诉期");
        // Beyond the calendar the last day is pending, not an error.
        let late = Delivery {
            delivered_at_us: Some(to_micros(time::macros::datetime!(2026-12-27 02:00 UTC))),
            ..d
        };
        let p = running_period(&late).unwrap().unwrap();
        assert!(p.outcome.unwrap_err().contains("届满日待定"));
    }
}
