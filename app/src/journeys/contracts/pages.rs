//! The contracts list (the council's, searchable; or the supplier's own) and a contract's page:
//! its terms and officers, its commitments by contract year and by theme, and its quarters.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{fields, get_contract, get_contracts, paths};
use crate::calc::Money;
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::TextField;
use crate::components::question_page::page_title;
use crate::components::summary_list::summary_row;
use crate::domain::accounts::Role;
use crate::domain::contracts::{
    ContractPage as ContractPageData, ContractSummary, QuarterState, OFFICER_FIELD, RETURN_DUE_DAYS_FIELD,
};
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::performance::{
    PerformanceRow, Thresholds, RAG_AMBER_FIELD, RAG_GREEN_FIELD, RATING_APPROACHING_FIELD, RATING_GOOD_FIELD,
    RATING_IMPROVEMENT_FIELD,
};
use crate::domain::returns::ReturnState;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{by_id, id_param, loaded, posted_form, require_sign_in};

fn notice(names: &'static [&'static str]) -> Option<&'static str> {
    use_query_map().with_untracked(|q| names.iter().copied().find(|n| q.get(n).is_some()))
}

// ---- The list -----------------------------------------------------------------------------

#[component]
pub fn ContractsPage() -> impl IntoView {
    let posted = posted_form();
    let Some(viewer) = require_sign_in() else { return ().into_any() };
    let q = use_query_map().with_untracked(|q| q.get(fields::SEARCH).unwrap_or_default());
    let saved = notice(&["due-days-saved"]).is_some();
    let thresholds_saved = notice(&["thresholds-saved"]).is_some();
    let council = viewer.role.includes(Role::CouncilOfficer);
    let admin = viewer.role == Role::CouncilAdmin;
    let search = q.clone();
    let list = Resource::new(move || search.clone(), |q| async move { get_contracts(q).await });
    let title = if council { "Contracts" } else { "Your contracts" };
    view! {
        <Title text=page_title(title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {saved.then(|| view! { <SuccessBanner title="Success" text="The return due date has been saved. Every contract's quarters follow it." /> })}
        {thresholds_saved.then(|| view! { <SuccessBanner title="Success" text="The performance thresholds have been saved. Every contract's RAG and rating follow them." /> })}
        <h1 class="govuk-heading-l">{title}</h1>
        {if council {
            view! {
                <p class="govuk-body">
                    "Each "<GlossaryTerm term=Term::Contract>"contract"</GlossaryTerm>" comes from an "<GlossaryTerm term=Term::Award>"award"</GlossaryTerm>": its "
                    <GlossaryTerm term=Term::Commitment>"commitments"</GlossaryTerm>" are the winning "<GlossaryTerm term=Term::Offer>"offer's"</GlossaryTerm>" counted "
                    <GlossaryTerm term=Term::Line>"lines"</GlossaryTerm>" and written answers, as submitted."
                </p>
            }.into_any()
        } else {
            view! {
                <p class="govuk-body">
                    "The "<GlossaryTerm term=Term::Contract>"contracts"</GlossaryTerm>" your organisation has won. Each one's "<GlossaryTerm term=Term::Commitment>"commitments"</GlossaryTerm>
                    " are what your "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>" promised; you report against them every "<GlossaryTerm term=Term::Quarter>"quarter"</GlossaryTerm>"."
                </p>
            }.into_any()
        }}
        {council.then(|| view! {
            <form method="get" action=paths::CONTRACTS novalidate>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for=fields::SEARCH>"Search contracts"</label>
                    <div id="q-hint" class="govuk-hint">"By reference, "<GlossaryTerm term=Term::Supplier>"supplier"</GlossaryTerm>" or officer"</div>
                    <input class="govuk-input govuk-!-width-two-thirds" id=fields::SEARCH name=fields::SEARCH type="search" aria-describedby="q-hint" value=q.clone() />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Search"</button>
            </form>
        })}
        {loaded(list, move |(contracts, due_days, thresholds)| view! {
            <ContractList contracts council searched=!q.trim().is_empty() />
            {due_days.map(|days| view! { <DueDays days admin posted=posted.clone() /> })}
            {thresholds.map(|thresholds| view! { <PerformanceThresholds thresholds admin posted=posted.clone() /> })}
        })}
    }
    .into_any()
}

#[component]
fn ContractList(contracts: Vec<ContractSummary>, council: bool, searched: bool) -> impl IntoView {
    if contracts.is_empty() {
        let text = match (searched, council) {
            (true, _) => "No contracts match your search.",
            (false, true) => "There are no contracts yet. A contract is made when a tender is awarded.",
            (false, false) => {
                "Your organisation has no contracts yet. When a council awards you a tender, the contract appears here."
            }
        };
        return view! { <p class="govuk-body">{text}</p> }.into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{format!("{} contracts", contracts.len())}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Contract"</th>
                    <th scope="col" class="govuk-table__header">{if council { "Supplier" } else { "Council" }}</th>
                    <th scope="col" class="govuk-table__header">"Runs"</th>
                    <th scope="col" class="govuk-table__header">"Officers"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Social value committed"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {contracts.into_iter().map(|c| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=paths::CONTRACT.id(c.id)>{format!("{}: {}", c.reference, c.title)}</a></td>
                        <td class="govuk-table__cell">{if council { c.supplier_name.clone() } else { c.council_name.clone() }}</td>
                        <td class="govuk-table__cell">{format!("{} to {}", display_date(&c.start_date), display_date(&c.end_date))}</td>
                        <td class="govuk-table__cell">{c.officers.join(", ")}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{c.committed.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The council's setting: when each quarter's return is due (administrators change it).
#[component]
fn DueDays(days: u32, admin: bool, posted: PostedForm) -> impl IntoView {
    let error = posted.error(RETURN_DUE_DAYS_FIELD);
    let typed = if posted.values.is_empty() { days.to_string() } else { posted.value(RETURN_DUE_DAYS_FIELD) };
    view! {
        <h2 class="govuk-heading-m">"When quarterly returns are due"</h2>
        {if admin {
            view! {
                <form method="post" action=paths::RETURN_DUE_DAYS.pattern() novalidate>
                    <TextField
                        id=RETURN_DUE_DAYS_FIELD
                        label="Days after a quarter ends that its return is due"
                        hint="From 1 to 120. It applies to every contract of your council."
                        inputmode="numeric"
                        value=typed
                        error=error.clone()
                        width_class="govuk-input--width-3"
                    />
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save the due date"</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="govuk-body">
                    "Each "<GlossaryTerm term=Term::Quarter>"quarter's"</GlossaryTerm>{format!(" return is due {days} days after the quarter ends. A ")}
                    <GlossaryTerm term=Term::CouncilAdministrator>"council administrator"</GlossaryTerm>" can change this."
                </p>
            }.into_any()
        }}
    }
}

/// The council's setting: the RAG and Procurement Act rating thresholds (administrators change them).
#[component]
fn PerformanceThresholds(thresholds: Thresholds, admin: bool, posted: PostedForm) -> impl IntoView {
    let t = thresholds;
    let typed = |field: &str, stored: rust_decimal::Decimal| {
        if posted.values.iter().any(|(n, _)| n == field) {
            posted.value(field)
        } else {
            stored.to_string()
        }
    };
    let boxes = [
        (RAG_GREEN_FIELD, "Green from (%)", t.rag_green),
        (RAG_AMBER_FIELD, "Amber from (%)", t.rag_amber),
        (RATING_GOOD_FIELD, "Good from (%)", t.rating_good),
        (RATING_APPROACHING_FIELD, "Approaching target from (%)", t.rating_approaching),
        (RATING_IMPROVEMENT_FIELD, "Requires improvement from (%)", t.rating_improvement),
    ];
    view! {
        <h2 class="govuk-heading-m">"Contract performance thresholds"</h2>
        <p class="govuk-body">
            "Each contract's delivery is judged by the share of its committed to date that has been "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>
            " and approved. Below the lowest threshold, RAG is red and the rating is Inadequate."
        </p>
        {if admin {
            view! {
                <form method="post" action=paths::PERFORMANCE_THRESHOLDS.pattern() novalidate>
                    {boxes.into_iter().map(|(id, label, stored)| view! {
                        <TextField
                            id=id
                            label=label
                            hint="A percentage from 1 to 100"
                            inputmode="decimal"
                            value=typed(id, stored)
                            error=posted.error(id)
                            width_class="govuk-input--width-4"
                        />
                    }).collect_view()}
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save the thresholds"</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="govuk-body">{format!(
                    "RAG: green from {}%, amber from {}%. Rating: Good from {}%, Approaching target from {}%, Requires improvement from {}%. A council administrator can change these.",
                    t.rag_green, t.rag_amber, t.rating_good, t.rating_approaching, t.rating_improvement
                )}</p>
            }
            .into_any()
        }}
    }
}

// ---- One contract -------------------------------------------------------------------------

#[component]
pub fn ContractPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let notice = notice(&["awarded", "officer-added", "officer-removed"]);
    if require_sign_in().is_none() {
        return ().into_any();
    }
    let contract = by_id(id, get_contract);
    view! {
        {loaded(contract, move |contract| view! { <ContractView contract posted=posted.clone() notice /> })}
    }
    .into_any()
}

fn banner(notice: Option<&'static str>) -> Option<AnyView> {
    let text = match notice? {
        "awarded" => {
            "The contract has been awarded. Every bidder has been told, and can read their assessment summary."
        }
        "officer-added" => "The officer has been added to the contract.",
        "officer-removed" => "The officer has been removed from the contract.",
        _ => return None,
    };
    Some(view! { <SuccessBanner title="Success" text=text /> }.into_any())
}

#[component]
fn ContractView(contract: ContractPageData, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let s = contract.summary.clone();
    let title = format!("{}: {}", s.reference, s.title);
    view! {
        <Title text=page_title(&title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {banner(notice)}
        <span class="govuk-caption-l">"Contract"</span>
        <h1 class="govuk-heading-l">{title.clone()}</h1>
        <p class="govuk-body"><a class="govuk-link" href=paths::CONTRACTS>{if contract.can_manage_officers { "All contracts" } else { "Your contracts" }}</a></p>
        <h2 class="govuk-heading-m">"Terms"</h2>
        <dl class="govuk-summary-list">
            {summary_row("Council", s.council_name.clone())}
            {summary_row("Supplier", s.supplier_name.clone())}
            {summary_row("Contract value", s.contract_value.to_string())}
            {summary_row("Runs", format!("{} to {}", display_date(&s.start_date), display_date(&s.end_date)))}
            {summary_row("Measures framework", contract.framework.clone())}
            {summary_row("Awarded", view! {
                {format!("{} by {}, from ", contract.awarded_at, contract.awarded_by)}
                <GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>{format!(" {}", contract.tender_reference)}
            })}
            {contract.award_reason.clone().map(|reason| summary_row("Why this offer won", reason))}
            {summary_row("Social value committed", s.committed.to_string())}
        </dl>
        <Officers contract=contract.clone() posted=posted.clone() />
        <Commitments contract=contract.clone() />
        <Delivery contract=contract.clone() />
        <Quarters contract />
    }
}

#[component]
fn Officers(contract: ContractPageData, posted: PostedForm) -> impl IntoView {
    let id = contract.summary.id;
    let error = posted.error(OFFICER_FIELD);
    let can_remove = contract.can_manage_officers && contract.officers.len() > 1;
    view! {
        <h2 class="govuk-heading-m">"Contract officers"</h2>
        <p class="govuk-body">
            "The "<GlossaryTerm term=Term::CouncilOfficer>"council officers"</GlossaryTerm>" who manage this "<GlossaryTerm term=Term::Contract>"contract"</GlossaryTerm>
            " and "<GlossaryTerm term=Term::Review>"review"</GlossaryTerm>" its "<GlossaryTerm term=Term::QuarterlyReturn>"quarterly returns"</GlossaryTerm>"."
        </p>
        <ul class="govuk-list">
            {contract.officers.iter().map(|o| view! {
                <li>
                    {format!("{} ({})", o.name, o.email)}
                    {can_remove.then(|| view! {
                        " "
                        <form class="pb-inline-form" method="post" action=paths::REMOVE_OFFICER.with(&[&id, &o.user_id])>
                            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                                "Remove"<span class="govuk-visually-hidden">{format!(" {} as an officer", o.name)}</span>
                            </button>
                        </form>
                    })}
                </li>
            }).collect_view()}
        </ul>
        {(contract.can_manage_officers && !contract.addable_officers.is_empty()).then(|| view! {
            <form method="post" action=paths::ADD_OFFICER.id(id) novalidate>
                <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label govuk-label--s" for=OFFICER_FIELD>"Add an officer"</label>
                    <ErrorMessage id="officer-error" message=Signal::stored(error.clone()) />
                    <select class=if error.is_some() { "govuk-select govuk-select--error" } else { "govuk-select" } id=OFFICER_FIELD name=OFFICER_FIELD aria-describedby=error.is_some().then_some("officer-error")>
                        <option value="">"Choose a colleague"</option>
                        {contract.addable_officers.iter().map(|o| view! { <option value=o.user_id.to_string()>{format!("{} ({})", o.name, o.email)}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add the officer"</button>
            </form>
        })}
    }
}

/// A bar for an amount, as long as its share of the largest amount beside it: an SVG shape, not
/// a style (the Content-Security-Policy allows no inline styles). The number stays as text.
fn bar(amount: Money, largest: Money) -> impl IntoView {
    let share = if largest.is_zero() {
        rust_decimal::Decimal::ZERO
    } else {
        (amount.pounds() * rust_decimal::Decimal::ONE_HUNDRED / largest.pounds()).round_dp(1)
    };
    view! {
        <svg class="pb-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect width=share.to_string() height="8" />
        </svg>
    }
}

/// Amounts by year or by theme, each with its bar, and their total.
#[component]
fn BarTable(caption: &'static str, label: &'static str, rows: Vec<(String, Money)>, total: Money) -> impl IntoView {
    let largest = rows.iter().map(|(_, m)| *m).max().unwrap_or_default();
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{label}</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Committed"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows.into_iter().map(|(name, amount)| view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{name}</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{bar(amount, largest)}{amount.to_string()}</td>
                    </tr>
                }).collect_view()}
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">"Total"</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric"><strong>{total.to_string()}</strong></td>
                </tr>
            </tbody>
        </table>
    }
}

#[component]
fn Commitments(contract: ContractPageData) -> impl IntoView {
    let total = contract.summary.committed;
    let by_year: Vec<(String, Money)> = contract
        .years
        .iter()
        .map(|year| (format!("Year {year}"), contract.by_year.get(year).copied().unwrap_or_default()))
        .collect();
    let themes: Vec<(String, Money)> =
        contract.theme_order.iter().filter_map(|t| contract.by_theme.get(t).map(|m| (t.clone(), *m))).collect();
    view! {
        <h2 class="govuk-heading-m">"Commitments"</h2>
        <p class="govuk-body">
            {format!("{} ", contract.lines.len())}<GlossaryTerm term=Term::Line>"lines"</GlossaryTerm>
            {format!(" worth {total}, and {} written answers. These are the winning ", contract.written.len())}
            <GlossaryTerm term=Term::Offer>"offer's"</GlossaryTerm>" counted lines, at the "<GlossaryTerm term=Term::ProxyValue>"proxy values"</GlossaryTerm>
            " the offer used: later changes to the "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>" do not alter them."
        </p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
                <BarTable caption="By contract year" label="Year" rows=by_year total />
            </div>
            <div class="govuk-grid-column-one-half">
                <BarTable caption="By theme" label="Theme" rows=themes total />
            </div>
        </div>
        {contract.years.iter().map(|year| {
            let lines: Vec<_> = contract.lines.iter().filter(|l| l.year == *year).cloned().collect();
            (!lines.is_empty()).then(|| view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{format!("Year {year} commitments")}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Quantity"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Value"</th>
                            <th scope="col" class="govuk-table__header">"Delivery plan"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {lines.into_iter().map(|l| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{format!("{} {}: {}", l.code, l.theme, l.description)}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{format!("{} {}", l.quantity, l.unit)}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{l.proxy_value.map(|p| p.to_string()).unwrap_or_else(|| "Counted in units".to_owned())}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{l.value.to_string()}</td>
                                <td class="govuk-table__cell">{l.plan.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })
        }).collect_view()}
        {(!contract.written.is_empty()).then(|| view! {
            <h3 class="govuk-heading-s">"Written commitments"</h3>
            <dl class="govuk-summary-list">
                {contract.written.iter().map(|w| view! {
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{format!("{}: {}", w.code, w.description)}</dt>
                        <dd class="govuk-summary-list__value pb-pre-wrap">{w.response.clone()}</dd>
                    </div>
                }).collect_view()}
            </dl>
        })}
    }
}

/// A share of committed to date delivered, as a bar (capped at the full width) beside its number.
fn share_bar(delivered: Money, committed: Option<Money>) -> impl IntoView {
    let committed = committed.unwrap_or_default();
    let delivered = if committed.is_zero() { Money::ZERO } else { delivered.min(committed) };
    bar(delivered, committed)
}

/// Rows of delivered against committed to date: by year, theme or measure.
#[component]
fn DeliveryTable(caption: &'static str, label: &'static str, rows: Vec<PerformanceRow>, units: bool) -> impl IntoView {
    let not_due = || "Not yet due".to_owned();
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{label}</th>
                    {units.then(|| view! {
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Units committed to date"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Units delivered"</th>
                    })}
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Committed to date"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Delivered"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Share delivered"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows.into_iter().map(|row| {
                    let unit = row.unit.clone().unwrap_or_default();
                    let in_units = move |q: Option<rust_decimal::Decimal>| q.map(|q| format!("{} {unit}", crate::calc::Quantity::from_decimal(q.round_dp(2), crate::calc::QuantityRule::FRACTIONAL).map(|q| q.to_string()).unwrap_or_else(|_| q.to_string())));
                    let committed_units = if row.additional { Some("Additional".to_owned()) } else { in_units(row.committed_units).or_else(|| Some(not_due())) };
                    let delivered_units = in_units(row.delivered_units).unwrap_or_default();
                    view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">
                                {row.label.clone()}
                                {row.additional.then(|| view! { " " <strong class="govuk-tag govuk-tag--purple">"Additional"</strong> })}
                            </th>
                            {units.then(|| view! {
                                <td class="govuk-table__cell govuk-table__cell--numeric">{committed_units.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{delivered_units.clone()}</td>
                            })}
                            <td class="govuk-table__cell govuk-table__cell--numeric">{match row.committed {
                                Some(m) => m.to_string(),
                                None if row.additional => "Beyond the plan".to_owned(),
                                None => not_due(),
                            }}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{share_bar(row.delivered, row.committed)}{row.delivered.to_string()}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.percent.clone().unwrap_or_else(|| "–".to_owned())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Delivered (approved by review) against committed to date, with RAG and the Procurement Act
/// 2023 rating, for the council and the supplier alike.
#[component]
fn Delivery(contract: ContractPageData) -> impl IntoView {
    let p = contract.performance.clone();
    let t = p.thresholds;
    let bands = format!(
        "RAG: green from {}%, amber from {}%, else red. Rating: Good from {}%, Approaching target from {}%, Requires improvement from {}%, else Inadequate. Your council sets these thresholds.",
        t.rag_green, t.rag_amber, t.rating_good, t.rating_approaching, t.rating_improvement
    );
    view! {
        <h2 class="govuk-heading-m" id="delivery">"Delivery against commitments"</h2>
        <p class="govuk-body">
            "Only quantities the council has approved count as "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>". Committed to date is each completed year's "
            <GlossaryTerm term=Term::Commitment>"commitment"</GlossaryTerm>", plus this year's in proportion to the "<GlossaryTerm term=Term::Quarter>"quarters"</GlossaryTerm>" whose return is due."
        </p>
        <dl class="govuk-summary-list">
            {summary_row("Committed to date", if p.anything_due { p.committed_to_date.to_string() } else { "Not yet due".to_owned() })}
            {summary_row("Delivered (approved)", p.delivered.to_string())}
            {summary_row("Share delivered", p.percent.clone().unwrap_or_else(|| "Not yet due".to_owned()))}
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"RAG status"</dt>
                <dd class="govuk-summary-list__value">{match p.rag {
                    Some(rag) => view! { <strong class=rag.tag_class()>{rag.label()}</strong> }.into_any(),
                    None => view! { "Not yet due" }.into_any(),
                }}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Performance rating (Procurement Act 2023)"</dt>
                <dd class="govuk-summary-list__value">{match p.rating {
                    Some(rating) => view! { <strong>{rating.label()}</strong><p class="govuk-body-s govuk-!-margin-bottom-0">"Copy this into the "<GlossaryTerm term=Term::ContractPerformanceNotice>"Contract Performance Notice"</GlossaryTerm>"."</p> }.into_any(),
                    None => view! { "Not yet due" }.into_any(),
                }}</dd>
            </div>
            {summary_row("Delivered beyond the plan (additional)", p.delivered_additional.to_string())}
            {summary_row("Lines waiting for review", contract.lines_waiting.to_string())}
            {summary_row("Returns overdue", contract.returns_overdue.to_string())}
        </dl>
        <p class="govuk-body-s">{bands}</p>
        <DeliveryTable caption="Delivered in each contract year" label="Year" rows=p.by_year.clone() units=false />
        <DeliveryTable caption="Delivered for each theme" label="Theme" rows=p.by_theme.clone() units=false />
        <DeliveryTable caption="Delivered for each measure" label="Measure" rows=p.by_measure.clone() units=true />
    }
}

#[component]
fn Quarters(contract: ContractPageData) -> impl IntoView {
    let id = contract.summary.id;
    let counts = match (contract.returns_waiting, contract.returns_overdue) {
        (0, 0) => None,
        (waiting, overdue) => Some(view! {
            {format!(
                "{waiting} {} waiting for review; {overdue} {} ",
                if waiting == 1 { "return" } else { "returns" },
                if overdue == 1 { "return" } else { "returns" }
            )}
            <GlossaryTerm term=Term::Overdue>"overdue"</GlossaryTerm>"."
        }),
    };
    view! {
        <h2 class="govuk-heading-m">"Quarters and returns"</h2>
        <p class="govuk-body">{format!(
            "Quarters run from the contract's start date, three months each. Each quarter's return is due {} days after it ends.",
            contract.return_due_days
        )}</p>
        {counts.map(|counts| view! { <p class="govuk-body"><strong>{counts}</strong></p> })}
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">"The contract's quarters, when each return is due, and where it stands"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Quarter"</th>
                    <th scope="col" class="govuk-table__header">"Runs"</th>
                    <th scope="col" class="govuk-table__header">"Return due"</th>
                    <th scope="col" class="govuk-table__header">"Quarter"</th>
                    <th scope="col" class="govuk-table__header">"Return"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {contract.quarters.iter().map(|r| {
                    let q = &r.quarter;
                    let name = format!("Quarter {} (year {})", q.number, q.year);
                    let link = (r.state != ReturnState::NotYetOpen)
                        .then(|| crate::journeys::returns::paths::RETURN.with(&[&id, &q.number]));
                    view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{match link {
                                Some(link) => view! { <a class="govuk-link" href=link>{name}</a> }.into_any(),
                                None => view! { {name} }.into_any(),
                            }}</th>
                            <td class="govuk-table__cell">{format!("{} to {}", display_date(&q.starts), display_date(&q.ends))}</td>
                            <td class="govuk-table__cell">{display_date(&q.return_due)}</td>
                            <td class="govuk-table__cell"><strong class=q.state.tag_class()>{match q.state {
                                QuarterState::Ended => "Ended".to_owned(),
                                other => other.label().to_owned(),
                            }}</strong></td>
                            <td class="govuk-table__cell"><strong class=r.state.tag_class(r.overdue)>{r.state.label(r.overdue)}</strong></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
