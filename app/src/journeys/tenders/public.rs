//! The open tenders list (search and filters) and a tender's page, for suppliers and anyone.

use leptos::prelude::*;

use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{get_open_tenders, get_tender};
use crate::calc::format_score;
use crate::components::summary_list::summary_row;
use crate::domain::dates::display_date;
use crate::domain::frameworks::{MeasureKind, StoredMeasure};
use crate::domain::offers::OfferStatus;
use crate::domain::tenders::{TenderDetails, TenderFilters, TenderStatus, TenderSummary};
use crate::journeys::guides::{self, GlossaryTerm, Term};
use crate::page_context::{by_id, id_param, loaded, viewer};

const THEMES: [&str; 5] = ["Jobs", "Growth", "Social", "Environment", "Innovation"];

#[component]
pub fn TendersPage() -> impl IntoView {
    let filters = use_query_map().with_untracked(|q| TenderFilters::from_query(|name| q.get(name)));
    let value_band = use_query_map().with_untracked(|q| q.get("value").unwrap_or_default());
    let shown_filters = filters.clone();
    let tenders = Resource::new(move || filters.clone(), get_open_tenders);
    view! {
        <Title text="Open tenders" />
        <h1 class="govuk-heading-l">"Open tenders"</h1>
        <p class="govuk-body">
            <GlossaryTerm term=Term::Contract>"Contracts"</GlossaryTerm>" open for "<GlossaryTerm term=Term::Offer>"offers"</GlossaryTerm>" now. "
            "Each asks for a social value offer built from the "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>" the council chose for it."
        </p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
                <FilterForm filters=shown_filters value_band />
            </div>
            <div class="govuk-grid-column-two-thirds">
                {loaded(tenders, |tenders| view! { <TenderList tenders /> })}
            </div>
        </div>
    }
}

#[component]
fn FilterForm(filters: TenderFilters, value_band: String) -> impl IntoView {
    let closing = filters.closing_within_days;
    view! {
        <form method="get" action="/tenders" class="pb-filters" novalidate>
            <h2 class="govuk-heading-m">"Filter"</h2>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="words">"Search"</label>
                <div id="words-hint" class="govuk-hint">"Words in the title, reference or description"</div>
                <input class="govuk-input" id="words" name="words" type="search" aria-describedby="words-hint" value=filters.words.clone() />
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="closing">"Deadline"</label>
                <select class="govuk-select" id="closing" name="closing">
                    <option value="" selected=closing.is_none()>"Any time"</option>
                    {TenderFilters::CLOSING_CHOICES.iter().map(|(days, label)| view! {
                        <option value=days.to_string() selected=closing == Some(*days)>{*label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="value">"Contract value"</label>
                <select class="govuk-select" id="value" name="value">
                    <option value="" selected=value_band.is_empty()>"Any value"</option>
                    {TenderFilters::VALUE_CHOICES.iter().map(|(band, label)| view! {
                        <option value=*band selected=value_band == *band>{*label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="theme">"Measures in theme"</label>
                <select class="govuk-select" id="theme" name="theme">
                    <option value="" selected=filters.theme.is_empty()>"Any theme"</option>
                    {THEMES.iter().map(|theme| view! {
                        <option value=*theme selected=filters.theme.eq_ignore_ascii_case(theme)>{*theme}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Apply filters"</button>
            <p class="govuk-body"><a class="govuk-link" href="/tenders">"Clear filters"</a></p>
        </form>
    }
}

#[component]
fn TenderList(tenders: Vec<TenderSummary>) -> impl IntoView {
    let count = tenders.len();
    view! {
        <p class="govuk-body" role="status">{match count {
            0 => view! { "No open "<GlossaryTerm term=Term::Tender>"tenders"</GlossaryTerm>" match. Try fewer filters." }.into_any(),
            1 => view! { "1 open "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm> }.into_any(),
            n => view! { {format!("{n} open ")}<GlossaryTerm term=Term::Tender>"tenders"</GlossaryTerm> }.into_any(),
        }}</p>
        <ul class="govuk-list pb-result-list">
            {tenders.into_iter().map(|t| view! {
                <li class="pb-result-list__item">
                    <h2 class="govuk-heading-m govuk-!-margin-bottom-1">
                        <a class="govuk-link" href=format!("/tenders/{}", t.id)>{t.title.clone()}</a>
                    </h2>
                    <p class="govuk-body-s govuk-!-margin-bottom-2">{format!("{} · {}", t.reference, t.council_name)}</p>
                    <dl class="pb-facts">
                        <div><dt>"Value"</dt><dd>{t.contract_value.to_string()}</dd></div>
                        <div><dt>"Closes"</dt><dd>{t.deadline.clone()}</dd></div>
                        <div><dt>"Measures"</dt><dd>{format!("{} in {}", t.measure_count, t.themes.join(", "))}</dd></div>
                    </dl>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn TenderPage() -> impl IntoView {
    let id = id_param("id");
    let tender = by_id(id, get_tender);
    loaded(tender, |details| view! { <TenderView details /> })
}

#[component]
fn TenderView(details: TenderDetails) -> impl IntoView {
    let summary = details.summary.clone();
    let id = summary.id;
    let scoring = details.scoring;
    let signed_in = viewer().is_some();
    // The first use of "offer" links: in the sign-in prompt when there is one, else below.
    let offer_linked = asks_to_sign_in(&details, signed_in);
    let target_relative = scoring.rule == crate::calc::ScoringRule::TargetRelative;
    view! {
        <Title text=summary.title.clone() />
        <span class="govuk-caption-l">{format!("{} · {}", summary.reference, summary.council_name)}</span>
        <h1 class="govuk-heading-l">{summary.title.clone()}</h1>
        <p class="govuk-body"><strong class=summary.status.tag_class()>{summary.status.label()}</strong></p>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <p class="govuk-body pb-preserve-lines">{details.description.clone()}</p>
                <OfferAction details=details.clone() signed_in />
                <h2 class="govuk-heading-m">"Terms"</h2>
                <TenderTerms details=details.clone() offer_linked />
                <h2 class="govuk-heading-m">"How social value is scored"</h2>
                <p class="govuk-body">
                    <GlossaryTerm term=Term::SocialValue>"Social value"</GlossaryTerm>
                    {format!(" carries {}% of the evaluation: {}% for the quantitative ", scoring.sv_weighting, scoring.quantitative_share)}
                    <GlossaryTerm term=Term::Offer link=!offer_linked && target_relative>"offer"</GlossaryTerm>
                    {format!(" ({} marks) and the rest for the ", format_score(scoring.quantitative_weight()))}
                    <GlossaryTerm term=Term::WrittenResponse>"written responses"</GlossaryTerm>"."
                </p>
                <p class="govuk-body">{match scoring.rule {
                    crate::calc::ScoringRule::TargetRelative => format!("The quantitative offer scores its ratio against the target of {}, up to full marks at the target.", scoring.target).into_any(),
                    crate::calc::ScoringRule::BestRelative => view! {
                        "The quantitative offer scores its ratio against the best offer received. The "
                        <GlossaryTerm term=Term::Target>"target"</GlossaryTerm>{format!(" is {}.", scoring.target)}
                    }.into_any(),
                }}</p>
                <p class="govuk-body">"New to social value? Read "<a class="govuk-link" href=guides::paths::SOCIAL_VALUE>{guides::SOCIAL_VALUE.title.to_lowercase()}</a>", and our guide to "<a class="govuk-link" href=guides::paths::BUILDING_AN_OFFER>{guides::BUILDING_AN_OFFER.title.to_lowercase()}</a>"."</p>
            </div>
        </div>
        <h2 class="govuk-heading-m" id="measures">{format!("Measures for this tender ({})", details.measures.len())}</h2>
        <MeasuresByTheme measures=details.measures.clone() />
        {details.can_manage.then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=format!("/manage/tenders/{id}")>"Manage this tender"</a></p>
        })}
    }
}

/// Whether the page asks the reader to sign in to make an offer (see `OfferAction`).
fn asks_to_sign_in(details: &TenderDetails, signed_in: bool) -> bool {
    details.own_offer.is_none() && !details.can_offer && !signed_in && details.summary.status == TenderStatus::Open
}

/// What the reader can do: start or continue an offer, or sign in to.
#[component]
fn OfferAction(details: TenderDetails, signed_in: bool) -> impl IntoView {
    let id = details.summary.id;
    match (&details.own_offer, details.can_offer) {
        (Some(offer), _) => {
            let label = match (offer.status, details.summary.status) {
                (OfferStatus::Submitted, TenderStatus::Awarded) => "Read your assessment summary",
                (OfferStatus::Submitted, _) => "View your submitted offer",
                (_, TenderStatus::Open) => "Continue your offer",
                _ => "View your offer",
            };
            view! { <a class="govuk-button" href=format!("/offers/{}", offer.offer_id)>{label}</a> }.into_any()
        }
        (None, true) => view! {
            <form method="post" action=crate::journeys::offers::paths::START.id(id)>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Start your offer"</button>
            </form>
        }
        .into_any(),
        (None, false) if asks_to_sign_in(&details, signed_in) => view! {
            <p class="govuk-body"><a class="govuk-link" href="/sign-in">"Sign in"</a>" or "<a class="govuk-link" href="/register">"register your organisation"</a>" to make an "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>"."</p>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// The tender's terms. The first uses of "weighting" and "target" on the page are here; so is
/// that of "offer" when the scoring method is against the best offer, unless the page used it
/// above (`offer_linked`).
#[component]
pub fn TenderTerms(details: TenderDetails, #[prop(optional)] offer_linked: bool) -> impl IntoView {
    let s = details.summary;
    let scoring = details.scoring;
    // `ScoringRule::label`, with its term linked.
    let method = match scoring.rule {
        crate::calc::ScoringRule::TargetRelative => {
            view! { "Against the "<GlossaryTerm term=Term::Target>"target ratio"</GlossaryTerm> }.into_any()
        }
        crate::calc::ScoringRule::BestRelative => {
            view! { "Against the best "<GlossaryTerm term=Term::Offer link=!offer_linked>"offer"</GlossaryTerm> }
                .into_any()
        }
    };
    view! {
        <dl class="govuk-summary-list">
            {summary_row("Reference", s.reference.clone())}
            {summary_row("Contract value", s.contract_value.to_string())}
            {summary_row("Length", if s.duration_years == 1 { "1 year".to_owned() } else { format!("{} years", s.duration_years) })}
            {summary_row("Starts", display_date(&s.start_date))}
            {summary_row("Offers must be in by", s.deadline.clone())}
            {summary_row("Measures framework", details.framework_name.clone())}
            {summary_row("Target", format!("{} ({})", scoring.target, scoring.target.percent()))}
            {summary_row("Social value weighting", format!("{}%", scoring.sv_weighting))}
            {summary_row("Quantitative part", view! { {format!("{}% of the ", scoring.quantitative_share)}<GlossaryTerm term=Term::Weighting>"weighting"</GlossaryTerm> })}
            {summary_row("Scoring method", method)}
        </dl>
    }
}

/// The measures as tables, one per theme.
#[component]
pub fn MeasuresByTheme(measures: Vec<StoredMeasure>) -> impl IntoView {
    let mut themes: Vec<(String, Vec<StoredMeasure>)> = Vec::new();
    for m in measures {
        match themes.iter_mut().find(|(t, _)| *t == m.measure.theme) {
            Some((_, list)) => list.push(m),
            None => themes.push((m.measure.theme.clone(), vec![m])),
        }
    }
    themes
        .into_iter()
        .map(|(theme, measures)| {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">{theme}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Code"</th>
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header">"Unit"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {measures.into_iter().map(|m| {
                            let measure = m.measure;
                            let value = match (measure.kind, measure.proxy_value) {
                                (MeasureKind::Monetised, Some(p)) => p.to_string(),
                                (MeasureKind::Qualitative, _) => "Written response".to_owned(),
                                _ => "Recorded, no £".to_owned(),
                            };
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell pb-nowrap">{measure.code.clone()}</td>
                                    <td class="govuk-table__cell">{measure.description.clone()}</td>
                                    <td class="govuk-table__cell">{measure.unit.clone()}</td>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
}
