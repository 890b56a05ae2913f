//! Typesets court documents to PDF with typst (the `DocumentRenderer` adapter of the shared map).
//!
//! One layout (`document.typ`) sets every document on A4: the court and the title centred at the
//! head, the document number, the addressee, the parties, form rows as a table, the paragraphs
//! justified with a two-character indent, the signatures and the date, and a footer on every page
//! with the court, the number and 第N页 共M页. The text reaches typst as JSON strings, never as
//! markup, so nothing a clerk types can change the layout.
//!
//! Chinese needs a CJK font, embedded (subset) in every PDF. Debian's `fonts-noto-cjk` (Noto
//! Serif CJK SC) or `fonts-wqy-zenhei` are found at the usual places; other fonts can be
//! configured by file. Without one the caller falls back to the plain renderer.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fayuan_domain::DomainError;
use fayuan_domain::documents::CourtDocument;
use fayuan_domain::ports::DocumentRenderer;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The layout every document is set in.
const LAYOUT: &str = include_str!("document.typ");

/// CJK font files looked for when none is configured, best first, with the family each gives:
/// the Song-style serif court documents use, then sans and WenQuanYi faces as fallbacks.
const KNOWN_FONTS: &[(&str, &str)] = &[
    (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "Noto Serif CJK SC",
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "Noto Serif CJK SC",
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "Noto Sans CJK SC",
    ),
    (
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "WenQuanYi Zen Hei",
    ),
    (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "WenQuanYi Micro Hei",
    ),
];

/// Why a document could not be typeset.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No CJK font was found or configured.
    #[error("no CJK font found: install fonts-noto-cjk or configure [documents] fonts")]
    NoFont,
    /// A configured font file could not be read or holds no font.
    #[error("font {path}: {reason}")]
    Font {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// typst refused the document.
    #[error("typesetting: {0}")]
    Typeset(String),
}

/// The fonts a renderer typesets with: files and the family names to ask for, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    /// Font files (TTF, OTF or collections).
    pub files: Vec<PathBuf>,
    /// Family names, preferred first (typst falls back along the list).
    pub families: Vec<String>,
}

impl FontChoice {
    /// The configured files (with `family` first, if given), or else the known CJK fonts that
    /// exist on this machine; `None` when there are none.
    pub fn find(configured: &[PathBuf], family: Option<&str>) -> Option<Self> {
        let mut files: Vec<PathBuf> = configured.to_vec();
        let mut families: Vec<String> = family.map(str::to_owned).into_iter().collect();
        if files.is_empty() {
            for (path, name) in KNOWN_FONTS {
                if Path::new(path).is_file() {
                    files.push(PathBuf::from(path));
                    if !families.iter().any(|f| f == name) {
                        families.push((*name).to_owned());
                    }
                }
            }
        } else {
            families.extend(KNOWN_FONTS.iter().map(|(_, name)| (*name).to_owned()));
            families.dedup();
        }
        (!files.is_empty()).then_some(Self { files, families })
    }
}

/// What every compilation shares: the standard library, the fonts and the layout.
struct Resources {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
    layout: Source,
    families: Vec<String>,
}

impl Resources {
    fn load(choice: &FontChoice) -> Result<Self, RenderError> {
        let mut fonts = Vec::new();
        for path in &choice.files {
            let data = std::fs::read(path).map_err(|e| RenderError::Font {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(RenderError::Font {
                    path: path.clone(),
                    reason: "no font in the file".into(),
                });
            }
        }
        let main = project_file("/document.typ")?;
        Ok(Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            data: project_file("/document.json")?,
            layout: Source::new(main, LAYOUT.to_owned()),
            families: choice.families.clone(),
        })
    }
}

/// The id of a file at `name` in the project.
fn project_file(name: &str) -> Result<FileId, RenderError> {
    let vpath = VirtualPath::new(name).map_err(|e| RenderError::Typeset(e.to_string()))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One document's compilation: the shared resources plus the document's data and pictures
/// (served as `/image-N.png`, the only other files the layout may read).
struct DocumentWorld<'a> {
    resources: &'a Resources,
    data: Bytes,
    images: Vec<(FileId, Bytes)>,
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.resources.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.resources.book
    }

    fn main(&self) -> FileId {
        self.resources.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.resources.main {
            Ok(self.resources.layout.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.resources.data {
            Ok(self.data.clone())
        } else if let Some((_, bytes)) = self.images.iter().find(|(i, _)| *i == id) {
            Ok(bytes.clone())
        } else if id == self.resources.main {
            Ok(Bytes::from_string(self.resources.layout.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.resources.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// The typst renderer. Fonts are read on the first document, once per renderer.
pub struct TypstRenderer {
    choice: FontChoice,
    resources: OnceLock<Result<Resources, String>>,
}

impl std::fmt::Debug for TypstRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypstRenderer")
            .field("choice", &self.choice)
            .finish_non_exhaustive()
    }
}

impl TypstRenderer {
    /// A renderer with these fonts.
    pub fn new(choice: FontChoice) -> Self {
        Self {
            choice,
            resources: OnceLock::new(),
        }
    }

    /// The fonts it typesets with.
    pub fn choice(&self) -> &FontChoice {
        &self.choice
    }

    /// A renderer with the fonts found on this machine, if any.
    pub fn discover(configured: &[PathBuf], family: Option<&str>) -> Result<Self, RenderError> {
        FontChoice::find(configured, family)
            .map(Self::new)
            .ok_or(RenderError::NoFont)
    }

    /// Reads the fonts now rather than on the first document, so a bad font file is reported
    /// at start-up.
    pub fn preload(&self) -> Result<(), RenderError> {
        self.resources().map(|_| ())
    }

    fn resources(&self) -> Result<&Resources, RenderError> {
        self.resources
            .get_or_init(|| Resources::load(&self.choice).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| RenderError::Typeset(e.clone()))
    }

    /// The PDF of a document.
    pub fn typeset(&self, document: &CourtDocument) -> Result<Vec<u8>, RenderError> {
        let resources = self.resources()?;
        let data = serde_json::json!({
            "fonts": resources.families,
            "court": document.court,
            "title": document.title,
            "number": document.number,
            "addressee": document.addressee,
            "parties": document.parties,
            "fields": document.fields.iter().map(|f| serde_json::json!({
                "label": f.label,
                "value": f.value,
            })).collect::<Vec<_>>(),
            "paragraphs": document.paragraphs,
            "signatures": document.signatures,
            "date": document.date,
            "images": document.images.iter().enumerate().map(|(i, image)| serde_json::json!({
                "caption": image.caption,
                "path": format!("/image-{i}.png"),
            })).collect::<Vec<_>>(),
            "footer": format!("{}　{}", document.court, document.number),
        });
        let mut images = Vec::new();
        for (i, image) in document.images.iter().enumerate() {
            images.push((
                project_file(&format!("/image-{i}.png"))?,
                Bytes::new(image.png.clone()),
            ));
        }
        let world = DocumentWorld {
            resources,
            data: Bytes::from_string(data.to_string()),
            images,
        };
        let compiled = typst::compile::<PagedDocument>(&world).output;
        // Memoised layout results of older documents are of no further use.
        typst::comemo::evict(4);
        let paged = compiled.map_err(|errors| typeset_error(&errors))?;
        typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default())
            .map_err(|errors| typeset_error(&errors))
    }
}

/// typst's diagnostics as one error.
fn typeset_error(errors: &[typst::diag::SourceDiagnostic]) -> RenderError {
    RenderError::Typeset(
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

impl DocumentRenderer for TypstRenderer {
    fn render(&self, document: &CourtDocument) -> Result<Vec<u8>, DomainError> {
        self.typeset(document)
            .map_err(|e| DomainError::Storage(format!("rendering the document: {e}")))
    }
}

#[cfg(test)]
mod tests;
