//! Materials as pages: the watermarked PDF a reader gets, and the export of a whole volume with
//! its manifest of digests.

use fayuan_core::clock::{CHINA_OFFSET, from_micros};
use fayuan_core::id::MaterialId;
use fayuan_domain::docket::Case;
use fayuan_domain::dossier::{FileFormat, Material, MaterialKind, Volume};
use serde::Serialize;

use super::inspect::image_format;
use crate::AppError;

/// One line of an export manifest: a material, where it sits in the exported PDF, and the
/// digests of the stored original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    /// Catalogue number.
    pub number: usize,
    /// The material.
    pub material_id: MaterialId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: MaterialKind,
    /// The submitter's file name.
    pub file_name: String,
    /// Format.
    pub format: FileFormat,
    /// Bytes of the original.
    pub size_bytes: i64,
    /// SHA-256 of the original.
    pub sha256: String,
    /// SM3 of the original.
    pub sm3: String,
    /// First page in the exported PDF (the cover pages counted).
    pub first_page: u32,
    /// Last page in the exported PDF.
    pub last_page: u32,
}

/// What an export contains, for the receiving court to verify each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolumeManifest {
    /// Case number.
    pub case_number: String,
    /// Volume.
    pub volume: Volume,
    /// When it was generated, RFC 3339 at UTC+08:00.
    pub generated_at: String,
    /// The materials in catalogue order.
    pub entries: Vec<ManifestEntry>,
}

/// An exported volume.
#[derive(Debug, Clone)]
pub struct ExportedVolume {
    /// One PDF: a table of contents, then every material, one bookmark each.
    pub pdf: Vec<u8>,
    /// The manifest.
    pub manifest: VolumeManifest,
}

/// A material as PDF pages: PDFs as they are, JPEG and PNG as one picture page each, other
/// formats as a notice page naming the file and its digest.
fn as_pdf(material: &Material, original: &[u8]) -> Result<Vec<u8>, AppError> {
    let rendered = match material.format {
        FileFormat::Pdf => return Ok(original.to_vec()),
        FileFormat::Jpeg | FileFormat::Png => {
            fayuan_pdf::image_to_pdf(image_format(material.format), original)
        }
        FileFormat::Tiff | FileFormat::Ofd | FileFormat::Docx | FileFormat::Webm => {
            Err(fayuan_pdf::PdfError::UnsupportedImage(String::new()))
        }
    };
    match rendered {
        Ok(pdf) => Ok(pdf),
        Err(_) => fayuan_pdf::notice_page(&[
            format!("材料《{}》", material.title),
            format!(
                "原件为 {} 格式（{}），无法在线显示，请向法院申请查阅原件。",
                material.format.label(),
                material.file_name
            ),
            format!("SHA-256：{}", material.sha256),
            format!("SM3：{}", material.sm3),
        ])
        .map_err(pdf_error),
    }
}

/// The copy a reader gets: the material as PDF, every page watermarked with `lines`.
pub(super) fn reader_copy(
    material: &Material,
    original: &[u8],
    lines: &[String],
) -> Result<Vec<u8>, AppError> {
    let pdf = as_pdf(material, original)?;
    fayuan_pdf::watermark(&pdf, lines).map_err(pdf_error)
}

/// Assembles a volume (materials in catalogue order, `files` their originals).
pub(super) fn export(
    case: &Case,
    volume: Volume,
    materials: &[Material],
    files: &[Vec<u8>],
    generated_at_us: i64,
) -> Result<ExportedVolume, AppError> {
    let pdfs = materials
        .iter()
        .zip(files)
        .map(|(m, f)| as_pdf(m, f))
        .collect::<Result<Vec<_>, _>>()?;
    let generated_at = from_micros(generated_at_us)
        .to_offset(CHINA_OFFSET)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let cover = fayuan_pdf::VolumeCover {
        heading: format!("{} 电子卷宗（{}）", case.case_number, volume.label()),
        lines: materials
            .iter()
            .enumerate()
            .map(|(i, m)| {
                format!(
                    "{}. {}（{}，{}页）",
                    i + 1,
                    m.title,
                    m.kind.label(),
                    m.pages
                )
            })
            .chain(std::iter::once(format!("生成时间：{generated_at}")))
            .collect(),
    };
    let entries: Vec<fayuan_pdf::VolumeEntry<'_>> = materials
        .iter()
        .zip(&pdfs)
        .map(|(m, pdf)| fayuan_pdf::VolumeEntry {
            title: format!("{} {}", m.position, m.title),
            pdf,
        })
        .collect();
    let assembled = fayuan_pdf::assemble(&cover, &entries).map_err(pdf_error)?;
    let manifest = VolumeManifest {
        case_number: case.case_number.clone(),
        volume,
        generated_at,
        entries: materials
            .iter()
            .zip(&assembled.ranges)
            .enumerate()
            .map(|(i, (m, (first, last)))| ManifestEntry {
                number: i + 1,
                material_id: m.id,
                title: m.title.clone(),
                kind: m.kind,
                file_name: m.file_name.clone(),
                format: m.format,
                size_bytes: m.size_bytes,
                sha256: m.sha256.clone(),
                sm3: m.sm3.clone(),
                first_page: *first,
                last_page: *last,
            })
            .collect(),
    };
    Ok(ExportedVolume {
        pdf: assembled.pdf,
        manifest,
    })
}

fn pdf_error(e: fayuan_pdf::PdfError) -> AppError {
    AppError::Internal(format!("pdf: {e}"))
}
