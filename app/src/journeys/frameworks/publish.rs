//! Check your answers before publishing: the draft's details and its changes against the
//! version it was copied from.

use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;

use super::get_publish_review;
use crate::components::error_summary::ErrorSummary;
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::frameworks::{MeasureChange, PublishReview};
use crate::errors::AppError;
use crate::page_context::{id_param, posted_form, problem_view, require_role};

#[component]
pub fn PublishPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    if let Err(denied) = require_role(Role::CouncilAdmin) {
        return denied;
    }
    {
        let review = Resource::new(
            move || id,
            |id| async move {
                match id {
                    Some(id) => get_publish_review(id).await,
                    None => Err(AppError::NotFound),
                }
            },
        );
        let posted = posted.clone();
        view! {
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {
                    let posted = posted.clone();
                    move || review.get().map(|result| match result {
                        Err(error) => problem_view(error),
                        Ok(review) => view! { <ReviewView review posted=posted.clone() /> }.into_any(),
                    })
                }
            </Suspense>
        }
        .into_any()
    }
}

#[component]
fn ReviewView(review: PublishReview, posted: PostedForm) -> impl IntoView {
    let version = review.version;
    let summary = version.summary.clone();
    let id = summary.id;
    let applying = version.measures.iter().filter(|m| m.measure.applies).count();
    let changes = review.changes;
    let (added, changed, removed) = (
        changes.iter().filter(|c| matches!(c, MeasureChange::Added { .. })).count(),
        changes.iter().filter(|c| matches!(c, MeasureChange::Changed { .. })).count(),
        changes.iter().filter(|c| matches!(c, MeasureChange::Removed { .. })).count(),
    );
    let against = version.based_on.clone().map(|b| format!("version {}", b.version_label));
    view! {
        <Title text=page_title("Check the changes before publishing", &posted) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                <span class="govuk-caption-l">{format!("{} · version {}", summary.name, summary.version_label)}</span>
                <h1 class="govuk-heading-l">"Check the changes before publishing"</h1>
                <h2 class="govuk-heading-m">"The version"</h2>
                <dl class="govuk-summary-list govuk-!-margin-bottom-9">
                    <SummaryRow key="Name" value=summary.name.clone() change=format!("/manage/frameworks/{id}/details") />
                    <SummaryRow key="Version" value=summary.version_label.clone() change=format!("/manage/frameworks/{id}/details") />
                    <SummaryRow key="Effective from" value=display_date(&summary.effective_date) change=format!("/manage/frameworks/{id}/details") />
                    <SummaryRow key="What counts as local" value=version.local_definition.clone() change=format!("/manage/frameworks/{id}/details") />
                    <SummaryRow key="Measures that apply" value=format!("{applying} of {}", version.measures.len()) change=format!("/manage/frameworks/{id}#measures") />
                </dl>
                <h2 class="govuk-heading-m">"Changes"</h2>
                <p class="govuk-body">{match &against {
                    Some(against) => format!("Against {against}: {added} added, {changed} changed, {removed} removed."),
                    None => format!("This is a new framework: all {} measures are new.", version.measures.len()),
                }}</p>
                {against.is_some().then(|| view! { <ChangesList changes=changes.clone() /> })}
                {if review.problems.is_empty() {
                    view! {
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                "Once published, this version cannot be changed. Suppliers can make offers under it, and its proxy values are kept with every offer."
                            </strong>
                        </div>
                        <form method="post" action=paths::PUBLISH.id(id)>
                            <button type="submit" class="govuk-button" id="publish">"Publish this version"</button>
                        </form>
                    }.into_any()
                } else {
                    view! {
                        <div class="govuk-inset-text" id="publish">
                            <h2 class="govuk-heading-s">"This version cannot be published yet"</h2>
                            <ul class="govuk-list govuk-list--bullet">
                                {review.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                            </ul>
                            <a class="govuk-link" href=format!("/manage/frameworks/{id}")>"Go back to the draft"</a>
                        </div>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn SummaryRow(key: &'static str, value: String, change: String) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
            <dd class="govuk-summary-list__actions">
                <a class="govuk-link" href=change>"Change"<span class="govuk-visually-hidden">{format!(" {}", key.to_lowercase())}</span></a>
            </dd>
        </div>
    }
}

#[component]
fn ChangesList(changes: Vec<MeasureChange>) -> impl IntoView {
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">"Changes to measures"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Measure"</th>
                    <th scope="col" class="govuk-table__header">"Change"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {changes.into_iter().map(|change| match change {
                    MeasureChange::Added { code, description } => view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><strong>{code}</strong></td>
                            <td class="govuk-table__cell">{format!("Added: {description}")}</td>
                        </tr>
                    }.into_any(),
                    MeasureChange::Removed { code, description } => view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><strong>{code}</strong></td>
                            <td class="govuk-table__cell">{format!("Removed: {description}")}</td>
                        </tr>
                    }.into_any(),
                    MeasureChange::Changed { code, fields } => view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><strong>{code}</strong></td>
                            <td class="govuk-table__cell">
                                <ul class="govuk-list">
                                    {fields.into_iter().map(|f| view! {
                                        <li>{format!("{}: {} → {}", f.field, blank_as_none(&f.before), blank_as_none(&f.after))}</li>
                                    }).collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }.into_any(),
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn blank_as_none(text: &str) -> String {
    if text.is_empty() {
        "(none)".to_owned()
    } else {
        text.to_owned()
    }
}
