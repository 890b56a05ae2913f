//! Evidence (Rules arts. 21–23): each party's evidence list (证据清单), the exchange the judge
//! opens with a deadline (证据交换), the parties' cross-examination opinions on authenticity,
//! legality and relevance (质证意见: 真实性、合法性、关联性), and the court's finding per item
//! (认证). Everything is timestamped and attributable; what arrives after the deadline is marked.

use fayuan_core::id::{AccountId, CaseId, EvidenceItemId, MaterialId, OpinionId};
use fayuan_core::str_enum;

use crate::DomainError;
use crate::filing::PartyRole;

/// One item of a party's evidence list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceItem {
    /// Identifier.
    pub id: EvidenceItemId,
    /// The case.
    pub case_id: CaseId,
    /// Who submitted it (the party or its lawyer).
    pub submitted_by: AccountId,
    /// The side it is offered for.
    pub side: PartyRole,
    /// The party's name, as in the case.
    pub party_name: String,
    /// Number in the party's list, 1-based.
    pub number: i64,
    /// What the evidence is (证据名称).
    pub name: String,
    /// Where it comes from (来源).
    pub source: String,
    /// What it is to prove (证明目的).
    pub purpose: String,
    /// Pages in the material, e.g. 1-3.
    pub pages: String,
    /// The material holding it, in the dossier's main volume.
    pub material_id: Option<MaterialId>,
    /// Submitted (µs).
    pub submitted_at_us: i64,
    /// Submitted after the exchange deadline.
    pub late: bool,
}

impl EvidenceItem {
    /// Checks the fields a party fills in.
    pub fn validate(&self) -> Result<(), DomainError> {
        check_fields(&self.name, &self.source, &self.purpose, &self.pages)
    }
}

/// The fields of an evidence item: a name and a purpose are required, none longer than 2000
/// characters.
pub fn check_fields(
    name: &str,
    source: &str,
    purpose: &str,
    pages: &str,
) -> Result<(), DomainError> {
    if name.trim().is_empty() || purpose.trim().is_empty() {
        return Err(DomainError::invalid(
            "evidence.incomplete",
            "请填写证据名称和证明目的。",
        ));
    }
    if [name, source, purpose, pages]
        .iter()
        .any(|f| f.chars().count() > 2000)
    {
        return Err(DomainError::invalid(
            "evidence.too_long",
            "单项内容不得超过 2000 字。",
        ));
    }
    Ok(())
}

/// The exchange of evidence the judge opens for a case (one per case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceExchange {
    /// The case.
    pub case_id: CaseId,
    /// The judge who opened it.
    pub opened_by: AccountId,
    /// Opened (µs).
    pub opened_at_us: i64,
    /// Evidence and opinions after this instant are late (µs): the end of the deadline day in
    /// China.
    pub deadline_us: i64,
}

impl EvidenceExchange {
    /// Whether something done at `at_us` is after the deadline.
    pub fn is_late(&self, at_us: i64) -> bool {
        at_us >= self.deadline_us
    }
}

str_enum! {
    /// A party's position on one of the three properties of an item.
    pub enum Stance {
        /// 认可.
        Admit = "admit" / "认可",
        /// 不认可.
        Dispute = "dispute" / "不认可",
    }
}

/// A position with its reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// Admit or dispute.
    pub stance: Stance,
    /// Reasons (required when disputing).
    pub reason: String,
}

/// A party's cross-examination opinion on one item of the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    /// Identifier.
    pub id: OpinionId,
    /// The item.
    pub item_id: EvidenceItemId,
    /// Who gives it.
    pub author_id: AccountId,
    /// The side the author speaks for.
    pub side: PartyRole,
    /// 真实性.
    pub authenticity: Position,
    /// 合法性.
    pub legality: Position,
    /// 关联性.
    pub relevance: Position,
    /// Recorded (µs).
    pub recorded_at_us: i64,
    /// Recorded after the exchange deadline.
    pub late: bool,
}

impl Opinion {
    /// Disputing a property needs reasons.
    pub fn validate(&self) -> Result<(), DomainError> {
        for p in [&self.authenticity, &self.legality, &self.relevance] {
            if p.stance == Stance::Dispute && p.reason.trim().is_empty() {
                return Err(DomainError::invalid(
                    "evidence.reason_required",
                    "对真实性、合法性或关联性不认可的，应当说明理由。",
                ));
            }
            if p.reason.chars().count() > 2000 {
                return Err(DomainError::invalid(
                    "evidence.too_long",
                    "单项内容不得超过 2000 字。",
                ));
            }
        }
        Ok(())
    }
}

/// The court's finding on one item (认证, art. 23).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The item.
    pub item_id: EvidenceItemId,
    /// The judge recording it.
    pub judge_id: AccountId,
    /// Authenticity established.
    pub authenticity: bool,
    /// Lawfully obtained.
    pub legality: bool,
    /// Relevant to the facts to be proved.
    pub relevance: bool,
    /// The court's reasoning.
    pub reasoning: String,
    /// Recorded (µs).
    pub recorded_at_us: i64,
}

impl Finding {
    /// Evidence is admitted (予以采信) only when all three hold.
    pub fn admitted(&self) -> bool {
        self.authenticity && self.legality && self.relevance
    }

    /// The finding must give reasons.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.reasoning.trim().is_empty() {
            return Err(DomainError::invalid(
                "evidence.reason_required",
                "认证意见应当说明理由。",
            ));
        }
        Ok(())
    }
}

/// Whether a party on `viewer_side` may see an item: its own side's items always, the other
/// sides' only once the exchange is open (art. 22).
pub fn visible_to_party(
    item: &EvidenceItem,
    viewer_side: PartyRole,
    exchange: Option<&EvidenceExchange>,
) -> bool {
    item.side == viewer_side || exchange.is_some()
}

/// Whether a party on `side` may give an opinion on `item`: only on the other sides' items,
/// and only once the exchange is open.
pub fn may_cross_examine(
    item: &EvidenceItem,
    side: PartyRole,
    exchange: Option<&EvidenceExchange>,
) -> Result<(), DomainError> {
    if exchange.is_none() {
        return Err(DomainError::invalid(
            "evidence.exchange_not_open",
            "法官尚未组织证据交换，暂不能发表质证意见。",
        ));
    }
    if item.side == side {
        return Err(DomainError::invalid(
            "evidence.own_item",
            "不能对己方提交的证据发表质证意见。",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(side: PartyRole) -> EvidenceItem {
        EvidenceItem {
            id: EvidenceItemId::new(),
            case_id: CaseId::new(),
            submitted_by: AccountId::new(),
            side,
            party_name: "张三".into(),
            number: 1,
            name: "借条".into(),
            source: "原告持有".into(),
            purpose: "证明借款事实".into(),
            pages: "1".into(),
            material_id: None,
            submitted_at_us: 0,
            late: false,
        }
    }

    fn position(stance: Stance, reason: &str) -> Position {
        Position {
            stance,
            reason: reason.into(),
        }
    }

    #[test]
    fn the_other_side_sees_evidence_only_after_the_exchange_opens() {
        let exchange = EvidenceExchange {
            case_id: CaseId::new(),
            opened_by: AccountId::new(),
            opened_at_us: 10,
            deadline_us: 100,
        };
        let plaintiffs = item(PartyRole::Plaintiff);
        assert!(visible_to_party(&plaintiffs, PartyRole::Plaintiff, None));
        assert!(!visible_to_party(&plaintiffs, PartyRole::Defendant, None));
        assert!(visible_to_party(
            &plaintiffs,
            PartyRole::Defendant,
            Some(&exchange)
        ));
        assert!(may_cross_examine(&plaintiffs, PartyRole::Defendant, None).is_err());
        assert!(may_cross_examine(&plaintiffs, PartyRole::Plaintiff, Some(&exchange)).is_err());
        assert!(may_cross_examine(&plaintiffs, PartyRole::Defendant, Some(&exchange)).is_ok());
        assert!(!exchange.is_late(99));
        assert!(exchange.is_late(100));
    }

    #[test]
    fn disputes_need_reasons() {
        let mut opinion = Opinion {
            id: OpinionId::new(),
            item_id: EvidenceItemId::new(),
            author_id: AccountId::new(),
            side: PartyRole::Defendant,
            authenticity: position(Stance::Admit, ""),
            legality: position(Stance::Admit, ""),
            relevance: position(Stance::Dispute, ""),
            recorded_at_us: 0,
            late: false,
        };
        assert!(opinion.validate().is_err());
        opinion.relevance.reason = "借条与本案借款无关".into();
        assert!(opinion.validate().is_ok());
    }

    #[test]
    fn admitted_only_when_all_three_hold() {
        let mut finding = Finding {
            item_id: EvidenceItemId::new(),
            judge_id: AccountId::new(),
            authenticity: true,
            legality: true,
            relevance: false,
            reasoning: "与待证事实无关".into(),
            recorded_at_us: 0,
        };
        assert!(!finding.admitted());
        finding.relevance = true;
        assert!(finding.admitted());
        finding.reasoning = " ".into();
        assert!(finding.validate().is_err());
    }

    #[test]
    fn items_need_a_name_and_a_purpose() {
        let mut i = item(PartyRole::Plaintiff);
        assert!(i.validate().is_ok());
        i.purpose.clear();
        assert!(i.validate().is_err());
    }
}
