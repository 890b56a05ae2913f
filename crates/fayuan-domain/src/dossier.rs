//! The electronic dossier (电子卷宗, Rules arts. 19, 20, 24, 33): materials submitted online or
//! scanned from paper, the file-format requirements the platform announces (art. 19), the two
//! volumes — 正卷 (main) and 副卷 (confidential, never shown to parties) — the catalogue
//! (智能编目) with page numbers, and applications to read the dossier (阅卷/查档, art. 24).

use fayuan_core::id::{AccountId, CaseId, FilingId, MaterialId, ReadingRequestId};
use fayuan_core::str_enum;

use crate::DomainError;

str_enum! {
    /// The two volumes of a case dossier.
    pub enum Volume {
        /// 正卷: what the parties may read under the rules.
        Main = "main" / "正卷",
        /// 副卷: deliberation records, internal opinions, approvals; never reaches a party, a
        /// lawyer or the public.
        Confidential = "confidential" / "副卷",
    }
}

str_enum! {
    /// What a material is. The declaration order is the catalogue order of sections.
    pub enum MaterialKind {
        /// 起诉状 / 申请书 that starts the case.
        Complaint = "complaint" / "起诉状",
        /// 身份证明.
        IdentityProof = "identity_proof" / "身份证明",
        /// 授权委托书.
        PowerOfAttorney = "power_of_attorney" / "授权委托书",
        /// 申请书 (preservation, appraisal, extension of the evidence period …).
        Application = "application" / "申请书",
        /// 证据.
        Evidence = "evidence" / "证据",
        /// 答辩状.
        Defence = "defence" / "答辩状",
        /// 笔录 (hearing, exchange, conversation records).
        CourtRecord = "court_record" / "笔录",
        /// 录音录像 the court made of a mediation or hearing.
        AudioVideo = "audio_video" / "录音录像",
        /// 代理词.
        AgentStatement = "agent_statement" / "代理词",
        /// 诉讼文书 made by the court and served on the parties (通知书、裁定书、判决书 …).
        CourtDocument = "court_document" / "诉讼文书",
        /// 其他.
        Other = "other" / "其他",
        /// 审理报告 (副卷).
        TrialReport = "trial_report" / "审理报告",
        /// 合议庭评议笔录 (副卷).
        Deliberation = "deliberation" / "合议庭评议笔录",
        /// 审委会讨论记录、内部意见 (副卷).
        InternalOpinion = "internal_opinion" / "内部意见",
        /// 审批表 (副卷).
        Approval = "approval" / "审批表",
    }
}

impl MaterialKind {
    /// The volume a material of this kind belongs to.
    pub fn volume(self) -> Volume {
        match self {
            MaterialKind::TrialReport
            | MaterialKind::Deliberation
            | MaterialKind::InternalOpinion
            | MaterialKind::Approval => Volume::Confidential,
            _ => Volume::Main,
        }
    }

    /// Whether members of the public (parties and lawyers) may submit this kind; the others are
    /// made by the court.
    pub fn submittable_by_litigants(self) -> bool {
        !matches!(
            self,
            MaterialKind::CourtRecord | MaterialKind::CourtDocument | MaterialKind::AudioVideo
        ) && self.volume() == Volume::Main
    }

    /// Catalogue section: materials are filed by section, then by submission time.
    pub fn section(self) -> usize {
        MaterialKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(MaterialKind::ALL.len())
    }
}

str_enum! {
    /// How a material reached the court (Rules art. 33: some participants online, some not).
    pub enum Channel {
        /// 在线提交.
        Online = "online" / "在线提交",
        /// 线下提交, scanned by the court (art. 20 ¶2).
        Offline = "offline" / "线下提交",
    }
}

str_enum! {
    /// File formats the platform accepts (art. 19: 平台告知的格式要求).
    pub enum FileFormat {
        /// PDF.
        Pdf = "pdf" / "PDF",
        /// OFD (GB/T 33190-2016).
        Ofd = "ofd" / "OFD",
        /// JPEG.
        Jpeg = "jpeg" / "JPEG",
        /// PNG.
        Png = "png" / "PNG",
        /// TIFF.
        Tiff = "tiff" / "TIFF",
        /// Word (DOCX), only where the court allows it.
        Docx = "docx" / "DOCX",
        /// WebM audio and video (视听资料; the court's own recordings of mediations and hearings).
        Webm = "webm" / "WebM",
    }
}

impl FileFormat {
    /// Recognises a format from the first bytes of the file (magic numbers), never from its name.
    /// OFD and DOCX are both ZIP containers: they are told apart by the first entry's name,
    /// which the caller passes in `zip_entries` (names of the first local file headers).
    pub fn sniff(head: &[u8]) -> Option<FileFormat> {
        if head.starts_with(b"%PDF-") {
            Some(FileFormat::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileFormat::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileFormat::Png)
        } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
            Some(FileFormat::Tiff)
        } else if head.starts_with(b"PK\x03\x04") {
            zip_kind(head)
        } else if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) && contains(head, b"webm") {
            // An EBML header whose DocType is webm.
            Some(FileFormat::Webm)
        } else {
            None
        }
    }

    /// File-name extensions that may carry this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileFormat::Pdf => &["pdf"],
            FileFormat::Ofd => &["ofd"],
            FileFormat::Jpeg => &["jpg", "jpeg"],
            FileFormat::Png => &["png"],
            FileFormat::Tiff => &["tif", "tiff"],
            FileFormat::Docx => &["docx"],
            FileFormat::Webm => &["webm"],
        }
    }

    /// The media type served for it.
    pub fn media_type(self) -> &'static str {
        match self {
            FileFormat::Pdf => "application/pdf",
            FileFormat::Ofd => "application/ofd",
            FileFormat::Jpeg => "image/jpeg",
            FileFormat::Png => "image/png",
            FileFormat::Tiff => "image/tiff",
            FileFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileFormat::Webm => "video/webm",
        }
    }

    /// Whether the format is a raster image whose clarity is checked in pixels.
    pub fn is_image(self) -> bool {
        matches!(self, FileFormat::Jpeg | FileFormat::Png | FileFormat::Tiff)
    }
}

/// Whether `needle` occurs in `head`.
fn contains(head: &[u8], needle: &[u8]) -> bool {
    head.windows(needle.len()).any(|w| w == needle)
}

/// Tells OFD from DOCX by the names inside the ZIP's first local headers (present in `head`).
fn zip_kind(head: &[u8]) -> Option<FileFormat> {
    if contains(head, b"OFD.xml") {
        Some(FileFormat::Ofd)
    } else if contains(head, b"[Content_Types].xml") || contains(head, b"word/") {
        Some(FileFormat::Docx)
    } else {
        None
    }
}

/// The lower-case extension of a file name, if any.
pub fn extension_of(file_name: &str) -> Option<String> {
    let (_, ext) = file_name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The requirements announced to submitters (art. 19), configurable per installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadPolicy {
    /// Largest single file, bytes.
    pub max_file_bytes: u64,
    /// Largest submission (all files of one request), bytes.
    pub max_submission_bytes: u64,
    /// Clarity: the shorter side of a picture, at least (pixels). 1000 px is about A4 at 120 dpi.
    pub min_short_side_px: u32,
    /// Decompression-bomb ceiling: width × height, at most.
    pub max_pixels: u64,
    /// Whether DOCX is accepted (some courts take Word files for agent statements).
    pub allow_docx: bool,
}

impl Default for UploadPolicy {
    fn default() -> Self {
        UploadPolicy {
            max_file_bytes: 256 * 1024 * 1024,
            max_submission_bytes: 512 * 1024 * 1024,
            min_short_side_px: 1000,
            max_pixels: 100_000_000,
            allow_docx: false,
        }
    }
}

impl UploadPolicy {
    /// Checks what can be known before content inspection: size and the format/extension pair.
    pub fn check_file(
        &self,
        file_name: &str,
        size: u64,
        sniffed: Option<FileFormat>,
    ) -> Result<FileFormat, DomainError> {
        if size == 0 {
            return Err(DomainError::invalid(
                "dossier.empty_file",
                "文件为空，请重新选择文件。",
            ));
        }
        if size > self.max_file_bytes {
            return Err(DomainError::invalid(
                "dossier.file_too_large",
                format!(
                    "单个文件不得超过 {} MB。",
                    self.max_file_bytes / (1024 * 1024)
                ),
            ));
        }
        let Some(format) = sniffed else {
            return Err(DomainError::invalid(
                "dossier.unsupported_format",
                "文件格式不受支持：请提交 PDF、OFD、JPEG、PNG 或 TIFF 文件（音视频：WebM）。",
            ));
        };
        if format == FileFormat::Docx && !self.allow_docx {
            return Err(DomainError::invalid(
                "dossier.docx_not_allowed",
                "本院不接收 Word 文件，请转换为 PDF 后提交。",
            ));
        }
        let ext = extension_of(file_name).unwrap_or_default();
        if !format.extensions().contains(&ext.as_str()) {
            return Err(DomainError::invalid(
                "dossier.extension_mismatch",
                format!(
                    "文件扩展名“.{ext}”与文件内容（{}）不符，请勿修改扩展名。",
                    format.label()
                ),
            ));
        }
        Ok(format)
    }

    /// Checks a picture's pixel size: the clarity floor and the decompression-bomb ceiling.
    pub fn check_pixels(&self, width: u32, height: u32) -> Result<(), DomainError> {
        let pixels = u64::from(width) * u64::from(height);
        if pixels > self.max_pixels {
            return Err(DomainError::invalid(
                "dossier.image_too_large",
                format!(
                    "图片像素过大（{width}×{height}），不得超过 {} 万像素。",
                    self.max_pixels / 10_000
                ),
            ));
        }
        if width.min(height) < self.min_short_side_px {
            return Err(DomainError::invalid(
                "dossier.image_unclear",
                format!(
                    "图片清晰度不足（{width}×{height}），短边至少 {} 像素，请重新拍摄或扫描。",
                    self.min_short_side_px
                ),
            ));
        }
        Ok(())
    }
}

/// A file in a case's (or, before docketing, a filing's) dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    /// Identifier.
    pub id: MaterialId,
    /// The case, once docketed.
    pub case_id: Option<CaseId>,
    /// The filing it was submitted with, if any.
    pub filing_id: Option<FilingId>,
    /// Kind.
    pub kind: MaterialKind,
    /// Title shown in the catalogue.
    pub title: String,
    /// Volume.
    pub volume: Volume,
    /// Place in the volume's catalogue, 1-based.
    pub position: i64,
    /// SHA-256 of the file: its address in the blob store.
    pub sha256: String,
    /// SM3 of the file.
    pub sm3: String,
    /// Format, as recognised from the content.
    pub format: FileFormat,
    /// The submitter's file name.
    pub file_name: String,
    /// Bytes.
    pub size_bytes: i64,
    /// Pages (1 for a picture; 1 for formats shown as a notice page).
    pub pages: i64,
    /// Pixel size of a picture.
    pub pixels: Option<(u32, u32)>,
    /// The account that submitted it (for paper, the clerk who scanned it).
    pub submitted_by: AccountId,
    /// For paper: the party on whose behalf it was scanned.
    pub on_behalf_of: String,
    /// Online or paper.
    pub channel: Channel,
    /// When it was submitted (µs); for paper, when it was scanned.
    pub submitted_at_us: i64,
    /// Its leaf in the evidence ledger (存证编号), deposited with it.
    pub ledger_index: Option<i64>,
}

/// One line of a volume's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// 1-based number in the volume.
    pub number: usize,
    /// The material.
    pub material_id: MaterialId,
    /// First page in the volume (1-based, after the cover).
    pub first_page: i64,
    /// Last page.
    pub last_page: i64,
}

/// Numbers the pages of a volume's materials, taken in catalogue order (智能编目: the table of
/// contents a paper dossier would have).
pub fn catalogue(materials: &[Material]) -> Vec<CatalogueEntry> {
    let mut ordered: Vec<&Material> = materials.iter().collect();
    ordered.sort_by_key(|m| (m.position, m.submitted_at_us));
    let mut next_page = 1i64;
    ordered
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let first = next_page;
            next_page = next_page.saturating_add(m.pages.max(1));
            CatalogueEntry {
                number: i + 1,
                material_id: m.id,
                first_page: first,
                last_page: next_page - 1,
            }
        })
        .collect()
}

/// Where a new material of `kind` goes in a volume whose materials are `existing`: after every
/// material of the same or an earlier section (so sections stay together, each in order of
/// submission). Returns the position to insert at; the caller shifts the rest with
/// [`insert_at`].
pub fn position_for(existing: &[Material], kind: MaterialKind) -> i64 {
    existing
        .iter()
        .filter(|m| m.kind.section() <= kind.section())
        .map(|m| m.position)
        .max()
        .unwrap_or(0)
        + 1
}

/// New positions after inserting at `position`: every material at or after it moves down one.
/// Returns only the materials whose position changes.
pub fn insert_at(existing: &[Material], position: i64) -> Vec<(MaterialId, i64)> {
    existing
        .iter()
        .filter(|m| m.position >= position)
        .map(|m| (m.id, m.position + 1))
        .collect()
}

/// New positions after moving `moved` to `to` (1-based, clamped to the volume), the others
/// closing up in their current order. Returns every material whose position changes.
pub fn move_to(
    existing: &[Material],
    moved: MaterialId,
    to: i64,
) -> Result<Vec<(MaterialId, i64)>, DomainError> {
    let mut order: Vec<&Material> = existing.iter().collect();
    order.sort_by_key(|m| (m.position, m.submitted_at_us));
    let from = order
        .iter()
        .position(|m| m.id == moved)
        .ok_or(DomainError::NotFound)?;
    let item = order.remove(from);
    let to = usize::try_from(to.clamp(1, i64::try_from(order.len() + 1).unwrap_or(i64::MAX)))
        .unwrap_or(1)
        - 1;
    order.insert(to, item);
    Ok(order
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let position = i64::try_from(i + 1).unwrap_or(i64::MAX);
            (m.position != position).then_some((m.id, position))
        })
        .collect())
}

str_enum! {
    /// What a reading application asks for (art. 24).
    pub enum ReadingPurpose {
        /// 阅卷: read a pending case's main volume.
        Reading = "reading" / "阅卷",
        /// 查档: look up a closed or archived case.
        ArchiveLookup = "archive_lookup" / "查档",
    }
}

str_enum! {
    /// State of a reading application.
    pub enum ReadingStatus {
        /// Waiting for the judge.
        Pending = "pending" / "待审批",
        /// Approved until `valid_until_us`.
        Approved = "approved" / "已批准",
        /// Refused with reasons.
        Refused = "refused" / "不予准许",
    }
}

/// Longest approval a judge may grant, days.
pub const MAX_READING_DAYS: u32 = 30;

/// An application by a party or lawyer to read a case's main volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingRequest {
    /// Identifier.
    pub id: ReadingRequestId,
    /// The case.
    pub case_id: CaseId,
    /// Who applies.
    pub applicant_id: AccountId,
    /// Reading or archive lookup.
    pub purpose: ReadingPurpose,
    /// Why (shown to the judge).
    pub reason: String,
    /// State.
    pub status: ReadingStatus,
    /// Applied (µs).
    pub requested_at_us: i64,
    /// The deciding judge.
    pub decided_by: Option<AccountId>,
    /// Decided (µs).
    pub decided_at_us: Option<i64>,
    /// The judge's reasons (mandatory for a refusal).
    pub decision_note: String,
    /// Reading allowed until (µs).
    pub valid_until_us: Option<i64>,
}

impl ReadingRequest {
    /// Whether the application lets its applicant read at `now_us`.
    pub fn is_active(&self, now_us: i64) -> bool {
        self.status == ReadingStatus::Approved
            && self.valid_until_us.is_some_and(|until| now_us < until)
    }

    /// Approval for `days` days from `now_us`.
    pub fn approve(
        &mut self,
        judge: AccountId,
        now_us: i64,
        days: u32,
        note: &str,
    ) -> Result<(), DomainError> {
        self.ensure_pending()?;
        if days == 0 || days > MAX_READING_DAYS {
            return Err(DomainError::invalid(
                "dossier.reading_days",
                format!("阅卷期限应为 1 至 {MAX_READING_DAYS} 日。"),
            ));
        }
        self.status = ReadingStatus::Approved;
        self.decided_by = Some(judge);
        self.decided_at_us = Some(now_us);
        self.decision_note = note.trim().to_owned();
        self.valid_until_us = Some(now_us.saturating_add(i64::from(days) * 86_400_000_000));
        Ok(())
    }

    /// Refusal, which must give reasons.
    pub fn refuse(
        &mut self,
        judge: AccountId,
        now_us: i64,
        reason: &str,
    ) -> Result<(), DomainError> {
        self.ensure_pending()?;
        if reason.trim().is_empty() {
            return Err(DomainError::invalid(
                "dossier.reason_required",
                "不予准许阅卷应当说明理由。",
            ));
        }
        self.status = ReadingStatus::Refused;
        self.decided_by = Some(judge);
        self.decided_at_us = Some(now_us);
        self.decision_note = reason.trim().to_owned();
        Ok(())
    }

    fn ensure_pending(&self) -> Result<(), DomainError> {
        if self.status == ReadingStatus::Pending {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "dossier.reading_decided",
                "该阅卷申请已经处理。",
            ))
        }
    }
}

/// The visible watermark on every page served to a reader: who, when, which case.
pub fn watermark_lines(reader_name: &str, at_civil: &str, case_number: &str) -> Vec<String> {
    vec![
        format!("{reader_name} 阅卷"),
        at_civil.to_owned(),
        case_number.to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn material(kind: MaterialKind, position: i64, pages: i64) -> Material {
        Material {
            id: MaterialId::new(),
            case_id: None,
            filing_id: None,
            kind,
            title: kind.label().to_owned(),
            volume: kind.volume(),
            position,
            sha256: String::new(),
            sm3: String::new(),
            format: FileFormat::Pdf,
            file_name: "a.pdf".into(),
            size_bytes: 1,
            pages,
            pixels: None,
            submitted_by: AccountId::new(),
            on_behalf_of: String::new(),
            channel: Channel::Online,
            submitted_at_us: position,
            ledger_index: None,
        }
    }

    #[test]
    fn sniffs_webm_by_its_ebml_doctype() {
        let webm = [
            &[0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84][..],
            b"webm",
        ]
        .concat();
        assert_eq!(FileFormat::sniff(&webm), Some(FileFormat::Webm));
        let matroska = [
            &[0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88][..],
            b"matroska",
        ]
        .concat();
        assert_eq!(
            FileFormat::sniff(&matroska),
            None,
            "only WebM among Matroska files"
        );
        assert!(!MaterialKind::AudioVideo.submittable_by_litigants());
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(FileFormat::sniff(b"%PDF-1.7\n"), Some(FileFormat::Pdf));
        assert_eq!(
            FileFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileFormat::Jpeg)
        );
        assert_eq!(
            FileFormat::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(FileFormat::Png)
        );
        assert_eq!(FileFormat::sniff(b"II*\0...."), Some(FileFormat::Tiff));
        assert_eq!(FileFormat::sniff(b"MM\0*...."), Some(FileFormat::Tiff));
        assert_eq!(
            FileFormat::sniff(b"PK\x03\x04....OFD.xml"),
            Some(FileFormat::Ofd)
        );
        assert_eq!(
            FileFormat::sniff(b"PK\x03\x04....[Content_Types].xml"),
            Some(FileFormat::Docx)
        );
        assert_eq!(FileFormat::sniff(b"MZ\x90\0"), None, "an executable");
        assert_eq!(FileFormat::sniff(b""), None);
    }

    #[test]
    fn file_checks_give_clear_codes() {
        let policy = UploadPolicy::default();
        let code = |r: Result<FileFormat, DomainError>| match r {
            Err(DomainError::Invalid { code, .. }) => code,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            code(policy.check_file("a.pdf", 0, Some(FileFormat::Pdf))),
            "dossier.empty_file"
        );
        assert_eq!(
            code(policy.check_file("a.pdf", policy.max_file_bytes + 1, Some(FileFormat::Pdf))),
            "dossier.file_too_large"
        );
        assert_eq!(
            code(policy.check_file("virus.pdf", 10, None)),
            "dossier.unsupported_format"
        );
        assert_eq!(
            code(policy.check_file("photo.pdf", 10, Some(FileFormat::Jpeg))),
            "dossier.extension_mismatch"
        );
        assert_eq!(
            code(policy.check_file("brief.docx", 10, Some(FileFormat::Docx))),
            "dossier.docx_not_allowed"
        );
        let docx_ok = UploadPolicy {
            allow_docx: true,
            ..UploadPolicy::default()
        };
        assert_eq!(
            docx_ok
                .check_file("brief.DOCX", 10, Some(FileFormat::Docx))
                .ok(),
            Some(FileFormat::Docx)
        );
        assert_eq!(
            policy
                .check_file("scan.JPEG", 10, Some(FileFormat::Jpeg))
                .ok(),
            Some(FileFormat::Jpeg)
        );
    }

    #[test]
    fn pixel_floor_and_ceiling() {
        let policy = UploadPolicy::default();
        assert!(policy.check_pixels(1240, 1754).is_ok(), "A4 at 150 dpi");
        assert!(matches!(
            policy.check_pixels(800, 1200),
            Err(DomainError::Invalid {
                code: "dossier.image_unclear",
                ..
            })
        ));
        assert!(matches!(
            policy.check_pixels(20_000, 20_000),
            Err(DomainError::Invalid {
                code: "dossier.image_too_large",
                ..
            })
        ));
    }

    #[test]
    fn confidential_kinds_go_to_the_confidential_volume() {
        assert_eq!(MaterialKind::Deliberation.volume(), Volume::Confidential);
        assert_eq!(MaterialKind::Evidence.volume(), Volume::Main);
        assert!(!MaterialKind::Approval.submittable_by_litigants());
        assert!(MaterialKind::Defence.submittable_by_litigants());
    }

    #[test]
    fn catalogue_numbers_pages_in_order() {
        let a = material(MaterialKind::Complaint, 1, 3);
        let b = material(MaterialKind::Evidence, 2, 1);
        let c = material(MaterialKind::Defence, 3, 5);
        let entries = catalogue(&[c.clone(), a.clone(), b.clone()]);
        let pages: Vec<(i64, i64)> = entries
            .iter()
            .map(|e| (e.first_page, e.last_page))
            .collect();
        assert_eq!(pages, vec![(1, 3), (4, 4), (5, 9)]);
        assert_eq!(entries[0].material_id, a.id);
        assert_eq!(entries[2].number, 3);
    }

    #[test]
    fn new_material_is_filed_within_its_section() {
        let existing = vec![
            material(MaterialKind::Complaint, 1, 1),
            material(MaterialKind::Evidence, 2, 1),
            material(MaterialKind::Defence, 3, 1),
        ];
        // More evidence goes after the existing evidence, before the defence.
        let pos = position_for(&existing, MaterialKind::Evidence);
        assert_eq!(pos, 3);
        assert_eq!(insert_at(&existing, pos), vec![(existing[2].id, 4)]);
        // A complaint goes after the complaint.
        assert_eq!(position_for(&existing, MaterialKind::Complaint), 2);
        assert_eq!(position_for(&[], MaterialKind::Other), 1);
    }

    #[test]
    fn moving_closes_up_the_others() {
        let existing = vec![
            material(MaterialKind::Complaint, 1, 1),
            material(MaterialKind::Evidence, 2, 1),
            material(MaterialKind::Defence, 3, 1),
        ];
        let changes = move_to(&existing, existing[2].id, 1).unwrap();
        assert_eq!(
            changes,
            vec![
                (existing[2].id, 1),
                (existing[0].id, 2),
                (existing[1].id, 3)
            ]
        );
        assert!(
            move_to(&existing, existing[0].id, 99)
                .unwrap()
                .contains(&(existing[0].id, 3))
        );
        assert!(move_to(&existing, MaterialId::new(), 1).is_err());
    }

    #[test]
    fn reading_approval_is_time_limited_and_refusal_needs_reasons() {
        let mut r = ReadingRequest {
            id: ReadingRequestId::new(),
            case_id: CaseId::new(),
            applicant_id: AccountId::new(),
            purpose: ReadingPurpose::Reading,
            reason: "准备开庭".into(),
            status: ReadingStatus::Pending,
            requested_at_us: 0,
            decided_by: None,
            decided_at_us: None,
            decision_note: String::new(),
            valid_until_us: None,
        };
        let judge = AccountId::new();
        assert!(r.clone().refuse(judge, 1, " ").is_err());
        assert!(r.clone().approve(judge, 1, 31, "").is_err());
        r.approve(judge, 1_000, 3, "").unwrap();
        assert!(r.is_active(1_000 + 3 * 86_400_000_000 - 1));
        assert!(!r.is_active(1_000 + 3 * 86_400_000_000));
        assert!(r.refuse(judge, 2, "x").is_err(), "decided once");
    }

    #[test]
    fn extensions() {
        assert_eq!(extension_of("a.b.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension_of("noext"), None);
        assert_eq!(extension_of("trailing."), None);
    }
}
