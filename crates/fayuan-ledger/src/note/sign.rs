//! Signing notes and opening them against known keys (C2SP signed-note verification rules).

use super::format::{MAX_SIGNATURES, check_characters, is_valid_name};
use super::{Note, NoteSignature, NoteSigner, NoteVerifier};
use crate::LedgerError;

/// Signs `text` (which must end in a newline and contain no control characters but newlines)
/// with each signer, in order, and returns the encoded note.
pub fn sign_note(text: &str, signers: &[&dyn NoteSigner]) -> Result<String, LedgerError> {
    if !text.ends_with('\n') {
        return Err(LedgerError::MalformedNote(
            "text does not end with a newline",
        ));
    }
    check_characters(text)?;
    if signers.is_empty() {
        return Err(LedgerError::MalformedNote("no signers"));
    }
    if signers.len() > MAX_SIGNATURES {
        return Err(LedgerError::MalformedNote("too many signatures"));
    }
    let mut signatures = Vec::with_capacity(signers.len());
    for signer in signers {
        let name = signer.name();
        if !is_valid_name(name) {
            return Err(LedgerError::InvalidKeyName(name.to_owned()));
        }
        let signature = signer.sign(text.as_bytes())?;
        if signature.is_empty() {
            return Err(LedgerError::SigningFailed);
        }
        signatures.push(NoteSignature {
            name: name.to_owned(),
            key_id: signer.key_id(),
            signature,
        });
    }
    Ok(Note {
        text: text.to_owned(),
        signatures,
    }
    .encode())
}

/// Parses `note` and checks its signatures against the known `verifiers`.
///
/// Signatures whose (name, key ID) matches no verifier are ignored; repeated signatures by the
/// same key are checked once. Errors: a malformed note, two verifiers sharing a name and key ID,
/// a signature by a known key that fails to verify, or no signature by a known key at all.
/// The returned note carries only the verified signatures.
pub fn open_note(note: &str, verifiers: &[&dyn NoteVerifier]) -> Result<Note, LedgerError> {
    let parsed = Note::parse(note)?;
    let mut verified: Vec<NoteSignature> = Vec::new();
    for sig in parsed.signatures {
        let mut known = verifiers
            .iter()
            .filter(|v| v.name() == sig.name && v.key_id() == sig.key_id);
        let Some(verifier) = known.next() else {
            continue;
        };
        if known.next().is_some() {
            return Err(LedgerError::AmbiguousKey {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        if verified
            .iter()
            .any(|v| v.name == sig.name && v.key_id == sig.key_id)
        {
            continue;
        }
        if !verifier.verify(parsed.text.as_bytes(), &sig.signature) {
            return Err(LedgerError::InvalidSignature {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        verified.push(sig);
    }
    if verified.is_empty() {
        return Err(LedgerError::UnverifiedNote);
    }
    Ok(Note {
        text: parsed.text,
        signatures: verified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::{Ed25519Signer, Sm2Signer, parse_signer_key, parse_verifier_key};

    // Values from golang.org/x/mod sumdb/note note_test.go (TestSign, TestOpen), the example
    // also used by C2SP signed-note.
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    const TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const PETER_SIG: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    const ENOCH_SIG: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    fn verifier(vkey: &str) -> Box<dyn NoteVerifier + Send + Sync> {
        parse_verifier_key(vkey).unwrap()
    }

    #[test]
    fn signing_the_example_reproduces_its_signature() {
        let signer = Ed25519Signer::from_signer_key(PETER_SKEY).unwrap();
        assert_eq!(signer.verifier_key(), PETER_VKEY);
        assert_eq!(signer.signer_key(), PETER_SKEY);
        assert_eq!(
            sign_note(TEXT, &[&signer]).unwrap(),
            format!("{TEXT}\n{PETER_SIG}")
        );
        let boxed = parse_signer_key(PETER_SKEY).unwrap();
        assert_eq!(
            sign_note(TEXT, &[&*boxed]).unwrap(),
            format!("{TEXT}\n{PETER_SIG}")
        );
    }

    #[test]
    fn opens_the_example() {
        let peter = verifier(PETER_VKEY);
        let note = open_note(&format!("{TEXT}\n{PETER_SIG}"), &[&*peter]).unwrap();
        assert_eq!(note.text, TEXT);
        assert_eq!(note.signatures.len(), 1);
        assert_eq!(note.signatures[0].name, "PeterNeumann");
        assert_eq!(note.signatures[0].key_id, 0xc74f20a3);
    }

    #[test]
    fn keeps_only_signatures_by_known_keys() {
        let (peter, enoch) = (verifier(PETER_VKEY), verifier(ENOCH_VKEY));
        let both = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
        let note = open_note(&both, &[&*peter]).unwrap();
        assert_eq!(note.signatures.len(), 1);
        assert_eq!(note.signatures[0].name, "PeterNeumann");
        let note = open_note(&both, &[&*peter, &*enoch]).unwrap();
        assert_eq!(note.signatures.len(), 2);
        assert_eq!(note.signatures[1].key_id, 0xaf0cfe78);
        // Repeated signatures are reported once.
        let repeated = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}");
        assert_eq!(
            open_note(&repeated, &[&*peter]).unwrap().signatures.len(),
            1
        );
    }

    #[test]
    fn unknown_keys_alone_do_not_verify() {
        let enoch = verifier(ENOCH_VKEY);
        let note = format!("{TEXT}\n{PETER_SIG}");
        assert_eq!(
            open_note(&note, &[&*enoch]),
            Err(LedgerError::UnverifiedNote)
        );
        assert_eq!(open_note(&note, &[]), Err(LedgerError::UnverifiedNote));
        // Same name, other key ID: an unknown key, not a failed signature.
        let other = Ed25519Signer::from_seed("PeterNeumann", [9; 32]).unwrap();
        let other = verifier(&other.verifier_key());
        assert_eq!(
            open_note(&note, &[&*other]),
            Err(LedgerError::UnverifiedNote)
        );
    }

    #[test]
    fn tampering_fails() {
        let peter = verifier(PETER_VKEY);
        let invalid = Err(LedgerError::InvalidSignature {
            name: "PeterNeumann".into(),
            key_id: 0xc74f20a3,
        });
        let text = TEXT.replace("cryptography", "blockchain");
        assert_eq!(
            open_note(&format!("{text}\n{PETER_SIG}"), &[&*peter]),
            invalid
        );
        let sig = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
        assert_eq!(open_note(&format!("{TEXT}\n{sig}"), &[&*peter]), invalid);
        let sig = PETER_SIG.replace("JnAM=", "JnAI=");
        assert_eq!(open_note(&format!("{TEXT}\n{sig}"), &[&*peter]), invalid);
        // A failing known signature rejects the note even beside a valid one.
        let enoch = verifier(ENOCH_VKEY);
        let bad_enoch = format!("{}ABCD{}", &ENOCH_SIG[..60], &ENOCH_SIG[60..]);
        let note = format!("{TEXT}\n{PETER_SIG}{bad_enoch}");
        assert!(open_note(&note, &[&*peter, &*enoch]).is_err());
        assert!(open_note(&note, &[&*peter]).is_ok());
    }

    #[test]
    fn duplicate_verifiers_are_ambiguous() {
        let (a, b) = (verifier(PETER_VKEY), verifier(PETER_VKEY));
        assert_eq!(
            open_note(&format!("{TEXT}\n{PETER_SIG}"), &[&*a, &*b]),
            Err(LedgerError::AmbiguousKey {
                name: "PeterNeumann".into(),
                key_id: 0xc74f20a3
            })
        );
    }

    #[test]
    fn ed25519_and_sm2_round_trip_together() {
        let ed = Ed25519Signer::from_seed("court.example/log", [7; 32]).unwrap();
        let sm = Sm2Signer::from_secret("court.example/log-sm2", [7; 32]).unwrap();
        let again = Ed25519Signer::from_signer_key(&ed.signer_key()).unwrap();
        assert_eq!(again.verifier_key(), ed.verifier_key());
        let boxed = parse_signer_key(&sm.signer_key()).unwrap();
        assert_eq!(boxed.key_id(), sm.key_id());

        let text = "court.example/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let note = sign_note(text, &[&ed, &sm]).unwrap();
        let (ved, vsm) = (verifier(&ed.verifier_key()), verifier(&sm.verifier_key()));
        let opened = open_note(&note, &[&*ved, &*vsm]).unwrap();
        assert_eq!(opened.text, text);
        assert_eq!(opened.signatures.len(), 2);
        assert_eq!(opened.encode(), note);
        assert_eq!(
            open_note(&note, &[&*vsm]).unwrap().signatures[0].name,
            "court.example/log-sm2"
        );
        let tampered = note.replacen('3', "4", 1);
        assert!(open_note(&tampered, &[&*ved]).is_err());
        assert!(open_note(&tampered, &[&*vsm]).is_err());
    }

    struct Misnamed;

    impl NoteSigner for Misnamed {
        fn name(&self) -> &str {
            "bad name"
        }
        fn key_id(&self) -> u32 {
            0
        }
        fn sign(&self, _msg: &[u8]) -> Result<Vec<u8>, LedgerError> {
            Ok(vec![1])
        }
    }

    #[test]
    fn sign_rejects_bad_input() {
        let signer = Ed25519Signer::from_signer_key(PETER_SKEY).unwrap();
        assert!(sign_note("abc", &[&signer]).is_err());
        assert!(sign_note("a\tb\n", &[&signer]).is_err());
        assert!(sign_note(TEXT, &[]).is_err());
        assert!(sign_note(TEXT, &[&Misnamed]).is_err());
        assert!(Ed25519Signer::from_seed("a+b", [0; 32]).is_err());
        assert!(Ed25519Signer::from_seed("", [0; 32]).is_err());
    }

    #[test]
    fn keys_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync + ?Sized>() {}
        assert_send_sync::<Ed25519Signer>();
        assert_send_sync::<Sm2Signer>();
        assert_send_sync::<crate::note::ed25519_key::Ed25519Verifier>();
        assert_send_sync::<crate::note::sm2_key::Sm2Verifier>();
    }
}
