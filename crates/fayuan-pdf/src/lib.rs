//! Reading and writing the files of an electronic dossier (电子卷宗): what a PDF or an image
//! is (pages, pixels, encryption), a visible watermark for readers, and one PDF per volume with
//! bookmarks. Pure functions over bytes; no I/O besides `Read`/`Seek` on a file the caller opened.

mod cjk;
pub mod compose;
mod document;
mod error;
pub mod image;
pub mod inspect;
#[cfg(test)]
mod test_support;
mod text;
pub mod volume;
pub mod watermark;

pub use compose::{document_pdf, image_to_pdf, notice_page};
pub use error::PdfError;
pub use image::{ImageFormat, dimensions};
pub use inspect::{PdfInfo, inspect_pdf, pdf_text};
pub use volume::{Assembled, VolumeCover, VolumeEntry, assemble, concatenate};
pub use watermark::watermark;
