//! Pixel dimensions of uploaded pictures, read from their headers only: the picture itself is
//! never decoded, and every loop is bounded so that hostile input cannot make it spin.

use std::io::{ErrorKind, Read, Seek, SeekFrom};

use crate::PdfError;

/// The picture formats the dossier accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (JFIF or EXIF).
    Jpeg,
    /// PNG.
    Png,
    /// Classic (32-bit offset) TIFF, little or big endian.
    Tiff,
}

/// Most JPEG segments walked before the frame header must have appeared.
const MAX_JPEG_SEGMENTS: usize = 1000;
/// Most `0xFF` fill bytes accepted before one JPEG marker.
const MAX_FILL_BYTES: usize = 64;
/// Most entries accepted in a TIFF image file directory.
const MAX_IFD_ENTRIES: u16 = 4096;

/// The width and height in pixels of the picture in `reader`, read from the start of `reader`.
///
/// PNG is read from its IHDR chunk, JPEG from its first frame header (SOF0..SOF15), TIFF from
/// the ImageWidth and ImageLength tags of its first image file directory.
pub fn dimensions<R: Read + Seek>(
    format: ImageFormat,
    reader: &mut R,
) -> Result<(u32, u32), PdfError> {
    reader.seek(SeekFrom::Start(0))?;
    match format {
        ImageFormat::Png => png_dimensions(reader),
        ImageFormat::Jpeg => jpeg_frame(reader).map(|frame| (frame.width, frame.height)),
        ImageFormat::Tiff => tiff_dimensions(reader),
    }
}

/// What the frame header (and an Adobe APP14 segment before it) says about a JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegFrame {
    /// The SOF marker's second byte (`0xC0` baseline, `0xC2` progressive, …).
    pub(crate) marker: u8,
    /// Bits per sample.
    pub(crate) precision: u8,
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// Number of colour components.
    pub(crate) components: u8,
    /// Whether an Adobe APP14 segment came first (its CMYK data is stored inverted).
    pub(crate) adobe: bool,
}

/// Reads `N` bytes; running out of input is an invalid (truncated) image.
fn read_array<const N: usize>(reader: &mut impl Read) -> Result<[u8; N], PdfError> {
    let mut buf = [0; N];
    reader.read_exact(&mut buf).map_err(|err| {
        if err.kind() == ErrorKind::UnexpectedEof {
            invalid("truncated header")
        } else {
            PdfError::Io(err)
        }
    })?;
    Ok(buf)
}

/// An invalid-image error with `reason`.
fn invalid(reason: &str) -> PdfError {
    PdfError::InvalidImage(reason.to_owned())
}

/// Checks a picture's size is not zero.
fn non_empty(width: u32, height: u32) -> Result<(u32, u32), PdfError> {
    if width == 0 || height == 0 {
        return Err(invalid("zero width or height"));
    }
    Ok((width, height))
}

/// PNG: the signature, then IHDR must be the first chunk.
fn png_dimensions(reader: &mut impl Read) -> Result<(u32, u32), PdfError> {
    let header: [u8; 24] = read_array(reader)?;
    let [start @ .., w0, w1, w2, w3, h0, h1, h2, h3] = header;
    if &start != b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR" {
        return Err(invalid("not a PNG header"));
    }
    non_empty(
        u32::from_be_bytes([w0, w1, w2, w3]),
        u32::from_be_bytes([h0, h1, h2, h3]),
    )
}

/// JPEG: walks the markers after SOI to the first frame header, skipping other segments by
/// their lengths.
pub(crate) fn jpeg_frame<R: Read + Seek>(reader: &mut R) -> Result<JpegFrame, PdfError> {
    if read_array::<2>(reader)? != [0xFF, 0xD8] {
        return Err(invalid("not a JPEG header"));
    }
    let mut adobe = false;
    for _ in 0..MAX_JPEG_SEGMENTS {
        let marker = next_marker(reader)?;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD8..=0xDA => return Err(invalid("no JPEG frame header")),
            _ => {}
        }
        let length = u16::from_be_bytes(read_array(reader)?);
        let Some(body) = length.checked_sub(2) else {
            return Err(invalid("JPEG segment length below 2"));
        };
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let [precision, h1, h0, w1, w0, components] = read_array(reader)?;
            let (width, height) = non_empty(
                u32::from(u16::from_be_bytes([w1, w0])),
                u32::from(u16::from_be_bytes([h1, h0])),
            )?;
            return Ok(JpegFrame {
                marker,
                precision,
                width,
                height,
                components,
                adobe,
            });
        }
        let mut skip = i64::from(body);
        if marker == 0xEE && body >= 5 {
            adobe |= &read_array::<5>(reader)? == b"Adobe";
            skip -= 5;
        }
        reader.seek(SeekFrom::Current(skip))?;
    }
    Err(invalid("too many JPEG segments"))
}

/// Reads `0xFF` and the marker byte after it, skipping a bounded number of fill bytes.
fn next_marker(reader: &mut impl Read) -> Result<u8, PdfError> {
    let [prefix] = read_array(reader)?;
    if prefix != 0xFF {
        return Err(invalid("expected a JPEG marker"));
    }
    for _ in 0..MAX_FILL_BYTES {
        let [marker] = read_array(reader)?;
        if marker != 0xFF {
            return Ok(marker);
        }
    }
    Err(invalid("too many JPEG fill bytes"))
}

/// TIFF: the byte order, the magic number 42 and the first IFD, searched for tags 256
/// (ImageWidth) and 257 (ImageLength).
fn tiff_dimensions<R: Read + Seek>(reader: &mut R) -> Result<(u32, u32), PdfError> {
    let header: [u8; 8] = read_array(reader)?;
    let little = match header {
        [b'I', b'I', 42, 0, ..] => true,
        [b'M', b'M', 0, 42, ..] => false,
        _ => return Err(invalid("not a classic TIFF header")),
    };
    let u16_of = |bytes: [u8; 2]| {
        if little {
            u16::from_le_bytes(bytes)
        } else {
            u16::from_be_bytes(bytes)
        }
    };
    let u32_of = |bytes: [u8; 4]| {
        if little {
            u32::from_le_bytes(bytes)
        } else {
            u32::from_be_bytes(bytes)
        }
    };
    let [_, _, _, _, o0, o1, o2, o3] = header;
    let offset = u32_of([o0, o1, o2, o3]);
    if offset < 8 {
        return Err(invalid("TIFF directory offset inside the header"));
    }
    reader.seek(SeekFrom::Start(u64::from(offset)))?;
    let count = u16_of(read_array(reader)?);
    if count > MAX_IFD_ENTRIES {
        return Err(invalid("too many TIFF directory entries"));
    }
    let (mut width, mut height) = (None, None);
    for _ in 0..count {
        let [t0, t1, k0, k1, _, _, _, _, v0, v1, v2, v3] = read_array(reader)?;
        let value = match u16_of([k0, k1]) {
            3 => u32::from(u16_of([v0, v1])),
            4 => u32_of([v0, v1, v2, v3]),
            _ => continue,
        };
        match u16_of([t0, t1]) {
            256 => width = Some(value),
            257 => height = Some(value),
            _ => {}
        }
        if let (Some(width), Some(height)) = (width, height) {
            return non_empty(width, height);
        }
    }
    Err(invalid("TIFF directory without ImageWidth and ImageLength"))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        out.extend(width.to_be_bytes());
        out.extend(height.to_be_bytes());
        out.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        out
    }

    /// SOI, an APP0, an EXIF APP1 with a 60 000-byte body, a DHT (C4, not a frame), then SOF2.
    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        out.extend([0xFF, 0xE0, 0, 16]);
        out.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        out.extend([0xFF, 0xE1]);
        out.extend(60_002u16.to_be_bytes());
        out.extend(vec![0xAB; 60_000]);
        out.extend([0xFF, 0xC4, 0, 4, 0, 0]);
        out.extend([0xFF, 0xFF, 0xC2, 0, 17, 8]);
        out.extend(height.to_be_bytes());
        out.extend(width.to_be_bytes());
        out.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        out.extend([0xFF, 0xD9]);
        out
    }

    /// A TIFF whose IFD sits after 100 bytes of pixel data: width as SHORT, height as LONG.
    fn tiff_header(little: bool, width: u16, height: u32) -> Vec<u8> {
        let u16b = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let u32b = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let mut out = if little {
            b"II\x2a\0".to_vec()
        } else {
            b"MM\0\x2a".to_vec()
        };
        out.extend(u32b(108));
        out.extend(vec![0; 100]);
        out.extend(u16b(3));
        // NewSubfileType LONG 0
        out.extend(u16b(254));
        out.extend(u16b(4));
        out.extend(u32b(1));
        out.extend(u32b(0));
        // ImageWidth SHORT, left-justified in the value field
        out.extend(u16b(256));
        out.extend(u16b(3));
        out.extend(u32b(1));
        out.extend(u16b(width));
        out.extend([0, 0]);
        // ImageLength LONG
        out.extend(u16b(257));
        out.extend(u16b(4));
        out.extend(u32b(1));
        out.extend(u32b(height));
        out.extend(u32b(0));
        out
    }

    fn dims(format: ImageFormat, bytes: &[u8]) -> Result<(u32, u32), PdfError> {
        dimensions(format, &mut Cursor::new(bytes))
    }

    #[test]
    fn png_dimensions_come_from_ihdr() {
        assert_eq!(
            dims(ImageFormat::Png, &png_header(640, 480)).unwrap(),
            (640, 480)
        );
    }

    #[test]
    fn jpeg_dimensions_come_from_the_first_frame_header() {
        let bytes = jpeg_header(1024, 768);
        assert_eq!(dims(ImageFormat::Jpeg, &bytes).unwrap(), (1024, 768));
        let frame = jpeg_frame(&mut Cursor::new(&bytes)).unwrap();
        assert_eq!(
            (frame.marker, frame.precision, frame.components),
            (0xC2, 8, 3)
        );
        assert!(!frame.adobe);
    }

    #[test]
    fn jpeg_adobe_segment_is_noticed() {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xEE, 0, 14];
        bytes.extend(b"Adobe\0\x64\0\0\0\0\x02");
        bytes.extend([0xFF, 0xC0, 0, 20, 8, 0, 2, 0, 3, 4]);
        bytes.extend([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        let frame = jpeg_frame(&mut Cursor::new(&bytes)).unwrap();
        assert_eq!((frame.width, frame.height, frame.components), (3, 2, 4));
        assert!(frame.adobe);
    }

    #[test]
    fn tiff_dimensions_in_both_byte_orders() {
        assert_eq!(
            dims(ImageFormat::Tiff, &tiff_header(true, 2480, 3508)).unwrap(),
            (2480, 3508)
        );
        assert_eq!(
            dims(ImageFormat::Tiff, &tiff_header(false, 2480, 70_000)).unwrap(),
            (2480, 70_000)
        );
    }

    #[test]
    fn truncated_headers_are_invalid() {
        let cases = [
            (ImageFormat::Png, png_header(640, 480)),
            (ImageFormat::Jpeg, jpeg_header(1024, 768)),
            (ImageFormat::Tiff, tiff_header(true, 10, 10)),
            (ImageFormat::Tiff, tiff_header(false, 10, 10)),
        ];
        for (format, bytes) in cases {
            let cut = match format {
                ImageFormat::Jpeg => 30_000,
                _ => bytes.len() - 10,
            };
            assert!(
                matches!(dims(format, &bytes[..cut]), Err(PdfError::InvalidImage(_))),
                "{format:?}"
            );
            assert!(matches!(
                dims(format, &bytes[..3]),
                Err(PdfError::InvalidImage(_))
            ));
        }
    }

    #[test]
    fn hostile_headers_are_refused() {
        // A JPEG that is nothing but empty COM segments never reaches a frame header.
        let mut endless = vec![0xFF, 0xD8];
        for _ in 0..2000 {
            endless.extend([0xFF, 0xFE, 0, 2]);
        }
        assert!(matches!(
            dims(ImageFormat::Jpeg, &endless),
            Err(PdfError::InvalidImage(_))
        ));
        // A TIFF claiming 65 535 directory entries.
        let mut tiff = b"II\x2a\0\x08\0\0\0\xff\xff".to_vec();
        tiff.extend(vec![0; 64]);
        assert!(matches!(
            dims(ImageFormat::Tiff, &tiff),
            Err(PdfError::InvalidImage(_))
        ));
        // Wrong magic for each format.
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Tiff] {
            assert!(matches!(
                dims(format, b"GIF89a\x01\0\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
                Err(PdfError::InvalidImage(_))
            ));
        }
    }
}
