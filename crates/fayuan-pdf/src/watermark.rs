//! The visible watermark on every page a reader (party or lawyer) receives: the reader's name
//! and the time of access, drawn diagonally in light, semi-transparent grey.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use crate::PdfError;
use crate::cjk;
use crate::document::{add, inherited, load, page_box, pages, resolve_dict, save};

/// Opacity of the watermark text.
const OPACITY: f32 = 0.3;
/// How many times the text block is repeated down the page.
const REPEATS: u16 = 3;
/// Largest and smallest font size in points.
const MAX_SIZE: f32 = 40.0;
const MIN_SIZE: f32 = 6.0;
/// Distance between baselines, as a multiple of the font size.
const LEADING: f32 = 1.3;

/// Adds `lines` as a watermark on every page of `pdf` and returns the new PDF.
///
/// The lines are drawn at 45°, centred, three times down each page, in grey at 30% opacity,
/// after the page's own content and isolated from its graphics state. The font and the
/// transparency setting are added to each page's own resources (inherited or referenced
/// resources are copied into the page first). An encrypted PDF is [`PdfError::Encrypted`].
pub fn watermark(pdf: &[u8], lines: &[String]) -> Result<Vec<u8>, PdfError> {
    let mut doc = load(pdf)?;
    let page_ids = pages(&doc)?;
    let font_id = cjk::add_font(&mut doc)?;
    let state_id = add(
        &mut doc,
        dictionary! { "Type" => "ExtGState", "ca" => OPACITY, "CA" => OPACITY },
    )?;
    let open_id = add(&mut doc, Stream::new(dictionary! {}, b"q\n".to_vec()))?;
    for page_id in page_ids {
        let mut resources = inherited(&doc, page_id, b"Resources")
            .and_then(|object| resolve_dict(&doc, &object).cloned())
            .unwrap_or_default();
        let font = insert_unique(&doc, &mut resources, b"Font", "FWm", font_id);
        let state = insert_unique(&doc, &mut resources, b"ExtGState", "GSWm", state_id);
        let overlay = overlay(&font, &state, lines, page_box(&doc, page_id));
        let overlay_id = add(&mut doc, Stream::new(dictionary! {}, overlay))?;
        let mut contents = vec![Object::Reference(open_id)];
        contents.extend(page_contents(&doc, page_id));
        contents.push(Object::Reference(overlay_id));
        let page = doc
            .get_dictionary_mut(page_id)
            .map_err(|err| PdfError::Unreadable(err.to_string()))?;
        page.set("Resources", resources);
        page.set("Contents", contents);
    }
    save(&mut doc)
}

/// Adds `id` to the `category` subdictionary of `resources` (resolving a reference to it)
/// under `base`, or `base` with a number if that name is taken; returns the name used.
fn insert_unique(
    doc: &Document,
    resources: &mut Dictionary,
    category: &[u8],
    base: &str,
    id: ObjectId,
) -> String {
    let mut entries = resources
        .get(category)
        .ok()
        .and_then(|object| resolve_dict(doc, object).cloned())
        .unwrap_or_default();
    let name = (0..=entries.len())
        .map(|n| {
            if n == 0 {
                base.to_owned()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|name| !entries.has(name.as_bytes()))
        .unwrap_or_else(|| format!("{base}{}", entries.len() + 1));
    entries.set(name.as_str(), id);
    resources.set(category, entries);
    name
}

/// The page's content streams as references, a referenced array of them flattened.
fn page_contents(doc: &Document, page_id: ObjectId) -> Vec<Object> {
    let Ok(contents) = doc
        .get_dictionary(page_id)
        .and_then(|page| page.get(b"Contents"))
    else {
        return Vec::new();
    };
    match contents {
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(Object::Array(items)) => items.clone(),
            _ => vec![contents.clone()],
        },
        Object::Array(items) => items.clone(),
        _ => Vec::new(),
    }
}

/// The content stream that closes the page's own graphics state and draws the watermark.
fn overlay(font: &str, state: &str, lines: &[String], area: (f32, f32, f32, f32)) -> Vec<u8> {
    let mut out = String::from("Q\n");
    let longest = lines.iter().map(|l| cjk::text_width(l)).fold(0.0, f32::max);
    if longest <= 0.0 {
        return out.into_bytes();
    }
    let (x0, y0, width, height) = area;
    let band = height / f32::from(REPEATS);
    let count = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    // The diagonal run must fit across the page, and the block within its band.
    let size = (width * 1.2 / longest)
        .min(band * 0.5 / (f32::from(count) * LEADING))
        .clamp(MIN_SIZE, MAX_SIZE);
    let (cos, sin) = (
        std::f32::consts::FRAC_1_SQRT_2,
        std::f32::consts::FRAC_1_SQRT_2,
    );
    out.push_str(&format!(
        "q\n/{state} gs\n0.6 g\nBT\n/{font} {size:.2} Tf\n"
    ));
    for repeat in 0..REPEATS {
        let centre_x = x0 + width / 2.0;
        let centre_y = y0 + band * (f32::from(repeat) + 0.5);
        for (index, line) in (0..count).zip(lines) {
            // In the rotated frame: centred horizontally, lines stacked around the centre.
            let u = -cjk::text_width(line) * size / 2.0;
            let v = (f32::from(count - 1) / 2.0 - f32::from(index)) * size * LEADING - size / 3.0;
            let x = centre_x + cos * u - sin * v;
            let y = centre_y + sin * u + cos * v;
            out.push_str(&format!(
                "{cos:.4} {sin:.4} {:.4} {cos:.4} {x:.2} {y:.2} Tm {} Tj\n",
                -sin,
                cjk::hex_string(line)
            ));
        }
    }
    out.push_str("ET\nQ\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{encrypted_pdf, sample_pdf};

    fn marked(lines: &[&str]) -> Document {
        let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        Document::load_mem(&watermark(&sample_pdf(2), &lines).unwrap()).unwrap()
    }

    #[test]
    fn every_page_carries_the_watermark_text() {
        let doc = marked(&["张三", "2024-05-01 09:30"]);
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        for page in pages.values() {
            let content = String::from_utf8_lossy(&doc.get_page_content(*page)).into_owned();
            // 张 U+5F20, 三 U+4E09, in each of the three repetitions.
            assert_eq!(content.matches("<5F204E09>").count(), 3, "{content}");
            // The page's own content is still there, before the overlay.
            let own = content.find("(Page ").unwrap();
            assert!(own < content.find("<5F204E09>").unwrap());
            assert!(content.starts_with("q\n"));
        }
    }

    #[test]
    fn every_page_gets_the_font_and_transparency_in_its_own_resources() {
        let doc = marked(&["张三"]);
        for page in doc.get_pages().values() {
            let dict = doc.get_dictionary(*page).unwrap();
            let resources = dict.get(b"Resources").unwrap().as_dict().unwrap();
            let fonts = resources.get(b"Font").unwrap().as_dict().unwrap();
            // The page's original font survives next to the watermark's.
            assert!(fonts.has(b"F1") && fonts.has(b"FWm"));
            let state = resources.get(b"ExtGState").unwrap().as_dict().unwrap();
            let state = doc
                .get_dictionary(state.get(b"GSWm").unwrap().as_reference().unwrap())
                .unwrap();
            assert_eq!(state.get(b"ca").unwrap().as_float().unwrap(), 0.3);
            let font = doc
                .get_dictionary(fonts.get(b"FWm").unwrap().as_reference().unwrap())
                .unwrap();
            assert_eq!(
                font.get(b"BaseFont").unwrap().as_name().unwrap(),
                b"STSong-Light"
            );
        }
    }

    #[test]
    fn a_taken_resource_name_is_not_overwritten() {
        let mut resources = dictionary! {
            "Font" => dictionary! { "FWm" => (1, 0), "FWm1" => (2, 0) },
        };
        let name = insert_unique(&Document::new(), &mut resources, b"Font", "FWm", (9, 0));
        assert_eq!(name, "FWm2");
        let fonts = resources.get(b"Font").unwrap().as_dict().unwrap();
        assert_eq!(fonts.len(), 3);
    }

    #[test]
    fn an_encrypted_pdf_is_refused() {
        assert!(matches!(
            watermark(&encrypted_pdf(), &["张三".to_owned()]),
            Err(PdfError::Encrypted)
        ));
    }
}
