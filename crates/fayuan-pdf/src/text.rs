//! Pages of plain text (notices, the volume cover): line wrapping, pagination and drawing with
//! the standard Chinese font.

use lopdf::{Document, Object, ObjectId, Stream, dictionary};

use crate::PdfError;
use crate::cjk;
use crate::document::{A4_HEIGHT, A4_WIDTH, add};

/// Margin on every side of a text page, in points.
const MARGIN: f32 = 56.0;
/// Font size of body lines; with [`LEADING`] about 40 of them fit on a page.
const BODY_SIZE: f32 = 12.0;
/// Font size of heading lines.
const HEADING_SIZE: f32 = 18.0;
/// Font size of the page footer.
const FOOTER_SIZE: f32 = 9.0;
/// Distance between baselines, as a multiple of the font size.
const LEADING: f32 = 1.5;
/// Name of the font in the pages' resources.
const FONT: &str = "F1";

/// One line as laid out: its size, whether it is centred, and its text.
struct Line {
    size: f32,
    centred: bool,
    text: String,
}

/// Adds A4 pages showing `heading` (centred, larger, on the first page) and `lines` to `doc`,
/// as children of the page tree node `parent`, continuing on further pages as needed. Lines
/// too wide for the page are wrapped. Returns the new pages' ids in order; there is always at
/// least one page. With `footer`, every page ends with it and its number: “footer　第1页 共2页”.
pub(crate) fn add_text_pages(
    doc: &mut Document,
    parent: ObjectId,
    heading: Option<&str>,
    lines: &[String],
    footer: Option<&str>,
) -> Result<Vec<ObjectId>, PdfError> {
    let font = cjk::add_font(doc)?;
    let resources = add(doc, dictionary! { "Font" => dictionary! { FONT => font } })?;
    let mut page_ids = Vec::new();
    let pages = paginate(layout(heading, lines));
    let count = pages.len();
    for (number, mut page) in pages.into_iter().enumerate() {
        if let Some(footer) = footer {
            // Below the text area, which ends at the margin.
            page.push((
                MARGIN / 2.0,
                Line {
                    size: FOOTER_SIZE,
                    centred: true,
                    text: format!("{footer}　第{}页 共{count}页", number + 1),
                },
            ));
        }
        let content = add(doc, Stream::new(dictionary! {}, draw(&page)))?;
        let media_box: Vec<Object> = vec![0.into(), 0.into(), A4_WIDTH.into(), A4_HEIGHT.into()];
        page_ids.push(add(
            doc,
            dictionary! {
                "Type" => "Page",
                "Parent" => parent,
                "MediaBox" => media_box,
                "Resources" => resources,
                "Contents" => content,
            },
        )?);
    }
    Ok(page_ids)
}

/// The heading, a blank line and the body, each wrapped to the text width.
fn layout(heading: Option<&str>, lines: &[String]) -> Vec<Line> {
    let mut out = Vec::new();
    if let Some(heading) = heading {
        for text in wrap(heading, HEADING_SIZE) {
            out.push(Line {
                size: HEADING_SIZE,
                centred: true,
                text,
            });
        }
        out.push(Line {
            size: BODY_SIZE,
            centred: false,
            text: String::new(),
        });
    }
    for line in lines {
        for text in wrap(line, BODY_SIZE) {
            out.push(Line {
                size: BODY_SIZE,
                centred: false,
                text,
            });
        }
    }
    out
}

/// Splits `text` at line breaks and wherever it would overflow the text width at `size`.
/// Control characters become spaces. An empty text is one empty line.
fn wrap(text: &str, size: f32) -> Vec<String> {
    let max_width = (A4_WIDTH - 2.0 * MARGIN) / size;
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        for ch in paragraph.chars() {
            let ch = if ch.is_control() { ' ' } else { ch };
            let advance = cjk::char_width(ch);
            if width + advance > max_width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
                width = 0.0;
            }
            line.push(ch);
            width += advance;
        }
        out.push(line);
    }
    out
}

/// Distributes lines over pages, each line with the baseline it is drawn at.
fn paginate(lines: Vec<Line>) -> Vec<Vec<(f32, Line)>> {
    let top = A4_HEIGHT - MARGIN;
    let mut pages = Vec::new();
    let mut page = Vec::new();
    let mut cursor = top;
    for line in lines {
        let height = line.size * LEADING;
        if cursor - height < MARGIN && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            cursor = top;
        }
        page.push((cursor - line.size, line));
        cursor -= height;
    }
    pages.push(page);
    pages
}

/// The content stream of one text page.
fn draw(lines: &[(f32, Line)]) -> Vec<u8> {
    let mut out = String::from("BT\n0 g\n");
    for (baseline, line) in lines.iter().filter(|(_, line)| !line.text.is_empty()) {
        let x = if line.centred {
            ((A4_WIDTH - cjk::text_width(&line.text) * line.size) / 2.0).max(MARGIN)
        } else {
            MARGIN
        };
        out.push_str(&format!(
            "/{FONT} {:.1} Tf 1 0 0 1 {x:.2} {baseline:.2} Tm {} Tj\n",
            line.size,
            cjk::hex_string(&line.text)
        ));
    }
    out.push_str("ET\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_within_the_text_width() {
        let line = "中".repeat(100);
        let wrapped = wrap(&line, BODY_SIZE);
        assert_eq!(wrapped.len(), 3);
        assert!(
            wrapped
                .iter()
                .all(|l| cjk::text_width(l) * BODY_SIZE <= A4_WIDTH - 2.0 * MARGIN)
        );
        assert_eq!(wrapped.concat(), line);
    }

    #[test]
    fn footers_number_every_page() {
        let lines: Vec<String> = (0..81).map(|i| format!("第{i}行")).collect();
        let mut doc = Document::with_version("1.7");
        let parent = doc.new_object_id();
        let pages =
            add_text_pages(&mut doc, parent, Some("通知书"), &lines, Some("示范法院")).unwrap();
        assert_eq!(pages.len(), 3);
        let last = doc.get_object(pages[2]).unwrap().as_dict().unwrap();
        let content_id = last.get(b"Contents").unwrap().as_reference().unwrap();
        let content = doc
            .get_object(content_id)
            .unwrap()
            .as_stream()
            .unwrap()
            .content
            .clone();
        let expected = cjk::hex_string("示范法院　第3页 共3页");
        assert!(String::from_utf8_lossy(&content).contains(&expected));
    }

    #[test]
    fn about_forty_body_lines_fit_on_a_page() {
        let lines: Vec<String> = (0..81).map(|i| format!("第{i}行")).collect();
        let pages = paginate(layout(None, &lines));
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![40, 40, 1]
        );
        assert!(pages.iter().flatten().all(|(y, _)| *y >= MARGIN));
    }
}
