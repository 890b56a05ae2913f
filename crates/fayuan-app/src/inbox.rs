//! The inbox: messages to accounts about their filings and cases.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, NotificationId};
use fayuan_domain::inbox::Notification;
use fayuan_domain::store::Tx;

use crate::{App, AppError, Ctx};

impl App {
    /// Puts a message in an account's inbox, inside the caller's transaction.
    pub(crate) async fn notify(
        &self,
        tx: &mut dyn Tx,
        to: AccountId,
        subject: &str,
        body: &str,
        link: Option<String>,
    ) -> Result<(), AppError> {
        tx.insert_notification(&Notification {
            id: NotificationId::new(),
            account_id: to,
            subject: subject.to_string(),
            body: body.to_string(),
            link,
            created_at_us: to_micros(self.clock.now()),
            read_at_us: None,
        })
        .await?;
        Ok(())
    }

    /// The actor's latest messages.
    pub async fn inbox(&self, ctx: &Ctx) -> Result<Vec<Notification>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        Ok(tx.notifications_of(actor.account_id, 100).await?)
    }

    /// How many of the actor's messages are unread (0 without a session).
    pub async fn unread_count(&self, ctx: &Ctx) -> Result<i64, AppError> {
        let Some(actor) = ctx.actor.as_ref() else {
            return Ok(0);
        };
        let mut tx = self.store.begin().await?;
        Ok(tx.unread_notifications(actor.account_id).await?)
    }

    /// Marks one of the actor's messages read.
    pub async fn mark_read(&self, ctx: &Ctx, id: NotificationId) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        tx.mark_notification_read(id, actor.account_id, to_micros(self.clock.now()))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
