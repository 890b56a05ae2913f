//! `fayuan user add|list|disable|enable`: staff accounts from the console (the operator is
//! trusted; every change is audited as the operator).

use anyhow::{Context, anyhow};
use fayuan_app::Ctx;
use fayuan_app::staff::NewStaff;
use fayuan_domain::accounts::{AccountStatus, Role};

use crate::config::Settings;
use crate::wiring;

/// Arguments of `user add`.
#[derive(Debug, Clone)]
pub struct AddUser {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Court code (法院代字) of the court.
    pub court_code: String,
    /// Comma-separated roles.
    pub roles: String,
    /// Initial password.
    pub password: String,
    /// Phone.
    pub phone: Option<String>,
}

/// Adds a staff account and prints its TOTP secret.
pub async fn add(settings: &Settings, a: AddUser) -> anyhow::Result<()> {
    let app = wiring::app(settings).await?;
    let courts = app.list_courts().await.map_err(|e| anyhow!("{e}"))?;
    let court = courts
        .iter()
        .find(|c| c.code == a.court_code)
        .with_context(|| format!("no court with code {}", a.court_code))?;
    let roles = a
        .roles
        .split(',')
        .map(|r| Role::parse(r.trim()).ok_or_else(|| anyhow!("unknown role {r}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let new = NewStaff {
        username: a.username,
        name: a.name,
        phone: a.phone,
        court_id: court.id,
        division_id: None,
        roles,
        password: a.password,
    };
    let created = app
        .create_staff(&Ctx::operator("cli"), new)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    println!("created {} ({})", created.account.name, created.account.id);
    println!("TOTP secret (shown once): {}", created.totp_secret_base32);
    println!("{}", created.totp_uri);
    Ok(())
}

/// Lists staff accounts.
pub async fn list(settings: &Settings) -> anyhow::Result<()> {
    let app = wiring::app(settings).await?;
    let staff = app
        .list_staff(&Ctx::operator("cli"), None)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    for s in staff {
        let roles: Vec<&str> = s.roles.iter().map(|r| r.as_str()).collect();
        println!(
            "{:<16} {:<10} {:<8} {}",
            s.username.unwrap_or_default(),
            s.name,
            s.status.as_str(),
            roles.join(",")
        );
    }
    Ok(())
}

/// Disables or enables the account with this login.
pub async fn set_status(
    settings: &Settings,
    login: &str,
    status: AccountStatus,
) -> anyhow::Result<()> {
    let app = wiring::app(settings).await?;
    let ctx = Ctx::operator("cli");
    let account = app
        .list_staff(&ctx, None)
        .await
        .map_err(|e| anyhow!("{e}"))?
        .into_iter()
        .find(|a| a.username.as_deref() == Some(login))
        .with_context(|| format!("no staff account {login}"))?;
    app.set_account_status(&ctx, account.id, status)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    println!("{login}: {}", status.as_str());
    Ok(())
}
