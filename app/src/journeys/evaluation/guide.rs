//! The guide to evaluation: how the scores are worked out and how moderation works.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EvaluationGuidePage() -> impl IntoView {
    view! {
        <Title text="How offers are scored and moderated" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">"Guide for council officers"</span>
                <h1 class="govuk-heading-l">"How offers are scored and moderated"</h1>
                <p class="govuk-body">"Offers stay sealed until the tender's deadline. After it, the tender's council staff see every offer side by side. Suppliers see none of the evaluation until the award."</p>

                <h2 class="govuk-heading-m">"The social value score"</h2>
                <p class="govuk-body">"Social value carries a weighting of the whole evaluation, for example 10 marks. The tender splits it between the quantitative offer (W"<sub>"q"</sub>") and the written responses (W"<sub>"ql"</sub>"). The social value score is the quantitative score plus the qualitative score."</p>
                <p class="govuk-body">"Each score is worked out exactly and rounded once, at the end, to 2 decimal places (a half is rounded away from zero). Ranks and ties are judged on the rounded scores: offers with the same score share a rank, and the next rank is skipped (1, 1, 3). Because the social value score is rounded from the exact parts, it can differ by 0.01 from the rounded parts added together."</p>

                <h2 class="govuk-heading-m">"The quantitative score"</h2>
                <p class="govuk-body">"An offer's ratio is its social value in pounds divided by the contract value. The tender uses one of two methods:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li><strong>"Against the target: "</strong>"W"<sub>"q"</sub>" × min(1, ratio ÷ target ratio). An offer at or above the target gets full marks."</li>
                    <li><strong>"Against the best offer: "</strong>"W"<sub>"q"</sub>" × ratio ÷ the best ratio among the offers. The best offer gets full marks. When the best ratio is 0, every offer scores 0."</li>
                </ul>
                <p class="govuk-body">"Each score on the evaluation page shows its formula with the numbers put into it. Ratios are shown to 4 decimal places (with … when there are more); the score uses them in full."</p>

                <h2 class="govuk-heading-m">"Excluding a line"</h2>
                <p class="govuk-body">"A line that should not count can be excluded, with one of these reasons and a comment:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"outside the tender's definition of local"</li>
                    <li>"counted twice"</li>
                    <li>"part of the contract's core delivery"</li>
                    <li>"not credible, or not supported by the delivery plan"</li>
                </ul>
                <p class="govuk-body">"The offer's totals and every score are worked out again at once. Against the best offer, excluding a line from the best offer changes the other offers' scores too. An exclusion can be undone until the award. Both are recorded in the audit trail."</p>

                <h2 class="govuk-heading-m">"The qualitative score"</h2>
                <p class="govuk-body">"W"<sub>"ql"</sub>" × (the sum of the moderated marks) ÷ (the number of written questions × the top mark of the scale). An unanswered question, or one not yet moderated, adds 0."</p>

                <h2 class="govuk-heading-m">"Marking independently"</h2>
                <ol class="govuk-list govuk-list--number">
                    <li>"Any number of officers mark. Open each offer from the evaluation page, choose a mark on the tender's scale for each written response and justify it. You can save some marks and come back."</li>
                    <li>"No one sees another marker's marks until they have submitted their own. Once every answer of every offer has your mark, submit your marks from the evaluation page. They are then fixed."</li>
                </ol>

                <h2 class="govuk-heading-m">"Moderation"</h2>
                <p class="govuk-body">"The moderator is someone of the council who has marked none of the tender's offers. Moderation opens once the markers have submitted their marks. The moderator sees every submitted mark side by side and records the moderated mark, with a note, for each answer. Only moderated marks count towards the score, and once moderation has begun no more marks can be given."</p>

                <h2 class="govuk-heading-m">"Cases to look out for"</h2>
                <ul class="govuk-list govuk-list--bullet">
                    <li><strong>"A tie: "</strong>"both offers show the same rank and are marked as a tie."</li>
                    <li><strong>"An offer of £0, or with every line excluded: "</strong>"its ratio is 0, so its quantitative score is 0; its written responses still count."</li>
                    <li><strong>"A single offer: "</strong>"it ranks first; against the best offer, it is the best offer and gets full quantitative marks."</li>
                    <li><strong>"No written questions: "</strong>"nothing to mark or moderate; the social value score is the quantitative score."</li>
                </ul>

                <h2 class="govuk-heading-m">"The export"</h2>
                <p class="govuk-body">"The evaluation page exports everything for the procurement file as a spreadsheet (XLSX) or CSV: each offer's scores with their formulas, every line with whether it counts and why not, each marker's submitted marks and the moderated marks. Because it holds every marker's marks, it is open to markers who have submitted, to the moderator, and to everyone once the tender is awarded."</p>
            </div>
        </div>
    }
}
