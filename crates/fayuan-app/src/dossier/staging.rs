//! Uploads arrive as a stream and are written to a staging file under the data directory while
//! both digests are computed; memory stays flat whatever the file size. The staging file is
//! removed when dropped — whether the upload was refused, stored or abandoned — and the blob
//! sweeper removes any left by a crash.

use std::path::{Path, PathBuf};

use fayuan_core::digest::{ContentHash, ContentHasher};
use tokio::io::AsyncWriteExt;

use crate::AppError;

/// How many leading bytes are kept for format recognition (enough for a ZIP's first entry name).
const HEAD_BYTES: usize = 8 * 1024;

/// A file being received.
pub struct StagedUpload {
    path: PathBuf,
    file: Option<tokio::fs::File>,
    file_name: String,
    hasher: ContentHasher,
    head: Vec<u8>,
    limit: u64,
}

impl StagedUpload {
    /// Starts receiving `file_name` into a new file under `dir`, refusing more than `limit`
    /// bytes.
    pub async fn create(dir: &Path, file_name: &str, limit: u64) -> Result<Self, AppError> {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| AppError::Internal(format!("staging dir: {e}")))?;
        let path = dir.join(format!("upload-{}", uuid_like()));
        let file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| AppError::Internal(format!("staging file: {e}")))?;
        Ok(Self {
            path,
            file: Some(file),
            file_name: clean_file_name(file_name),
            hasher: ContentHasher::default(),
            head: Vec::new(),
            limit,
        })
    }

    /// Appends a chunk.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        let total = self.hasher.len().saturating_add(chunk.len() as u64);
        if total > self.limit {
            return Err(AppError::invalid(
                "dossier.file_too_large",
                format!("单个文件不得超过 {} MB。", self.limit / (1024 * 1024)),
            ));
        }
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| AppError::Internal("staging file closed".into()))?;
        file.write_all(chunk)
            .await
            .map_err(|e| AppError::Internal(format!("staging write: {e}")))
    }

    /// Bytes received so far.
    pub fn len(&self) -> u64 {
        self.hasher.len()
    }

    /// Whether nothing was received.
    pub fn is_empty(&self) -> bool {
        self.hasher.is_empty()
    }

    /// Completes the upload.
    pub async fn finish(mut self) -> Result<StagedFile, AppError> {
        if let Some(mut file) = self.file.take() {
            file.flush()
                .await
                .map_err(|e| AppError::Internal(format!("staging flush: {e}")))?;
        }
        let (hash, size) = std::mem::take(&mut self.hasher).finish();
        Ok(StagedFile {
            path: std::mem::take(&mut self.path),
            file_name: std::mem::take(&mut self.file_name),
            size,
            hash,
            head: std::mem::take(&mut self.head),
        })
    }
}

impl Drop for StagedUpload {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A received file waiting to be checked and stored; removed from disk when dropped.
pub struct StagedFile {
    /// Where it is.
    pub path: PathBuf,
    /// The submitter's file name (cleaned of directories).
    pub file_name: String,
    /// Bytes.
    pub size: u64,
    /// Digests.
    pub hash: ContentHash,
    /// Leading bytes, for format recognition.
    pub head: Vec<u8>,
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The last path component of a submitted name, without control characters, at most 200
/// characters; `未命名` when nothing is left.
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "未命名".into()
    } else {
        cleaned
    }
}

/// A unique staging name.
fn uuid_like() -> String {
    fayuan_core::id::MaterialId::new().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name("C:\\Users\\a\\借条.pdf"), "借条.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(".."), "未命名");
        assert_eq!(clean_file_name(""), "未命名");
    }

    #[tokio::test]
    async fn staging_hashes_limits_and_cleans_up() {
        let dir = std::env::temp_dir().join(format!("fayuan-staging-{}", uuid_like()));
        let mut upload = StagedUpload::create(&dir, "a.pdf", 10).await.unwrap();
        upload.write(b"%PDF-").await.unwrap();
        upload.write(b"1.7").await.unwrap();
        let staged = upload.finish().await.unwrap();
        assert_eq!(staged.size, 8);
        assert_eq!(staged.hash, ContentHash::of(b"%PDF-1.7"));
        assert_eq!(staged.head, b"%PDF-1.7");
        let path = staged.path.clone();
        assert!(path.exists());
        drop(staged);
        assert!(!path.exists(), "a dropped staged file is removed");

        let mut upload = StagedUpload::create(&dir, "b.pdf", 4).await.unwrap();
        let refused = upload.write(b"12345").await;
        assert!(matches!(
            refused,
            Err(AppError::Invalid {
                code: "dossier.file_too_large",
                ..
            })
        ));
        drop(upload);
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "nothing left behind"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
