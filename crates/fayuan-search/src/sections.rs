//! The parts of a judgment as 中国裁判文书网 searches them — 首部, 当事人, 诉讼记录, 事实, 理由,
//! 判决结果, 尾部 — and the names and statutes found in them.

/// A judgment's text in its parts (each possibly empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// 首部: court, title, number.
    pub head: String,
    /// 当事人: the party paragraphs.
    pub parties: String,
    /// 诉讼记录: how the case came and was heard.
    pub record: String,
    /// 事实: claims, defences and the facts found.
    pub facts: String,
    /// 理由: 本院认为.
    pub reasons: String,
    /// 判决结果: what is ordered.
    pub result: String,
    /// 尾部: appeal notice, judges, date, clerk.
    pub tail: String,
}

/// Words that open a party paragraph.
const PARTY_OPENERS: [&str; 16] = [
    "原告",
    "被告",
    "第三人",
    "上诉人",
    "被上诉人",
    "申请人",
    "被申请人",
    "申请执行人",
    "被执行人",
    "公诉机关",
    "被告人",
    "自诉人",
    "附带民事诉讼原告人",
    "法定代理人",
    "委托诉讼代理人",
    "辩护人",
];

/// Words that open the facts.
const FACT_OPENERS: [&str; 6] = ["诉称", "诉讼请求", "辩称", "经审理查明", "指控", "本院查明"];

/// Words that open the decision and the tail.
const RESULT_OPENERS: [&str; 3] = ["判决如下", "裁定如下", "决定如下"];
const TAIL_OPENERS: [&str; 5] = [
    "如不服本",
    "审判长",
    "审判员",
    "本判决为终审判决",
    "本裁定为终审裁定",
];

/// Splits a judgment into its parts by the phrases that open them. Paragraphs are lines (or
/// sentences ending in 。 when the text has no line breaks).
pub fn split(text: &str) -> Sections {
    let paragraphs: Vec<&str> = if text.lines().count() > 3 {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        text.split_inclusive('。')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut s = Sections::default();
    // 0 head, 1 parties, 2 record, 3 facts, 4 reasons, 5 result, 6 tail.
    let mut stage = 0;
    for p in paragraphs {
        let opens_result = RESULT_OPENERS.iter().any(|w| p.contains(w));
        stage = if stage >= 6 || (stage >= 3 && TAIL_OPENERS.iter().any(|w| p.starts_with(w))) {
            6
        } else if stage == 5 {
            5
        } else if p.starts_with("本院认为") {
            4
        } else if stage >= 2 && RESULT_OPENERS.iter().any(|w| p.starts_with(w)) {
            5
        } else if stage >= 2 && FACT_OPENERS.iter().any(|w| p.contains(w)) {
            stage.max(3)
        } else if stage <= 1
            && !p.contains("一案")
            && PARTY_OPENERS.iter().any(|w| p.starts_with(w))
        {
            1
        } else if stage == 1 {
            2
        } else {
            stage
        };
        let part = match stage {
            0 => &mut s.head,
            1 => &mut s.parties,
            2 => &mut s.record,
            3 => &mut s.facts,
            4 => &mut s.reasons,
            5 => &mut s.result,
            _ => &mut s.tail,
        };
        push(part, p);
        // 依照……判决如下： closes the reasons; what follows is the result.
        if (3..=4).contains(&stage) && opens_result {
            stage = 5;
        }
    }
    s
}

fn push(part: &mut String, paragraph: &str) {
    if !part.is_empty() {
        part.push('\n');
    }
    part.push_str(paragraph);
}

/// The judges and clerk named in the tail (审判长 X, 审判员 X, 人民陪审员 X, 书记员 X).
pub fn judges(tail: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in tail.lines().map(str::trim) {
        for title in ["审判长", "审判员", "人民陪审员", "书记员", "法官助理"] {
            if let Some(name) = line.strip_prefix(title) {
                let name: String = name
                    .trim_matches(|c: char| c.is_whitespace() || c == '　')
                    .to_owned();
                if (2..=4).contains(&name.chars().count()) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The statutes cited: 《…》第…条 (and the articles that follow it, 第…条、第…条).
pub fn legal_basis(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('《') {
        let after = &rest[open + '《'.len_utf8()..];
        let Some(close) = after.find('》') else {
            break;
        };
        let law = &after[..close];
        let mut tail = &after[close + '》'.len_utf8()..];
        let mut any = false;
        while let Some(article) = tail
            .strip_prefix('第')
            .and_then(|t| t.find('条').map(|e| (t, e)))
        {
            let (t, e) = article;
            let number = &t[..e];
            if number.chars().count() > 8 {
                break;
            }
            found.push(format!("《{law}》第{number}条"));
            any = true;
            tail = t[e + '条'.len_utf8()..].trim_start_matches(['、', '，', '及', '和']);
            // Skip 第…款/项 qualifiers.
            while let Some(q) = tail.strip_prefix('第') {
                match q.find(['款', '项']) {
                    Some(end) if q[..end].chars().count() <= 4 => {
                        tail = q[end + '款'.len_utf8()..].trim_start_matches(['、', '，']);
                    }
                    _ => break,
                }
            }
        }
        if !any && law.chars().count() <= 40 {
            found.push(format!("《{law}》"));
        }
        rest = &after[close + '》'.len_utf8()..];
    }
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUDGMENT: &str = "北京市朝阳区人民法院\n民事判决书\n（2026）京0105民初1号\n原告张三，男，住北京市朝阳区。\n被告李四，女。\n原告张三与被告李四民间借贷纠纷一案，本院立案后依法适用简易程序公开开庭进行了审理。\n张三向本院提出诉讼请求：判令被告还款。\n李四辩称，已还款。\n本院认为，借贷关系成立。依照《中华人民共和国民法典》第六百六十七条、第六百七十五条，《中华人民共和国民事诉讼法》第六十七条第一款之规定，判决如下：\n一、被告李四于本判决生效之日起十日内返还原告张三借款。\n如不服本判决，可以在判决书送达之日起十五日内上诉。\n审判员　王五\n书记员　赵六";

    #[test]
    fn a_judgment_splits_into_its_parts() {
        let s = split(JUDGMENT);
        assert!(s.head.contains("民事判决书") && s.head.contains("民初1号"));
        assert!(s.parties.starts_with("原告张三") && s.parties.contains("被告李四"));
        assert!(s.record.contains("本院立案后"));
        assert!(s.facts.contains("诉讼请求") && s.facts.contains("辩称"));
        assert!(s.reasons.starts_with("本院认为") && s.reasons.contains("判决如下"));
        assert!(s.result.starts_with("一、被告李四"));
        assert!(s.tail.contains("如不服本判决") && s.tail.contains("书记员"));
        assert_eq!(judges(&s.tail), ["王五", "赵六"]);
    }

    #[test]
    fn statutes_are_found_with_their_articles() {
        assert_eq!(
            legal_basis(JUDGMENT),
            [
                "《中华人民共和国民法典》第六百六十七条",
                "《中华人民共和国民法典》第六百七十五条",
                "《中华人民共和国民事诉讼法》第六十七条",
            ]
        );
    }
}
