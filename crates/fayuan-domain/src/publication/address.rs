//! Art. 10 (一) with the 2013 technical rule: a natural person's home address is cut to the
//! county or district it lies in (住北京市朝阳区建国路88号 → 住北京市朝阳区), which art. 11 keeps.
//! Organisations' addresses (住所地) are kept whole.

use super::text::{at, change, is_han, slice};
use super::{CaseRecord, Change, Rule};

/// Labels that introduce an address, longest first.
const ADDRESS_LABELS: [&str; 12] = [
    "经常居住地",
    "户籍所在地",
    "现居住地",
    "居住地",
    "住所地",
    "户籍地",
    "暂住地",
    "住址",
    "现住",
    "家住",
    "暂住",
    "住",
];

/// Characters that end an administrative division at or above the county level.
const DIVISION_ENDS: &str = "省市州盟县区旗";

/// Endings of places named 区 that lie below the county level.
const NOT_DIVISIONS: [&str; 12] = [
    "小区",
    "园区",
    "社区",
    "校区",
    "景区",
    "厂区",
    "营区",
    "开发区",
    "工业区",
    "保税区",
    "商务区",
    "街区",
];

/// Characters that show the address has gone below the county level.
const BELOW_COUNTY: &str = "镇乡路街巷号村组弄栋幢楼室道";

/// Endings of a clause naming an organisation.
const ORGANISATION_ENDS: [&str; 18] = [
    "公司",
    "厂",
    "局",
    "委员会",
    "中心",
    "银行",
    "学校",
    "医院",
    "合作社",
    "集团",
    "协会",
    "大学",
    "学院",
    "研究所",
    "研究院",
    "事务所",
    "政府",
    "分行",
];

/// The cuts of natural persons' addresses.
pub(super) fn find(case: &CaseRecord, chars: &[char]) -> Vec<Change> {
    let labels: Vec<Vec<char>> = ADDRESS_LABELS.iter().map(|l| l.chars().collect()).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(label) = labels.iter().find(|l| at(chars, i, l)) else {
            i += 1;
            continue;
        };
        let start = i + label.len();
        i = start;
        // A label opens an attribute of a party ("，住…", "，户籍地：…"), not a narrative
        // ("被告人暂住的…", "居住地开封市祥符区司法局调查评估").
        let label_start = start - label.len();
        let opens_attribute = label_start == 0
            || matches!(
                chars[label_start - 1],
                '，' | '、' | ',' | '；' | '：' | '（' | '\n' | ' ' | '现' | '及' | '并'
            );
        if !opens_attribute {
            continue;
        }
        if is_organisation_segment(case, chars, label_start) {
            continue;
        }
        let mut a = start;
        if matches!(chars.get(a), Some('：' | ':' | '在' | '于')) {
            a += 1;
        }
        let mut b = a;
        while b < chars.len()
            && !matches!(
                chars[b],
                '，' | '。' | '；' | ',' | ';' | '（' | '(' | '）' | ')' | '、' | '\n'
            )
        {
            b += 1;
        }
        let kept = county_end(chars, a, b);
        if kept > a && kept < b {
            found.push(change(chars, kept, b, "", Rule::Address));
        }
        i = b;
    }
    found
}

/// The end of the part of `chars[a..b]` that names divisions down to the county or district.
/// A division is a run of characters ending in 省, 市, 州, 盟, 县, 区 or 旗 (with 州市, 县市 …
/// taken whole); characters already masked (×, X, 某) count as part of a name.
fn county_end(chars: &[char], a: usize, b: usize) -> usize {
    let in_name = |c: char| is_han(c) || matches!(c, '×' | 'X' | 'x' | '*' | '＊');
    let mut kept = a;
    let mut component = a;
    let mut i = a;
    while i < b {
        let c = chars[i];
        if !in_name(c) || i - component >= 12 || (i > component && BELOW_COUNTY.contains(c)) {
            break;
        }
        let ends_division = i > component
            && DIVISION_ENDS.contains(c)
            && !(c == '市' && chars.get(i + 1) == Some(&'场'));
        if !ends_division {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < b && DIVISION_ENDS.contains(chars[end]) {
            end += 1;
        }
        let name = slice(chars, component, end);
        if NOT_DIVISIONS.iter().any(|n| name.ends_with(n)) {
            break;
        }
        kept = end;
        component = end;
        i = end;
    }
    kept
}

/// Whether the sentence the label at `label` stands in is about an organisation: its first
/// clause names one of the case's organisations or ends like an organisation's name.
fn is_organisation_segment(case: &CaseRecord, chars: &[char], label: usize) -> bool {
    let mut start = label;
    while start > 0 && !matches!(chars[start - 1], '。' | '\n' | '；') {
        start -= 1;
    }
    let mut clause_end = start;
    while clause_end < label && !matches!(chars[clause_end], '，' | ',') {
        clause_end += 1;
    }
    let clause = slice(chars, start, clause_end);
    let clause = clause.trim();
    case.people
        .iter()
        .any(|p| p.organization && !p.name.is_empty() && clause.ends_with(&p.name))
        || ORGANISATION_ENDS.iter().any(|e| clause.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::CaseType;

    fn cut(text: &str) -> String {
        let case = CaseRecord::new(CaseType::Civil, "民间借贷纠纷");
        let chars: Vec<char> = text.chars().collect();
        let changes = super::super::text::resolve(find(&case, &chars));
        super::super::text::apply(&chars, &changes)
    }

    #[test]
    fn home_addresses_stop_at_the_county_or_district() {
        assert_eq!(
            cut("原告张三，男，住北京市朝阳区建国路88号院3号楼1单元101室。"),
            "原告张三，男，住北京市朝阳区。"
        );
        assert_eq!(
            cut(
                "被告人李四，户籍地河南省濮阳市台前县城关镇后方村1组，暂住地上海市奉贤区南桥镇江海路1号。"
            ),
            "被告人李四，户籍地河南省濮阳市台前县，暂住地上海市奉贤区。"
        );
        assert_eq!(
            cut("被告王五，住新疆维吾尔自治区乌鲁木齐市天山区幸福路5号，"),
            "被告王五，住新疆维吾尔自治区乌鲁木齐市天山区，"
        );
        assert_eq!(
            cut("原告赵六，住江苏省昆山市玉山镇同丰路8号。"),
            "原告赵六，住江苏省昆山市。"
        );
        assert_eq!(
            cut("原告钱七，住上海市浦东新区阳光小区12号。"),
            "原告钱七，住上海市浦东新区。"
        );
    }

    #[test]
    fn what_is_not_a_home_address_stays() {
        for kept in [
            "原告刘合秋，男，1988年9月28日出生，汉族，住河南省濮阳市台前县。",
            "被告北京示范科技有限公司，住所地北京市朝阳区建国路88号，",
            "原告因伤住院治疗15天。",
            "原告张三，男，住院期间",
            "在北京市朝阳区建国路88号被告家中",
        ] {
            assert_eq!(cut(kept), kept);
        }
    }
}
