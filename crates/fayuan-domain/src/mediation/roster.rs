//! The roster (名册管理, 在线调解规则 arts. 5, 27–28): the mediation organisations a court has
//! invited and the mediators on its roster, with what the public needs to choose one (art. 5 ¶2:
//! 基本情况、纠纷受理范围、擅长领域、是否收费、作出邀请的人民法院).

use fayuan_core::id::{AccountId, CourtId, OrganisationId};
use fayuan_core::str_enum;
use serde::{Deserialize, Serialize};

use crate::DomainError;

str_enum! {
    /// The kinds of mediation organisation a court invites.
    pub enum OrganisationKind {
        /// 人民调解委员会 (人民调解法).
        PeoplesCommittee = "peoples_committee" / "人民调解委员会",
        /// 行业调解组织 (industry and professional bodies).
        Industry = "industry" / "行业调解组织",
        /// 律师调解工作室.
        LawyerStudio = "lawyer_studio" / "律师调解工作室",
        /// 特邀调解组织 (other organisations invited by the court).
        Invited = "invited" / "特邀调解组织",
    }
}

str_enum! {
    /// Where a mediator stands on the roster.
    pub enum RosterStatus {
        /// Proposed by an organisation, awaiting the court's appointment.
        Nominated = "nominated" / "待法院确认",
        /// Appointed: may be chosen and assigned.
        Active = "active" / "在册",
        /// Suspended by the court or the organisation: keeps running mediations, takes no new ones.
        Suspended = "suspended" / "暂停",
        /// Removed (解聘, art. 29): kept for the record only.
        Removed = "removed" / "已解聘",
    }
}

/// A mediation organisation on a court's roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Identifier.
    pub id: OrganisationId,
    /// The inviting court.
    pub court_id: CourtId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Disputes it takes (纠纷受理范围), e.g. 婚姻家庭、物业服务.
    pub scope: String,
    /// Region it serves.
    pub region: String,
    /// Whether it charges for mediation (是否收费).
    pub charges_fee: bool,
    /// Still on the roster.
    pub active: bool,
    /// Created (µs).
    pub created_at_us: i64,
}

/// What the roster says about a mediator, beyond the account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MediatorProfile {
    /// Specialities (擅长领域).
    pub specialities: Vec<String>,
    /// Regions served.
    pub regions: Vec<String>,
    /// Languages spoken besides Mandarin (少数民族语言, foreign languages, art. 6).
    pub languages: Vec<String>,
    /// A short introduction (基本情况).
    pub introduction: String,
}

/// Limits on a profile (bad input must not grow without bound).
const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 30;
const MAX_INTRODUCTION_CHARS: usize = 2_000;

impl MediatorProfile {
    /// A profile from entered lists (blank entries dropped, duplicates kept once), checked.
    pub fn new(
        specialities: &[String],
        regions: &[String],
        languages: &[String],
        introduction: &str,
    ) -> Result<Self, DomainError> {
        let clean = |what: &str, list: &[String]| -> Result<Vec<String>, DomainError> {
            let mut out: Vec<String> = Vec::new();
            for item in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if item.chars().count() > MAX_TAG_CHARS {
                    return Err(DomainError::invalid(
                        "mediation.profile",
                        format!("{what}每项不超过{MAX_TAG_CHARS}字"),
                    ));
                }
                if !out.iter().any(|o| o == item) {
                    out.push(item.to_owned());
                }
            }
            if out.len() > MAX_TAGS {
                return Err(DomainError::invalid(
                    "mediation.profile",
                    format!("{what}不超过{MAX_TAGS}项"),
                ));
            }
            Ok(out)
        };
        let introduction = introduction.trim();
        if introduction.chars().count() > MAX_INTRODUCTION_CHARS {
            return Err(DomainError::invalid(
                "mediation.profile",
                format!("基本情况不超过{MAX_INTRODUCTION_CHARS}字"),
            ));
        }
        Ok(Self {
            specialities: clean("擅长领域", specialities)?,
            regions: clean("服务地区", regions)?,
            languages: clean("语言", languages)?,
            introduction: introduction.to_owned(),
        })
    }
}

/// A mediator on a court's roster: a court's own mediator (staff with the 调解员 role) or an
/// invited mediator (特邀调解员) with an ordinary verified account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mediator {
    /// The mediator's account.
    pub account_id: AccountId,
    /// The inviting court.
    pub court_id: CourtId,
    /// The organisation they mediate for; `None` for the court's own mediators.
    pub organisation_id: Option<OrganisationId>,
    /// Where they stand.
    pub status: RosterStatus,
    /// Manages the organisation's own people on the roster.
    pub manages_organisation: bool,
    /// Specialities, regions, languages, introduction.
    pub profile: MediatorProfile,
    /// Why the status last changed.
    pub status_reason: String,
    /// Added (µs).
    pub created_at_us: i64,
}

impl Mediator {
    /// Checks a change of roster status; the one place the roster's state machine lives.
    pub fn check_status_change(&self, to: RosterStatus) -> Result<(), DomainError> {
        use RosterStatus::*;
        let allowed = matches!(
            (self.status, to),
            (Nominated, Active | Removed)
                | (Active, Suspended | Removed)
                | (Suspended, Active | Removed)
        );
        if allowed {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "mediation.roster_status",
                format!(
                    "调解员当前为“{}”，不能变为“{}”",
                    self.status.label(),
                    to.label()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_cleaned_and_bounded() {
        let p = MediatorProfile::new(
            &[
                "婚姻家庭".into(),
                " ".into(),
                "婚姻家庭".into(),
                "物业".into(),
            ],
            &[],
            &["藏语".into()],
            "  退休法官  ",
        )
        .unwrap();
        assert_eq!(p.specialities, vec!["婚姻家庭", "物业"]);
        assert_eq!(p.introduction, "退休法官");
        let many: Vec<String> = (0..21).map(|i| i.to_string()).collect();
        assert!(MediatorProfile::new(&many, &[], &[], "").is_err());
        assert!(MediatorProfile::new(&["长".repeat(31)], &[], &[], "").is_err());
    }

    #[test]
    fn roster_status_changes() {
        let mut m = Mediator {
            account_id: AccountId::new(),
            court_id: CourtId::new(),
            organisation_id: None,
            status: RosterStatus::Nominated,
            manages_organisation: false,
            profile: MediatorProfile::default(),
            status_reason: String::new(),
            created_at_us: 0,
        };
        assert!(m.check_status_change(RosterStatus::Suspended).is_err());
        assert!(m.check_status_change(RosterStatus::Active).is_ok());
        m.status = RosterStatus::Removed;
        assert!(m.check_status_change(RosterStatus::Active).is_err());
    }
}
