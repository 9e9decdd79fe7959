//! Password hashing with argon2id in a bounded amount of memory.
//!
//! Each argon2id hash fills 19 MiB of memory (the `argon2` crate's default
//! parameters, OWASP's minimum). Allocated afresh for every sign-in, those
//! blocks pile up in the allocator's per-thread arenas, which keep them
//! long after the hash is done: hundreds of sign-ins grew a server past a
//! gigabyte. [`Passwords`] instead hashes on at most a few blocking threads
//! at once, each with a buffer of blocks that is allocated once and used
//! again, so the memory hashing takes stays a few buffers whatever the
//! number of sign-ins, and a flood of sign-in attempts queues here instead
//! of taking every blocking thread.

use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The most hashes computed at once.
const MAX_HASHERS: usize = 4;

/// Hashes and checks passwords with argon2id, a few at a time, in memory
/// kept between hashes.
pub(crate) struct Passwords {
    /// One permit per hash that may run at once.
    permits: Semaphore,
    /// The block buffers of the hashes not running, to be used again.
    buffers: Mutex<Vec<Vec<Block>>>,
    /// The most hashes run at once.
    hashers: usize,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("hashers", &self.hashers)
            .field("free", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

impl Passwords {
    /// A hasher running as many hashes at once as there are CPUs, up to
    /// [`MAX_HASHERS`].
    pub(crate) fn new() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        Self::with_hashers(cpus.min(MAX_HASHERS))
    }

    /// A hasher running at most `hashers` hashes at once.
    pub(crate) fn with_hashers(hashers: usize) -> Self {
        let hashers = hashers.max(1);
        Passwords {
            permits: Semaphore::new(hashers),
            buffers: Mutex::new(Vec::with_capacity(hashers)),
            hashers,
        }
    }

    /// The PHC string of `password` hashed with argon2id, the default
    /// parameters and `salt`.
    pub(crate) async fn hash(&self, password: &str, salt: [u8; 16]) -> Result<String, ApiError> {
        let password = password.to_owned();
        self.run(move |blocks| hash_with_salt(&password, &salt, blocks))
            .await?
    }

    /// Whether `password` matches the PHC string `hash`. A hash that does
    /// not parse, or is not argon2, matches nothing.
    pub(crate) async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        self.run(move |blocks| verify(&password, &hash, blocks))
            .await
    }

    /// Runs `work` on a blocking thread with a block buffer, once a hasher
    /// is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(format!("password hashing closed: {e}")))?;
        let mut blocks = self.take_buffer();
        let (result, blocks) = tokio::task::spawn_blocking(move || {
            let result = work(&mut blocks);
            (result, blocks)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("password hashing stopped: {e}")))?;
        self.give_back(blocks);
        Ok(result)
    }

    fn take_buffer(&self) -> Vec<Block> {
        match self.buffers.lock() {
            Ok(mut buffers) => buffers.pop().unwrap_or_default(),
            Err(poisoned) => poisoned.into_inner().pop().unwrap_or_default(),
        }
    }

    fn give_back(&self, blocks: Vec<Block>) {
        let mut buffers = match self.buffers.lock() {
            Ok(buffers) => buffers,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buffers.len() < self.hashers {
            buffers.push(blocks);
        }
    }
}

/// Hashes `password` with argon2id, the default parameters and `salt`,
/// filling `blocks` (resized to the parameters' memory).
pub(crate) fn hash_with_salt(
    password: &str,
    salt_raw: &[u8],
    blocks: &mut Vec<Block>,
) -> Result<String, ApiError> {
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::encode_b64(salt_raw)
        .map_err(|e| ApiError::Internal(format!("password salt: {e}")))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    hash_into(&argon2, password, salt_raw, &mut out, blocks)
        .map_err(|e| ApiError::Internal(format!("password hashing: {e}")))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)
            .map_err(|e| ApiError::Internal(format!("password hash parameters: {e}")))?,
        salt: Some(salt.as_salt()),
        hash: Some(
            Output::new(&out).map_err(|e| ApiError::Internal(format!("password hash: {e}")))?,
        ),
    };
    Ok(hash.to_string())
}

/// Whether `password` hashes to the PHC string `hash` with the algorithm,
/// version, parameters and salt it names, compared in constant time.
fn verify(password: &str, hash: &str, blocks: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(expected), Some(salt)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
        parsed.hash,
        parsed.salt,
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    if hash_into(&argon2, password, salt_bytes, &mut out, blocks).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// Fills `out` with the hash of `password` and the raw `salt` as `argon2`
/// computes it, in `blocks` (resized to its memory).
fn hash_into(
    argon2: &Argon2<'_>,
    password: &str,
    salt: &[u8],
    out: &mut [u8],
    blocks: &mut Vec<Block>,
) -> argon2::Result<()> {
    blocks.resize(argon2.params().block_count(), Block::default());
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut blocks[..])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[tokio::test]
    async fn a_hash_is_the_argon2_crates_own_phc_string_and_verifies_both_ways() {
        let passwords = Passwords::with_hashers(2);
        let salt = [7u8; 16];
        let ours = passwords.hash("correct horse battery", salt).await.unwrap();
        let theirs = Argon2::default()
            .hash_password(
                b"correct horse battery",
                &SaltString::encode_b64(&salt).unwrap(),
            )
            .unwrap()
            .to_string();
        assert_eq!(ours, theirs);
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(
            passwords
                .verify("correct horse battery".into(), theirs)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn other_parameters_in_a_stored_hash_are_honoured() {
        let params = Params::new(1024, 1, 1, None).unwrap();
        let small = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"pass phrase", &SaltString::encode_b64(&[3; 16]).unwrap())
            .unwrap()
            .to_string();
        let passwords = Passwords::with_hashers(1);
        assert!(
            passwords
                .verify("pass phrase".into(), small.clone())
                .await
                .unwrap()
        );
        assert!(!passwords.verify("pass phrasE".into(), small).await.unwrap());
    }

    #[tokio::test]
    async fn garbled_or_foreign_hashes_match_nothing() {
        let passwords = Passwords::with_hashers(1);
        for hash in [
            "",
            "not a hash",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=99$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        ] {
            assert!(
                !passwords.verify("x".into(), hash.into()).await.unwrap(),
                "{hash}"
            );
        }
    }

    #[tokio::test]
    async fn buffers_are_kept_for_reuse_up_to_the_number_of_hashers() {
        let passwords = std::sync::Arc::new(Passwords::with_hashers(2));
        let tasks: Vec<_> = (0..6u8)
            .map(|n| {
                let passwords = passwords.clone();
                tokio::spawn(async move { passwords.hash("a pass phrase", [n; 16]).await })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        let kept = passwords.buffers.lock().unwrap();
        assert!(!kept.is_empty() && kept.len() <= 2, "{}", kept.len());
        assert!(
            kept.iter()
                .all(|b| b.len() == Params::default().block_count())
        );
    }
}
