//! The guide to writing a delivery plan an officer can believe.

use leptos::prelude::*;

use super::glossary::{GlossaryTerm, Term};
use super::{paths, GuideFrame, BUILDING_AN_OFFER, DELIVERY_PLAN, EVIDENCE};

#[component]
pub fn DeliveryPlanGuidePage() -> impl IntoView {
    view! {
        <GuideFrame guide=DELIVERY_PLAN>
            <p class="govuk-body">"Each "<GlossaryTerm term=Term::Line>"line"</GlossaryTerm>" of your "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>" has a box headed How you will deliver it. What you write there is your "<GlossaryTerm term=Term::DeliveryPlan>"delivery plan"</GlossaryTerm>". Officers read it when they score offers."</p>
            <p class="govuk-body">"If an officer cannot believe a line, they can leave it out of your score, with a reason. This is called an "<GlossaryTerm term=Term::Exclusion>"exclusion"</GlossaryTerm>". A clear plan is the best way to keep every line you offer."</p>

            <h2 class="govuk-heading-m">"What a good plan says"</h2>
            <p class="govuk-body">"A good plan answers four questions, in a few short sentences:"</p>
            <ul class="govuk-list govuk-list--bullet">
                <li><strong>"What will you do? "</strong>"Name the work, not the aim. Say how many, and how much."</li>
                <li><strong>"Who will do it? "</strong>"Name the team or the role, and any partner, such as a school, a college or a jobs service."</li>
                <li><strong>"When? "</strong>"Say which months or quarters of each "<GlossaryTerm term=Term::ContractYear>"contract year"</GlossaryTerm>"."</li>
                <li><strong>"How will you prove it? "</strong>"Say what "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>" you will send each quarter."</li>
            </ul>
            <p class="govuk-body">"Keep the numbers in your plan the same as the quantities you entered. If you offer 4.5 "<GlossaryTerm term=Term::FteYear>"FTE years"</GlossaryTerm>", say how many people, full or part time, and for how long."</p>

            <h2 class="govuk-heading-m">"An example"</h2>
            <h3 class="govuk-heading-s">"Hard to believe"</h3>
            <div class="govuk-inset-text">"We are committed to supporting the local community and will create jobs for local people."</div>
            <p class="govuk-body">"This says nothing an officer can check. How many jobs? For whom? When? How will anyone know?"</p>
            <h3 class="govuk-heading-s">"Easy to believe"</h3>
            <div class="govuk-inset-text">"We will fill 5 of the 12 jobs on this contract with people who live in the county: 4 full time and 1 half time, from the first month of year 1. We will advertise at the county jobs fair and the Jobcentre. Each quarter we will send a payroll list with start dates and postcode areas, and no names."</div>
            <p class="govuk-body">"An officer can check each part of this against the "<GlossaryTerm term=Term::QuarterlyReturn>"quarterly return"</GlossaryTerm>" you send."</p>

            <h2 class="govuk-heading-m">"Things to avoid"</h2>
            <ul class="govuk-list govuk-list--bullet">
                <li>"Work you would do anyway to deliver the contract. That is part of the job, not social value."</li>
                <li>"Counting the same thing twice, such as the same hours under two measures."</li>
                <li>"Claims from outside the area the council counts as "<GlossaryTerm term=Term::Local>"local"</GlossaryTerm>"."</li>
                <li>"Promising more than the people who run the contract can do. Ask them before you submit."</li>
                <li>"Names or other personal details. A plan never needs them."</li>
            </ul>

            <h2 class="govuk-heading-m">"What happens next"</h2>
            <p class="govuk-body">"If you win, each line becomes a "<GlossaryTerm term=Term::Commitment>"commitment"</GlossaryTerm>" in the contract's "<GlossaryTerm term=Term::SocialValuePlan>"social value plan"</GlossaryTerm>". Your plan stays with it, so the team who run the contract know what you promised. Each quarter you report what you did. Read "<a class="govuk-link" href=paths::EVIDENCE>{EVIDENCE.title.to_lowercase()}</a>" to see what counts."</p>
            <p class="govuk-body">"Go back to "<a class="govuk-link" href=paths::BUILDING_AN_OFFER>{BUILDING_AN_OFFER.title.to_lowercase()}</a>"."</p>
        </GuideFrame>
    }
}
