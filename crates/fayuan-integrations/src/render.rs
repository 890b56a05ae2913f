//! The plain document renderer: the court and title centred over the lines of the document on
//! A4 pages, each page footed with the court, the number and the page count, through
//! `fayuan-pdf` in the standard CJK font PDF viewers supply (STSong-Light, not embedded). It is
//! the fallback where no CJK font is installed for the typesetting renderer (`fayuan-render`),
//! so a court on a bare machine still issues readable, searchable documents.

use fayuan_domain::DomainError;
use fayuan_domain::documents::CourtDocument;
use fayuan_domain::ports::DocumentRenderer;

/// Renders documents line by line.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainPdfRenderer;

impl DocumentRenderer for PlainPdfRenderer {
    fn render(&self, document: &CourtDocument) -> Result<Vec<u8>, DomainError> {
        let footer = format!("{}　{}", document.court, document.number);
        let failed =
            |e: fayuan_pdf::PdfError| DomainError::Storage(format!("rendering the document: {e}"));
        let text = fayuan_pdf::document_pdf(&document.heading(), &document.lines(), &footer)
            .map_err(failed)?;
        if document.images.is_empty() {
            return Ok(text);
        }
        // Handwritten signatures follow the text, one picture per page.
        let mut pages = vec![text];
        for image in &document.images {
            pages.push(
                fayuan_pdf::image_to_pdf(fayuan_pdf::ImageFormat::Png, &image.png)
                    .map_err(failed)?,
            );
        }
        let parts: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
        fayuan_pdf::concatenate(&parts).map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf_with_the_text() {
        let doc = CourtDocument {
            court: "示范市示范区人民法院".into(),
            title: "受理案件通知书".into(),
            number: "（2026）京0199民初1号".into(),
            addressee: "张三：".into(),
            parties: Vec::new(),
            fields: Vec::new(),
            paragraphs: vec!["本院决定立案审理。".into()],
            signatures: Vec::new(),
            date: "二〇二六年十一月二十七日".into(),
            images: Vec::new(),
        };
        let pdf = PlainPdfRenderer.render(&doc).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let hex: String = "受理案件通知书"
            .encode_utf16()
            .map(|u| format!("{u:04X}"))
            .collect();
        let parsed = lopdf::Document::load_mem(&pdf).unwrap();
        let page = *parsed.get_pages().values().next().unwrap();
        let content = String::from_utf8_lossy(&parsed.get_page_content(page)).to_uppercase();
        assert!(content.contains(&hex));
        let footer: String = "第1页 共1页"
            .encode_utf16()
            .map(|u| format!("{u:04X}"))
            .collect();
        assert!(content.contains(&footer), "a page footer");
    }
}
