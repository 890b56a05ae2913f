//! The electronic dossier (Rules arts. 19, 20, 24, 33): submitting materials online or scanning
//! paper, the catalogue of the main and confidential volumes, reading what one may, applications
//! to read, export of a volume, and the linking of parties and agents to a case.
//!
//! A material is stored in two steps that cannot be one transaction: the blob first (durable,
//! content-addressed), then the row. A crash between them leaves an unreferenced blob, never a
//! row without its blob; [`App::sweep_blobs`] removes such orphans.

pub mod inspect;
mod render;
pub mod staging;
mod sweep;

use fayuan_core::clock::{CHINA_OFFSET, to_micros};
use fayuan_core::id::{CaseId, FilingId, MaterialId, ReadingRequestId};
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::docket::{Capacity, Case, CaseParticipant, CaseStatus};
use fayuan_domain::dossier::{
    CatalogueEntry, Channel, Material, MaterialKind, ReadingPurpose, ReadingRequest, ReadingStatus,
    Volume, catalogue, insert_at, move_to, position_for,
};
use fayuan_domain::filing::PartyRole;
use fayuan_domain::ledger::EntryKind;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::{BlobRecord, Tx};

use crate::docket::case_resource;
use crate::ledger::Deposit;
use crate::policy::{Action, Decision, decide};
use crate::{App, AppError, Ctx};

pub use render::{ExportedVolume, ManifestEntry, VolumeManifest};
use staging::StagedFile;

/// Where a material goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// A docketed case's dossier.
    Case(CaseId),
    /// A filing application not yet docketed (its materials join the case at docketing).
    Filing(FilingId),
}

/// What is submitted with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialDraft {
    /// Kind.
    pub kind: MaterialKind,
    /// Title for the catalogue (the kind's name when empty).
    pub title: String,
}

/// A volume as one actor may see it: the catalogue lines visible to them.
#[derive(Debug, Clone)]
pub struct DossierView {
    /// The case.
    pub case: Case,
    /// Which volume.
    pub volume: Volume,
    /// Visible materials with their catalogue lines (numbers and pages of the whole volume).
    pub entries: Vec<(Material, CatalogueEntry)>,
    /// The actor may manage the dossier (reorder, rename, scan, export).
    pub can_manage: bool,
    /// The actor may see the confidential volume.
    pub can_see_confidential: bool,
    /// For a litigant: until when an approved reading application lets them read everything.
    pub reading_until_us: Option<i64>,
}

/// A file served to someone.
pub struct MaterialContent {
    /// Suggested file name.
    pub file_name: String,
    /// Media type.
    pub media_type: &'static str,
    /// The bytes.
    pub body: ContentBody,
}

/// The bytes of a served file.
pub enum ContentBody {
    /// Made for this reader (a watermarked copy).
    Rendered(Vec<u8>),
    /// The stored original, read in chunks while it is sent, so memory stays flat.
    Original(BlobReader),
}

/// Reads a stored blob in chunks.
pub struct BlobReader {
    blobs: std::sync::Arc<dyn fayuan_domain::ports::BlobStore>,
    sha256: String,
    size: u64,
    next: u64,
}

impl BlobReader {
    /// Bytes per chunk.
    const CHUNK: u64 = 4 * 1024 * 1024;

    /// The blob's size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The next chunk, `None` at the end (and after a failure).
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, AppError> {
        if self.next >= self.size {
            return Ok(None);
        }
        let end = self.size.min(self.next.saturating_add(Self::CHUNK));
        match self.blobs.get_range(&self.sha256, self.next, end).await {
            Ok(chunk) => {
                self.next = end;
                Ok(Some(chunk))
            }
            Err(e) => {
                self.next = self.size;
                Err(e.into())
            }
        }
    }
}

/// Changes staff make to a catalogue line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MaterialEdit {
    /// New title.
    pub title: Option<String>,
    /// New kind (which may move it to the other volume).
    pub kind: Option<MaterialKind>,
    /// New place in its volume (1-based).
    pub position: Option<i64>,
}

/// What the blob sweeper did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Keys removed: unreferenced blobs and abandoned temporaries older than the grace period.
    pub removed: Vec<String>,
    /// Unreferenced objects kept because they are younger than the grace period.
    pub young: usize,
}

/// The consistency of database and blob store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlobCheck {
    /// Blobs the database records: all must exist.
    pub recorded: usize,
    /// Recorded blobs missing from the store (must be empty).
    pub missing: Vec<String>,
    /// Objects the database does not record (removed by the sweeper after the grace period).
    pub orphans: Vec<String>,
}

/// The name of the failpoint between blob write and row commit (tests of crash consistency).
pub const FAILPOINT_AFTER_BLOB: &str = "dossier.after_blob_put";

impl App {
    /// Submits a file to a case or a filing (Rules art. 19): checks it, stores the blob, then
    /// files it in the catalogue of its volume (智能编目) — the row and the audit event in one
    /// transaction, after the blob is durable.
    pub async fn submit_material(
        &self,
        ctx: &Ctx,
        to: Destination,
        draft: MaterialDraft,
        staged: StagedFile,
    ) -> Result<Material, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let litigant = actor.kind != AccountKind::Staff;
        if litigant && !draft.kind.submittable_by_litigants() {
            return Err(AppError::invalid(
                "dossier.kind_not_allowed",
                format!("当事人不能提交“{}”类材料。", draft.kind.label()),
            ));
        }
        self.check_destination(ctx, to, draft.kind).await?;
        self.deposit(ctx, to, draft, staged, Channel::Online, String::new())
            .await
    }

    /// Files a scan of paper a party handed in (Rules art. 20 ¶2, art. 33), marked 线下提交 with
    /// the scanning clerk and time, in the same dossier as the online materials.
    pub async fn scan_paper(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: MaterialDraft,
        on_behalf_of: &str,
        staged: StagedFile,
    ) -> Result<Material, AppError> {
        let on_behalf_of = on_behalf_of.trim();
        let tx = self.store.begin().await?;
        let (tx, case) = self
            .case_for(ctx, tx, case_id, Action::ManageDossier, "dossier.scan")
            .await?;
        drop(tx);
        if !case.parties.iter().any(|p| p.name == on_behalf_of) {
            return Err(AppError::invalid(
                "dossier.unknown_party",
                "请选择提交纸质材料的当事人。",
            ));
        }
        self.deposit(
            ctx,
            Destination::Case(case_id),
            draft,
            staged,
            Channel::Offline,
            on_behalf_of.to_owned(),
        )
        .await
    }

    /// Checks the actor may submit to the destination; nothing is held afterwards.
    async fn check_destination(
        &self,
        ctx: &Ctx,
        to: Destination,
        kind: MaterialKind,
    ) -> Result<(), AppError> {
        let tx = self.store.begin().await?;
        match to {
            Destination::Case(id) => {
                let action = if kind.volume() == Volume::Confidential {
                    Action::ReadConfidentialVolume
                } else {
                    Action::SubmitMaterial
                };
                let (tx, case) = self.case_for(ctx, tx, id, action, "dossier.submit").await?;
                drop(tx);
                let staff = ctx
                    .actor
                    .as_ref()
                    .is_some_and(|a| a.kind == AccountKind::Staff);
                if !staff && matches!(case.status, CaseStatus::Closed | CaseStatus::Archived) {
                    return Err(AppError::invalid(
                        "dossier.case_closed",
                        "案件已经结案，不能再在线提交材料。",
                    ));
                }
            }
            Destination::Filing(id) => {
                let (tx, filing) = self
                    .filing_for(ctx, tx, id, Action::EditFiling, "dossier.submit")
                    .await?;
                drop(tx);
                if filing.case_id.is_some() {
                    return Err(AppError::invalid(
                        "dossier.filing_docketed",
                        "该申请已立案，请向案件提交材料。",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Inspects, stores the blob, and commits the row: the one path every material takes.
    pub(crate) async fn deposit(
        &self,
        ctx: &Ctx,
        to: Destination,
        draft: MaterialDraft,
        staged: StagedFile,
        channel: Channel,
        on_behalf_of: String,
    ) -> Result<Material, AppError> {
        let policy = self.config.uploads.clone();
        self.deposit_under(&policy, ctx, to, draft, staged, channel, on_behalf_of)
            .await
    }

    /// [`App::deposit`] with the checks of `policy` (the court's own recordings are larger than
    /// anything submitted).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn deposit_under(
        &self,
        policy: &fayuan_domain::dossier::UploadPolicy,
        ctx: &Ctx,
        to: Destination,
        draft: MaterialDraft,
        staged: StagedFile,
        channel: Channel,
        on_behalf_of: String,
    ) -> Result<Material, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let title = match draft.title.trim() {
            "" => draft.kind.label().to_owned(),
            t => t.chars().take(200).collect(),
        };
        let found = inspect::inspect(policy, self.scanner.as_deref(), &staged).await;
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                return Err(self
                    .audit_refusal(ctx, "dossier.submit", &target_of(to), e)
                    .await);
            }
        };
        self.blobs.put_file(&staged.path, &staged.hash).await?;
        self.failpoint(FAILPOINT_AFTER_BLOB);
        let now_us = to_micros(self.clock.now());
        let mut tx = self.store.begin().await?;
        let volume = draft.kind.volume();
        let existing = match to {
            Destination::Case(id) => tx.materials_of_case(id, Some(volume)).await?,
            Destination::Filing(id) => tx.materials_of_filing(id).await?,
        };
        let position = position_for(&existing, draft.kind);
        let id = MaterialId::new();
        // Rules art. 21: every material is deposited in the ledger with it (存证). Entries are
        // public; a confidential-volume entry names only the (opaque) material, not its case.
        let mut subjects = vec![format!("material:{id}")];
        if volume == Volume::Main {
            subjects.push(target_of(to));
        }
        let leaf = self
            .deposit_in_ledger(
                &mut *tx,
                &Deposit {
                    kind: EntryKind::MaterialDeposited,
                    subjects,
                    content: Some(staged.hash.clone()),
                },
            )
            .await?;
        let material = Material {
            id,
            case_id: match to {
                Destination::Case(id) => Some(id),
                Destination::Filing(_) => None,
            },
            filing_id: match to {
                Destination::Filing(id) => Some(id),
                Destination::Case(_) => None,
            },
            kind: draft.kind,
            title,
            volume,
            position,
            sha256: staged.hash.sha256.clone(),
            sm3: staged.hash.sm3.clone(),
            format: found.format,
            file_name: staged.file_name.clone(),
            size_bytes: i64::try_from(staged.size).unwrap_or(i64::MAX),
            pages: found.pages,
            pixels: found.pixels,
            submitted_by: actor.account_id,
            on_behalf_of,
            channel,
            submitted_at_us: now_us,
            ledger_index: Some(leaf.index),
        };
        tx.record_blob(&BlobRecord {
            sha256: material.sha256.clone(),
            sm3: material.sm3.clone(),
            size_bytes: material.size_bytes,
            created_at_us: now_us,
        })
        .await?;
        tx.set_material_positions(&insert_at(&existing, position))
            .await?;
        tx.insert_material(&material).await?;
        self.audit(
            &mut *tx,
            ctx,
            if channel == Channel::Offline {
                "dossier.scan"
            } else {
                "dossier.submit"
            },
            &target_of(to),
            AuditOutcome::Success,
            &format!(
                "material:{} {} sha256:{}",
                material.id,
                material.kind.as_str(),
                material.sha256
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(material)
    }

    /// Crashes the process at a configured failpoint (crash-consistency tests only).
    fn failpoint(&self, name: &str) {
        if self.config.failpoints.iter().any(|f| f == name) {
            tracing::error!(failpoint = name, "failpoint hit: aborting the process");
            std::process::abort();
        }
    }

    /// A volume's catalogue as the actor may see it. The confidential volume answers 404 to
    /// anyone who may not read it.
    pub async fn dossier(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        volume: Volume,
    ) -> Result<DossierView, AppError> {
        let action = match volume {
            Volume::Main => Action::ReadMainVolume,
            Volume::Confidential => Action::ReadConfidentialVolume,
        };
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, case_id, action, "dossier.read")
            .await?;
        let materials = tx.materials_of_case(case_id, Some(volume)).await?;
        let lines = catalogue(&materials);
        let access = self.litigant_access(&mut *tx, ctx, &case).await?;
        let entries: Vec<(Material, CatalogueEntry)> = lines
            .into_iter()
            .filter_map(|line| {
                let m = materials.iter().find(|m| m.id == line.material_id)?;
                access.may_see(m).then(|| (m.clone(), line))
            })
            .collect();
        self.audit(
            &mut *tx,
            ctx,
            "dossier.read",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("{} {} entries", volume.as_str(), entries.len()),
        )
        .await?;
        tx.commit().await?;
        let resource = case_resource(&case, ctx.actor.as_ref());
        let allowed = |action| {
            ctx.operator
                || ctx
                    .actor
                    .as_ref()
                    .is_some_and(|a| decide(a, action, resource) == Decision::Allow)
        };
        Ok(DossierView {
            can_manage: allowed(Action::ManageDossier),
            can_see_confidential: allowed(Action::ReadConfidentialVolume),
            reading_until_us: access.reading_until_us,
            case,
            volume,
            entries,
        })
    }

    /// Materials submitted with a filing (its applicant and filing officers).
    pub async fn filing_materials(
        &self,
        ctx: &Ctx,
        filing_id: FilingId,
    ) -> Result<Vec<Material>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .filing_for(ctx, tx, filing_id, Action::ReadFiling, "dossier.read")
            .await?;
        let materials = tx.materials_of_filing(filing_id).await?;
        tx.commit().await?;
        Ok(materials)
    }

    /// A material's file. Staff get the original; litigants get every page as PDF with a
    /// visible watermark naming them, the time and the case (Rules art. 24). Confidential
    /// materials answer 404 to anyone who may not read the 副卷; every serving is audited.
    pub async fn material_content(
        &self,
        ctx: &Ctx,
        id: MaterialId,
    ) -> Result<MaterialContent, AppError> {
        let target = format!("material:{id}");
        let mut tx = self.store.begin().await?;
        let Some(material) = tx.material(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "dossier.view", &target, AppError::NotFound)
                .await);
        };
        let (mut tx, case, access) = match material.case_id {
            Some(case_id) => {
                let action = match material.volume {
                    Volume::Main => Action::ReadMainVolume,
                    Volume::Confidential => Action::ReadConfidentialVolume,
                };
                let (mut tx, case) = self
                    .case_for(ctx, tx, case_id, action, "dossier.view")
                    .await?;
                let access = self.litigant_access(&mut *tx, ctx, &case).await?;
                if !access.may_see(&material) {
                    return Err(self
                        .refuse_in(tx, ctx, "dossier.view", &target, AppError::NotFound)
                        .await);
                }
                (tx, Some(case), access)
            }
            None => {
                let filing_id = material.filing_id.ok_or(AppError::NotFound)?;
                let (tx, _) = self
                    .filing_for(ctx, tx, filing_id, Action::ReadFiling, "dossier.view")
                    .await?;
                (tx, None, LitigantAccess::staff())
            }
        };
        self.audit(
            &mut *tx,
            ctx,
            "dossier.view",
            &target,
            AuditOutcome::Success,
            if access.litigant {
                "watermarked"
            } else {
                "original"
            },
        )
        .await?;
        tx.commit().await?;
        let case_number = case.map_or(String::new(), |c| c.case_number);
        self.serve_material(ctx, material, &case_number, access.litigant)
            .await
    }

    /// The bytes of a material the caller has authorised and audited: the stored original, or a
    /// copy with every page watermarked with the reader, the time and the case (Rules art. 24).
    pub(crate) async fn serve_material(
        &self,
        ctx: &Ctx,
        material: Material,
        case_number: &str,
        watermark: bool,
    ) -> Result<MaterialContent, AppError> {
        let id = material.id;
        if !watermark {
            return Ok(MaterialContent {
                file_name: material.file_name.clone(),
                media_type: material.format.media_type(),
                body: ContentBody::Original(BlobReader {
                    blobs: self.blobs.clone(),
                    sha256: material.sha256.clone(),
                    size: u64::try_from(material.size_bytes).unwrap_or(0),
                    next: 0,
                }),
            });
        }
        let original = self.blobs.get(&material.sha256).await?;
        let reader = ctx
            .actor
            .as_ref()
            .map_or("", |a| a.name.as_str())
            .to_owned();
        let at = self
            .clock
            .now()
            .to_offset(CHINA_OFFSET)
            .format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .unwrap_or_default();
        let lines = fayuan_domain::dossier::watermark_lines(&reader, &at, case_number);
        let bytes =
            tokio::task::spawn_blocking(move || render::reader_copy(&material, &original, &lines))
                .await
                .map_err(|e| AppError::Internal(format!("watermark task: {e}")))??;
        Ok(MaterialContent {
            file_name: format!("{id}.pdf"),
            media_type: "application/pdf",
            body: ContentBody::Rendered(bytes),
        })
    }

    /// Staff rename, re-kind (moving between volumes) or reorder a catalogue line; audited.
    pub async fn edit_material(
        &self,
        ctx: &Ctx,
        id: MaterialId,
        edit: MaterialEdit,
    ) -> Result<Material, AppError> {
        let mut tx = self.store.begin().await?;
        let target = format!("material:{id}");
        let Some(mut material) = tx.material(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "dossier.edit", &target, AppError::NotFound)
                .await);
        };
        let Some(case_id) = material.case_id else {
            return Err(self
                .refuse_in(tx, ctx, "dossier.edit", &target, AppError::NotFound)
                .await);
        };
        drop(tx);
        let (mut tx, _) = self
            .case_with_volume(
                ctx,
                case_id,
                material.volume,
                Action::ManageDossier,
                "dossier.edit",
            )
            .await?;
        let mut changes = Vec::new();
        if let Some(title) = edit.title.as_deref().map(str::trim) {
            if title.is_empty() || title.chars().count() > 200 {
                return Err(AppError::invalid(
                    "dossier.title",
                    "材料名称不能为空，且不超过 200 字。",
                ));
            }
            changes.push(format!("title:{title}"));
            material.title = title.to_owned();
        }
        if let Some(kind) = edit.kind.filter(|k| *k != material.kind) {
            changes.push(format!("kind:{}", kind.as_str()));
            if kind.volume() != material.volume {
                // Leaving a volume: close up the old one, file at the end of the new one.
                let old = tx.materials_of_case(case_id, Some(material.volume)).await?;
                let last = i64::try_from(old.len()).unwrap_or(i64::MAX);
                tx.set_material_positions(&move_to(&old, material.id, last)?)
                    .await?;
                let new = tx.materials_of_case(case_id, Some(kind.volume())).await?;
                material.position = position_for(&new, kind);
                tx.set_material_positions(&insert_at(&new, material.position))
                    .await?;
                changes.push(format!("volume:{}", kind.volume().as_str()));
                material.volume = kind.volume();
            }
            material.kind = kind;
        }
        tx.update_material(&material).await?;
        if let Some(position) = edit.position {
            let all = tx.materials_of_case(case_id, Some(material.volume)).await?;
            let moves = move_to(&all, material.id, position)?;
            if let Some((_, p)) = moves.iter().find(|(m, _)| *m == material.id) {
                material.position = *p;
            }
            tx.set_material_positions(&moves).await?;
            changes.push(format!("position:{}", material.position));
        }
        self.audit(
            &mut *tx,
            ctx,
            "dossier.edit",
            &target,
            AuditOutcome::Success,
            &changes.join(" "),
        )
        .await?;
        tx.commit().await?;
        Ok(material)
    }

    /// Exports a volume as one PDF with a table of contents and one bookmark per catalogue
    /// line, and a manifest of the blobs' digests (for transfer on appeal, Rules art. 30).
    pub async fn export_volume(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        volume: Volume,
    ) -> Result<ExportedVolume, AppError> {
        let (tx, case) = self
            .case_with_volume(
                ctx,
                case_id,
                volume,
                Action::ManageDossier,
                "dossier.export",
            )
            .await?;
        let mut tx = tx;
        let materials = tx.materials_of_case(case_id, Some(volume)).await?;
        self.audit(
            &mut *tx,
            ctx,
            "dossier.export",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("{} {} materials", volume.as_str(), materials.len()),
        )
        .await?;
        tx.commit().await?;
        let mut files = Vec::with_capacity(materials.len());
        for m in &materials {
            files.push(self.blobs.get(&m.sha256).await?);
        }
        let generated_at_us = to_micros(self.clock.now());
        tokio::task::spawn_blocking(move || {
            render::export(&case, volume, &materials, &files, generated_at_us)
        })
        .await
        .map_err(|e| AppError::Internal(format!("export task: {e}")))?
    }

    /// Applies to read a case's main volume, or to look up an archived case (Rules art. 24).
    pub async fn apply_reading(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        purpose: ReadingPurpose,
        reason: &str,
    ) -> Result<ReadingRequest, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(AppError::invalid(
                "dossier.reason_required",
                "请说明阅卷事由（不超过 1000 字）。",
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, case_id, Action::Litigate, "dossier.apply_reading")
            .await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let request = ReadingRequest {
            id: ReadingRequestId::new(),
            case_id,
            applicant_id: actor.account_id,
            purpose,
            reason: reason.to_owned(),
            status: ReadingStatus::Pending,
            requested_at_us: to_micros(self.clock.now()),
            decided_by: None,
            decided_at_us: None,
            decision_note: String::new(),
            valid_until_us: None,
        };
        tx.insert_reading_request(&request).await?;
        if let Some(judge) = case.judge_id {
            self.notify(
                &mut *tx,
                judge,
                "阅卷申请",
                &format!(
                    "{}申请{}（{}）。",
                    actor.name,
                    purpose.label(),
                    case.case_number
                ),
                Some(format!("/cases/{case_id}/dossier")),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "dossier.apply_reading",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("reading:{}", request.id),
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The judge approves (for `days` days) or refuses (with reasons) a reading application.
    pub async fn decide_reading(
        &self,
        ctx: &Ctx,
        id: ReadingRequestId,
        approve: bool,
        days: u32,
        note: &str,
    ) -> Result<ReadingRequest, AppError> {
        let mut tx = self.store.begin().await?;
        let target = format!("reading:{id}");
        let Some(mut request) = tx.reading_request(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "dossier.decide_reading",
                    &target,
                    AppError::NotFound,
                )
                .await);
        };
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                request.case_id,
                Action::Adjudicate,
                "dossier.decide_reading",
            )
            .await?;
        let judge = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let now_us = to_micros(self.clock.now());
        if approve {
            request.approve(judge.account_id, now_us, days, note)?;
        } else {
            request.refuse(judge.account_id, now_us, note)?;
        }
        tx.update_reading_request(&request).await?;
        let text = if approve {
            format!(
                "您对{}的阅卷申请已获准许，期限{}日。",
                case.case_number, days
            )
        } else {
            format!(
                "您对{}的阅卷申请不予准许，理由：{}",
                case.case_number, request.decision_note
            )
        };
        self.notify(
            &mut *tx,
            request.applicant_id,
            "阅卷申请结果",
            &text,
            Some(format!("/cases/{}/dossier", case.id)),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "dossier.decide_reading",
            &target,
            AuditOutcome::Success,
            request.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// Reading applications of a case: all of them for the court, one's own for a litigant.
    pub async fn reading_requests(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Vec<ReadingRequest>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, Action::ReadMainVolume, "dossier.read")
            .await?;
        let mut requests = tx.reading_requests_of_case(case_id).await?;
        tx.commit().await?;
        if let Some(actor) = ctx.actor.as_ref().filter(|a| a.kind != AccountKind::Staff) {
            requests.retain(|r| r.applicant_id == actor.account_id);
        }
        Ok(requests)
    }

    /// Links an account to a case as a party or an agent (after the court checked identity and
    /// the power of attorney): found by phone, identity number, credit code or username.
    pub async fn add_participant(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        login: &str,
        party_name: &str,
        capacity: Capacity,
    ) -> Result<Case, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::ManageParticipants,
                "docket.add_participant",
            )
            .await?;
        let Some(party) = case.parties.iter().find(|p| p.name == party_name.trim()) else {
            return Err(AppError::invalid(
                "docket.unknown_party",
                "请选择本案的当事人。",
            ));
        };
        let side = party.role;
        let party_name = party.name.clone();
        let Some(account) = tx.account_by_login(login.trim()).await? else {
            return Err(AppError::invalid(
                "docket.unknown_account",
                "未找到该账号，请当事人或代理人先在平台注册并实名认证。",
            ));
        };
        if account.kind == AccountKind::Staff {
            return Err(AppError::invalid(
                "docket.staff_not_party",
                "法院工作人员账号不能作为当事人或代理人。",
            ));
        }
        if capacity == Capacity::Agent && account.kind != AccountKind::Lawyer {
            return Err(AppError::invalid(
                "docket.agent_not_lawyer",
                "诉讼代理人须使用律师账号。",
            ));
        }
        if case.participant(account.id).is_some() {
            return Err(AppError::Conflict {
                code: "docket.participant_exists",
                message: "该账号已经关联本案。".into(),
            });
        }
        case.participants.push(CaseParticipant {
            account_id: account.id,
            side,
            party_name: party_name.clone(),
            capacity,
        });
        tx.update_case(&case).await?;
        self.notify(
            &mut *tx,
            account.id,
            "案件关联",
            &format!(
                "您已作为{}（{}）关联案件{}，可在线查看和提交材料。",
                capacity.label(),
                party_name,
                case.case_number
            ),
            Some(format!("/cases/{case_id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.add_participant",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("account:{} {}", account.id, capacity.as_str()),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    /// Loads a case for `action` on one of its volumes. For the confidential volume the right to
    /// read it is checked first, so anyone outside the court gets 404 whatever else they may
    /// do — the 副卷 does not exist for them.
    async fn case_with_volume(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        volume: Volume,
        action: Action,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, Case), AppError> {
        let tx = self.store.begin().await?;
        if volume == Volume::Main {
            return self.case_for(ctx, tx, case_id, action, audit_action).await;
        }
        let (tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::ReadConfidentialVolume,
                audit_action,
            )
            .await?;
        let tx = self
            .authorise_in(
                tx,
                ctx,
                action,
                case_resource(&case, ctx.actor.as_ref()),
                audit_action,
                &format!("case:{case_id}"),
            )
            .await?;
        Ok((tx, case))
    }

    /// What a litigant may see of a case's main volume right now.
    async fn litigant_access(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &Case,
    ) -> Result<LitigantAccess, AppError> {
        let Some(actor) = ctx.actor.as_ref().filter(|a| a.kind != AccountKind::Staff) else {
            return Ok(LitigantAccess::staff());
        };
        let now_us = to_micros(self.clock.now());
        let reading_until_us = tx
            .reading_requests_of_case(case.id)
            .await?
            .iter()
            .filter(|r| r.applicant_id == actor.account_id && r.is_active(now_us))
            .filter_map(|r| r.valid_until_us)
            .max();
        let exchange_open = tx.exchange(case.id).await?.is_some();
        let exchanged = if exchange_open {
            tx.evidence_of_case(case.id)
                .await?
                .iter()
                .filter_map(|i| i.material_id)
                .collect()
        } else {
            Vec::new()
        };
        let side_names = case
            .participants
            .iter()
            .filter(|p| p.account_id == actor.account_id)
            .map(|p| p.party_name.clone())
            .collect();
        // Documents served on the litigant (送达) are theirs to read.
        let served = tx
            .deliveries_to(actor.account_id)
            .await?
            .into_iter()
            .filter(|d| d.case_id == case.id)
            .flat_map(|d| d.materials)
            .collect();
        Ok(LitigantAccess {
            litigant: true,
            account: Some(actor.account_id),
            side_names,
            reading_until_us,
            exchanged,
            served,
        })
    }
}

/// Which main-volume materials a litigant may see: their own (and paper scanned for their
/// party), everything while a reading approval runs, evidence once exchanged, and documents
/// served on them. Staff see
/// whatever the policy let them open.
struct LitigantAccess {
    litigant: bool,
    account: Option<fayuan_core::id::AccountId>,
    side_names: Vec<String>,
    reading_until_us: Option<i64>,
    exchanged: Vec<MaterialId>,
    served: Vec<MaterialId>,
}

impl LitigantAccess {
    fn staff() -> Self {
        Self {
            litigant: false,
            account: None,
            side_names: Vec::new(),
            reading_until_us: None,
            exchanged: Vec::new(),
            served: Vec::new(),
        }
    }

    fn may_see(&self, m: &Material) -> bool {
        if !self.litigant {
            return true;
        }
        if m.volume == Volume::Confidential {
            return false;
        }
        Some(m.submitted_by) == self.account
            || self.side_names.contains(&m.on_behalf_of)
            || self.reading_until_us.is_some()
            || self.exchanged.contains(&m.id)
            || self.served.contains(&m.id)
    }
}

/// The audit target of a destination.
fn target_of(to: Destination) -> String {
    match to {
        Destination::Case(id) => format!("case:{id}"),
        Destination::Filing(id) => format!("filing:{id}"),
    }
}

/// The side an account takes in a case (the filer counts for the plaintiff).
pub(crate) fn side_of(case: &Case, account: fayuan_core::id::AccountId) -> Option<PartyRole> {
    case.participant(account)
        .map(|p| p.side)
        .or((case.filer_id == account).then_some(PartyRole::Plaintiff))
}
