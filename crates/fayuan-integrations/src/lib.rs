//! Adapters for the ports of `fayuan-domain`. Where no real external system can be reached, a
//! built-in **sandbox** stands in: deterministic, persistent in the installation's own database,
//! and labelled 沙箱 wherever it shows (ARCHITECTURE.md §3).

pub mod blobs;
pub mod clamd;
pub mod identity_sandbox;
pub mod mail;
pub mod payment_sandbox;
pub mod render;
pub mod sms_sandbox;
pub mod video;

pub use blobs::{BlobLocation, ObjectBlobStore};
pub use clamd::ClamdScanner;
pub use identity_sandbox::SandboxIdentityRegistry;
pub use mail::{DropMailer, SmtpMailer, SmtpSecurity, SmtpSettings};
pub use payment_sandbox::SandboxPaymentGateway;
pub use render::PlainPdfRenderer;
pub use sms_sandbox::SandboxSmsGateway;
pub use video::MeshVideoRoom;
