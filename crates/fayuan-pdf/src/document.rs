//! Loading, creating and saving lopdf documents, and the page-tree lookups the other modules
//! share.

use lopdf::{Dictionary, Document, Object, ObjectId, dictionary};

use crate::PdfError;

/// Width of an A4 page in points.
pub(crate) const A4_WIDTH: f32 = 595.0;
/// Height of an A4 page in points.
pub(crate) const A4_HEIGHT: f32 = 842.0;

/// How many ancestors a page may have before the tree is treated as hostile.
const MAX_TREE_DEPTH: usize = 64;

/// Page attributes a page may inherit from its ancestors (ISO 32000-1, 7.7.3.4).
pub(crate) const INHERITABLE: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Parses a PDF, refusing an encrypted one (even one that opens with an empty password).
pub(crate) fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    match Document::load_mem(bytes) {
        Ok(doc) if doc.is_encrypted() || doc.was_encrypted() => Err(PdfError::Encrypted),
        Ok(doc) => Ok(doc),
        Err(_) if Document::load_metadata_mem(bytes).is_ok_and(|meta| meta.encrypted) => {
            Err(PdfError::Encrypted)
        }
        Err(err) => Err(PdfError::Unreadable(err.to_string())),
    }
}

/// Serialises a document.
pub(crate) fn save(doc: &mut Document) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(write_error)?;
    Ok(out)
}

/// Reserves an object number.
pub(crate) fn new_id(doc: &mut Document) -> Result<ObjectId, PdfError> {
    doc.try_new_object_id().map_err(write_error)
}

/// Adds an object under a fresh object number.
pub(crate) fn add(doc: &mut Document, object: impl Into<Object>) -> Result<ObjectId, PdfError> {
    doc.try_add_object(object).map_err(write_error)
}

/// Writes the page tree node `pages_id` (reserved by the caller) with `kids` and a catalog
/// pointing at it, and makes that catalog the document's root. Returns the catalog's id.
pub(crate) fn finish(
    doc: &mut Document,
    pages_id: ObjectId,
    kids: &[ObjectId],
    catalog: Dictionary,
) -> Result<ObjectId, PdfError> {
    let pages = dictionary! {
        "Type" => "Pages",
        "Kids" => kids.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>(),
        "Count" => i64::try_from(kids.len()).map_err(write_error)?,
    };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = catalog;
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    let catalog_id = add(doc, catalog)?;
    doc.trailer.set("Root", catalog_id);
    Ok(catalog_id)
}

/// The page ids of a document in page order; an empty tree is [`PdfError::NoPages`].
pub(crate) fn pages(doc: &Document) -> Result<Vec<ObjectId>, PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    Ok(pages)
}

/// The value of an inheritable page attribute: the page's own, else its nearest ancestor's.
pub(crate) fn inherited(doc: &Document, page_id: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// The dictionary an object is or refers to, if any.
pub(crate) fn resolve_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object)
        .ok()
        .and_then(|(_, object)| object.as_dict().ok())
}

/// The visible area of a page as `(x, y, width, height)`: its crop box, else its media box,
/// else A4.
pub(crate) fn page_box(doc: &Document, page_id: ObjectId) -> (f32, f32, f32, f32) {
    [b"CropBox".as_slice(), b"MediaBox"]
        .into_iter()
        .filter_map(|key| inherited(doc, page_id, key))
        .find_map(|rect| rectangle(doc, &rect))
        .unwrap_or((0.0, 0.0, A4_WIDTH, A4_HEIGHT))
}

/// A PDF rectangle normalised to its lower-left corner and a positive size.
fn rectangle(doc: &Document, object: &Object) -> Option<(f32, f32, f32, f32)> {
    let (_, object) = doc.dereference(object).ok()?;
    let numbers = object
        .as_array()
        .ok()?
        .iter()
        .map(|n| doc.dereference(n).ok().and_then(|(_, n)| n.as_float().ok()))
        .collect::<Option<Vec<f32>>>()?;
    let [x1, y1, x2, y2] = numbers.as_slice() else {
        return None;
    };
    let (width, height) = ((x2 - x1).abs(), (y2 - y1).abs());
    (width > 0.0 && height > 0.0).then_some((x1.min(*x2), y1.min(*y2), width, height))
}

/// Describes a failure to build or serialise a document.
fn write_error(err: impl std::fmt::Display) -> PdfError {
    PdfError::Write(err.to_string())
}
