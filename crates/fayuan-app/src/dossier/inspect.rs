//! Checks a staged file against the requirements the platform announces (Rules art. 19): the
//! format recognised from the content and matching the extension, the size, PDFs that parse
//! and are not encrypted, pictures clear enough and not decompression bombs, and — when a
//! scanner is configured — no malware.

use fayuan_domain::dossier::{FileFormat, UploadPolicy};
use fayuan_domain::ports::Scanner;
use fayuan_pdf::{ImageFormat, PdfError};

use super::staging::StagedFile;
use crate::AppError;

/// What inspection found out about an accepted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspection {
    /// Format, from the content.
    pub format: FileFormat,
    /// Pages (1 for a picture, and for formats shown as one notice page).
    pub pages: i64,
    /// Pixel size of a picture.
    pub pixels: Option<(u32, u32)>,
}

/// Inspects a staged file; every refusal carries a stable code and a Chinese explanation.
pub async fn inspect(
    policy: &UploadPolicy,
    scanner: Option<&dyn Scanner>,
    staged: &StagedFile,
) -> Result<Inspection, AppError> {
    let format = policy.check_file(
        &staged.file_name,
        staged.size,
        FileFormat::sniff(&staged.head),
    )?;
    let path = staged.path.clone();
    let policy = policy.clone();
    let inspection = tokio::task::spawn_blocking(move || content(&policy, format, &path))
        .await
        .map_err(|e| AppError::Internal(format!("inspection task: {e}")))??;
    if let Some(scanner) = scanner
        && let Some(signature) = scanner.scan(&staged.path).await?
    {
        return Err(AppError::invalid(
            "dossier.malware",
            format!("文件未通过安全检测（{signature}），请检查后重新提交。"),
        ));
    }
    Ok(inspection)
}

/// Content checks (blocking: reads the file).
fn content(
    policy: &UploadPolicy,
    format: FileFormat,
    path: &std::path::Path,
) -> Result<Inspection, AppError> {
    let io = |e: std::io::Error| AppError::Internal(format!("reading staged file: {e}"));
    match format {
        FileFormat::Pdf => {
            let bytes = std::fs::read(path).map_err(io)?;
            let info = fayuan_pdf::inspect_pdf(&bytes).map_err(pdf_refusal)?;
            Ok(Inspection {
                format,
                pages: i64::from(info.pages),
                pixels: None,
            })
        }
        FileFormat::Jpeg | FileFormat::Png | FileFormat::Tiff => {
            let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(io)?);
            let (width, height) =
                fayuan_pdf::dimensions(image_format(format), &mut file).map_err(|_| {
                    AppError::invalid(
                        "dossier.image_unreadable",
                        "图片文件已损坏或无法识别，请重新拍摄或扫描。",
                    )
                })?;
            policy.check_pixels(width, height)?;
            Ok(Inspection {
                format,
                pages: 1,
                pixels: Some((width, height)),
            })
        }
        FileFormat::Ofd | FileFormat::Docx => Ok(Inspection {
            format,
            pages: 1,
            pixels: None,
        }),
    }
}

/// The picture formats the PDF crate knows.
pub(crate) fn image_format(format: FileFormat) -> ImageFormat {
    match format {
        FileFormat::Png => ImageFormat::Png,
        FileFormat::Tiff => ImageFormat::Tiff,
        _ => ImageFormat::Jpeg,
    }
}

fn pdf_refusal(e: PdfError) -> AppError {
    match e {
        PdfError::Encrypted => AppError::invalid(
            "dossier.pdf_encrypted",
            "PDF 文件已加密或设置了密码，请取消加密后重新提交。",
        ),
        PdfError::NoPages => AppError::invalid("dossier.pdf_no_pages", "PDF 文件没有页面。"),
        _ => AppError::invalid(
            "dossier.pdf_unreadable",
            "PDF 文件已损坏或无法解析，请重新生成后提交。",
        ),
    }
}
