//! Court documents the court sends most (文书辅助生成, Rules arts. 6, 20): templates filled from
//! the case's data, which the clerk may edit before issue. A document is structure — title,
//! number, addressee, paragraphs — that a `DocumentRenderer` turns into a PDF.

use fayuan_core::money::Fen;
use fayuan_core::str_enum;
use fayuan_core::time_limit::Procedure;
use time::Date;

use crate::DomainError;
use crate::delivery::DocumentKind;

pub mod forms;

str_enum! {
    /// The templates a clerk drafts from a case (and the filing division from an application).
    pub enum Template {
        /// 受理案件通知书 (to the plaintiff).
        AcceptanceNotice = "acceptance_notice" / "受理案件通知书",
        /// 交纳诉讼费用通知书.
        FeeNotice = "fee_notice" / "交纳诉讼费用通知书",
        /// 应诉通知书 (to a defendant, with the complaint).
        ResponseNotice = "response_notice" / "应诉通知书",
        /// 举证通知书.
        EvidenceNotice = "evidence_notice" / "举证通知书",
        /// 传票 (to a party summoned to a hearing).
        Summons = "summons" / "传票",
        /// 开庭通知书 (to agents and other participants).
        HearingNotice = "hearing_notice" / "开庭通知书",
        /// 补正通知书.
        CorrectionNotice = "correction_notice" / "补正通知书",
        /// 不予受理裁定书 (民事诉讼法 art. 126).
        RefusalRuling = "refusal_ruling" / "不予受理裁定书",
        /// A judgment shell (判决书): 首部, parties, 审理经过, 事实, 理由, 主文, 尾部.
        Judgment = "judgment" / "判决书",
        /// A ruling shell (裁定书).
        Ruling = "ruling" / "裁定书",
        /// 民事调解书: the agreement reached in a case (the note holds its clauses).
        MediationStatement = "mediation_statement" / "调解书",
        /// 民事裁定书 confirming a mediation agreement valid (民事诉讼法 art. 206; the note holds
        /// the agreement's clauses).
        ConfirmationRuling = "confirmation_ruling" / "确认调解协议效力裁定书",
        /// 民事裁定书 rejecting an application for judicial confirmation (the note holds why).
        ConfirmationRejection = "confirmation_rejection" / "驳回司法确认申请裁定书",
    }
}

impl Template {
    /// What it is for the rules of service.
    pub fn document_kind(self) -> DocumentKind {
        match self {
            Template::AcceptanceNotice
            | Template::FeeNotice
            | Template::HearingNotice
            | Template::CorrectionNotice => DocumentKind::Notice,
            Template::ResponseNotice => DocumentKind::ComplaintCopy,
            Template::EvidenceNotice => DocumentKind::EvidenceNotice,
            Template::Summons => DocumentKind::Summons,
            Template::RefusalRuling
            | Template::Ruling
            | Template::ConfirmationRuling
            | Template::ConfirmationRejection => DocumentKind::Ruling,
            Template::MediationStatement => DocumentKind::MediationStatement,
            Template::Judgment => DocumentKind::Judgment,
        }
    }

    /// Whether it is written to one addressee (notices) rather than to the case (rulings and
    /// judgments, which name every party).
    pub fn has_addressee(self) -> bool {
        !matches!(
            self,
            Template::RefusalRuling
                | Template::Judgment
                | Template::Ruling
                | Template::MediationStatement
                | Template::ConfirmationRuling
                | Template::ConfirmationRejection
        )
    }
}

/// When and where a party must appear (传票, 开庭通知书).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The time, as the court writes it (e.g. 2026年12月10日9时30分).
    pub at: String,
    /// The place (courtroom, or the online hearing room).
    pub place: String,
}

/// What the templates need from the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The court's name.
    pub court_name: String,
    /// The case number.
    pub case_number: String,
    /// 民事 or 行政: the prefix of a ruling's or judgment's title.
    pub branch: &'static str,
    /// Cause of action.
    pub cause: String,
    /// The procedure, as 审理经过 names it (普通程序, 简易程序 …).
    pub procedure: String,
    /// Plaintiffs' names.
    pub plaintiffs: Vec<String>,
    /// Defendants' names.
    pub defendants: Vec<String>,
    /// Who the document is addressed to.
    pub addressee: String,
    /// Docketed (or, for an application, received) on.
    pub docketed_on: Date,
    /// The fee to pay and its last day, if a notice was issued.
    pub fee: Option<(Fen, Date)>,
    /// The hearing a summons or hearing notice calls to.
    pub appointment: Option<Appointment>,
    /// What to correct (补正通知书) or why the court refuses (不予受理裁定书).
    pub note: Option<String>,
    /// The judges (审判长/审判员) and the clerk (书记员) who sign, as "审判员　张某".
    pub signatories: Vec<String>,
    /// The date of the document.
    pub dated: Date,
}

/// One row of a form (传票, 送达回证, 送达地址确认书): a label and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The label, e.g. 应到时间.
    pub label: String,
    /// The value.
    pub value: String,
}

impl Field {
    /// A row.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A document ready to render, in reading order: court and title (the heading), number,
/// addressee, the parties of a ruling or judgment, form rows, paragraphs, signatures, date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtDocument {
    /// Issuing court (the header).
    pub court: String,
    /// Title.
    pub title: String,
    /// Document number (the case number).
    pub number: String,
    /// Addressee line, e.g. 张三：; empty for rulings and judgments.
    pub addressee: String,
    /// The parties block of a ruling or judgment (原告：张三。).
    pub parties: Vec<String>,
    /// The rows of a form.
    pub fields: Vec<Field>,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// Who signs (尾部), e.g. 审判员　张某.
    pub signatures: Vec<String>,
    /// Date in Chinese numerals (二〇二六年十一月二十七日).
    pub date: String,
    /// Pictures shown under the signatures (handwritten signatures).
    pub images: Vec<DocumentImage>,
}

/// A picture in a document: a handwritten signature with the line it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentImage {
    /// The signature line it belongs to.
    pub caption: String,
    /// The picture as PNG.
    pub png: Vec<u8>,
}

impl CourtDocument {
    /// A document with a heading, a number and a date, to be filled in.
    pub fn new(court: &str, title: &str, number: &str, date: Date) -> Self {
        Self {
            court: court.to_owned(),
            title: title.to_owned(),
            number: number.to_owned(),
            addressee: String::new(),
            parties: Vec::new(),
            fields: Vec::new(),
            paragraphs: Vec::new(),
            signatures: Vec::new(),
            date: chinese_date(date),
            images: Vec::new(),
        }
    }

    /// The heading: the court over the title.
    pub fn heading(&self) -> String {
        format!("{}\n{}", self.court, self.title)
    }

    /// The lines below the heading in reading order, for renderers that set text line by line:
    /// number, addressee, parties, form rows (label：value), paragraphs (indented by two
    /// full-width spaces), signatures and date.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.number.clone(), String::new()];
        if !self.addressee.is_empty() {
            lines.push(self.addressee.clone());
        }
        lines.extend(self.parties.iter().cloned());
        lines.extend(
            self.fields
                .iter()
                .map(|f| format!("{}：{}", f.label, f.value)),
        );
        lines.extend(self.paragraphs.iter().map(|p| format!("　　{p}")));
        lines.push(String::new());
        lines.extend(self.signatures.iter().cloned());
        if self.signatures.is_empty() {
            lines.push(self.court.clone());
        }
        lines.push(self.date.clone());
        lines
    }

    /// Every piece of text in the document, for search and checks.
    pub fn text(&self) -> String {
        let mut all = vec![self.heading()];
        all.extend(self.lines());
        all.join("\n")
    }
}

/// The phrase 审理经过 uses for a procedure.
pub fn procedure_phrase(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::CivilOrdinary => "普通程序",
        Procedure::CivilSummary => "简易程序",
        Procedure::CivilSmallClaims => "小额诉讼程序",
        Procedure::CivilSpecial => "特别程序",
        Procedure::CivilSecondInstanceJudgment | Procedure::CivilSecondInstanceRuling => {
            "第二审程序"
        }
        _ => procedure.label(),
    }
}

/// A date as court documents write it: 二〇二六年十一月二十七日.
pub fn chinese_date(date: Date) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = date
        .year()
        .to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    let small = |n: u8| -> String {
        let (tens, ones) = (n / 10, n % 10);
        let ones_char = DIGITS[usize::from(ones)];
        match (tens, ones) {
            (0, _) => ones_char.to_string(),
            (1, 0) => "十".into(),
            (1, _) => format!("十{ones_char}"),
            (t, 0) => format!("{}十", DIGITS[usize::from(t)]),
            (t, _) => format!("{}十{ones_char}", DIGITS[usize::from(t)]),
        }
    };
    format!(
        "{year}年{}月{}日",
        small(u8::from(date.month())),
        small(date.day())
    )
}

/// Fills a template from the case (the clerk may edit the paragraphs before issue). A summons or
/// hearing notice needs the appointment, a correction notice or refusal the note.
pub fn fill(template: Template, f: &CaseFacts) -> Result<CourtDocument, DomainError> {
    let plaintiffs = f.plaintiffs.join("、");
    let defendants = f.defendants.join("、");
    let docketed = chinese_date(f.docketed_on);
    let cause = &f.cause;
    let mut doc = CourtDocument::new(&f.court_name, template.label(), &f.case_number, f.dated);
    if template.has_addressee() {
        doc.addressee = format!("{}：", f.addressee);
    }
    let appointment = || {
        f.appointment.as_ref().ok_or_else(|| {
            DomainError::invalid("documents.appointment_required", "请填写开庭时间和地点。")
        })
    };
    let note = || {
        f.note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                DomainError::invalid(
                    "documents.note_required",
                    "请写明需补正的内容或不予受理的理由。",
                )
            })
    };
    doc.paragraphs = match template {
        Template::AcceptanceNotice => vec![
            format!(
                "你（你们）诉{defendants}{cause}一案的起诉状已收到。经审查，起诉符合法定受理条件，本院决定立案审理。"
            ),
            format!("本案于{docketed}登记立案，案号为{}。", f.case_number),
            "请在诉讼平台查阅本院送达的各项文书，按时交纳诉讼费用，并按举证通知书的要求提交证据。".into(),
        ],
        Template::FeeNotice => match f.fee {
            Some((amount, due)) => vec![
                format!("你（你们）诉{defendants}{cause}一案，本院已立案。"),
                format!(
                    "依照《诉讼费用交纳办法》的规定，应预交案件受理费{amount}元，请于{}前通过诉讼平台网上交纳。",
                    chinese_date(due)
                ),
                "期满未交纳又未提出缓交、减交、免交申请的，按撤诉处理（《诉讼费用交纳办法》第二十二条）。".into(),
            ],
            None => vec![format!(
                "你（你们）诉{defendants}{cause}一案，本院已立案。本案暂无需预交诉讼费用。"
            )],
        },
        Template::ResponseNotice => vec![
            format!("{plaintiffs}诉你（你们）{cause}一案，本院已立案，现送达起诉状副本。"),
            "你（你们）应当在收到起诉状副本之日起十五日内提出答辩状（《民事诉讼法》第一百二十八条）；对管辖权有异议的，应当在提交答辩状期间提出。".into(),
            "不提出答辩状的，不影响本院审理。".into(),
        ],
        Template::EvidenceNotice => vec![
            format!("{plaintiffs}与{defendants}{cause}一案，本院已立案。"),
            "当事人对自己提出的主张应当提供证据。请在收到本通知之日起十五日内向本院提交证据（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十九条），逾期提交的，依法承担相应后果。".into(),
        ],
        Template::Summons => {
            let a = appointment()?;
            doc.fields = vec![
                Field::new("案号", &f.case_number),
                Field::new("案由", cause),
                Field::new("被传唤人", &f.addressee),
                Field::new("传唤事由", "开庭审理"),
                Field::new("应到时间", &a.at),
                Field::new("应到处所", &a.place),
            ];
            vec![
                "被传唤人必须准时到达应到处所；在线开庭的，应提前登录诉讼平台进入庭审。".into(),
                "原告经传票传唤，无正当理由拒不到庭的，可以按撤诉处理（《民事诉讼法》第一百四十六条）；被告经传票传唤，无正当理由拒不到庭的，可以缺席判决（《民事诉讼法》第一百四十七条）。".into(),
            ]
        }
        Template::HearingNotice => {
            let a = appointment()?;
            vec![
                format!(
                    "本院受理{plaintiffs}与{defendants}{cause}一案，定于{}在{}开庭审理（《民事诉讼法》第一百三十九条）。",
                    a.at, a.place
                ),
                "请准时出庭。".into(),
            ]
        }
        Template::CorrectionNotice => vec![
            format!("你（你们）诉{defendants}{cause}的起诉材料已收到。经审查，需补正以下内容："),
            note()?.to_owned(),
            "请在诉讼平台补正后重新提交。本院决定是否立案的期间，自收到补正材料的次日起计算（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百二十六条）。".into(),
        ],
        Template::RefusalRuling => {
            doc.title = format!("{}裁定书", f.branch);
            doc.parties = named("起诉人", &f.plaintiffs);
            doc.parties.extend(named("被起诉人", &f.defendants));
            vec![
                format!("{docketed}，本院收到{plaintiffs}诉{defendants}{cause}的起诉状。"),
                format!("本院经审查认为，{}", note()?),
                "依照《中华人民共和国民事诉讼法》第一百二十二条、第一百二十六条的规定，裁定如下：".into(),
                format!("对{plaintiffs}的起诉，本院不予受理。"),
                "如不服本裁定，可以在裁定书送达之日起十日内，向本院递交上诉状，上诉于上一级人民法院。".into(),
            ]
        }
        Template::Judgment | Template::Ruling => {
            let ruling = template == Template::Ruling;
            doc.title = format!("{}{}书", f.branch, if ruling { "裁定" } else { "判决" });
            doc.parties = named("原告", &f.plaintiffs);
            doc.parties.extend(named("被告", &f.defendants));
            let fee = f.fee.map_or(String::new(), |(amount, _)| {
                format!("案件受理费{amount}元，由　　负担。")
            });
            let (verb, days) = if ruling { ("裁定", "十") } else { ("判决", "十五") };
            let mut paragraphs = vec![
                format!(
                    "原告{plaintiffs}与被告{defendants}{cause}一案，本院于{docketed}立案后，依法适用{}进行了审理。本案现已审理终结。",
                    f.procedure
                ),
                format!("{plaintiffs}向本院提出诉讼请求：　　"),
                format!("{defendants}辩称：　　"),
                "本院经审理认定事实如下：　　".into(),
                "本院认为，　　".into(),
                format!("依照　　的规定，{verb}如下："),
                "一、　　".into(),
            ];
            if !fee.is_empty() {
                paragraphs.push(fee);
            }
            paragraphs.push(format!(
                "如不服本{verb}，可以在{verb}书送达之日起{days}日内，向本院递交上诉状，并按照对方当事人的人数提出副本，上诉于上一级人民法院。"
            ));
            doc.signatures = f.signatories.clone();
            paragraphs
        }
        Template::MediationStatement => {
            doc.title = format!("{}调解书", f.branch);
            doc.parties = named("原告", &f.plaintiffs);
            doc.parties.extend(named("被告", &f.defendants));
            let mut paragraphs = vec![
                format!(
                    "原告{plaintiffs}与被告{defendants}{cause}一案，本院于{docketed}立案后，依法适用{}进行了审理。",
                    f.procedure
                ),
                "经本院主持调解，当事人自愿达成如下协议：".into(),
            ];
            paragraphs.extend(note_lines(note()?));
            if f.fee.is_some() {
                // 诉讼费用交纳办法 art. 15 halves the fee once (民诉法解释 art. 206); the refund is
                // computed when the case closes.
                paragraphs.push(
                    "案件受理费依照《诉讼费用交纳办法》第十五条减半交纳（已减半的不再减半），由　　负担。"
                        .into(),
                );
            }
            paragraphs.push("上述协议，不违反法律规定，本院予以确认。".into());
            paragraphs.push(
                "本调解书经双方当事人签收后，即具有法律效力（《中华人民共和国民事诉讼法》第一百条）。"
                    .into(),
            );
            doc.signatures = f.signatories.clone();
            paragraphs
        }
        Template::ConfirmationRuling | Template::ConfirmationRejection => {
            doc.title = format!("{}裁定书", f.branch);
            let applicants: Vec<String> =
                f.plaintiffs.iter().chain(&f.defendants).cloned().collect();
            let all = applicants.join("、");
            doc.parties = named("申请人", &applicants);
            let mut paragraphs = vec![format!(
                "申请人{all}于{docketed}向本院申请司法确认调解协议。本院受理后，依法进行了审查。"
            )];
            if template == Template::ConfirmationRuling {
                paragraphs.push("申请人经调解，达成如下调解协议：".into());
                paragraphs.extend(note_lines(note()?));
                paragraphs.extend([
                    "本院经审查认为，申请人达成的调解协议，符合司法确认调解协议的法定条件。".into(),
                    "依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条的规定，裁定如下：".into(),
                    format!("一、申请人{all}达成的调解协议有效。"),
                    "二、当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。".into(),
                    "本裁定书自即日起发生法律效力。".into(),
                ]);
            } else {
                paragraphs.extend([
                    format!("本院经审查认为，{}", note()?),
                    "依照《中华人民共和国民事诉讼法》第二百零六条的规定，裁定如下：".into(),
                    format!("驳回申请人{all}的司法确认申请。"),
                    "当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。".into(),
                ]);
            }
            doc.signatures = f.signatories.clone();
            paragraphs
        }
    };
    Ok(doc)
}

/// The lines of a multi-line note, blank lines dropped.
fn note_lines(note: &str) -> Vec<String> {
    note.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The parties block: one line per person under a capacity, e.g. 原告：张三。
fn named(capacity: &str, names: &[String]) -> Vec<String> {
    names.iter().map(|n| format!("{capacity}：{n}。")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn facts() -> CaseFacts {
        CaseFacts {
            court_name: "示范市示范区人民法院".into(),
            case_number: "（2026）京0199民初1号".into(),
            branch: "民事",
            cause: "民间借贷纠纷".into(),
            procedure: procedure_phrase(Procedure::CivilSummary).into(),
            plaintiffs: vec!["张三".into()],
            defendants: vec!["李四".into(), "王五".into()],
            addressee: "张三".into(),
            docketed_on: date!(2026 - 11 - 27),
            fee: Some((Fen(230_000), date!(2026 - 12 - 04))),
            appointment: None,
            note: None,
            signatories: vec!["审判员　赵六".into(), "书记员　钱七".into()],
            dated: date!(2026 - 11 - 27),
        }
    }

    #[test]
    fn dates_in_chinese_numerals() {
        assert_eq!(
            chinese_date(date!(2026 - 11 - 27)),
            "二〇二六年十一月二十七日"
        );
        assert_eq!(chinese_date(date!(2030 - 01 - 10)), "二〇三〇年一月十日");
        assert_eq!(
            chinese_date(date!(2025 - 10 - 31)),
            "二〇二五年十月三十一日"
        );
        assert_eq!(chinese_date(date!(2025 - 02 - 05)), "二〇二五年二月五日");
    }

    #[test]
    fn templates_fill_from_the_case() {
        let doc = fill(Template::FeeNotice, &facts()).unwrap();
        assert_eq!(doc.title, "交纳诉讼费用通知书");
        assert_eq!(doc.number, "（2026）京0199民初1号");
        assert!(doc.paragraphs[0].contains("诉李四、王五民间借贷纠纷一案"));
        assert!(
            doc.paragraphs[1].contains("2300.00元")
                && doc.paragraphs[1].contains("二〇二六年十二月四日")
        );
        let lines = doc.lines();
        assert_eq!(doc.heading(), "示范市示范区人民法院\n交纳诉讼费用通知书");
        assert_eq!(lines[0], "（2026）京0199民初1号");
        assert_eq!(lines.last().unwrap(), "二〇二六年十一月二十七日");
        let response = fill(Template::ResponseNotice, &facts()).unwrap();
        assert!(response.paragraphs[0].starts_with("张三诉你（你们）"));
        assert_eq!(
            Template::ResponseNotice.document_kind(),
            DocumentKind::ComplaintCopy
        );
    }

    #[test]
    fn a_summons_needs_the_appointment_and_lists_it_as_a_form() {
        let mut f = facts();
        f.addressee = "李四".into();
        let err = fill(Template::Summons, &f).unwrap_err();
        assert!(err.to_string().contains("开庭时间"), "{err}");
        f.appointment = Some(Appointment {
            at: "2026年12月10日9时30分".into(),
            place: "第一法庭".into(),
        });
        let summons = fill(Template::Summons, &f).unwrap();
        assert_eq!(summons.title, "传票");
        assert!(
            summons
                .fields
                .contains(&Field::new("应到时间", "2026年12月10日9时30分"))
        );
        assert!(summons.fields.contains(&Field::new("被传唤人", "李四")));
        assert!(summons.paragraphs[1].contains("第一百四十七条"));
        let notice = fill(Template::HearingNotice, &f).unwrap();
        assert!(notice.paragraphs[0].contains("定于2026年12月10日9时30分在第一法庭开庭审理"));
        assert_eq!(Template::Summons.document_kind(), DocumentKind::Summons);
    }

    #[test]
    fn a_refusal_is_a_ruling_naming_the_parties_with_a_ten_day_appeal() {
        let mut f = facts();
        assert!(
            fill(Template::RefusalRuling, &f).is_err(),
            "reasons are required"
        );
        f.note = Some("本案不属于人民法院受理民事诉讼的范围。".into());
        let ruling = fill(Template::RefusalRuling, &f).unwrap();
        assert_eq!(ruling.title, "民事裁定书");
        assert_eq!(ruling.addressee, "");
        assert_eq!(
            ruling.parties,
            ["起诉人：张三。", "被起诉人：李四。", "被起诉人：王五。"]
        );
        assert!(ruling.paragraphs[1].ends_with("受理民事诉讼的范围。"));
        assert_eq!(ruling.paragraphs[3], "对张三的起诉，本院不予受理。");
        assert!(ruling.paragraphs[4].contains("十日内"));
        assert_eq!(
            Template::RefusalRuling.document_kind(),
            DocumentKind::Ruling
        );
        let correction = fill(Template::CorrectionNotice, &f).unwrap();
        assert_eq!(
            correction.paragraphs[1],
            "本案不属于人民法院受理民事诉讼的范围。"
        );
    }

    #[test]
    fn the_judgment_shell_has_every_part_and_the_signatures() {
        let judgment = fill(Template::Judgment, &facts()).unwrap();
        assert_eq!(judgment.title, "民事判决书");
        assert_eq!(
            judgment.parties,
            ["原告：张三。", "被告：李四。", "被告：王五。"]
        );
        let text = judgment.paragraphs.join("\n");
        for part in [
            "本院于二〇二六年十一月二十七日立案后，依法适用简易程序进行了审理",
            "诉讼请求",
            "辩称",
            "本院经审理认定事实如下",
            "本院认为",
            "判决如下",
            "案件受理费2300.00元",
            "判决书送达之日起十五日内",
        ] {
            assert!(text.contains(part), "{part}");
        }
        assert_eq!(judgment.signatures, ["审判员　赵六", "书记员　钱七"]);
        let lines = judgment.lines();
        assert_eq!(
            &lines[lines.len() - 3..],
            ["审判员　赵六", "书记员　钱七", "二〇二六年十一月二十七日"]
        );
        let ruling = fill(Template::Ruling, &facts()).unwrap();
        assert_eq!(ruling.title, "民事裁定书");
        assert!(
            ruling
                .paragraphs
                .join("")
                .contains("裁定书送达之日起十日内")
        );
        assert_eq!(Template::Judgment.document_kind(), DocumentKind::Judgment);
    }

    #[test]
    fn mediation_statement_and_confirmation_rulings() {
        let mut f = facts();
        assert!(
            fill(Template::MediationStatement, &f).is_err(),
            "needs the clauses"
        );
        f.note = Some("一、李四于2026年12月31日前支付张三5000元。\n\n二、其他无争议。".into());
        let statement = fill(Template::MediationStatement, &f).unwrap();
        assert_eq!(statement.title, "民事调解书");
        let text = statement.paragraphs.join("\n");
        assert!(text.contains("当事人自愿达成如下协议：\n一、李四于2026年12月31日前支付张三5000元。\n二、其他无争议。"), "{text}");
        assert!(text.contains("第十五条减半交纳"));
        assert!(text.contains("第一百条"));
        assert_eq!(statement.addressee, "");
        assert_eq!(
            Template::MediationStatement.document_kind(),
            DocumentKind::MediationStatement
        );

        let ruling = fill(Template::ConfirmationRuling, &f).unwrap();
        assert_eq!(ruling.title, "民事裁定书");
        assert_eq!(
            ruling.parties,
            ["申请人：张三。", "申请人：李四。", "申请人：王五。"]
        );
        let text = ruling.paragraphs.join("\n");
        assert!(
            text.contains("一、申请人张三、李四、王五达成的调解协议有效。"),
            "{text}"
        );
        assert!(text.contains("第二百零五条、第二百零六条"));
        f.note = Some("调解协议内容涉及物权确权。".into());
        let rejection = fill(Template::ConfirmationRejection, &f).unwrap();
        let text = rejection.paragraphs.join("\n");
        assert!(
            text.contains("本院经审查认为，调解协议内容涉及物权确权。"),
            "{text}"
        );
        assert!(text.contains("驳回申请人张三、李四、王五的司法确认申请。"));
    }
}
