//! Court documents the court sends most (文书辅助生成, Rules arts. 6, 20): templates filled from
//! the case's data, which the clerk may edit before issue. A document is structure — title,
//! number, addressee, paragraphs — that a `DocumentRenderer` turns into a PDF.

use fayuan_core::money::Fen;
use fayuan_core::str_enum;
use time::Date;

use crate::delivery::DocumentKind;

str_enum! {
    /// The templates.
    pub enum Template {
        /// 受理案件通知书 (to the plaintiff).
        AcceptanceNotice = "acceptance_notice" / "受理案件通知书",
        /// 交纳诉讼费用通知书.
        FeeNotice = "fee_notice" / "交纳诉讼费用通知书",
        /// 应诉通知书 (to a defendant, with the complaint).
        ResponseNotice = "response_notice" / "应诉通知书",
        /// 举证通知书.
        EvidenceNotice = "evidence_notice" / "举证通知书",
    }
}

impl Template {
    /// What it is for the rules of service.
    pub fn document_kind(self) -> DocumentKind {
        match self {
            Template::AcceptanceNotice | Template::FeeNotice => DocumentKind::Notice,
            Template::ResponseNotice => DocumentKind::ComplaintCopy,
            Template::EvidenceNotice => DocumentKind::EvidenceNotice,
        }
    }
}

/// What the templates need from the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The court's name.
    pub court_name: String,
    /// The case number.
    pub case_number: String,
    /// Cause of action.
    pub cause: String,
    /// Plaintiffs' names.
    pub plaintiffs: Vec<String>,
    /// Defendants' names.
    pub defendants: Vec<String>,
    /// Who the document is addressed to.
    pub addressee: String,
    /// Docketed on.
    pub docketed_on: Date,
    /// The fee to pay and its last day, if a notice was issued.
    pub fee: Option<(Fen, Date)>,
    /// The date of the document.
    pub dated: Date,
}

/// A document ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtDocument {
    /// Issuing court (the header).
    pub court: String,
    /// Title.
    pub title: String,
    /// Document number (the case number).
    pub number: String,
    /// Addressee line, e.g. 张三：
    pub addressee: String,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// Date in Chinese numerals (二〇二六年十一月二十七日).
    pub date: String,
}

impl CourtDocument {
    /// The heading: the court over the title.
    pub fn heading(&self) -> String {
        format!("{}\n{}", self.court, self.title)
    }

    /// The lines below the heading in reading order: number, addressee, paragraphs (indented by
    /// two full-width spaces), court and date.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.number.clone(), String::new(), self.addressee.clone()];
        lines.extend(self.paragraphs.iter().map(|p| format!("　　{p}")));
        lines.push(String::new());
        lines.push(self.court.clone());
        lines.push(self.date.clone());
        lines
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

/// Fills a template from the case (the clerk may edit the paragraphs before issue).
pub fn fill(template: Template, f: &CaseFacts) -> CourtDocument {
    let plaintiffs = f.plaintiffs.join("、");
    let defendants = f.defendants.join("、");
    let docketed = chinese_date(f.docketed_on);
    let paragraphs = match template {
        Template::AcceptanceNotice => vec![
            format!(
                "你（你们）诉{defendants}{}一案的起诉状已收到。经审查，起诉符合法定受理条件，本院决定立案审理。",
                f.cause
            ),
            format!("本案于{docketed}登记立案，案号为{}。", f.case_number),
            "请在诉讼平台查阅本院送达的各项文书，按时交纳诉讼费用，并按举证通知书的要求提交证据。".into(),
        ],
        Template::FeeNotice => match f.fee {
            Some((amount, due)) => vec![
                format!("你（你们）诉{defendants}{}一案，本院已立案。", f.cause),
                format!(
                    "依照《诉讼费用交纳办法》的规定，应预交案件受理费{amount}元，请于{}前通过诉讼平台网上交纳。",
                    chinese_date(due)
                ),
                "期满未交纳又未提出缓交、减交、免交申请的，按撤诉处理（《诉讼费用交纳办法》第二十二条）。".into(),
            ],
            None => vec![format!(
                "你（你们）诉{defendants}{}一案，本院已立案。本案暂无需预交诉讼费用。",
                f.cause
            )],
        },
        Template::ResponseNotice => vec![
            format!("{plaintiffs}诉你（你们）{}一案，本院已立案，现送达起诉状副本。", f.cause),
            "你（你们）应当在收到起诉状副本之日起十五日内提出答辩状（《民事诉讼法》第一百二十八条）；对管辖权有异议的，应当在提交答辩状期间提出。".into(),
            "不提出答辩状的，不影响本院审理。".into(),
        ],
        Template::EvidenceNotice => vec![
            format!("{plaintiffs}与{defendants}{}一案，本院已立案。", f.cause),
            "当事人对自己提出的主张应当提供证据。请在收到本通知之日起十五日内向本院提交证据（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十九条），逾期提交的，依法承担相应后果。".into(),
        ],
    };
    CourtDocument {
        court: f.court_name.clone(),
        title: template.label().to_owned(),
        number: f.case_number.clone(),
        addressee: format!("{}：", f.addressee),
        paragraphs,
        date: chinese_date(f.dated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn facts() -> CaseFacts {
        CaseFacts {
            court_name: "示范市示范区人民法院".into(),
            case_number: "（2026）京0199民初1号".into(),
            cause: "民间借贷纠纷".into(),
            plaintiffs: vec!["张三".into()],
            defendants: vec!["李四".into(), "王五".into()],
            addressee: "张三".into(),
            docketed_on: date!(2026 - 11 - 27),
            fee: Some((Fen(230_000), date!(2026 - 12 - 04))),
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
        let doc = fill(Template::FeeNotice, &facts());
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
        let response = fill(Template::ResponseNotice, &facts());
        assert!(response.paragraphs[0].starts_with("张三诉你（你们）"));
        assert_eq!(
            Template::ResponseNotice.document_kind(),
            DocumentKind::ComplaintCopy
        );
    }
}
