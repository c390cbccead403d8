//! The Content-Security-Policy, in one place for pages (with a nonce) and other responses.

/// Scripts only from this site (plus, on pages, the hydration script carrying `nonce`), WASM
/// allowed, no framing, no plugins, forms only to this site.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
    )
}
