//! The guide for officers: how to review a return's evidence, and when to ask for more.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReviewGuidePage() -> impl IntoView {
    view! {
        <Title text="Reviewing a quarterly return" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">"Guide for council officers"</span>
                <h1 class="govuk-heading-l">"Reviewing a quarterly return"</h1>
                <p class="govuk-body">"Only the quantities you approve count as delivered. Your decisions feed the contract's figures, its RAG status and the performance rating you copy into a Contract Performance Notice."</p>

                <h2 class="govuk-heading-m">"How to review a line"</h2>
                <ol class="govuk-list govuk-list--number">
                    <li>"Read the commitment for the year and what has been delivered to date: a claim far above what is left to deliver needs a closer look."</li>
                    <li>"Open each evidence file. Check that it is about this contract and this quarter, and that it adds up to the quantity claimed."</li>
                    <li>"Check the narrative says who benefited and how the supplier knows."</li>
                    <li>"Choose a decision and say why. Your comment is shown to the supplier and kept in the line's history."</li>
                </ol>

                <h2 class="govuk-heading-m">"Which decision to choose"</h2>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Approve"</dt>
                        <dd class="govuk-summary-list__value">"The evidence supports the whole quantity claimed."</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Approve a smaller quantity"</dt>
                        <dd class="govuk-summary-list__value">"The evidence supports part of the claim, for example 8 of 10 starters. Enter the quantity you approve and why."</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Reject"</dt>
                        <dd class="govuk-summary-list__value">"The claim does not count: it belongs to another contract or quarter, it is core contract delivery, or it counts something twice. Nothing on the line counts."</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Ask for more information"</dt>
                        <dd class="govuk-summary-list__value">"The claim may be right but you cannot tell yet. Ask one clear question."</dd>
                    </div>
                </dl>

                <h2 class="govuk-heading-m">"When to ask for more"</h2>
                <p class="govuk-body">"Ask rather than reject when the evidence is missing, unreadable, or does not show the quarter or the contract. Say exactly what would settle it, for example “a payroll extract showing the start dates, with names taken out”. The supplier answers on the line, adds files and sends it back to you; the rest of the return keeps your decisions."</p>
                <p class="govuk-body">"Never ask the supplier to send personal data that the measure does not need, such as home addresses or health details."</p>

                <p class="govuk-body"><a class="govuk-link" href=super::paths::QUEUE>"Go to the returns waiting for review"</a></p>
            </div>
        </div>
    }
}
