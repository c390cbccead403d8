//! The guide for council administrators to tailoring a framework and setting local proxy values.

use leptos::prelude::*;

use super::glossary::{GlossaryTerm, Term};
use super::{paths, GuideFrame, SETTING_UP_A_TENDER, TAILORING_A_FRAMEWORK};

#[component]
pub fn TailoringGuidePage() -> impl IntoView {
    view! {
        <GuideFrame guide=TAILORING_A_FRAMEWORK>
            <p class="govuk-body">"A "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>" is the list of "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>" your council asks bidders to choose from. "<GlossaryTerm term=Term::Tailoring>"Tailoring"</GlossaryTerm>" makes it fit your area: the measures that matter here, with values that suit your local economy."</p>
            <p class="govuk-body">"You need to be a "<GlossaryTerm term=Term::CouncilAdministrator>"council administrator"</GlossaryTerm>". Your drafts and published versions are on "<a class="govuk-link" href="/manage/frameworks">"your council's frameworks"</a>". Anyone can read the published ones on "<a class="govuk-link" href="/frameworks">"measures frameworks"</a>"."</p>

            <h2 class="govuk-heading-m">"Start a draft"</h2>
            <p class="govuk-body">"Start a draft from nothing, or from a version you have published. A copy keeps its measures and values, so you only change what is new. You can also bring in your own framework from a file, as set out below."</p>

            <h2 class="govuk-heading-m">"Choose the measures that apply"</h2>
            <p class="govuk-body">"Tick the measures that fit your area and your council's plans. Bidders can only offer measures that apply. Untick the rest rather than delete them, as you may want them in a later version."</p>
            <p class="govuk-body">"You can add measures of your own. Each needs a code, a "<GlossaryTerm term=Term::Theme>"theme"</GlossaryTerm>", an "<GlossaryTerm term=Term::Outcome>"outcome"</GlossaryTerm>", a short description and a "<GlossaryTerm term=Term::Unit>"unit"</GlossaryTerm>". Then say what kind it is:"</p>
            <ul class="govuk-list govuk-list--bullet">
                <li><GlossaryTerm term=Term::Monetised>"monetised"</GlossaryTerm>": it has a value in pounds for each unit"</li>
                <li><GlossaryTerm term=Term::RecordOnly>"record only"</GlossaryTerm>": it is counted, but adds no pounds"</li>
                <li><GlossaryTerm term=Term::Qualitative>"qualitative"</GlossaryTerm>": bidders answer in words, and officers mark it"</li>
            </ul>
            <p class="govuk-body">"Tick "<GlossaryTerm term=Term::FirstYearOnly>"first year only"</GlossaryTerm>" for a one-off, such as a gift to a local fund. Tick "<GlossaryTerm term=Term::CommunityOffer>"community offer"</GlossaryTerm>" when schools, charities or groups can ask for it. Add guidance on how to count it, and say what "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>" will prove it."</p>

            <h2 class="govuk-heading-m">"Set local proxy values"</h2>
            <p class="govuk-body">"A "<GlossaryTerm term=Term::ProxyValue>"proxy value"</GlossaryTerm>" is what one unit of a measure is worth to your area, in pounds. Base each one on public data where you can. For example, use earnings figures from the Office for National Statistics for the value of a local job, or the government's carbon values for a tonne of "<GlossaryTerm term=Term::Co2e>"CO2e"</GlossaryTerm>". Say where each value comes from in the measure's guidance, so that bidders can see how it was set."</p>
            <p class="govuk-body">"Values change over time, so check them each year and publish a new version. An offer keeps the values of the version it was made under, so a new version never changes an offer already made."</p>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "Do not copy values from a licensed framework, such as the National "<GlossaryTerm term=Term::Toms>"TOMs"</GlossaryTerm>", unless your licence allows it."
                </strong>
            </div>
            <p class="govuk-body">"The demo framework that comes with this site uses example values. Set your own before you use it for a real tender."</p>

            <h2 class="govuk-heading-m">"Say what counts as local"</h2>
            <p class="govuk-body">"Each version says what counts as "<GlossaryTerm term=Term::Local>"local"</GlossaryTerm>", such as inside the county's borders. Many measures count local people and firms only, and officers leave out claims from outside the area."</p>

            <h2 class="govuk-heading-m">"Bring in a file"</h2>
            <p class="govuk-body">"You can import your own framework as a CSV or Excel file, of up to 5 MB and 2,000 measures. Its first row names the columns. It needs code, theme, outcome, description, unit and kind. If any row has a problem, nothing is brought in, and you get a list of what to fix, row by row. You can also download any published version as a file."</p>

            <h2 class="govuk-heading-m">"Publish"</h2>
            <p class="govuk-body">"Before you publish, you see each change since the version you copied. Once published, a version never changes, and it takes the place of the one before. Your council's staff can then use it for their tenders."</p>
            <p class="govuk-body">"Next, read "<a class="govuk-link" href=paths::SETTING_UP_A_TENDER>{SETTING_UP_A_TENDER.title.to_lowercase()}</a>"."</p>
        </GuideFrame>
    }
}
