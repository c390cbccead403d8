//! The public view: published frameworks, and one version by theme and outcome, with search.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{get_framework_version, list_published_frameworks, IllustrativeNotice, StatusTag};
use crate::components::banner::SuccessBanner;
use crate::domain::dates::display_date;
use crate::domain::frameworks::{FrameworkStatus, MeasureKind, StoredMeasure, VersionDetails};
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{id_param, problem_view};

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

/// The measures by theme and outcome, with a search that narrows the list as you type
/// (compiled into the WASM); without JavaScript the search is a plain GET form.
#[island]
fn MeasureBrowser(id: i64, measures: Vec<StoredMeasure>, themes: Vec<String>, initial_query: String) -> impl IntoView {
    let query = RwSignal::new(initial_query);
    let total = measures.len();
    let matching =
        move || measures.iter().filter(|m| query.with(|q| m.measure.matches(q))).cloned().collect::<Vec<_>>();
    view! {
        <form method="get" action=format!("/frameworks/{id}") role="search" class="govuk-!-margin-bottom-6">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="q">"Search measures by code or words"</label>
                <div class="pb-search">
                    <input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search"
                        value=query.get_untracked()
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                    <button type="submit" class="govuk-button govuk-!-margin-bottom-0">"Search"</button>
                </div>
            </div>
        </form>
        {move || {
            let found = matching();
            let count = found.len();
            let searching = query.with(|q| !q.trim().is_empty());
            // "Evidence" first appears in the first measure shown that says what evidence it needs.
            let first_evidence = themes
                .iter()
                .flat_map(|theme| shown_in_order(&found, theme))
                .find(|m| !m.measure.evidence_required.is_empty())
                .map(|m| m.id);
            view! {
                <p class="govuk-body" role="status">
                    {if searching { format!("{count} of {total} measures match") } else { format!("{total} measures") }}
                </p>
                {themes.iter().filter_map(|theme| {
                    let in_theme: Vec<StoredMeasure> = found.iter().filter(|m| &m.measure.theme == theme).cloned().collect();
                    (!in_theme.is_empty()).then(|| view! { <ThemeSection theme=theme.clone() measures=in_theme first_evidence /> })
                }).collect_view()}
            }
        }}
    }
}

/// A theme's measures in the order `ThemeSection` shows them: by outcome, each outcome where its
/// first measure is.
fn shown_in_order<'a>(measures: &'a [StoredMeasure], theme: &str) -> Vec<&'a StoredMeasure> {
    let in_theme: Vec<&StoredMeasure> = measures.iter().filter(|m| m.measure.theme == theme).collect();
    let mut outcomes: Vec<&str> = Vec::new();
    for m in &in_theme {
        if !outcomes.contains(&m.measure.outcome.as_str()) {
            outcomes.push(&m.measure.outcome);
        }
    }
    outcomes.iter().flat_map(|o| in_theme.iter().copied().filter(move |m| m.measure.outcome == *o)).collect()
}

#[component]
fn ThemeSection(theme: String, measures: Vec<StoredMeasure>, first_evidence: Option<i64>) -> impl IntoView {
    let mut outcomes: Vec<String> = Vec::new();
    for m in &measures {
        if !outcomes.contains(&m.measure.outcome) {
            outcomes.push(m.measure.outcome.clone());
        }
    }
    view! {
        <h2 class="govuk-heading-m">{theme}</h2>
        {outcomes.into_iter().map(|outcome| {
            let rows: Vec<StoredMeasure> = measures.iter().filter(|m| m.measure.outcome == outcome).cloned().collect();
            view! {
                <table class="govuk-table pb-measures">
                    <caption class="govuk-table__caption govuk-table__caption--s">{outcome}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Code"</th>
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header">"Unit"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows.into_iter().map(|m| {
                            let link_evidence = first_evidence == Some(m.id);
                            view! { <MeasureRow measure=m link_evidence /> }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }).collect_view()}
    }
}

#[component]
fn MeasureRow(measure: StoredMeasure, link_evidence: bool) -> impl IntoView {
    let m = measure.measure;
    let value = match (m.kind, m.proxy_value) {
        (MeasureKind::Monetised, Some(value)) => format!("{value} per unit"),
        (MeasureKind::RecordOnly, _) => "Recorded, no £ value".to_owned(),
        _ => "Written answer".to_owned(),
    };
    view! {
        <tr class="govuk-table__row">
            <td class="govuk-table__cell"><strong>{m.code.clone()}</strong></td>
            <td class="govuk-table__cell">
                {m.description.clone()}
                <div class="pb-tags">
                    {m.first_year_only.then(|| view! { <strong class="govuk-tag govuk-tag--blue">"First year only"</strong> })}
                    {m.community_offer.then(|| view! { <strong class="govuk-tag govuk-tag--turquoise">"Community offer"</strong> })}
                    {m.adds_to.clone().map(|code| view! { <strong class="govuk-tag govuk-tag--purple">{format!("Adds to {code}")}</strong> })}
                </div>
                {(!m.guidance.is_empty() || !m.evidence_required.is_empty()).then(|| view! {
                    <details class="govuk-details govuk-!-margin-bottom-0">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">"Guidance and evidence" <span class="govuk-visually-hidden">{format!(" for {}", m.code)}</span></span>
                        </summary>
                        <div class="govuk-details__text">
                            <p class="govuk-body-s">{m.guidance.clone()}</p>
                            {(!m.evidence_required.is_empty()).then(|| view! { <p class="govuk-body-s"><strong><GlossaryTerm term=Term::Evidence link=link_evidence>"Evidence"</GlossaryTerm>": "</strong>{m.evidence_required.clone()}</p> })}
                        </div>
                    </details>
                })}
            </td>
            <td class="govuk-table__cell">{m.unit.clone()}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>
        </tr>
    }
}
