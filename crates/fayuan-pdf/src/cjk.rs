//! The one font every text of this crate is drawn with: the non-embedded standard Chinese font
//! STSong-Light (Adobe-GB1), addressed in UTF-16 through the `UniGB-UCS2-H` CMap.

use lopdf::{Document, Object, ObjectId, dictionary};

use crate::PdfError;
use crate::document::add;

/// Adds the Type0 font with its CIDFont and font descriptor to `doc`; returns the Type0 font's id.
pub(crate) fn add_font(doc: &mut Document) -> Result<ObjectId, PdfError> {
    let descriptor = add(
        doc,
        dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "STSong-Light",
            "Flags" => 6,
            "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
            "ItalicAngle" => 0,
            "Ascent" => 880,
            "Descent" => -120,
            "CapHeight" => 880,
            "StemV" => 93,
        },
    )?;
    let cid_font = add(
        doc,
        dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType0",
            "BaseFont" => "STSong-Light",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"),
                "Supplement" => 2,
            },
            "FontDescriptor" => descriptor,
            "DW" => 1000,
            // Adobe-GB1 CIDs 1..=95 are the Latin glyphs UniGB-UCS2-H maps ASCII to.
            "W" => vec![1.into(), 95.into(), 500.into()],
        },
    )?;
    add(
        doc,
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "STSong-Light",
            "Encoding" => "UniGB-UCS2-H",
            "DescendantFonts" => vec![cid_font.into()],
        },
    )
}

/// `text` as a PDF hex string of UTF-16BE code units, ready for a `Tj` operator.
pub(crate) fn hex_string(text: &str) -> String {
    let mut out = String::with_capacity(2 + text.len() * 4);
    out.push('<');
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// The advance of one character in ems: half width for printable ASCII, full width otherwise.
pub(crate) fn char_width(ch: char) -> f32 {
    if (' '..='~').contains(&ch) { 0.5 } else { 1.0 }
}

/// The advance of a line of text in ems.
pub(crate) fn text_width(text: &str) -> f32 {
    text.chars().map(char_width).sum()
}
