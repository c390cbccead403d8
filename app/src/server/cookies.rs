//! The session cookie: how it is written, cleared and read.

use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::Response;

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value for a new session: HttpOnly, SameSite=Lax, Path=/, Secure behind HTTPS.
pub fn session_cookie(name: &str, token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

pub fn expired_cookie(name: &str, secure: bool) -> String {
    format!("{}; Max-Age=0", session_cookie(name, "", secure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie() {
        let mut map = HeaderMap::new();
        map.append("cookie", HeaderValue::from_static("a=1; pledgebook_session=abc; b=2"));
        assert_eq!(cookie_value(&map, "pledgebook_session").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&map, "missing"), None);
        assert_eq!(session_cookie("n", "t", true), "n=t; Path=/; HttpOnly; SameSite=Lax; Secure");
    }
}
