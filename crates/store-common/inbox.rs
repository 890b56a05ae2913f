//! `InboxRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, NotificationId};
use fayuan_domain::DomainError;
use fayuan_domain::inbox::{Notification, NotifyPreferences};
use fayuan_domain::store::InboxRepo;

use super::{SqlTx, col, db, parse_id};

#[async_trait]
impl InboxRepo for SqlTx {
    async fn insert_notification(&mut self, n: &Notification) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO notifications (id, account_id, subject, body, link, created_at_us, read_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(n.id.to_string())
        .bind(n.account_id.to_string())
        .bind(n.subject.clone())
        .bind(n.body.clone())
        .bind(n.link.clone())
        .bind(n.created_at_us)
        .bind(n.read_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn notifications_of(
        &mut self,
        account: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, account_id, subject, body, link, created_at_us, read_at_us FROM notifications \
             WHERE account_id = $1 ORDER BY created_at_us DESC, id DESC LIMIT $2",
        )
        .bind(account.to_string())
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(Notification {
                    id: parse_id(&col::<String>(r, "id")?)?,
                    account_id: parse_id(&col::<String>(r, "account_id")?)?,
                    subject: col(r, "subject")?,
                    body: col(r, "body")?,
                    link: col(r, "link")?,
                    created_at_us: col(r, "created_at_us")?,
                    read_at_us: col(r, "read_at_us")?,
                })
            })
            .collect()
    }

    async fn notify_preferences(
        &mut self,
        account: AccountId,
    ) -> Result<NotifyPreferences, DomainError> {
        let row = sqlx::query(
            "SELECT by_sms, by_email FROM notification_preferences WHERE account_id = $1",
        )
        .bind(account.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        match row {
            Some(r) => Ok(NotifyPreferences {
                by_sms: col(&r, "by_sms")?,
                by_email: col(&r, "by_email")?,
            }),
            None => Ok(NotifyPreferences::default()),
        }
    }

    async fn set_notify_preferences(
        &mut self,
        account: AccountId,
        p: NotifyPreferences,
    ) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO notification_preferences (account_id, by_sms, by_email) \
             VALUES ($1, $2, $3) ON CONFLICT (account_id) DO UPDATE SET \
             by_sms = excluded.by_sms, by_email = excluded.by_email",
        )
        .bind(account.to_string())
        .bind(p.by_sms)
        .bind(p.by_email)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn unread_notifications(&mut self, account: AccountId) -> Result<i64, DomainError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM notifications WHERE account_id = $1 AND read_at_us IS NULL",
        )
        .bind(account.to_string())
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        col(&row, "n")
    }

    async fn mark_notification_read(
        &mut self,
        id: NotificationId,
        account: AccountId,
        at_us: i64,
    ) -> Result<(), DomainError> {
        sqlx::query("UPDATE notifications SET read_at_us = $1 WHERE id = $2 AND account_id = $3 AND read_at_us IS NULL")
            .bind(at_us)
            .bind(id.to_string())
            .bind(account.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }
}
