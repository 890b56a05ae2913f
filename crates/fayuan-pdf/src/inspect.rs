//! What an uploaded PDF is: its page count and version, read without loading the whole
//! document, and whether it can be accepted at all.

use lopdf::Document;

use crate::PdfError;

/// The facts about an accepted PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    /// Number of pages (at least one).
    pub pages: u32,
    /// The version from the header or catalog, such as `1.7`.
    pub version: String,
}

/// Reads the page count and version of a PDF.
///
/// An encrypted document (one with an `/Encrypt` entry, even if it opens without a password)
/// is [`PdfError::Encrypted`], bytes that do not parse are [`PdfError::Unreadable`], and a
/// document without pages is [`PdfError::NoPages`].
pub fn inspect_pdf(bytes: &[u8]) -> Result<PdfInfo, PdfError> {
    let meta =
        Document::load_metadata_mem(bytes).map_err(|err| PdfError::Unreadable(err.to_string()))?;
    if meta.encrypted {
        return Err(PdfError::Encrypted);
    }
    if meta.page_count == 0 {
        return Err(PdfError::NoPages);
    }
    Ok(PdfInfo {
        pages: meta.page_count,
        version: meta.version,
    })
}

/// The text a reader extracts from every page, pages separated by a blank line (for publishing
/// a judgment uploaded as PDF). Text drawn without a Unicode map comes out garbled or empty;
/// the caller decides whether what it gets is usable.
pub fn pdf_text(bytes: &[u8]) -> Result<String, PdfError> {
    let document =
        Document::load_mem(bytes).map_err(|err| PdfError::Unreadable(err.to_string()))?;
    if document.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut text = String::new();
    for page in pages {
        let page_text = document
            .extract_text(&[page])
            .map_err(|err| PdfError::Unreadable(err.to_string()))?;
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(page_text.trim_end());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{encrypted_pdf, sample_pdf};

    #[test]
    fn counts_the_pages_of_a_valid_pdf() {
        let info = inspect_pdf(&sample_pdf(2)).unwrap();
        assert_eq!(info.pages, 2);
        assert_eq!(info.version, "1.5");
    }

    #[test]
    fn refuses_an_encrypted_pdf() {
        assert!(matches!(
            inspect_pdf(&encrypted_pdf()),
            Err(PdfError::Encrypted)
        ));
    }

    #[test]
    fn garbage_is_unreadable() {
        assert!(matches!(
            inspect_pdf(b"%PDF-1.7 garbage"),
            Err(PdfError::Unreadable(_))
        ));
    }

    #[test]
    fn a_pdf_without_pages_is_refused() {
        let mut doc = crate::test_support::sample_document(1);
        let pages_id = doc
            .catalog()
            .unwrap()
            .get(b"Pages")
            .unwrap()
            .as_reference()
            .unwrap();
        let pages = doc.get_dictionary_mut(pages_id).unwrap();
        pages.set("Kids", Vec::<lopdf::Object>::new());
        pages.set("Count", 0);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert!(matches!(inspect_pdf(&bytes), Err(PdfError::NoPages)));
    }
}
