//! Forms the platform fills from its own records rather than from a clerk's draft: the
//! 送达地址确认书 a party confirms (民事诉讼法 art. 90; 在线诉讼规则 art. 29) and the 送达回证
//! printed for service on paper.

use time::Date;

use super::{CourtDocument, Field};
use crate::delivery::DeliveryAddress;

/// Who and what a form is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormHeader<'a> {
    /// The court.
    pub court: &'a str,
    /// The case number.
    pub case_number: &'a str,
    /// The cause of action.
    pub cause: &'a str,
    /// The recipient (受送达人).
    pub recipient: &'a str,
    /// The date of the form.
    pub dated: Date,
}

/// The 送达地址确认书 recording a confirmed version of a party's delivery addresses, with the
/// consent to electronic delivery and the time and identity of the confirmation.
pub fn address_confirmation(
    h: &FormHeader<'_>,
    address: &DeliveryAddress,
    confirmed_at: &str,
) -> CourtDocument {
    let or_none = |s: &str| {
        if s.is_empty() {
            "未填写".to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut doc = CourtDocument::new(h.court, "送达地址确认书", h.case_number, h.dated);
    doc.fields = vec![
        Field::new("案号", h.case_number),
        Field::new("案由", h.cause),
        Field::new("受送达人", h.recipient),
        Field::new(
            "是否同意电子送达",
            if address.consents_electronic {
                "同意（诉讼平台送达，并以手机短信、电子邮件提醒）"
            } else {
                "不同意"
            },
        ),
        Field::new("诉讼平台账户", "本人在诉讼平台的账户（站内信箱）"),
        Field::new("手机号码", or_none(&address.mobile)),
        Field::new("电子邮箱", or_none(&address.email)),
        Field::new("邮寄地址", or_none(&address.postal_address)),
        Field::new("确认版本", format!("第{}版", address.version)),
        Field::new("确认时间", confirmed_at),
    ];
    doc.paragraphs = vec![
        "本人已知悉：经受送达人同意，人民法院可以采用能够确认其收悉的电子方式送达诉讼文书（《民事诉讼法》第九十条）；通过电子方式送达的判决书、裁定书、调解书，受送达人提出需要纸质文书的，人民法院应当提供。".into(),
        "以上送达地址适用于本案一审、二审和执行程序。送达地址变更的，应当及时在诉讼平台更新确认；未及时告知的，按原地址送达的，视为送达。".into(),
        "本确认书由受送达人登录诉讼平台在线确认，确认时间和身份已记录在案并存证。".into(),
    ];
    doc.signatures = vec![format!("受送达人　{}", h.recipient)];
    doc
}

/// What a 送达回证 lists about one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptForm<'a> {
    /// The documents served, by title.
    pub documents: &'a str,
    /// Where it is served (the postal address, or the channel).
    pub address: &'a str,
    /// How it is served (邮寄送达, 直接送达 …).
    pub method: &'a str,
}

/// The 送达回证 for service on paper: the recipient signs it and the clerk scans it back as the
/// return receipt.
pub fn service_receipt(h: &FormHeader<'_>, r: &ReceiptForm<'_>) -> CourtDocument {
    let mut doc = CourtDocument::new(h.court, "送达回证", h.case_number, h.dated);
    doc.fields = vec![
        Field::new("案号", h.case_number),
        Field::new("案由", h.cause),
        Field::new("送达文书名称及件数", r.documents),
        Field::new("受送达人", h.recipient),
        Field::new("送达地址", r.address),
        Field::new("送达方式", r.method),
        Field::new("受送达人签名或者盖章", "　"),
        Field::new("签收日期", "　　　　年　　月　　日"),
        Field::new("代收人及代收理由", "　"),
        Field::new("送达人", "　"),
        Field::new("备考", "　"),
    ];
    doc.paragraphs = vec![
        "受送达人或者他的同住成年家属拒绝接收诉讼文书的，送达人可以邀请有关基层组织或者所在单位的代表到场，说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名或者盖章，把诉讼文书留在受送达人的住所，即视为送达（《民事诉讼法》第八十九条）。".into(),
    ];
    doc
}

#[cfg(test)]
mod tests {
    use fayuan_core::id::{AccountId, CaseId, DeliveryAddressId};
    use time::macros::date;

    use super::*;

    fn header() -> FormHeader<'static> {
        FormHeader {
            court: "示范市示范区人民法院",
            case_number: "（2026）京0199民初1号",
            cause: "民间借贷纠纷",
            recipient: "张三",
            dated: date!(2026 - 11 - 27),
        }
    }

    #[test]
    fn the_address_confirmation_records_consent_version_and_time() {
        let address = DeliveryAddress {
            id: DeliveryAddressId::new(),
            case_id: CaseId::new(),
            account_id: AccountId::new(),
            version: 2,
            mobile: "13800138000".into(),
            email: String::new(),
            postal_address: "北京市示范区示范路1号".into(),
            consents_electronic: true,
            confirmed_at_us: 0,
        };
        let doc = address_confirmation(&header(), &address, "2026-11-27 17:00:00");
        assert_eq!(doc.title, "送达地址确认书");
        assert!(doc.fields.contains(&Field::new("电子邮箱", "未填写")));
        assert!(doc.fields.contains(&Field::new("确认版本", "第2版")));
        assert!(
            doc.fields
                .contains(&Field::new("确认时间", "2026-11-27 17:00:00"))
        );
        assert!(doc.fields[3].value.starts_with("同意"));
        assert!(doc.paragraphs[0].contains("第九十条"));
        assert_eq!(doc.signatures, ["受送达人　张三"]);
    }

    #[test]
    fn the_service_receipt_leaves_room_to_sign() {
        let doc = service_receipt(
            &header(),
            &ReceiptForm {
                documents: "民事判决书 一份",
                address: "北京市示范区示范路1号",
                method: "邮寄送达",
            },
        );
        assert_eq!(doc.title, "送达回证");
        assert!(doc.fields.contains(&Field::new("送达方式", "邮寄送达")));
        assert!(doc.fields.iter().any(|f| f.label == "受送达人签名或者盖章"));
        assert!(doc.paragraphs[0].contains("第八十九条"));
    }
}
