//! The [`Scanner`] adapter for ClamAV's daemon: the `zINSTREAM` command over TCP, the file sent
//! in length-prefixed chunks, the verdict read back (`stream: OK` or `stream: <name> FOUND`).

use std::path::Path;

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::ports::Scanner;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Chunk size sent to clamd (its default StreamMaxLength is 25 MB in total; configure clamd for
/// the installation's upload limit).
const CHUNK: usize = 64 * 1024;

/// clamd reached at `host:port`.
#[derive(Debug, Clone)]
pub struct ClamdScanner {
    address: String,
}

impl ClamdScanner {
    /// A scanner talking to clamd at `address` (`127.0.0.1:3310`).
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            address: address.into(),
        }
    }
}

fn unavailable(e: impl std::fmt::Display) -> DomainError {
    DomainError::Storage(format!("clamd: {e}"))
}

/// Reads clamd's answer: `None` when clean, the signature when infected.
fn verdict(answer: &str) -> Result<Option<String>, DomainError> {
    let answer = answer.trim_end_matches(['\0', '\n']);
    if answer.ends_with(": OK") {
        Ok(None)
    } else if let Some(found) = answer.strip_suffix(" FOUND") {
        let name = found.rsplit_once(": ").map_or(found, |(_, n)| n);
        Ok(Some(name.to_owned()))
    } else {
        Err(unavailable(answer))
    }
}

#[async_trait]
impl Scanner for ClamdScanner {
    async fn scan(&self, staged: &Path) -> Result<Option<String>, DomainError> {
        let mut stream = TcpStream::connect(&self.address)
            .await
            .map_err(unavailable)?;
        stream
            .write_all(b"zINSTREAM\0")
            .await
            .map_err(unavailable)?;
        let mut file = tokio::fs::File::open(staged).await.map_err(unavailable)?;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = file.read(&mut buf).await.map_err(unavailable)?;
            if n == 0 {
                break;
            }
            let len = u32::try_from(n).map_err(unavailable)?;
            stream
                .write_all(&len.to_be_bytes())
                .await
                .map_err(unavailable)?;
            stream.write_all(&buf[..n]).await.map_err(unavailable)?;
        }
        stream.write_all(&[0, 0, 0, 0]).await.map_err(unavailable)?;
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .await
            .map_err(unavailable)?;
        verdict(&answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    #[test]
    fn reads_verdicts() {
        assert_eq!(verdict("stream: OK\0").unwrap(), None);
        assert_eq!(
            verdict("stream: Eicar-Test-Signature FOUND\0")
                .unwrap()
                .as_deref(),
            Some("Eicar-Test-Signature")
        );
        assert!(verdict("INSTREAM size limit exceeded. ERROR\0").is_err());
    }

    /// A fake clamd that checks the framing and flags files containing "EICAR".
    #[tokio::test]
    async fn speaks_instream() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let server = tokio::spawn(async move {
            for _ in 0..2 {
                let (mut s, _) = listener.accept().await.unwrap();
                let mut command = [0u8; 10];
                s.read_exact(&mut command).await.unwrap();
                assert_eq!(&command, b"zINSTREAM\0");
                let mut body = Vec::new();
                loop {
                    let mut len = [0u8; 4];
                    s.read_exact(&mut len).await.unwrap();
                    let len = u32::from_be_bytes(len) as usize;
                    if len == 0 {
                        break;
                    }
                    let mut chunk = vec![0u8; len];
                    s.read_exact(&mut chunk).await.unwrap();
                    body.extend_from_slice(&chunk);
                }
                let infected = body.windows(5).any(|w| w == b"EICAR");
                let answer: &[u8] = if infected {
                    b"stream: Eicar-Test-Signature FOUND\0"
                } else {
                    b"stream: OK\0"
                };
                s.write_all(answer).await.unwrap();
            }
        });
        let dir = std::env::temp_dir().join(format!("fayuan-clamd-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let clean = dir.join("clean");
        std::fs::write(&clean, vec![b'x'; 200_000]).unwrap();
        let bad = dir.join("bad");
        std::fs::write(&bad, b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD").unwrap();
        let scanner = ClamdScanner::new(address);
        assert_eq!(scanner.scan(&clean).await.unwrap(), None);
        assert!(scanner.scan(&bad).await.unwrap().is_some());
        server.await.unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }
}
