//! "Your offers": every offer the supplier's organisation has made, with what became of it, so
//! that a losing bidder finds its assessment summary on the offer's page.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{get_your_offers, paths};
use crate::domain::accounts::Role;
use crate::domain::offers::OfferListRow;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{loaded, require_role};

#[component]
pub fn YourOffersPage() -> impl IntoView {
    if let Err(denied) = require_role(Role::SupplierUser) {
        return denied;
    }
    let offers = Resource::new(|| (), |()| get_your_offers());
    view! {
        <Title text="Your offers" />
        <h1 class="govuk-heading-l">"Your offers"</h1>
        <p class="govuk-body">
            "Every "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>" your organisation has started, newest deadline first. "
            "Once a tender is awarded, open your offer to read the council's assessment summary: your scores, the reasons for them and the winning offer's score."
        </p>
        {loaded(offers, |rows| view! { <OfferList rows /> })}
    }
    .into_any()
}

#[component]
fn OfferList(rows: Vec<OfferListRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="govuk-body">
                "Your organisation has not started an offer yet. Find a tender to bid for on the "
                <a class="govuk-link" href="/tenders">"open tenders"</a>" page."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">"Your offers, with their outcomes"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Tender"</th>
                    <th scope="col" class="govuk-table__header">"Council"</th>
                    <th scope="col" class="govuk-table__header">"Deadline"</th>
                    <th scope="col" class="govuk-table__header">"Your offer"</th>
                    <th scope="col" class="govuk-table__header">"Outcome"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows.into_iter().map(|row| {
                    let href = paths::OFFER.id(row.offer_id);
                    let assessment = row.outcome.has_assessment().then(|| format!("{href}#assessment"));
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=href>{format!("{}: {}", row.tender_reference, row.tender_title)}</a>
                            </td>
                            <td class="govuk-table__cell">{row.council_name}</td>
                            <td class="govuk-table__cell">{row.deadline}</td>
                            <td class="govuk-table__cell">{row.status.label()}</td>
                            <td class="govuk-table__cell">
                                <strong class=row.outcome.tag_class()>{row.outcome.label()}</strong>
                                {assessment.map(|href| view! {
                                    <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                                        <a class="govuk-link" href=href>{format!("Read your assessment summary for {}", row.tender_reference)}</a>
                                    </p>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
