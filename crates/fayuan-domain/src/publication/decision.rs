//! Art. 4: which documents are not published, and the art. 6 stub published in their place.

use super::{CaseRecord, CaseType, Closure, DocumentType, Role};

/// Why a document is not published: the item of art. 4 and what the art. 6 stub shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The item of art. 4, 1 to 5.
    pub item: u8,
    /// The reason in words (不公开理由).
    pub reason: String,
}

impl Refusal {
    /// The refusal as the CLI and the reviewer show it: 不予公开：第四条第（四）项.
    pub fn citation(&self) -> String {
        const ITEMS: [&str; 5] = ["一", "二", "三", "四", "五"];
        let item = ITEMS
            .get(usize::from(self.item).saturating_sub(1))
            .copied()
            .unwrap_or("五");
        format!("不予公开：第四条第（{item}）项")
    }

    /// The art. 6 record published instead of the document: 案号、审理法院、裁判日期及不公开理由.
    pub fn stub(&self, case: &CaseRecord) -> String {
        format!(
            "案号：{}\n审理法院：{}\n裁判日期：{}\n不公开理由：{}（{}）",
            case.case_number,
            case.court,
            case.date,
            self.reason,
            self.citation().trim_start_matches("不予公开：")
        )
    }
}

/// Words of a cause that make the case one about divorce or about the upbringing or
/// guardianship of minor children (art. 4 (四)).
const FAMILY_WITHHELD: [&str; 4] = ["离婚", "抚养", "监护", "探望"];

/// Why the document may not be published (art. 4), the first item that applies; `None` when it
/// may be.
pub fn withholding(case: &CaseRecord) -> Option<Refusal> {
    let refuse = |item: u8, reason: &str| {
        Some(Refusal {
            item,
            reason: reason.to_owned(),
        })
    };
    if case.state_secret {
        return refuse(1, "涉及国家秘密");
    }
    if case.case_type == CaseType::Criminal
        && case
            .people
            .iter()
            .any(|p| p.role == Role::CriminalDefendant && p.minor)
    {
        return refuse(2, "未成年人犯罪");
    }
    let mediated = matches!(
        case.closure,
        Closure::Mediation | Closure::MediationConfirmation
    ) || case.document == DocumentType::MediationStatement;
    // Art. 3 (九) publishes 行政调解书 and 民事公益诉讼调解书: art. 4 (三)'s exception.
    let published_mediation = case.case_type == CaseType::Administrative || case.public_interest;
    if mediated && !published_mediation {
        return refuse(3, "以调解方式结案或者确认人民调解协议效力");
    }
    if FAMILY_WITHHELD.iter().any(|w| case.cause.contains(w)) {
        return refuse(4, "离婚诉讼或者涉及未成年子女抚养、监护");
    }
    match case.withheld_reason.as_deref().map(str::trim) {
        Some(reason) if !reason.is_empty() => refuse(5, reason),
        _ => None,
    }
}
