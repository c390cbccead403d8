//! The guide to evidence: what counts, and what must never be uploaded.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::returns::{display_size, ALLOWED_EVIDENCE_TYPES, DEFAULT_MAX_EVIDENCE_BYTES};

#[component]
pub fn EvidenceGuidePage() -> impl IntoView {
    view! {
        <Title text="Evidence for your quarterly return" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">"Guide for suppliers"</span>
                <h1 class="govuk-heading-l">"Evidence for your quarterly return"</h1>
                <p class="govuk-body">"Each quarter you report what you delivered against each commitment in your contract's social value plan. The council checks each line against its evidence, so a line with good evidence is quicker to approve."</p>

                <h2 class="govuk-heading-m">"What counts as evidence"</h2>
                <p class="govuk-body">"Evidence shows that the quantity you report was delivered on this contract, in this quarter. For example:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"for jobs and apprenticeships: a list of roles with start dates and hours, or an apprenticeship agreement, with names taken out"</li>
                    <li>"for spend with local firms, SMEs or charities: a summary of invoices paid in the quarter, with each supplier's postcode area"</li>
                    <li>"for volunteering and training: attendance records or a signed letter from the school, college or group you worked with"</li>
                    <li>"for carbon savings: the calculation, with the fuel or energy figures it uses"</li>
                </ul>
                <p class="govuk-body">"Each measure's guidance in the framework says what evidence it needs."</p>

                <h2 class="govuk-heading-m">"What never to upload"</h2>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        "Do not upload personal data beyond what the measure asks for."
                    </strong>
                </div>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"no home addresses, full postcodes, dates of birth, National Insurance numbers or bank details of employees or volunteers"</li>
                    <li>"no health, disability or criminal record details about anyone, even where a measure counts, for example, people with disabilities or young offenders: give the number, not the person"</li>
                    <li>"no evidence from other contracts or other quarters"</li>
                </ul>
                <p class="govuk-body">"Only your organisation and the council's staff can download your files. They are kept as evidence for the contract."</p>

                <h2 class="govuk-heading-m">"Files the portal accepts"</h2>
                <p class="govuk-body">{format!(
                    "{ALLOWED_EVIDENCE_TYPES} files, up to {} each unless your council has set another limit. The portal checks what each file really is, not just its name: a file whose content does not match its name, or that holds web page code, is refused.",
                    display_size(DEFAULT_MAX_EVIDENCE_BYTES)
                )}</p>
                <p class="govuk-body">"You can add and delete files while your return is a draft. Once you submit it, it is locked while the council reviews it."</p>
            </div>
        </div>
    }
}
