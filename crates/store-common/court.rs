//! `CourtRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::id::{CourtId, DivisionId};
use fayuan_domain::DomainError;
use fayuan_domain::court::{Court, CourtLevel, Courtroom, Division, DivisionKind};
use fayuan_domain::store::CourtRepo;

use super::{SqlTx, col, db, from_json, one_row, parse_enum, parse_id, to_json};
use crate::Db;

fn court_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Court, DomainError> {
    Ok(Court {
        id: parse_id(&col::<String>(row, "id")?)?,
        name: col(row, "name")?,
        level: parse_enum(&col::<String>(row, "level")?, CourtLevel::parse)?,
        code: col(row, "code")?,
        parent_id: col::<Option<String>>(row, "parent_id")?
            .map(|p| parse_id(&p))
            .transpose()?,
        fee_schedule: col::<Option<String>>(row, "fee_schedule")?
            .map(|j| from_json(&j))
            .transpose()?,
    })
}

fn division_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Division, DomainError> {
    Ok(Division {
        id: parse_id(&col::<String>(row, "id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        name: col(row, "name")?,
        kind: parse_enum(&col::<String>(row, "kind")?, DivisionKind::parse)?,
    })
}

#[async_trait]
impl CourtRepo for SqlTx {
    async fn insert_court(&mut self, c: &Court) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO courts (id, name, level, code, parent_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.id.to_string())
        .bind(c.name.clone())
        .bind(c.level.as_str())
        .bind(c.code.clone())
        .bind(c.parent_id.map(|p| p.to_string()))
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn court(&mut self, id: CourtId) -> Result<Option<Court>, DomainError> {
        let row = sqlx::query(
            "SELECT id, name, level, code, parent_id, fee_schedule FROM courts WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.as_ref().map(court_from_row).transpose()
    }

    async fn list_courts(&mut self) -> Result<Vec<Court>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, name, level, code, parent_id, fee_schedule FROM courts ORDER BY code",
        )
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(court_from_row).collect()
    }

    async fn insert_division(&mut self, d: &Division) -> Result<(), DomainError> {
        sqlx::query("INSERT INTO divisions (id, court_id, name, kind) VALUES ($1, $2, $3, $4)")
            .bind(d.id.to_string())
            .bind(d.court_id.to_string())
            .bind(d.name.clone())
            .bind(d.kind.as_str())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn division(&mut self, id: DivisionId) -> Result<Option<Division>, DomainError> {
        let row = sqlx::query("SELECT id, court_id, name, kind FROM divisions WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(division_from_row).transpose()
    }

    async fn list_divisions(&mut self, court: CourtId) -> Result<Vec<Division>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, court_id, name, kind FROM divisions WHERE court_id = $1 ORDER BY name",
        )
        .bind(court.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(division_from_row).collect()
    }

    async fn insert_courtroom(&mut self, r: &Courtroom) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO courtrooms (id, court_id, name, tech, capacity, equipment) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.id.to_string())
        .bind(r.court_id.to_string())
        .bind(r.name.clone())
        .bind(r.tech)
        .bind(r.capacity)
        .bind(r.equipment.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn list_courtrooms(&mut self, court: CourtId) -> Result<Vec<Courtroom>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, court_id, name, tech, capacity, equipment FROM courtrooms \
             WHERE court_id = $1 ORDER BY name",
        )
        .bind(court.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(Courtroom {
                    id: parse_id(&col::<String>(row, "id")?)?,
                    court_id: parse_id(&col::<String>(row, "court_id")?)?,
                    name: col(row, "name")?,
                    tech: col(row, "tech")?,
                    capacity: col(row, "capacity")?,
                    equipment: col(row, "equipment")?,
                })
            })
            .collect()
    }

    async fn set_fee_schedule(
        &mut self,
        court: CourtId,
        schedule: Option<&fayuan_core::fee::FeeSchedule>,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE courts SET fee_schedule = $1 WHERE id = $2")
                .bind(schedule.map(to_json).transpose()?)
                .bind(court.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }
}
