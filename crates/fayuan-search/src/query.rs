//! The query language: words (ANDed), "phrases", -exclusions, `label:value` filters on the
//! facets and keyword fields, `part:words` searches within one part of the judgment, and
//! `日期:2020-01-01..2021-12-31` date ranges.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};

use crate::SearchError;
use crate::schema::{FACETS, Fields, day_number};
use crate::tokenizer::{part_words, query_words, smallest_words};

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clause {
    /// Words: the documents that contain them (anywhere, or as an exact substring).
    Words(String),
    /// An exact phrase.
    Phrase(String),
    /// Words within one field (a part of the judgment, the statutes).
    Within(&'static str, String),
    /// A facet or keyword equal to a value.
    Equals(&'static str, String),
    /// Judgment dates in a range (either end open).
    Dates(Option<time::Date>, Option<time::Date>),
    /// Documents that do not match.
    Not(Box<Clause>),
}

/// Labels of the fields searched for words.
const WITHIN: [(&str, &str); 9] = [
    ("首部", "head"),
    ("当事人", "parties"),
    ("诉讼记录", "record"),
    ("事实", "facts"),
    ("理由", "reasons"),
    ("判决结果", "result"),
    ("尾部", "tail"),
    ("标题", "title"),
    ("法律依据", "legal_basis"),
];

/// Labels of the fields matched whole.
const EQUALS: [(&str, &str); 6] = [
    ("案号", "case_number"),
    ("案件类型", "case_type"),
    ("类型", "case_type"),
    ("地域", "region"),
    ("审判人员", "judges"),
    ("程序", "f_procedure"),
];

/// Parses a query. An unknown `label:` or a malformed date is an error.
pub(crate) fn parse(query: &str) -> Result<Vec<Clause>, SearchError> {
    let mut clauses = Vec::new();
    for token in tokens(query) {
        let (negated, token) = match token.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
            _ => (false, token),
        };
        let clause = clause(&token)?;
        clauses.push(if negated {
            Clause::Not(Box::new(clause))
        } else {
            clause
        });
    }
    Ok(clauses)
}

/// The tokens of a query: whitespace-separated, quoted phrases kept whole (with their quotes).
fn tokens(query: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' | '“' | '”' => {
                current.push('"');
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn clause(token: &str) -> Result<Clause, SearchError> {
    if let Some(phrase) = token.strip_prefix('"') {
        return Ok(Clause::Phrase(phrase.trim_end_matches('"').to_owned()));
    }
    let Some((label, value)) = token.split_once([':', '：']) else {
        return Ok(Clause::Words(token.to_owned()));
    };
    let value = value.trim_matches('"').to_owned();
    if value.is_empty() {
        return Err(SearchError::Query(format!("“{label}”后缺少检索内容")));
    }
    if matches!(label, "日期" | "裁判日期") {
        let (from, to) = value
            .split_once("..")
            .ok_or_else(|| SearchError::Query("日期范围应写作 2020-01-01..2021-12-31".into()))?;
        return Ok(Clause::Dates(date(from)?, date(to)?));
    }
    if let Some((_, field)) = WITHIN.iter().find(|(l, _)| *l == label) {
        return Ok(Clause::Within(field, value));
    }
    if let Some((_, field)) = EQUALS.iter().find(|(l, _)| *l == label) {
        return Ok(Clause::Equals(field, value));
    }
    let facet = FACETS
        .iter()
        .find(|(_, l)| {
            *l == label
                || (label == "年份" && *l == "裁判年份")
                || (label == "层级" && *l == "法院层级")
                || (label == "文书" && *l == "文书类型")
        })
        .map(|(f, _)| *f);
    match facet {
        Some(field) => Ok(Clause::Equals(field, value)),
        None => Err(SearchError::Query(format!("未知的检索字段：{label}"))),
    }
}

fn date(text: &str) -> Result<Option<time::Date>, SearchError> {
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map(Some)
        .map_err(|_| SearchError::Query(format!("日期格式应为 YYYY-MM-DD：{text}")))
}

/// The tantivy query of parsed clauses (everything when there are none).
pub(crate) fn build(f: &Fields, clauses: &[Clause]) -> Box<dyn Query> {
    if clauses.is_empty() {
        return Box::new(AllQuery);
    }
    let mut parts: Vec<(Occur, Box<dyn Query>)> = clauses
        .iter()
        .map(|c| match c {
            Clause::Not(inner) => (Occur::MustNot, one(f, inner)),
            c => (Occur::Must, one(f, c)),
        })
        .collect();
    if parts.iter().all(|(o, _)| *o == Occur::MustNot) {
        parts.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(parts))
}

fn one(f: &Fields, clause: &Clause) -> Box<dyn Query> {
    match clause {
        Clause::Words(words) => keyword(f, words),
        Clause::Phrase(phrase) => phrase_query(f, phrase),
        Clause::Within(field, words) => {
            let field = field_of(f, field);
            // The title is cut like the text; the parts and statutes like the parts.
            let cut = if field == f.title {
                query_words(words)
            } else {
                part_words(words)
            };
            all_words(field, &cut)
        }
        Clause::Equals(field, value) => {
            let field = field_of(f, field);
            let term = if f.facets.contains(&field) {
                Term::from_facet(field, &Facet::from_path([value.as_str()]))
            } else {
                Term::from_field_text(field, value)
            };
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        }
        Clause::Dates(from, to) => Box::new(RangeQuery::new(
            from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.judgment_date, day_number(Some(d))))
            }),
            to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.judgment_date, day_number(Some(d))))
            }),
        )),
        Clause::Not(inner) => one(f, inner),
    }
}

/// A word of the query: found as an exact substring of the title or the parties, or with all
/// its smallest words anywhere in the text or the title (ranked by both, the title counting
/// three times).
fn keyword(f: &Fields, words: &str) -> Box<dyn Query> {
    let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(exact) = exact(f, words) {
        either.push((Occur::Should, exact));
    }
    let cut = smallest_words(words);
    if !cut.is_empty() {
        let every: Vec<(Occur, Box<dyn Query>)> = cut
            .iter()
            .map(|w| {
                let in_text: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(f.text, w),
                    IndexRecordOption::WithFreqs,
                ));
                let in_title: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.title, w),
                        IndexRecordOption::WithFreqs,
                    )),
                    3.0,
                ));
                let word: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Should, in_text),
                    (Occur::Should, in_title),
                ]));
                (Occur::Must, word)
            })
            .collect();
        either.push((Occur::Should, Box::new(BooleanQuery::new(every))));
    }
    if either.is_empty() {
        return Box::new(BooleanQuery::new(Vec::new()));
    }
    Box::new(BooleanQuery::new(either))
}

/// An exact phrase: consecutive words of the text, or an exact substring of the title or the
/// parties.
fn phrase_query(f: &Fields, phrase: &str) -> Box<dyn Query> {
    let words = crate::tokenizer::LEGAL_JIEBA.cut(phrase, true);
    let terms: Vec<(usize, Term)> = words
        .iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .map(|t| {
            (
                t.start,
                Term::from_field_text(f.text, &t.word.to_lowercase()),
            )
        })
        .collect();
    let in_text: Box<dyn Query> = match terms.len() {
        0 => return keyword(f, phrase),
        1 => Box::new(TermQuery::new(
            terms[0].1.clone(),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    };
    let mut either = vec![(Occur::Should, in_text)];
    if let Some(exact) = exact(f, phrase) {
        either.push((Occur::Should, exact));
    }
    Box::new(BooleanQuery::new(either))
}

/// Every one of `words` in one field.
fn all_words(field: Field, words: &[String]) -> Box<dyn Query> {
    let every: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .map(|w| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, w),
                IndexRecordOption::WithFreqs,
            ));
            (Occur::Must, q)
        })
        .collect();
    Box::new(BooleanQuery::new(every))
}

/// The exact substring, as consecutive character bigrams (none for a single character).
fn exact(f: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let terms: Vec<Term> = chars
        .windows(2)
        .map(|w| Term::from_field_text(f.bigram, &w.iter().collect::<String>()))
        .collect();
    Some(if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(terms))
    })
}

fn field_of(f: &Fields, name: &str) -> Field {
    match name {
        "case_number" => f.case_number,
        "case_type" => f.case_type,
        "region" => f.region,
        "judges" => f.judges,
        "head" => f.head,
        "parties" => f.parties,
        "record" => f.record,
        "facts" => f.facts,
        "reasons" => f.reasons,
        "result" => f.result,
        "tail" => f.tail,
        "title" => f.title,
        "legal_basis" => f.legal_basis,
        facet => FACETS
            .iter()
            .position(|(n, _)| *n == facet)
            .map_or(f.text, |i| f.facets[i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_language() {
        assert_eq!(
            parse("买卖合同  \"北京市朝阳区\" -离婚 案由:民间借贷纠纷 理由：显失公平 日期:2020-01-01..").unwrap(),
            vec![
                Clause::Words("买卖合同".into()),
                Clause::Phrase("北京市朝阳区".into()),
                Clause::Not(Box::new(Clause::Words("离婚".into()))),
                Clause::Equals("f_cause", "民间借贷纠纷".into()),
                Clause::Within("reasons", "显失公平".into()),
                Clause::Dates(Some(time::macros::date!(2020 - 01 - 01)), None),
            ]
        );
        assert_eq!(
            parse("“张 三”").unwrap(),
            vec![Clause::Phrase("张 三".into())]
        );
        assert!(
            parse("颜色:红")
                .unwrap_err()
                .to_string()
                .contains("未知的检索字段")
        );
        assert!(parse("日期:2020").is_err());
        assert!(parse("案由:").is_err());
    }
}
