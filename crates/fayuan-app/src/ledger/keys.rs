//! The ledger's keys: read from files, or generated on first start under the data directory.
//!
//! Each file holds one signer key in the text form of golang.org/x/mod's `note` package
//! (`PRIVATE+KEY+name+hexid+base64`), readable by the owner only.

use std::path::Path;
use std::sync::Arc;

use fayuan_ledger::{Ed25519Signer, NoteSigner, Sm2Signer, WitnessCosigner};

use crate::AppError;

/// File names under the key directory.
const ED25519_FILE: &str = "checkpoint-ed25519.key";
const SM2_FILE: &str = "checkpoint-sm2.key";
const WITNESS_FILE: &str = "witness-ed25519.key";

/// The keys of one installation's ledger.
pub struct LedgerKeys {
    /// Signs checkpoints (Ed25519, C2SP type 0x01).
    pub ed25519: Arc<Ed25519Signer>,
    /// Signs checkpoints (SM2 with SM3, GB/T 32918; type 0xff + `fayuan-sm2-sm3`).
    pub sm2: Arc<Sm2Signer>,
    /// Cosigns peer logs' checkpoints (C2SP tlog-cosignature), when witnessing.
    pub witness: Option<WitnessKey>,
}

/// The key a witness cosigns with.
pub struct WitnessKey(WitnessCosigner);

impl WitnessKey {
    /// Its verifier key text.
    pub fn verifier_key(&self) -> String {
        self.0.verifier_key()
    }

    /// The cosigner.
    pub(crate) fn cosigner(&self) -> &WitnessCosigner {
        &self.0
    }
}

impl LedgerKeys {
    /// Loads the keys from `dir`, generating (and saving) missing ones named `name`; the witness
    /// key only when `witness` is set.
    pub fn load_or_generate(dir: &Path, name: &str, witness: bool) -> Result<Self, AppError> {
        std::fs::create_dir_all(dir).map_err(|e| io("creating the ledger key directory", &e))?;
        let ed25519 = load_or_make(
            &dir.join(ED25519_FILE),
            |seed| Ed25519Signer::from_seed(name, seed).map(|s| (s.signer_key(), s)),
            Ed25519Signer::from_signer_key,
        )?;
        let sm2 = load_or_make(
            &dir.join(SM2_FILE),
            |secret| Sm2Signer::from_secret(name, secret).map(|s| (s.signer_key(), s)),
            Sm2Signer::from_signer_key,
        )?;
        let witness = if witness {
            let witness_name = format!("{name}/witness");
            Some(WitnessKey(load_or_make(
                &dir.join(WITNESS_FILE),
                |seed| WitnessCosigner::from_seed(&witness_name, seed).map(|s| (s.signer_key(), s)),
                WitnessCosigner::from_signer_key,
            )?))
        } else {
            None
        };
        Ok(Self {
            ed25519: Arc::new(ed25519),
            sm2: Arc::new(sm2),
            witness,
        })
    }

    /// Whether `dir` holds checkpoint keys (an audit with fresh keys would fail every
    /// signature, so it needs the court's own).
    pub fn exist_in(dir: &Path) -> bool {
        dir.join(ED25519_FILE).is_file() && dir.join(SM2_FILE).is_file()
    }

    /// The verifier keys of the checkpoint signers.
    pub fn verifier_keys(&self) -> Vec<String> {
        vec![self.ed25519.verifier_key(), self.sm2.verifier_key()]
    }

    /// The checkpoint signers.
    pub(crate) fn signers(&self) -> Vec<Arc<dyn NoteSigner + Send + Sync>> {
        vec![
            self.ed25519.clone() as Arc<dyn NoteSigner + Send + Sync>,
            self.sm2.clone(),
        ]
    }
}

/// Reads the key in `path`, or makes one from fresh random bytes and writes it there first.
fn load_or_make<K>(
    path: &Path,
    make: impl Fn([u8; 32]) -> Result<(String, K), fayuan_ledger::LedgerError>,
    parse: impl Fn(&str) -> Result<K, fayuan_ledger::LedgerError>,
) -> Result<K, AppError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(text.trim())
            .map_err(|e| AppError::Internal(format!("ledger key {}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A random 32-byte secret is a valid SM2 scalar except with negligible probability;
            // a few tries cover it.
            for _ in 0..8 {
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret)
                    .map_err(|e| AppError::Internal(format!("random: {e}")))?;
                if let Ok((text, key)) = make(secret) {
                    write_secret(path, &text)?;
                    return Ok(key);
                }
            }
            Err(AppError::Internal("could not generate a ledger key".into()))
        }
        Err(e) => Err(io("reading a ledger key", &e)),
    }
}

/// Writes a secret file readable by the owner only, durably.
fn write_secret(path: &Path, text: &str) -> Result<(), AppError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| io("creating a ledger key file", &e))?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io("writing a ledger key file", &e))
}

fn io(what: &str, e: &std::io::Error) -> AppError {
    AppError::Internal(format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_generated_once_and_reloaded() {
        let dir = std::env::temp_dir().join(format!("fayuan-keys-{}", std::process::id()));
        let first = LedgerKeys::load_or_generate(&dir, "court.test/ledger", true).unwrap();
        let again = LedgerKeys::load_or_generate(&dir, "court.test/ledger", true).unwrap();
        assert_eq!(first.verifier_keys(), again.verifier_keys());
        assert_eq!(
            first.witness.as_ref().map(WitnessKey::verifier_key),
            again.witness.as_ref().map(WitnessKey::verifier_key)
        );
        assert!(first.verifier_keys()[0].starts_with("court.test/ledger+"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(ED25519_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
