//! The `Mailer` port's adapters: SMTP through lettre (plain, STARTTLS or implicit TLS, with
//! authentication), and a drop directory that writes each message as an `.eml` file (the
//! default: nothing leaves the machine until SMTP is configured).

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::ports::{Mail, Mailer};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No TLS (a relay on the same host or network).
    None,
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
}

/// Where and how to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Server host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Security.
    pub security: SmtpSecurity,
    /// User name and password, if the server wants them.
    pub credentials: Option<(String, String)>,
    /// The sender, e.g. `示范区人民法院 <songda@court.example.cn>`.
    pub from: String,
    /// Connection and command timeout.
    pub timeout: Duration,
}

fn failed(what: &str, e: impl std::fmt::Display) -> DomainError {
    DomainError::Storage(format!("{what}: {e}"))
}

/// Builds the RFC 5322 message.
fn message(from: &str, mail: &Mail) -> Result<Message, DomainError> {
    let from: Mailbox = from.parse().map_err(|e| failed("sender address", e))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| failed("recipient address", e))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| failed("building the message", e))
}

/// Sends through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
}

impl SmtpMailer {
    /// A mailer for these settings (connections are opened when sending).
    pub fn new(s: &SmtpSettings) -> Result<Self, DomainError> {
        let builder = match s.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.clone())
            }
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .map_err(|e| failed("SMTP STARTTLS setup", e))?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)
                .map_err(|e| failed("SMTP TLS setup", e))?,
        };
        let mut builder = builder.port(s.port).timeout(Some(s.timeout));
        if let Some((user, password)) = &s.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        // Validate the sender now rather than at the first message.
        let _: Mailbox = s.from.parse().map_err(|e| failed("sender address", e))?;
        Ok(Self {
            transport: builder.build(),
            from: s.from.clone(),
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> Result<(), DomainError> {
        let message = message(&self.from, mail)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| failed("SMTP", e))
    }
}

/// Writes each message as `<dir>/<uuid>.eml` (the sandbox: read them with any mail program).
pub struct DropMailer {
    dir: PathBuf,
    from: String,
}

impl DropMailer {
    /// A mailer writing into `dir` (created when needed).
    pub fn new(dir: PathBuf, from: String) -> Self {
        Self { dir, from }
    }
}

#[async_trait]
impl Mailer for DropMailer {
    async fn send(&self, mail: &Mail) -> Result<(), DomainError> {
        let bytes = message(&self.from, mail)?.formatted();
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| failed("mail drop directory", e))?;
        let path = self.dir.join(format!("{}.eml", uuid::Uuid::now_v7()));
        tokio::fs::write(&path, bytes)
            .await
            .map_err(|e| failed("writing the mail file", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> Mail {
        Mail {
            to: "zhangsan@example.com".into(),
            subject: "【人民法院】送达：民事判决书".into(),
            body: "请登录查阅：http://127.0.0.1:8080/deliveries/1".into(),
        }
    }

    #[tokio::test]
    async fn drop_mailer_writes_a_readable_message() {
        let dir = std::env::temp_dir().join(format!("fayuan-mail-{}", uuid::Uuid::now_v7()));
        let mailer = DropMailer::new(dir.clone(), "法院 <court@example.cn>".into());
        mailer.send(&mail()).await.unwrap();
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("To: zhangsan@example.com"), "{text}");
        assert!(
            text.contains("Subject: =?utf-8?"),
            "encoded Chinese subject: {text}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn bad_addresses_are_refused() {
        let mailer = DropMailer::new(std::env::temp_dir(), "法院 <court@example.cn>".into());
        let mut m = mail();
        m.to = "not an address".into();
        assert!(mailer.send(&m).await.is_err());
        let settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 1,
            security: SmtpSecurity::None,
            credentials: None,
            from: "nobody".into(),
            timeout: Duration::from_secs(1),
        };
        assert!(SmtpMailer::new(&settings).is_err());
    }

    #[tokio::test]
    async fn a_server_that_is_down_is_an_error_not_a_hang() {
        let settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 9, // discard: nothing listens here
            security: SmtpSecurity::None,
            credentials: None,
            from: "法院 <court@example.cn>".into(),
            timeout: Duration::from_secs(2),
        };
        let mailer = SmtpMailer::new(&settings).unwrap();
        assert!(mailer.send(&mail()).await.is_err());
    }
}
