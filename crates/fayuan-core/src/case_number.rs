//! Case numbers (案号) per 《最高人民法院关于人民法院案件案号的若干规定》(法〔2015〕137号, in force
//! 2016-01-01, amended by 法〔2018〕335号) and its standard 《人民法院案件类型及其代字标准》.
//!
//! A current case number is `（收案年度）法院代字[专门审判代字]类型代字案件编号号[之一…]`, e.g.
//! `（2026）京0105民初12号`. Numbers issued before 2016 (`（2015）杭西刑初字第123号`) are kept as
//! [`LegacyCaseNumber`]: they parse and print, but nothing can issue one, because issuing goes
//! through [`StandardCaseNumber::new`].

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

use crate::rule_error::RuleError;

/// The ten-plus top-level case categories (大类) of the case-type standard, numbered as on
/// 中国裁判文书网.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseCategory {
    /// 01 管辖.
    Jurisdiction,
    /// 02 刑事.
    Criminal,
    /// 03 民事.
    Civil,
    /// 04 行政.
    Administrative,
    /// 05 国家赔偿与司法救助.
    CompensationAndAid,
    /// 06 区际司法协助.
    InterRegionalAssistance,
    /// 07 国际司法协助.
    InternationalAssistance,
    /// 08 司法制裁.
    JudicialSanction,
    /// 09 非诉保全审查.
    NonLitigationPreservation,
    /// 10 执行.
    Enforcement,
    /// 11 强制清算与破产.
    LiquidationAndBankruptcy,
}

impl CaseCategory {
    /// Every category in standard order.
    pub const ALL: &'static [CaseCategory] = &[
        CaseCategory::Jurisdiction,
        CaseCategory::Criminal,
        CaseCategory::Civil,
        CaseCategory::Administrative,
        CaseCategory::CompensationAndAid,
        CaseCategory::InterRegionalAssistance,
        CaseCategory::InternationalAssistance,
        CaseCategory::JudicialSanction,
        CaseCategory::NonLitigationPreservation,
        CaseCategory::Enforcement,
        CaseCategory::LiquidationAndBankruptcy,
    ];

    /// The two-digit category number of the standard (`"01"` … `"11"`).
    pub fn number(self) -> &'static str {
        match self {
            CaseCategory::Jurisdiction => "01",
            CaseCategory::Criminal => "02",
            CaseCategory::Civil => "03",
            CaseCategory::Administrative => "04",
            CaseCategory::CompensationAndAid => "05",
            CaseCategory::InterRegionalAssistance => "06",
            CaseCategory::InternationalAssistance => "07",
            CaseCategory::JudicialSanction => "08",
            CaseCategory::NonLitigationPreservation => "09",
            CaseCategory::Enforcement => "10",
            CaseCategory::LiquidationAndBankruptcy => "11",
        }
    }

    /// The Chinese category name (大类名称).
    pub fn name(self) -> &'static str {
        match self {
            CaseCategory::Jurisdiction => "管辖",
            CaseCategory::Criminal => "刑事",
            CaseCategory::Civil => "民事",
            CaseCategory::Administrative => "行政",
            CaseCategory::CompensationAndAid => "国家赔偿与司法救助",
            CaseCategory::InterRegionalAssistance => "区际司法协助",
            CaseCategory::InternationalAssistance => "国际司法协助",
            CaseCategory::JudicialSanction => "司法制裁",
            CaseCategory::NonLitigationPreservation => "非诉保全审查",
            CaseCategory::Enforcement => "执行",
            CaseCategory::LiquidationAndBankruptcy => "强制清算与破产",
        }
    }
}

/// One case type code (类型代字) of the standard with its name and category.
///
/// Several sub-types of the standard share one code (all 民特 special-procedure matters, for
/// example); the name given here covers all of them.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct CaseTypeCode {
    /// The code itself, e.g. `民初`.
    pub code: &'static str,
    /// The Chinese type name (类型名称), e.g. `民事一审案件`.
    pub name: &'static str,
    /// The top-level category (大类).
    pub category: CaseCategory,
}

impl CaseTypeCode {
    /// Looks a code up in [`CASE_TYPE_CODES`].
    pub fn lookup(code: &str) -> Option<&'static CaseTypeCode> {
        CASE_TYPE_CODES.iter().find(|t| t.code == code)
    }
}

macro_rules! type_codes {
    ($($category:ident { $($code:literal => $name:literal,)+ })+) => {
        &[$($(CaseTypeCode { code: $code, name: $name, category: CaseCategory::$category },)+)+]
    };
}

/// Every case type code of 《人民法院案件类型及其代字标准》 (extended edition, RULES.md §2.3),
/// plus 民诉前调 (诉前调解) which courts use in practice.
pub static CASE_TYPE_CODES: &[CaseTypeCode] = type_codes! {
    Jurisdiction {
        "刑辖" => "刑事提级、指定管辖案件",
        "民辖" => "民事提级、指定管辖及移交管辖审批、管辖协商案件",
        "民辖终" => "民事管辖上诉案件",
        "民辖监" => "民事管辖监督案件",
        "行辖" => "行政提级、指定管辖案件",
        "行辖终" => "行政管辖上诉案件",
        "赔辖" => "行政赔偿提级、指定管辖及管辖协商案件",
        "赔辖终" => "行政赔偿管辖上诉案件",
    }
    Criminal {
        "刑初" => "刑事一审案件",
        "刑终" => "刑事二审案件",
        "刑监" => "刑事依职权再审审查案件",
        "刑申" => "刑事申诉再审审查案件",
        "刑抗" => "刑事抗诉再审审查案件",
        "刑再" => "刑事再审案件",
        "刑没" => "申请没收违法所得案件",
        "刑核" => "刑事复核案件",
        "刑医" => "申请强制医疗审查案件",
        "刑医解" => "解除强制医疗审查案件",
        "刑医复" => "强制医疗复议案件",
        "刑医监" => "强制医疗监督案件",
        "刑止" => "停止执行死刑案件",
        "刑止调" => "停止执行死刑调查案件",
        "刑止核" => "停止执行死刑调查审核案件",
        "刑更" => "刑罚与执行变更审查案件",
        "刑更监" => "刑罚与执行变更监督案件",
        "刑更备" => "刑罚与执行变更备案案件",
        "刑他" => "其他刑事案件",
        "刑教" => "申请安置教育审查案件",
        "刑教解" => "解除安置教育审查案件",
        "刑教复" => "安置教育复议案件",
        "刑教监" => "安置教育监督案件",
    }
    Civil {
        "民初" => "民事一审案件",
        "民终" => "民事二审案件",
        "民监" => "民事依职权再审审查案件",
        "民申" => "民事申请再审审查案件",
        "民抗" => "民事抗诉再审审查案件",
        "民再" => "民事再审案件",
        "民撤" => "第三人撤销之诉案件",
        "民特" => "特别程序案件",
        "民特监" => "民事特别程序监督案件",
        "民催" => "催告案件",
        "民督" => "申请支付令审查案件",
        "民督监" => "支付令监督案件",
        "民他" => "其他民事案件",
        "民保令" => "人身安全保护令申请审查案件",
        "民保更" => "人身安全保护令变更案件",
        "民诉前调" => "诉前调解案件",
    }
    Administrative {
        "行初" => "行政一审案件",
        "行终" => "行政二审案件",
        "行监" => "行政依职权再审审查案件",
        "行申" => "行政申请再审审查案件",
        "行抗" => "行政抗诉再审审查案件",
        "行再" => "行政再审案件",
        "行审" => "非诉行政行为申请执行审查案件",
        "行审复" => "非诉行政行为申请执行审查复议案件",
        "行他" => "其他行政案件",
    }
    CompensationAndAid {
        "行赔初" => "行政赔偿一审案件",
        "行赔终" => "行政赔偿二审案件",
        "行赔监" => "行政赔偿依职权再审审查案件",
        "行赔申" => "行政赔偿申请再审审查案件",
        "行赔抗" => "行政赔偿抗诉再审审查案件",
        "行赔再" => "行政赔偿再审案件",
        "行赔他" => "其他行政赔偿案件",
        "法赔" => "法院作为赔偿义务机关自赔案件",
        "委赔" => "赔偿委员会审理赔偿案件",
        "委赔监" => "司法赔偿监督审查案件",
        "赔确监" => "赔偿确认申诉审查案件",
        "委赔提" => "司法赔偿监督上级法院赔偿委员会重审案件",
        "委赔再" => "司法赔偿监督本院赔偿委员会重审案件",
        "赔他" => "其他赔偿案件",
        "司救刑" => "刑事司法救助案件",
        "司救民" => "民事司法救助案件",
        "司救行" => "行政司法救助案件",
        "司救赔" => "国家赔偿司法救助案件",
        "司救执" => "执行司法救助案件",
        "司救访" => "涉诉信访司法救助案件",
        "司救他" => "其他司法救助案件",
    }
    InterRegionalAssistance {
        "认台" => "认可与执行台湾地区法院裁判、仲裁裁决审查案件",
        "认港" => "认可与执行香港特别行政区法院裁判、仲裁裁决审查案件",
        "认澳" => "认可与执行澳门特别行政区法院裁判、仲裁裁决审查案件",
        "认复" => "认可与执行审查复议案件",
        "认他" => "认可与执行审查其他案件",
        "请台送" => "请求台湾地区送达文书审查案件",
        "请港送" => "请求香港特别行政区法院送达文书审查案件",
        "请澳送" => "请求澳门特别行政区法院送达文书审查案件",
        "台请送" => "台湾地区请求送达文书审查及协助送达案件",
        "港请送" => "香港特别行政区法院请求送达文书审查及协助送达案件",
        "澳请送" => "澳门特别行政区法院请求送达文书审查及协助送达案件",
        "请台调" => "请求台湾地区调查取证审查案件",
        "请港调" => "请求香港特别行政区调查取证审查案件",
        "请澳调" => "请求澳门特别行政区法院调查取证审查案件",
        "台请调" => "台湾地区请求调查取证审查及协助调查取证案件",
        "港请调" => "香港特别行政区请求调查取证审查及协助调查取证案件",
        "澳请调" => "澳门特别行政区法院请求调查取证审查及协助调查取证案件",
        "请移管" => "接收在台湾地区被判刑人案件",
        "助移管" => "向台湾地区移管被判刑人案件",
        "请移赃" => "接收台湾地区移交罪赃案件",
        "助移赃" => "向台湾地区移交罪赃案件",
    }
    InternationalAssistance {
        "协外认" => "承认与执行外国法院裁判、国外仲裁裁决审查案件",
        "协他" => "承认与执行审查其他案件",
        "协外送" => "外国法院请求送达文书审查及送达外国法院文书案件",
        "请外送" => "请求外国法院送达文书审查案件",
        "协外调" => "外国法院请求调查取证审查及实施案件",
        "请外调" => "请求外国法院调查取证审查案件",
        "请外移" => "接收在外国被判刑人案件",
        "协外移" => "向外国移管被判刑人案件",
        "请外引" => "请求外国引渡案件",
        "协外引" => "协助外国引渡案件",
    }
    JudicialSanction {
        "司惩" => "司法拘留、司法罚款案件",
        "司惩复" => "司法制裁复议案件",
    }
    NonLitigationPreservation {
        "财保" => "非诉财产保全审查案件",
        "行保" => "非诉行为保全审查案件",
        "行保复" => "非诉行为保全复议案件",
        "证保" => "非诉证据保全审查案件",
    }
    Enforcement {
        "执" => "首次执行案件",
        "执恢" => "恢复执行案件",
        "执保" => "财产保全执行案件",
        "执异" => "执行异议案件",
        "执复" => "执行复议案件",
        "执监" => "执行监督案件",
        "执协" => "执行协调案件",
        "执他" => "其他执行案件",
    }
    LiquidationAndBankruptcy {
        "清申" => "强制清算申请审查案件",
        "破申" => "破产申请审查案件",
        "清终" => "强制清算上诉案件",
        "破终" => "破产上诉案件",
        "清监" => "强制清算监督案件",
        "破监" => "破产监督案件",
        "强清" => "强制清算案件",
        "破" => "破产案件",
    }
};

/// High-court codes (高级人民法院代字) of Art. 4 of the case-number rules with the region each
/// stands for: the province's 简称, 内 for Inner Mongolia, 军 for the PLA Military Court and 兵 for
/// the XPCC branch of the Xinjiang High Court.
pub const HIGH_COURT_CODES: &[(char, &str)] = &[
    ('京', "北京市"),
    ('津', "天津市"),
    ('冀', "河北省"),
    ('晋', "山西省"),
    ('内', "内蒙古自治区"),
    ('辽', "辽宁省"),
    ('吉', "吉林省"),
    ('黑', "黑龙江省"),
    ('沪', "上海市"),
    ('苏', "江苏省"),
    ('浙', "浙江省"),
    ('皖', "安徽省"),
    ('闽', "福建省"),
    ('赣', "江西省"),
    ('鲁', "山东省"),
    ('豫', "河南省"),
    ('鄂', "湖北省"),
    ('湘', "湖南省"),
    ('粤', "广东省"),
    ('桂', "广西壮族自治区"),
    ('琼', "海南省"),
    ('渝', "重庆市"),
    ('川', "四川省"),
    ('黔', "贵州省"),
    ('云', "云南省"),
    ('藏', "西藏自治区"),
    ('陕', "陕西省"),
    ('甘', "甘肃省"),
    ('青', "青海省"),
    ('宁', "宁夏回族自治区"),
    ('新', "新疆维吾尔自治区"),
    ('军', "中国人民解放军军事法院"),
    ('兵', "新疆维吾尔自治区高级人民法院生产建设兵团分院"),
];

/// The Supreme People's Court code (Art. 4).
pub const SUPREME_COURT_CODE: &str = "最高法";

fn is_high_court_char(c: char) -> bool {
    HIGH_COURT_CODES.iter().any(|(code, _)| *code == c)
}

crate::str_enum! {
    /// The level of a court in the four-level hierarchy, as read from its code (Art. 5: 2 digits
    /// intermediate, 4 digits basic).
    pub enum CourtLevel {
        /// 最高人民法院.
        Supreme = "supreme" / "最高人民法院",
        /// 高级人民法院 (and the PLA Military Court / XPCC branch).
        High = "high" / "高级人民法院",
        /// 中级人民法院 and the special intermediate courts (71 railway … 99).
        Intermediate = "intermediate" / "中级人民法院",
        /// 基层人民法院.
        Basic = "basic" / "基层人民法院",
    }
}

/// A court code (法院代字) of Arts. 4-5: `最高法`, a high-court code, or a high-court code
/// followed by 2 digits (intermediate court) or 4 digits (basic court).
///
/// Validation is structural only: whether a court with this code exists is a data question (the
/// SPC's court table), not something the code itself can tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CourtCode(String);

impl CourtCode {
    /// Validates a court code such as `京0105`, `川01`, `兵`, `最高法`.
    pub fn parse(text: &str) -> Result<CourtCode, RuleError> {
        let invalid = || RuleError::CourtCodeInvalid {
            input: text.to_owned(),
        };
        if text == SUPREME_COURT_CODE {
            return Ok(CourtCode(text.to_owned()));
        }
        let mut chars = text.chars();
        let high = chars.next().ok_or_else(invalid)?;
        if !is_high_court_char(high) {
            return Err(invalid());
        }
        let digits = chars.as_str();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        // Art. 5: intermediate courts 01-99 (00 is not a court); basic courts take digits 3-6 of
        // the county-level division code, whose last two digits are never 00.
        let valid = match digits.len() {
            0 => true,
            2 => digits != "00",
            4 => !digits.ends_with("00"),
            _ => false,
        };
        if valid {
            Ok(CourtCode(text.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The court level implied by the code.
    pub fn level(&self) -> CourtLevel {
        if self.0 == SUPREME_COURT_CODE {
            return CourtLevel::Supreme;
        }
        match self.digits().len() {
            0 => CourtLevel::High,
            2 => CourtLevel::Intermediate,
            _ => CourtLevel::Basic,
        }
    }

    /// The high-court character the court belongs to (`None` for the SPC).
    pub fn high_court(&self) -> Option<char> {
        if self.0 == SUPREME_COURT_CODE {
            None
        } else {
            self.0.chars().next()
        }
    }

    /// The 0, 2 or 4 digits after the high-court character.
    pub fn digits(&self) -> &str {
        if self.0 == SUPREME_COURT_CODE {
            return "";
        }
        self.0.trim_start_matches(|c: char| !c.is_ascii_digit())
    }
}

impl fmt::Display for CourtCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CourtCode {
    type Err = RuleError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CourtCode::parse(text)
    }
}

impl Serialize for CourtCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CourtCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        CourtCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A special-trial code (专门审判代字, Art. 3 as amended 2018), set by the SPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialTrialCode {
    /// 知: intellectual property (e.g. the SPC IP tribunal, `（2019）最高法知民终1号`).
    IntellectualProperty,
}

impl SpecialTrialCode {
    /// The one-character code.
    pub fn as_char(self) -> char {
        match self {
            SpecialTrialCode::IntellectualProperty => '知',
        }
    }

    fn from_char(c: char) -> Option<SpecialTrialCode> {
        match c {
            '知' => Some(SpecialTrialCode::IntellectualProperty),
            _ => None,
        }
    }
}

/// A case number in the format in force since 2016-01-01.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StandardCaseNumber {
    year: u16,
    court_code: CourtCode,
    special_code: Option<SpecialTrialCode>,
    type_code: &'static CaseTypeCode,
    sequence: u32,
    /// Digits the sequence was written with (keeps leading zeros of random 刑核 numbers).
    sequence_width: u8,
    suffix: Option<u8>,
}

/// First filing year of the current format (the rules took effect on 2016-01-01).
pub const FIRST_STANDARD_YEAR: u16 = 2016;

impl StandardCaseNumber {
    /// Builds a case number to issue. Only this constructor issues numbers, so legacy numbers
    /// can never be issued. `year` is the filing year (收案年度, ≥ 2016); `sequence` starts at 1
    /// (Art. 9/10); `suffix` numbers the second and later documents of one kind (之一 = 1, ≤ 99).
    pub fn new(
        year: u16,
        court_code: CourtCode,
        special_code: Option<SpecialTrialCode>,
        type_code: &'static CaseTypeCode,
        sequence: u32,
        suffix: Option<u8>,
    ) -> Result<StandardCaseNumber, RuleError> {
        if !(FIRST_STANDARD_YEAR..=9999).contains(&year) {
            return Err(RuleError::CaseNumberInvalid { reason: "year" });
        }
        validate_sequence_and_suffix(sequence, suffix)?;
        Ok(StandardCaseNumber {
            year,
            court_code,
            special_code,
            type_code,
            sequence,
            sequence_width: 0,
            suffix,
        })
    }

    /// The filing year (收案年度).
    pub fn year(&self) -> u16 {
        self.year
    }
    /// The court code (法院代字).
    pub fn court_code(&self) -> &CourtCode {
        &self.court_code
    }
    /// The special-trial code (专门审判代字), if any.
    pub fn special_code(&self) -> Option<SpecialTrialCode> {
        self.special_code
    }
    /// The case type code (类型代字).
    pub fn type_code(&self) -> &'static CaseTypeCode {
        self.type_code
    }
    /// The case sequence number (案件编号).
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
    /// The document suffix (之一 = 1), if any.
    pub fn suffix(&self) -> Option<u8> {
        self.suffix
    }
}

fn validate_sequence_and_suffix(sequence: u32, suffix: Option<u8>) -> Result<(), RuleError> {
    if sequence == 0 {
        return Err(RuleError::CaseNumberInvalid { reason: "sequence" });
    }
    if matches!(suffix, Some(s) if s == 0 || s > 99) {
        return Err(RuleError::CaseNumberInvalid { reason: "suffix" });
    }
    Ok(())
}

/// A pre-2016 case number (`（2015）杭西刑初字第123号`, also without the year: `格刑初字第117号`).
/// Parsed for old data only; it cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegacyCaseNumber {
    year: Option<u16>,
    prefix: String,
    court_len: usize,
    type_code: Option<&'static CaseTypeCode>,
    with_di: bool,
    sequence: u32,
    sequence_width: u8,
    suffix: Option<u8>,
}

impl LegacyCaseNumber {
    /// The year in brackets, if written.
    pub fn year(&self) -> Option<u16> {
        self.year
    }
    /// The free court abbreviation before the type (e.g. `杭西`, `浙杭`).
    pub fn court(&self) -> &str {
        let end = self
            .prefix
            .char_indices()
            .nth(self.court_len)
            .map_or(self.prefix.len(), |p| p.0);
        &self.prefix[..end]
    }
    /// The case type code recognised at the end of the prefix, if any (`刑初`).
    pub fn type_code(&self) -> Option<&'static CaseTypeCode> {
        self.type_code
    }
    /// Everything between the year and `字`, as written (`杭西刑初`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
    /// The sequence number.
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
    /// The document suffix (之一 = 1), if any.
    pub fn suffix(&self) -> Option<u8> {
        self.suffix
    }
}

/// A parsed case number: the current format or a legacy one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CaseNumber {
    /// The format in force since 2016.
    Standard(StandardCaseNumber),
    /// A pre-2016 `字第` number.
    Legacy(LegacyCaseNumber),
}

/// The JSON view of a case number printed by the CLI and the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseNumberView {
    /// Filing year (absent only for legacy numbers written without it).
    pub year: Option<u16>,
    /// Court code (for legacy numbers: the free court abbreviation).
    pub court_code: String,
    /// Special-trial code (`知`), if any.
    pub special_code: Option<String>,
    /// Case type code, if recognised.
    pub type_code: Option<String>,
    /// Case type name (类型名称), if recognised.
    pub type_name: Option<String>,
    /// Category name (大类), if recognised.
    pub category: Option<String>,
    /// Sequence number.
    pub sequence: u32,
    /// Document suffix (之一 = 1), if any.
    pub suffix: Option<u8>,
    /// Whether this is a pre-2016 `字第` number.
    pub legacy: bool,
}

impl CaseNumber {
    /// Parses a whole case number, with full-width or ASCII brackets and digits, surrounding
    /// whitespace ignored. The legacy `字第` form is tried first (RULES.md §2.4), then the current
    /// form: year, court code, optional 知, the case type code (which must be in
    /// [`CASE_TYPE_CODES`]), the number, `号`, and an optional suffix 之一 … 之九十九.
    pub fn parse(text: &str) -> Result<CaseNumber, RuleError> {
        let chars: Vec<char> = text.trim().chars().map(normalize_char).collect();
        let unparseable = || RuleError::CaseNumberUnparseable {
            input: text.to_owned(),
        };
        if chars.first() == Some(&'(') {
            if let Some((legacy, end)) = parse_legacy_at(&chars, 0)
                && end == chars.len()
            {
                return Ok(CaseNumber::Legacy(legacy));
            }
            return match parse_standard_at(&chars, 0) {
                Ok((number, end)) if end == chars.len() => Ok(CaseNumber::Standard(number)),
                Ok(_) | Err(Fail::NoMatch) => Err(unparseable()),
                Err(Fail::Rule(error)) => Err(error),
            };
        }
        match parse_legacy_body(&chars, 0, None) {
            Some((legacy, end)) if end == chars.len() => Ok(CaseNumber::Legacy(legacy)),
            _ => Err(unparseable()),
        }
    }

    /// Finds every case number with a bracketed year in running text (a judgment, a filing),
    /// returning byte ranges into `text`. Unknown type codes are skipped.
    pub fn find_all(text: &str) -> Vec<(Range<usize>, CaseNumber)> {
        let indexed: Vec<(usize, char)> = text.char_indices().collect();
        let chars: Vec<char> = indexed.iter().map(|(_, c)| normalize_char(*c)).collect();
        let byte_at = |i: usize| indexed.get(i).map_or(text.len(), |(b, _)| *b);
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '(' {
                let hit = parse_legacy_at(&chars, i)
                    .map(|(n, end)| (CaseNumber::Legacy(n), end))
                    .or_else(|| {
                        parse_standard_at(&chars, i)
                            .ok()
                            .map(|(n, end)| (CaseNumber::Standard(n), end))
                    });
                if let Some((number, end)) = hit {
                    found.push((byte_at(i)..byte_at(end), number));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        found
    }

    /// Whether this is a pre-2016 number.
    pub fn is_legacy(&self) -> bool {
        matches!(self, CaseNumber::Legacy(_))
    }

    /// The filing year, if known.
    pub fn year(&self) -> Option<u16> {
        match self {
            CaseNumber::Standard(n) => Some(n.year),
            CaseNumber::Legacy(n) => n.year,
        }
    }

    /// The case type code, if known.
    pub fn type_code(&self) -> Option<&'static CaseTypeCode> {
        match self {
            CaseNumber::Standard(n) => Some(n.type_code),
            CaseNumber::Legacy(n) => n.type_code,
        }
    }

    /// The serialisable view for the CLI and API.
    pub fn view(&self) -> CaseNumberView {
        let type_code = self.type_code();
        let (court_code, special_code, sequence, suffix) = match self {
            CaseNumber::Standard(n) => (
                n.court_code.to_string(),
                n.special_code.map(|s| s.as_char().to_string()),
                n.sequence,
                n.suffix,
            ),
            CaseNumber::Legacy(n) => (n.court().to_owned(), None, n.sequence, n.suffix),
        };
        CaseNumberView {
            year: self.year(),
            court_code,
            special_code,
            type_code: type_code.map(|t| t.code.to_owned()),
            type_name: type_code.map(|t| t.name.to_owned()),
            category: type_code.map(|t| t.category.name().to_owned()),
            sequence,
            suffix,
            legacy: self.is_legacy(),
        }
    }
}

fn write_sequence(f: &mut fmt::Formatter<'_>, sequence: u32, width: u8) -> fmt::Result {
    write!(f, "{sequence:0width$}", width = usize::from(width))
}

fn write_suffix(f: &mut fmt::Formatter<'_>, suffix: Option<u8>) -> fmt::Result {
    match suffix {
        Some(n) => write!(f, "之{}", chinese_numeral(n)),
        None => Ok(()),
    }
}

impl fmt::Display for StandardCaseNumber {
    /// The canonical form with full-width brackets: `（2026）京0105民初12号`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "（{}）{}", self.year, self.court_code)?;
        if let Some(special) = self.special_code {
            write!(f, "{}", special.as_char())?;
        }
        f.write_str(self.type_code.code)?;
        write_sequence(f, self.sequence, self.sequence_width)?;
        f.write_str("号")?;
        write_suffix(f, self.suffix)
    }
}

impl fmt::Display for LegacyCaseNumber {
    /// The number as written, with full-width brackets: `（2015）杭西刑初字第123号`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(year) = self.year {
            write!(f, "（{year}）")?;
        }
        write!(
            f,
            "{}字{}",
            self.prefix,
            if self.with_di { "第" } else { "" }
        )?;
        write_sequence(f, self.sequence, self.sequence_width)?;
        f.write_str("号")?;
        write_suffix(f, self.suffix)
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseNumber::Standard(n) => n.fmt(f),
            CaseNumber::Legacy(n) => n.fmt(f),
        }
    }
}

impl FromStr for CaseNumber {
    type Err = RuleError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CaseNumber::parse(text)
    }
}

impl Serialize for CaseNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CaseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        CaseNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}

// ---- parsing -------------------------------------------------------------------------------

enum Fail {
    NoMatch,
    Rule(RuleError),
}

fn normalize_char(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        _ => c,
    }
}

/// The CJK range of the §2.4 regex (`[\u4e00-\u9fa5]`).
fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fa5}').contains(&c)
}

/// `(dddd)` at `at`: the year and the index after `)`.
fn parse_year(chars: &[char], at: usize) -> Option<(u16, usize)> {
    if chars.get(at) != Some(&'(') || chars.get(at + 5) != Some(&')') {
        return None;
    }
    let digits = chars.get(at + 1..at + 5)?;
    if !digits.iter().all(char::is_ascii_digit) {
        return None;
    }
    let year: u16 = digits.iter().collect::<String>().parse().ok()?;
    Some((year, at + 6))
}

/// A run of ASCII digits at `at`: (value, width, end). `None` when empty or over u32.
fn parse_digits(chars: &[char], at: usize) -> Option<(u32, u8, usize)> {
    let len = chars
        .get(at..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len == 0 {
        return None;
    }
    let value: u32 = chars[at..at + len]
        .iter()
        .collect::<String>()
        .parse()
        .ok()?;
    let width = u8::try_from(len).ok()?;
    Some((value, width, at + len))
}

/// `之` + Chinese numeral at `at`: (n, end), or (None, at) when absent or not a valid numeral.
fn parse_suffix(chars: &[char], at: usize) -> (Option<u8>, usize) {
    if chars.get(at) != Some(&'之') {
        return (None, at);
    }
    let len = chars[at + 1..]
        .iter()
        .take_while(|c| chinese_digit(**c).is_some() || **c == '十')
        .count();
    // Take the longest prefix of the numeral run that is a valid numeral 1..=99.
    for take in (1..=len.min(3)).rev() {
        if let Some(n) = parse_chinese_numeral(&chars[at + 1..at + 1 + take]) {
            return (Some(n), at + 1 + take);
        }
    }
    (None, at)
}

fn chinese_digit(c: char) -> Option<u8> {
    "一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .and_then(|p| u8::try_from(p + 1).ok())
}

/// 一 … 九十九.
fn parse_chinese_numeral(chars: &[char]) -> Option<u8> {
    match chars {
        ['十'] => Some(10),
        [d] => chinese_digit(*d),
        ['十', d] => chinese_digit(*d).map(|d| 10 + d),
        [t, '十'] => chinese_digit(*t).filter(|t| *t > 1).map(|t| t * 10),
        [t, '十', d] => {
            let t = chinese_digit(*t).filter(|t| *t > 1)?;
            chinese_digit(*d).map(|d| t * 10 + d)
        }
        _ => None,
    }
}

fn chinese_numeral(n: u8) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = (usize::from(n / 10), usize::from(n % 10));
    let tens_text = match tens {
        0 => String::new(),
        1 => "十".to_owned(),
        t => format!("{}十", DIGITS[t]),
    };
    format!("{tens_text}{}", DIGITS[ones])
}

/// Legacy branch of §2.4: `(yyyy)` + 1-8 CJK/digits + `字` + optional `第` + digits + `号`.
fn parse_legacy_at(chars: &[char], at: usize) -> Option<(LegacyCaseNumber, usize)> {
    let (year, pos) = parse_year(chars, at)?;
    parse_legacy_body(chars, pos, Some(year))
}

fn parse_legacy_body(
    chars: &[char],
    pos: usize,
    year: Option<u16>,
) -> Option<(LegacyCaseNumber, usize)> {
    // Like the lazy regex, take the shortest prefix that lets the rest match.
    for len in 1..=8 {
        let prefix = chars.get(pos..pos + len)?;
        if !prefix.iter().all(|c| is_cjk(*c) || c.is_ascii_digit()) {
            return None;
        }
        if chars.get(pos + len) != Some(&'字') {
            continue;
        }
        let mut q = pos + len + 1;
        let with_di = chars.get(q) == Some(&'第');
        if with_di {
            q += 1;
        }
        let Some((sequence, sequence_width, q)) = parse_digits(chars, q) else {
            continue;
        };
        if chars.get(q) != Some(&'号') || sequence == 0 {
            continue;
        }
        let (suffix, end) = parse_suffix(chars, q + 1);
        let prefix: String = prefix.iter().collect();
        let (court_len, type_code) = split_legacy_prefix(&prefix);
        return Some((
            LegacyCaseNumber {
                year,
                prefix,
                court_len,
                type_code,
                with_di,
                sequence,
                sequence_width,
                suffix,
            },
            end,
        ));
    }
    None
}

/// Splits `杭西刑初` into court `杭西` and the longest known type code ending the prefix.
fn split_legacy_prefix(prefix: &str) -> (usize, Option<&'static CaseTypeCode>) {
    let chars: Vec<char> = prefix.chars().collect();
    for start in 0..chars.len() {
        let tail: String = chars[start..].iter().collect();
        if let Some(code) = CaseTypeCode::lookup(&tail) {
            return (start, Some(code));
        }
    }
    (chars.len(), None)
}

/// Current branch of §2.4.
fn parse_standard_at(chars: &[char], at: usize) -> Result<(StandardCaseNumber, usize), Fail> {
    let (year, mut pos) = parse_year(chars, at).ok_or(Fail::NoMatch)?;
    // Court code: 最高法 | high-court char + optional 2 or 4 digits.
    let court_start = pos;
    if chars.get(pos..pos + 3) == Some(&['最', '高', '法']) {
        pos += 3;
    } else if chars.get(pos).is_some_and(|c| is_high_court_char(*c)) {
        pos += 1;
        let digits = chars[pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !matches!(digits, 0 | 2 | 4) {
            return Err(Fail::NoMatch);
        }
        pos += digits;
    } else {
        return Err(Fail::NoMatch);
    }
    let court_text: String = chars[court_start..pos].iter().collect();
    let court_code = CourtCode::parse(&court_text).map_err(Fail::Rule)?;
    // Special-trial code + type code: the CJK run up to the number.
    let run = chars[pos..].iter().take_while(|c| is_cjk(**c)).count();
    if run == 0 || run > 5 || !chars.get(pos + run).is_some_and(char::is_ascii_digit) {
        return Err(Fail::NoMatch);
    }
    let run_text: String = chars[pos..pos + run].iter().collect();
    let (special_code, type_code) = match CaseTypeCode::lookup(&run_text) {
        Some(t) if run <= 4 => (None, t),
        _ => {
            let special = SpecialTrialCode::from_char(chars[pos]);
            let rest: String = chars[pos + 1..pos + run].iter().collect();
            match (special, CaseTypeCode::lookup(&rest)) {
                (Some(s), Some(t)) => (Some(s), t),
                _ if run <= 4 || special.is_some() => {
                    return Err(Fail::Rule(RuleError::CaseNumberUnknownTypeCode {
                        type_code: run_text,
                    }));
                }
                _ => return Err(Fail::NoMatch),
            }
        }
    };
    pos += run;
    let (sequence, sequence_width, q) =
        parse_digits(chars, pos).ok_or(Fail::Rule(RuleError::CaseNumberInvalid {
            reason: "sequence",
        }))?;
    if chars.get(q) != Some(&'号') {
        return Err(Fail::NoMatch);
    }
    let (suffix, end) = parse_suffix(chars, q + 1);
    validate_sequence_and_suffix(sequence, suffix).map_err(Fail::Rule)?;
    if year < 1949 {
        return Err(Fail::Rule(RuleError::CaseNumberInvalid { reason: "year" }));
    }
    Ok((
        StandardCaseNumber {
            year,
            court_code,
            special_code,
            type_code,
            sequence,
            sequence_width,
            suffix,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, year, court, special, type, sequence, suffix)
    type StandardRow = (
        &'static str,
        u16,
        &'static str,
        Option<char>,
        &'static str,
        u32,
        Option<u8>,
    );
    /// (text, year, court, type, sequence)
    type LegacyRow = (
        &'static str,
        Option<u16>,
        &'static str,
        Option<&'static str>,
        u32,
    );

    fn standard(text: &str) -> StandardCaseNumber {
        match CaseNumber::parse(text) {
            Ok(CaseNumber::Standard(n)) => n,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn parses_real_examples() {
        // (text, year, court, special, type, sequence, suffix)
        let table: &[StandardRow] = &[
            (
                "（2021）豫0927民初89号",
                2021,
                "豫0927",
                None,
                "民初",
                89,
                None,
            ),
            (
                "（2026）京0105民初12号",
                2026,
                "京0105",
                None,
                "民初",
                12,
                None,
            ),
            (
                "（2019）最高法知民终1号",
                2019,
                "最高法",
                Some('知'),
                "民终",
                1,
                None,
            ),
            (
                "（2016）京01民初1号之一",
                2016,
                "京01",
                None,
                "民初",
                1,
                Some(1),
            ),
            (
                "（2021）川0104民诉前调801号",
                2021,
                "川0104",
                None,
                "民诉前调",
                801,
                None,
            ),
            (
                "（2024）浙02民诉前调595号",
                2024,
                "浙02",
                None,
                "民诉前调",
                595,
                None,
            ),
            ("(2020)内0626执恢3号", 2020, "内0626", None, "执恢", 3, None),
            ("（2020）兵0603执1号", 2020, "兵0603", None, "执", 1, None),
            ("（2022）京民辖终7号", 2022, "京", None, "民辖终", 7, None),
            (
                "（2022）沪72行赔初2号之十二",
                2022,
                "沪72",
                None,
                "行赔初",
                2,
                Some(12),
            ),
            (
                "（2023）粤0192财保45号",
                2023,
                "粤0192",
                None,
                "财保",
                45,
                None,
            ),
            ("（2023）苏05破1号", 2023, "苏05", None, "破", 1, None),
            (
                "（２０２３）晋１００２刑初５号",
                2023,
                "晋1002",
                None,
                "刑初",
                5,
                None,
            ),
            (
                "  （2021）藏0102民特3号  ",
                2021,
                "藏0102",
                None,
                "民特",
                3,
                None,
            ),
        ];
        for &(text, year, court, special, code, sequence, suffix) in table {
            let n = standard(text);
            assert_eq!(n.year(), year, "{text}");
            assert_eq!(n.court_code().as_str(), court, "{text}");
            assert_eq!(
                n.special_code().map(SpecialTrialCode::as_char),
                special,
                "{text}"
            );
            assert_eq!(n.type_code().code, code, "{text}");
            assert_eq!(n.sequence(), sequence, "{text}");
            assert_eq!(n.suffix(), suffix, "{text}");
        }
    }

    #[test]
    fn longest_type_code_wins() {
        for (text, code) in [
            ("（2020）浙0102执恢1号", "执恢"),
            ("（2020）浙0102执1号", "执"),
            ("（2020）浙01民辖终1号", "民辖终"),
            ("（2020）浙01民辖1号", "民辖"),
            ("（2020）浙01行赔初1号", "行赔初"),
            ("（2020）浙01行初1号", "行初"),
        ] {
            assert_eq!(standard(text).type_code().code, code);
        }
    }

    #[test]
    fn parses_legacy_numbers_first() {
        let table: &[LegacyRow] = &[
            (
                "（2015）杭西刑初字第123号",
                Some(2015),
                "杭西",
                Some("刑初"),
                123,
            ),
            (
                "（2014）浙杭刑初字第7号",
                Some(2014),
                "浙杭",
                Some("刑初"),
                7,
            ),
            ("（2015）浙刑初字第1号", Some(2015), "浙", Some("刑初"), 1),
            ("格刑初字第117号", None, "格", Some("刑初"), 117),
            ("(2013)朝民初字12号", Some(2013), "朝", Some("民初"), 12),
            (
                "（2012）二中民终字第1号",
                Some(2012),
                "二中",
                Some("民终"),
                1,
            ),
            ("（2012）某某字第5号", Some(2012), "某某", None, 5),
        ];
        for &(text, year, court, code, sequence) in table {
            let parsed = CaseNumber::parse(text).unwrap();
            let CaseNumber::Legacy(n) = &parsed else {
                panic!("{text} not legacy")
            };
            assert_eq!(n.year(), year, "{text}");
            assert_eq!(n.court(), court, "{text}");
            assert_eq!(n.type_code().map(|t| t.code), code, "{text}");
            assert_eq!(n.sequence(), sequence, "{text}");
            assert!(parsed.is_legacy());
        }
    }

    #[test]
    fn display_round_trips_canonically() {
        for (input, canonical) in [
            ("（2026）京0105民初12号", "（2026）京0105民初12号"),
            ("(2026)京0105民初12号", "（2026）京0105民初12号"),
            ("（2019）最高法知民终1号", "（2019）最高法知民终1号"),
            ("（2016）京01民初1号之一", "（2016）京01民初1号之一"),
            ("（2016）京01民初1号之二十", "（2016）京01民初1号之二十"),
            ("（2016）京01民初1号之九十九", "（2016）京01民初1号之九十九"),
            (
                "（2020）最高法刑核01234567号",
                "（2020）最高法刑核01234567号",
            ),
            ("(2015)杭西刑初字第123号", "（2015）杭西刑初字第123号"),
            ("(2013)朝民初字12号", "（2013）朝民初字12号"),
            ("格刑初字第117号", "格刑初字第117号"),
        ] {
            let parsed = CaseNumber::parse(input).unwrap();
            assert_eq!(parsed.to_string(), canonical);
            assert_eq!(CaseNumber::parse(canonical).unwrap(), parsed);
        }
    }

    #[test]
    fn rejects() {
        let table: &[(&str, &str)] = &[
            ("", "case_number.unparseable"),
            ("京0105民初12号", "case_number.unparseable"),
            ("（2026）京0105民初号", "case_number.unparseable"),
            ("（2026）京0105民初12", "case_number.unparseable"),
            ("（2026）京010民初12号", "case_number.unparseable"),
            ("（2026）京010501民初12号", "case_number.unparseable"),
            ("（2026）滇0102民初12号", "case_number.unparseable"),
            ("（2026）京0105民初12号 附件", "case_number.unparseable"),
            ("（26）京0105民初12号", "case_number.unparseable"),
            ("（2026）京0105民初0号", "case_number.invalid"),
            ("（2026）京0105民初99999999999号", "case_number.invalid"),
            ("（2026）京0105民乙12号", "case_number.unknown_type_code"),
            ("（2026）京0105知民乙12号", "case_number.unknown_type_code"),
            ("（2026）京00民初12号", "case_number.invalid_court_code"),
            ("（2026）京0100民初12号", "case_number.invalid_court_code"),
        ];
        for &(text, code) in table {
            let error = CaseNumber::parse(text).unwrap_err();
            assert_eq!(error.code(), code, "{text}: {error}");
        }
    }

    #[test]
    fn finds_numbers_in_running_text_like_the_regex() {
        let text = "原告诉至本院，案号（2021）豫0927民初89号；一审（2015）浙刑初字第1号，\
                    另见(2016)京01民初1号之一。又(2020)浙0102执恢3号执行完毕；（2020）不是案号。";
        let found: Vec<String> = CaseNumber::find_all(text)
            .iter()
            .map(|(r, n)| format!("{}={n}", &text[r.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                "（2021）豫0927民初89号=（2021）豫0927民初89号",
                "（2015）浙刑初字第1号=（2015）浙刑初字第1号",
                "(2016)京01民初1号之一=（2016）京01民初1号之一",
                "(2020)浙0102执恢3号=（2020）浙0102执恢3号",
            ]
        );
        // The legacy branch must run first, else 刑初字第 would be read as a type code.
        assert!(
            CaseNumber::find_all("（2015）浙刑初字第1号")[0]
                .1
                .is_legacy()
        );
    }

    #[test]
    fn issues_only_standard_numbers() {
        let court = CourtCode::parse("京0105").unwrap();
        let type_code = CaseTypeCode::lookup("民初").unwrap();
        let n = StandardCaseNumber::new(2026, court.clone(), None, type_code, 12, None).unwrap();
        assert_eq!(n.to_string(), "（2026）京0105民初12号");
        let e = StandardCaseNumber::new(2015, court.clone(), None, type_code, 1, None).unwrap_err();
        assert_eq!(e.code(), "case_number.invalid");
        let e = StandardCaseNumber::new(2026, court.clone(), None, type_code, 0, None).unwrap_err();
        assert_eq!(e.code(), "case_number.invalid");
        let e = StandardCaseNumber::new(2026, court, None, type_code, 1, Some(100)).unwrap_err();
        assert_eq!(e.code(), "case_number.invalid");
    }

    #[test]
    fn court_codes() {
        let table: &[(&str, Option<CourtLevel>)] = &[
            ("最高法", Some(CourtLevel::Supreme)),
            ("京", Some(CourtLevel::High)),
            ("内", Some(CourtLevel::High)),
            ("军", Some(CourtLevel::High)),
            ("兵", Some(CourtLevel::High)),
            ("川01", Some(CourtLevel::Intermediate)),
            ("京73", Some(CourtLevel::Intermediate)),
            ("京0105", Some(CourtLevel::Basic)),
            ("京0491", Some(CourtLevel::Basic)),
            ("滇", None),
            ("京1", None),
            ("京000", None),
            ("京00", None),
            ("京0100", None),
            ("最高法01", None),
            ("", None),
            ("京01a", None),
        ];
        for &(text, level) in table {
            assert_eq!(
                CourtCode::parse(text).ok().map(|c| c.level()),
                level,
                "{text}"
            );
        }
        let code = CourtCode::parse("豫0927").unwrap();
        assert_eq!(code.high_court(), Some('豫'));
        assert_eq!(code.digits(), "0927");
        assert_eq!(HIGH_COURT_CODES.len(), 33);
    }

    #[test]
    fn type_table_is_complete_and_unique() {
        assert_eq!(CASE_TYPE_CODES.len(), 130);
        for (i, t) in CASE_TYPE_CODES.iter().enumerate() {
            assert!(
                CASE_TYPE_CODES[i + 1..].iter().all(|u| u.code != t.code),
                "{}",
                t.code
            );
            assert!((1..=4).contains(&t.code.chars().count()));
            assert!(t.code.chars().all(is_cjk));
            assert!(!t.code.contains('字'));
        }
        for category in CaseCategory::ALL {
            assert!(CASE_TYPE_CODES.iter().any(|t| t.category == *category));
        }
        assert_eq!(
            CaseTypeCode::lookup("民诉前调").unwrap().category,
            CaseCategory::Civil
        );
    }

    #[test]
    fn json_view() {
        let view = CaseNumber::parse("（2019）最高法知民终1号").unwrap().view();
        assert_eq!(
            view,
            CaseNumberView {
                year: Some(2019),
                court_code: "最高法".into(),
                special_code: Some("知".into()),
                type_code: Some("民终".into()),
                type_name: Some("民事二审案件".into()),
                category: Some("民事".into()),
                sequence: 1,
                suffix: None,
                legacy: false,
            }
        );
        let legacy = CaseNumber::parse("（2015）杭西刑初字第123号")
            .unwrap()
            .view();
        assert!(legacy.legacy);
        assert_eq!(legacy.court_code, "杭西");
        assert_eq!(legacy.category.as_deref(), Some("刑事"));
    }

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..=99u8 {
            let text: Vec<char> = chinese_numeral(n).chars().collect();
            assert_eq!(parse_chinese_numeral(&text), Some(n));
        }
        assert_eq!(parse_chinese_numeral(&['一', '十']), None);
    }
}
