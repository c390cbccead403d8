//! The guide for council staff to a tender's social value terms: the measures, the target, the
//! weighting and the scoring method. Its figures come from the same examples, computed by `calc`,
//! as the guide to how offers are scored.

use leptos::prelude::*;

use super::glossary::{GlossaryTerm, Term};
use super::social_value::scoring_examples;
use super::{paths, GuideFrame, EVALUATION, SETTING_UP_A_TENDER, TAILORING_A_FRAMEWORK};
use crate::calc::format_score;

#[component]
pub fn SettingUpATenderGuidePage() -> impl IntoView {
    let e = scoring_examples();
    let marks = e.quantitative_marks();
    view! {
        <GuideFrame guide=SETTING_UP_A_TENDER>
            <p class="govuk-body">"You prepare "<GlossaryTerm term=Term::Tender>"tenders"</GlossaryTerm>" on "<a class="govuk-link" href="/manage/tenders">"your council's tenders"</a>". Any "<GlossaryTerm term=Term::CouncilOfficer>"council officer"</GlossaryTerm>" or administrator can do it. This guide explains the choices that decide how bidders' social value is scored."</p>
            <p class="govuk-body">"You need a published "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>". If your council has none yet, read "<a class="govuk-link" href=paths::TAILORING_A_FRAMEWORK>{TAILORING_A_FRAMEWORK.title.to_lowercase()}</a>"."</p>

            <h2 class="govuk-heading-m">"The contract"</h2>
            <p class="govuk-body">"Give the tender a reference, a title and a short account of the work. Then give its "<GlossaryTerm term=Term::ContractValue>"contract value"</GlossaryTerm>" over its whole length, its length in years, the day it starts and the deadline for offers, in UK time. Bidders give quantities for each "<GlossaryTerm term=Term::ContractYear>"contract year"</GlossaryTerm>"."</p>

            <h2 class="govuk-heading-m">"Choose the measures"</h2>
            <p class="govuk-body">"Pick the "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>" bidders may offer. Choose those that fit the work and the place. A roads contract might ask for local jobs, training and cleaner vans, but not laptops for schools. Offers for other measures score nothing."</p>
            <p class="govuk-body">"If you want written answers to mark, include at least one "<GlossaryTerm term=Term::Qualitative>"qualitative"</GlossaryTerm>" measure."</p>

            <h2 class="govuk-heading-m">"Set the target"</h2>
            <p class="govuk-body">"The "<GlossaryTerm term=Term::Target>"target"</GlossaryTerm>" is the "<GlossaryTerm term=Term::SvRatio>"SV ratio"</GlossaryTerm>{format!(
                " you hope for: social value for each £1 of contract value. Enter it in pounds, such as {} for {}. On a {} contract, that asks for {} of social value.",
                e.terms.target.value(), e.terms.target, e.contract_value, e.total_at_target,
            )}</p>
            <p class="govuk-body">"Base it on what similar contracts have offered. Set it too high and every offer falls short. Set it too low and bidders have no reason to offer more."</p>

            <h2 class="govuk-heading-m">"Set the weighting"</h2>
            <p class="govuk-body">"The "<GlossaryTerm term=Term::Weighting>"weighting"</GlossaryTerm>" is the share of all the marks that goes to social value, often 10% to 20%. Then say how much of it is for the offer's figures, the "<GlossaryTerm term=Term::QuantitativeScore>"quantitative score"</GlossaryTerm>". The rest is for "<GlossaryTerm term=Term::WrittenResponse>"written responses"</GlossaryTerm>"."</p>
            <p class="govuk-body">{format!(
                "For example, with a weighting of {}% and {}% of it for the figures, the figures carry {} marks out of 100 and the written responses {}.",
                format_score(e.terms.sv_weighting), format_score(e.terms.quantitative_share), marks, e.written_marks(),
            )}</p>

            <h2 class="govuk-heading-m">"Choose the scoring method"</h2>
            <p class="govuk-body">"The "<GlossaryTerm term=Term::ScoringMethod>"scoring method"</GlossaryTerm>" turns each offer's ratio into marks. There are two."</p>
            <h3 class="govuk-heading-s">"Against the target"</h3>
            <p class="govuk-body">{format!(
                "Full marks at the target, and a share of them below it. With a target of {} and {} marks, an offer of {} scores {}. Each offer's score depends on that offer alone, so bidders see their score as they type. Use this when you know what a good offer looks like.",
                e.terms.target, marks, e.below.0, format_score(e.below.1),
            )}</p>
            <h3 class="govuk-heading-s">"Against the best offer"</h3>
            <p class="govuk-body">{format!(
                "Full marks for the best ratio, and a share for the others. If the best offer is {}, an offer of {} scores {}. Scores depend on the other offers, so until the deadline bidders see a score against your target. Use this when you cannot tell what offers to expect.",
                e.best, e.below.0, format_score(e.against_best),
            )}</p>

            <h2 class="govuk-heading-m">"Set the marking scale"</h2>
            <p class="govuk-body">"Officers mark each written response on a "<GlossaryTerm term=Term::MarkingScale>"marking scale"</GlossaryTerm>" from 0 to 5. Say what each mark means. The usual words are filled in for you."</p>

            <h2 class="govuk-heading-m">"Open the tender"</h2>
            <p class="govuk-body">"A draft opens to bidders once it has a measure and a deadline in the future. It closes by itself at the deadline. Then read "<a class="govuk-link" href=paths::EVALUATION>{EVALUATION.title.to_lowercase()}</a>"."</p>
            <a class="govuk-button" href="/manage/tenders" role="button" draggable="false" data-module="govuk-button">"Go to your council's tenders"</a>
        </GuideFrame>
    }
}
