//! Checks a staged file against the requirements the platform announces (Rules art. 19): the
//! format recognised from the content and matching the extension, the size, PDFs that parse
//! and are not encrypted, pictures clear enough and not decompression bombs, and — when a
//! scanner is configured — no malware.

use fayuan_domain::dossier::{FileFormat, UploadPolicy};
use fayuan_domain::ports::Scanner;
use fayuan_pdf::{ImageFormat, PdfError};

use super::staging::StagedFile;
use crate::AppError;

/// PDFs are parsed in memory (the whole file is read), so at most this many are parsed at
/// once: memory stays bounded by this many times the upload limit under any load.
static PDF_PARSES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

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
    let _permit = if format == FileFormat::Pdf {
        Some(
            PDF_PARSES
                .acquire()
                .await
                .map_err(|e| AppError::Internal(format!("pdf permits: {e}")))?,
        )
    } else {
        None
    };
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
            let info = match sparse_copy(path).map_err(io)? {
                // A large PDF is first read sparsely: its head and tail hold the header, the
                // cross-reference data and trailer, and usually the catalogue and page tree.
                Some(sparse) => match fayuan_pdf::inspect_pdf(&sparse) {
                    Ok(info) => Ok(info),
                    Err(PdfError::Encrypted) => Err(PdfError::Encrypted),
                    Err(_) => fayuan_pdf::inspect_pdf(&std::fs::read(path).map_err(io)?),
                },
                None => fayuan_pdf::inspect_pdf(&std::fs::read(path).map_err(io)?),
            }
            .map_err(pdf_refusal)?;
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
        FileFormat::Ofd | FileFormat::Docx | FileFormat::Webm => Ok(Inspection {
            format,
            pages: 1,
            pixels: None,
        }),
    }
}

/// PDFs up to this size are read whole; larger ones sparsely first.
const SPARSE_FROM: u64 = 32 * 1024 * 1024;
/// Bytes read from the start and the end of a large PDF.
const SPARSE_HEAD: u64 = 1024 * 1024;
const SPARSE_TAIL: u64 = 8 * 1024 * 1024;

/// A copy of a large file with only its head and tail read, the rest zero: the zeroed middle is
/// never touched, so it takes no memory (fresh zeroed pages are not resident until written).
/// `None` for files small enough to read whole.
fn sparse_copy(path: &std::path::Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len <= SPARSE_FROM {
        return Ok(None);
    }
    let size = usize::try_from(len).map_err(std::io::Error::other)?;
    let head = usize::try_from(SPARSE_HEAD).map_err(std::io::Error::other)?;
    let tail = usize::try_from(SPARSE_TAIL).map_err(std::io::Error::other)?;
    let mut copy = vec![0u8; size];
    file.read_exact(&mut copy[..head])?;
    file.seek(SeekFrom::Start(len - SPARSE_TAIL))?;
    file.read_exact(&mut copy[size - tail..])?;
    Ok(Some(copy))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF of at least `filler` bytes: objects written in `order` (1 catalog, 2 page
    /// tree, 3 page, 4 the filler stream), so the page tree can sit before or after the bulk.
    fn big_pdf(filler: usize, order: [usize; 4], encrypt: bool) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = [0usize; 6];
        for n in order {
            offsets[n] = out.len();
            match n {
                1 => out.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"),
                2 => out.extend_from_slice(
                    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
                ),
                3 => out.extend_from_slice(
                    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n",
                ),
                _ => {
                    out.extend_from_slice(format!("4 0 obj\n<< /Length {filler} >>\nstream\n").as_bytes());
                    out.resize(out.len() + filler, b'%');
                    out.extend_from_slice(b"\nendstream\nendobj\n");
                }
            }
        }
        offsets[5] = out.len();
        out.extend_from_slice(
            b"5 0 obj\n<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>\nendobj\n",
        );
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
        for offset in &offsets[1..] {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        let encrypt = if encrypt {
            " /Encrypt 5 0 R /ID [<01><01>]"
        } else {
            ""
        };
        out.extend_from_slice(
            format!("trailer\n<< /Size 6 /Root 1 0 R{encrypt} >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
    }

    fn inspect_file(bytes: &[u8]) -> Result<Inspection, AppError> {
        let path = std::env::temp_dir().join(format!("fayuan-inspect-{}", uuid_like()));
        std::fs::write(&path, bytes).unwrap();
        let result = content(&UploadPolicy::default(), FileFormat::Pdf, &path);
        std::fs::remove_file(&path).unwrap();
        result
    }

    fn uuid_like() -> String {
        fayuan_core::id::MaterialId::new().to_string()
    }

    #[test]
    fn large_pdfs_are_read_sparsely_or_whole() {
        let bulk = 40 * 1024 * 1024;
        // Page tree at the head: found by the sparse read.
        let head = big_pdf(bulk, [1, 2, 3, 4], false);
        assert_eq!(inspect_file(&head).unwrap().pages, 1);
        // The page object after the bulk, the tree before it: whatever the sparse read misses,
        // the whole file is read instead.
        let middle = big_pdf(bulk, [1, 2, 4, 3], false);
        assert_eq!(inspect_file(&middle).unwrap().pages, 1);
        // Encryption is in the trailer: refused either way.
        assert!(matches!(
            inspect_file(&big_pdf(bulk, [1, 2, 3, 4], true)),
            Err(AppError::Invalid {
                code: "dossier.pdf_encrypted",
                ..
            })
        ));
        // A small PDF is read whole.
        assert_eq!(
            inspect_file(&big_pdf(10, [1, 2, 3, 4], false))
                .unwrap()
                .pages,
            1
        );
    }
}
