//! Building new PDFs: one page per uploaded picture, and notice pages standing in for
//! materials that cannot be shown as pages.

use std::io::{Cursor, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use crate::PdfError;
use crate::document::{A4_HEIGHT, A4_WIDTH, add, finish, new_id, save};
use crate::image::{ImageFormat, jpeg_frame};
use crate::text::add_text_pages;

/// Largest decoded PNG (in bytes) accepted, about a 300 dpi A3 scan in colour.
const MAX_DECODED_BYTES: usize = 256 * 1024 * 1024;

/// Name of the picture in its page's resources.
const IMAGE: &str = "Im1";

/// A PDF with one page showing the picture `bytes` over the whole page.
///
/// The page is the picture's size at 72 dpi, scaled down (keeping the aspect ratio) to fit A4
/// portrait. JPEG is embedded as it is; PNG is decoded to 8-bit grey or RGB, transparency
/// composited onto white, and recompressed. TIFF is [`PdfError::UnsupportedImage`]: the caller
/// shows a [`notice_page`] instead.
pub fn image_to_pdf(format: ImageFormat, bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    let (image, width, height) = match format {
        ImageFormat::Jpeg => jpeg_image(bytes)?,
        ImageFormat::Png => png_image(bytes)?,
        ImageFormat::Tiff => {
            return Err(PdfError::UnsupportedImage(
                "TIFF cannot be embedded in a PDF page".to_owned(),
            ));
        }
    };
    let (width, height) = (width as f32, height as f32);
    let scale = (A4_WIDTH / width).min(A4_HEIGHT / height).min(1.0);
    let (page_width, page_height) = ((width * scale).max(1.0), (height * scale).max(1.0));

    let mut doc = Document::with_version("1.7");
    let pages_id = new_id(&mut doc)?;
    let image_id = add(&mut doc, image)?;
    let content = format!("q\n{page_width:.3} 0 0 {page_height:.3} 0 0 cm\n/{IMAGE} Do\nQ\n");
    let content_id = add(&mut doc, Stream::new(dictionary! {}, content.into_bytes()))?;
    let media_box: Vec<Object> = vec![0.into(), 0.into(), page_width.into(), page_height.into()];
    let page_id = add(
        &mut doc,
        dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => media_box,
            "Resources" => dictionary! {
                "XObject" => dictionary! { IMAGE => image_id },
            },
            "Contents" => content_id,
        },
    )?;
    finish(&mut doc, pages_id, &[page_id], Dictionary::new())?;
    save(&mut doc)
}

/// An A4 page listing `lines` of text, shown where a material cannot be shown as pages (OFD,
/// DOCX, TIFF): for example “材料《起诉状》为 OFD 格式，请下载原件查看” and its SHA-256.
/// Lines too wide are wrapped; text beyond about 40 lines continues on further pages.
pub fn notice_page(lines: &[String]) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = new_id(&mut doc)?;
    let pages = add_text_pages(&mut doc, pages_id, None, lines, None)?;
    finish(&mut doc, pages_id, &pages, Dictionary::new())?;
    save(&mut doc)
}

/// A court document on A4 pages: `heading` centred and larger at the top (one line per `\n`),
/// then `lines`, and on every page the `footer` with the page number and count.
pub fn document_pdf(heading: &str, lines: &[String], footer: &str) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = new_id(&mut doc)?;
    let pages = add_text_pages(&mut doc, pages_id, Some(heading), lines, Some(footer))?;
    finish(&mut doc, pages_id, &pages, Dictionary::new())?;
    save(&mut doc)
}

/// The image XObject of a JPEG, its DCT data embedded unchanged, and its pixel size.
fn jpeg_image(bytes: &[u8]) -> Result<(Stream, u32, u32), PdfError> {
    let frame = jpeg_frame(&mut Cursor::new(bytes))?;
    // PDF's DCTDecode covers baseline, extended sequential and progressive 8-bit JPEG.
    if !matches!(frame.marker, 0xC0..=0xC2) || frame.precision != 8 {
        return Err(PdfError::UnsupportedImage(format!(
            "JPEG frame type {:02X} with {}-bit samples",
            frame.marker, frame.precision
        )));
    }
    let colour_space = match frame.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(PdfError::UnsupportedImage(format!(
                "JPEG with {n} colour components"
            )));
        }
    };
    let mut dict = image_dict(frame.width, frame.height, colour_space);
    dict.set("Filter", "DCTDecode");
    if frame.components == 4 && frame.adobe {
        let decode: Vec<Object> = [1, 0, 1, 0, 1, 0, 1, 0]
            .into_iter()
            .map(Object::from)
            .collect();
        dict.set("Decode", decode);
    }
    let stream = Stream::new(dict, bytes.to_vec()).with_compression(false);
    Ok((stream, frame.width, frame.height))
}

/// The image XObject of a PNG (decoded, flattened onto white, zlib-compressed) and its pixel
/// size.
fn png_image(bytes: &[u8]) -> Result<(Stream, u32, u32), PdfError> {
    let invalid = |err: png::DecodingError| PdfError::InvalidImage(err.to_string());
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(invalid)?;
    let size = reader
        .output_buffer_size()
        .filter(|&size| size <= MAX_DECODED_BYTES)
        .ok_or_else(|| PdfError::UnsupportedImage("PNG too large to decode".to_owned()))?;
    let mut pixels = vec![0; size];
    let info = reader.next_frame(&mut pixels).map_err(invalid)?;
    pixels.truncate(info.buffer_size());
    if info.bit_depth != png::BitDepth::Eight {
        return Err(PdfError::UnsupportedImage(format!(
            "PNG with {:?}-bit samples",
            info.bit_depth
        )));
    }
    let (colour_space, samples) = match info.color_type {
        png::ColorType::Grayscale => ("DeviceGray", pixels),
        png::ColorType::Rgb => ("DeviceRGB", pixels),
        png::ColorType::GrayscaleAlpha => ("DeviceGray", onto_white(&pixels, 1)),
        png::ColorType::Rgba => ("DeviceRGB", onto_white(&pixels, 3)),
        png::ColorType::Indexed => {
            return Err(PdfError::UnsupportedImage(
                "PNG palette was not expanded".to_owned(),
            ));
        }
    };
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&samples)?;
    let mut dict = image_dict(info.width, info.height, colour_space);
    dict.set("Filter", "FlateDecode");
    let stream = Stream::new(dict, encoder.finish()?).with_compression(false);
    Ok((stream, info.width, info.height))
}

/// The dictionary of an 8-bit image XObject.
fn image_dict(width: u32, height: u32, colour_space: &str) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => colour_space,
        "BitsPerComponent" => 8,
    }
}

/// Pixels of `colours` samples plus one alpha sample each, composited onto white.
fn onto_white(pixels: &[u8], colours: usize) -> Vec<u8> {
    pixels
        .chunks_exact(colours + 1)
        .flat_map(|pixel| {
            let (colour, alpha) = pixel.split_at(colours);
            let alpha = u32::from(alpha.first().copied().unwrap_or(u8::MAX));
            colour.iter().map(move |&c| {
                let blended = (u32::from(c) * alpha + 255 * (255 - alpha) + 127) / 255;
                u8::try_from(blended).unwrap_or(u8::MAX)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{jpeg_bytes, png_bytes};

    fn only_page(pdf: &[u8]) -> (Document, lopdf::ObjectId) {
        let doc = Document::load_mem(pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1);
        let page = pages[&1];
        (doc, page)
    }

    fn media_box(doc: &Document, page: lopdf::ObjectId) -> Vec<f32> {
        doc.get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect()
    }

    fn image_of(doc: &Document) -> Stream {
        doc.objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
            .unwrap()
            .clone()
    }

    #[test]
    fn small_png_is_one_page_of_its_own_size_with_alpha_flattened() {
        let pdf = image_to_pdf(ImageFormat::Png, &png_bytes(4, 2, true)).unwrap();
        let (doc, page) = only_page(&pdf);
        assert_eq!(media_box(&doc, page), vec![0.0, 0.0, 4.0, 2.0]);
        let image = image_of(&doc);
        assert_eq!(
            image.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            b"DeviceRGB"
        );
        let samples = image.decompressed_content().unwrap();
        assert_eq!(samples.len(), 4 * 2 * 3);
        // The test picture's first pixel is fully transparent: it becomes white.
        assert_eq!(&samples[..3], &[255, 255, 255]);
        assert!(String::from_utf8_lossy(&doc.get_page_content(page)).contains("/Im1 Do"));
    }

    #[test]
    fn large_jpeg_is_scaled_to_fit_a4_and_embedded_unchanged() {
        let jpeg = jpeg_bytes(2480, 3508, 3);
        let pdf = image_to_pdf(ImageFormat::Jpeg, &jpeg).unwrap();
        let (doc, page) = only_page(&pdf);
        let mb = media_box(&doc, page);
        // Scaled by min(595 / 2480, 842 / 3508): the width fills A4, the height just fits.
        assert!((mb[2] - 595.0).abs() < 0.01 && mb[3] <= 842.0, "{mb:?}");
        assert!((mb[2] / mb[3] - 2480.0 / 3508.0).abs() < 0.001);
        let image = image_of(&doc);
        assert_eq!(
            image.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"DCTDecode"
        );
        assert_eq!(image.content, jpeg);
    }

    #[test]
    fn tiff_is_unsupported() {
        assert!(matches!(
            image_to_pdf(ImageFormat::Tiff, b"II\x2a\0\x08\0\0\0"),
            Err(PdfError::UnsupportedImage(_))
        ));
    }

    #[test]
    fn notice_page_carries_the_text_in_the_cjk_font() {
        let lines = vec![
            "材料《起诉状》为 OFD 格式，请下载原件查看".to_owned(),
            format!("SHA-256: {}", "ab".repeat(32)),
        ];
        let pdf = notice_page(&lines).unwrap();
        let (doc, page) = only_page(&pdf);
        let content = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
        assert!(
            content.contains(crate::cjk::hex_string("材料《起诉状》").trim_matches(['<', '>']))
        );
        let fonts = doc.get_page_fonts(page).unwrap();
        let font = fonts.values().next().unwrap();
        assert_eq!(
            font.get(b"BaseFont").unwrap().as_name().unwrap(),
            b"STSong-Light"
        );
        assert_eq!(
            font.get(b"Encoding").unwrap().as_name().unwrap(),
            b"UniGB-UCS2-H"
        );
    }
}
