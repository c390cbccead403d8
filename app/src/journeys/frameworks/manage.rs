//! The council administrator's list of versions, and the question page for a version's details.

use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{get_council_frameworks, get_draft, get_framework_version, StatusTag};
use crate::components::error_summary::ErrorSummary;
use crate::components::form_fields::{DateInput, TextArea, TextField};
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::frameworks::{FrameworkStatus, VersionSummary};
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{id_param, posted_form, problem_view, require_role};

#[component]
pub fn ManageFrameworksPage() -> impl IntoView {
    if let Err(denied) = require_role(Role::CouncilAdmin) {
        return denied;
    }
    {
        let versions = Resource::new(|| (), |_| get_council_frameworks());
        view! {
            <Title text="Your council's frameworks" />
            <h1 class="govuk-heading-l">"Your council's frameworks"</h1>
            <p class="govuk-body">
                "Draft a version, tailor its "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>" and "<GlossaryTerm term=Term::ProxyValue>"proxy values"</GlossaryTerm>
                " to your area, then publish it. A published version never changes: to change it, create a new version from it."
            </p>
            <p class="govuk-body">
                "Read the guide to "<a class="govuk-link" href=crate::journeys::guides::paths::TAILORING_A_FRAMEWORK>{crate::journeys::guides::TAILORING_A_FRAMEWORK.title.to_lowercase()}</a>
                ": choosing measures and setting "<GlossaryTerm term=Term::Local>"local"</GlossaryTerm>" proxy values."
            </p>
            <a class="govuk-button" href="/manage/new-framework">"Create a draft"</a>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading your frameworks…"</p> }>
                {move || versions.get().map(|result| match result {
                    Err(error) => problem_view(error),
                    Ok(versions) if versions.is_empty() => view! { <p class="govuk-body">"Your council has no frameworks yet."</p> }.into_any(),
                    Ok(versions) => view! { <VersionsTable versions /> }.into_any(),
                })}
            </Suspense>
        }
        .into_any()
    }
}

#[component]
fn VersionsTable(versions: Vec<VersionSummary>) -> impl IntoView {
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Versions"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Framework"</th>
                    <th scope="col" class="govuk-table__header">"Version"</th>
                    <th scope="col" class="govuk-table__header">"Effective from"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Measures that apply"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {versions.into_iter().map(|v| {
                    let href = if v.status == FrameworkStatus::Draft { format!("/manage/frameworks/{}", v.id) } else { format!("/frameworks/{}", v.id) };
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><a class="govuk-link" href=href>{v.name.clone()}</a></td>
                            <td class="govuk-table__cell">{v.version_label.clone()}</td>
                            <td class="govuk-table__cell">{display_date(&v.effective_date)}</td>
                            <td class="govuk-table__cell"><StatusTag status=v.status /></td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{v.measure_count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Creating a draft (`/manage/new-framework`, optionally `?copy-of=ID`) or changing a draft's
/// details (`/manage/frameworks/:id/details`).
#[component]
pub fn VersionDetailsPage() -> impl IntoView {
    let posted = posted_form();
    let editing = id_param("id");
    let copy_of = use_query_map().with_untracked(|q| q.get("copy-of").and_then(|id| id.parse::<i64>().ok()));
    if let Err(denied) = require_role(Role::CouncilAdmin) {
        return denied;
    }
    {
        let source = Resource::new(
            move || (editing, copy_of),
            |(editing, copy_of)| async move {
                match (editing, copy_of) {
                    (Some(id), _) => get_draft(id).await.map(Some),
                    (None, Some(id)) => get_framework_version(id).await.map(Some),
                    (None, None) => Ok(None),
                }
            },
        );
        let title = if editing.is_some() { "Change the version's details" } else { "Create a draft framework" };
        let action = match editing {
            Some(id) => paths::DETAILS.id(id),
            None => paths::NEW_DRAFT.pattern().to_owned(),
        };
        view! {
            <Title text=page_title(title, &posted) />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                    <h1 class="govuk-heading-l">{title}</h1>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                        {
                            let posted = posted.clone();
                            let action = action.clone();
                            move || source.get().map(|result| match result {
                                Err(error) => problem_view(error),
                                Ok(source) => {
                                    // Answers: as posted, else the draft's own (editing), else
                                    // the copied version's with a new label (copying).
                                    let mut answers = posted.clone();
                                    if answers.values.is_empty() {
                                        if let Some(v) = &source {
                                            let (y, m, d) = split_date(&v.summary.effective_date);
                                            let copying = editing.is_none();
                                            answers.values = vec![
                                                ("name".into(), v.summary.name.clone()),
                                                ("version-label".into(), if copying { String::new() } else { v.summary.version_label.clone() }),
                                                ("effective-date-day".into(), if copying { String::new() } else { d }),
                                                ("effective-date-month".into(), if copying { String::new() } else { m }),
                                                ("effective-date-year".into(), if copying { String::new() } else { y }),
                                                ("local-definition".into(), v.local_definition.clone()),
                                                ("local-postcode-districts".into(), v.local_postcode_districts.join(", ")),
                                            ];
                                        }
                                    }
                                    let copying = if editing.is_none() { source.map(|v| (v.summary.id, v.summary.version_label)) } else { None };
                                    view! { <DetailsForm action=action.clone() answers copying /> }.into_any()
                                }
                            })
                        }
                    </Suspense>
                </div>
            </div>
        }
        .into_any()
    }
}

fn split_date(iso: &str) -> (String, String, String) {
    let mut parts = iso.splitn(3, '-').map(|p| p.trim_start_matches('0').to_owned());
    (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default())
}

#[component]
fn DetailsForm(action: String, answers: PostedForm, copying: Option<(i64, String)>) -> impl IntoView {
    view! {
        <form method="post" action=action novalidate>
            {copying.map(|(id, label)| view! {
                <input type="hidden" name=paths::COPY_OF value=id.to_string() />
                <div class="govuk-inset-text">{format!("The draft starts as a copy of version {label}: its themes, measures and proxy values.")}</div>
            })}
            <TextField id="name" label="Framework name" value=answers.value("name") error=answers.error("name") />
            <TextField id="version-label" label="Version label" hint="For example 2027-28, or v2" value=answers.value("version-label") error=answers.error("version-label") width_class="govuk-input--width-10" />
            <DateInput id="effective-date" legend="Effective from" hint="The first day offers may use this version. For example, 1 4 2027" day=answers.value("effective-date-day") month=answers.value("effective-date-month") year=answers.value("effective-date-year") error=answers.error("effective-date") />
            <TextArea id="local-definition" label="What counts as local" hint="For example: people living, and organisations based, within the county boundary" value=answers.value("local-definition") error=answers.error("local-definition") rows=3 />
            <TextField id="local-postcode-districts" label="Local postcode districts (optional)" hint="Separate them with commas, for example CM1, CM2, CO1" value=answers.value("local-postcode-districts") error=answers.error("local-postcode-districts") />
            <button type="submit" class="govuk-button">"Save and continue"</button>
        </form>
    }
}
