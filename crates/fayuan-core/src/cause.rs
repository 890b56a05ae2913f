//! The official lists of causes of action (案由): civil causes and criminal charges (罪名).
//!
//! * Civil: 《民事案件案由规定》 as amended by the Supreme People's Court on 2020-12-14
//!   (法〔2020〕346号 decision, promulgated with the 法〔2020〕347号 notice, in force 2021-01-01):
//!   11 parts (第一部分 … 第十一部分), 54 second-level categories, the 473 numbered causes and
//!   the fourth-level "(n)" causes that could be confirmed against two independent lists.
//!   Data: `data/causes-civil-2020.tsv`; its header documents the code scheme, the sources and
//!   which fourth-level items were left out as unconfirmed.
//! * Criminal: the charges of Part II of the Criminal Law as fixed by the SPC/SPP provisions on
//!   charge names, up to supplementary provision (七) (法释〔2021〕2号, Amendment XI) and the 2024
//!   provision (八) (Amendment XII): 483 charges in ten chapters. Data:
//!   `data/charges-criminal.tsv` (source: LeCaRD `data/others/criminal charges.txt` with the
//!   later changes applied, cross-checked against a second public list).
//!
//! Both files are embedded and parsed once. The parse is checked by unit tests, so the error
//! arm (`cause.invalid_data`) is unreachable in a tested build; it is returned, never panicked.
//! Judgment masking depends on [`is_family_or_inheritance`] (RULES.md §1, Art. 8 (一)).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::rule_error::RuleError;

/// The embedded civil cause list.
const CIVIL_DATA: &str = include_str!("../data/causes-civil-2020.tsv");
/// The embedded criminal charge list.
const CRIMINAL_DATA: &str = include_str!("../data/charges-criminal.tsv");

/// File name reported in errors about the civil list.
const CIVIL_FILE: &str = "causes-civil-2020.tsv";
/// File name reported in errors about the criminal list.
const CRIMINAL_FILE: &str = "charges-criminal.tsv";

/// Code of part 2, 婚姻家庭、继承纠纷.
const FAMILY_PART_CODE: &str = "02";
/// Name of part 2, checked against the data when it is parsed.
const FAMILY_PART_NAME: &str = "婚姻家庭、继承纠纷";

/// Chapter titles of Part II (分则) of the Criminal Law, in order; the data must use exactly
/// `第N章 <title>` with these titles.
const CHAPTERS: [(&str, &str); 10] = [
    ("第一章", "危害国家安全罪"),
    ("第二章", "危害公共安全罪"),
    ("第三章", "破坏社会主义市场经济秩序罪"),
    ("第四章", "侵犯公民人身权利、民主权利罪"),
    ("第五章", "侵犯财产罪"),
    ("第六章", "妨害社会管理秩序罪"),
    ("第七章", "危害国防利益罪"),
    ("第八章", "贪污贿赂罪"),
    ("第九章", "渎职罪"),
    ("第十章", "军人违反职责罪"),
];

/// One entry of the civil cause list, at any of the four levels.
///
/// Values exist only inside the embedded list: get them from [`civil_causes`] or
/// [`find_civil`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cause {
    /// Stable dotted code derived from the official numbering, e.g. `02.02.014` for
    /// 第二部分 / 二、婚姻家庭纠纷 / 14.离婚纠纷 (scheme in the data file header).
    pub code: &'static str,
    /// 1 = part (部分), 2 = second-level category, 3 = numbered cause, 4 = "(n)" sub-cause.
    pub level: u8,
    /// Code of the parent entry; `None` for a part.
    pub parent: Option<&'static str>,
    /// Official name, e.g. `离婚纠纷`.
    pub name: &'static str,
    /// Position of the level-1 ancestor in the list.
    part: usize,
}

/// One criminal charge (罪名) with the chapter of the Criminal Law it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Charge {
    /// Chapter number of Part II of the Criminal Law, 1 (危害国家安全罪) to 10 (军人违反职责罪).
    pub chapter: u8,
    /// Chapter heading as in the data, e.g. `第四章 侵犯公民人身权利、民主权利罪`.
    pub chapter_name: &'static str,
    /// Official charge name, e.g. `故意杀人罪`.
    pub name: &'static str,
}

#[derive(Debug)]
struct CivilList {
    causes: Vec<Cause>,
    by_code: HashMap<&'static str, usize>,
    /// Name → the deepest entry with that name (some names repeat across levels, e.g.
    /// 不当得利纠纷 is both a category and a cause).
    by_name: HashMap<&'static str, usize>,
}

#[derive(Debug)]
struct CriminalList {
    charges: Vec<Charge>,
    by_name: HashMap<&'static str, usize>,
}

static CIVIL: OnceLock<Result<CivilList, RuleError>> = OnceLock::new();
static CRIMINAL: OnceLock<Result<CriminalList, RuleError>> = OnceLock::new();

fn civil_list() -> Result<&'static CivilList, RuleError> {
    CIVIL
        .get_or_init(|| parse_civil(CIVIL_DATA))
        .as_ref()
        .map_err(Clone::clone)
}

fn criminal_list() -> Result<&'static CriminalList, RuleError> {
    CRIMINAL
        .get_or_init(|| parse_criminal(CRIMINAL_DATA))
        .as_ref()
        .map_err(Clone::clone)
}

/// All civil causes, parts first then depth-first in official order (each entry follows its
/// parent).
pub fn civil_causes() -> Result<&'static [Cause], RuleError> {
    civil_list().map(|list| list.causes.as_slice())
}

/// The civil cause with exactly this name (surrounding whitespace ignored). Where a name
/// occurs at several levels (人格权纠纷 is a part and a category) the most specific entry is
/// returned.
pub fn find_civil(name: &str) -> Result<Option<&'static Cause>, RuleError> {
    let list = civil_list()?;
    Ok(list
        .by_name
        .get(name.trim())
        .and_then(|&index| list.causes.get(index)))
}

/// The civil cause with this code, e.g. `04.10.103.3` (民间借贷纠纷).
pub fn find_civil_code(code: &str) -> Result<Option<&'static Cause>, RuleError> {
    let list = civil_list()?;
    Ok(list
        .by_code
        .get(code.trim())
        .and_then(|&index| list.causes.get(index)))
}

/// The parent of a civil cause; `None` for a part.
pub fn civil_parent(cause: &Cause) -> Option<&'static Cause> {
    let list = loaded_civil()?;
    cause
        .parent
        .and_then(|code| list.by_code.get(code))
        .and_then(|&index| list.causes.get(index))
}

/// The part (level-1 ancestor, 第N部分) a civil cause belongs to; a part is its own part.
pub fn civil_part(cause: &Cause) -> &Cause {
    loaded_civil()
        .and_then(|list| list.causes.get(cause.part))
        .unwrap_or(cause)
}

/// Whether the cause lies in 第二部分 婚姻家庭、继承纠纷. Parties to such cases are
/// pseudonymised in published judgments (RULES.md §1, Art. 8 (一)).
pub fn is_family_or_inheritance(cause: &Cause) -> bool {
    civil_part(cause).code == FAMILY_PART_CODE
}

/// All criminal charges, by chapter and in statute order within a chapter.
pub fn criminal_charges() -> Result<&'static [Charge], RuleError> {
    criminal_list().map(|list| list.charges.as_slice())
}

/// The criminal charge with this name. Surrounding whitespace is ignored and two common
/// variant spellings are accepted: 账 for 帐 (会计账簿) and 剌 for 刺 (剌探).
pub fn find_charge(name: &str) -> Result<Option<&'static Charge>, RuleError> {
    let list = criminal_list()?;
    let normalised: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '账' => '帐',
            '剌' => '刺',
            other => other,
        })
        .collect();
    Ok(list
        .by_name
        .get(normalised.as_str())
        .and_then(|&index| list.charges.get(index)))
}

/// The civil list if it has been loaded successfully. Every [`Cause`] comes from that list,
/// so whoever holds one can rely on it being there.
fn loaded_civil() -> Option<&'static CivilList> {
    CIVIL.get().and_then(|result| result.as_ref().ok())
}

/// The data lines of a list: 1-based line number and text, without comments and blank lines.
fn data_lines(data: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    data.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
}

fn parse_civil(data: &'static str) -> Result<CivilList, RuleError> {
    let mut causes: Vec<Cause> = Vec::new();
    let mut by_code: HashMap<&'static str, usize> = HashMap::new();
    let mut by_name: HashMap<&'static str, usize> = HashMap::new();
    let mut names_per_level: HashMap<(u8, &'static str), usize> = HashMap::new();
    // Last number seen at levels 1-3 (numbered across the whole list) and, for level 4,
    // the last sub-item number under each cause.
    let mut last = [0u32; 3];
    let mut last_sub: HashMap<&'static str, u32> = HashMap::new();
    for (line, text) in data_lines(data) {
        let invalid = |reason| RuleError::CauseInvalidData {
            file: CIVIL_FILE,
            line,
            reason,
        };
        let mut fields = text.split('\t');
        let (Some(code), Some(level), Some(parent), Some(name), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(invalid("expected four tab-separated fields"));
        };
        let segments: Vec<&str> = code.split('.').collect();
        let level: u8 = level.parse().map_err(|_| invalid("bad level"))?;
        if !(1..=4).contains(&level) || usize::from(level) != segments.len() {
            return Err(invalid("level does not match the code"));
        }
        let number = segment_number(&segments, level).ok_or_else(|| invalid("bad code"))?;
        match level {
            1..=3 => {
                let slot = usize::from(level - 1);
                let expected = last.get(slot).copied().unwrap_or_default() + 1;
                if number != expected {
                    return Err(invalid("official numbers must run without gaps"));
                }
                if let Some(value) = last.get_mut(slot) {
                    *value = number;
                }
            }
            _ => {
                let previous = last_sub.entry(parent).or_insert(0);
                if number <= *previous {
                    return Err(invalid("sub-item numbers must ascend"));
                }
                *previous = number;
            }
        }
        let expected_parent = code.rfind('.').map_or("", |at| &code[..at]);
        if parent != expected_parent {
            return Err(invalid("parent is not the code's prefix"));
        }
        let part = if level == 1 {
            causes.len()
        } else {
            let parent_index = *by_code
                .get(parent)
                .ok_or_else(|| invalid("parent not listed before the entry"))?;
            causes
                .get(parent_index)
                .map(|p| p.part)
                .ok_or_else(|| invalid("parent not listed before the entry"))?
        };
        if name.trim().is_empty() || name.trim() != name {
            return Err(invalid("missing or padded name"));
        }
        if names_per_level.insert((level, name), line).is_some() {
            return Err(invalid("name repeated within one level"));
        }
        let index = causes.len();
        if by_code.insert(code, index).is_some() {
            return Err(invalid("duplicate code"));
        }
        let deeper = by_name
            .get(name)
            .and_then(|&other| causes.get(other))
            .is_none_or(|other| other.level < level);
        if deeper {
            by_name.insert(name, index);
        }
        causes.push(Cause {
            code,
            level,
            parent: (level > 1).then_some(parent),
            name,
            part,
        });
    }
    let family = by_code
        .get(FAMILY_PART_CODE)
        .and_then(|&index| causes.get(index));
    if family.is_none_or(|cause| cause.name != FAMILY_PART_NAME) {
        return Err(RuleError::CauseInvalidData {
            file: CIVIL_FILE,
            line: 0,
            reason: "part 02 is not 婚姻家庭、继承纠纷",
        });
    }
    Ok(CivilList {
        causes,
        by_code,
        by_name,
    })
}

/// The number in the last code segment, if every segment has the width of its level
/// (2, 2, 3 digits, then 1-2 digits for a sub-item).
fn segment_number(segments: &[&str], level: u8) -> Option<u32> {
    const WIDTHS: [usize; 3] = [2, 2, 3];
    for (position, segment) in segments.iter().enumerate() {
        let width_ok = match WIDTHS.get(position) {
            Some(&width) => segment.len() == width,
            None => (1..=2).contains(&segment.len()) && !segment.starts_with('0'),
        };
        if !width_ok || !segment.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let last = segments.get(usize::from(level) - 1)?;
    last.parse().ok().filter(|&n| n > 0)
}

fn parse_criminal(data: &'static str) -> Result<CriminalList, RuleError> {
    let mut charges: Vec<Charge> = Vec::new();
    let mut by_name: HashMap<&'static str, usize> = HashMap::new();
    for (line, text) in data_lines(data) {
        let invalid = |reason| RuleError::CauseInvalidData {
            file: CRIMINAL_FILE,
            line,
            reason,
        };
        let mut fields = text.split('\t');
        let (Some(chapter_name), Some(name), None) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(invalid("expected two tab-separated fields"));
        };
        let position = CHAPTERS
            .iter()
            .position(|(number, title)| {
                chapter_name
                    .strip_prefix(number)
                    .and_then(|rest| rest.strip_prefix(' '))
                    == Some(*title)
            })
            .ok_or_else(|| invalid("unknown chapter"))?;
        let chapter = u8::try_from(position + 1).map_err(|_| invalid("unknown chapter"))?;
        if charges.last().is_some_and(|last| last.chapter > chapter) {
            return Err(invalid("chapters out of order"));
        }
        if !name.ends_with('罪') || name.trim() != name {
            return Err(invalid("a charge name ends with 罪"));
        }
        if by_name.insert(name, charges.len()).is_some() {
            return Err(invalid("duplicate charge"));
        }
        charges.push(Charge {
            chapter,
            chapter_name,
            name,
        });
    }
    if charges.last().map(|charge| charge.chapter) != Some(10) {
        return Err(RuleError::CauseInvalidData {
            file: CRIMINAL_FILE,
            line: 0,
            reason: "chapters missing",
        });
    }
    Ok(CriminalList { charges, by_name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(name: &str) -> &'static Cause {
        find_civil(name)
            .expect("civil data parses")
            .unwrap_or_else(|| panic!("{name} is listed"))
    }

    fn charge(name: &str) -> &'static Charge {
        find_charge(name)
            .expect("criminal data parses")
            .unwrap_or_else(|| panic!("{name} is listed"))
    }

    #[test]
    fn embedded_data_parses() {
        parse_civil(CIVIL_DATA).expect("civil list");
        parse_criminal(CRIMINAL_DATA).expect("criminal list");
        assert!(civil_causes().is_ok());
        assert!(criminal_charges().is_ok());
    }

    #[test]
    fn civil_counts_per_level() {
        let causes = civil_causes().expect("civil list");
        let count = |level| causes.iter().filter(|c| c.level == level).count();
        assert_eq!(count(1), 11);
        assert_eq!(count(2), 54);
        assert_eq!(count(3), 473);
        // Only the fourth-level items confirmed by two sources (see the data header).
        assert_eq!(count(4), 366);
    }

    #[test]
    fn civil_parents_exist_and_are_one_level_up() {
        let causes = civil_causes().expect("civil list");
        for cause in causes {
            match cause.parent {
                None => assert_eq!(cause.level, 1, "{}", cause.code),
                Some(_) => {
                    let parent = civil_parent(cause).expect("parent listed");
                    assert_eq!(parent.level + 1, cause.level, "{}", cause.code);
                    assert_eq!(civil_part(parent), civil_part(cause));
                }
            }
            assert_eq!(civil_part(cause).level, 1);
            assert!(cause.code.starts_with(civil_part(cause).code));
        }
    }

    #[test]
    fn official_numbers_are_in_the_codes() {
        assert_eq!(civil("生命权、身体权、健康权纠纷").code, "01.01.001");
        assert_eq!(civil("离婚纠纷").code, "02.02.014");
        assert_eq!(civil("买卖合同纠纷").code, "04.10.084");
        assert_eq!(civil("执行分配方案异议之诉").code, "11.54.473");
        assert_eq!(
            find_civil_code("04.10.103.3")
                .expect("civil list")
                .map(|c| c.name),
            Some("民间借贷纠纷")
        );
    }

    #[test]
    fn known_entries_sit_where_the_official_list_puts_them() {
        let divorce = civil("离婚纠纷");
        assert_eq!(divorce.level, 3);
        assert_eq!(civil_parent(divorce).map(|p| p.name), Some("婚姻家庭纠纷"));
        assert_eq!(civil_part(divorce).name, "婚姻家庭、继承纠纷");

        let lending = civil("民间借贷纠纷");
        assert_eq!(lending.level, 4);
        assert_eq!(civil_parent(lending).map(|p| p.name), Some("借款合同纠纷"));
        assert_eq!(civil_part(lending).code, "04");
        assert_eq!(civil_part(lending).name, "合同、准合同纠纷");

        let traffic = civil("机动车交通事故责任纠纷");
        assert_eq!(traffic.level, 3);
        assert_eq!(civil_part(traffic).code, "09");
        assert_eq!(civil_part(traffic).name, "侵权责任纠纷");

        let will = civil("遗嘱继承纠纷");
        assert_eq!(civil_parent(will).map(|p| p.name), Some("继承纠纷"));
    }

    #[test]
    fn a_name_at_several_levels_finds_the_most_specific() {
        assert_eq!(civil("不当得利纠纷").level, 3);
        assert_eq!(civil("人格权纠纷").level, 2);
        assert_eq!(civil(" 离婚纠纷 ").name, "离婚纠纷");
        assert!(find_civil("离婚").expect("civil list").is_none());
    }

    #[test]
    fn family_and_inheritance_part() {
        for name in [
            "婚姻家庭、继承纠纷",
            "婚姻家庭纠纷",
            "离婚纠纷",
            "同居关系子女抚养纠纷",
            "继承纠纷",
            "法定继承纠纷",
            "代位继承纠纷",
        ] {
            assert!(is_family_or_inheritance(civil(name)), "{name}");
        }
        for name in [
            "生命权、身体权、健康权纠纷",
            "民间借贷纠纷",
            "机动车交通事故责任纠纷",
            "监护人责任纠纷",
            "申请人身安全保护令",
        ] {
            assert!(!is_family_or_inheritance(civil(name)), "{name}");
        }
        let causes = civil_causes().expect("civil list");
        let family = causes
            .iter()
            .filter(|c| is_family_or_inheritance(c))
            .count();
        // Part, two categories, causes 12-34 and their sub-causes.
        assert_eq!(family, 1 + 2 + 23 + 14);
    }

    #[test]
    fn criminal_counts_per_chapter() {
        let charges = criminal_charges().expect("criminal list");
        assert_eq!(charges.len(), 483);
        let per_chapter: Vec<usize> = (1..=10)
            .map(|chapter| charges.iter().filter(|c| c.chapter == chapter).count())
            .collect();
        assert_eq!(per_chapter, [12, 54, 110, 43, 13, 146, 23, 14, 37, 31]);
    }

    #[test]
    fn known_charges() {
        let murder = charge("故意杀人罪");
        assert_eq!(murder.chapter, 4);
        assert_eq!(murder.chapter_name, "第四章 侵犯公民人身权利、民主权利罪");
        assert_eq!(charge("诈骗罪").chapter, 5);
        assert_eq!(charge("危险驾驶罪").chapter, 2);
        assert_eq!(charge("妨害安全驾驶罪").chapter, 2);
        assert_eq!(charge("袭警罪").chapter, 6);
        assert_eq!(charge("徇私舞弊低价折股、出售公司、企业资产罪").chapter, 3);
        assert_eq!(charge("贪污罪").chapter, 8);
        assert_eq!(charge("虐待俘虏罪").chapter, 10);
        // Charges merged or renamed by the supplementary provisions are gone.
        for old in [
            "侮辱国歌罪",
            "生产、销售假药罪",
            "食品监管渎职罪",
            "强令违章冒险作业罪",
        ] {
            assert!(find_charge(old).expect("criminal list").is_none(), "{old}");
        }
    }

    #[test]
    fn charge_spelling_variants() {
        assert_eq!(
            charge("为境外窃取、剌探、收买、非法提供国家秘密、情报罪").name,
            "为境外窃取、刺探、收买、非法提供国家秘密、情报罪"
        );
        assert_eq!(
            charge("隐匿、故意销毁会计凭证、会计账簿、财务会计报告罪").chapter,
            3
        );
    }

    #[test]
    fn malformed_civil_data_is_an_error() {
        let cases: [(&'static str, &str); 6] = [
            (
                "01\t1\t\tA\n01.01\t2\t01\tB\n01.01.002\t3\t01.01\tC\n",
                "official numbers must run without gaps",
            ),
            (
                "01\t1\t\tA\n01.01\t3\t01\tC\n",
                "level does not match the code",
            ),
            (
                "01\t1\t\tA\n01.01\t2\t02\tB\n",
                "parent is not the code's prefix",
            ),
            ("01\t1\tA\n", "expected four tab-separated fields"),
            (
                "01\t1\t\tA\n01.01\t2\t01\tB\n01.01.001\t3\t01.01\tC\n01.01.001.2\t4\t01.01.001\tD\n01.01.001.1\t4\t01.01.001\tE\n",
                "sub-item numbers must ascend",
            ),
            ("01\t1\t\tA\n", "part 02 is not 婚姻家庭、继承纠纷"),
        ];
        for (data, reason) in cases {
            let error = parse_civil(data).expect_err(reason);
            assert_eq!(error.code(), "cause.invalid_data");
            assert!(
                matches!(error, RuleError::CauseInvalidData { reason: r, .. } if r == reason),
                "{error:?} for {reason}"
            );
        }
    }

    #[test]
    fn malformed_criminal_data_is_an_error() {
        for (data, reason) in [
            ("第十一章 X罪\t甲罪\n", "unknown chapter"),
            (
                "第二章 危害公共安全罪\t放火罪\n第一章 危害国家安全罪\t间谍罪\n",
                "chapters out of order",
            ),
            (
                "第十章 军人违反职责罪\t投降\n",
                "a charge name ends with 罪",
            ),
            ("第一章 危害国家安全罪\t间谍罪\n", "chapters missing"),
        ] {
            let error = parse_criminal(data).expect_err(reason);
            assert!(
                matches!(error, RuleError::CauseInvalidData { reason: r, .. } if r == reason),
                "{error:?} for {reason}"
            );
        }
    }
}
