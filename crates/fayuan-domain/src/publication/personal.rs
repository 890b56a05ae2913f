//! Art. 10: personal information deleted for everyone — identity numbers, telephone numbers,
//! bank and card accounts, vehicle plates, e-mail addresses and property certificate numbers.
//! A labelled item ("，联系电话139…") goes with its label; where deleting would break the
//! sentence, × stands in (art. 10 ¶2): plates keep the province and the letter (京A×××××), accounts
//! their first and last two digits (62×××73), a bare number becomes ×××.

use super::text::{at, change, slice};
use super::{Change, Rule};

/// Province abbreviations that begin a vehicle plate (and 使/领 plates).
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领";

/// Labels removed together with the number or address they introduce, longest first.
const LABELS: [&str; 17] = [
    "居民身份证号码",
    "公民身份号码",
    "身份证号码",
    "身份证号",
    "身份号码",
    "身份证",
    "联系电话",
    "联系方式",
    "电话号码",
    "手机号码",
    "移动电话",
    "手机号",
    "电话",
    "手机",
    "电子邮箱",
    "电子邮件",
    "邮箱",
];

/// Words before a number that make it an account.
const ACCOUNT_WORDS: [&str; 6] = ["账号", "帐号", "卡号", "账户", "帐户", "银行卡"];

/// Words before a number that make it something art. 11 keeps (a lawyer's licence, an
/// organisation's code) or that is not personal at all.
const KEPT_WORDS: [&str; 6] = [
    "执业证",
    "律师证",
    "信用代码",
    "组织机构代码",
    "注册号",
    "营业执照",
];

/// Labels of property certificate numbers (动产或不动产权属证书编号).
const PROPERTY_LABELS: [&str; 8] = [
    "不动产权第",
    "不动产权证号",
    "不动产权证书号",
    "房屋所有权证号",
    "房权证",
    "房产证号",
    "土地证号",
    "权属证书编号",
];

/// Every item of art. 10 in the text.
pub(super) fn find(chars: &[char]) -> Vec<Change> {
    let mut found = numbers(chars);
    found.extend(plates(chars));
    found.extend(emails(chars));
    found.extend(property_certificates(chars));
    found
}

fn ascii_alnum(c: Option<&char>) -> bool {
    c.is_some_and(char::is_ascii_alphanumeric)
}

/// Whether one of `words` ends within the `window` characters before `pos`.
fn word_before(chars: &[char], pos: usize, window: usize, words: &[&str]) -> bool {
    let from = pos.saturating_sub(window);
    let before = slice(chars, from, pos);
    words.iter().any(|w| before.contains(w))
}

/// The start of a label directly before `pos` (allowing ：, : , 为 or 是 between), if any.
fn label_before(chars: &[char], pos: usize) -> Option<usize> {
    let mut end = pos;
    if end > 0 && matches!(chars[end - 1], '：' | ':' | '为' | '是' | ' ') {
        end -= 1;
    }
    LABELS.iter().find_map(|label| {
        let label: Vec<char> = label.chars().collect();
        (end >= label.len() && at(chars, end - label.len(), &label)).then(|| end - label.len())
    })
}

/// A labelled item removed with its label: the separator before the label goes too, and
/// brackets around label and value.
fn labelled(chars: &[char], label: usize, end: usize, rule: Rule) -> Change {
    let mut start = label;
    let mut end = end;
    if start > 0
        && matches!(chars[start - 1], '（' | '(')
        && matches!(chars.get(end), Some('）' | ')'))
    {
        start -= 1;
        end += 1;
    } else if start > 0 && matches!(chars[start - 1], '，' | ',' | '、' | '；' | ';') {
        start -= 1;
    }
    change(chars, start, end, "", rule)
}

/// Digit runs: identity numbers, telephone numbers and accounts.
fn numbers(chars: &[char]) -> Vec<Change> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && ascii_alnum(chars.get(i - 1))) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (chars[end] == '-' && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
        {
            end += 1;
        }
        let digits: String = chars[start..end].iter().filter(|c| **c != '-').collect();
        if digits.len() == 17 && matches!(chars.get(end), Some('X' | 'x')) {
            end += 1;
        }
        i = end;
        let document_number =
            start > 0 && chars[start - 1] == '第' && chars.get(end) == Some(&'号');
        if ascii_alnum(chars.get(end))
            || document_number
            || word_before(chars, start, 14, &KEPT_WORDS)
        {
            continue;
        }
        let n = end - start - (chars[start..end].iter().filter(|c| **c == '-').count());
        let hyphenated = chars[start..end].contains(&'-');
        let account = word_before(chars, start, 8, &ACCOUNT_WORDS);
        let rule = if hyphenated {
            let landline = digits.starts_with('0') && (10..=13).contains(&digits.len());
            if !landline {
                continue;
            }
            Rule::Phone
        } else if account && n >= 8 {
            Rule::Account
        } else if n == 18 || n == 15 {
            Rule::IdNumber
        } else if n == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9')
        {
            Rule::Phone
        } else if (16..=19).contains(&n) {
            Rule::Account
        } else if (7..=8).contains(&n) && label_before(chars, start).is_some() {
            Rule::Phone
        } else {
            continue;
        };
        found.push(match (rule, label_before(chars, start)) {
            (Rule::Account, _) => {
                let keep: String = format!("{}×××{}", &digits[..2], &digits[digits.len() - 2..]);
                change(chars, start, end, keep, rule)
            }
            (_, Some(label)) => labelled(chars, label, end, rule),
            (_, None) => change(chars, start, end, "×××", rule),
        });
    }
    found
}

/// Vehicle plates: the province and the letter stay, the rest becomes ×.
fn plates(chars: &[char]) -> Vec<Change> {
    let mut found = Vec::new();
    for i in 0..chars.len() {
        if !PLATE_PROVINCES.contains(chars[i])
            || !chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
        {
            continue;
        }
        let mut j = i + 2;
        if matches!(chars.get(j), Some('·' | '•' | '.' | '．')) {
            j += 1;
        }
        let tail_start = j;
        while j < chars.len() && (chars[j].is_ascii_uppercase() || chars[j].is_ascii_digit()) {
            j += 1;
        }
        let tail = &chars[tail_start..j];
        if !(5..=6).contains(&tail.len())
            || !tail.iter().any(char::is_ascii_digit)
            || chars.get(j).is_some_and(char::is_ascii_lowercase)
        {
            continue;
        }
        let masked: String = [chars[i], chars[i + 1]]
            .into_iter()
            .chain(std::iter::repeat_n('×', tail.len()))
            .collect();
        found.push(change(chars, i, j, masked, Rule::Plate));
    }
    found
}

/// E-mail addresses.
fn emails(chars: &[char]) -> Vec<Change> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut found = Vec::new();
    for (at_sign, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut start = at_sign;
        while start > 0 && local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at_sign + 1;
        while end < chars.len() && domain(chars[end]) {
            end += 1;
        }
        while end > at_sign + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        let host = slice(chars, at_sign + 1, end);
        let tld_ok = host
            .rsplit_once('.')
            .is_some_and(|(_, tld)| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if start == at_sign || !tld_ok {
            continue;
        }
        found.push(match label_before(chars, start) {
            Some(label) => labelled(chars, label, end, Rule::Email),
            None => change(chars, start, end, "×××", Rule::Email),
        });
    }
    found
}

/// Property certificate numbers: the number after the label becomes ×××.
fn property_certificates(chars: &[char]) -> Vec<Change> {
    let mut found = Vec::new();
    for label in PROPERTY_LABELS {
        let label: Vec<char> = label.chars().collect();
        for start in super::text::find_all(chars, &label) {
            let mut j = start + label.len();
            let limit = (j + 12).min(chars.len());
            while j < limit && !chars[j].is_ascii_alphanumeric() {
                if matches!(chars[j], '，' | '。' | '；' | '、' | '）' | ')') {
                    break;
                }
                j += 1;
            }
            let number_start = j;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '-') {
                j += 1;
            }
            if j - number_start >= 4 {
                found.push(change(
                    chars,
                    number_start,
                    j,
                    "×××",
                    Rule::PropertyCertificate,
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let changes = super::super::text::resolve(find(&chars));
        super::super::text::apply(&chars, &changes)
    }

    #[test]
    fn labelled_numbers_go_with_their_label() {
        assert_eq!(
            masked("原告张三，男，公民身份号码110101199003077774，联系电话13912345678，住北京市。"),
            "原告张三，男，住北京市。"
        );
        assert_eq!(
            masked("被告李四（身份证号：11010119900307777X）到庭。"),
            "被告李四到庭。"
        );
        assert_eq!(masked("电子邮箱：zhang.san@example.com。"), "。");
        assert_eq!(masked("联系电话010-65123456。"), "。");
    }

    #[test]
    fn bare_numbers_become_crosses_where_deleting_breaks_the_sentence() {
        assert_eq!(masked("拨打13912345678报警"), "拨打×××报警");
        assert_eq!(
            masked("向其尾号为6222021234567890173的账户转账"),
            "向其尾号为62×××73的账户转账"
        );
        assert_eq!(masked("银行账号6217000010001234，"), "银行账号62×××34，");
        assert_eq!(masked("驾驶京A12345号小型轿车"), "驾驶京A×××××号小型轿车");
        assert_eq!(masked("沪B·D12345"), "沪B××××××");
        assert_eq!(masked("发邮件至a@b.cn。"), "发邮件至×××。");
        assert_eq!(
            masked("京（2019）朝阳区不动产权第0012345号"),
            "京（2019）朝阳区不动产权第×××号"
        );
    }

    #[test]
    fn what_art_11_keeps_is_kept() {
        for kept in [
            "律师执业证号11101201010123456，",
            "统一社会信用代码911101050000000000，",
            "统一社会信用代码91110105MA01ABCD2X，",
            "（2017）沪0120刑初684号",
            "人民币100000元",
            "2017年4月28日15时许",
            "京A公司",
            "沪奉检诉刑诉［2017］700号",
        ] {
            assert_eq!(masked(kept), kept);
        }
    }
}
