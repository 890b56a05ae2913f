//! Typesetting tests: they need a CJK font and skip (passing) without one unless
//! `FAYUAN_TEST_CJK_FONT` is set, as CI sets it after installing fonts-noto-cjk.

use fayuan_domain::documents::{CourtDocument, Field};
use time::macros::date;

use super::*;

fn renderer() -> Option<TypstRenderer> {
    match TypstRenderer::discover(&[], None) {
        Ok(r) => Some(r),
        Err(e) if std::env::var_os("FAYUAN_TEST_CJK_FONT").is_some() => {
            panic!("FAYUAN_TEST_CJK_FONT is set but {e}")
        }
        Err(_) => None,
    }
}

fn sample() -> CourtDocument {
    let mut doc = CourtDocument::new(
        "示范市示范区人民法院",
        "传票",
        "（2026）京0199民初1号",
        date!(2026 - 11 - 27),
    );
    doc.addressee = "李四：".into();
    doc.fields = vec![
        Field::new("案由", "民间借贷纠纷"),
        Field::new("应到时间", "2026年12月10日9时30分"),
    ];
    doc.paragraphs = vec!["被传唤人必须准时到达应到处所。#set text(red) *不是标记* $x$".into()];
    doc
}

/// The text of every page, as a PDF reader extracts it.
fn extract(pdf: &[u8]) -> String {
    let parsed = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = parsed.get_pages().keys().copied().collect();
    parsed.extract_text(&pages).unwrap()
}

#[test]
fn a_document_is_an_a4_pdf_with_its_chinese_text_and_an_embedded_font() {
    let Some(renderer) = renderer() else { return };
    let pdf = renderer.typeset(&sample()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text: String = extract(&pdf).split_whitespace().collect();
    for expected in [
        "示范市示范区人民法院",
        "（2026）京0199民初1号",
        "李四：",
        "应到时间",
        "2026年12月10日9时30分",
        "被传唤人必须准时到达应到处所。",
        "#settext(red)*不是标记*$x$",
        "二〇二六年十一月二十七日",
        "第1页共1页",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let parsed = lopdf::Document::load_mem(&pdf).unwrap();
    let page = *parsed.get_pages().values().next().unwrap();
    let media_box = parsed
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_float().unwrap().round() as i64)
        .collect::<Vec<_>>();
    assert_eq!(media_box, [0, 0, 595, 842], "A4");
    let embedded = parsed.objects.values().any(|o| {
        o.as_dict()
            .is_ok_and(|d| d.has(b"FontFile3") || d.has(b"FontFile2") || d.has(b"FontFile"))
    });
    assert!(embedded, "the CJK font is embedded");
}

#[test]
fn a_long_document_runs_over_pages_each_with_its_footer() {
    let Some(renderer) = renderer() else { return };
    let mut doc = sample();
    doc.paragraphs = (1..=60)
        .map(|n| {
            format!("第{n}段。当事人对自己提出的主张应当提供证据，逾期提交的，依法承担相应后果。")
        })
        .collect();
    let pdf = renderer.typeset(&doc).unwrap();
    let parsed = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = parsed.get_pages().len();
    assert!(pages >= 3, "{pages} pages");
    let text: String = extract(&pdf).split_whitespace().collect();
    assert!(text.contains(&format!("第{pages}页共{pages}页")), "{text}");
    assert!(text.contains("第60段"));
}

#[test]
fn a_missing_font_file_is_a_clear_error() {
    let broken = TypstRenderer::new(FontChoice {
        files: vec!["/nonexistent/font.ttc".into()],
        families: vec![],
    });
    let err = broken.preload().unwrap_err().to_string();
    assert!(err.contains("/nonexistent/font.ttc"), "{err}");
}
