//! Trial and enforcement time limits (审限) per procedure, their extensions (延长审限) and the
//! periods not counted (扣除审限), RULES.md §4.2-4.5.
//!
//! Counting decisions:
//! * the limit runs from the day after docketing (《最高人民法院关于严格执行案件审理期限制度的若干
//!   规定》第八条: 审理期限从立案次日起计算); months end on the corresponding day, or the month end
//!   (《民法典》第二百零二条, via [`period::shift_months`]);
//! * the limit is counted in calendar days and is **not** rolled over holidays. The holiday rule
//!   of 《民事诉讼法》第八十五条第三款 protects parties who must act within a period; neither the
//!   2000 SPC rule nor 民诉法解释第二百四十三条 (审限 = 立案之日起至裁判宣告、调解书送达之日止)
//!   extends the court's own limit for holidays, so the earlier, stricter date is used;
//! * suspended days (公告、鉴定、和解、管辖异议 …, 民诉法解释第二百四十三条 and the 2000 rule
//!   第九条) push the deadline back one day each; overlapping suspensions count once;
//! * where the statute lets an extension be approved without fixing its length but the 2000 SPC
//!   rule fixes one, the 2000 rule's length is the cap; where nothing fixes it, the granted
//!   length must be given explicitly.

use std::fmt;

use time::Date;

use crate::period::{shift_days, shift_months};
use crate::rule_error::RuleError;

/// A length of time: months then days (e.g. 一个半月 = 1 month 15 days).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Length {
    /// Whole months.
    pub months: u32,
    /// Days after the months.
    pub days: u32,
}

impl Length {
    /// `n` months.
    pub const fn months(months: u32) -> Length {
        Length { months, days: 0 }
    }

    /// `n` days.
    pub const fn days(days: u32) -> Length {
        Length { months: 0, days }
    }

    fn plus(self, other: Length) -> Length {
        Length {
            months: self.months.saturating_add(other.months),
            days: self.days.saturating_add(other.days),
        }
    }

    fn fits_within(self, cap: Length) -> bool {
        self.months <= cap.months && self.days <= cap.days
    }

    fn is_zero(self) -> bool {
        self.months == 0 && self.days == 0
    }

    /// The last day of a limit of this length counted from the day after `start`.
    fn end_from(self, start: Date) -> Result<Date, RuleError> {
        shift_days(shift_months(start, self.months)?, i64::from(self.days))
    }
}

impl fmt::Display for Length {
    /// `6个月`, `30日`, `1个月15日`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.months, self.days) {
            (0, d) => write!(f, "{d}日"),
            (m, 0) => write!(f, "{m}个月"),
            (m, d) => write!(f, "{m}个月{d}日"),
        }
    }
}

crate::str_enum! {
    /// The procedure whose time limit applies (审判程序 / 执行).
    pub enum Procedure {
        /// 民事一审普通程序.
        CivilOrdinary = "civil_ordinary" / "民事一审普通程序",
        /// 民事简易程序.
        CivilSummary = "civil_summary" / "民事简易程序",
        /// 小额诉讼程序.
        CivilSmallClaims = "civil_small_claims" / "小额诉讼程序",
        /// 民事二审（对判决的上诉）.
        CivilSecondInstanceJudgment = "civil_second_instance_judgment" / "民事二审（判决上诉）",
        /// 民事二审（对裁定的上诉）.
        CivilSecondInstanceRuling = "civil_second_instance_ruling" / "民事二审（裁定上诉）",
        /// 民事特别程序.
        CivilSpecial = "civil_special" / "民事特别程序",
        /// 民事再审审查.
        CivilRetrialReview = "civil_retrial_review" / "民事再审审查",
        /// 执行.
        Enforcement = "enforcement" / "执行",
        /// 非诉执行.
        NonLitigationEnforcement = "non_litigation_enforcement" / "非诉执行",
        /// 刑事一审公诉（及被告人被羁押的自诉）.
        CriminalFirstInstance = "criminal_first_instance" / "刑事一审公诉",
        /// 刑事自诉（被告人未被羁押）.
        CriminalPrivateNotInCustody = "criminal_private_not_in_custody" / "刑事自诉（被告人未被羁押）",
        /// 刑事简易程序.
        CriminalSimple = "criminal_simple" / "刑事简易程序",
        /// 刑事速裁程序.
        CriminalFastTrack = "criminal_fast_track" / "刑事速裁程序",
        /// 刑事二审.
        CriminalSecondInstance = "criminal_second_instance" / "刑事二审",
        /// 刑事再审.
        CriminalRetrial = "criminal_retrial" / "刑事再审",
        /// 行政一审普通程序.
        AdministrativeFirstInstance = "administrative_first_instance" / "行政一审普通程序",
        /// 行政简易程序.
        AdministrativeSimple = "administrative_simple" / "行政简易程序",
        /// 行政二审.
        AdministrativeSecondInstance = "administrative_second_instance" / "行政二审",
    }
}

crate::str_enum! {
    /// Who approves (or is notified of) an extension.
    pub enum Approver {
        /// 本院院长.
        CourtPresident = "court_president" / "本院院长",
        /// 上一级人民法院.
        HigherCourt = "higher_court" / "上一级人民法院",
        /// 高级人民法院.
        HighCourt = "high_court" / "高级人民法院",
        /// 最高人民法院.
        SupremeCourt = "supreme_court" / "最高人民法院",
        /// The statute allows the extension without naming an approver.
        Unspecified = "unspecified" / "（法律未规定批准主体）",
    }
}

crate::str_enum! {
    /// Why days are not counted in the time limit (扣除审限).
    pub enum SuspensionReason {
        /// 公告期间.
        Announcement = "announcement" / "公告期间",
        /// 鉴定期间.
        Appraisal = "appraisal" / "鉴定期间",
        /// 双方当事人和解期间.
        Settlement = "settlement" / "和解期间",
        /// 审理当事人提出的管辖异议期间.
        JurisdictionObjection = "jurisdiction_objection" / "审理管辖异议期间",
        /// 处理人民法院之间的管辖争议期间.
        JurisdictionDispute = "jurisdiction_dispute" / "处理管辖争议期间",
        /// 审计、评估、资产清理期间.
        AuditValuation = "audit_valuation" / "审计、评估、资产清理期间",
        /// 中止诉讼（审理）或执行至恢复的期间.
        Stay = "stay" / "中止期间",
        /// 其他依法不计入审限的期间 (2000 rule 第九条 other items).
        Other = "other" / "其他不计入审限的期间",
    }
}

/// How an extension step changes the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionEffect {
    /// Adds at most this length.
    AddUpTo(Length),
    /// Raises the whole limit to at most this length (e.g. 可以延长至一个半月).
    ExtendTo(Length),
    /// Adds a length the law leaves open (it must be given when granted).
    Unlimited,
}

/// One step of the extension chain of a procedure; steps are granted in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionRule {
    /// Who may grant this step.
    pub approvers: &'static [Approver],
    /// What it does.
    pub effect: ExtensionEffect,
    /// The condition the law attaches, if any.
    pub condition: Option<&'static str>,
    /// The legal basis.
    pub legal_basis: &'static str,
}

/// The time limit of one procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimitRule {
    /// The procedure.
    pub procedure: Procedure,
    /// The base length.
    pub base: Length,
    /// The event the limit runs from (counting starts the next day).
    pub runs_from: &'static str,
    /// The legal basis of the base length.
    pub legal_basis: &'static str,
    /// The extension chain.
    pub extensions: &'static [ExtensionRule],
    /// Other rules the caller must apply (exemptions, alternative start points).
    pub notes: &'static [&'static str],
}

const SPC_2000: &str = "《最高人民法院关于严格执行案件审理期限制度的若干规定》";
const FOREIGN: &str = "涉外民事案件不受本条审限限制（《民事诉讼法》第二百八十七条）";

macro_rules! ext {
    ([$($approver:ident),+], $effect:expr, $condition:expr, $basis:expr) => {
        ExtensionRule {
            approvers: &[$(Approver::$approver),+],
            effect: $effect,
            condition: $condition,
            legal_basis: $basis,
        }
    };
}

use ExtensionEffect::{AddUpTo, ExtendTo, Unlimited};

const fn m(n: u32) -> Length {
    Length::months(n)
}
const fn d(n: u32) -> Length {
    Length::days(n)
}

/// The table of all procedures, in the order of [`Procedure::ALL`].
pub static TIME_LIMIT_RULES: [TimeLimitRule; 18] = [
    TimeLimitRule {
        procedure: Procedure::CivilOrdinary,
        base: m(6),
        runs_from: "立案之日",
        legal_basis: "《民事诉讼法》第一百五十二条",
        extensions: &[
            ext!(
                [CourtPresident],
                AddUpTo(m(6)),
                None,
                "《民事诉讼法》第一百五十二条"
            ),
            ext!(
                [HigherCourt],
                AddUpTo(m(3)),
                None,
                "《民事诉讼法》第一百五十二条；《最高人民法院关于严格执行案件审理期限制度的若干规定》第二条"
            ),
        ],
        notes: &[
            FOREIGN,
            "由简易程序转为普通程序的，审限从立案次日起连续计算（2000年规定第八条）",
        ],
    },
    TimeLimitRule {
        procedure: Procedure::CivilSummary,
        base: m(3),
        runs_from: "立案之日",
        legal_basis: "《民事诉讼法》第一百六十四条",
        extensions: &[ext!(
            [CourtPresident],
            AddUpTo(m(1)),
            None,
            "《民事诉讼法》第一百六十四条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CivilSmallClaims,
        base: m(2),
        runs_from: "立案之日",
        legal_basis: "《民事诉讼法》第一百六十八条",
        extensions: &[ext!(
            [CourtPresident],
            AddUpTo(m(1)),
            None,
            "《民事诉讼法》第一百六十八条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CivilSecondInstanceJudgment,
        base: m(3),
        runs_from: "第二审立案之日",
        legal_basis: "《民事诉讼法》第一百八十三条第一款",
        extensions: &[ext!(
            [CourtPresident],
            AddUpTo(m(3)),
            None,
            "《民事诉讼法》第一百八十三条第一款；《最高人民法院关于严格执行案件审理期限制度的若干规定》第二条"
        )],
        notes: &[FOREIGN],
    },
    TimeLimitRule {
        procedure: Procedure::CivilSecondInstanceRuling,
        base: d(30),
        runs_from: "第二审立案之日",
        legal_basis: "《民事诉讼法》第一百八十三条第二款",
        extensions: &[],
        notes: &[FOREIGN],
    },
    TimeLimitRule {
        procedure: Procedure::CivilSpecial,
        base: d(30),
        runs_from: "立案之日（需要公告的，公告期满之日）",
        legal_basis: "《民事诉讼法》第一百八十七条",
        extensions: &[ext!(
            [CourtPresident],
            AddUpTo(d(30)),
            Some("审理选民资格的案件除外"),
            "《民事诉讼法》第一百八十七条；《最高人民法院关于严格执行案件审理期限制度的若干规定》第二条"
        )],
        notes: &["选民资格案件必须在选举日前审结（《民事诉讼法》第一百八十七条）"],
    },
    TimeLimitRule {
        procedure: Procedure::CivilRetrialReview,
        base: m(3),
        runs_from: "收到再审申请书之日",
        legal_basis: "《民事诉讼法》第二百一十五条",
        extensions: &[ext!(
            [CourtPresident],
            Unlimited,
            None,
            "《民事诉讼法》第二百一十五条"
        )],
        notes: &["裁定再审后，按再审适用的一审或二审程序重新计算审限"],
    },
    TimeLimitRule {
        procedure: Procedure::Enforcement,
        base: m(6),
        runs_from: "立案之日",
        legal_basis: "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条",
        extensions: &[
            ext!(
                [CourtPresident],
                AddUpTo(m(3)),
                None,
                "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条"
            ),
            ext!(
                [HighCourt],
                Unlimited,
                Some("层报高级人民法院备案"),
                "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条"
            ),
        ],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::NonLitigationEnforcement,
        base: m(3),
        runs_from: "立案之日",
        legal_basis: "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条",
        extensions: &[
            ext!(
                [CourtPresident],
                AddUpTo(m(3)),
                None,
                "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条"
            ),
            ext!(
                [HighCourt],
                Unlimited,
                Some("层报高级人民法院备案"),
                "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条"
            ),
        ],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalFirstInstance,
        base: m(2),
        runs_from: "受理之日",
        legal_basis: "《刑事诉讼法》第二百零八条第一款",
        extensions: &[
            ext!(
                [Unspecified],
                ExtendTo(m(3)),
                Some("至迟不得超过三个月"),
                "《刑事诉讼法》第二百零八条第一款"
            ),
            ext!(
                [HigherCourt],
                AddUpTo(m(3)),
                Some(
                    "可能判处死刑的案件、附带民事诉讼的案件或者有《刑事诉讼法》第一百五十八条规定情形之一的"
                ),
                "《刑事诉讼法》第二百零八条第一款"
            ),
            ext!(
                [SupremeCourt],
                Unlimited,
                Some("因特殊情况还需要延长的"),
                "《刑事诉讼法》第二百零八条第一款"
            ),
        ],
        notes: &[
            "改变管辖的案件，从改变后的人民法院收到案件之日起计算审理期限（《刑事诉讼法》第二百零八条第二款）",
            "被告人被羁押的自诉案件适用本项（《刑事诉讼法》第二百一十二条第二款）",
        ],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalPrivateNotInCustody,
        base: m(6),
        runs_from: "受理之日",
        legal_basis: "《刑事诉讼法》第二百一十二条第二款",
        extensions: &[ext!(
            [CourtPresident],
            AddUpTo(m(3)),
            None,
            "《最高人民法院关于严格执行案件审理期限制度的若干规定》第一条第二款"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalSimple,
        base: d(20),
        runs_from: "受理之日",
        legal_basis: "《刑事诉讼法》第二百二十条",
        extensions: &[ext!(
            [Unspecified],
            ExtendTo(Length {
                months: 1,
                days: 15
            }),
            Some("对可能判处的有期徒刑超过三年的"),
            "《刑事诉讼法》第二百二十条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalFastTrack,
        base: d(10),
        runs_from: "受理之日",
        legal_basis: "《刑事诉讼法》第二百二十五条",
        extensions: &[ext!(
            [Unspecified],
            ExtendTo(d(15)),
            Some("对可能判处的有期徒刑超过一年的"),
            "《刑事诉讼法》第二百二十五条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalSecondInstance,
        base: m(2),
        runs_from: "受理上诉、抗诉之日",
        legal_basis: "《刑事诉讼法》第二百四十三条",
        extensions: &[
            ext!(
                [HighCourt],
                AddUpTo(m(2)),
                Some(
                    "可能判处死刑的案件、附带民事诉讼的案件或者有《刑事诉讼法》第一百五十八条规定情形之一的"
                ),
                "《刑事诉讼法》第二百四十三条第一款"
            ),
            ext!(
                [SupremeCourt],
                Unlimited,
                Some("因特殊情况还需要延长的"),
                "《刑事诉讼法》第二百四十三条第一款"
            ),
        ],
        notes: &[
            "最高人民法院受理上诉、抗诉案件的审理期限，由最高人民法院决定（《刑事诉讼法》第二百四十三条第二款）",
        ],
    },
    TimeLimitRule {
        procedure: Procedure::CriminalRetrial,
        base: m(3),
        runs_from: "作出提审、再审决定之日",
        legal_basis: "《刑事诉讼法》第二百五十八条",
        extensions: &[ext!(
            [CourtPresident],
            ExtendTo(m(6)),
            Some("延长后不得超过六个月"),
            "《刑事诉讼法》第二百五十八条；《最高人民法院关于严格执行案件审理期限制度的若干规定》第四条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::AdministrativeFirstInstance,
        base: m(6),
        runs_from: "立案之日",
        legal_basis: "《行政诉讼法》第八十一条",
        extensions: &[ext!(
            [HighCourt, SupremeCourt],
            Unlimited,
            Some("高级人民法院审理第一审案件需要延长的，由最高人民法院批准"),
            "《行政诉讼法》第八十一条"
        )],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::AdministrativeSimple,
        base: d(45),
        runs_from: "立案之日",
        legal_basis: "《行政诉讼法》第八十三条",
        extensions: &[],
        notes: &[],
    },
    TimeLimitRule {
        procedure: Procedure::AdministrativeSecondInstance,
        base: m(3),
        runs_from: "收到上诉状之日",
        legal_basis: "《行政诉讼法》第八十八条",
        extensions: &[ext!(
            [HighCourt, SupremeCourt],
            Unlimited,
            Some("高级人民法院审理上诉案件需要延长的，由最高人民法院批准"),
            "《行政诉讼法》第八十八条"
        )],
        notes: &[],
    },
];

/// The time-limit rule of `procedure`.
pub fn rule(procedure: Procedure) -> &'static TimeLimitRule {
    // The table has one entry per variant in declaration order (checked by a unit test), and
    // its length is fixed by its type, so the index is always in bounds.
    &TIME_LIMIT_RULES[procedure as usize]
}

/// Days not counted in the time limit, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suspension {
    /// Why.
    pub reason: SuspensionReason,
    /// First day not counted.
    pub from: Date,
    /// Last day not counted.
    pub to: Date,
}

/// An extension granted, in chain order. `length: None` grants the most the step allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GrantedExtension {
    /// Who granted it.
    pub approver: Approver,
    /// How long (for an "extend to" step: the new whole limit).
    pub length: Option<Length>,
}

/// The computed deadline of a time limit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeLimitOutcome {
    /// The last day of the limit (审限届满日).
    pub deadline: Date,
    /// Base plus extensions.
    pub total_length: Length,
    /// Days not counted that fell inside the limit.
    pub suspended_days: u32,
    /// Chinese sentences explaining the computation.
    pub reasoning: Vec<String>,
}

/// Computes the deadline of `procedure` for a case docketed (立案/受理) on `docketed_on`,
/// with the suspensions and the extensions granted so far.
pub fn deadline(
    procedure: Procedure,
    docketed_on: Date,
    suspensions: &[Suspension],
    extensions: &[GrantedExtension],
) -> Result<TimeLimitOutcome, RuleError> {
    let rule = rule(procedure);
    let first_day = docketed_on
        .next_day()
        .ok_or(RuleError::PeriodInvalidLength)?;
    let mut reasoning = vec![format!(
        "{}审限为{}，自{} {docketed_on} 的次日 {first_day} 起计算（{}；{SPC_2000}第八条）。",
        procedure.label(),
        rule.base,
        rule.runs_from,
        rule.legal_basis
    )];
    let mut total = rule.base;
    for (index, granted) in extensions.iter().enumerate() {
        let refuse = |reason| RuleError::TimeLimitExtensionNotAllowed { index, reason };
        let step = rule
            .extensions
            .get(index)
            .ok_or_else(|| refuse("no further extension step"))?;
        if !step.approvers.contains(&granted.approver) {
            return Err(refuse("wrong approver"));
        }
        let approver = match granted.approver {
            Approver::Unspecified => String::new(),
            a => format!("经{}批准，", a.label()),
        };
        match step.effect {
            AddUpTo(cap) => {
                let length = granted.length.unwrap_or(cap);
                if length.is_zero() || !length.fits_within(cap) {
                    return Err(refuse("longer than the step allows"));
                }
                total = total.plus(length);
                reasoning.push(format!("{approver}延长{length}（{}）。", step.legal_basis));
            }
            ExtendTo(limit) => {
                let length = granted.length.unwrap_or(limit);
                if !length.fits_within(limit)
                    || length.end_from(docketed_on)? <= total.end_from(docketed_on)?
                {
                    return Err(refuse("not within the extend-to limit"));
                }
                total = length;
                reasoning.push(format!(
                    "{approver}延长至{length}（{}）。",
                    step.legal_basis
                ));
            }
            Unlimited => {
                let length = granted
                    .length
                    .filter(|l| !l.is_zero())
                    .ok_or_else(|| refuse("length required"))?;
                total = total.plus(length);
                reasoning.push(format!("{approver}延长{length}（{}）。", step.legal_basis));
            }
        }
    }
    let nominal = total.end_from(docketed_on)?;
    let budget = nominal.to_julian_day() - docketed_on.to_julian_day();
    reasoning.push(format!(
        "审限合计{total}，未扣除不计入期间的届满日为 {nominal}。"
    ));

    for s in suspensions {
        if s.from > s.to {
            return Err(RuleError::TimeLimitInvalidSuspension {
                from: s.from,
                to: s.to,
            });
        }
    }
    let suspended = |day: Date| suspensions.iter().any(|s| s.from <= day && day <= s.to);
    let mut day = docketed_on;
    let mut remaining = budget;
    let mut suspended_days = 0u32;
    while remaining > 0 {
        day = day.next_day().ok_or(RuleError::PeriodInvalidLength)?;
        if suspended(day) {
            suspended_days += 1;
        } else {
            remaining -= 1;
        }
    }
    for s in suspensions
        .iter()
        .filter(|s| s.to > docketed_on && s.from <= day)
    {
        reasoning.push(format!(
            "{} {} 至 {} 不计入审限（民诉法解释第二百四十三条；{SPC_2000}第九条）。",
            s.reason.label(),
            s.from,
            s.to
        ));
    }
    if suspended_days > 0 {
        reasoning.push(format!(
            "共扣除{suspended_days}日，审限届满日顺延为 {day}。"
        ));
    }
    reasoning.push(format!(
        "审限届满日为 {day}；审限按自然日连续计算，届满日为节假日的不顺延。"
    ));
    Ok(TimeLimitOutcome {
        deadline: day,
        total_length: total,
        suspended_days,
        reasoning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn grant(approver: Approver, length: Option<Length>) -> GrantedExtension {
        GrantedExtension { approver, length }
    }

    #[test]
    fn every_procedure_has_exactly_one_rule() {
        assert_eq!(TIME_LIMIT_RULES.len(), Procedure::ALL.len());
        for (index, procedure) in Procedure::ALL.iter().enumerate() {
            assert_eq!(TIME_LIMIT_RULES[index].procedure, *procedure);
            assert_eq!(rule(*procedure).procedure, *procedure);
        }
    }

    #[test]
    fn base_deadlines() {
        use Procedure::*;
        let table = [
            (CivilOrdinary, date!(2025 - 01 - 10), date!(2025 - 07 - 10)),
            (CivilOrdinary, date!(2025 - 08 - 31), date!(2026 - 02 - 28)),
            (CivilSummary, date!(2025 - 11 - 30), date!(2026 - 02 - 28)),
            (
                CivilSmallClaims,
                date!(2025 - 12 - 31),
                date!(2026 - 02 - 28),
            ),
            (
                CivilSecondInstanceJudgment,
                date!(2025 - 03 - 01),
                date!(2025 - 06 - 01),
            ),
            (
                CivilSecondInstanceRuling,
                date!(2025 - 03 - 01),
                date!(2025 - 03 - 31),
            ),
            (CivilSpecial, date!(2025 - 09 - 01), date!(2025 - 10 - 01)), // a holiday: no roll
            (Enforcement, date!(2025 - 01 - 10), date!(2025 - 07 - 10)),
            (
                NonLitigationEnforcement,
                date!(2025 - 01 - 10),
                date!(2025 - 04 - 10),
            ),
            (
                CriminalFirstInstance,
                date!(2025 - 01 - 10),
                date!(2025 - 03 - 10),
            ),
            (CriminalSimple, date!(2025 - 01 - 10), date!(2025 - 01 - 30)),
            (
                CriminalFastTrack,
                date!(2025 - 01 - 10),
                date!(2025 - 01 - 20),
            ),
            (
                CriminalSecondInstance,
                date!(2025 - 01 - 10),
                date!(2025 - 03 - 10),
            ),
            (
                AdministrativeSimple,
                date!(2025 - 01 - 10),
                date!(2025 - 02 - 24),
            ),
            (
                AdministrativeFirstInstance,
                date!(2030 - 01 - 10),
                date!(2030 - 07 - 10),
            ),
        ];
        for (procedure, docketed, expected) in table {
            let outcome = deadline(procedure, docketed, &[], &[]).unwrap();
            assert_eq!(outcome.deadline, expected, "{procedure} {docketed}");
            assert_eq!(outcome.suspended_days, 0);
        }
    }

    #[test]
    fn extensions() {
        use Approver::*;
        let docketed = date!(2025 - 01 - 10);
        let ordinary =
            |ext: &[GrantedExtension]| deadline(Procedure::CivilOrdinary, docketed, &[], ext);
        assert_eq!(
            ordinary(&[grant(CourtPresident, None)]).unwrap().deadline,
            date!(2026 - 01 - 10)
        );
        let two = [
            grant(CourtPresident, None),
            grant(HigherCourt, Some(Length::months(2))),
        ];
        let outcome = ordinary(&two).unwrap();
        assert_eq!(outcome.deadline, date!(2026 - 03 - 10));
        assert_eq!(outcome.total_length, Length::months(14));

        let code = |r: Result<TimeLimitOutcome, RuleError>| r.unwrap_err().code();
        assert_eq!(
            code(ordinary(&[grant(HigherCourt, None)])),
            "time_limit.extension_not_allowed"
        );
        assert_eq!(
            code(ordinary(&[grant(CourtPresident, Some(Length::months(7)))])),
            "time_limit.extension_not_allowed"
        );
        let three = [
            grant(CourtPresident, None),
            grant(HigherCourt, None),
            grant(HigherCourt, None),
        ];
        assert_eq!(code(ordinary(&three)), "time_limit.extension_not_allowed");
        assert_eq!(
            code(deadline(
                Procedure::CivilSecondInstanceRuling,
                docketed,
                &[],
                &[grant(CourtPresident, None)]
            )),
            "time_limit.extension_not_allowed"
        );

        // 刑事简易: 20日 → 至一个半月.
        let simple = deadline(
            Procedure::CriminalSimple,
            docketed,
            &[],
            &[grant(Unspecified, None)],
        );
        assert_eq!(simple.unwrap().deadline, date!(2025 - 02 - 25));
        // 刑事一审: 2 → 3 months, then + 3 months by the higher court.
        let criminal = [grant(Unspecified, None), grant(HigherCourt, None)];
        let outcome = deadline(Procedure::CriminalFirstInstance, docketed, &[], &criminal).unwrap();
        assert_eq!(outcome.deadline, date!(2025 - 07 - 10));
        // 执行: + 3 months by the president, then an open-ended step needs a length.
        let open = [grant(CourtPresident, None), grant(HighCourt, None)];
        assert_eq!(
            code(deadline(Procedure::Enforcement, docketed, &[], &open)),
            "time_limit.extension_not_allowed"
        );
        let open = [
            grant(CourtPresident, None),
            grant(HighCourt, Some(Length::months(1))),
        ];
        let outcome = deadline(Procedure::Enforcement, docketed, &[], &open).unwrap();
        assert_eq!(outcome.deadline, date!(2025 - 11 - 10));
        // 行政一审 extension by the SPC for a high court's own case.
        let admin = [grant(SupremeCourt, Some(Length::months(3)))];
        let outcome = deadline(
            Procedure::AdministrativeFirstInstance,
            docketed,
            &[],
            &admin,
        )
        .unwrap();
        assert_eq!(outcome.deadline, date!(2025 - 10 - 10));
    }

    #[test]
    fn suspensions_push_the_deadline_back() {
        let docketed = date!(2025 - 01 - 10);
        let appraisal = Suspension {
            reason: SuspensionReason::Appraisal,
            from: date!(2025 - 03 - 01),
            to: date!(2025 - 03 - 30),
        };
        // Overlaps the appraisal by 10 days: union is 03-01 … 04-09 = 40 days.
        let announcement = Suspension {
            reason: SuspensionReason::Announcement,
            from: date!(2025 - 03 - 21),
            to: date!(2025 - 04 - 09),
        };
        // Entirely after the deadline: ignored.
        let late = Suspension {
            reason: SuspensionReason::Settlement,
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 01 - 31),
        };
        let outcome = deadline(
            Procedure::CivilSummary,
            docketed,
            &[appraisal, announcement, late],
            &[],
        )
        .unwrap();
        // 2025-04-10 + 40 days = 2025-05-20.
        assert_eq!(outcome.suspended_days, 40);
        assert_eq!(outcome.deadline, date!(2025 - 05 - 20));
        assert!(
            outcome
                .reasoning
                .iter()
                .any(|l| l.starts_with("鉴定期间 2025-03-01 至 2025-03-30"))
        );
        assert!(!outcome.reasoning.iter().any(|l| l.contains("2026-01-01")));

        // A suspension straddling the docketing date only counts from the next day.
        let jurisdiction = Suspension {
            reason: SuspensionReason::JurisdictionObjection,
            from: date!(2025 - 01 - 01),
            to: date!(2025 - 01 - 19),
        };
        let outcome = deadline(Procedure::CivilSummary, docketed, &[jurisdiction], &[]).unwrap();
        assert_eq!(outcome.suspended_days, 9);
        assert_eq!(outcome.deadline, date!(2025 - 04 - 19));

        let reversed = Suspension {
            from: date!(2025 - 02 - 02),
            to: date!(2025 - 02 - 01),
            ..appraisal
        };
        let error = deadline(Procedure::CivilSummary, docketed, &[reversed], &[]).unwrap_err();
        assert_eq!(error.code(), "time_limit.invalid_suspension");
    }

    #[test]
    fn lengths_display() {
        assert_eq!(Length::months(6).to_string(), "6个月");
        assert_eq!(Length::days(30).to_string(), "30日");
        assert_eq!(
            Length {
                months: 1,
                days: 15
            }
            .to_string(),
            "1个月15日"
        );
    }
}
