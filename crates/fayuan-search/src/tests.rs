//! The index end to end: words, exact substrings, filters, parts, dates, facets, highlighting,
//! sorting, refinement, updates and removal.

use fayuan_domain::ports::{IndexedJudgment, SearchIndex, SearchRequest};
use time::macros::date;

use super::*;

fn judgment(id: &str, cause: &str, court: &str, day: time::Date, body: &str) -> IndexedJudgment {
    IndexedJudgment {
        id: id.into(),
        case_number: format!("（{}）京0105民初{id}号", day.year()),
        title: format!("{court} 民事判决书"),
        court: court.into(),
        court_level: "基层".into(),
        region: "北京".into(),
        case_type: "民事".into(),
        procedure: "民事一审".into(),
        document_type: "判决书".into(),
        cause: cause.into(),
        judgment_date: Some(day),
        published_on: day,
        text: format!(
            "{court}\n民事判决书\n（{}）京0105民初{id}号\n原告张某，男。\n被告李某，女。\n原告张某与被告李某{cause}一案，本院依法审理。\n张某向本院提出诉讼请求：{body}\n本院认为，{body}依照《中华人民共和国民法典》第五百七十七条之规定，判决如下：\n一、被告李某于本判决生效之日起十日内支付原告张某货款。\n审判员　王法官\n书记员　赵书记",
            day.year()
        ),
    }
}

fn index() -> JudgmentIndex {
    let index = JudgmentIndex::in_memory().unwrap();
    index
        .rebuild(&[
            judgment(
                "1",
                "买卖合同纠纷",
                "北京市朝阳区人民法院",
                date!(2021 - 03 - 01),
                "双方签订房屋买卖合同，被告未付清房款。",
            ),
            judgment(
                "2",
                "民间借贷纠纷",
                "北京市朝阳区人民法院",
                date!(2022 - 05 - 10),
                "被告向原告借款十万元未还。",
            ),
            judgment(
                "3",
                "民间借贷纠纷",
                "北京市海淀区人民法院",
                date!(2023 - 07 - 20),
                "被告借款后下落不明，原告要求还款。",
            ),
        ])
        .unwrap();
    index
}

fn ids(index: &JudgmentIndex, query: &str) -> Vec<String> {
    let mut found: Vec<String> = index
        .search(&SearchRequest {
            query: query.into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    found.sort();
    found
}

#[test]
fn words_substrings_filters_parts_and_dates() {
    let index = index();
    assert_eq!(
        ids(&index, "买卖合同"),
        ["1"],
        "a compound jieba splits differently"
    );
    assert_eq!(ids(&index, "借款 还款"), ["3"], "words are ANDed");
    assert_eq!(ids(&index, "借款"), ["2", "3"]);
    assert_eq!(ids(&index, "\"下落不明\""), ["3"]);
    assert_eq!(ids(&index, "借款 -下落不明"), ["2"]);
    assert_eq!(
        ids(&index, "案由:民间借贷纠纷 法院:北京市朝阳区人民法院"),
        ["2"]
    );
    assert_eq!(ids(&index, "案号:（2021）京0105民初1号"), ["1"]);
    assert_eq!(ids(&index, "理由:房屋买卖"), ["1"]);
    assert_eq!(
        ids(&index, "判决结果:借款"),
        Vec::<String>::new(),
        "only the reasons mention it"
    );
    assert_eq!(ids(&index, "日期:2022-01-01..2022-12-31"), ["2"]);
    assert_eq!(ids(&index, "年份:2023"), ["3"]);
    assert_eq!(ids(&index, "审判人员:王法官"), ["1", "2", "3"]);
    assert_eq!(ids(&index, "法律依据:民法典"), ["1", "2", "3"]);
    assert_eq!(ids(&index, ""), ["1", "2", "3"]);
    let err = index
        .search(&SearchRequest {
            query: "颜色:红".into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("未知的检索字段"), "{err}");
}

#[test]
fn facets_highlights_sorting_and_refinement() {
    let index = index();
    let results = index
        .search(&SearchRequest {
            query: "借款".into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(results.total, 2);
    let causes = &results.facets.iter().find(|(l, _)| l == "案由").unwrap().1;
    assert_eq!(causes, &vec![("民间借贷纠纷".to_owned(), 2)]);
    let courts = &results.facets.iter().find(|(l, _)| l == "法院").unwrap().1;
    assert_eq!(courts.len(), 2);
    assert!(
        results.hits[0].snippet_html.contains("<b>借款</b>"),
        "{}",
        results.hits[0].snippet_html
    );
    let by_date = index
        .search(&SearchRequest {
            query: String::new(),
            by_date: true,
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    let order: Vec<&str> = by_date.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, ["3", "2", "1"]);
    assert_eq!(by_date.hits[0].judgment_date, Some(date!(2023 - 07 - 20)));
    let within = index
        .search(&SearchRequest {
            query: "海淀区".into(),
            within: vec!["借款".into()],
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(within.total, 1);
    let page = index
        .search(&SearchRequest {
            query: String::new(),
            by_date: true,
            offset: 2,
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!((page.total, page.hits.len()), (3, 1));
}

#[test]
fn updates_and_removals_show_at_once() {
    let index = index();
    let mut changed = judgment(
        "2",
        "民间借贷纠纷",
        "北京市朝阳区人民法院",
        date!(2022 - 05 - 10),
        "更正后的文书。",
    );
    changed.title = "更正 民事判决书".into();
    index.upsert(&changed).unwrap();
    assert_eq!(index.len(), 3);
    assert_eq!(ids(&index, "更正后"), ["2"]);
    index.remove("2").unwrap();
    assert_eq!(ids(&index, "借款"), ["3"]);
    assert_eq!(index.len(), 2);
}

#[test]
fn an_index_of_another_schema_is_started_afresh() {
    let dir = std::env::temp_dir().join(format!("fayuan-search-schema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut other = tantivy::schema::Schema::builder();
    other.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&dir, other.build()).unwrap();
    let index = JudgmentIndex::open(&dir).unwrap();
    assert!(index.is_empty());
    index
        .upsert(&judgment(
            "1",
            "买卖合同纠纷",
            "北京市朝阳区人民法院",
            date!(2021 - 03 - 01),
            "买卖合同。",
        ))
        .unwrap();
    drop(index);
    let reopened = JudgmentIndex::open(&dir).unwrap();
    assert_eq!(reopened.len(), 1, "its own schema is kept");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn related_documents_link_instances_both_ways() {
    let index = index();
    // A second-instance judgment citing the first-instance number of document 1 (written with
    // ASCII brackets), and an enforcement ruling citing the second instance.
    let mut appeal = judgment(
        "9",
        "买卖合同纠纷",
        "北京市第三中级人民法院",
        date!(2021 - 09 - 01),
        "上诉人不服北京市朝阳区人民法院(2021)京0105民初1号民事判决，提起上诉。",
    );
    appeal.case_number = "（2021）京03民终9号".into();
    let mut enforcement = judgment(
        "10",
        "买卖合同纠纷",
        "北京市朝阳区人民法院",
        date!(2022 - 01 - 05),
        "申请执行人依据（2021）京03民终9号民事判决申请执行。",
    );
    enforcement.case_number = "（2022）京0105执10号".into();
    index.upsert(&appeal).unwrap();
    index.upsert(&enforcement).unwrap();

    let related = |id: &str| -> Vec<String> {
        index
            .related(id)
            .unwrap()
            .into_iter()
            .map(|h| h.case_number)
            .collect()
    };
    assert_eq!(
        related("9"),
        ["（2021）京0105民初1号", "（2022）京0105执10号"]
    );
    assert_eq!(related("1"), ["（2021）京03民终9号"]);
    assert_eq!(related("10"), ["（2021）京03民终9号"]);
    assert!(related("2").is_empty(), "nothing links to it");
    assert!(related("missing").is_empty());
}
