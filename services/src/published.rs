//! Published frameworks' content in memory. A published version's themes and measures never
//! change (publishing only retires the version before it, which changes its status, not its
//! content), so once read they are kept for the life of the process and shared by every page
//! and server function that reads them. A version's status is never kept, nor a draft, nor any
//! rendered HTML (a page carries its own CSP nonce and the signed-in header).
//!
//! The store lives in the server's state; the use cases that read a framework's content take it
//! as an argument, so every caller reads through the same store.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use db::framework_theme;
use domain::frameworks::StoredMeasure;

/// A version's themes (in order) and measures (in framework order).
#[derive(Debug)]
pub struct VersionContent {
    pub themes: Vec<framework_theme::Model>,
    pub measures: Vec<StoredMeasure>,
}

#[derive(Clone, Default)]
pub struct PublishedContent(Arc<RwLock<HashMap<i64, Arc<VersionContent>>>>);

impl PublishedContent {
    pub fn get(&self, version_id: i64) -> Option<Arc<VersionContent>> {
        self.0.read().ok()?.get(&version_id).cloned()
    }

    /// Keeps a version's content. Only for a version read as published or retired.
    pub fn keep(&self, version_id: i64, content: Arc<VersionContent>) {
        if let Ok(mut versions) = self.0.write() {
            versions.insert(version_id, content);
        }
    }
}
