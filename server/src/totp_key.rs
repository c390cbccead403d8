//! The key that seals authenticator secrets: `TOTP_KEY`, or one kept in `DATA_DIR`.

use std::io::Write;
use std::path::{Path, PathBuf};

use secrecy::ExposeSecret;
use services::totp::TotpKey;

use crate::config::Config;

/// The generated key's file in `DATA_DIR`.
pub const KEY_FILE: &str = "totp.key";

#[derive(Debug, thiserror::Error)]
pub enum TotpKeyError {
    #[error("TOTP_KEY is not valid: {0}")]
    Invalid(#[from] services::totp::TotpKeyError),
    #[error(
        "TOTP_KEY is not set. With COOKIE_SECURE=true (a real deployment) every process must share one \
         key: set TOTP_KEY to 32 random bytes in base64, e.g. from `openssl rand -base64 32`"
    )]
    Missing,
    #[error("could not read or write the generated TOTP key at {path}")]
    File { path: PathBuf, source: std::io::Error },
}

/// `TOTP_KEY` if set. Otherwise, for a deployment without HTTPS (the demo, a trial), the key kept
/// in `DATA_DIR`, generated there at first start with a warning; with `COOKIE_SECURE=true`,
/// refused, since each machine would otherwise make its own and none could read the others'.
pub fn load(config: &Config) -> Result<TotpKey, TotpKeyError> {
    if let Some(text) = &config.totp_key {
        return Ok(TotpKey::from_base64(text.expose_secret())?);
    }
    if config.cookie_secure {
        return Err(TotpKeyError::Missing);
    }
    let path = config.data_dir.join(KEY_FILE);
    let file_error = |source| TotpKeyError::File { path: path.clone(), source };
    match std::fs::read_to_string(&path) {
        Ok(text) => return Ok(TotpKey::from_base64(&text)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(file_error(error)),
    }
    let (key, text) = TotpKey::generate();
    match write_new(&path, &text) {
        Ok(()) => {
            tracing::warn!(
                path = %path.display(),
                "TOTP_KEY is not set: generated one into this file. Every process of this deployment \
                 must use the same key: copy it into TOTP_KEY, and keep it as safe as the database"
            );
            Ok(key)
        }
        // Another process of this deployment wrote it first: use theirs.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(TotpKey::from_base64(&std::fs::read_to_string(&path).map_err(file_error)?)?)
        }
        Err(error) => Err(file_error(error)),
    }
}

/// Writes the key only if no file is there, readable by its owner alone.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(settings: &'static [(&'static str, &'static str)], data_dir: &Path) -> Config {
        let data_dir = data_dir.display().to_string();
        Config::from_lookup(move |name| {
            if name == "DATA_DIR" {
                return Some(data_dir.clone());
            }
            settings.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        })
        .unwrap()
    }

    #[test]
    fn generates_a_key_once_into_the_data_folder_and_reads_it_back() {
        let folder = std::env::temp_dir().join(format!("pledgebook-key-generated-{}", std::process::id()));
        let first = load(&config(&[], &folder)).unwrap();
        let sealed = first.seal(1, b"0123456789abcdefghij");
        let second = load(&config(&[], &folder)).unwrap();
        assert_eq!(second.open(1, &sealed).unwrap(), b"0123456789abcdefghij", "the same key, read back");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(folder.join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn refuses_to_generate_one_behind_https() {
        let folder = std::env::temp_dir().join(format!("pledgebook-key-refused-{}", std::process::id()));
        let error = load(&config(&[("COOKIE_SECURE", "true")], &folder)).unwrap_err();
        assert!(matches!(error, TotpKeyError::Missing), "{error}");
        assert!(!folder.exists(), "nothing was written");
    }

    #[test]
    fn a_given_key_must_be_32_bytes() {
        let folder = std::env::temp_dir();
        let error = load(&config(&[("TOTP_KEY", "c2hvcnQ=")], &folder)).unwrap_err();
        assert!(error.to_string().starts_with("TOTP_KEY is not valid"), "{error}");
    }
}
