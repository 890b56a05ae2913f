//! A backup directory and its manifest (`MANIFEST.json`): what each part holds, file by file
//! with its size and digests, so a restore checks every byte before putting anything in place.
//!
//! Layout: `fayuan.db` (SQLite) or `fayuan.pgdump` (PostgreSQL, made by `pg_dump`) at the top,
//! the blob directory under `blobs/`, the ledger's key directory under `ledger/`.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use fayuan_core::digest::{ContentHash, ContentHasher};
use serde::{Deserialize, Serialize};

/// The manifest's format line; a restore refuses any other.
pub const FORMAT: &str = "fayuan-backup/1";
/// The manifest's file name in the backup directory.
pub const MANIFEST_FILE: &str = "MANIFEST.json";
/// The SQLite snapshot's file name.
pub const SQLITE_FILE: &str = "fayuan.db";
/// The PostgreSQL dump's file name (made by the operator with `pg_dump`).
pub const PG_DUMP_FILE: &str = "fayuan.pgdump";

/// The database backend a backup was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    /// The embedded database: its snapshot is in the backup.
    Sqlite,
    /// PostgreSQL: dumped with its own tools (`POSTGRESQL.txt`).
    Postgresql,
}

/// Where the installation kept its blobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlobStoreKind {
    /// A local directory: copied into the backup.
    Local,
    /// An S3 bucket: not copied (its versioning or replication covers it).
    S3,
}

/// One part of a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartName {
    /// The database snapshot or dump.
    Database,
    /// The blob directory (dossier files).
    Blobs,
    /// The ledger's signing keys.
    Ledger,
}

impl PartName {
    /// The part's directory inside the backup directory `backup`.
    pub fn dir_in(self, backup: &Path) -> PathBuf {
        match self {
            PartName::Database => backup.to_path_buf(),
            PartName::Blobs => backup.join("blobs"),
            PartName::Ledger => backup.join("ledger"),
        }
    }

    /// The part's name for people, Chinese and English.
    pub fn label(self) -> &'static str {
        match self {
            PartName::Database => "数据库 database",
            PartName::Blobs => "卷宗文件 blobs",
            PartName::Ledger => "存证密钥 ledger keys",
        }
    }
}

/// One file of a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its path inside the part's directory, `/`-separated.
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// SM3 (GB/T 32905), lowercase hex.
    pub sm3: String,
}

/// A part: its totals and its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Which part.
    pub name: PartName,
    /// Number of files.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// Every file, in path order.
    pub entries: Vec<FileEntry>,
}

impl Part {
    /// A part with the totals of `entries`.
    pub fn new(name: PartName, entries: Vec<FileEntry>) -> Self {
        Part {
            name,
            files: entries.len() as u64,
            bytes: entries.iter().map(|e| e.bytes).sum(),
            entries,
        }
    }

    /// The summary line printed by backup and restore.
    pub fn summary(&self) -> String {
        format!(
            "  {}: {} 个文件 files, {}",
            self.name.label(),
            self.files,
            human_size(self.bytes)
        )
    }
}

/// The manifest of a backup directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The fayuan version that wrote it.
    pub fayuan_version: String,
    /// When the backup was taken, RFC 3339 UTC.
    pub created_at: String,
    /// The database backend.
    pub database: DatabaseKind,
    /// Where the blobs were.
    pub blob_store: BlobStoreKind,
    /// The parts present.
    pub parts: Vec<Part>,
}

impl Manifest {
    /// The part named `name`, when present.
    pub fn part(&self, name: PartName) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// Writes `MANIFEST.json` into `dir` durably (a temporary name, then a rename).
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        let temporary = dir.join(format!("{MANIFEST_FILE}.tmp"));
        let mut file =
            File::create(&temporary).with_context(|| format!("writing {}", temporary.display()))?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        fs::rename(&temporary, dir.join(MANIFEST_FILE))?;
        sync_dir(dir)
    }

    /// Reads and checks the manifest of the backup in `dir`: the format, safe paths, and totals
    /// that agree with the files listed.
    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(MANIFEST_FILE);
        let text = fs::read_to_string(&path)
            .with_context(|| format!("没有备份清单 / no backup manifest at {}", path.display()))?;
        let manifest: Manifest = serde_json::from_str(&text).with_context(|| {
            format!("备份清单无法解析 / unreadable manifest {}", path.display())
        })?;
        if manifest.format != FORMAT {
            bail!(
                "备份格式不受支持 / unsupported backup format {:?} (expected {FORMAT})",
                manifest.format
            );
        }
        for part in &manifest.parts {
            check_part(part)?;
        }
        Ok(manifest)
    }
}

/// Refuses a part whose totals disagree with its files or whose paths leave its directory.
fn check_part(part: &Part) -> anyhow::Result<()> {
    if Part::new(part.name, part.entries.clone()) != *part {
        bail!(
            "备份清单自相矛盾 / the manifest's totals for {} disagree with its files",
            part.name.label()
        );
    }
    for entry in &part.entries {
        safe_relative(&entry.path)?;
    }
    Ok(())
}

/// The relative path `path` (`/`-separated), refused when it is empty, absolute or climbs out.
pub fn safe_relative(path: &str) -> anyhow::Result<PathBuf> {
    let relative = PathBuf::from(path);
    let plain = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        bail!("备份清单中的路径不安全 / unsafe path in the manifest: {path:?}");
    }
    Ok(relative)
}

/// The size and digests of what passed through.
pub struct Copied {
    /// Bytes.
    pub bytes: u64,
    /// SHA-256 and SM3.
    pub hash: ContentHash,
}

impl Copied {
    /// The manifest entry for this file at `path`.
    pub fn entry(self, path: String) -> FileEntry {
        FileEntry {
            path,
            bytes: self.bytes,
            sha256: self.hash.sha256,
            sm3: self.hash.sm3,
        }
    }

    /// Whether this is exactly the file `entry` describes.
    pub fn matches(&self, entry: &FileEntry) -> bool {
        self.bytes == entry.bytes && self.hash.sha256 == entry.sha256 && self.hash.sm3 == entry.sm3
    }
}

/// Streams `from` through the digests into `sink` (when given).
fn digest_stream(mut from: impl Read, mut sink: Option<&mut File>) -> io::Result<Copied> {
    let mut hasher = ContentHasher::default();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        if let Some(sink) = sink.as_mut() {
            sink.write_all(&buffer[..n])?;
        }
    }
    let (hash, bytes) = hasher.finish();
    Ok(Copied { bytes, hash })
}

/// The size and digests of a file.
pub fn hash_file(path: &Path) -> io::Result<Copied> {
    digest_stream(File::open(path)?, None)
}

/// Copies `from` to the new file `to` (creating its directories), hashing on the way; the copy
/// keeps the source's permissions (the ledger keys are the owner's only), never being readable
/// by others meanwhile, and is synced before this returns.
pub fn copy_hashed(from: &Path, to: &Path) -> io::Result<Copied> {
    let source = File::open(from)?;
    let permissions = source.metadata()?.permissions();
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut target = options.open(to)?;
    let copied = digest_stream(source, Some(&mut target))?;
    target.set_permissions(permissions)?;
    target.sync_all()?;
    Ok(copied)
}

/// Every file under `root` (not following symbolic links), as `/`-separated relative paths in
/// order, leaving out the top-level entries named in `skip`. A missing root has no files.
pub fn files_under(root: &Path, skip: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    if root.is_dir() {
        walk(root, "", skip, &mut found).with_context(|| format!("listing {}", root.display()))?;
    }
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, prefix: &str, skip: &[&str], found: &mut Vec<String>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            bail!("not a UTF-8 file name under {}", dir.display());
        };
        if prefix.is_empty() && skip.contains(&name) {
            continue;
        }
        let relative = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), &relative, skip, found)?;
        } else if kind.is_file() {
            found.push(relative);
        }
    }
    Ok(())
}

/// Whether any file lies under `dir` (stops at the first).
pub fn holds_files(dir: &Path) -> io::Result<bool> {
    if !dir.is_dir() {
        return Ok(false);
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if !kind.is_dir() || holds_files(&entry.path())? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Syncs `root` and every directory between it and the files at `relatives` under it, so the
/// names created there survive a power cut.
pub fn sync_dirs<'a>(
    root: &Path,
    relatives: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<()> {
    let mut dirs = BTreeSet::new();
    for relative in relatives {
        let mut dir = root.join(relative);
        while dir.pop() && dir.starts_with(root) && dirs.insert(dir.clone()) {}
    }
    dirs.insert(root.to_path_buf());
    dirs.iter().try_for_each(|dir| sync_dir(dir))
}

/// Syncs a directory, so the names created or renamed in it survive a power cut.
pub fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("syncing {}", dir.display()))
}

/// A size for people: bytes, KB, MB or GB (powers of 1024), one decimal.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_their_part() {
        assert!(safe_relative("blobs/ab/cd/ef").is_ok());
        for bad in ["", "/etc/passwd", "../x", "a/../../b", "./"] {
            assert!(safe_relative(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }
}
