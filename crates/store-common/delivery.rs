//! `DeliveryRepo` over SQL: delivery addresses by version, deliveries and their traces.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, CaseId, DeliveryId};
use fayuan_domain::DomainError;
use fayuan_domain::delivery::{
    Delivery, DeliveryAddress, DeliveryChannel, DeliveryEvent, DeliveryStatus, DocumentKind,
    EventKind,
};
use fayuan_domain::store::DeliveryRepo;

use super::{SqlTx, col, db, one_row, parse_enum, parse_id};
use crate::Db;

/// `SELECT <address columns> FROM delivery_addresses` followed by the given clause.
macro_rules! select_addresses {
    ($clause:literal) => {
        concat!(
            "SELECT id, case_id, account_id, version, mobile, email, postal_address, \
             consents_electronic, confirmed_at_us FROM delivery_addresses ",
            $clause
        )
    };
}

/// `SELECT <delivery columns> FROM deliveries` followed by the given clause.
macro_rules! select_deliveries {
    ($clause:literal) => {
        concat!(
            "SELECT id, case_id, recipient_id, recipient_name, kind, title, materials, channels, \
             consented, status, delivered_at_us, created_by, created_at_us FROM deliveries ",
            $clause
        )
    };
}

fn address_from_row(row: &<Db as sqlx::Database>::Row) -> Result<DeliveryAddress, DomainError> {
    Ok(DeliveryAddress {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        account_id: parse_id(&col::<String>(row, "account_id")?)?,
        version: col(row, "version")?,
        mobile: col(row, "mobile")?,
        email: col(row, "email")?,
        postal_address: col(row, "postal_address")?,
        consents_electronic: col(row, "consents_electronic")?,
        confirmed_at_us: col(row, "confirmed_at_us")?,
    })
}

/// A JSON array of strings, as stored.
fn strings(text: &str) -> Result<Vec<String>, DomainError> {
    serde_json::from_str(text).map_err(|e| DomainError::Storage(format!("list column: {e}")))
}

fn delivery_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Delivery, DomainError> {
    Ok(Delivery {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        recipient_id: parse_id(&col::<String>(row, "recipient_id")?)?,
        recipient_name: col(row, "recipient_name")?,
        kind: parse_enum(&col::<String>(row, "kind")?, DocumentKind::parse)?,
        title: col(row, "title")?,
        materials: strings(&col::<String>(row, "materials")?)?
            .iter()
            .map(|m| parse_id(m))
            .collect::<Result<_, _>>()?,
        channels: strings(&col::<String>(row, "channels")?)?
            .iter()
            .map(|c| parse_enum(c, DeliveryChannel::parse))
            .collect::<Result<_, _>>()?,
        consented: col(row, "consented")?,
        status: parse_enum(&col::<String>(row, "status")?, DeliveryStatus::parse)?,
        delivered_at_us: col(row, "delivered_at_us")?,
        created_by: parse_id(&col::<String>(row, "created_by")?)?,
        created_at_us: col(row, "created_at_us")?,
    })
}

/// The channels as stored: a JSON array of names.
fn channels_json(channels: &[DeliveryChannel]) -> String {
    let names: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
    serde_json::to_string(&names).unwrap_or_default()
}

fn event_from_row(row: &<Db as sqlx::Database>::Row) -> Result<DeliveryEvent, DomainError> {
    Ok(DeliveryEvent {
        id: parse_id(&col::<String>(row, "id")?)?,
        delivery_id: parse_id(&col::<String>(row, "delivery_id")?)?,
        kind: parse_enum(&col::<String>(row, "kind")?, EventKind::parse)?,
        channel: col::<Option<String>>(row, "channel")?
            .map(|c| parse_enum(&c, DeliveryChannel::parse))
            .transpose()?,
        at_us: col(row, "at_us")?,
        detail: col(row, "detail")?,
        ledger_index: col(row, "ledger_index")?,
    })
}

#[async_trait]
impl DeliveryRepo for SqlTx {
    async fn insert_delivery_address(&mut self, a: &DeliveryAddress) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO delivery_addresses (id, case_id, account_id, version, mobile, email, \
             postal_address, consents_electronic, confirmed_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.id.to_string())
        .bind(a.case_id.to_string())
        .bind(a.account_id.to_string())
        .bind(a.version)
        .bind(a.mobile.clone())
        .bind(a.email.clone())
        .bind(a.postal_address.clone())
        .bind(a.consents_electronic)
        .bind(a.confirmed_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn current_delivery_address(
        &mut self,
        case: CaseId,
        account: AccountId,
    ) -> Result<Option<DeliveryAddress>, DomainError> {
        let row = sqlx::query(select_addresses!(
            "WHERE case_id = $1 AND account_id = $2 ORDER BY version DESC LIMIT 1"
        ))
        .bind(case.to_string())
        .bind(account.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.as_ref().map(address_from_row).transpose()
    }

    async fn delivery_address_history(
        &mut self,
        case: CaseId,
        account: AccountId,
    ) -> Result<Vec<DeliveryAddress>, DomainError> {
        let rows = sqlx::query(select_addresses!(
            "WHERE case_id = $1 AND account_id = $2 ORDER BY version"
        ))
        .bind(case.to_string())
        .bind(account.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(address_from_row).collect()
    }

    async fn insert_delivery(&mut self, d: &Delivery) -> Result<(), DomainError> {
        let materials: Vec<String> = d.materials.iter().map(ToString::to_string).collect();
        sqlx::query(
            "INSERT INTO deliveries (id, case_id, recipient_id, recipient_name, kind, title, \
             materials, channels, consented, status, delivered_at_us, created_by, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(d.id.to_string())
        .bind(d.case_id.to_string())
        .bind(d.recipient_id.to_string())
        .bind(d.recipient_name.clone())
        .bind(d.kind.as_str())
        .bind(d.title.clone())
        .bind(serde_json::to_string(&materials).unwrap_or_default())
        .bind(channels_json(&d.channels))
        .bind(d.consented)
        .bind(d.status.as_str())
        .bind(d.delivered_at_us)
        .bind(d.created_by.to_string())
        .bind(d.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_delivery(&mut self, d: &Delivery) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE deliveries SET status = $1, delivered_at_us = $2, channels = $3, \
                 consented = $4 WHERE id = $5",
            )
            .bind(d.status.as_str())
            .bind(d.delivered_at_us)
            .bind(channels_json(&d.channels))
            .bind(d.consented)
            .bind(d.id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn delivery(&mut self, id: DeliveryId) -> Result<Option<Delivery>, DomainError> {
        let row = sqlx::query(select_deliveries!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(delivery_from_row).transpose()
    }

    async fn deliveries_of_case(&mut self, case: CaseId) -> Result<Vec<Delivery>, DomainError> {
        let rows = sqlx::query(select_deliveries!(
            "WHERE case_id = $1 ORDER BY created_at_us DESC, id DESC"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(delivery_from_row).collect()
    }

    async fn deliveries_to(&mut self, account: AccountId) -> Result<Vec<Delivery>, DomainError> {
        let rows = sqlx::query(select_deliveries!(
            "WHERE recipient_id = $1 ORDER BY created_at_us DESC, id DESC"
        ))
        .bind(account.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(delivery_from_row).collect()
    }

    async fn deliveries_awaiting_signature(
        &mut self,
        account: AccountId,
    ) -> Result<Vec<Delivery>, DomainError> {
        let rows = sqlx::query(select_deliveries!(
            "WHERE recipient_id = $1 AND NOT EXISTS (SELECT 1 FROM delivery_events e \
             WHERE e.delivery_id = deliveries.id AND e.kind = 'signed_for') \
             ORDER BY created_at_us DESC, id DESC"
        ))
        .bind(account.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(delivery_from_row).collect()
    }

    async fn insert_delivery_event(&mut self, e: &DeliveryEvent) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO delivery_events (id, delivery_id, kind, channel, at_us, detail, \
             ledger_index) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.id.to_string())
        .bind(e.delivery_id.to_string())
        .bind(e.kind.as_str())
        .bind(e.channel.map(|c| c.as_str()))
        .bind(e.at_us)
        .bind(e.detail.clone())
        .bind(e.ledger_index)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn delivery_events(&mut self, id: DeliveryId) -> Result<Vec<DeliveryEvent>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, delivery_id, kind, channel, at_us, detail, ledger_index \
             FROM delivery_events WHERE delivery_id = $1 ORDER BY id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }
}
