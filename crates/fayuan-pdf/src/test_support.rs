//! Small documents and pictures shared by the tests.

use std::io::Cursor;

use lopdf::{
    Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream, dictionary,
};

/// A PDF with `pages` pages. Page 1 inherits its Resources (a reference) and every page its
/// MediaBox from the page tree node; later pages have their own Resources by reference.
pub(crate) fn sample_document(pages: u32) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let kids: Vec<Object> = (1..=pages)
        .map(|n| {
            let content = format!("BT /F1 24 Tf 100 700 Td (Page {n}) Tj ET");
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
            let mut page = dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            };
            if n > 1 {
                page.set("Resources", resources_id);
            }
            doc.add_object(page).into()
        })
        .collect();
    let media_box: Vec<Object> = vec![0.into(), 0.into(), 612.into(), 792.into()];
    doc.objects.insert(
        pages_id,
        dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => i64::from(pages),
            "Resources" => resources_id,
            "MediaBox" => media_box,
        }
        .into(),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

/// [`sample_document`] saved.
pub(crate) fn sample_pdf(pages: u32) -> Vec<u8> {
    save(&mut sample_document(pages))
}

/// A two-page PDF encrypted with the standard security handler (RC4, 128 bits).
pub(crate) fn encrypted_pdf() -> Vec<u8> {
    let mut doc = sample_document(2);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"0123456789abcdef".to_vec()),
        ],
    );
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "user",
        key_length: 128,
        permissions: Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    save(&mut doc)
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PNG of `width` × `height` RGB (or RGBA, the first pixel fully transparent) pixels.
pub(crate) fn png_bytes(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let channels = if alpha { 4 } else { 3 };
    let mut pixels: Vec<u8> = (0..width * height * channels)
        .map(|i| u8::try_from(i % 251).unwrap())
        .collect();
    if alpha {
        pixels[3] = 0;
    }
    let mut out = Cursor::new(Vec::new());
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(if alpha {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    });
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out.into_inner()
}

/// The headers of a baseline JPEG (SOI, SOF0, EOI): enough to embed, not to display.
pub(crate) fn jpeg_bytes(width: u16, height: u16, components: u8) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xC0];
    out.extend((8 + 3 * u16::from(components)).to_be_bytes());
    out.push(8);
    out.extend(height.to_be_bytes());
    out.extend(width.to_be_bytes());
    out.push(components);
    for id in 1..=components {
        out.extend([id, 0x11, 0]);
    }
    out.extend([0xFF, 0xD9]);
    out
}
