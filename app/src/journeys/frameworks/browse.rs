//! The public view: published frameworks, and one version by theme and outcome, with search.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{get_framework_version, list_published_frameworks, IllustrativeNotice, StatusTag};
use crate::components::banner::SuccessBanner;
use crate::domain::dates::display_date;
use crate::domain::frameworks::{FrameworkStatus, StoredMeasure, VersionDetails};
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{id_param, problem_view};
use ui::measure_browser::MeasureBrowser;

#[component]
pub fn FrameworksPage() -> impl IntoView {
    let versions = Resource::new(|| (), |_| list_published_frameworks());
    view! {
        <Title text="Measures frameworks" />
        <h1 class="govuk-heading-l">"Measures frameworks"</h1>
        <p class="govuk-body-l">
            "Each council asks firms for "<GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>" from its own list of "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>
            ", grouped by "<GlossaryTerm term=Term::Theme>"theme"</GlossaryTerm>" and "<GlossaryTerm term=Term::Outcome>"outcome"</GlossaryTerm>". Each measure shows what one "
            <GlossaryTerm term=Term::Unit>"unit"</GlossaryTerm>" of it is worth in pounds."
        </p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading frameworks…"</p> }>
            {move || versions.get().map(|result| match result {
                Err(error) => problem_view(error),
                Ok(versions) if versions.is_empty() => view! { <p class="govuk-body">"No council has published a framework yet."</p> }.into_any(),
                Ok(versions) => view! {
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-table__caption--m">"Published frameworks"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Framework"</th>
                                <th scope="col" class="govuk-table__header">"Council"</th>
                                <th scope="col" class="govuk-table__header">"Version"</th>
                                <th scope="col" class="govuk-table__header">"Effective from"</th>
                                <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Measures"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {versions.into_iter().map(|v| view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">
                                        <a class="govuk-link" href=format!("/frameworks/{}", v.id)>{v.name.clone()}</a>
                                        {v.is_illustrative.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Illustrative"</strong> })}
                                    </td>
                                    <td class="govuk-table__cell">{v.council_name.clone()}</td>
                                    <td class="govuk-table__cell">{v.version_label.clone()}</td>
                                    <td class="govuk-table__cell">{display_date(&v.effective_date)}</td>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{v.measure_count}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn FrameworkPage() -> impl IntoView {
    let id = id_param("id");
    let (initial_query, published) =
        use_query_map().with_untracked(|q| (q.get("q").unwrap_or_default(), q.get("published").is_some()));
    let version = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => get_framework_version(id).await,
                None => Err(crate::errors::AppError::NotFound),
            }
        },
    );
    let query = initial_query;
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the framework…"</p> }>
            {move || version.get().map(|result| match result {
                Err(error) => view! { <Title text="Page not found" /> {problem_view(error)} }.into_any(),
                Ok(version) => view! {
                    {published.then(|| view! { <SuccessBanner title="Success" text="The version is published. It can no longer be changed." /> })}
                    <VersionView version query=query.clone() />
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn VersionView(version: VersionDetails, query: String) -> impl IntoView {
    let summary = version.summary.clone();
    let id = summary.id;
    let measures: Vec<StoredMeasure> = version.measures.iter().filter(|m| m.measure.applies).cloned().collect();
    let themes: Vec<String> = version.themes.iter().map(|t| t.name.clone()).collect();
    let total = measures.len();
    let districts = version.local_postcode_districts.join(", ");
    view! {
        <Title text=summary.name.clone() />
        <span class="govuk-caption-l">{format!("{} · version {}", summary.council_name, summary.version_label)}</span>
        <h1 class="govuk-heading-l">{summary.name.clone()} " " <StatusTag status=summary.status /></h1>
        {summary.is_illustrative.then(|| view! { <IllustrativeNotice /> })}
        {(summary.status == FrameworkStatus::Retired).then(|| view! {
            <div class="govuk-inset-text">"This version has been retired: a newer version replaces it. Offers made under it keep its values."</div>
        })}
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Effective from"</dt>
                <dd class="govuk-summary-list__value">{display_date(&summary.effective_date)}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"What counts as local"</dt>
                <dd class="govuk-summary-list__value">
                    <p class="govuk-body">{version.local_definition.clone()}</p>
                    {(!districts.is_empty()).then(|| view! { <p class="govuk-body">"Postcode districts: " {districts}</p> })}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Measures"</dt>
                <dd class="govuk-summary-list__value">{total}</dd>
            </div>
        </dl>
        <p class="govuk-body">
            "Download the "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>": "
            <a class="govuk-link" href=format!("/frameworks/{id}/export.xlsx") download="">"Excel workbook (XLSX)"</a>
            " or "
            <a class="govuk-link" href=format!("/frameworks/{id}/export.csv") download="">"CSV"</a>
        </p>
        {version.can_manage.then(|| view! {
            <a class="govuk-button govuk-button--secondary" href=format!("/manage/new-framework?copy-of={id}")>"Create a new version from this one"</a>
        })}
        <MeasureBrowser id measures themes initial_query=query />
    }
}
