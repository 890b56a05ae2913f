//! `DossierRepo` over SQL: blobs, materials and reading applications.

use async_trait::async_trait;
use fayuan_core::id::{CaseId, FilingId, MaterialId, ReadingRequestId};
use fayuan_domain::DomainError;
use fayuan_domain::dossier::{
    Channel, FileFormat, Material, MaterialKind, ReadingPurpose, ReadingRequest, ReadingStatus,
    Volume,
};
use fayuan_domain::store::{BlobRecord, DossierRepo};

use super::{SqlTx, col, db, one_row, parse_enum, parse_id};
use crate::Db;

/// `SELECT <material columns> FROM materials` followed by the given clause.
macro_rules! select_materials {
    ($clause:literal) => {
        concat!(
            "SELECT id, case_id, filing_id, kind, title, volume, position, sha256, sm3, format, \
             file_name, size_bytes, pages, pixel_width, pixel_height, submitted_by, on_behalf_of, \
             channel, submitted_at_us, ledger_index FROM materials ",
            $clause
        )
    };
}

fn material_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Material, DomainError> {
    let width: Option<i64> = col(row, "pixel_width")?;
    let height: Option<i64> = col(row, "pixel_height")?;
    Ok(Material {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: col::<Option<String>>(row, "case_id")?
            .map(|c| parse_id(&c))
            .transpose()?,
        filing_id: col::<Option<String>>(row, "filing_id")?
            .map(|f| parse_id(&f))
            .transpose()?,
        kind: parse_enum(&col::<String>(row, "kind")?, MaterialKind::parse)?,
        title: col(row, "title")?,
        volume: parse_enum(&col::<String>(row, "volume")?, Volume::parse)?,
        position: col(row, "position")?,
        sha256: col(row, "sha256")?,
        sm3: col(row, "sm3")?,
        format: parse_enum(&col::<String>(row, "format")?, FileFormat::parse)?,
        file_name: col(row, "file_name")?,
        size_bytes: col(row, "size_bytes")?,
        pages: col(row, "pages")?,
        pixels: match (width, height) {
            (Some(w), Some(h)) => {
                Some((u32::try_from(w).unwrap_or(0), u32::try_from(h).unwrap_or(0)))
            }
            _ => None,
        },
        submitted_by: parse_id(&col::<String>(row, "submitted_by")?)?,
        on_behalf_of: col(row, "on_behalf_of")?,
        channel: parse_enum(&col::<String>(row, "channel")?, Channel::parse)?,
        submitted_at_us: col(row, "submitted_at_us")?,
        ledger_index: col(row, "ledger_index")?,
    })
}

/// `SELECT <reading request columns> FROM reading_requests` followed by the given clause.
macro_rules! select_readings {
    ($clause:literal) => {
        concat!(
            "SELECT id, case_id, applicant_id, purpose, reason, status, requested_at_us, \
             decided_by, decided_at_us, decision_note, valid_until_us FROM reading_requests ",
            $clause
        )
    };
}

fn reading_from_row(row: &<Db as sqlx::Database>::Row) -> Result<ReadingRequest, DomainError> {
    Ok(ReadingRequest {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        applicant_id: parse_id(&col::<String>(row, "applicant_id")?)?,
        purpose: parse_enum(&col::<String>(row, "purpose")?, ReadingPurpose::parse)?,
        reason: col(row, "reason")?,
        status: parse_enum(&col::<String>(row, "status")?, ReadingStatus::parse)?,
        requested_at_us: col(row, "requested_at_us")?,
        decided_by: col::<Option<String>>(row, "decided_by")?
            .map(|d| parse_id(&d))
            .transpose()?,
        decided_at_us: col(row, "decided_at_us")?,
        decision_note: col(row, "decision_note")?,
        valid_until_us: col(row, "valid_until_us")?,
    })
}

#[async_trait]
impl DossierRepo for SqlTx {
    async fn record_blob(&mut self, blob: &BlobRecord) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO blobs (sha256, sm3, size_bytes, created_at_us) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(blob.sha256.clone())
        .bind(blob.sm3.clone())
        .bind(blob.size_bytes)
        .bind(blob.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn blob(&mut self, sha256: &str) -> Result<Option<BlobRecord>, DomainError> {
        let row = sqlx::query(
            "SELECT sha256, sm3, size_bytes, created_at_us FROM blobs WHERE sha256 = $1",
        )
        .bind(sha256.to_owned())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.map(|r| {
            Ok(BlobRecord {
                sha256: col(&r, "sha256")?,
                sm3: col(&r, "sm3")?,
                size_bytes: col(&r, "size_bytes")?,
                created_at_us: col(&r, "created_at_us")?,
            })
        })
        .transpose()
    }

    async fn blob_addresses(&mut self) -> Result<Vec<String>, DomainError> {
        let rows = sqlx::query("SELECT sha256 FROM blobs ORDER BY sha256")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(|r| col(r, "sha256")).collect()
    }

    async fn insert_material(&mut self, m: &Material) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO materials (id, case_id, filing_id, kind, title, volume, position, sha256, \
             sm3, format, file_name, size_bytes, pages, pixel_width, pixel_height, submitted_by, \
             on_behalf_of, channel, submitted_at_us, ledger_index) VALUES ($1, $2, $3, $4, $5, $6, \
             $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        )
        .bind(m.id.to_string())
        .bind(m.case_id.map(|c| c.to_string()))
        .bind(m.filing_id.map(|f| f.to_string()))
        .bind(m.kind.as_str())
        .bind(m.title.clone())
        .bind(m.volume.as_str())
        .bind(m.position)
        .bind(m.sha256.clone())
        .bind(m.sm3.clone())
        .bind(m.format.as_str())
        .bind(m.file_name.clone())
        .bind(m.size_bytes)
        .bind(m.pages)
        .bind(m.pixels.map(|(w, _)| i64::from(w)))
        .bind(m.pixels.map(|(_, h)| i64::from(h)))
        .bind(m.submitted_by.to_string())
        .bind(m.on_behalf_of.clone())
        .bind(m.channel.as_str())
        .bind(m.submitted_at_us)
        .bind(m.ledger_index)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_material(&mut self, m: &Material) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE materials SET kind = $2, title = $3, volume = $4, position = $5 \
                 WHERE id = $1",
            )
            .bind(m.id.to_string())
            .bind(m.kind.as_str())
            .bind(m.title.clone())
            .bind(m.volume.as_str())
            .bind(m.position)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn set_material_positions(
        &mut self,
        positions: &[(MaterialId, i64)],
    ) -> Result<(), DomainError> {
        for (id, position) in positions {
            one_row(
                sqlx::query("UPDATE materials SET position = $2 WHERE id = $1")
                    .bind(id.to_string())
                    .bind(*position)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(db)?,
            )?;
        }
        Ok(())
    }

    async fn material(&mut self, id: MaterialId) -> Result<Option<Material>, DomainError> {
        let row = sqlx::query(select_materials!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(material_from_row).transpose()
    }

    async fn materials_of_case(
        &mut self,
        case: CaseId,
        volume: Option<Volume>,
    ) -> Result<Vec<Material>, DomainError> {
        let rows = sqlx::query(select_materials!(
            "WHERE case_id = $1 AND ($2 IS NULL OR volume = $2) \
             ORDER BY volume DESC, position, submitted_at_us"
        ))
        .bind(case.to_string())
        .bind(volume.map(|v| v.as_str()))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(material_from_row).collect()
    }

    async fn materials_of_filing(
        &mut self,
        filing: FilingId,
    ) -> Result<Vec<Material>, DomainError> {
        let rows = sqlx::query(select_materials!(
            "WHERE filing_id = $1 ORDER BY position, submitted_at_us"
        ))
        .bind(filing.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(material_from_row).collect()
    }

    async fn attach_filing_materials(
        &mut self,
        filing: FilingId,
        case: CaseId,
    ) -> Result<u64, DomainError> {
        let done = sqlx::query(
            "UPDATE materials SET case_id = $2 WHERE filing_id = $1 AND case_id IS NULL",
        )
        .bind(filing.to_string())
        .bind(case.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn insert_reading_request(&mut self, r: &ReadingRequest) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO reading_requests (id, case_id, applicant_id, purpose, reason, status, \
             requested_at_us, decided_by, decided_at_us, decision_note, valid_until_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(r.id.to_string())
        .bind(r.case_id.to_string())
        .bind(r.applicant_id.to_string())
        .bind(r.purpose.as_str())
        .bind(r.reason.clone())
        .bind(r.status.as_str())
        .bind(r.requested_at_us)
        .bind(r.decided_by.map(|d| d.to_string()))
        .bind(r.decided_at_us)
        .bind(r.decision_note.clone())
        .bind(r.valid_until_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_reading_request(&mut self, r: &ReadingRequest) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE reading_requests SET status = $2, decided_by = $3, decided_at_us = $4, \
                 decision_note = $5, valid_until_us = $6 WHERE id = $1",
            )
            .bind(r.id.to_string())
            .bind(r.status.as_str())
            .bind(r.decided_by.map(|d| d.to_string()))
            .bind(r.decided_at_us)
            .bind(r.decision_note.clone())
            .bind(r.valid_until_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn reading_request(
        &mut self,
        id: ReadingRequestId,
    ) -> Result<Option<ReadingRequest>, DomainError> {
        let row = sqlx::query(select_readings!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(reading_from_row).transpose()
    }

    async fn reading_requests_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<ReadingRequest>, DomainError> {
        let rows = sqlx::query(select_readings!(
            "WHERE case_id = $1 ORDER BY requested_at_us DESC"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(reading_from_row).collect()
    }
}
