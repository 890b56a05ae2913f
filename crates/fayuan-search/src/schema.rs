//! The index's fields, after 中国裁判文书网: keyword fields for the case number and the facets,
//! jieba fields for the title, the text and each of its parts and names, a bigram field for
//! exact substrings of the title and the party paragraphs, dates as fast fields.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::tokenizer::{BIGRAM, JIEBA, PARTS};

/// The facets, with the labels searchers see (and may filter on as `label:value`).
pub(crate) const FACETS: [(&str, &str); 6] = [
    ("f_cause", "案由"),
    ("f_court", "法院"),
    ("f_level", "法院层级"),
    ("f_year", "裁判年份"),
    ("f_procedure", "审判程序"),
    ("f_document_type", "文书类型"),
];

/// The fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub case_number: Field,
    /// Other case numbers the text cites (an earlier instance, the judgment enforced), in
    /// canonical form: the links of 关联文书.
    pub cited: Field,
    pub title: Field,
    pub court: Field,
    pub cause: Field,
    pub case_type: Field,
    pub region: Field,
    pub text: Field,
    pub bigram: Field,
    pub head: Field,
    pub parties: Field,
    pub record: Field,
    pub facts: Field,
    pub reasons: Field,
    pub result: Field,
    pub tail: Field,
    pub judges: Field,
    pub legal_basis: Field,
    pub judgment_date: Field,
    pub published_on: Field,
    pub facets: [Field; 6],
}

/// A jieba field: the text and the title cut in search mode, stored, with positions for
/// phrases; the parts of a judgment and the statutes cut plainly, words only.
fn jieba(whole: bool) -> TextOptions {
    let (tokenizer, record) = if whole {
        (JIEBA, IndexRecordOption::WithFreqsAndPositions)
    } else {
        (PARTS, IndexRecordOption::WithFreqs)
    };
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if whole { options.set_stored() } else { options }
}

/// The schema and its fields.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let bigram = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        case_number: b.add_text_field("case_number", STRING | STORED),
        cited: b.add_text_field("cited", STRING | STORED),
        title: b.add_text_field("title", jieba(true)),
        court: b.add_text_field("court", STRING | STORED),
        cause: b.add_text_field("cause", STRING | STORED),
        case_type: b.add_text_field("case_type", STRING | STORED),
        region: b.add_text_field("region", STRING | STORED),
        text: b.add_text_field("text", jieba(true)),
        bigram: b.add_text_field("bigram", bigram),
        head: b.add_text_field("head", jieba(false)),
        parties: b.add_text_field("parties", jieba(false)),
        record: b.add_text_field("record", jieba(false)),
        facts: b.add_text_field("facts", jieba(false)),
        reasons: b.add_text_field("reasons", jieba(false)),
        result: b.add_text_field("result", jieba(false)),
        tail: b.add_text_field("tail", jieba(false)),
        judges: b.add_text_field("judges", STRING),
        legal_basis: b.add_text_field("legal_basis", jieba(false)),
        judgment_date: b.add_i64_field("judgment_date", INDEXED | FAST | STORED),
        published_on: b.add_i64_field("published_on", INDEXED | FAST | STORED),
        facets: FACETS.map(|(name, _)| b.add_facet_field(name, FacetOptions::default())),
    };
    (b.build(), fields)
}

/// A date as the index stores it (days since 1970-01-01; 0 when unknown).
pub(crate) fn day_number(date: Option<time::Date>) -> i64 {
    date.map_or(0, |d| i64::from(d.to_julian_day() - 2_440_588))
}

/// The date of a stored day number.
pub(crate) fn date_of(day: i64) -> Option<time::Date> {
    if day == 0 {
        return None;
    }
    i32::try_from(day + 2_440_588)
        .ok()
        .and_then(|j| time::Date::from_julian_day(j).ok())
}
