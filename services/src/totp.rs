//! Two-factor sign-in's cryptography, with no database: TOTP codes (RFC 6238 with SHA-1, six
//! digits and 30-second steps, as every authenticator app reads them, accepting one step either
//! side for a drifting clock), authenticator secrets sealed with AES-256-GCM under `TOTP_KEY`,
//! recovery codes, and the set-up QR code.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::{Rng, RngCore};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps show beside the account.
pub const ISSUER: &str = "Pledgebook";
/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const NONCE_BYTES: usize = 12;
const STEP_SECONDS: u64 = 30;
/// Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The key that seals authenticator secrets. Every process of one deployment needs the same.
#[derive(Clone)]
pub struct TotpKey(Aes256Gcm);

impl std::fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpKey(redacted)")
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TotpKeyError {
    #[error("use 32 random bytes in base64, e.g. from `openssl rand -base64 32`")]
    NotThirtyTwoBytes,
}

/// A sealed secret that does not open: another key, another person's row, or a damaged value.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("an authenticator secret could not be decrypted with TOTP_KEY")]
pub struct UnsealError;

impl TotpKey {
    /// Reads a key given as base64 (`TOTP_KEY`).
    pub fn from_base64(text: &str) -> Result<TotpKey, TotpKeyError> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| TotpKeyError::NotThirtyTwoBytes)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| TotpKeyError::NotThirtyTwoBytes)?;
        Ok(TotpKey(Aes256Gcm::new(&key.into())))
    }

    /// A new random key, and its base64 to keep.
    pub fn generate() -> (TotpKey, String) {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        let text = STANDARD.encode(key);
        (TotpKey(Aes256Gcm::new(&key.into())), text)
    }

    /// Seals `user_id`'s secret: base64 of a random nonce and the ciphertext. The user's id is
    /// bound in as associated data, so a sealed secret copied to another row does not open.
    pub fn seal(&self, user_id: i64, secret: &[u8]) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(user_id);
        let sealed = self
            .0
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: secret, aad: aad.as_bytes() })
            .expect("AES-GCM encrypts any secret of this size");
        let mut stored = nonce.to_vec();
        stored.extend(sealed);
        STANDARD.encode(stored)
    }

    pub fn open(&self, user_id: i64, stored: &str) -> Result<Vec<u8>, UnsealError> {
        let bytes = STANDARD.decode(stored).map_err(|_| UnsealError)?;
        if bytes.len() <= NONCE_BYTES {
            return Err(UnsealError);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let aad = associated_data(user_id);
        self.0.decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: aad.as_bytes() }).map_err(|_| UnsealError)
    }
}

fn associated_data(user_id: i64) -> String {
    format!("pledgebook totp secret of user {user_id}")
}

/// A new authenticator secret.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

/// A secret written in base32 (as typed into an app), e.g. the demo accounts' known one.
pub fn secret_from_base32(text: &str) -> Option<Vec<u8>> {
    Secret::try_from_base32(text.replace(' ', "").to_uppercase()).ok().map(|secret| secret.as_ref().to_vec())
}

fn totp(algorithm: Algorithm, digits: u8, secret: &[u8], account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(algorithm)
        .with_digits(digits)
        .with_secret(secret.to_vec())
        .with_step_duration(STEP_SECONDS)
        .with_skew(1)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// The code for `secret` at `unix_time` with any RFC 6238 algorithm and length (for the test
/// vectors); the portal itself uses `code_at`.
pub fn rfc6238_code(algorithm: Algorithm, digits: u8, secret: &[u8], unix_time: u64) -> Option<String> {
    totp(algorithm, digits, secret, "").map(|totp| totp.generate(unix_time).to_string())
}

/// The code an authenticator app shows for `secret` at `unix_time`.
pub fn code_at(secret: &[u8], unix_time: u64) -> String {
    rfc6238_code(Algorithm::SHA1, 6, secret, unix_time).unwrap_or_default()
}

/// The time step `typed` is the code of, if it is the code of now or one step either side.
/// Spaces and hyphens people type between the digits are ignored.
pub fn matching_step(secret: &[u8], typed: &str, unix_time: u64) -> Option<i64> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(Algorithm::SHA1, 6, secret, "")?;
    totp.check(&digits, unix_time).and_then(|step| i64::try_from(step).ok())
}

/// The secret as people type it into an app: base32 in groups of four.
pub fn secret_text(secret: &[u8]) -> String {
    let base32 = Secret::from(secret.to_vec()).to_base32();
    base32.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The `otpauth://` address an app reads from the QR code.
pub fn setup_address(secret: &[u8], account: &str) -> Option<String> {
    totp(Algorithm::SHA1, 6, secret, account)?.to_url().ok()
}

/// The QR code of `address` as an SVG image in a `data:` URL, for an `<img>`.
pub fn qr_code_image(address: &str) -> Option<String> {
    let code = qrcode::QrCode::new(address.as_bytes()).ok()?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build();
    Some(format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)))
}

/// Ten new recovery codes, shown as `abcde-fghjk` (about 49 bits each; stored as Argon2id hashes).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let letters: String =
                (0..10).map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char).collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// A recovery code as it is hashed: lower case, without spaces or hyphens.
pub fn normalise_recovery_code(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: each algorithm's seed, eight digits.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let sha1 = b"12345678901234567890".to_vec();
        let sha256 = b"12345678901234567890123456789012".to_vec();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".to_vec();
        let vectors: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (time, expect_sha1, expect_sha256, expect_sha512) in vectors {
            assert_eq!(rfc6238_code(Algorithm::SHA1, 8, &sha1, time).as_deref(), Some(expect_sha1), "SHA-1 at {time}");
            assert_eq!(
                rfc6238_code(Algorithm::SHA256, 8, &sha256, time).as_deref(),
                Some(expect_sha256),
                "SHA-256 at {time}"
            );
            assert_eq!(
                rfc6238_code(Algorithm::SHA512, 8, &sha512, time).as_deref(),
                Some(expect_sha512),
                "SHA-512 at {time}"
            );
        }
        // The portal's six digits are the last six of the same value.
        assert_eq!(code_at(&sha1, 1111111109), "081804");
    }

    #[test]
    fn a_code_matches_its_own_step_and_one_either_side_only() {
        let secret = new_secret();
        let now = 1_800_000_015;
        let step = (now / 30) as i64;
        assert_eq!(matching_step(&secret, &code_at(&secret, now), now), Some(step));
        assert_eq!(matching_step(&secret, &code_at(&secret, now - 30), now), Some(step - 1));
        assert_eq!(matching_step(&secret, &code_at(&secret, now + 30), now), Some(step + 1));
        assert_eq!(matching_step(&secret, &code_at(&secret, now - 60), now), None);
        let code = code_at(&secret, now);
        assert_eq!(matching_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now), Some(step));
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_for_their_user() {
        let (key, text) = TotpKey::generate();
        let secret = new_secret();
        let sealed = key.seal(7, &secret);
        assert!(!sealed.contains(&secret_text(&secret)));
        assert_eq!(key.open(7, &sealed), Ok(secret.clone()));
        assert_eq!(key.open(8, &sealed), Err(UnsealError), "moved to another person's row");
        assert_eq!(TotpKey::from_base64(&text).unwrap().open(7, &sealed), Ok(secret));
        let (other, _) = TotpKey::generate();
        assert_eq!(other.open(7, &sealed), Err(UnsealError));
        assert_eq!(key.open(7, "not base64!"), Err(UnsealError));
        assert_ne!(key.seal(7, &[1; 20]), key.seal(7, &[1; 20]), "a fresh nonce each time");
        assert_eq!(format!("{key:?}"), "TotpKey(redacted)");
    }

    #[test]
    fn a_key_must_be_32_bytes_of_base64() {
        assert!(TotpKey::from_base64(&STANDARD.encode([9u8; 32])).is_ok());
        assert_eq!(TotpKey::from_base64(&STANDARD.encode([9u8; 16])).unwrap_err(), TotpKeyError::NotThirtyTwoBytes);
        assert_eq!(TotpKey::from_base64("not a key").unwrap_err(), TotpKeyError::NotThirtyTwoBytes);
    }

    #[test]
    fn set_up_shows_the_secret_as_text_and_as_a_qr_code() {
        let secret = secret_from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(secret_text(&secret), "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
        let address = setup_address(&secret, "sam@example.org").unwrap();
        assert!(address.starts_with("otpauth://totp/Pledgebook:sam%40example.org?"), "{address}");
        assert!(address.contains("secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), "{address}");
        let image = qr_code_image(&address).unwrap();
        let svg = String::from_utf8(STANDARD.decode(image.trim_start_matches("data:image/svg+xml;base64,")).unwrap())
            .unwrap();
        assert!(svg.contains("<svg"), "{svg}");
    }

    #[test]
    fn recovery_codes_are_ten_distinct_readable_codes() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes.iter().collect::<std::collections::BTreeSet<_>>().len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), 11, "{code}");
            assert_eq!(normalise_recovery_code(code).len(), 10);
            assert!(normalise_recovery_code(code).bytes().all(|b| RECOVERY_ALPHABET.contains(&b)));
        }
        assert_eq!(normalise_recovery_code(" ABCDE fghjk "), "abcdefghjk");
        assert_eq!(normalise_recovery_code("abcde-fghjk"), "abcdefghjk");
    }
}
