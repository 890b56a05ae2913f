//! Electronic delivery (送达, Rules art. 26; 民事诉讼法 arts. 87–95; 在线诉讼规则 arts. 29–33): the
//! delivery addresses a party confirms, deliveries of documents and their trace, and the rules
//! that decide when a document counts as served — which is when periods start to run.

use fayuan_core::id::{
    AccountId, CaseId, DeliveryAddressId, DeliveryEventId, DeliveryId, MaterialId,
};
use fayuan_core::str_enum;

use crate::DomainError;

str_enum! {
    /// What is served: decides whether electronic service needs consent and which period the
    /// service starts.
    pub enum DocumentKind {
        /// 判决书.
        Judgment = "judgment" / "判决书",
        /// 裁定书 that may be appealed.
        Ruling = "ruling" / "裁定书（可上诉）",
        /// 调解书.
        MediationStatement = "mediation_statement" / "调解书",
        /// 起诉状副本 with the 应诉通知书: the defendant's time to answer runs from it.
        ComplaintCopy = "complaint_copy" / "起诉状副本及应诉通知书",
        /// 举证通知书.
        EvidenceNotice = "evidence_notice" / "举证通知书",
        /// 传票.
        Summons = "summons" / "传票",
        /// Any other notice (受理案件通知书, 缴费通知书, 开庭通知书 …).
        Notice = "notice" / "通知书",
    }
}

/// A period that starts when a document is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRule {
    /// Its name, e.g. 上诉期.
    pub name: &'static str,
    /// Length in days.
    pub days: u32,
    /// The article that sets it.
    pub basis: &'static str,
}

impl DocumentKind {
    /// Whether serving it electronically needs the recipient's consent on record. 民事诉讼法 art. 90
    /// makes consent the condition of electronic service; for judgments, rulings and mediation
    /// statements, which end or decide the case, service without it is refused outright.
    pub fn needs_consent(self) -> bool {
        matches!(
            self,
            DocumentKind::Judgment | DocumentKind::Ruling | DocumentKind::MediationStatement
        )
    }

    /// The period its service starts, if any.
    pub fn period(self) -> Option<PeriodRule> {
        match self {
            DocumentKind::Judgment => Some(PeriodRule {
                name: "上诉期",
                days: 15,
                basis: "《民事诉讼法》第一百七十一条第一款",
            }),
            DocumentKind::Ruling => Some(PeriodRule {
                name: "上诉期",
                days: 10,
                basis: "《民事诉讼法》第一百七十一条第二款",
            }),
            DocumentKind::ComplaintCopy => Some(PeriodRule {
                name: "答辩期",
                days: 15,
                basis: "《民事诉讼法》第一百二十八条",
            }),
            DocumentKind::EvidenceNotice => Some(PeriodRule {
                name: "举证期限",
                days: 15,
                basis: "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十九条（第一审普通程序不少于十五日）",
            }),
            DocumentKind::MediationStatement | DocumentKind::Summons | DocumentKind::Notice => None,
        }
    }
}

str_enum! {
    /// How a document travels.
    pub enum DeliveryChannel {
        /// The platform inbox (诉讼平台专用账号): always used.
        Inbox = "inbox" / "诉讼平台",
        /// A text message with a link, never the document (在线诉讼规则 art. 32).
        Sms = "sms" / "短信",
        /// An e-mail with a link, sent by a job that retries with backoff.
        Email = "email" / "电子邮件",
        /// Post (邮寄送达): recorded by the clerk with its tracking number and return receipt.
        Postal = "postal" / "邮寄",
        /// Public announcement (公告送达, 民事诉讼法 art. 95): deemed served thirty days after it.
        Announcement = "announcement" / "公告",
    }
}

/// Days after which an announcement counts as service (民事诉讼法 art. 95).
pub const ANNOUNCEMENT_DAYS: i64 = 30;

impl DeliveryChannel {
    /// Whether it is electronic service (needs consent).
    pub fn is_electronic(self) -> bool {
        matches!(
            self,
            DeliveryChannel::Inbox | DeliveryChannel::Sms | DeliveryChannel::Email
        )
    }
}

/// One version of a party's 送达地址确认书: where and how it accepts service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAddress {
    /// Identifier of this version.
    pub id: DeliveryAddressId,
    /// The case.
    pub case_id: CaseId,
    /// The recipient's account.
    pub account_id: AccountId,
    /// Version, from 1; the highest is in force.
    pub version: i64,
    /// Mobile number for text notices.
    pub mobile: String,
    /// E-mail address for electronic service.
    pub email: String,
    /// Postal address.
    pub postal_address: String,
    /// Consents to electronic service (在线诉讼规则 art. 29 (一)).
    pub consents_electronic: bool,
    /// Confirmed when (µs).
    pub confirmed_at_us: i64,
}

impl DeliveryAddress {
    /// Checks the fields a party enters, normalising the mobile number.
    pub fn normalise(&mut self) -> Result<(), DomainError> {
        if !self.mobile.trim().is_empty() {
            self.mobile = crate::accounts::normalise_phone(&self.mobile)?;
        }
        self.postal_address = self.postal_address.trim().to_owned();
        if !self.email.trim().is_empty() {
            self.email = crate::accounts::normalise_email(&self.email)?;
        }
        if self.postal_address.chars().count() > 200 {
            return Err(DomainError::invalid(
                "delivery.address_too_long",
                "邮寄地址不得超过200字。",
            ));
        }
        if self.mobile.is_empty()
            && self.email.is_empty()
            && self.postal_address.is_empty()
            && !self.consents_electronic
        {
            return Err(DomainError::invalid(
                "delivery.no_address",
                "请至少填写一种送达方式：同意电子送达、手机号码或邮寄地址。",
            ));
        }
        Ok(())
    }
}

str_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus {
        /// Sent; not yet legally served.
        InProgress = "in_progress" / "送达中",
        /// Legally served: the delivery date is fixed.
        Delivered = "delivered" / "已送达",
    }
}

/// Documents served on one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Identifier.
    pub id: DeliveryId,
    /// The case.
    pub case_id: CaseId,
    /// The recipient's account.
    pub recipient_id: AccountId,
    /// The recipient's name (the party, or its agent).
    pub recipient_name: String,
    /// What is served.
    pub kind: DocumentKind,
    /// Title shown to the recipient.
    pub title: String,
    /// The dossier materials served.
    pub materials: Vec<MaterialId>,
    /// Channels used.
    pub channels: Vec<DeliveryChannel>,
    /// Whether the recipient's consent to electronic service was on record when it was sent.
    pub consented: bool,
    /// Status.
    pub status: DeliveryStatus,
    /// The legal delivery instant (µs), once served.
    pub delivered_at_us: Option<i64>,
    /// The clerk who served it.
    pub created_by: AccountId,
    /// Created (µs).
    pub created_at_us: i64,
}

str_enum! {
    /// One step of a delivery's trace (全程留痕, 在线诉讼规则 art. 31).
    pub enum EventKind {
        /// The delivery was created.
        Created = "created" / "创建送达",
        /// Sent through a channel.
        Sent = "sent" / "已发送",
        /// Reached the recipient's system (the platform inbox, the phone network).
        Reached = "reached" / "到达受送达人系统",
        /// The recipient opened it.
        Opened = "opened" / "已阅知",
        /// The recipient downloaded a document.
        Downloaded = "downloaded" / "已下载",
        /// The recipient signed for it with their password (签收).
        SignedFor = "signed_for" / "已签收",
        /// Posted, with its tracking number.
        Posted = "posted" / "已邮寄",
        /// The postal return receipt came back signed (送达回证).
        ReturnReceipt = "return_receipt" / "邮件已签收",
        /// A channel failed.
        Failed = "failed" / "发送失败",
        /// The announcement was published (公告送达).
        Announced = "announced" / "已公告",
    }
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryEvent {
    /// Identifier.
    pub id: DeliveryEventId,
    /// The delivery.
    pub delivery_id: DeliveryId,
    /// What happened.
    pub kind: EventKind,
    /// Through which channel, if any.
    pub channel: Option<DeliveryChannel>,
    /// When (µs); for a return receipt, the date written on it.
    pub at_us: i64,
    /// Details (tracking number, failure reason, material).
    pub detail: String,
    /// Its entry in the evidence ledger.
    pub ledger_index: Option<i64>,
}

/// The legal delivery instant of a trace, if it is served.
///
/// - With consent on record, service is complete when the document reaches the recipient's
///   system (民事诉讼法 art. 90 ¶2; 在线诉讼规则 art. 31 ¶1): its arrival in the platform inbox.
///   Text messages and e-mails carry only a link to it (在线诉讼规则 art. 32), so their arrival
///   is a notice, not service.
/// - Without it, only the recipient's reply or acts make it effective (在线诉讼规则 art. 31 ¶2
///   (一)(二)): the first `SignedFor`, `Opened` or `Downloaded`.
/// - By post, the date on the signed return receipt (民事诉讼法 art. 87).
/// - By announcement, thirty days after it was published (民事诉讼法 art. 95).
/// - Of several channels, the earliest effective one counts (在线诉讼规则 art. 31 ¶4).
pub fn legal_delivery(consented: bool, events: &[DeliveryEvent]) -> Option<i64> {
    const DAY_US: i64 = 86_400_000_000;
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Reached if consented && e.channel == Some(DeliveryChannel::Inbox) => {
                Some(e.at_us)
            }
            EventKind::SignedFor
            | EventKind::Opened
            | EventKind::Downloaded
            | EventKind::ReturnReceipt => Some(e.at_us),
            EventKind::Announced => Some(e.at_us + ANNOUNCEMENT_DAYS * DAY_US),
            _ => None,
        })
        .min()
}

/// Refuses electronic channels the recipient's consent does not cover.
pub fn check_channels(
    kind: DocumentKind,
    channels: &[DeliveryChannel],
    consented: bool,
) -> Result<(), DomainError> {
    if channels.is_empty() {
        return Err(DomainError::invalid(
            "delivery.no_channel",
            "请至少选择一种送达方式。",
        ));
    }
    let electronic = channels.iter().any(|c| c.is_electronic());
    if electronic && !consented && kind.needs_consent() {
        return Err(DomainError::invalid(
            "delivery.consent_required",
            format!(
                "受送达人未同意电子送达，不得以电子方式送达{}（《民事诉讼法》第九十条）。请改用邮寄送达或直接送达。",
                kind.label()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, at_us: i64) -> DeliveryEvent {
        DeliveryEvent {
            id: DeliveryEventId::new(),
            delivery_id: DeliveryId::new(),
            kind,
            channel: Some(DeliveryChannel::Inbox),
            at_us,
            detail: String::new(),
            ledger_index: None,
        }
    }

    #[test]
    fn served_when_it_reaches_the_system_with_consent() {
        let trace = [
            event(EventKind::Created, 1),
            event(EventKind::Sent, 2),
            event(EventKind::Reached, 3),
            event(EventKind::Opened, 9),
        ];
        assert_eq!(legal_delivery(true, &trace), Some(3));
        // Without consent, reaching the system is not enough: the recipient's reading is.
        assert_eq!(legal_delivery(false, &trace), Some(9));
        assert_eq!(legal_delivery(false, &trace[..3]), None);
    }

    #[test]
    fn a_link_by_text_or_mail_is_a_notice_not_service() {
        let mut sms = event(EventKind::Reached, 2);
        sms.channel = Some(DeliveryChannel::Sms);
        let mut mail = event(EventKind::Reached, 3);
        mail.channel = Some(DeliveryChannel::Email);
        assert_eq!(legal_delivery(true, &[sms.clone(), mail.clone()]), None);
        assert_eq!(
            legal_delivery(true, &[sms, mail, event(EventKind::Reached, 5)]),
            Some(5)
        );
    }

    #[test]
    fn the_earliest_effective_channel_counts() {
        let trace = [
            event(EventKind::ReturnReceipt, 5),
            event(EventKind::SignedFor, 7),
            event(EventKind::Failed, 1),
        ];
        assert_eq!(legal_delivery(false, &trace), Some(5));
    }

    #[test]
    fn an_announcement_serves_after_thirty_days() {
        let day = 86_400_000_000;
        let trace = [event(EventKind::Announced, 10 * day)];
        assert_eq!(legal_delivery(false, &trace), Some(40 * day));
        // The party turning up and signing first is service the day it signs.
        let trace = [
            event(EventKind::Announced, 10 * day),
            event(EventKind::SignedFor, 12 * day),
        ];
        assert_eq!(legal_delivery(false, &trace), Some(12 * day));
    }

    #[test]
    fn judgments_need_consent_for_electronic_service() {
        use DeliveryChannel::*;
        assert!(check_channels(DocumentKind::Judgment, &[Inbox], false).is_err());
        assert!(check_channels(DocumentKind::Judgment, &[Postal], false).is_ok());
        assert!(check_channels(DocumentKind::Judgment, &[Announcement], false).is_ok());
        assert!(check_channels(DocumentKind::Judgment, &[Inbox, Sms], true).is_ok());
        assert!(check_channels(DocumentKind::Notice, &[Inbox], false).is_ok());
        assert!(check_channels(DocumentKind::Notice, &[], true).is_err());
    }

    #[test]
    fn periods_follow_the_code() {
        assert_eq!(DocumentKind::Judgment.period().unwrap().days, 15);
        assert_eq!(DocumentKind::Ruling.period().unwrap().days, 10);
        assert_eq!(DocumentKind::ComplaintCopy.period().unwrap().name, "答辩期");
        assert!(DocumentKind::Summons.period().is_none());
    }
}
