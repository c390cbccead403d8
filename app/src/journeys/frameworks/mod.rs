//! Measures frameworks: the public view of published versions, and the council
//! administrator's pages that draft, tailor, import and publish them.
//!
//! Pages read through the server functions below; forms post to the plain routes in `forms.rs`,
//! so everything works with JavaScript off.

mod browse;
mod edit;
#[cfg(feature = "ssr")]
pub mod forms;
mod manage;
mod measure;
mod publish;

pub use browse::{FrameworkPage, FrameworksPage};
pub use edit::EditVersionPage;
pub use manage::{ManageFrameworksPage, VersionDetailsPage};
pub use measure::MeasurePage;
pub use publish::PublishPage;

use leptos::prelude::*;

use crate::domain::frameworks::{FrameworkStatus, PublishReview, VersionDetails, VersionSummary};
use crate::errors::AppError;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::by_id;
#[cfg(feature = "ssr")]
use crate::page_context::call;

/// Every published framework version (public).
#[server(endpoint = "frameworks/published")]
pub async fn list_published_frameworks() -> Result<Vec<VersionSummary>, AppError> {
    call(|db, _, _| async move { services::frameworks::published_versions(&db).await }).await
}

/// One version with its themes and measures: public once published; a draft only for its council.
#[server(endpoint = "frameworks/version")]
pub async fn get_framework_version(id: i64) -> Result<VersionDetails, AppError> {
    call(move |db, published, session| async move {
        services::frameworks::version_details(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// A draft, for one of its council's administrators to edit.
#[server(endpoint = "frameworks/draft")]
pub async fn get_draft(id: i64) -> Result<VersionDetails, AppError> {
    call(move |db, published, session| async move {
        services::frameworks::draft_for_editing(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// The administrator's council's versions, drafts first.
#[server(endpoint = "frameworks/council")]
pub async fn get_council_frameworks() -> Result<Vec<VersionSummary>, AppError> {
    call(|db, _, session| async move { services::frameworks::council_versions(&db, session.as_ref()).await }).await
}

/// The check-your-answers summary before publishing a draft.
#[server(endpoint = "frameworks/publish-review")]
pub async fn get_publish_review(id: i64) -> Result<PublishReview, AppError> {
    call(move |db, published, session| async move {
        services::frameworks::publish_review(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// The draft named by the page's `:id`, as a resource.
fn draft_resource(id: Option<i64>) -> Resource<Result<VersionDetails, AppError>> {
    by_id(id, get_draft)
}

/// A coloured tag for a version's status.
#[component]
fn StatusTag(status: FrameworkStatus) -> impl IntoView {
    let class = match status {
        FrameworkStatus::Draft => "govuk-tag govuk-tag--grey",
        FrameworkStatus::Published => "govuk-tag govuk-tag--green",
        FrameworkStatus::Retired => "govuk-tag govuk-tag--orange",
    };
    view! { <strong class=class>{status.label()}</strong> }
}

/// The notice on every illustrative framework: its values are examples.
#[component]
fn IllustrativeNotice() -> impl IntoView {
    view! {
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                "Illustrative "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>": written for this demo. Its "
                <GlossaryTerm term=Term::ProxyValue>"proxy values"</GlossaryTerm>" are examples to try the portal with, not figures to rely on."
            </strong>
        </div>
    }
}

pub use domain::routes::frameworks::paths;
