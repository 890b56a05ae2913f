//! The blob store adapter over `object_store`: a local directory by default, any S3-compatible
//! endpoint by configuration. Blobs live at `blobs/<aa>/<bb>/<sha256>`; an upload is first
//! written to `tmp/<uuid>`, its SHA-256 and SM3 checked against what the caller expects, and
//! only then renamed into place. On a local directory the file and its directory are synced
//! before `put_file` returns, so the caller's database row never outlives a power cut without
//! its blob.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use fayuan_core::digest::{ContentHash, ContentHasher};
use fayuan_domain::DomainError;
use fayuan_domain::ports::{BlobStore, StoredObject};
use futures_util::StreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::AsyncReadExt;

/// Bytes read from the staged file per part.
const CHUNK: usize = 8 * 1024 * 1024;

/// Where blobs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobLocation {
    /// A directory on this machine.
    Local(PathBuf),
    /// An S3-compatible bucket.
    S3 {
        /// Endpoint URL, e.g. `http://127.0.0.1:9000`.
        endpoint: String,
        /// Bucket.
        bucket: String,
        /// Region (any string for most S3-compatible servers).
        region: String,
        /// Access key id.
        access_key_id: String,
        /// Secret access key.
        secret_access_key: String,
    },
}

/// [`BlobStore`] over any `object_store` backend.
#[derive(Debug, Clone)]
pub struct ObjectBlobStore {
    store: Arc<dyn ObjectStore>,
    /// The local root, when local: synced after each write.
    local_root: Option<PathBuf>,
}

impl ObjectBlobStore {
    /// Opens (creating a local directory if needed) the configured location.
    pub fn open(location: &BlobLocation) -> Result<Self, DomainError> {
        match location {
            BlobLocation::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(storage)?;
                let root = std::fs::canonicalize(dir).map_err(storage)?;
                let store = LocalFileSystem::new_with_prefix(&root).map_err(storage)?;
                Ok(Self {
                    store: Arc::new(store),
                    local_root: Some(root),
                })
            }
            BlobLocation::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                secret_access_key,
            } => {
                // TLS goes through rustls with ring, the one provider compiled in; reqwest is
                // built without a default provider, so install it (a no-op when already set).
                let _ = rustls::crypto::ring::default_provider().install_default();
                let store = object_store::aws::AmazonS3Builder::new()
                    .with_endpoint(endpoint)
                    .with_bucket_name(bucket)
                    .with_region(region)
                    .with_access_key_id(access_key_id)
                    .with_secret_access_key(secret_access_key)
                    .with_allow_http(endpoint.starts_with("http://"))
                    .build()
                    .map_err(storage)?;
                Ok(Self {
                    store: Arc::new(store),
                    local_root: None,
                })
            }
        }
    }

    fn blob_path(sha256: &str) -> Result<Path, DomainError> {
        if !ContentHash::is_sha256_hex(sha256) {
            return Err(DomainError::NotFound);
        }
        Ok(Path::from(format!(
            "blobs/{}/{}/{sha256}",
            &sha256[..2],
            &sha256[2..4]
        )))
    }

    /// Syncs a local file and its directory (no-op for remote stores).
    async fn sync_local(&self, path: &Path) -> Result<(), DomainError> {
        let Some(root) = &self.local_root else {
            return Ok(());
        };
        let file = root.join(path.as_ref());
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            std::fs::File::open(&file)?.sync_all()?;
            if let Some(dir) = file.parent() {
                std::fs::File::open(dir)?.sync_all()?;
            }
            Ok(())
        })
        .await
        .map_err(storage)?
        .map_err(storage)
    }
}

fn storage(e: impl std::fmt::Display) -> DomainError {
    DomainError::Storage(format!("blob store: {e}"))
}

fn not_found_or_storage(e: object_store::Error) -> DomainError {
    match e {
        object_store::Error::NotFound { .. } => DomainError::NotFound,
        other => storage(other),
    }
}

#[async_trait]
impl BlobStore for ObjectBlobStore {
    async fn put_file(&self, staged: &FsPath, expected: &ContentHash) -> Result<(), DomainError> {
        let target = Self::blob_path(&expected.sha256)?;
        let temporary = Path::from(format!("tmp/{}", uuid::Uuid::now_v7()));
        let upload = self
            .store
            .put_multipart(&temporary)
            .await
            .map_err(storage)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, CHUNK);
        let mut file = tokio::fs::File::open(staged).await.map_err(storage)?;
        let mut hasher = ContentHasher::default();
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = file.read(&mut buf).await.map_err(storage)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            writer.wait_for_capacity(2).await.map_err(storage)?;
            writer.write(&buf[..n]);
        }
        writer.finish().await.map_err(storage)?;
        let (actual, _) = hasher.finish();
        if &actual != expected {
            // Best effort: the sweeper removes what is left.
            let _ = self.store.delete(&temporary).await;
            return Err(DomainError::invalid(
                "dossier.hash_mismatch",
                "文件在传输中发生变化，请重新上传。",
            ));
        }
        self.store
            .rename(&temporary, &target)
            .await
            .map_err(storage)?;
        self.sync_local(&target).await
    }

    async fn get(&self, sha256: &str) -> Result<Vec<u8>, DomainError> {
        let path = Self::blob_path(sha256)?;
        let result = self.store.get(&path).await.map_err(not_found_or_storage)?;
        let bytes = result.bytes().await.map_err(storage)?;
        Ok(bytes.to_vec())
    }

    async fn get_range(&self, sha256: &str, start: u64, end: u64) -> Result<Vec<u8>, DomainError> {
        let path = Self::blob_path(sha256)?;
        if start >= end {
            return Ok(Vec::new());
        }
        let bytes = self
            .store
            .get_range(&path, start..end)
            .await
            .map_err(not_found_or_storage)?;
        Ok(bytes.to_vec())
    }

    async fn exists(&self, sha256: &str) -> Result<bool, DomainError> {
        let path = Self::blob_path(sha256)?;
        match self.store.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(storage(e)),
        }
    }

    async fn list(&self) -> Result<Vec<StoredObject>, DomainError> {
        let mut out = Vec::new();
        for prefix in ["blobs", "tmp"] {
            let mut listing = self.store.list(Some(&Path::from(prefix)));
            while let Some(meta) = listing.next().await {
                let meta = meta.map_err(storage)?;
                let key = meta.location.to_string();
                let sha256 = (prefix == "blobs")
                    .then(|| meta.location.filename().map(str::to_owned))
                    .flatten()
                    .filter(|name| ContentHash::is_sha256_hex(name));
                out.push(StoredObject {
                    key,
                    sha256,
                    modified_at_us: meta.last_modified.timestamp_micros(),
                    size: meta.size,
                });
            }
        }
        Ok(out)
    }

    async fn delete(&self, key: &str) -> Result<(), DomainError> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage(e)),
        }
    }

    async fn check(&self) -> Result<(), DomainError> {
        let probe = Path::from(format!("tmp/probe-{}", uuid::Uuid::now_v7()));
        self.store
            .put(&probe, object_store::PutPayload::from_static(b"fayuan"))
            .await
            .map_err(storage)?;
        self.delete(probe.as_ref()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fayuan-blobs-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The S3 adapter builds (TLS provider in place) without contacting the endpoint.
    #[test]
    fn s3_location_opens() {
        let store = ObjectBlobStore::open(&BlobLocation::S3 {
            endpoint: "https://s3.example.invalid".into(),
            bucket: "fayuan".into(),
            region: "cn-north-1".into(),
            access_key_id: "id".into(),
            secret_access_key: "secret".into(),
        });
        assert!(store.is_ok(), "{store:?}");
    }

    #[tokio::test]
    async fn put_verifies_and_renames() {
        let dir = scratch();
        let store = ObjectBlobStore::open(&BlobLocation::Local(dir.join("store"))).unwrap();
        let staged = dir.join("staged");
        std::fs::write(&staged, b"%PDF-1.7 hello").unwrap();
        let hash = ContentHash::of(b"%PDF-1.7 hello");
        store.put_file(&staged, &hash).await.unwrap();
        assert!(store.exists(&hash.sha256).await.unwrap());
        assert_eq!(store.get(&hash.sha256).await.unwrap(), b"%PDF-1.7 hello");
        assert_eq!(store.get_range(&hash.sha256, 1, 4).await.unwrap(), b"PDF");
        let listed = store.list().await.unwrap();
        assert_eq!(listed.len(), 1, "no temporary left: {listed:?}");
        assert_eq!(listed[0].sha256.as_deref(), Some(hash.sha256.as_str()));

        // A digest that does not match is refused and leaves no blob.
        let wrong = ContentHash::of(b"something else");
        assert!(store.put_file(&staged, &wrong).await.is_err());
        assert!(!store.exists(&wrong.sha256).await.unwrap());
        assert_eq!(store.list().await.unwrap().len(), 1);

        store.delete(&listed[0].key).await.unwrap();
        assert!(!store.exists(&hash.sha256).await.unwrap());
        assert!(matches!(
            store.get("../../etc/passwd").await,
            Err(DomainError::NotFound)
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
