//! A draft version: its details, themes and measures, tailoring, importing a file, publishing.

use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{draft_resource, IllustrativeNotice, StatusTag};
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::dates::display_date;
use crate::domain::form::{FileProblem, PostedForm};
use crate::domain::frameworks::{MeasureKind, VersionDetails};
use crate::page_context::{id_param, posted_form, problem_view, require_role};

#[component]
pub fn EditVersionPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let notice = use_query_map().with_untracked(|q| {
        [
            ("saved", "Your changes have been saved."),
            ("imported", "The file has been imported: the draft now holds its themes and measures."),
            ("removed", "The measure has been removed."),
        ]
        .into_iter()
        .find(|(key, _)| q.get(key).is_some())
        .map(|(_, text)| text)
    });
    if let Err(denied) = require_role(Role::CouncilAdmin) {
        return denied;
    }
    let version = draft_resource(id);
    view! {
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading the draft…"</p> }>
                {
                    let posted = posted.clone();
                    move || version.get().map(|result| match result {
                        Err(error) => problem_view(error),
                        Ok(version) => view! { <DraftEditor version posted=posted.clone() notice /> }.into_any(),
                    })
                }
            </Suspense>
    }
    .into_any()
}

#[component]
fn DraftEditor(version: VersionDetails, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let summary = version.summary.clone();
    let id = summary.id;
    let applying = version.measures.iter().filter(|m| m.measure.applies).count();
    view! {
        <Title text=page_title(&format!("Edit {}", summary.name), &posted) />
        {notice.map(|text| view! { <SuccessBanner title="Success" text /> })}
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        <span class="govuk-caption-l">{format!("Version {}", summary.version_label)}</span>
        <h1 class="govuk-heading-l">{summary.name.clone()} " " <StatusTag status=summary.status /></h1>
        {summary.is_illustrative.then(|| view! { <IllustrativeNotice /> })}
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Effective from"</dt>
                <dd class="govuk-summary-list__value">{display_date(&summary.effective_date)}</dd>
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href=paths::DETAILS.id(id)>"Change"<span class="govuk-visually-hidden">" the version's details"</span></a>
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"What counts as local"</dt>
                <dd class="govuk-summary-list__value">
                    {version.local_definition.clone()}
                    {(!version.local_postcode_districts.is_empty()).then(|| format!(" (postcode districts {})", version.local_postcode_districts.join(", ")))}
                </dd>
                <dd class="govuk-summary-list__actions"></dd>
            </div>
            {version.based_on.clone().map(|base_version| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Copied from"</dt>
                    <dd class="govuk-summary-list__value">{format!("Version {}", base_version.version_label)}</dd>
                    <dd class="govuk-summary-list__actions"></dd>
                </div>
            })}
        </dl>

        <h2 class="govuk-heading-m">"Themes"</h2>
        <ThemesEditor version=version.clone() posted=posted.clone() />

        <h2 class="govuk-heading-m" id="measures">"Measures"</h2>
        <p class="govuk-body">{format!("{applying} of {} measures apply in your area. Untick a measure your council does not use, then save the selection.", version.measures.len())}</p>
        <ErrorMessage id="measures-error" message=Signal::stored(posted.error("measures")) />
        <a class="govuk-button govuk-button--secondary" href=paths::ADD_MEASURE.id(id)>"Add a measure"</a>
        <form method="post" action=paths::SELECTION.id(id)>
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">"Measures in this draft"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Applies"</th>
                        <th scope="col" class="govuk-table__header">"Code"</th>
                        <th scope="col" class="govuk-table__header">"Theme"</th>
                        <th scope="col" class="govuk-table__header">"Measure"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {version.measures.iter().map(|m| {
                        let checkbox_id = format!("applies-{}", m.id);
                        let value = match (m.measure.kind, m.measure.proxy_value) {
                            (MeasureKind::Monetised, Some(value)) => value.to_string(),
                            (kind, _) => kind.label().to_owned(),
                        };
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <div class="govuk-checkboxes govuk-checkboxes--small">
                                        <div class="govuk-checkboxes__item">
                                            <input class="govuk-checkboxes__input" id=checkbox_id.clone() name="applies" type="checkbox" value=m.id.to_string() checked=m.measure.applies />
                                            <label class="govuk-label govuk-checkboxes__label" for=checkbox_id>
                                                <span class="govuk-visually-hidden">{format!("{} applies", m.measure.code)}</span>
                                            </label>
                                        </div>
                                    </div>
                                </td>
                                <td class="govuk-table__cell"><strong>{m.measure.code.clone()}</strong></td>
                                <td class="govuk-table__cell">{m.measure.theme.clone()}</td>
                                <td class="govuk-table__cell">{m.measure.description.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=paths::MEASURE.with(&[&id, &m.id])>"Change"<span class="govuk-visually-hidden">{format!(" {}", m.measure.code)}</span></a>
                                    " "
                                    <button type="submit" formaction=paths::REMOVE_MEASURE.with(&[&id, &m.id]) class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 pb-small-button">
                                        "Remove"<span class="govuk-visually-hidden">{format!(" {}", m.measure.code)}</span>
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!version.measures.is_empty()).then(|| view! { <button type="submit" class="govuk-button">"Save the selection"</button> })}
        </form>

        <h2 class="govuk-heading-m">"Import a file"</h2>
        <ImportForm id posted=posted.clone() />

        <h2 class="govuk-heading-m">"Publish"</h2>
        <p class="govuk-body">"Check the changes against the version this draft was copied from, then publish. A published version cannot be changed."</p>
        <a class="govuk-button" href=paths::PUBLISH.id(id)>"Review and publish"</a>
    }
}

#[component]
fn ThemesEditor(version: VersionDetails, posted: PostedForm) -> impl IntoView {
    let id = version.summary.id;
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">"Themes in this draft"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Name"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Measures"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {version.themes.iter().map(|theme| {
                    let field = format!("theme-{}", theme.id);
                    let error = posted.error(&field);
                    let typed = posted.values.iter().find(|(n, _)| *n == field).map(|(_, v)| v.clone()).unwrap_or_else(|| theme.name.clone());
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">
                                <form method="post" action=paths::THEME.with(&[&id, &theme.id]) class=if error.is_some() { "govuk-form-group govuk-form-group--error govuk-!-margin-bottom-0" } else { "govuk-!-margin-bottom-0" }>
                                    <label class="govuk-label govuk-visually-hidden" for=field.clone()>{format!("Name of the theme {}", theme.name)}</label>
                                    <ErrorMessage id=format!("{field}-error") message=Signal::stored(error.clone()) />
                                    <input class=if error.is_some() { "govuk-input govuk-input--width-20 govuk-input--error" } else { "govuk-input govuk-input--width-20" } id=field.clone() name="name" type="text" value=typed />
                                    " "
                                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 pb-small-button">"Rename"<span class="govuk-visually-hidden">{format!(" {}", theme.name)}</span></button>
                                    " "
                                    <button type="submit" formaction=paths::REMOVE_THEME.with(&[&id, &theme.id]) class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 pb-small-button">"Remove"<span class="govuk-visually-hidden">{format!(" {}", theme.name)}</span></button>
                                </form>
                            </td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{theme.measure_count}</td>
                            <td class="govuk-table__cell"></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <form method="post" action=paths::ADD_THEME.id(id) novalidate>
            <crate::components::form_fields::TextField id="theme-name" label="Add a theme" value=posted.value("theme-name") error=posted.error("theme-name") width_class="govuk-input--width-20" />
            <button type="submit" class="govuk-button govuk-button--secondary">"Add theme"</button>
        </form>
    }
}

#[component]
fn ImportForm(id: i64, posted: PostedForm) -> impl IntoView {
    let error = posted.error("import-file");
    let problems = posted.file_problems.clone();
    view! {
        <form method="post" action=paths::IMPORT.id(id) enctype="multipart/form-data" novalidate>
            <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label govuk-label--s" for="import-file">"Upload a CSV or Excel (XLSX) file"</label>
                <div id="import-file-hint" class="govuk-hint">
                    "One measure per row. Columns are found by their headings: code, theme, outcome, description, unit and kind are needed; fractions allowed, proxy value (£), guidance, evidence required, first year only, community offer, adds to and applies are optional. Importing replaces every theme and measure in this draft, and nothing is imported until the whole file is correct."
                </div>
                <ErrorMessage id="import-file-error" message=Signal::stored(error.clone()) />
                <input class=if error.is_some() { "govuk-file-upload govuk-file-upload--error" } else { "govuk-file-upload" } id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-file-hint" />
            </div>
            {(!problems.is_empty()).then(|| view! { <ImportProblems problems /> })}
            <button type="submit" class="govuk-button govuk-button--secondary">"Import file"</button>
        </form>
    }
}

#[component]
fn ImportProblems(problems: Vec<FileProblem>) -> impl IntoView {
    view! {
        <table class="govuk-table" id="import-problems">
            <caption class="govuk-table__caption govuk-table__caption--s">{format!("Problems in the file ({})", problems.len())}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Line"</th>
                    <th scope="col" class="govuk-table__header">"Column"</th>
                    <th scope="col" class="govuk-table__header">"What is wrong"</th>
                    <th scope="col" class="govuk-table__header">"How to fix it"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {problems.into_iter().map(|p| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{p.line.map(|l| l.to_string()).unwrap_or_else(|| "Whole file".into())}</td>
                        <td class="govuk-table__cell">{p.column.unwrap_or_default()}</td>
                        <td class="govuk-table__cell">{p.problem}</td>
                        <td class="govuk-table__cell">{p.how_to_fix}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
