//! Exporting a volume (正卷 or 副卷) of a dossier as one PDF: a generated cover with the table of
//! contents, then every material's pages, with one bookmark per material.

use lopdf::{Dictionary, Document, Object, ObjectId, dictionary};

use crate::PdfError;
use crate::document::{
    A4_HEIGHT, A4_WIDTH, INHERITABLE, finish, inherited, load, new_id, pages, save,
};
use crate::text::add_text_pages;

/// One material of a volume, already a PDF (pictures via [`crate::image_to_pdf`], other
/// formats via [`crate::notice_page`]).
#[derive(Debug, Clone)]
pub struct VolumeEntry<'a> {
    /// The material's title, used as its bookmark.
    pub title: String,
    /// The material as a PDF.
    pub pdf: &'a [u8],
}

/// The generated first page(s) of a volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeCover {
    /// The heading, such as the case number and the volume's name.
    pub heading: String,
    /// The lines below the heading, such as the table of contents with page numbers.
    pub lines: Vec<String>,
}

/// A volume as one PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assembled {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// For each entry, in order, its first and last page number (1-based) in [`Self::pdf`].
    pub ranges: Vec<(u32, u32)>,
}

/// Builds one PDF of the cover (about 40 lines a page, continuing on further pages) followed by
/// every entry's pages, with one top-level bookmark per entry opening its first page, and the
/// bookmarks shown when the file is opened.
///
/// An entry that is encrypted is [`PdfError::Encrypted`], one that does not parse is
/// [`PdfError::Unreadable`], one without pages is [`PdfError::NoPages`].
pub fn assemble(cover: &VolumeCover, entries: &[VolumeEntry<'_>]) -> Result<Assembled, PdfError> {
    let mut out = Document::with_version("1.7");
    let pages_id = new_id(&mut out)?;
    let mut kids = add_text_pages(&mut out, pages_id, Some(&cover.heading), &cover.lines, None)?;
    let mut ranges = Vec::with_capacity(entries.len());
    let mut bookmarks = Vec::with_capacity(entries.len());
    for entry in entries {
        let entry_pages = import(&mut out, pages_id, entry.pdf)?;
        let first = page_number(kids.len() + 1)?;
        let last = page_number(kids.len() + entry_pages.len())?;
        ranges.push((first, last));
        if let Some(&first_page) = entry_pages.first() {
            bookmarks.push((entry.title.as_str(), first_page));
        }
        kids.extend(entry_pages);
    }
    let outlines = add_outlines(&mut out, &bookmarks)?;
    let catalog = dictionary! {
        "Outlines" => outlines,
        "PageMode" => "UseOutlines",
    };
    finish(&mut out, pages_id, &kids, catalog)?;
    out.prune_objects();
    Ok(Assembled {
        pdf: save(&mut out)?,
        ranges,
    })
}

/// The pages of several PDFs, in order, as one PDF (no cover, no bookmarks): a document and the
/// pictures appended to it.
pub fn concatenate(pdfs: &[&[u8]]) -> Result<Vec<u8>, PdfError> {
    let mut out = Document::with_version("1.7");
    let pages_id = new_id(&mut out)?;
    let mut kids = Vec::new();
    for pdf in pdfs {
        kids.extend(import(&mut out, pages_id, pdf)?);
    }
    finish(&mut out, pages_id, &kids, Dictionary::new())?;
    out.prune_objects();
    save(&mut out)
}

/// A 1-based page number from a count of pages.
fn page_number(count: usize) -> Result<u32, PdfError> {
    u32::try_from(count).map_err(|_| PdfError::Write("too many pages".to_owned()))
}

/// Moves every object of the PDF `bytes` into `out`, renumbered after `out`'s own, and hangs
/// its pages (with their inherited attributes made their own) under `parent`. Returns the pages
/// in order. What only the entry's catalog used is left unreachable for pruning.
fn import(out: &mut Document, parent: ObjectId, bytes: &[u8]) -> Result<Vec<ObjectId>, PdfError> {
    let mut doc = load(bytes)?;
    let start = out
        .max_id
        .checked_add(1)
        .ok_or_else(|| PdfError::Write("object numbers exhausted".to_owned()))?;
    doc.renumber_objects_with(start);
    let page_ids = pages(&doc)?;
    for &page_id in &page_ids {
        let attributes: Vec<(&[u8], Object)> = INHERITABLE
            .into_iter()
            .filter_map(|key| inherited(&doc, page_id, key).map(|value| (key, value)))
            .collect();
        let page = doc
            .get_dictionary_mut(page_id)
            .map_err(|err| PdfError::Unreadable(err.to_string()))?;
        for (key, value) in attributes {
            page.set(key, value);
        }
        if !page.has(b"MediaBox") {
            let a4: Vec<Object> = vec![0.into(), 0.into(), A4_WIDTH.into(), A4_HEIGHT.into()];
            page.set("MediaBox", a4);
        }
        page.set("Parent", parent);
    }
    out.max_id = out.max_id.max(doc.max_id);
    out.objects.append(&mut doc.objects);
    Ok(page_ids)
}

/// Adds an outline with one top-level item per `(title, first page)`, each opening its page
/// fitted in the window; returns the outline dictionary's id.
fn add_outlines(out: &mut Document, bookmarks: &[(&str, ObjectId)]) -> Result<ObjectId, PdfError> {
    let outlines_id = new_id(out)?;
    let item_ids = bookmarks
        .iter()
        .map(|_| new_id(out))
        .collect::<Result<Vec<_>, _>>()?;
    for (index, (&(title, page), &item_id)) in bookmarks.iter().zip(&item_ids).enumerate() {
        let destination: Vec<Object> = vec![page.into(), "Fit".into()];
        let mut item = dictionary! {
            "Title" => lopdf::text_string(title),
            "Parent" => outlines_id,
            "Dest" => destination,
        };
        if let Some(&previous) = index.checked_sub(1).and_then(|i| item_ids.get(i)) {
            item.set("Prev", previous);
        }
        if let Some(&next) = item_ids.get(index + 1) {
            item.set("Next", next);
        }
        out.objects.insert(item_id, Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", "Outlines");
    if let (Some(&first), Some(&last)) = (item_ids.first(), item_ids.last()) {
        outlines.set("First", first);
        outlines.set("Last", last);
        outlines.set("Count", i64::try_from(item_ids.len()).unwrap_or(i64::MAX));
    }
    out.objects
        .insert(outlines_id, Object::Dictionary(outlines));
    Ok(outlines_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{encrypted_pdf, png_bytes, sample_pdf};
    use crate::{ImageFormat, image_to_pdf, notice_page};

    const TITLES: [&str; 3] = ["起诉状", "证据一：现场照片", "答辩状（OFD）"];

    fn cover(lines: usize) -> VolumeCover {
        VolumeCover {
            heading: "（2024）京0105民初12345号 正卷".to_owned(),
            lines: (0..lines)
                .map(|i| format!("{i}. 材料 …… 第{i}页"))
                .collect(),
        }
    }

    fn three_entries() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        (
            sample_pdf(2),
            image_to_pdf(ImageFormat::Png, &png_bytes(3, 5, false)).unwrap(),
            notice_page(&["材料《答辩状》为 OFD 格式，请下载原件查看".to_owned()]).unwrap(),
        )
    }

    /// The top-level outline items as (title, destination page id).
    fn outline_items(doc: &Document) -> Vec<(String, ObjectId)> {
        let catalog = doc.catalog().unwrap();
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        let outlines = doc
            .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
            .unwrap();
        let mut items = Vec::new();
        let mut next = outlines
            .get(b"First")
            .ok()
            .map(|o| o.as_reference().unwrap());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
            let dest = item.get(b"Dest").unwrap().as_array().unwrap();
            items.push((title, dest[0].as_reference().unwrap()));
            assert!(item.get(b"First").is_err(), "items are top-level only");
            next = item.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
        items
    }

    #[test]
    fn entries_follow_the_cover_with_one_bookmark_each() {
        let (two_pages, image, notice) = three_entries();
        let entries = [
            VolumeEntry {
                title: TITLES[0].to_owned(),
                pdf: &two_pages,
            },
            VolumeEntry {
                title: TITLES[1].to_owned(),
                pdf: &image,
            },
            VolumeEntry {
                title: TITLES[2].to_owned(),
                pdf: &notice,
            },
        ];
        let assembled = assemble(&cover(5), &entries).unwrap();
        assert_eq!(assembled.ranges, vec![(2, 3), (4, 4), (5, 5)]);

        let doc = Document::load_mem(&assembled.pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1 + 4);
        let items = outline_items(&doc);
        assert_eq!(items.len(), 3);
        for ((title, dest), (expected, range)) in
            items.iter().zip(TITLES.iter().zip(&assembled.ranges))
        {
            assert_eq!(title, expected);
            assert_eq!(*dest, pages[&range.0]);
        }
        // The entries' own pages kept their content and inherited resources.
        let first = pages[&2];
        assert!(String::from_utf8_lossy(&doc.get_page_content(first)).contains("(Page 1)"));
        assert!(
            doc.get_page_fonts(first)
                .unwrap()
                .contains_key(b"F1".as_slice())
        );
        // The cover shows the heading in the CJK font.
        let cover_content = String::from_utf8_lossy(&doc.get_page_content(pages[&1])).into_owned();
        assert!(cover_content.contains(crate::cjk::hex_string("正卷").trim_matches(['<', '>'])));
        // lopdf's own reading of the outline agrees.
        let toc = doc.get_toc().unwrap();
        let read: Vec<(String, usize)> =
            toc.toc.iter().map(|t| (t.title.clone(), t.page)).collect();
        assert_eq!(
            read,
            vec![
                (TITLES[0].to_owned(), 2),
                (TITLES[1].to_owned(), 4),
                (TITLES[2].to_owned(), 5)
            ]
        );
    }

    #[test]
    fn a_long_table_of_contents_spans_several_cover_pages() {
        let (two_pages, _, _) = three_entries();
        let entries = [VolumeEntry {
            title: TITLES[0].to_owned(),
            pdf: &two_pages,
        }];
        let assembled = assemble(&cover(90), &entries).unwrap();
        // Heading and blank line, then 90 lines: 40 + 40 + 12 slots.
        assert_eq!(assembled.ranges, vec![(4, 5)]);
        let doc = Document::load_mem(&assembled.pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 5);
        assert_eq!(outline_items(&doc).len(), 1);
    }

    #[test]
    fn an_encrypted_entry_is_refused() {
        let (two_pages, _, _) = three_entries();
        let encrypted = encrypted_pdf();
        let entries = [
            VolumeEntry {
                title: TITLES[0].to_owned(),
                pdf: &two_pages,
            },
            VolumeEntry {
                title: TITLES[1].to_owned(),
                pdf: &encrypted,
            },
        ];
        assert!(matches!(
            assemble(&cover(1), &entries),
            Err(PdfError::Encrypted)
        ));
    }

    #[test]
    fn an_unreadable_entry_is_refused() {
        let entries = [VolumeEntry {
            title: TITLES[0].to_owned(),
            pdf: b"%PDF-1.7 garbage",
        }];
        assert!(matches!(
            assemble(&cover(1), &entries),
            Err(PdfError::Unreadable(_))
        ));
    }
}
