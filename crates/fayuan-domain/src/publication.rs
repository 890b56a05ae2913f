//! Publishing judgments online (司法公开, Rules art. 9; 《最高人民法院关于人民法院在互联网公布裁判文书
//! 的规定》法释〔2016〕19号, RULES.md §1): whether a document may be published, and the text the
//! public may read.
//!
//! [`mask`] decides publication from the case's record (art. 4, with the art. 6 stub for what is
//! withheld) and produces the masked text: the names art. 8 protects pseudonymised as art. 9
//! says, the personal information of art. 10 deleted (or replaced by × where deleting would break
//! the sentence), and nothing else changed (art. 11 keeps the rest). It works from the people the
//! case records and from what it finds in the text. It is pure: no I/O, no clock.

use fayuan_core::str_enum;
use serde::Deserialize;

mod address;
mod decision;
mod names;
mod personal;
mod record;
mod text;

pub use decision::{Refusal, withholding};
pub use record::{JudgmentPublication, PublicationStatus, title_of};

str_enum! {
    /// The kind of case (CASE.json `case_type`).
    pub enum CaseType {
        /// 民事.
        Civil = "civil" / "民事",
        /// 刑事.
        Criminal = "criminal" / "刑事",
        /// 行政.
        Administrative = "administrative" / "行政",
        /// 执行.
        Enforcement = "enforcement" / "执行",
    }
}

str_enum! {
    /// The kind of document (art. 3's list).
    pub enum DocumentType {
        /// 判决书.
        Judgment = "judgment" / "判决书",
        /// 裁定书.
        Ruling = "ruling" / "裁定书",
        /// 调解书.
        MediationStatement = "mediation_statement" / "调解书",
        /// 支付令.
        PaymentOrder = "payment_order" / "支付令",
        /// 决定书 (国家赔偿、强制医疗、拘留罚款 …).
        Decision = "decision" / "决定书",
        /// 驳回申诉通知书.
        RejectionNotice = "rejection_notice" / "驳回申诉通知书",
    }
}

str_enum! {
    /// How the case ended.
    pub enum Closure {
        /// By judgment.
        Judgment = "judgment" / "判决",
        /// By ruling.
        Ruling = "ruling" / "裁定",
        /// By mediation (调解结案).
        Mediation = "mediation" / "调解",
        /// By confirming a people's mediation agreement (确认人民调解协议效力).
        MediationConfirmation = "mediation_confirmation" / "确认调解协议",
        /// Withdrawn.
        Withdrawal = "withdrawal" / "撤诉",
        /// Otherwise.
        Other = "other" / "其他",
    }
}

str_enum! {
    /// What a person is in the case (CASE.json `role`).
    pub enum Role {
        /// 原告 / 上诉人 / 申请人.
        Plaintiff = "plaintiff" / "原告",
        /// 被告 / 被上诉人 / 被申请人.
        Defendant = "defendant" / "被告",
        /// 第三人.
        ThirdParty = "third_party" / "第三人",
        /// 被告人.
        CriminalDefendant = "criminal_defendant" / "被告人",
        /// 被害人.
        Victim = "victim" / "被害人",
        /// 附带民事诉讼原告人.
        IncidentalPlaintiff = "incidental_plaintiff" / "附带民事诉讼原告人",
        /// 证人.
        Witness = "witness" / "证人",
        /// 鉴定人.
        Appraiser = "appraiser" / "鉴定人",
        /// 法定代理人 of a person, or 法定代表人 of an organisation.
        LegalRepresentative = "legal_representative" / "法定代理人或法定代表人",
        /// 委托诉讼代理人.
        Agent = "agent" / "委托诉讼代理人",
        /// 辩护人.
        Defender = "defender" / "辩护人",
    }
}

/// A person or organisation the case records.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Person {
    /// The name as recorded.
    pub name: String,
    /// Their part in the case.
    pub role: Role,
    /// Under 18.
    #[serde(default)]
    pub minor: bool,
    /// A name of an ethnic minority (少数民族姓名).
    #[serde(default)]
    pub ethnic_minority: bool,
    /// A foreigner's or stateless person's name in Chinese translation.
    #[serde(default)]
    pub foreign: bool,
    /// A name in Latin script.
    #[serde(default)]
    pub latin_name: bool,
    /// An organisation, not a natural person.
    #[serde(default)]
    pub organization: bool,
    /// A lawyer (or 基层法律服务工作者) acting as agent or defender.
    #[serde(default)]
    pub lawyer: bool,
    /// Whom a representative, agent or defender acts for (by name).
    #[serde(default)]
    pub represents: Option<String>,
}

/// What the masking needs to know of a case (the CLI's CASE.json).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CaseRecord {
    /// 案号.
    pub case_number: String,
    /// The court (for the art. 6 stub).
    #[serde(default)]
    pub court: String,
    /// The date of the document (for the art. 6 stub).
    #[serde(default)]
    pub date: String,
    /// The kind of case.
    pub case_type: CaseType,
    /// 案由 or 罪名.
    pub cause: String,
    /// The kind of document.
    pub document: DocumentType,
    /// How the case ended.
    pub closure: Closure,
    /// It involves state secrets (art. 4 (一)).
    #[serde(default)]
    pub state_secret: bool,
    /// The court's own reason not to publish (art. 4 (五)).
    #[serde(default)]
    pub withheld_reason: Option<String>,
    /// A mediation statement whose publication public interest requires (art. 3 (九): 民事公益诉讼
    /// 调解书; art. 4 (三)'s exception).
    #[serde(default)]
    pub public_interest: bool,
    /// The people and organisations of the case.
    #[serde(default)]
    pub people: Vec<Person>,
}

impl CaseRecord {
    /// A record of a judgment closed by judgment, with no people yet and nothing withheld.
    pub fn new(case_type: CaseType, cause: &str) -> Self {
        Self {
            case_number: String::new(),
            court: String::new(),
            date: String::new(),
            case_type,
            cause: cause.to_owned(),
            document: DocumentType::Judgment,
            closure: Closure::Judgment,
            state_secret: false,
            withheld_reason: None,
            public_interest: false,
            people: Vec::new(),
        }
    }
}

/// Why a part of the text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A name pseudonymised (arts. 8–9).
    Pseudonym,
    /// An identity number deleted (art. 10 (一)).
    IdNumber,
    /// A telephone number deleted.
    Phone,
    /// A bank or card account deleted or shortened.
    Account,
    /// A vehicle plate shortened.
    Plate,
    /// An e-mail address deleted.
    Email,
    /// A property certificate number deleted.
    PropertyCertificate,
    /// A home address cut to its county or district.
    Address,
}

impl Rule {
    /// The article that requires it.
    pub fn article(self) -> &'static str {
        match self {
            Rule::Pseudonym => "第八条、第九条",
            Rule::Account => "第十条第一款第（一）、（二）项",
            Rule::Plate | Rule::PropertyCertificate => "第十条第一款第（一）、（二）项",
            Rule::IdNumber | Rule::Phone | Rule::Email | Rule::Address => "第十条第一款第（一）项",
        }
    }
}

/// One change: the characters `start..end` (char indices) of the original became `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// First character changed (char index into the original).
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The original text of the span.
    pub original: String,
    /// What the public reads instead (empty when deleted).
    pub replacement: String,
    /// Why.
    pub rule: Rule,
}

/// A document ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The text the public reads.
    pub text: String,
    /// Every change, in text order, for the reviewer.
    pub changes: Vec<Change>,
}

/// Decides whether the document may be published and, if so, masks it.
pub fn mask(case: &CaseRecord, document: &str) -> Result<Masked, Refusal> {
    if let Some(refusal) = withholding(case) {
        return Err(refusal);
    }
    let chars: Vec<char> = document.chars().collect();
    let mut changes = personal::find(&chars);
    changes.extend(address::find(case, &chars));
    changes.extend(names::find(case, &chars));
    let changes = text::resolve(changes);
    Ok(Masked {
        text: text::apply(&chars, &changes),
        changes,
    })
}

#[cfg(test)]
mod tests;
