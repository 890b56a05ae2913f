//! Litigation fees (诉讼费) per 《诉讼费用交纳办法》(国务院令第481号, in force 2007-04-01),
//! Arts. 13-18, and 《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》 Art. 206.
//!
//! Amounts are integer fen on input and output. In between everything is an exact fraction of a
//! fen, so tier sums, halving and the payment-order third never lose precision; the result is
//! rounded half up to the fen (or, if the court's schedule says so, to the whole yuan) only once,
//! at the end. The 办法 itself says nothing about rounding (RULES.md §3.3).
//!
//! "超过" excludes the boundary (《民法典》第一千二百五十九条): a claim of exactly 10,000元 pays
//! 50元; 10,000.01元 pays 50元 plus 2.5% of 0.01元.

use std::cmp::Ordering;

use serde::Serialize;

use crate::money::Fen;
use crate::rule_error::RuleError;

/// A fee range set per case (e.g. 50元至300元 for a divorce case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FeeRange {
    /// Lowest fee.
    pub min: Fen,
    /// Highest fee.
    pub max: Fen,
}

impl FeeRange {
    const fn yuan(min: i64, max: i64) -> FeeRange {
        FeeRange {
            min: Fen::yuan(min),
            max: Fen::yuan(max),
        }
    }

    fn within(self, statutory: FeeRange) -> bool {
        self.min <= self.max && statutory.min <= self.min && self.max <= statutory.max
    }
}

/// The per-case fees that provinces may fix within the statutory range (办法第十三条末款 for
/// items (二)(三)(六); the Art. 14 ranges are kept configurable the same way), and the court's
/// rounding policy. [`FeeSchedule::national`] is the full statutory range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FeeSchedule {
    /// 离婚案件 (Art. 13 (二) 1): 50-300元.
    pub divorce: FeeRange,
    /// 人格权案件 (Art. 13 (二) 2): 100-500元.
    pub personality: FeeRange,
    /// 其他非财产案件 (Art. 13 (二) 3): 50-100元.
    pub other_non_property: FeeRange,
    /// 知识产权民事案件 without an amount (Art. 13 (三)): 500-1000元.
    pub ip_without_amount: FeeRange,
    /// 管辖权异议不成立 (Art. 13 (六)): 50-100元.
    pub jurisdiction_objection: FeeRange,
    /// 申请执行 without an amount (Art. 14 (一) 1): 50-500元.
    pub enforcement_without_amount: FeeRange,
    /// 申请设立海事赔偿责任限制基金 (Art. 14 (七) 1): 1000-10000元.
    pub maritime_liability_fund: FeeRange,
    /// 申请海事强制令 (Art. 14 (七) 2): 1000-5000元.
    pub maritime_injunction: FeeRange,
    /// 申请船舶优先权催告 (Art. 14 (七) 3): 1000-5000元.
    pub ship_priority_notice: FeeRange,
    /// Round the final fee to whole yuan (half up) instead of to the fen.
    pub round_to_yuan: bool,
}

impl FeeSchedule {
    /// The statutory ranges, unnarrowed, rounding to the fen.
    pub const fn national() -> FeeSchedule {
        FeeSchedule {
            divorce: FeeRange::yuan(50, 300),
            personality: FeeRange::yuan(100, 500),
            other_non_property: FeeRange::yuan(50, 100),
            ip_without_amount: FeeRange::yuan(500, 1000),
            jurisdiction_objection: FeeRange::yuan(50, 100),
            enforcement_without_amount: FeeRange::yuan(50, 500),
            maritime_liability_fund: FeeRange::yuan(1000, 10_000),
            maritime_injunction: FeeRange::yuan(1000, 5000),
            ship_priority_notice: FeeRange::yuan(1000, 5000),
            round_to_yuan: false,
        }
    }

    /// Checks that every configured range lies within the statutory one (a province may only
    /// set standards 在规定的幅度内).
    pub fn validate(&self) -> Result<(), RuleError> {
        let national = FeeSchedule::national();
        let items = [
            ("divorce", self.divorce, national.divorce),
            ("personality", self.personality, national.personality),
            (
                "other_non_property",
                self.other_non_property,
                national.other_non_property,
            ),
            (
                "ip_without_amount",
                self.ip_without_amount,
                national.ip_without_amount,
            ),
            (
                "jurisdiction_objection",
                self.jurisdiction_objection,
                national.jurisdiction_objection,
            ),
            (
                "enforcement_without_amount",
                self.enforcement_without_amount,
                national.enforcement_without_amount,
            ),
            (
                "maritime_liability_fund",
                self.maritime_liability_fund,
                national.maritime_liability_fund,
            ),
            (
                "maritime_injunction",
                self.maritime_injunction,
                national.maritime_injunction,
            ),
            (
                "ship_priority_notice",
                self.ship_priority_notice,
                national.ship_priority_notice,
            ),
        ];
        match items
            .iter()
            .find(|(_, range, statutory)| !range.within(*statutory))
        {
            Some((item, _, _)) => Err(RuleError::FeeInvalidSchedule { item }),
            None => Ok(()),
        }
    }
}

impl Default for FeeSchedule {
    fn default() -> Self {
        FeeSchedule::national()
    }
}

/// Administrative case kinds of Art. 13 (五).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdministrativeKind {
    /// 商标、专利、海事行政案件: 100元.
    TrademarkPatentMaritime,
    /// 其他行政案件: 50元.
    Other,
}

/// Maritime applications of Art. 14 (七).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaritimeApplication {
    /// 申请设立海事赔偿责任限制基金 (range).
    LiabilityFund,
    /// 申请海事强制令 (range).
    Injunction,
    /// 申请船舶优先权催告 (range).
    ShipPriorityNotice,
    /// 申请海事债权登记: 1000元.
    ClaimRegistration,
    /// 申请共同海损理算: 1000元.
    GeneralAverage,
}

/// What the fee is for. Art. 13 kinds are acceptance fees (案件受理费); Art. 14 kinds are
/// application fees (申请费).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FeeKind {
    /// 财产案件 (Art. 13 (一)), on the amount claimed (on appeal: the disputed part, Art. 17).
    Property {
        /// 诉讼请求的金额或者价额.
        amount: Fen,
    },
    /// 离婚案件 (Art. 13 (二) 1), with the total property to divide if any.
    Divorce {
        /// 财产总额, if property is divided.
        property: Option<Fen>,
    },
    /// 人格权案件 (Art. 13 (二) 2), with damages claimed if any.
    Personality {
        /// 赔偿金额, if damages are claimed.
        damages: Option<Fen>,
    },
    /// 其他非财产案件 (Art. 13 (二) 3).
    OtherNonProperty,
    /// 知识产权民事案件 (Art. 13 (三)), with the disputed amount if any.
    IntellectualProperty {
        /// 争议金额或者价额, if any.
        amount: Option<Fen>,
    },
    /// 劳动争议案件 (Art. 13 (四)): 10元.
    Labor,
    /// 行政案件 (Art. 13 (五)).
    Administrative {
        /// Trademark/patent/maritime or other.
        administrative: AdministrativeKind,
    },
    /// 管辖权异议不成立 (Art. 13 (六)).
    JurisdictionObjection,
    /// 申请执行 (Art. 14 (一)), with the amount to enforce if any.
    Enforcement {
        /// 执行金额或者价额, if any.
        amount: Option<Fen>,
    },
    /// 申请保全措施 (Art. 14 (二)), on the property actually preserved; capped at 5000元.
    Preservation {
        /// 实际保全的财产数额, if any.
        amount: Option<Fen>,
    },
    /// 申请支付令 (Art. 14 (三)): one third of the property-case fee.
    PaymentOrder {
        /// The amount demanded.
        amount: Fen,
    },
    /// 申请公示催告 (Art. 14 (四)): 100元.
    PublicNotice,
    /// 申请撤销仲裁裁决或者认定仲裁协议效力 (Art. 14 (五)): 400元.
    Arbitration,
    /// 破产案件 (Art. 14 (六)): half the property-case fee on the estate, at most 30万元.
    Bankruptcy {
        /// 破产财产总额.
        estate: Fen,
    },
    /// 海事案件申请费 (Art. 14 (七)).
    Maritime {
        /// Which maritime application.
        application: MaritimeApplication,
    },
}

impl FeeKind {
    /// Whether this is an acceptance fee (Art. 13), the only kind Arts. 15-18 reduce.
    pub fn is_acceptance_fee(&self) -> bool {
        matches!(
            self,
            FeeKind::Property { .. }
                | FeeKind::Divorce { .. }
                | FeeKind::Personality { .. }
                | FeeKind::OtherNonProperty
                | FeeKind::IntellectualProperty { .. }
                | FeeKind::Labor
                | FeeKind::Administrative { .. }
                | FeeKind::JurisdictionObjection
        )
    }

    /// The Chinese name of the fee item.
    pub fn label(&self) -> &'static str {
        match self {
            FeeKind::Property { .. } => "财产案件受理费",
            FeeKind::Divorce { .. } => "离婚案件受理费",
            FeeKind::Personality { .. } => "人格权案件受理费",
            FeeKind::OtherNonProperty => "其他非财产案件受理费",
            FeeKind::IntellectualProperty { .. } => "知识产权民事案件受理费",
            FeeKind::Labor => "劳动争议案件受理费",
            FeeKind::Administrative { .. } => "行政案件受理费",
            FeeKind::JurisdictionObjection => "管辖权异议案件受理费",
            FeeKind::Enforcement { .. } => "申请执行费",
            FeeKind::Preservation { .. } => "申请保全费",
            FeeKind::PaymentOrder { .. } => "申请支付令费",
            FeeKind::PublicNotice => "申请公示催告费",
            FeeKind::Arbitration => "申请撤销仲裁裁决或者认定仲裁协议效力费",
            FeeKind::Bankruptcy { .. } => "破产申请费",
            FeeKind::Maritime { .. } => "海事案件申请费",
        }
    }
}

/// Circumstances that change an acceptance fee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FeeOptions {
    /// 适用简易程序 (Art. 16): halved. Small-claims cases are a form of simple procedure.
    pub summary_procedure: bool,
    /// 以调解方式结案或者当事人申请撤诉 (Art. 15): halved.
    pub mediation_or_withdrawal: bool,
    /// 反诉 / 有独立请求权的第三人的请求 joined to the case (Art. 18): halved.
    pub counterclaim: bool,
    /// An appeal (Art. 17): the amount given is the disputed part of the first-instance judgment.
    pub appeal: bool,
}

/// A fee: one amount, or a range when the fee is set per case within a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeAmount {
    /// One amount.
    Fixed(Fen),
    /// Anywhere from `min` to `max`, decided per case.
    Range {
        /// Lowest fee.
        min: Fen,
        /// Highest fee.
        max: Fen,
    },
}

/// A computed fee with its explanation (Chinese lines, one per step or tier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeQuote {
    /// The fee.
    pub amount: FeeAmount,
    /// How it was computed, for the fee notice and the UI.
    pub explanation: Vec<String>,
}

/// Computes the fee of `kind` with `options` under `schedule`.
pub fn quote(
    kind: &FeeKind,
    options: &FeeOptions,
    schedule: &FeeSchedule,
) -> Result<FeeQuote, RuleError> {
    schedule.validate()?;
    let wants_reduction =
        options.summary_procedure || options.mediation_or_withdrawal || options.counterclaim;
    if (wants_reduction || options.appeal) && !kind.is_acceptance_fee() {
        return Err(RuleError::FeeReductionNotApplicable { kind: kind.label() });
    }
    let mut lines = Vec::new();
    if options.appeal {
        lines.push(
            "上诉案件按照不服一审判决部分的上诉请求数额交纳案件受理费（《诉讼费用交纳办法》第十七条）"
                .to_owned(),
        );
    }
    let (low, high) = base_fee(kind, schedule, &mut lines)?;
    let (low, high) = if wants_reduction {
        let mut grounds = Vec::new();
        if options.summary_procedure {
            grounds.push("适用简易程序（第十六条）");
        }
        if options.mediation_or_withdrawal {
            grounds.push("以调解方式结案或者申请撤诉（第十五条）");
        }
        if options.counterclaim {
            grounds.push("反诉或者有独立请求权的第三人请求合并审理（第十八条）");
        }
        let once = if grounds.len() > 1 {
            "；依据《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百零六条，只能减半一次"
        } else {
            ""
        };
        lines.push(format!(
            "减半交纳：{}{once}：{} ÷ 2 = {}",
            grounds.join("、"),
            show_pair(low, high),
            show_pair(low.halve(), high.halve())
        ));
        (low.halve(), high.halve())
    } else {
        (low, high)
    };
    let round = |value: Exact| -> Result<Fen, RuleError> {
        if schedule.round_to_yuan {
            Ok(Fen(value.round_half_up_to(100)?))
        } else {
            Ok(Fen(value.round_half_up_to(1)?))
        }
    };
    let (min, max) = (round(low)?, round(high)?);
    let amount = if min == max {
        FeeAmount::Fixed(min)
    } else {
        FeeAmount::Range { min, max }
    };
    let rounding = if schedule.round_to_yuan {
        "四舍五入至元"
    } else {
        "四舍五入至分"
    };
    lines.push(match amount {
        FeeAmount::Fixed(fee) => format!("应交纳{} {fee}元（{rounding}）", kind.label()),
        FeeAmount::Range { min, max } => {
            format!("应交纳{} {min}元至{max}元（{rounding}）", kind.label())
        }
    });
    Ok(FeeQuote {
        amount,
        explanation: lines,
    })
}

/// A band of a cumulative (分段累计) scale: the part above the previous bound up to `upto`
/// (yuan; `None` = no upper bound) pays `rate_bp` basis points (1/10000).
struct Band {
    upto: Option<i64>,
    rate_bp: i64,
}

/// A cumulative scale: up to `base_upto` yuan a flat `base_fee` yuan, then the bands.
struct Scale {
    base_upto: i64,
    base_fee: i64,
    bands: &'static [Band],
}

const fn band(upto: i64, rate_bp: i64) -> Band {
    Band {
        upto: Some(upto),
        rate_bp,
    }
}

const WAN: i64 = 10_000;

/// Art. 13 (一).
const PROPERTY: Scale = Scale {
    base_upto: WAN,
    base_fee: 50,
    bands: &[
        band(10 * WAN, 250),
        band(20 * WAN, 200),
        band(50 * WAN, 150),
        band(100 * WAN, 100),
        band(200 * WAN, 90),
        band(500 * WAN, 80),
        band(1000 * WAN, 70),
        band(2000 * WAN, 60),
        Band {
            upto: None,
            rate_bp: 50,
        },
    ],
};

/// Art. 13 (二) 1, the property part of a divorce.
const DIVORCE_PROPERTY: Scale = Scale {
    base_upto: 20 * WAN,
    base_fee: 0,
    bands: &[Band {
        upto: None,
        rate_bp: 50,
    }],
};

/// Art. 13 (二) 2, the damages part of a personality-right case.
const PERSONALITY_DAMAGES: Scale = Scale {
    base_upto: 5 * WAN,
    base_fee: 0,
    bands: &[
        band(10 * WAN, 100),
        Band {
            upto: None,
            rate_bp: 50,
        },
    ],
};

/// Art. 14 (一) 2.
const ENFORCEMENT: Scale = Scale {
    base_upto: WAN,
    base_fee: 50,
    bands: &[
        band(50 * WAN, 150),
        band(500 * WAN, 100),
        band(1000 * WAN, 50),
        Band {
            upto: None,
            rate_bp: 10,
        },
    ],
};

/// Art. 14 (二).
const PRESERVATION: Scale = Scale {
    base_upto: 1000,
    base_fee: 30,
    bands: &[
        band(10 * WAN, 100),
        Band {
            upto: None,
            rate_bp: 50,
        },
    ],
};

/// Art. 14 (二): 最多不超过5000元.
const PRESERVATION_CAP_YUAN: i64 = 5000;
/// Art. 14 (六): 最高不超过30万元.
const BANKRUPTCY_CAP_YUAN: i64 = 30 * WAN;

/// The fee before reductions as an exact (low, high) pair; equal for fixed fees.
fn base_fee(
    kind: &FeeKind,
    schedule: &FeeSchedule,
    lines: &mut Vec<String>,
) -> Result<(Exact, Exact), RuleError> {
    const ART13: &str = "《诉讼费用交纳办法》第十三条";
    const ART14: &str = "《诉讼费用交纳办法》第十四条";
    let fixed = |yuan: i64| Exact::fen(Fen::yuan(yuan).0);
    let pair = |x: Exact| (x, x);
    let range = |r: FeeRange| (Exact::fen(r.min.0), Exact::fen(r.max.0));
    Ok(match *kind {
        FeeKind::Property { amount } => {
            lines.push(format!(
                "财产案件按诉讼请求金额 {} 分段累计交纳（{ART13}第（一）项）",
                yuan(amount)
            ));
            pair(cumulative(&PROPERTY, amount, lines)?)
        }
        FeeKind::Divorce { property } => {
            lines.push(format!(
                "离婚案件每件交纳{}（{ART13}第（二）项第1目）",
                show_range(schedule.divorce)
            ));
            let extra = match property {
                Some(total) => {
                    lines.push(format!("涉及财产分割，财产总额 {}", yuan(total)));
                    cumulative(&DIVORCE_PROPERTY, total, lines)?
                }
                None => Exact::ZERO,
            };
            let (low, high) = range(schedule.divorce);
            (low.plus(extra), high.plus(extra))
        }
        FeeKind::Personality { damages } => {
            lines.push(format!(
                "侵害人格权案件每件交纳{}（{ART13}第（二）项第2目）",
                show_range(schedule.personality)
            ));
            let extra = match damages {
                Some(total) => {
                    lines.push(format!("涉及损害赔偿，赔偿金额 {}", yuan(total)));
                    cumulative(&PERSONALITY_DAMAGES, total, lines)?
                }
                None => Exact::ZERO,
            };
            let (low, high) = range(schedule.personality);
            (low.plus(extra), high.plus(extra))
        }
        FeeKind::OtherNonProperty => {
            lines.push(format!(
                "其他非财产案件每件交纳{}（{ART13}第（二）项第3目）",
                show_range(schedule.other_non_property)
            ));
            range(schedule.other_non_property)
        }
        FeeKind::IntellectualProperty {
            amount: Some(amount),
        } => {
            lines.push(format!(
                "知识产权民事案件有争议金额 {}，按照财产案件的标准交纳（{ART13}第（三）项、第（一）项）",
                yuan(amount)
            ));
            pair(cumulative(&PROPERTY, amount, lines)?)
        }
        FeeKind::IntellectualProperty { amount: None } => {
            lines.push(format!(
                "知识产权民事案件没有争议金额，每件交纳{}（{ART13}第（三）项）",
                show_range(schedule.ip_without_amount)
            ));
            range(schedule.ip_without_amount)
        }
        FeeKind::Labor => {
            lines.push(format!("劳动争议案件每件交纳10元（{ART13}第（四）项）"));
            pair(fixed(10))
        }
        FeeKind::Administrative { administrative } => {
            let (what, fee, item) = match administrative {
                AdministrativeKind::TrademarkPatentMaritime => ("商标、专利、海事行政案件", 100, 1),
                AdministrativeKind::Other => ("其他行政案件", 50, 2),
            };
            lines.push(format!(
                "{what}每件交纳{fee}元（{ART13}第（五）项第{item}目）"
            ));
            pair(fixed(fee))
        }
        FeeKind::JurisdictionObjection => {
            lines.push(format!(
                "管辖权异议不成立的，每件交纳{}（{ART13}第（六）项）",
                show_range(schedule.jurisdiction_objection)
            ));
            range(schedule.jurisdiction_objection)
        }
        FeeKind::Enforcement { amount: None } => {
            lines.push(format!(
                "申请执行没有执行金额的，每件交纳{}（{ART14}第（一）项第1目）",
                show_range(schedule.enforcement_without_amount)
            ));
            range(schedule.enforcement_without_amount)
        }
        FeeKind::Enforcement {
            amount: Some(amount),
        } => {
            lines.push(format!(
                "申请执行按执行金额 {} 分段累计交纳（{ART14}第（一）项第2目）",
                yuan(amount)
            ));
            pair(cumulative(&ENFORCEMENT, amount, lines)?)
        }
        FeeKind::Preservation { amount } => {
            lines.push(format!(
                "申请保全措施按实际保全的财产数额 {} 交纳（{ART14}第（二）项）",
                amount.map_or_else(|| "（不涉及财产数额）".to_owned(), yuan)
            ));
            let fee = cumulative(&PRESERVATION, amount.unwrap_or(Fen::ZERO), lines)?;
            let cap = fixed(PRESERVATION_CAP_YUAN);
            if fee.compare(&cap) == Ordering::Greater {
                lines.push(format!(
                    "{} 超过上限，申请保全措施交纳的费用最多不超过5000元",
                    show(fee)
                ));
                pair(cap)
            } else {
                pair(fee)
            }
        }
        FeeKind::PaymentOrder { amount } => {
            lines.push(format!(
                "申请支付令比照财产案件受理费标准的1/3交纳（{ART14}第（三）项），请求金额 {}",
                yuan(amount)
            ));
            let full = cumulative(&PROPERTY, amount, lines)?;
            let third = full.mul(1, 3);
            lines.push(format!("{} × 1/3 = {}", show(full), show(third)));
            pair(third)
        }
        FeeKind::PublicNotice => {
            lines.push(format!("申请公示催告每件交纳100元（{ART14}第（四）项）"));
            pair(fixed(100))
        }
        FeeKind::Arbitration => {
            lines.push(format!(
                "申请撤销仲裁裁决或者认定仲裁协议效力每件交纳400元（{ART14}第（五）项）"
            ));
            pair(fixed(400))
        }
        FeeKind::Bankruptcy { estate } => {
            lines.push(format!(
                "破产案件依据破产财产总额 {} 按照财产案件受理费标准减半交纳，最高不超过30万元（{ART14}第（六）项）",
                yuan(estate)
            ));
            let full = cumulative(&PROPERTY, estate, lines)?;
            let half = full.halve();
            lines.push(format!("{} ÷ 2 = {}", show(full), show(half)));
            let cap = fixed(BANKRUPTCY_CAP_YUAN);
            if half.compare(&cap) == Ordering::Greater {
                lines.push(format!("{} 超过上限，按30万元交纳", show(half)));
                pair(cap)
            } else {
                pair(half)
            }
        }
        FeeKind::Maritime { application } => {
            let (what, item, r) = match application {
                MaritimeApplication::LiabilityFund => (
                    "申请设立海事赔偿责任限制基金",
                    1,
                    schedule.maritime_liability_fund,
                ),
                MaritimeApplication::Injunction => {
                    ("申请海事强制令", 2, schedule.maritime_injunction)
                }
                MaritimeApplication::ShipPriorityNotice => {
                    ("申请船舶优先权催告", 3, schedule.ship_priority_notice)
                }
                MaritimeApplication::ClaimRegistration => {
                    ("申请海事债权登记", 4, FeeRange::yuan(1000, 1000))
                }
                MaritimeApplication::GeneralAverage => {
                    ("申请共同海损理算", 5, FeeRange::yuan(1000, 1000))
                }
            };
            lines.push(format!(
                "{what}每件交纳{}（{ART14}第（七）项第{item}目）",
                show_range(r)
            ));
            range(r)
        }
    })
}

/// Sums a cumulative scale over `amount`, one explanation line per tier reached.
fn cumulative(scale: &Scale, amount: Fen, lines: &mut Vec<String>) -> Result<Exact, RuleError> {
    if amount.0 < 0 {
        return Err(RuleError::FeeInvalidAmount {
            amount_fen: amount.0,
        });
    }
    let base_upto = Fen::yuan(scale.base_upto).0;
    if scale.base_fee > 0 {
        lines.push(format!(
            "不超过{}的，每件交纳{}元",
            bound(scale.base_upto),
            scale.base_fee
        ));
    } else {
        lines.push(format!(
            "不超过{}的部分，不另行交纳",
            bound(scale.base_upto)
        ));
    }
    let mut total = Exact::fen(Fen::yuan(scale.base_fee).0);
    let mut lower = base_upto;
    let mut lower_yuan = scale.base_upto;
    for band in scale.bands {
        // "超过" excludes the bound itself (《民法典》第一千二百五十九条).
        if amount.0 <= lower {
            break;
        }
        let upper = band.upto.map(|y| Fen::yuan(y).0);
        let top = upper.map_or(amount.0, |u| amount.0.min(u));
        let part = top - lower;
        let fee = Exact::fen(part).mul(band.rate_bp, 10_000);
        let range = match band.upto {
            Some(upto) => format!("超过{}至{}的部分", bound(lower_yuan), bound(upto)),
            None => format!("超过{}的部分", bound(lower_yuan)),
        };
        lines.push(format!(
            "{range} {} × {} = {}",
            yuan(Fen(part)),
            percent(band.rate_bp),
            show(fee)
        ));
        total = total.plus(fee);
        match (upper, band.upto) {
            (Some(u), Some(y)) => {
                lower = u;
                lower_yuan = y;
            }
            _ => break,
        }
    }
    lines.push(format!("合计 {}", show(total)));
    Ok(total)
}

/// `10000` → `1万元`, `1000` → `1000元`.
fn bound(yuan: i64) -> String {
    if yuan % WAN == 0 {
        format!("{}万元", yuan / WAN)
    } else {
        format!("{yuan}元")
    }
}

/// `250` basis points → `2.5%`.
fn percent(bp: i64) -> String {
    let whole = bp / 100;
    let frac = format!("{:02}", bp % 100);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{whole}%")
    } else {
        format!("{whole}.{frac}%")
    }
}

fn yuan(amount: Fen) -> String {
    format!("{amount}元")
}

fn show_range(r: FeeRange) -> String {
    if r.min == r.max {
        format!("{}元", r.min)
    } else {
        format!("{}元至{}元", r.min, r.max)
    }
}

fn show_pair(low: Exact, high: Exact) -> String {
    if low == high {
        show(low)
    } else {
        format!("{}至{}", show(low), show(high))
    }
}

/// An exact value in yuan: as a terminating decimal when it is one (at least two decimals),
/// else `≈` and the value rounded to the fen.
fn show(value: Exact) -> String {
    // value is in fen; in yuan the denominator is den * 100.
    let den = value.den * 100;
    for decimals in 2..=10u32 {
        let scale = 10i128.pow(decimals);
        if (value.num * scale) % den == 0 {
            let scaled = value.num * scale / den;
            let (int, frac) = (scaled / scale, (scaled % scale).abs());
            let sign = if scaled < 0 && int == 0 { "-" } else { "" };
            return format!("{sign}{int}.{frac:0width$}元", width = decimals as usize);
        }
    }
    match value.round_half_up_to(1) {
        Ok(fen) => format!("≈{}元", Fen(fen)),
        Err(_) => "≈∞".to_owned(),
    }
}

/// An exact non-negative rational number of fen, always reduced, `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exact {
    num: i128,
    den: i128,
}

impl Exact {
    const ZERO: Exact = Exact { num: 0, den: 1 };

    fn fen(fen: i64) -> Exact {
        Exact {
            num: i128::from(fen),
            den: 1,
        }
    }

    fn reduced(num: i128, den: i128) -> Exact {
        let g = gcd(num.abs(), den.abs()).max(1);
        Exact {
            num: num / g,
            den: den / g,
        }
    }

    fn plus(self, other: Exact) -> Exact {
        Exact::reduced(
            self.num * other.den + other.num * self.den,
            self.den * other.den,
        )
    }

    /// `self × n / d` with `d > 0`.
    fn mul(self, n: i64, d: i64) -> Exact {
        Exact::reduced(self.num * i128::from(n), self.den * i128::from(d))
    }

    fn halve(self) -> Exact {
        self.mul(1, 2)
    }

    fn compare(&self, other: &Exact) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }

    /// Rounds half up to a multiple of `unit` fen and returns fen.
    fn round_half_up_to(self, unit: i128) -> Result<i64, RuleError> {
        let den = self.den * unit;
        let units = (2 * self.num + den).div_euclid(2 * den);
        i64::try_from(units * unit).map_err(|_| RuleError::FeeInvalidAmount {
            amount_fen: i64::MAX,
        })
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(kind: FeeKind, options: FeeOptions) -> FeeQuote {
        quote(&kind, &options, &FeeSchedule::national()).unwrap()
    }

    fn fixed(kind: FeeKind, options: FeeOptions) -> i64 {
        match fee(kind, options).amount {
            FeeAmount::Fixed(f) => f.0,
            other => panic!("{other:?}"),
        }
    }

    fn property(yuan: i64) -> FeeKind {
        FeeKind::Property {
            amount: Fen::yuan(yuan),
        }
    }

    const NONE: FeeOptions = FeeOptions {
        summary_procedure: false,
        mediation_or_withdrawal: false,
        counterclaim: false,
        appeal: false,
    };

    #[test]
    fn property_breakpoints_match_rules_3_4() {
        let table = [
            (0, 50),
            (1, 50),
            (10_000, 50),
            (100_000, 2_300),
            (200_000, 4_300),
            (500_000, 8_800),
            (1_000_000, 13_800),
            (2_000_000, 22_800),
            (5_000_000, 46_800),
            (10_000_000, 81_800),
            (20_000_000, 141_800),
            (30_000_000, 191_800),
        ];
        for (claim, expected) in table {
            assert_eq!(
                fixed(property(claim), NONE),
                Fen::yuan(expected).0,
                "claim {claim}"
            );
        }
    }

    #[test]
    fn property_matches_quick_formulas_between_breakpoints() {
        // RULES.md §3.4 quick forms, in fen: 2.5%x − 200元, 2%x + 300元, 1.5%x + 1300元.
        assert_eq!(fixed(property(50_000), NONE), Fen::yuan(1_050).0);
        assert_eq!(fixed(property(150_000), NONE), Fen::yuan(3_300).0);
        assert_eq!(fixed(property(300_000), NONE), Fen::yuan(5_800).0);
        assert_eq!(fixed(property(3_000_000), NONE), Fen::yuan(30_800).0);
    }

    #[test]
    fn boundary_excludes_the_bound() {
        // 10,000.01元: 50 + 0.01 × 2.5% = 50.00025 → 50.00.
        let q = fee(
            FeeKind::Property {
                amount: Fen(1_000_001),
            },
            NONE,
        );
        assert_eq!(q.amount, FeeAmount::Fixed(Fen(5_000)));
        assert!(
            q.explanation
                .iter()
                .any(|l| l == "超过1万元至10万元的部分 0.01元 × 2.5% = 0.00025元")
        );
        // 10,000.20元: 50 + 0.005 → 50.01 (half up).
        assert_eq!(
            fixed(
                FeeKind::Property {
                    amount: Fen(1_000_020)
                },
                NONE
            ),
            5_001
        );
        // 10,000.00元 has no tier-2 line at all.
        let q = fee(property(10_000), NONE);
        assert!(!q.explanation.iter().any(|l| l.starts_with("超过1万元")));
    }

    #[test]
    fn explanation_lines() {
        let q = fee(property(150_000), NONE);
        assert_eq!(
            q.explanation,
            [
                "财产案件按诉讼请求金额 150000.00元 分段累计交纳（《诉讼费用交纳办法》第十三条第（一）项）",
                "不超过1万元的，每件交纳50元",
                "超过1万元至10万元的部分 90000.00元 × 2.5% = 2250.00元",
                "超过10万元至20万元的部分 50000.00元 × 2% = 1000.00元",
                "合计 3300.00元",
                "应交纳财产案件受理费 3300.00元（四舍五入至分）",
            ]
        );
    }

    #[test]
    fn halving_only_once() {
        let summary = FeeOptions {
            summary_procedure: true,
            ..NONE
        };
        let both = FeeOptions {
            summary_procedure: true,
            mediation_or_withdrawal: true,
            ..NONE
        };
        let all = FeeOptions {
            counterclaim: true,
            ..both
        };
        assert_eq!(fixed(property(100_000), summary), Fen::yuan(1_150).0);
        assert_eq!(fixed(property(100_000), both), Fen::yuan(1_150).0);
        assert_eq!(fixed(property(100_000), all), Fen::yuan(1_150).0);
        let q = fee(property(100_000), both);
        assert!(q.explanation.iter().any(|l| l.contains("第二百零六条")));
        // Labor 10元 halves to 5元; 10,000.10元 → 50.0025 / 2 = 25.00125 → 25.00.
        assert_eq!(fixed(FeeKind::Labor, summary), 500);
        assert_eq!(
            fixed(
                FeeKind::Property {
                    amount: Fen(1_000_010)
                },
                summary
            ),
            2_500
        );
        // A range halves at both ends.
        assert_eq!(
            fee(FeeKind::OtherNonProperty, summary).amount,
            FeeAmount::Range {
                min: Fen::yuan(25),
                max: Fen::yuan(50)
            }
        );
    }

    #[test]
    fn reductions_refused_for_application_fees() {
        let summary = FeeOptions {
            summary_procedure: true,
            ..NONE
        };
        let e = quote(&FeeKind::Arbitration, &summary, &FeeSchedule::national()).unwrap_err();
        assert_eq!(e.code(), "fee.reduction_not_applicable");
    }

    #[test]
    fn preservation_tiers_and_cap() {
        let table = [
            (None, 3_000),
            (Some(500), 3_000),
            (Some(1_000), 3_000),
            (Some(100_000), 3_000 + 99_000),
            (Some(500_000), 102_000 + 200_000),
            (Some(1_000_000), 500_000),
            (Some(100_000_000), 500_000),
        ];
        for (amount, expected) in table {
            let kind = FeeKind::Preservation {
                amount: amount.map(Fen::yuan),
            };
            assert_eq!(fixed(kind, NONE), expected, "{amount:?}");
        }
        // 98.2万 would be 30 + 990 + 4410 = 5430元 → capped.
        let q = fee(
            FeeKind::Preservation {
                amount: Some(Fen::yuan(982_000)),
            },
            NONE,
        );
        assert_eq!(q.amount, FeeAmount::Fixed(Fen::yuan(5_000)));
        assert!(q.explanation.iter().any(|l| l.contains("最多不超过5000元")));
    }

    #[test]
    fn payment_order_is_a_third_rounded_half_up() {
        let table = [
            (10_000, 1_667),    // 50 / 3 = 16.666…
            (100_000, 76_667),  // 2300 / 3 = 766.666…
            (200_000, 143_333), // 4300 / 3 = 1433.333…
            (150_000, 110_000), // 3300 / 3 = 1100
        ];
        for (claim, expected) in table {
            assert_eq!(
                fixed(
                    FeeKind::PaymentOrder {
                        amount: Fen::yuan(claim)
                    },
                    NONE
                ),
                expected
            );
        }
        let q = fee(
            FeeKind::PaymentOrder {
                amount: Fen::yuan(100_000),
            },
            NONE,
        );
        assert!(
            q.explanation
                .iter()
                .any(|l| l == "2300.00元 × 1/3 = ≈766.67元")
        );
    }

    #[test]
    fn bankruptcy_half_with_cap() {
        assert_eq!(
            fixed(
                FeeKind::Bankruptcy {
                    estate: Fen::yuan(1_000_000)
                },
                NONE
            ),
            690_000
        );
        // 1.2亿: 0.5% × 1.2亿 + 41,800 = 641,800 / 2 = 320,900 → capped at 300,000.
        let q = fee(
            FeeKind::Bankruptcy {
                estate: Fen::yuan(120_000_000),
            },
            NONE,
        );
        assert_eq!(q.amount, FeeAmount::Fixed(Fen::yuan(300_000)));
        // Just under the cap: 1.1亿 → 591,800 / 2 = 295,900.
        assert_eq!(
            fixed(
                FeeKind::Bankruptcy {
                    estate: Fen::yuan(110_000_000)
                },
                NONE
            ),
            Fen::yuan(295_900).0
        );
    }

    #[test]
    fn divorce_with_property() {
        let range = |kind| fee(kind, NONE).amount;
        assert_eq!(
            range(FeeKind::Divorce { property: None }),
            FeeAmount::Range {
                min: Fen::yuan(50),
                max: Fen::yuan(300)
            }
        );
        assert_eq!(
            range(FeeKind::Divorce {
                property: Some(Fen::yuan(200_000))
            }),
            FeeAmount::Range {
                min: Fen::yuan(50),
                max: Fen::yuan(300)
            }
        );
        // 50万: (50万 − 20万) × 0.5% = 1500.
        assert_eq!(
            range(FeeKind::Divorce {
                property: Some(Fen::yuan(500_000))
            }),
            FeeAmount::Range {
                min: Fen::yuan(1_550),
                max: Fen::yuan(1_800)
            }
        );
    }

    #[test]
    fn personality_damages_tiers() {
        let table = [
            (50_000, 0),
            (80_000, 300),    // 3万 × 1%
            (100_000, 500),   // 5万 × 1%
            (300_000, 1_500), // 500 + 20万 × 0.5%
        ];
        for (damages, extra) in table {
            let kind = FeeKind::Personality {
                damages: Some(Fen::yuan(damages)),
            };
            assert_eq!(
                fee(kind, NONE).amount,
                FeeAmount::Range {
                    min: Fen::yuan(100 + extra),
                    max: Fen::yuan(500 + extra)
                },
                "{damages}"
            );
        }
    }

    #[test]
    fn enforcement_and_fixed_items() {
        // 1万 50 · 50万 50 + 49万×1.5% = 7400 · 500万 7400 + 450万×1% = 52400
        // · 1000万 52400 + 25000 = 77400 · 2000万 77400 + 1000万×0.1% = 87400.
        for (amount, expected) in [
            (10_000, 50),
            (500_000, 7_400),
            (5_000_000, 52_400),
            (10_000_000, 77_400),
            (20_000_000, 87_400),
        ] {
            let kind = FeeKind::Enforcement {
                amount: Some(Fen::yuan(amount)),
            };
            assert_eq!(fixed(kind, NONE), Fen::yuan(expected).0, "{amount}");
        }
        assert_eq!(
            fee(FeeKind::Enforcement { amount: None }, NONE).amount,
            FeeAmount::Range {
                min: Fen::yuan(50),
                max: Fen::yuan(500)
            }
        );
        let administrative = |administrative| FeeKind::Administrative { administrative };
        for (kind, yuan) in [
            (FeeKind::Labor, 10),
            (
                administrative(AdministrativeKind::TrademarkPatentMaritime),
                100,
            ),
            (administrative(AdministrativeKind::Other), 50),
            (FeeKind::PublicNotice, 100),
            (FeeKind::Arbitration, 400),
            (
                FeeKind::Maritime {
                    application: MaritimeApplication::ClaimRegistration,
                },
                1000,
            ),
            (
                FeeKind::IntellectualProperty {
                    amount: Some(Fen::yuan(100_000)),
                },
                2_300,
            ),
        ] {
            assert_eq!(fixed(kind, NONE), Fen::yuan(yuan).0, "{kind:?}");
        }
        assert_eq!(
            fee(FeeKind::IntellectualProperty { amount: None }, NONE).amount,
            FeeAmount::Range {
                min: Fen::yuan(500),
                max: Fen::yuan(1000)
            }
        );
        assert_eq!(
            fee(FeeKind::JurisdictionObjection, NONE).amount,
            FeeAmount::Range {
                min: Fen::yuan(50),
                max: Fen::yuan(100)
            }
        );
    }

    #[test]
    fn provincial_schedule_and_rounding_to_yuan() {
        let schedule = FeeSchedule {
            divorce: FeeRange {
                min: Fen::yuan(200),
                max: Fen::yuan(200),
            },
            round_to_yuan: true,
            ..FeeSchedule::national()
        };
        let q = quote(&FeeKind::Divorce { property: None }, &NONE, &schedule).unwrap();
        assert_eq!(q.amount, FeeAmount::Fixed(Fen::yuan(200)));
        let q = quote(
            &FeeKind::PaymentOrder {
                amount: Fen::yuan(100_000),
            },
            &NONE,
            &schedule,
        );
        assert_eq!(q.unwrap().amount, FeeAmount::Fixed(Fen::yuan(767)));
        let bad = FeeSchedule {
            personality: FeeRange {
                min: Fen::yuan(50),
                max: Fen::yuan(500),
            },
            ..FeeSchedule::national()
        };
        assert_eq!(bad.validate().unwrap_err().code(), "fee.invalid_schedule");
    }

    #[test]
    fn rejects_negative_amounts() {
        let e = quote(
            &FeeKind::Property { amount: Fen(-1) },
            &NONE,
            &FeeSchedule::national(),
        );
        assert_eq!(e.unwrap_err().code(), "fee.invalid_amount");
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let q = fee(
            FeeKind::Property {
                amount: Fen(i64::MAX),
            },
            NONE,
        );
        assert!(matches!(q.amount, FeeAmount::Fixed(f) if f.0 > 0));
    }

    #[test]
    fn appeal_adds_article_17() {
        let q = fee(
            property(100_000),
            FeeOptions {
                appeal: true,
                ..NONE
            },
        );
        assert_eq!(q.amount, FeeAmount::Fixed(Fen::yuan(2_300)));
        assert!(q.explanation[0].contains("第十七条"));
    }
}
