//! Operations (运维保障, Rules arts. 13, 37–40): incidents that suspend online services. When
//! power, the network, a fault, an attack or a data-security hole stops a service, the court
//! declares an incident naming the services; they answer with its notice until it is lifted, and
//! the periods it blocked may be extended (民事诉讼法 art. 86: 因不可抗拒的事由或者其他正当理由
//! 耽误期限的，在障碍消除后的十日内，可以申请顺延期限).

use fayuan_core::clock::{CHINA_OFFSET, from_micros};
use fayuan_core::id::{AccountId, CaseId, FeeNoticeId, IncidentId};
use fayuan_core::str_enum;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::DomainError;

str_enum! {
    /// What caused an incident (art. 40's 电力中断、网络故障、系统故障、网络攻击、数据安全漏洞).
    pub enum IncidentCause {
        /// 电力中断.
        Power = "power" / "电力中断",
        /// 网络故障.
        Network = "network" / "网络故障",
        /// 系统故障.
        Fault = "fault" / "系统故障",
        /// 网络攻击.
        Attack = "attack" / "网络攻击",
        /// 数据安全漏洞.
        DataSecurity = "data_security" / "数据安全漏洞",
    }
}

str_enum! {
    /// An online service an incident can suspend.
    pub enum OnlineService {
        /// 网上立案 (filing, its materials and its review).
        Filing = "filing" / "网上立案",
        /// 网上交费.
        Payment = "payment" / "网上交费",
        /// 材料提交与电子卷宗.
        Dossier = "dossier" / "材料提交与电子卷宗",
        /// 在线调解.
        Mediation = "mediation" / "在线调解",
        /// 在线庭审.
        Hearing = "hearing" / "在线庭审",
        /// 电子送达.
        Delivery = "delivery" / "电子送达",
        /// 司法公开.
        Openness = "openness" / "司法公开",
    }
}

/// A period of a party that fell inside an incident blocking its service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedDeadline {
    /// The case.
    pub case_id: CaseId,
    /// Its number.
    pub case_number: String,
    /// The fee notice whose payment period it is.
    pub fee_notice_id: FeeNoticeId,
    /// The last day as it stood.
    pub due_on: Date,
    /// The last day once extended by art. 86, if it was.
    pub extended_to: Option<Date>,
}

/// One incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Identifier.
    pub id: IncidentId,
    /// Short title (e.g. 机房电力中断).
    pub title: String,
    /// Cause.
    pub cause: IncidentCause,
    /// The services suspended.
    pub services: Vec<OnlineService>,
    /// The notice shown to users while it lasts (Chinese).
    pub notice: String,
    /// Started (µs).
    pub started_at_us: i64,
    /// Ended (µs), once lifted.
    pub ended_at_us: Option<i64>,
    /// What was done about it (处置措施), written when lifting.
    pub actions: String,
    /// Who declared it; `None` when monitoring opened it.
    pub declared_by: Option<AccountId>,
    /// The parties' periods it blocked, found when it is lifted.
    pub affected: Vec<AffectedDeadline>,
}

/// Longest title, notice and actions, in characters.
pub const MAX_INCIDENT_TEXT: usize = 1_000;

impl Incident {
    /// Whether it still lasts.
    pub fn is_active(&self) -> bool {
        self.ended_at_us.is_none()
    }

    /// Whether it suspends `service` now.
    pub fn suspends(&self, service: OnlineService) -> bool {
        self.is_active() && self.services.contains(&service)
    }

    /// The civil days in China it covered: from its start to its end (or `today` while it
    /// lasts).
    pub fn days(&self, today: Date) -> (Date, Date) {
        let day = |us: i64| from_micros(us).to_offset(CHINA_OFFSET).date();
        (day(self.started_at_us), self.ended_at_us.map_or(today, day))
    }

    /// Ends it at `at_us` with what was done.
    pub fn lift(&mut self, at_us: i64, actions: &str) -> Result<(), DomainError> {
        if !self.is_active() {
            return Err(DomainError::invalid("incident.ended", "该故障已经解除。"));
        }
        check_text(actions, "incident.actions", "处置措施")?;
        self.ended_at_us = Some(at_us.max(self.started_at_us));
        self.actions = actions.trim().to_owned();
        Ok(())
    }
}

/// Checks a declaration: a title, a notice and at least one service.
pub fn check_declaration(
    title: &str,
    notice: &str,
    services: &[OnlineService],
) -> Result<(), DomainError> {
    check_text(title, "incident.title", "标题")?;
    check_text(notice, "incident.notice", "公告内容")?;
    if services.is_empty() {
        return Err(DomainError::invalid(
            "incident.services",
            "请选择受影响的服务。",
        ));
    }
    Ok(())
}

fn check_text(text: &str, code: &'static str, what: &str) -> Result<(), DomainError> {
    let n = text.trim().chars().count();
    if n == 0 || n > MAX_INCIDENT_TEXT {
        return Err(DomainError::invalid(
            code,
            format!("请填写{what}（不超过{MAX_INCIDENT_TEXT}字）。"),
        ));
    }
    Ok(())
}

/// The last day of a period extended under 民事诉讼法 art. 86 for an incident covering the days
/// `first..=last`: the days of the period the incident took (from its first day, or the day the
/// period began if later, to the period's last day, or the incident's if earlier) are given back
/// after the incident's last day. `None` when the period ended before the incident or began
/// after it (nothing was lost).
pub fn extended_due(begins_on: Date, due_on: Date, first: Date, last: Date) -> Option<Date> {
    let lost_from = begins_on.max(first);
    let lost_until = due_on.min(last);
    if lost_until < lost_from {
        return None;
    }
    let lost = (lost_until - lost_from).whole_days() + 1;
    last.checked_add(time::Duration::days(lost))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_days_lost_are_given_back_after_the_incident() {
        // Due 1 December; the outage took 30 November to 2 December: 30 Nov and 1 Dec were lost,
        // so the period ends two days after 2 December.
        let first = date!(2026 - 11 - 30);
        let last = date!(2026 - 12 - 02);
        assert_eq!(
            extended_due(date!(2026 - 11 - 24), date!(2026 - 12 - 01), first, last),
            Some(date!(2026 - 12 - 04))
        );
        // Only the last day lost: one day back.
        assert_eq!(
            extended_due(date!(2026 - 11 - 24), date!(2026 - 11 - 30), first, last),
            Some(date!(2026 - 12 - 03))
        );
        // A period issued during the outage loses the days from its start.
        assert_eq!(
            extended_due(date!(2026 - 12 - 01), date!(2026 - 12 - 08), first, last),
            Some(date!(2026 - 12 - 04))
        );
        // Ended before, or began after: nothing lost.
        assert_eq!(
            extended_due(date!(2026 - 11 - 20), date!(2026 - 11 - 29), first, last),
            None
        );
        assert_eq!(
            extended_due(date!(2026 - 12 - 03), date!(2026 - 12 - 10), first, last),
            None
        );
    }

    fn incident() -> Incident {
        Incident {
            id: IncidentId::new(),
            title: "机房电力中断".into(),
            cause: IncidentCause::Power,
            services: vec![OnlineService::Payment],
            notice: "网上交费暂停".into(),
            started_at_us: 1_764_205_200_000_000, // 2025-11-27 01:00 UTC = 09:00 in Beijing
            ended_at_us: None,
            actions: String::new(),
            declared_by: None,
            affected: Vec::new(),
        }
    }

    #[test]
    fn an_incident_suspends_its_services_until_lifted_once() {
        let mut i = incident();
        assert!(i.suspends(OnlineService::Payment));
        assert!(!i.suspends(OnlineService::Filing));
        assert_eq!(
            i.days(date!(2025 - 11 - 28)),
            (date!(2025 - 11 - 27), date!(2025 - 11 - 28))
        );
        assert!(i.lift(i.started_at_us + 1, " ").is_err(), "actions needed");
        i.lift(i.started_at_us + 86_400_000_000, "切换备用电源")
            .unwrap();
        assert!(!i.suspends(OnlineService::Payment));
        assert_eq!(i.actions, "切换备用电源");
        assert!(i.lift(i.started_at_us + 2, "再次解除").is_err());
    }

    #[test]
    fn a_declaration_needs_a_title_a_notice_and_a_service() {
        let all = [OnlineService::Filing];
        assert!(check_declaration("机房断电", "暂停服务", &all).is_ok());
        assert!(check_declaration("", "暂停服务", &all).is_err());
        assert!(check_declaration("机房断电", "", &all).is_err());
        assert!(check_declaration("机房断电", "暂停服务", &[]).is_err());
        let long = "长".repeat(MAX_INCIDENT_TEXT + 1);
        assert!(check_declaration(&long, "暂停服务", &all).is_err());
    }
}
