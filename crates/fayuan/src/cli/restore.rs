//! `fayuan restore --from DIR [--force]`: puts a backup made by `fayuan backup` in place for the
//! installation the settings describe, with its servers stopped. Nothing is touched until every
//! file has been copied next to its target (`<name>.restoring`) and found identical to the
//! manifest (size, SHA-256, SM3); then each part replaces its target by a rename, the replaced
//! data is removed last, and a failure part-way renames everything back. SQLite's `-wal`/`-shm`
//! files of a replaced database go with it (they belong to the old file), and the search index
//! is removed: `serve` rebuilds it from the restored database.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::backup::manifest::{
    DatabaseKind, FileEntry, Manifest, Part, PartName, copy_hashed, hash_file, holds_files,
    safe_relative, sync_dir, sync_dirs,
};
use crate::cli::backup::{database_kind, local_blob_dir, postgresql_commands, sqlite_file};
use crate::config::Settings;
use crate::wiring;

/// Where each part of the backup goes.
struct Targets {
    /// The SQLite database file; `None` for PostgreSQL (restored with `pg_restore`).
    database: Option<PathBuf>,
    /// The local blob directory, when the backup holds blobs.
    blobs: Option<PathBuf>,
    /// The ledger's key directory, when the backup holds keys.
    keys: Option<PathBuf>,
}

impl Targets {
    /// The targets in the order they are put in place: the database last, so an installation
    /// is never left with a database whose files are missing.
    fn in_order(&self, manifest: &Manifest) -> Vec<(PartName, PathBuf)> {
        [
            (PartName::Ledger, &self.keys),
            (PartName::Blobs, &self.blobs),
            (PartName::Database, &self.database),
        ]
        .into_iter()
        .filter_map(|(name, target)| Some((name, target.clone()?)))
        .filter(|(name, _)| manifest.part(*name).is_some())
        .collect()
    }
}

/// Matches the backup to the configured installation.
fn targets(settings: &Settings, manifest: &Manifest) -> anyhow::Result<Targets> {
    let configured = database_kind(settings)?;
    if configured != manifest.database {
        bail!(
            "备份的数据库类型（{:?}）与配置（{:?}）不符 / the backup's database ({:?}) is not the configured one ({:?})",
            manifest.database,
            configured,
            manifest.database,
            configured
        );
    }
    let database = match configured {
        DatabaseKind::Sqlite => Some(sqlite_file(&settings.database())?),
        DatabaseKind::Postgresql => None,
    };
    let blobs = match (manifest.part(PartName::Blobs), local_blob_dir(settings)) {
        (None, _) => None,
        (Some(_), Some(dir)) => Some(dir),
        (Some(_), None) => bail!(
            "配置的卷宗文件存储是 S3：请把备份的 blobs/ 目录上传到存储桶 / the blob store is an S3 \
             bucket: upload the backup's blobs/ directory to it instead"
        ),
    };
    let keys = manifest
        .part(PartName::Ledger)
        .map(|_| wiring::ledger_key_dir(settings));
    Ok(Targets {
        database,
        blobs,
        keys,
    })
}

/// Refuses to replace an existing database, blob files or keys (what `--force` allows).
fn refuse_occupied(targets: &Targets) -> anyhow::Result<()> {
    let mut occupied = Vec::new();
    if let Some(db) = &targets.database
        && fs::metadata(db).is_ok_and(|m| m.len() > 0)
    {
        occupied.push(db.display().to_string());
    }
    for dir in [&targets.blobs, &targets.keys].into_iter().flatten() {
        if holds_files(dir)? {
            occupied.push(dir.display().to_string());
        }
    }
    if !occupied.is_empty() {
        bail!(
            "目标已有数据，拒绝覆盖（确需覆盖请加 --force）/ the target already holds data (add --force \
             to replace it): {}",
            occupied.join(", ")
        );
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name (a sibling, so a rename stays on its disk).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes a file or a directory tree; nothing there is fine.
fn remove(path: &Path) -> anyhow::Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    result.with_context(|| format!("removing {}", path.display()))
}

/// Copies one backed-up file and checks it against its manifest entry, naming it on mismatch.
fn copy_verified(from: &Path, to: &Path, entry: &FileEntry, shown: &str) -> anyhow::Result<()> {
    let copied = copy_hashed(from, to)
        .with_context(|| format!("备份文件无法读取 / cannot copy backup file {shown}"))?;
    if !copied.matches(entry) {
        bail!(
            "备份文件与清单不符，拒绝恢复 / backup file {shown} does not match the manifest \
             (expected {} bytes SHA-256 {}, found {} bytes SHA-256 {})",
            entry.bytes,
            entry.sha256,
            copied.bytes,
            copied.hash.sha256
        );
    }
    Ok(())
}

/// Copies a part next to its target and verifies every file; returns the staged path.
fn stage(backup: &Path, part: &Part, target: &Path) -> anyhow::Result<PathBuf> {
    if part.name == PartName::Database && part.entries.len() != 1 {
        bail!(
            "备份清单的数据库部分应恰有一个文件 / the manifest's database part must hold one file"
        );
    }
    let staged = sibling(target, ".restoring");
    remove(&staged)?;
    if part.name != PartName::Database {
        // An empty part is an empty directory.
        fs::create_dir_all(&staged).with_context(|| format!("creating {}", staged.display()))?;
    }
    let source = part.name.dir_in(backup);
    let result = part.entries.iter().try_for_each(|entry| {
        let relative = safe_relative(&entry.path)?;
        let to = if part.name == PartName::Database {
            staged.clone()
        } else {
            staged.join(&relative)
        };
        let shown = source.join(&relative).display().to_string();
        copy_verified(&source.join(&relative), &to, entry, &shown)
    });
    let result = result.and_then(|()| match part.name {
        PartName::Database => Ok(()),
        _ => sync_dirs(&staged, part.entries.iter().map(|e| e.path.as_str())),
    });
    match result {
        Ok(()) => Ok(staged),
        Err(e) => {
            remove(&staged)?;
            Err(e)
        }
    }
}

/// Stages every part, or none: a failure removes what was staged.
fn stage_all(
    backup: &Path,
    manifest: &Manifest,
    order: &[(PartName, PathBuf)],
) -> anyhow::Result<Vec<PathBuf>> {
    let mut staged = Vec::new();
    for (name, target) in order {
        let part = manifest
            .part(*name)
            .context("a part disappeared from the manifest")?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        match stage(backup, part, target) {
            Ok(path) => staged.push(path),
            Err(e) => {
                for path in &staged {
                    remove(path)?;
                }
                return Err(e);
            }
        }
    }
    Ok(staged)
}

/// A rename done by the commit, and how to undo it.
struct Moved {
    target: PathBuf,
    /// Where the replaced data went, if there was any.
    aside: Option<PathBuf>,
    /// Whether the staged copy now sits at `target`.
    placed: bool,
}

/// Moves whatever is at `target` aside (`<name>.replaced`).
fn move_aside(target: &Path) -> anyhow::Result<Option<PathBuf>> {
    if fs::symlink_metadata(target).is_err() {
        return Ok(None);
    }
    let aside = sibling(target, ".replaced");
    remove(&aside)?;
    fs::rename(target, &aside).with_context(|| format!("moving {} aside", target.display()))?;
    Ok(Some(aside))
}

/// The renames of the commit, recorded in `moved` as they happen.
fn swap(
    placements: &[(PathBuf, PathBuf)],
    sidecars: &[PathBuf],
    moved: &mut Vec<Moved>,
) -> anyhow::Result<()> {
    for sidecar in sidecars {
        let aside = move_aside(sidecar)?;
        moved.push(Moved {
            target: sidecar.clone(),
            aside,
            placed: false,
        });
    }
    for (staged, target) in placements {
        let aside = move_aside(target)?;
        moved.push(Moved {
            target: target.clone(),
            aside,
            placed: false,
        });
        fs::rename(staged, target).with_context(|| format!("placing {}", target.display()))?;
        if let Some(last) = moved.last_mut() {
            last.placed = true;
        }
    }
    Ok(())
}

/// Undoes the renames in `moved` (latest first) and removes what was staged.
fn undo(moved: &[Moved], placements: &[(PathBuf, PathBuf)]) -> anyhow::Result<()> {
    for m in moved.iter().rev() {
        if m.placed {
            remove(&m.target)?;
        }
        if let Some(aside) = &m.aside {
            fs::rename(aside, &m.target)
                .with_context(|| format!("moving {} back", m.target.display()))?;
        }
    }
    placements.iter().try_for_each(|(staged, _)| remove(staged))
}

/// Puts every staged part in place, or (on failure) puts everything back as it was.
fn commit(placements: &[(PathBuf, PathBuf)], sidecars: &[PathBuf]) -> anyhow::Result<()> {
    let mut moved = Vec::new();
    if let Err(e) = swap(placements, sidecars, &mut moved) {
        return match undo(&moved, placements) {
            Ok(()) => Err(e),
            Err(u) => Err(e.context(format!(
                "撤销也失败，请手工检查 / undoing it failed too, check by hand: {u:#}"
            ))),
        };
    }
    for aside in moved.iter().filter_map(|m| m.aside.as_ref()) {
        remove(aside)?;
    }
    for (_, target) in placements {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty());
        sync_dir(parent.unwrap_or(Path::new(".")))?;
    }
    Ok(())
}

/// The journal files SQLite keeps beside `db`; they belong to the file they were written for.
fn sqlite_sidecars(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| sibling(db, suffix))
        .collect()
}

/// Checks the PostgreSQL dump where it lies (it is restored by `pg_restore`, not copied).
fn verify_dump(backup: &Path, part: &Part) -> anyhow::Result<()> {
    for entry in &part.entries {
        let path = backup.join(safe_relative(&entry.path)?);
        let found = hash_file(&path).with_context(|| format!("reading {}", path.display()))?;
        if !found.matches(entry) {
            bail!(
                "备份文件与清单不符，拒绝恢复 / backup file {} does not match the manifest",
                path.display()
            );
        }
    }
    Ok(())
}

fn restore_blocking(settings: &Settings, from: &Path, force: bool) -> anyhow::Result<Manifest> {
    let manifest = Manifest::read(from)?;
    let targets = targets(settings, &manifest)?;
    if !force {
        refuse_occupied(&targets)?;
    }
    if let (DatabaseKind::Postgresql, Some(dump)) =
        (manifest.database, manifest.part(PartName::Database))
    {
        verify_dump(from, dump)?;
    }
    let order = targets.in_order(&manifest);
    let staged = stage_all(from, &manifest, &order)?;
    let placements: Vec<(PathBuf, PathBuf)> = staged
        .into_iter()
        .zip(order.iter().map(|(_, target)| target.clone()))
        .collect();
    let sidecars = targets
        .database
        .as_deref()
        .map(sqlite_sidecars)
        .unwrap_or_default();
    commit(&placements, &sidecars)?;
    remove(&settings.data_dir.join("search"))?;
    print_summary(settings, from, &manifest, &order);
    Ok(manifest)
}

fn print_summary(
    settings: &Settings,
    from: &Path,
    manifest: &Manifest,
    order: &[(PartName, PathBuf)],
) {
    println!(
        "恢复完成 / restore complete: {} (备份于 taken at {}, fayuan {})",
        from.display(),
        manifest.created_at,
        manifest.fayuan_version
    );
    for (name, target) in order {
        if let Some(part) = manifest.part(*name) {
            println!("{} → {}", part.summary(), target.display());
        }
    }
    if manifest.database == DatabaseKind::Postgresql {
        println!("{}", postgresql_commands(&settings.database(), from));
    }
    println!("搜索索引将在下次 serve 时重建 / the search index is rebuilt at the next serve");
}

/// Restores the backup in `from` into the installation the settings describe (its servers
/// stopped); `force` replaces existing data. Prints a summary; returns the backup's manifest.
pub async fn run(settings: &Settings, from: &Path, force: bool) -> anyhow::Result<Manifest> {
    let settings = settings.clone();
    let from = from.to_path_buf();
    tokio::task::spawn_blocking(move || restore_blocking(&settings, &from, force)).await?
}
