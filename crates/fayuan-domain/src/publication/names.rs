//! Arts. 8–9: the names to pseudonymise and how. Family and inheritance parties, victims,
//! incidental civil plaintiffs, witnesses, appraisers, minors, and their legal representatives
//! keep their surname followed by 某 (minority and translated foreign names their first
//! character, Latin names their first letter); distinct people who end up alike are numbered by
//! first appearance (张某1, 张某2) everywhere, the title included.
//!
//! People are taken from the case's record and, where the record misses them, from the text:
//! a name after 被害人, 证人, 鉴定人, 法定代理人 … (and after 原告/被告 … in family cases). A name
//! written in an already masked form (张某某 for 张三丰) becomes the pseudonym when only one
//! protected person has that surname; a given name written alone (三丰) is replaced too.

use std::collections::BTreeMap;

use super::text::{at, change, find_all, is_han};
use super::{CaseRecord, Change, Person, Role, Rule};

/// Words of a cause that make it a marriage, family or inheritance dispute (art. 8 (一)).
const FAMILY_CAUSES: [&str; 16] = [
    "婚约",
    "婚姻",
    "离婚",
    "同居",
    "夫妻",
    "扶养",
    "赡养",
    "抚养",
    "收养",
    "监护",
    "探望",
    "继承",
    "遗嘱",
    "遗赠",
    "分家析产",
    "亲子",
];

/// Two-character surnames.
const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "端木", "南宫", "西门", "呼延", "轩辕", "澹台",
];

/// Common one-character surnames: a name found in the text must begin with one.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Words that end a name found after a role word.
const NAME_STOPS: [&str; 32] = [
    "的", "与", "和", "及", "向", "在", "于", "称", "系", "等", "被", "对", "为", "将", "已", "因",
    "把", "从", "到", "均", "并", "亦", "也", "说", "经", "陈述", "证言", "证实", "供述", "报案",
    "家属", "亲属",
];

/// Last characters of names a court has already pseudonymised the old way (熊甲, 熊乙).
const ALREADY_MASKED: &str = "甲乙丙丁戊己庚辛壬癸";

/// Role words after which the text names a protected person.
const PROTECTED_ROLE_WORDS: [&str; 5] = [
    "附带民事诉讼原告人",
    "被害人",
    "法定代理人",
    "鉴定人",
    "证人",
];

/// Role words of the parties, whose names are protected in family cases.
const PARTY_ROLE_WORDS: [&str; 9] = [
    "原审原告",
    "原审被告",
    "被上诉人",
    "上诉人",
    "被申请人",
    "申请人",
    "第三人",
    "原告",
    "被告",
];

/// A person whose name is pseudonymised.
#[derive(Debug, Clone)]
struct Protected {
    name: Vec<char>,
    /// The pseudonym before numbering (张某, 阿某, J).
    base: String,
    /// The surname part a masked form starts with (张, 欧阳), for Han names.
    surname: Option<Vec<char>>,
    /// The given name, when it may be written alone (two characters or more).
    given: Option<Vec<char>>,
    /// Taken from the case's record (not found in the text).
    recorded: bool,
}

/// The changes that pseudonymise the protected names in the text.
pub(super) fn find(case: &CaseRecord, chars: &[char]) -> Vec<Change> {
    let family = FAMILY_CAUSES.iter().any(|w| case.cause.contains(w));
    let mut protected: Vec<Protected> = protected_people(case, family)
        .into_iter()
        .map(|p| pseudonym(&p.name, p.ethnic_minority || p.foreign, p.latin_name, true))
        .collect();

    let kept: Vec<&str> = case
        .people
        .iter()
        .filter(|p| {
            !protected
                .iter()
                .any(|q| q.name.iter().copied().eq(p.name.chars()))
        })
        .map(|p| p.name.as_str())
        .collect();
    let recorded: Vec<Vec<char>> = case
        .people
        .iter()
        .map(|p| p.name.chars().collect())
        .collect();
    for name in names_in_text(chars, family, &recorded) {
        let known = protected.iter().any(|p| p.name == name);
        let kept_name = kept.iter().any(|k| k.chars().eq(name.iter().copied()));
        if !known && !kept_name {
            let name: String = name.iter().collect();
            protected.push(pseudonym(&name, false, false, false));
        }
    }
    // Longest names first, so that 张三丰 is never taken for 张三; kept names shield the
    // protected names inside them (王五 in 王五食品有限公司).
    protected.sort_by_key(|p| std::cmp::Reverse(p.name.len()));
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for name in &kept {
        let name: Vec<char> = name.chars().collect();
        if protected.iter().any(|p| p.name.len() < name.len()) {
            for s in find_all(chars, &name) {
                covered.push((s, s + name.len()));
            }
        }
    }
    let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, person)
    let free = |covered: &[(usize, usize)], s: usize, e: usize| {
        covered.iter().all(|(a, b)| e <= *a || *b <= s)
    };
    for (who, p) in protected.iter().enumerate() {
        for s in find_all(chars, &p.name) {
            if free(&covered, s, s + p.name.len()) {
                covered.push((s, s + p.name.len()));
                spans.push((s, s + p.name.len(), who));
            }
        }
    }
    // Only the record says who an already masked form (张某某) stands for; a name found in the
    // text may be one of several people the court already masked.
    for (s, e, who) in masked_forms(chars, &protected) {
        if free(&covered, s, e) {
            covered.push((s, e));
            spans.push((s, e, who));
        }
    }
    for (who, p) in protected.iter().enumerate() {
        let Some(given) = &p.given else { continue };
        for s in find_all(chars, given) {
            let e = s + given.len();
            if free(&covered, s, e) && standalone(chars, s, e) {
                covered.push((s, e));
                spans.push((s, e, who));
            }
        }
    }
    let numbered = number(&protected, &spans);
    spans
        .into_iter()
        .map(|(s, e, who)| change(chars, s, e, numbered[who].clone(), Rule::Pseudonym))
        .collect()
}

/// The people art. 8 protects, from the record.
fn protected_people(case: &CaseRecord, family: bool) -> Vec<&Person> {
    let natural = |p: &&Person| !p.organization && !p.lawyer && !p.name.trim().is_empty();
    let mut protected: Vec<&Person> = case
        .people
        .iter()
        .filter(natural)
        .filter(|p| {
            p.minor
                || matches!(
                    p.role,
                    Role::Victim | Role::IncidentalPlaintiff | Role::Witness | Role::Appraiser
                )
                || (family
                    && matches!(p.role, Role::Plaintiff | Role::Defendant | Role::ThirdParty))
        })
        .collect();
    // Their legal representatives (法定代理人), however deep the chain.
    loop {
        let more: Vec<&Person> = case
            .people
            .iter()
            .filter(natural)
            .filter(|p| p.role == Role::LegalRepresentative)
            .filter(|p| !protected.iter().any(|q| std::ptr::eq(*q, *p)))
            .filter(|p| {
                p.represents
                    .as_deref()
                    .is_some_and(|r| protected.iter().any(|q| q.name == r))
            })
            .collect();
        if more.is_empty() {
            return protected;
        }
        protected.extend(more);
    }
}

/// How a name is pseudonymised (art. 9).
fn pseudonym(name: &str, first_character: bool, latin: bool, recorded: bool) -> Protected {
    let chars: Vec<char> = name.trim().chars().collect();
    if latin {
        let base = chars
            .iter()
            .find(|c| c.is_alphabetic())
            .map(|c| c.to_string())
            .unwrap_or_default();
        return Protected {
            name: chars,
            base,
            surname: None,
            given: None,
            recorded,
        };
    }
    let surname_len = if !first_character
        && chars.len() >= 3
        && COMPOUND_SURNAMES
            .iter()
            .any(|s| at(&chars, 0, &s.chars().collect::<Vec<_>>()))
    {
        2
    } else {
        1
    };
    let surname: Vec<char> = chars.iter().take(surname_len).copied().collect();
    let given: Vec<char> = chars.iter().skip(surname_len).copied().collect();
    Protected {
        base: format!("{}某", surname.iter().collect::<String>()),
        surname: (!first_character).then_some(surname),
        given: (!first_character && given.len() >= 2 && given.iter().all(|c| is_han(*c)))
            .then_some(given),
        name: chars,
        recorded,
    }
}

/// Names the text gives after the role words of protected people (and of parties, in family
/// cases) that are not already masked; a list (证人甲、乙) is followed while its items are names
/// (found, or `recorded`).
fn names_in_text(chars: &[char], family: bool, recorded: &[Vec<char>]) -> Vec<Vec<char>> {
    let mut words: Vec<&str> = PROTECTED_ROLE_WORDS.to_vec();
    if family {
        words.extend(PARTY_ROLE_WORDS);
    }
    let words: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
    let stops: Vec<Vec<char>> = NAME_STOPS.iter().map(|w| w.chars().collect()).collect();
    let mut names: Vec<Vec<char>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(word) = words.iter().find(|w| at(chars, i, w)) else {
            i += 1;
            continue;
        };
        let mut start = i + word.len();
        i = start;
        // A list after one role word: 证人甲、乙的证言.
        loop {
            let mut end = start;
            while end < chars.len()
                && is_han(chars[end])
                && !stops.iter().any(|s| at(chars, end, s))
                && end - start < 8
            {
                end += 1;
            }
            let name = &chars[start..end];
            let compound = COMPOUND_SURNAMES
                .iter()
                .any(|s| at(name, 0, &s.chars().collect::<Vec<_>>()));
            let max = if compound { 4 } else { 3 };
            let bounded = end >= chars.len()
                || !is_han(chars[end])
                || stops.iter().any(|s| at(chars, end, s));
            let is_name = bounded
                && (2..=max).contains(&name.len())
                && (compound || SURNAMES.contains(name[0]))
                && !name.contains(&'某')
                && !ALREADY_MASKED.contains(name[name.len() - 1]);
            if is_name && !names.iter().any(|n| n == name) {
                names.push(name.to_vec());
            }
            let known = bounded && recorded.iter().any(|r| r == name);
            if !(is_name || known) || chars.get(end) != Some(&'、') {
                break;
            }
            start = end + 1;
        }
    }
    names
}

/// Already masked forms of protected names (张某某, 张某 not followed by a digit) for surnames
/// exactly one protected person has.
fn masked_forms(chars: &[char], protected: &[Protected]) -> Vec<(usize, usize, usize)> {
    let mut by_surname: BTreeMap<Vec<char>, Vec<usize>> = BTreeMap::new();
    for (who, p) in protected.iter().enumerate() {
        if let Some(s) = &p.surname {
            by_surname.entry(s.clone()).or_default().push(who);
        }
    }
    // Only the record says who an already masked form stands for: a name found in the text
    // may be one of several people the court has already masked.
    by_surname.retain(|_, people| people.iter().all(|who| protected[*who].recorded));
    let mut found = Vec::new();
    for (surname, people) in by_surname {
        let [who] = people[..] else { continue };
        for s in find_all(chars, &surname) {
            let mut e = s + surname.len();
            let mut mou = 0;
            while chars.get(e) == Some(&'某') && mou < 2 {
                e += 1;
                mou += 1;
            }
            let digit_follows = chars.get(e).is_some_and(|c| c.is_ascii_digit());
            if mou > 0 && !digit_follows && chars.get(e) != Some(&'某') {
                found.push((s, e, who));
            }
        }
    }
    found
}

/// Whether a given name at `s..e` stands alone rather than inside a longer word.
fn standalone(chars: &[char], s: usize, e: usize) -> bool {
    const BEFORE: &str = "，。、“”\"（(：:与和及对向被由将叫其子女儿之称";
    const AFTER: &str = "，。、“”\"）)：:的之与和及称说向在于系将已等";
    let before_ok = s == 0 || !is_han(chars[s - 1]) || BEFORE.contains(chars[s - 1]);
    let after_ok = e >= chars.len() || !is_han(chars[e]) || AFTER.contains(chars[e]);
    before_ok && after_ok
}

/// The final pseudonym of each protected person: numbered 1, 2 … by first appearance when
/// several who appear in the text share a base.
fn number(protected: &[Protected], spans: &[(usize, usize, usize)]) -> Vec<String> {
    let first_seen = |who: usize| {
        spans
            .iter()
            .filter(|(_, _, w)| *w == who)
            .map(|(s, _, _)| *s)
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (who, p) in protected.iter().enumerate() {
        if first_seen(who) != usize::MAX {
            groups.entry(p.base.as_str()).or_default().push(who);
        }
    }
    let mut names: Vec<String> = protected.iter().map(|p| p.base.clone()).collect();
    for (base, mut people) in groups {
        if people.len() < 2 {
            continue;
        }
        people.sort_by_key(|who| (first_seen(*who), *who));
        for (n, who) in people.into_iter().enumerate() {
            names[who] = format!("{base}{}", n + 1);
        }
    }
    names
}
