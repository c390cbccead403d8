//! Evidence files in object storage: a local folder by default, S3-compatible storage when
//! configured. Uploads stream through: each chunk is checked (type by content, size limit),
//! hashed and written as it arrives, so a file is never held whole in memory.
//!
//! Crash safety: an upload is recorded (`evidence_upload`, with the S3 multipart upload's id)
//! before its first byte is stored; its file row is written only once the object is stored
//! whole. The sweep removes what a crash leaves: objects with no file row, the local store's
//! `name#N` staging files (which object_store's listing hides), and S3 multipart uploads that
//! never completed (aborted).

pub mod content;

use std::collections::HashSet;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use chrono::Utc;
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::{MultipartUpload, ObjectStore, ObjectStoreExt, PutPayload};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};
use sha2::{Digest, Sha256};

pub use content::{content_disposition, sanitise_file_name, ContentCheck, EvidenceKind, EvidenceRefusal};

use db::{evidence_file, evidence_upload};

/// S3 parts must be at least 5 MiB, except the last.
const S3_PART_BYTES: usize = 5 * 1024 * 1024;
/// The local store writes in steps of this size.
const LOCAL_PART_BYTES: usize = 1024 * 1024;
/// What the sweep leaves alone: an upload younger than this may still be under way.
pub const SWEEP_MIN_AGE: Duration = Duration::from_secs(60 * 60);

/// Where evidence is stored, and the most one file may hold.
#[derive(Clone)]
pub struct EvidenceStore {
    backend: Backend,
    pub max_file_bytes: u64,
}

#[derive(Clone)]
enum Backend {
    Local { store: Arc<LocalFileSystem>, root: PathBuf },
    S3 { store: Arc<AmazonS3>, prefix: Path, description: String },
}

#[derive(Debug, thiserror::Error)]
pub enum EvidenceStoreError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] object_store::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Why an upload did not store a file.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The person's file is not acceptable: shown to them beside the field.
    #[error(transparent)]
    Refused(#[from] EvidenceRefusal),
    /// The request's body broke off (the browser went away).
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Store(#[from] EvidenceStoreError),
}

impl From<object_store::Error> for UploadError {
    fn from(error: object_store::Error) -> Self {
        UploadError::Store(error.into())
    }
}

impl From<sea_orm::DbErr> for UploadError {
    fn from(error: sea_orm::DbErr) -> Self {
        UploadError::Store(error.into())
    }
}

/// A file stored whole: its key and what the file row records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub kind: EvidenceKind,
    pub size_bytes: u64,
    pub sha256: String,
    /// The `evidence_upload` row to remove in the transaction that writes the file row.
    pub upload_id: i64,
}

/// What a sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub orphan_objects: usize,
    pub staging_files: usize,
    pub aborted_uploads: usize,
}

impl EvidenceStore {
    /// Files in a folder on this machine (made if missing).
    pub fn local(root: &FsPath, max_file_bytes: u64) -> Result<EvidenceStore, EvidenceStoreError> {
        std::fs::create_dir_all(root)?;
        let root = root.canonicalize()?;
        let store = LocalFileSystem::new_with_prefix(&root)?;
        Ok(EvidenceStore { backend: Backend::Local { store: Arc::new(store), root }, max_file_bytes })
    }

    /// An S3-compatible bucket, from `s3://bucket/prefix` and the usual settings
    /// (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_ALLOW_HTTP`…), given by name.
    pub fn s3(
        url: &str,
        settings: &[(String, String)],
        max_file_bytes: u64,
    ) -> Result<EvidenceStore, EvidenceStoreError> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| EvidenceStoreError::Config("EVIDENCE_STORE must look like s3://bucket/prefix".into()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(EvidenceStoreError::Config("EVIDENCE_STORE names no bucket: use s3://bucket/prefix".into()));
        }
        let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
        for (name, value) in settings {
            let key: AmazonS3ConfigKey = name
                .to_ascii_lowercase()
                .parse()
                .map_err(|_| EvidenceStoreError::Config(format!("{name} is not an S3 setting")))?;
            builder = builder.with_config(key, value);
        }
        let store = builder.build()?;
        Ok(EvidenceStore {
            backend: Backend::S3 {
                store: Arc::new(store),
                prefix: Path::from(prefix.trim_matches('/')),
                description: format!("s3://{bucket}/{}", prefix.trim_matches('/')),
            },
            max_file_bytes,
        })
    }

    /// Where files go, for the log at start (no secrets).
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Local { root, .. } => root.display().to_string(),
            Backend::S3 { description, .. } => description.clone(),
        }
    }

    fn path_of(&self, key: &str) -> Path {
        match &self.backend {
            Backend::Local { .. } => Path::from(key),
            Backend::S3 { prefix, .. } => prefix.clone().join(key),
        }
    }

    /// Streams one file into the store under a new key, checking its type by content and its
    /// size as it goes. Nothing is left behind on a refusal or an error; on success the object
    /// is stored whole and its upload is still recorded, for the caller's transaction to clear.
    pub async fn store<S, E>(
        &self,
        db: &DatabaseConnection,
        file_name: &str,
        body: S,
    ) -> Result<StoredObject, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let key = new_key();
        let path = self.path_of(&key);
        let mut sink = match &self.backend {
            Backend::Local { store, .. } => Sink::Local(store.put_multipart(&path).await?),
            Backend::S3 { store, .. } => {
                let id = store.create_multipart(&path).await?;
                Sink::S3 { store: store.clone(), id, parts: Vec::new() }
            }
        };
        let recorded = evidence_upload::ActiveModel {
            storage_key: Set(key.clone()),
            multipart_id: Set(sink.multipart_id()),
            started_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await;
        let recorded = match recorded {
            Ok(row) => row,
            Err(error) => {
                sink.abort(&path).await;
                return Err(error.into());
            }
        };
        match self.stream_into(&mut sink, &path, file_name, body).await {
            Ok((kind, size_bytes, sha256)) => {
                Ok(StoredObject { key, kind, size_bytes, sha256, upload_id: recorded.id })
            }
            Err(error) => {
                sink.abort(&path).await;
                let _ = evidence_upload::Entity::delete_by_id(recorded.id).exec(db).await;
                Err(error)
            }
        }
    }

    async fn stream_into<S, E>(
        &self,
        sink: &mut Sink,
        path: &Path,
        file_name: &str,
        mut body: S,
    ) -> Result<(EvidenceKind, u64, String), UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut check = ContentCheck::new(file_name);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let part_bytes = sink.part_bytes();
        let mut buffer = BytesMut::with_capacity(part_bytes);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| UploadError::Interrupted(e.to_string()))?;
            size += chunk.len() as u64;
            if size > self.max_file_bytes {
                return Err(EvidenceRefusal::TooLarge { limit_bytes: self.max_file_bytes }.into());
            }
            check.feed(&chunk)?;
            hasher.update(&chunk);
            buffer.extend_from_slice(&chunk);
            if buffer.len() >= part_bytes {
                sink.put(path, buffer.split().freeze()).await?;
            }
        }
        // The verdict before the last bytes are written: a refused file is aborted, not completed.
        let kind = check.finish()?;
        if !buffer.is_empty() {
            sink.put(path, buffer.split().freeze()).await?;
        }
        sink.complete(path).await?;
        Ok((kind, size, hex::encode(hasher.finalize())))
    }

    /// The file's bytes, as a stream (for a download).
    pub async fn open(
        &self,
        key: &str,
    ) -> Result<impl Stream<Item = Result<Bytes, object_store::Error>> + Send + 'static, EvidenceStoreError> {
        let result = match &self.backend {
            Backend::Local { store, .. } => store.get(&self.path_of(key)).await?,
            Backend::S3 { store, .. } => store.get(&self.path_of(key)).await?,
        };
        Ok(result.into_stream())
    }

    /// Removes a stored file (after its row is gone). A file already missing is fine.
    pub async fn delete(&self, key: &str) -> Result<(), EvidenceStoreError> {
        let path = self.path_of(key);
        let outcome = match &self.backend {
            Backend::Local { store, .. } => store.delete(&path).await,
            Backend::S3 { store, .. } => store.delete(&path).await,
        };
        match outcome {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// Removes what crashes and failures left behind, older than `min_age`: stored objects
    /// with no file row, local staging files, and uploads that never completed.
    pub async fn sweep(&self, db: &DatabaseConnection, min_age: Duration) -> Result<SweepReport, EvidenceStoreError> {
        let mut report = SweepReport::default();
        let cutoff = SystemTime::now() - min_age;
        let chrono_cutoff = Utc::now() - chrono::Duration::from_std(min_age).unwrap_or_default();
        // Uploads that never finished: abort them (S3 keeps their parts, and bills for them).
        let stale = evidence_upload::Entity::find()
            .filter(evidence_upload::Column::StartedAt.lt(chrono_cutoff))
            .all(db)
            .await?;
        for upload in stale {
            if let (Backend::S3 { store, .. }, Some(id)) = (&self.backend, &upload.multipart_id) {
                match store.abort_multipart(&self.path_of(&upload.storage_key), id).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(error) => {
                        tracing::warn!(key = %upload.storage_key, ?error, "could not abort an abandoned upload");
                        continue;
                    }
                }
            }
            evidence_upload::Entity::delete_by_id(upload.id).exec(db).await?;
            report.aborted_uploads += 1;
        }
        let kept: HashSet<String> = evidence_file::Entity::find()
            .select_only()
            .column(evidence_file::Column::StorageKey)
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let in_flight: HashSet<String> = evidence_upload::Entity::find()
            .select_only()
            .column(evidence_upload::Column::StorageKey)
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        match &self.backend {
            Backend::Local { root, .. } => {
                // object_store's listing hides `name#N` staging files, so walk the folder itself.
                for (file, modified) in files_under(root)? {
                    if modified > cutoff {
                        continue;
                    }
                    let relative = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
                    let (key, staging) = match relative.split_once('#') {
                        Some((key, _)) => (key.to_owned(), true),
                        None => (relative.clone(), false),
                    };
                    if staging && !in_flight.contains(&key) {
                        std::fs::remove_file(&file)?;
                        report.staging_files += 1;
                    } else if !staging && !kept.contains(&key) && !in_flight.contains(&key) {
                        std::fs::remove_file(&file)?;
                        report.orphan_objects += 1;
                    }
                }
            }
            Backend::S3 { store, prefix, .. } => {
                let objects: Vec<_> = store.list(Some(prefix)).try_collect().await?;
                for object in objects {
                    let key = object.location.filename().unwrap_or_default().to_owned();
                    let old = object.last_modified < chrono_cutoff;
                    if old && !kept.contains(&key) && !in_flight.contains(&key) {
                        self.delete(&key).await?;
                        report.orphan_objects += 1;
                    }
                }
            }
        }
        if report != SweepReport::default() {
            tracing::info!(?report, "evidence sweep removed what was left behind");
        }
        Ok(report)
    }
}

/// Every file below `root`, with when it was last changed.
fn files_under(root: &FsPath) -> std::io::Result<Vec<(PathBuf, SystemTime)>> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                folders.push(entry.path());
            } else if meta.is_file() {
                found.push((entry.path(), meta.modified()?));
            }
        }
    }
    Ok(found)
}

/// A new storage key: random, so it says nothing about the file or its owner.
fn new_key() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Where an upload's bytes go: the local store's staged file, or an S3 multipart upload.
enum Sink {
    Local(Box<dyn MultipartUpload>),
    S3 { store: Arc<AmazonS3>, id: String, parts: Vec<PartId> },
}

impl Sink {
    fn multipart_id(&self) -> Option<String> {
        match self {
            Sink::Local(_) => None,
            Sink::S3 { id, .. } => Some(id.clone()),
        }
    }

    fn part_bytes(&self) -> usize {
        match self {
            Sink::Local(_) => LOCAL_PART_BYTES,
            Sink::S3 { .. } => S3_PART_BYTES,
        }
    }

    async fn put(&mut self, path: &Path, bytes: Bytes) -> Result<(), object_store::Error> {
        match self {
            Sink::Local(upload) => upload.put_part(PutPayload::from(bytes)).await,
            Sink::S3 { store, id, parts } => {
                let part = store.put_part(path, id, parts.len(), PutPayload::from(bytes)).await?;
                parts.push(part);
                Ok(())
            }
        }
    }

    async fn complete(&mut self, path: &Path) -> Result<(), object_store::Error> {
        match self {
            Sink::Local(upload) => upload.complete().await.map(|_| ()),
            Sink::S3 { store, id, parts } => {
                store.complete_multipart(path, id, std::mem::take(parts)).await.map(|_| ())
            }
        }
    }

    /// Best effort: what cannot be aborted now, the sweep finds later.
    async fn abort(&mut self, path: &Path) {
        let outcome = match self {
            Sink::Local(upload) => upload.abort().await,
            Sink::S3 { store, id, .. } => store.abort_multipart(path, id).await,
        };
        if let Err(error) = outcome {
            tracing::warn!(?error, "could not abort an evidence upload; the sweep will remove it");
        }
    }
}
