//! Argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane), on a blocking thread.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use domain::accounts::NewPassword;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("the OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[tracing::instrument(skip_all)]
pub async fn hash(password: NewPassword) -> anyhow::Result<String> {
    hash_secret(password.expose().to_owned()).await
}

/// Hashes any secret a person types (a password, a recovery code) the same way.
#[tracing::instrument(skip_all)]
pub async fn hash_secret(secret: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(secret.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a secret failed: {e}"))
    })
    .await?
}

/// Checks a typed password against a stored hash. With no stored hash (an unknown account) it
/// checks against a dummy one, so that unknown and known accounts take the same time.
#[tracing::instrument(skip_all)]
pub async fn verify(typed: String, stored_hash: Option<String>) -> anyhow::Result<bool> {
    let known = stored_hash.is_some();
    let stored = stored_hash.unwrap_or_else(|| dummy_hash().to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        let parsed =
            PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("a stored password hash is malformed: {e}"))?;
        Ok::<_, anyhow::Error>(argon2().verify_password(typed.as_bytes(), &parsed).is_ok())
    })
    .await??;
    Ok(known && matches)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(super::tokens::new_secret().as_bytes(), &salt)
            .expect("hashing a random secret works")
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_the_owasp_parameters() {
        let hash = hash(NewPassword::parse("a long enough passphrase").unwrap()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify("a long enough passphrase".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify("a long enough passphrasE".into(), Some(hash)).await.unwrap());
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
