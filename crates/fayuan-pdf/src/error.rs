//! The one error type of the crate.

/// Why a PDF or an image could not be read, inspected or produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The PDF declares encryption (an `/Encrypt` entry); the dossier only accepts open files.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// The bytes are not a PDF that can be parsed.
    #[error("the PDF cannot be read: {0}")]
    Unreadable(String),
    /// The PDF parses but has no pages.
    #[error("the PDF has no pages")]
    NoPages,
    /// The image format or variant cannot be turned into PDF pages (for example TIFF, 12-bit or
    /// lossless JPEG, or a picture too large to decode).
    #[error("unsupported image: {0}")]
    UnsupportedImage(String),
    /// The image header is malformed or truncated.
    #[error("invalid image: {0}")]
    InvalidImage(String),
    /// A PDF could not be written.
    #[error("the PDF cannot be written: {0}")]
    Write(String),
    /// Reading from the caller's reader failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
