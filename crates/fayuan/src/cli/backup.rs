//! `fayuan backup --to DIR`: a backup an operator can restore with `fayuan restore` (Rules arts.
//! 13, 37, 39). On SQLite, a consistent snapshot of the live database (`VACUUM INTO`, safe
//! while the server runs), then the blob directory — blobs are immutable and content-addressed,
//! so copying after the snapshot yields every blob it records (newer ones are harmless) — and
//! the ledger's key directory, with `MANIFEST.json` listing every file's size and digests. On
//! PostgreSQL the dump is `pg_dump`'s (`POSTGRESQL.txt` gives the commands); an S3 bucket is
//! not copied. The search index is derived and left out: `serve` rebuilds it.

pub mod manifest;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use fayuan_core::clock::{Clock, SystemClock};
use time::format_description::well_known::Rfc3339;

use crate::config::Settings;
use crate::wiring;
use manifest::{
    BlobStoreKind, DatabaseKind, FORMAT, Manifest, PG_DUMP_FILE, Part, PartName, SQLITE_FILE,
    copy_hashed, files_under, hash_file, sync_dirs,
};

/// The instructions file of a PostgreSQL backup.
pub const POSTGRESQL_NOTE: &str = "POSTGRESQL.txt";

/// The database backend the settings name.
pub fn database_kind(settings: &Settings) -> anyhow::Result<DatabaseKind> {
    let url = settings.database();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseKind::Postgresql)
    } else if url.starts_with("sqlite:") {
        Ok(DatabaseKind::Sqlite)
    } else {
        bail!("unsupported database URL (use sqlite:// or postgres://): {url}")
    }
}

/// The file of a SQLite URL (`sqlite://path` or `sqlite:path`, options after `?` ignored);
/// refused for an in-memory database.
pub fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path.contains(":memory:") {
        bail!("内存数据库无法备份或恢复 / an in-memory database has no file: {url}");
    }
    Ok(PathBuf::from(path))
}

/// The local blob directory (`blobs.dir`, by default `<data_dir>/blobs`), or `None` when the
/// blobs are in an S3 bucket — the same choice as [`wiring::open_blobs`].
pub fn local_blob_dir(settings: &Settings) -> Option<PathBuf> {
    let b = &settings.blobs;
    if b.s3_bucket.is_some() && b.s3_endpoint.is_some() {
        return None;
    }
    Some(
        b.dir
            .clone()
            .unwrap_or_else(|| settings.data_dir.join("blobs")),
    )
}

/// `url` with its password replaced by `****` (in the user part and in a `password=` option).
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:****@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let options: Vec<&str> = query
                .split('&')
                .map(|o| {
                    if o.starts_with("password=") {
                        "password=****"
                    } else {
                        o
                    }
                })
                .collect();
            format!("{path}?{}", options.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// `text` quoted for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The exact `pg_dump` / `pg_restore` commands for the database at `url` and the backup `dir`,
/// password masked.
pub fn postgresql_commands(url: &str, dir: &Path) -> String {
    let db = shell_quote(&mask_password(url));
    let dump = shell_quote(&dir.join(PG_DUMP_FILE).display().to_string());
    let dir = shell_quote(&dir.display().to_string());
    format!(
        "fayuan 不导出 PostgreSQL 数据库，请用 PostgreSQL 自带的工具。密码已隐去：请以 PGPASSWORD 或 ~/.pgpass 提供。\n\
         fayuan does not dump PostgreSQL itself: use PostgreSQL's tools. The password is masked:\n\
         supply it with PGPASSWORD or ~/.pgpass.\n\
         \n\
         备份：先导出数据库，再运行 fayuan backup（数据库记录的每个文件因此都被复制）。\n\
         Back up: dump first, then run fayuan backup (so every file the dump records is copied):\n\
         \n\
         \x20 pg_dump --format=custom --file={dump} --dbname={db}\n\
         \x20 fayuan backup --to {dir}\n\
         \n\
         恢复（先停止所有 fayuan 服务）/ Restore (with every fayuan server stopped):\n\
         \n\
         \x20 fayuan restore --from {dir}\n\
         \x20 pg_restore --clean --if-exists --no-owner --dbname={db} {dump}\n"
    )
}

/// Makes the backup directory: new, or empty — for PostgreSQL it may hold the dump taken just
/// before. Readable by the owner only: it holds the ledger's private keys.
fn prepare(to: &Path, database: DatabaseKind) -> anyhow::Result<()> {
    if to.exists() {
        let present = files_under(to, &[])?;
        let allowed = database == DatabaseKind::Postgresql && present == [PG_DUMP_FILE];
        if !present.is_empty() && !allowed {
            bail!(
                "备份目录不是空的，拒绝覆盖 / the backup directory is not empty: {} (choose a new or empty directory)",
                to.display()
            );
        }
    }
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Refuses a backup directory inside a directory being copied (it would copy itself).
fn refuse_nested(to: &Path, sources: &[&Path]) -> anyhow::Result<()> {
    let to = std::fs::canonicalize(to)?;
    for source in sources {
        if let Ok(source) = std::fs::canonicalize(source)
            && to.starts_with(&source)
        {
            bail!(
                "备份目录不能位于被备份的目录之内 / the backup directory lies inside {}",
                source.display()
            );
        }
    }
    Ok(())
}

/// The database part: the SQLite snapshot, or the PostgreSQL dump already in `to` (if any)
/// with the instructions written beside it.
async fn database_part(
    settings: &Settings,
    database: DatabaseKind,
    to: &Path,
    notes: &mut Vec<String>,
) -> anyhow::Result<Option<Part>> {
    let url = settings.database();
    let file = match database {
        DatabaseKind::Sqlite => {
            let live = sqlite_file(&url)?;
            if !live.is_file() {
                bail!("没有数据库可备份 / no database at {}", live.display());
            }
            let snapshot = to.join(SQLITE_FILE);
            fayuan_store_sqlite::backup_into(&url, &snapshot)
                .await
                .map_err(|e| anyhow::anyhow!("VACUUM INTO {}: {e}", snapshot.display()))?;
            std::fs::File::open(&snapshot)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("syncing {}", snapshot.display()))?;
            snapshot
        }
        DatabaseKind::Postgresql => {
            let commands = postgresql_commands(&url, to);
            std::fs::write(to.join(POSTGRESQL_NOTE), &commands)?;
            notes.push(commands);
            let dump = to.join(PG_DUMP_FILE);
            if !dump.is_file() {
                notes.push(format!(
                    "本备份不含数据库 / this backup holds no database dump: see {POSTGRESQL_NOTE}"
                ));
                return Ok(None);
            }
            dump
        }
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let copied = hash_file(&file).with_context(|| format!("reading {}", file.display()))?;
    Ok(Some(Part::new(
        PartName::Database,
        vec![copied.entry(name)],
    )))
}

/// Copies the files under `from` (leaving out the top-level `skip` entries) into the part's
/// directory of the backup `to`, hashing each. A file removed meanwhile (an unrecorded blob
/// swept) is left out.
fn copy_part(name: PartName, from: &Path, to: &Path, skip: &[&str]) -> anyhow::Result<Part> {
    let target = name.dir_in(to);
    let mut entries = Vec::new();
    for relative in files_under(from, skip)? {
        match copy_hashed(&from.join(&relative), &target.join(&relative)) {
            Ok(copied) => entries.push(copied.entry(relative)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("copying {relative}")),
        }
    }
    if target.is_dir() {
        sync_dirs(&target, entries.iter().map(|e| e.path.as_str()))?;
    }
    Ok(Part::new(name, entries))
}

/// The blob and key parts (blocking file copies).
fn file_parts(
    blob_dir: Option<&Path>,
    key_dir: &Path,
    to: &Path,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<Part>> {
    let mut parts = Vec::new();
    match blob_dir {
        // `tmp/` holds uploads in flight, never recorded yet.
        Some(dir) => parts.push(copy_part(PartName::Blobs, dir, to, &["tmp"])?),
        None => notes.push(
            "卷宗文件在 S3 存储桶中，未复制：请以存储桶的版本控制或复制保护它 / the blobs are in an S3 \
             bucket and were not copied: bucket versioning or replication must cover them"
                .into(),
        ),
    }
    if key_dir.is_dir() {
        parts.push(copy_part(PartName::Ledger, key_dir, to, &[])?);
        notes.push(
            "备份含存证签名私钥，请妥善保管 / the backup holds the ledger's private signing keys: keep it safe"
                .into(),
        );
    } else {
        notes.push(format!(
            "尚无存证密钥 / no ledger keys yet in {}",
            key_dir.display()
        ));
    }
    Ok(parts)
}

/// Backs up the installation the settings describe into `to` and prints a summary; returns
/// the manifest written.
pub async fn run(settings: &Settings, to: &Path) -> anyhow::Result<Manifest> {
    let started = Instant::now();
    let database = database_kind(settings)?;
    let blob_dir = local_blob_dir(settings);
    let blob_store = if blob_dir.is_some() {
        BlobStoreKind::Local
    } else {
        BlobStoreKind::S3
    };
    let key_dir = wiring::ledger_key_dir(settings);
    prepare(to, database)?;
    let sources: Vec<&Path> = blob_dir
        .iter()
        .map(PathBuf::as_path)
        .chain([key_dir.as_path()])
        .collect();
    refuse_nested(to, &sources)?;
    let mut notes = Vec::new();
    let mut parts: Vec<Part> = database_part(settings, database, to, &mut notes)
        .await?
        .into_iter()
        .collect();
    let target = to.to_path_buf();
    let (files, notes) = tokio::task::spawn_blocking(move || {
        file_parts(blob_dir.as_deref(), &key_dir, &target, &mut notes).map(|p| (p, notes))
    })
    .await??;
    parts.extend(files);
    let manifest = Manifest {
        format: FORMAT.into(),
        fayuan_version: env!("CARGO_PKG_VERSION").into(),
        created_at: SystemClock.now().format(&Rfc3339)?,
        database,
        blob_store,
        parts,
    };
    manifest.write(to)?;
    print_summary(&manifest, to, started, &notes);
    Ok(manifest)
}

fn print_summary(manifest: &Manifest, to: &Path, started: Instant, notes: &[String]) {
    println!("备份完成 / backup complete: {}", to.display());
    for part in &manifest.parts {
        println!("{}", part.summary());
    }
    println!(
        "  清单 manifest: {}; 用时 elapsed: {:.2} s",
        to.join(manifest::MANIFEST_FILE).display(),
        started.elapsed().as_secs_f64()
    );
    for note in notes {
        println!("{note}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_instructions() {
        assert_eq!(
            mask_password("postgres://fayuan:s3cret@db.example:5432/fayuan"),
            "postgres://fayuan:****@db.example:5432/fayuan"
        );
        assert_eq!(
            mask_password("postgresql://db/fayuan?sslmode=require&password=s3cret"),
            "postgresql://db/fayuan?sslmode=require&password=****"
        );
        assert_eq!(
            mask_password("postgres://fayuan@db/x"),
            "postgres://fayuan@db/x"
        );
        let commands = postgresql_commands("postgres://u:s3cret@db/f", Path::new("/b/it's"));
        assert!(!commands.contains("s3cret"));
        assert!(commands.contains("pg_dump --format=custom --file='/b/it'\\''s/fayuan.pgdump'"));
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite:///srv/court/fayuan.db?mode=rwc").unwrap(),
            PathBuf::from("/srv/court/fayuan.db")
        );
        assert_eq!(
            sqlite_file("sqlite:data/fayuan.db").unwrap(),
            PathBuf::from("data/fayuan.db")
        );
        assert!(sqlite_file("sqlite::memory:").is_err());
    }
}
