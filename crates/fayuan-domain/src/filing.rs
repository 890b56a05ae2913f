//! Online filing (Rules art. 17; 立案登记制, 民事诉讼法 arts. 122–126): a verified litigant or
//! lawyer prepares a filing application, submits it, and the filing division decides within
//! seven days — docket it, ask for correction, refuse it, or divert it to pre-filing mediation.

use fayuan_core::id::{AccountId, CaseId, CourtId, FilingId};
use fayuan_core::money::Fen;
use fayuan_core::str_enum;
use fayuan_core::time_limit::Procedure;
use serde::{Deserialize, Serialize};

use crate::DomainError;

str_enum! {
    /// What is applied for; decides the case type code, the fee and the procedures available.
    pub enum FilingCategory {
        /// 民事一审起诉 → 民初.
        CivilFirstInstance = "civil_first_instance" / "民事一审",
        /// 行政一审起诉 → 行初.
        AdministrativeFirstInstance = "administrative_first_instance" / "行政一审",
        /// 申请执行 → 执.
        Enforcement = "enforcement" / "申请执行",
        /// 诉前（仲裁前）财产保全 → 财保.
        Preservation = "preservation" / "申请保全",
        /// 申请支付令 → 民督.
        PaymentOrder = "payment_order" / "申请支付令",
        /// 申请司法确认调解协议 → 民特 (民事诉讼法 arts. 205–206).
        JudicialConfirmation = "judicial_confirmation" / "申请司法确认调解协议",
    }
}

impl FilingCategory {
    /// The case type code (类型代字, RULES.md §2.3) of a case docketed from this category.
    pub fn type_code(self) -> &'static str {
        match self {
            FilingCategory::CivilFirstInstance => "民初",
            FilingCategory::AdministrativeFirstInstance => "行初",
            FilingCategory::Enforcement => "执",
            FilingCategory::Preservation => "财保",
            FilingCategory::PaymentOrder => "民督",
            FilingCategory::JudicialConfirmation => "民特",
        }
    }

    /// The procedures a filing officer may docket this category under; the first is the default.
    pub fn procedures(self) -> &'static [Procedure] {
        match self {
            FilingCategory::CivilFirstInstance => &[
                Procedure::CivilOrdinary,
                Procedure::CivilSummary,
                Procedure::CivilSmallClaims,
            ],
            FilingCategory::AdministrativeFirstInstance => &[
                Procedure::AdministrativeFirstInstance,
                Procedure::AdministrativeSimple,
            ],
            FilingCategory::Enforcement => &[Procedure::Enforcement],
            FilingCategory::Preservation
            | FilingCategory::PaymentOrder
            | FilingCategory::JudicialConfirmation => &[Procedure::CivilSpecial],
        }
    }
}

/// The type code of a case diverted to pre-filing mediation (诉前调解, RULES.md §2.3 additions).
pub const PRE_FILING_MEDIATION_TYPE_CODE: &str = "民诉前调";

str_enum! {
    /// Where a filing application stands.
    pub enum FilingStatus {
        /// Being prepared by the applicant.
        Draft = "draft" / "草稿",
        /// Waiting for the filing division's decision.
        Submitted = "submitted" / "待审查",
        /// Returned to the applicant to complete (补正).
        CorrectionRequested = "correction_requested" / "待补正",
        /// Docketed: a case exists (登记立案).
        Docketed = "docketed" / "已立案",
        /// Refused (不予受理).
        Refused = "refused" / "不予受理",
        /// Diverted to pre-filing mediation (诉前调解).
        Diverted = "diverted" / "诉前调解",
    }
}

str_enum! {
    /// The role of a party in the application.
    pub enum PartyRole {
        /// 原告 / 申请人 / 申请执行人.
        Plaintiff = "plaintiff" / "原告（申请人）",
        /// 被告 / 被申请人 / 被执行人.
        Defendant = "defendant" / "被告（被申请人）",
        /// 第三人.
        ThirdParty = "third_party" / "第三人",
    }
}

str_enum! {
    /// A party is a natural person or an organisation.
    pub enum PartyKind {
        /// 自然人.
        Person = "person" / "自然人",
        /// 法人或非法人组织.
        Organisation = "organisation" / "法人或非法人组织",
    }
}

str_enum! {
    /// Kinds of material a filing needs (upload of the files themselves arrives with the dossier).
    pub enum MaterialKind {
        /// 起诉状 / 申请书.
        Complaint = "complaint" / "起诉状（申请书）",
        /// 身份证明.
        IdentityProof = "identity_proof" / "身份证明材料",
        /// 证据清单.
        EvidenceList = "evidence_list" / "证据目录及证据",
        /// 授权委托书 (required when a lawyer files for a principal).
        PowerOfAttorney = "power_of_attorney" / "授权委托书",
        /// 其他.
        Other = "other" / "其他材料",
    }
}

/// A party named in the application, with its identity and delivery address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Role.
    pub role: PartyRole,
    /// Person or organisation.
    pub kind: PartyKind,
    /// Name.
    pub name: String,
    /// Identity number or credit code, if known.
    pub id_number: Option<String>,
    /// Delivery address (送达地址).
    pub address: String,
    /// Phone.
    pub phone: Option<String>,
}

/// One claim (诉讼请求) with its amount, if it is about money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// What is asked.
    pub text: String,
    /// Amount claimed.
    pub amount: Option<Fen>,
}

/// A material declared with the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Kind.
    pub kind: MaterialKind,
    /// Title, e.g. 民事起诉状.
    pub title: String,
}

/// A filing application (立案申请).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingApplication {
    /// Identifier.
    pub id: FilingId,
    /// The court applied to.
    pub court_id: CourtId,
    /// Who prepared and submits it.
    pub applicant_id: AccountId,
    /// Whether the applicant is a lawyer acting for a principal.
    pub filed_by_agent: bool,
    /// Category.
    pub category: FilingCategory,
    /// Cause of action (案由) or charge.
    pub cause: String,
    /// Procedure asked for (the court decides).
    pub procedure_requested: Procedure,
    /// Parties.
    pub parties: Vec<Party>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Facts and reasons (事实与理由).
    pub facts: String,
    /// Materials.
    pub materials: Vec<Material>,
    /// The applicant agrees to pre-filing mediation (诉前调解 needs consent).
    pub consents_to_mediation: bool,
    /// Status.
    pub status: FilingStatus,
    /// Last submission (µs); the 7-day decision period runs from it (民诉法解释 art. 126).
    pub submitted_at_us: Option<i64>,
    /// What the filing division asked to correct, or why it refused.
    pub decision_note: String,
    /// The case created by docketing.
    pub case_id: Option<CaseId>,
    /// Created (µs).
    pub created_at_us: i64,
    /// The electronic address the applicant gives for service; giving it is consent to
    /// electronic delivery (在线诉讼规则 art. 29 (三)).
    pub electronic_delivery: Option<ElectronicDelivery>,
}

/// An electronic address for service given in a complaint: at least one of e-mail and mobile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectronicDelivery {
    /// E-mail address.
    pub email: String,
    /// Mobile number for text notices.
    pub mobile: String,
}

impl ElectronicDelivery {
    /// The address as entered, checked and normalised; `None` when both fields are blank.
    pub fn from_entry(email: &str, mobile: &str) -> Result<Option<Self>, DomainError> {
        let (email, mobile) = (email.trim(), mobile.trim());
        if email.is_empty() && mobile.is_empty() {
            return Ok(None);
        }
        Ok(Some(Self {
            email: if email.is_empty() {
                String::new()
            } else {
                crate::accounts::normalise_email(email)?
            },
            mobile: if mobile.is_empty() {
                String::new()
            } else {
                crate::accounts::normalise_phone(mobile)?
            },
        }))
    }
}

impl FilingApplication {
    /// Total amount claimed.
    pub fn total_claimed(&self) -> Option<Fen> {
        let mut total = Fen::ZERO;
        let mut any = false;
        for amount in self.claims.iter().filter_map(|c| c.amount) {
            total = total.checked_add(amount)?;
            any = true;
        }
        any.then_some(total)
    }

    /// What is missing before the application can be submitted, as Chinese sentences (the
    /// wizard shows them; submission is refused while any remain).
    pub fn missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        let has = |role: PartyRole| self.parties.iter().any(|p| p.role == role);
        if !has(PartyRole::Plaintiff) {
            missing.push("至少一名原告（申请人）".to_string());
        }
        if !has(PartyRole::Defendant) {
            missing.push("至少一名被告（被申请人）".to_string());
        }
        if self
            .parties
            .iter()
            .any(|p| p.name.trim().is_empty() || p.address.trim().is_empty())
        {
            missing.push("每名当事人的姓名（名称）和送达地址".to_string());
        }
        if self.cause.trim().is_empty() {
            missing.push("案由".to_string());
        }
        if self.claims.is_empty() || self.claims.iter().any(|c| c.text.trim().is_empty()) {
            missing.push("诉讼请求（申请事项）".to_string());
        }
        if self.facts.trim().is_empty() {
            missing.push("事实与理由".to_string());
        }
        let mut needed = vec![
            MaterialKind::Complaint,
            MaterialKind::IdentityProof,
            MaterialKind::EvidenceList,
        ];
        if self.filed_by_agent {
            needed.push(MaterialKind::PowerOfAttorney);
        }
        for kind in needed {
            if !self.materials.iter().any(|m| m.kind == kind) {
                missing.push(format!("材料：{}", kind.label()));
            }
        }
        if !self
            .category
            .procedures()
            .contains(&self.procedure_requested)
        {
            missing.push(format!("{}可适用的审理程序", self.category.label()));
        }
        missing
    }

    /// Checks that the application may change from its status to `to`; the one place the
    /// filing state machine lives.
    pub fn check_transition(&self, to: FilingStatus) -> Result<(), DomainError> {
        use FilingStatus::*;
        let allowed = matches!(
            (self.status, to),
            (Draft | CorrectionRequested, Submitted)
                | (
                    Submitted,
                    Docketed | Refused | CorrectionRequested | Diverted
                )
                // The applicant asks for mediation itself (在线调解规则 art. 8).
                | (Draft, Diverted)
                // Mediation failed: back to review for docketing (在线调解规则 art. 21).
                | (Diverted, Submitted)
                | (Draft | CorrectionRequested, Draft)
        );
        if allowed {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "filing.invalid_transition",
                format!(
                    "立案申请当前为“{}”，不能变为“{}”",
                    self.status.label(),
                    to.label()
                ),
            ))
        }
    }
}

/// Limits on what one application may hold (bad input must not grow without bound).
pub const MAX_PARTIES: usize = 50;
/// See [`MAX_PARTIES`].
pub const MAX_CLAIMS: usize = 50;
/// See [`MAX_PARTIES`].
pub const MAX_MATERIALS: usize = 100;
/// Longest facts-and-reasons text in characters.
pub const MAX_FACTS_CHARS: usize = 50_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn application() -> FilingApplication {
        FilingApplication {
            id: FilingId::new(),
            court_id: CourtId::new(),
            applicant_id: AccountId::new(),
            filed_by_agent: false,
            category: FilingCategory::CivilFirstInstance,
            cause: "民间借贷纠纷".into(),
            procedure_requested: Procedure::CivilOrdinary,
            parties: vec![
                Party {
                    role: PartyRole::Plaintiff,
                    kind: PartyKind::Person,
                    name: "张三".into(),
                    id_number: None,
                    address: "北京市".into(),
                    phone: None,
                },
                Party {
                    role: PartyRole::Defendant,
                    kind: PartyKind::Person,
                    name: "李四".into(),
                    id_number: None,
                    address: "北京市".into(),
                    phone: None,
                },
            ],
            claims: vec![Claim {
                text: "返还借款".into(),
                amount: Some(Fen::yuan(100_000)),
            }],
            facts: "借款未还".into(),
            materials: vec![
                Material {
                    kind: MaterialKind::Complaint,
                    title: "起诉状".into(),
                },
                Material {
                    kind: MaterialKind::IdentityProof,
                    title: "身份证".into(),
                },
                Material {
                    kind: MaterialKind::EvidenceList,
                    title: "借条".into(),
                },
            ],
            consents_to_mediation: false,
            status: FilingStatus::Draft,
            submitted_at_us: None,
            decision_note: String::new(),
            case_id: None,
            created_at_us: 0,
            electronic_delivery: None,
        }
    }

    #[test]
    fn complete_application_misses_nothing() {
        assert!(application().missing().is_empty());
        assert_eq!(application().total_claimed(), Some(Fen::yuan(100_000)));
    }

    #[test]
    fn missing_items_are_named() {
        let mut a = application();
        a.parties.retain(|p| p.role == PartyRole::Plaintiff);
        a.filed_by_agent = true;
        a.procedure_requested = Procedure::Enforcement;
        let missing = a.missing();
        assert!(missing.iter().any(|m| m.contains("被告")));
        assert!(missing.iter().any(|m| m.contains("授权委托书")));
        assert!(missing.iter().any(|m| m.contains("审理程序")));
    }

    #[test]
    fn state_machine() {
        let mut a = application();
        assert!(a.check_transition(FilingStatus::Submitted).is_ok());
        assert!(a.check_transition(FilingStatus::Docketed).is_err());
        a.status = FilingStatus::Submitted;
        for to in [
            FilingStatus::Docketed,
            FilingStatus::Refused,
            FilingStatus::CorrectionRequested,
            FilingStatus::Diverted,
        ] {
            assert!(a.check_transition(to).is_ok());
        }
        assert!(a.check_transition(FilingStatus::Draft).is_err());
        a.status = FilingStatus::CorrectionRequested;
        assert!(a.check_transition(FilingStatus::Submitted).is_ok());
        a.status = FilingStatus::Docketed;
        assert!(a.check_transition(FilingStatus::Submitted).is_err());
    }
}
