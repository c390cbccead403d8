//! Measures frameworks: drafts that council administrators edit, tailor and publish; published
//! versions that never change and that anyone may read. Each change is one transaction with
//! its audit entry.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::audit::{AuditAction, Change};
use super::sessions::ActiveSession;
use super::unexpected_from_db;
use crate::auth::{require, require_member_of, AccessError};
use crate::framework_files::{self, FileFormat};
use crate::published::{PublishedContent, VersionContent};
use calc::ProxyValue;
use db::{begin_write, framework_measure, framework_theme, framework_version, lock_row, organisation};
use domain::accounts::Role;
use domain::errors::AppError;
use domain::form::FieldErrors;
use domain::form::FileProblem;
use domain::frameworks::{
    check_measures, compare_versions, publish_problems, FrameworkStatus, Measure, MeasureAnswers, MeasureField,
    MeasureKind, ParsedVersionDetails, PublishReview, StoredMeasure, ThemeSummary, VersionDetails,
    VersionDetailsAnswers, VersionSummary,
};

#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error("the file has problems")]
    FileProblems(Vec<FileProblem>),
    #[error("This version has been published and cannot be changed. Create a new version to change it.")]
    NotDraft,
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(FrameworkError);

impl From<FrameworkError> for AppError {
    fn from(error: FrameworkError) -> AppError {
        match error {
            FrameworkError::Invalid(errors) => AppError::invalid(errors),
            FrameworkError::FileProblems(file_problems) => {
                let count = file_problems.len();
                let message = if count == 1 {
                    "The file has a problem. Nothing was imported: fix it and import the file again".to_owned()
                } else {
                    format!("The file has {count} problems. Nothing was imported: fix them and import the file again")
                };
                AppError::Invalid { errors: FieldErrors::one(IMPORT_FILE_FIELD, message), file_problems }
            }
            not_draft @ FrameworkError::NotDraft => AppError::Conflict(not_draft.to_string()),
            FrameworkError::Access(access) => access.into(),
            FrameworkError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

/// The import form's file field, which the file's problems are reported against.
pub const IMPORT_FILE_FIELD: &str = "import-file";

fn invalid(field_id: &str, message: impl ToString) -> FrameworkError {
    FrameworkError::Invalid(FieldErrors::one(field_id, message))
}

// ---- Reading ------------------------------------------------------------------------------

/// Every published version, newest first, for the public list.
pub async fn published_versions(db: &DatabaseConnection) -> Result<Vec<VersionSummary>, FrameworkError> {
    let versions = framework_version::Entity::find()
        .filter(framework_version::Column::Status.eq(FrameworkStatus::Published.as_str()))
        .order_by_desc(framework_version::Column::EffectiveDate)
        .all(db)
        .await?;
    summaries(db, versions).await
}

/// Every version of the administrator's council, drafts first.
pub async fn council_versions(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Vec<VersionSummary>, FrameworkError> {
    let session = require(session, Role::CouncilAdmin)?;
    let versions = framework_version::Entity::find()
        .filter(framework_version::Column::CouncilId.eq(session.user.organisation_id))
        .order_by_desc(framework_version::Column::CreatedAt)
        .order_by_desc(framework_version::Column::Id)
        .all(db)
        .await?;
    let mut list = summaries(db, versions).await?;
    list.sort_by_key(|v| v.status != FrameworkStatus::Draft);
    Ok(list)
}

/// A version with its themes and measures. Published and retired versions are public; a draft
/// exists only for its own council's staff.
pub async fn version_details(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    version_id: i64,
) -> Result<VersionDetails, FrameworkError> {
    let version = readable_version(db, session, version_id).await?;
    let is_council_admin = session.is_some_and(|s| {
        require(Some(s), Role::CouncilAdmin).is_ok() && require_member_of(s, version.council_id).is_ok()
    });
    let based_on = match version.based_on_version_id {
        Some(id) => framework_version::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let based_on = match based_on {
        Some(model) => summaries(db, vec![model]).await?.pop(),
        None => None,
    };
    let content = content_of(db, published, &version).await?;
    let (themes, measures) = (&content.themes, content.measures.clone());
    Ok(VersionDetails {
        local_definition: version.local_definition.clone(),
        local_postcode_districts: split_districts(&version.local_postcode_districts),
        based_on,
        themes: themes
            .iter()
            .map(|t| ThemeSummary {
                id: t.id,
                name: t.name.clone(),
                measure_count: measures.iter().filter(|m| m.measure.theme == t.name).count(),
            })
            .collect(),
        can_manage: is_council_admin,
        summary: summaries(db, vec![version]).await?.remove(0),
        measures,
    })
}

/// The version as a CSV or XLSX file (the same access as reading it).
pub async fn export(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    version_id: i64,
    format: FileFormat,
) -> Result<(String, Vec<u8>), FrameworkError> {
    let details = version_details(db, published, session, version_id).await?;
    let measures: Vec<Measure> = details.measures.into_iter().map(|m| m.measure).collect();
    let bytes = match format {
        FileFormat::Csv => framework_files::write_csv(&measures),
        FileFormat::Xlsx => framework_files::write_xlsx(&measures).map_err(|e| anyhow::anyhow!("xlsx: {e}"))?,
    };
    let slug: String = format!("{} {}", details.summary.name, details.summary.version_label)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let slug = slug.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    Ok((format!("{slug}.{}", format.extension()), bytes))
}

/// A draft, for its council's administrators to edit.
pub async fn draft_for_editing(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    version_id: i64,
) -> Result<VersionDetails, FrameworkError> {
    editable_version(db, session, version_id).await?;
    version_details(db, published, session, version_id).await
}

/// The changes against the version this draft was copied from, and what stops publishing.
pub async fn publish_review(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    version_id: i64,
) -> Result<PublishReview, FrameworkError> {
    let version = draft_for_editing(db, published, session, version_id).await?;
    let measures: Vec<Measure> = version.measures.iter().map(|m| m.measure.clone()).collect();
    let previous: Vec<Measure> = match &version.based_on {
        Some(base) => {
            version_details(db, published, session, base.id).await?.measures.into_iter().map(|m| m.measure).collect()
        }
        None => Vec::new(),
    };
    Ok(PublishReview {
        changes: compare_versions(&previous, &measures),
        problems: publish_problems(&measures),
        version,
    })
}

// ---- Changing a draft ---------------------------------------------------------------------

/// Creates a draft, empty or as a copy of one of the council's versions. Returns its id.
pub async fn create_draft(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    answers: &VersionDetailsAnswers,
    copy_of: Option<i64>,
) -> Result<i64, FrameworkError> {
    let session = require(session, Role::CouncilAdmin)?;
    let details = answers.parse().map_err(FrameworkError::Invalid)?;
    let source = match copy_of {
        Some(id) => {
            let source = framework_version::Entity::find_by_id(id).one(db).await?;
            match source {
                Some(source) if source.council_id == session.user.organisation_id => Some(source),
                _ => return Err(invalid("copy-of", "Choose a version of your council's framework to copy")),
            }
        }
        None => None,
    };
    let txn = begin_write(db).await?;
    let version = framework_version::ActiveModel {
        council_id: Set(session.user.organisation_id),
        status: Set(FrameworkStatus::Draft.as_str().into()),
        is_illustrative: Set(source.as_ref().is_some_and(|s| s.is_illustrative)),
        based_on_version_id: Set(source.as_ref().map(|s| s.id)),
        created_by_user_id: Set(Some(session.user.id)),
        created_at: Set(Utc::now()),
        ..details_columns(&details)?
    }
    .insert(&txn)
    .await?;
    if let Some(source) = &source {
        let themes = framework_theme::Entity::find()
            .filter(framework_theme::Column::VersionId.eq(source.id))
            .order_by_asc(framework_theme::Column::Position)
            .all(&txn)
            .await?;
        let measures: Vec<Measure> =
            stored_measures(&txn, source.id, &themes).await?.into_iter().map(|m| m.measure).collect();
        let theme_names: Vec<String> = themes.into_iter().map(|t| t.name).collect();
        insert_measures(&txn, version.id, &theme_names, &measures).await?;
    }
    Change::by(session, AuditAction::FrameworkDraftCreated, version.id).after(json!({ "name": version.name, "version_label": version.version_label, "effective_date": version.effective_date.to_string(), "copy_of": copy_of, })).record(&txn).await?;
    txn.commit().await?;
    Ok(version.id)
}

/// Changes the draft's name, label, date and definition of local.
pub async fn update_details(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    answers: &VersionDetailsAnswers,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let details = answers.parse().map_err(FrameworkError::Invalid)?;
    let txn = begin_write(db).await?;
    let mut changed = details_columns(&details)?;
    changed.id = Set(version.id);
    let after = changed.update(&txn).await?;
    record_change(
        &txn,
        session,
        AuditAction::FrameworkDetailsChanged,
        version.id,
        Some(version_json(&version)),
        Some(version_json(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a theme at the end of the draft's list.
pub async fn add_theme(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    name: &str,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let mut errors = FieldErrors::default();
    let Some(name) = errors.required_text("theme-name", name, "Enter the theme's name", "Theme name", 100) else {
        return Err(FrameworkError::Invalid(errors));
    };
    // Read the themes after taking the version's lock, so that themes added at once each get
    // their own position and a name is never taken twice.
    let txn = begin_write(db).await?;
    lock_row::<framework_version::Entity>(&txn, framework_version::Column::Id, version.id).await?;
    let themes = themes_of(&txn, version.id).await?;
    if themes.iter().any(|t| t.name.eq_ignore_ascii_case(&name)) {
        txn.rollback().await?;
        return Err(invalid("theme-name", format!("There is already a theme called {name}: enter another name")));
    }
    insert_theme(&txn, version.id, &name, themes.len() as i32).await?;
    record_change(&txn, session, AuditAction::FrameworkThemeAdded, version.id, None, Some(json!({ "theme": name })))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Renames a theme of the draft.
pub async fn rename_theme(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    theme_id: i64,
    name: &str,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let field = format!("theme-{theme_id}");
    let mut errors = FieldErrors::default();
    let Some(name) = errors.required_text(&field, name, "Enter the theme's name", "Theme name", 100) else {
        return Err(FrameworkError::Invalid(errors));
    };
    let themes = themes_of(db, version.id).await?;
    let theme = themes.iter().find(|t| t.id == theme_id).ok_or(AccessError::NotFound)?;
    if themes.iter().any(|t| t.id != theme_id && t.name.eq_ignore_ascii_case(&name)) {
        return Err(invalid(&field, format!("There is already a theme called {name}: enter another name")));
    }
    let txn = begin_write(db).await?;
    framework_theme::ActiveModel { id: Set(theme.id), name: Set(name.clone()), ..Default::default() }
        .update(&txn)
        .await?;
    record_change(
        &txn,
        session,
        AuditAction::FrameworkThemeRenamed,
        version.id,
        Some(json!({ "theme": theme.name })),
        Some(json!({ "theme": name })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a theme that has no measures.
pub async fn remove_theme(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    theme_id: i64,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let themes = themes_of(db, version.id).await?;
    let theme = themes.iter().find(|t| t.id == theme_id).ok_or(AccessError::NotFound)?;
    let in_use = framework_measure::Entity::find()
        .filter(framework_measure::Column::ThemeId.eq(theme.id))
        .one(db)
        .await?
        .is_some();
    if in_use {
        return Err(invalid(
            &format!("theme-{theme_id}"),
            format!("Move or remove the measures in {} before removing the theme", theme.name),
        ));
    }
    let txn = begin_write(db).await?;
    framework_theme::Entity::delete_by_id(theme.id).exec(&txn).await?;
    record_change(
        &txn,
        session,
        AuditAction::FrameworkThemeRemoved,
        version.id,
        Some(json!({ "theme": theme.name })),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a measure to the draft (`measure_id` None) or changes one, after checking it against
/// the draft's other measures (unique code, "adds to" an existing one) and its themes.
pub async fn save_measure(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    measure_id: Option<i64>,
    answers: &MeasureAnswers,
) -> Result<i64, FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let themes = themes_of(db, version.id).await?;
    let existing = stored_measures(db, version.id, &themes).await?;
    let before = match measure_id {
        Some(id) => Some(existing.iter().find(|m| m.id == id).ok_or(AccessError::NotFound)?.clone()),
        None => None,
    };
    let mut errors = FieldErrors::default();
    let parsed = Measure::parse(answers).map_err(|problems| {
        for problem in &problems {
            errors.add(problem.field.id(), &problem.message);
        }
    });
    let theme = themes.iter().find(|t| t.name == answers.get(MeasureField::Theme).trim());
    if theme.is_none() && errors.for_field(MeasureField::Theme.id()).is_none() {
        errors.add(MeasureField::Theme.id(), "Choose a theme from the list, or add the theme to the draft first");
    }
    if let Ok(measure) = &parsed {
        let mut all: Vec<Measure> =
            existing.iter().filter(|m| Some(m.id) != measure_id).map(|m| m.measure.clone()).collect();
        all.push(measure.clone());
        let last = all.len() - 1;
        for problem in check_measures(&all).into_iter().filter(|p| p.measure == last) {
            errors.add(problem.field.id(), problem.message);
        }
    }
    let (Ok(measure), Some(theme), true) = (parsed, theme, errors.is_empty()) else {
        return Err(FrameworkError::Invalid(errors));
    };
    let txn = begin_write(db).await?;
    let mut row = measure_columns(version.id, theme.id, &measure);
    let saved_id = match &before {
        Some(before) => {
            row.id = Set(before.id);
            row.position = sea_orm::ActiveValue::NotSet;
            row.update(&txn).await?.id
        }
        None => {
            row.position = Set(existing.len() as i32);
            row.insert(&txn).await?.id
        }
    };
    record_change(
        &txn,
        session,
        if before.is_some() { AuditAction::FrameworkMeasureChanged } else { AuditAction::FrameworkMeasureAdded },
        version.id,
        before.map(|b| json!(b.measure)),
        Some(json!(measure)),
    )
    .await?;
    txn.commit().await?;
    Ok(saved_id)
}

/// Removes a measure from the draft, unless another measure adds to it.
pub async fn remove_measure(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    measure_id: i64,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let themes = themes_of(db, version.id).await?;
    let existing = stored_measures(db, version.id, &themes).await?;
    let measure = existing.iter().find(|m| m.id == measure_id).ok_or(AccessError::NotFound)?;
    if let Some(dependent) = existing
        .iter()
        .find(|m| m.measure.adds_to.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&measure.measure.code)))
    {
        return Err(invalid(
            "measures",
            format!(
                "{} adds to {}: change or remove {} first",
                dependent.measure.code, measure.measure.code, dependent.measure.code
            ),
        ));
    }
    let txn = begin_write(db).await?;
    framework_measure::Entity::delete_by_id(measure.id).exec(&txn).await?;
    record_change(&txn, session, AuditAction::FrameworkMeasureRemoved, version.id, Some(json!(measure.measure)), None)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Tailoring: the measures that apply in the council's area are exactly `applying`.
pub async fn choose_applicable_measures(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    applying: &[i64],
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let themes = themes_of(db, version.id).await?;
    let existing = stored_measures(db, version.id, &themes).await?;
    let code_list = |pick: &dyn Fn(&StoredMeasure) -> bool| -> Vec<String> {
        existing.iter().filter(|m| pick(m)).map(|m| m.measure.code.clone()).collect()
    };
    let before = code_list(&|m| m.measure.applies);
    let after = code_list(&|m| applying.contains(&m.id));
    let txn = begin_write(db).await?;
    for applies in [true, false] {
        framework_measure::Entity::update_many()
            .col_expr(framework_measure::Column::Applies, Expr::value(applies))
            .filter(framework_measure::Column::VersionId.eq(version.id))
            .filter(if applies {
                framework_measure::Column::Id.is_in(applying.to_vec())
            } else {
                framework_measure::Column::Id.is_not_in(applying.to_vec())
            })
            .exec(&txn)
            .await?;
    }
    record_change(
        &txn,
        session,
        AuditAction::FrameworkMeasuresTailored,
        version.id,
        Some(json!({ "applying": before })),
        Some(json!({ "applying": after })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces the draft's themes and measures with a file's, only if every row is clean.
/// Returns how many measures were imported.
pub async fn import_file(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
    bytes: &[u8],
) -> Result<usize, FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let measures = framework_files::read_measures(bytes).map_err(FrameworkError::FileProblems)?;
    let txn = begin_write(db).await?;
    framework_measure::Entity::delete_many()
        .filter(framework_measure::Column::VersionId.eq(version.id))
        .exec(&txn)
        .await?;
    framework_theme::Entity::delete_many().filter(framework_theme::Column::VersionId.eq(version.id)).exec(&txn).await?;
    insert_measures(&txn, version.id, &[], &measures).await?;
    record_change(
        &txn,
        session,
        AuditAction::FrameworkImported,
        version.id,
        None,
        Some(json!({ "measures": measures.len(), "format": FileFormat::detect(bytes).extension() })),
    )
    .await?;
    txn.commit().await?;
    Ok(measures.len())
}

/// Publishes the draft: it never changes again. The version it was copied from, if published,
/// is retired.
pub async fn publish(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
) -> Result<(), FrameworkError> {
    let (session, version) = editable_version(db, session, version_id).await?;
    let themes = themes_of(db, version.id).await?;
    let measures: Vec<Measure> =
        stored_measures(db, version.id, &themes).await?.into_iter().map(|m| m.measure).collect();
    let problems = publish_problems(&measures);
    if !problems.is_empty() {
        let mut errors = FieldErrors::default();
        for problem in problems {
            errors.add("publish", problem);
        }
        return Err(FrameworkError::Invalid(errors));
    }
    let now = Utc::now();
    let txn = begin_write(db).await?;
    // Only a draft becomes published, even if two administrators press the button at once.
    let published = framework_version::Entity::update_many()
        .col_expr(framework_version::Column::Status, Expr::value(FrameworkStatus::Published.as_str()))
        .col_expr(framework_version::Column::PublishedAt, Expr::value(now))
        .filter(framework_version::Column::Id.eq(version.id))
        .filter(framework_version::Column::Status.eq(FrameworkStatus::Draft.as_str()))
        .exec(&txn)
        .await?;
    if published.rows_affected != 1 {
        return Err(FrameworkError::NotDraft);
    }
    if let Some(base) = version.based_on_version_id {
        framework_version::Entity::update_many()
            .col_expr(framework_version::Column::Status, Expr::value(FrameworkStatus::Retired.as_str()))
            .col_expr(framework_version::Column::RetiredAt, Expr::value(now))
            .filter(framework_version::Column::Id.eq(base))
            .filter(framework_version::Column::Status.eq(FrameworkStatus::Published.as_str()))
            .exec(&txn)
            .await?;
    }
    record_change(
        &txn,
        session,
        AuditAction::FrameworkPublished,
        version.id,
        Some(json!({ "status": "draft" })),
        Some(json!({ "status": "published", "measures": measures.len(), "retired": version.based_on_version_id })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- Demo data ----------------------------------------------------------------------------

/// Publishes a framework for a council from a file's measures (used for the demo framework).
pub async fn publish_from_file(
    db: &DatabaseConnection,
    session: &ActiveSession,
    details: &VersionDetailsAnswers,
    bytes: &[u8],
    illustrative: bool,
) -> Result<i64, FrameworkError> {
    let id = create_draft(db, Some(session), details, None).await?;
    import_file(db, Some(session), id, bytes).await?;
    if illustrative {
        framework_version::ActiveModel { id: Set(id), is_illustrative: Set(true), ..Default::default() }
            .update(db)
            .await?;
    }
    publish(db, Some(session), id).await?;
    Ok(id)
}

// ---- Helpers ------------------------------------------------------------------------------

/// The version, if the signed-in person may read it (drafts: their own council's staff).
async fn readable_version(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    version_id: i64,
) -> Result<framework_version::Model, FrameworkError> {
    let version = framework_version::Entity::find_by_id(version_id).one(db).await?.ok_or(AccessError::NotFound)?;
    if parse_status(&version.status)? == FrameworkStatus::Draft {
        let staff = session.ok_or(AccessError::NotFound)?;
        require(Some(staff), Role::CouncilOfficer).map_err(|_| AccessError::NotFound)?;
        require_member_of(staff, version.council_id)?;
    }
    Ok(version)
}

/// The draft, if the signed-in person administers its council; a published version is refused.
async fn editable_version<'s>(
    db: &DatabaseConnection,
    session: Option<&'s ActiveSession>,
    version_id: i64,
) -> Result<(&'s ActiveSession, framework_version::Model), FrameworkError> {
    let session = require(session, Role::CouncilAdmin)?;
    let version = framework_version::Entity::find_by_id(version_id).one(db).await?.ok_or(AccessError::NotFound)?;
    require_member_of(session, version.council_id)?;
    if parse_status(&version.status)? != FrameworkStatus::Draft {
        return Err(FrameworkError::NotDraft);
    }
    Ok((session, version))
}

fn parse_status(stored: &str) -> Result<FrameworkStatus, FrameworkError> {
    FrameworkStatus::parse(stored).ok_or_else(|| anyhow::anyhow!("unknown framework status {stored:?}").into())
}

fn split_districts(stored: &str) -> Vec<String> {
    stored.split(',').map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned).collect()
}

fn details_columns(details: &ParsedVersionDetails) -> Result<framework_version::ActiveModel, FrameworkError> {
    let effective_date = NaiveDate::parse_from_str(&details.effective_date, "%Y-%m-%d")
        .map_err(|e| anyhow::anyhow!("parsed date {:?}: {e}", details.effective_date))?;
    Ok(framework_version::ActiveModel {
        name: Set(details.name.clone()),
        version_label: Set(details.version_label.clone()),
        effective_date: Set(effective_date),
        local_definition: Set(details.local_definition.clone()),
        local_postcode_districts: Set(details
            .local_postcode_districts
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ")),
        ..Default::default()
    })
}

fn version_json(version: &framework_version::Model) -> serde_json::Value {
    json!({
        "name": version.name, "version_label": version.version_label,
        "effective_date": version.effective_date.to_string(), "local_definition": version.local_definition,
        "local_postcode_districts": version.local_postcode_districts,
    })
}

async fn record_change(
    txn: &impl ConnectionTrait,
    session: &ActiveSession,
    action: AuditAction,
    version_id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    Change { before, after, ..Change::by(session, action, version_id) }.record(txn).await
}

/// Versions in a list, each with its council's name and how many measures apply: three
/// statements whatever the list's length.
async fn summaries(
    db: &impl ConnectionTrait,
    versions: Vec<framework_version::Model>,
) -> Result<Vec<VersionSummary>, FrameworkError> {
    let ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
    let council_names = organisation::names_of(db, versions.iter().map(|v| v.council_id)).await?;
    let counts: BTreeMap<i64, i64> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        framework_measure::Entity::find()
            .select_only()
            .column(framework_measure::Column::VersionId)
            .column_as(framework_measure::Column::Id.count(), "applying")
            .filter(framework_measure::Column::VersionId.is_in(ids))
            .filter(framework_measure::Column::Applies.eq(true))
            .group_by(framework_measure::Column::VersionId)
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    versions
        .into_iter()
        .map(|version| {
            Ok(VersionSummary {
                id: version.id,
                council_name: council_names.get(&version.council_id).cloned().unwrap_or_default(),
                status: parse_status(&version.status)?,
                measure_count: counts.get(&version.id).copied().unwrap_or(0) as usize,
                name: version.name,
                version_label: version.version_label,
                effective_date: version.effective_date.to_string(),
                is_illustrative: version.is_illustrative,
            })
        })
        .collect()
}

async fn themes_of(db: &impl ConnectionTrait, version_id: i64) -> Result<Vec<framework_theme::Model>, DbErr> {
    framework_theme::Entity::find()
        .filter(framework_theme::Column::VersionId.eq(version_id))
        .order_by_asc(framework_theme::Column::Position)
        .all(db)
        .await
}

/// The version's measures in order: by theme, then as the council listed them.
/// Every measure of a version, in framework order (theme, then position).
pub(crate) async fn version_measures(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    version_id: i64,
) -> Result<Vec<StoredMeasure>, FrameworkError> {
    if let Some(content) = published.get(version_id) {
        return Ok(content.measures.clone());
    }
    let version = framework_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("framework version {version_id} is missing"))?;
    Ok(content_of(db, published, &version).await?.measures.clone())
}

/// A version's themes and measures: from memory once a published (or retired) version has been
/// read; a draft always from the database. `version` was read in this request, so its status is
/// current.
async fn content_of(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    version: &framework_version::Model,
) -> Result<Arc<VersionContent>, FrameworkError> {
    if let Some(content) = published.get(version.id) {
        return Ok(content);
    }
    let themes = themes_of(db, version.id).await?;
    let measures = stored_measures(db, version.id, &themes).await?;
    let content = Arc::new(VersionContent { themes, measures });
    if parse_status(&version.status)? != FrameworkStatus::Draft {
        published.keep(version.id, content.clone());
    }
    Ok(content)
}

/// Every measure of each of `version_ids`, in framework order: two statements however many.
/// They are the versions of tenders, which are never drafts (a tender is set up on a published
/// version, and a published version only goes on to be retired), so all are kept.
pub(crate) async fn measures_of_tender_versions(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    version_ids: &BTreeSet<i64>,
) -> Result<BTreeMap<i64, Vec<StoredMeasure>>, FrameworkError> {
    let mut by_version: BTreeMap<i64, Vec<StoredMeasure>> = BTreeMap::new();
    for &id in version_ids {
        if let Some(content) = published.get(id) {
            by_version.insert(id, content.measures.clone());
        }
    }
    let version_ids: BTreeSet<i64> = version_ids.iter().copied().filter(|id| !by_version.contains_key(id)).collect();
    if version_ids.is_empty() {
        return Ok(by_version);
    }
    let themes = framework_theme::Entity::find()
        .filter(framework_theme::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(framework_theme::Column::Position)
        .all(db)
        .await?;
    let rows = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(framework_measure::Column::Position)
        .order_by_asc(framework_measure::Column::Id)
        .all(db)
        .await?;
    let mut read: BTreeMap<i64, Vec<StoredMeasure>> = BTreeMap::new();
    for theme in &themes {
        let measures = read.entry(theme.version_id).or_default();
        for row in rows.iter().filter(|r| r.theme_id == theme.id) {
            measures.push(StoredMeasure { id: row.id, measure: measure_from_row(row, &theme.name)? });
        }
    }
    for &id in &version_ids {
        let themes = themes.iter().filter(|t| t.version_id == id).cloned().collect();
        let measures = read.get(&id).cloned().unwrap_or_default();
        published.keep(id, Arc::new(VersionContent { themes, measures }));
    }
    by_version.extend(read);
    Ok(by_version)
}

async fn stored_measures(
    db: &impl ConnectionTrait,
    version_id: i64,
    themes: &[framework_theme::Model],
) -> Result<Vec<StoredMeasure>, FrameworkError> {
    let rows = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(version_id))
        .order_by_asc(framework_measure::Column::Position)
        .order_by_asc(framework_measure::Column::Id)
        .all(db)
        .await?;
    let mut measures = Vec::with_capacity(rows.len());
    for theme in themes {
        for row in rows.iter().filter(|r| r.theme_id == theme.id) {
            measures.push(StoredMeasure { id: row.id, measure: measure_from_row(row, &theme.name)? });
        }
    }
    Ok(measures)
}

fn measure_from_row(row: &framework_measure::Model, theme: &str) -> Result<Measure, FrameworkError> {
    let corrupt = |what: &str| anyhow::anyhow!("framework_measure {} has a bad {what}", row.id);
    Ok(Measure {
        code: row.code.clone(),
        theme: theme.to_owned(),
        outcome: row.outcome.clone(),
        description: row.description.clone(),
        unit: row.unit.clone(),
        allows_fraction: row.allows_fraction,
        kind: MeasureKind::parse_stored(&row.kind).ok_or_else(|| corrupt("kind"))?,
        proxy_value: match &row.proxy_value {
            Some(text) => Some(ProxyValue::parse_typed(text).map_err(|_| corrupt("proxy value"))?),
            None => None,
        },
        guidance: row.guidance.clone(),
        evidence_required: row.evidence_required.clone(),
        first_year_only: row.first_year_only,
        community_offer: row.community_offer,
        adds_to: row.adds_to.clone(),
        applies: row.applies,
    })
}

fn measure_columns(version_id: i64, theme_id: i64, measure: &Measure) -> framework_measure::ActiveModel {
    framework_measure::ActiveModel {
        version_id: Set(version_id),
        theme_id: Set(theme_id),
        code: Set(measure.code.clone()),
        outcome: Set(measure.outcome.clone()),
        description: Set(measure.description.clone()),
        unit: Set(measure.unit.clone()),
        allows_fraction: Set(measure.allows_fraction),
        kind: Set(measure.kind.as_str().to_owned()),
        proxy_value: Set(measure.proxy_value.map(ProxyValue::to_plain)),
        guidance: Set(measure.guidance.clone()),
        evidence_required: Set(measure.evidence_required.clone()),
        first_year_only: Set(measure.first_year_only),
        community_offer: Set(measure.community_offer),
        adds_to: Set(measure.adds_to.clone()),
        applies: Set(measure.applies),
        ..Default::default()
    }
}

async fn insert_theme(
    txn: &impl ConnectionTrait,
    version_id: i64,
    name: &str,
    position: i32,
) -> Result<framework_theme::Model, DbErr> {
    framework_theme::ActiveModel {
        version_id: Set(version_id),
        name: Set(name.to_owned()),
        position: Set(position),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// Writes the themes (those listed, then any others the measures name, in order of first
/// use) and the measures, in order.
async fn insert_measures(
    txn: &impl ConnectionTrait,
    version_id: i64,
    theme_names: &[String],
    measures: &[Measure],
) -> Result<(), DbErr> {
    let mut themes: Vec<(String, i64)> = Vec::new();
    let mut names: Vec<&str> = theme_names.iter().map(String::as_str).collect();
    for measure in measures {
        if !names.contains(&measure.theme.as_str()) {
            names.push(&measure.theme);
        }
    }
    for (position, name) in names.into_iter().enumerate() {
        let theme = insert_theme(txn, version_id, name, position as i32).await?;
        themes.push((theme.name, theme.id));
    }
    for (position, measure) in measures.iter().enumerate() {
        let theme_id = themes.iter().find(|(name, _)| *name == measure.theme).map(|(_, id)| *id).unwrap_or_default();
        let mut row = measure_columns(version_id, theme_id, measure);
        row.position = Set(position as i32);
        row.insert(txn).await?;
    }
    Ok(())
}
