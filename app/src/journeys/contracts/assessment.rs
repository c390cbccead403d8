//! A bidder's assessment summary, shown on its offer's page once the tender is awarded: its own
//! scores with their working, the moderated marks with their notes, its excluded lines with the
//! reasons, its rank and the winning offer's score. Never another bidder's lines.

use leptos::prelude::*;

use super::paths;
use crate::calc::{format_evaluated_score, format_score};
use crate::components::summary_list::summary_row;
use crate::domain::evaluation::AssessmentSummary;

#[component]
pub fn AssessmentSummaryView(summary: AssessmentSummary) -> impl IntoView {
    let s = summary;
    let out_of = format_score(s.scoring.sv_weighting);
    let scale = s.scale.clone();
    view! {
        <h2 class="govuk-heading-l" id="assessment">"Your assessment summary"</h2>
        {if s.won {
            view! {
                <div class="govuk-panel govuk-panel--confirmation">
                    <h3 class="govuk-panel__title">"Your offer won the contract"</h3>
                    <div class="govuk-panel__body">"Its counted lines are now the contract's social value plan."</div>
                </div>
                {s.contract_id.map(|id| view! {
                    <p class="govuk-body"><a class="govuk-link" href=paths::CONTRACT.id(id)>"Go to the contract"</a>": its commitments and the quarters you report on."</p>
                })}
            }
            .into_any()
        } else {
            view! {
                <div class="govuk-inset-text">"Your offer was not successful this time. This summary gives your scores and the reasons for them, with the winning offer's score, so that you can see where marks were gained and lost."</div>
            }
            .into_any()
        }}
        <dl class="govuk-summary-list">
            {summary_row("Your rank", format!("{} of {}{}", s.rank, s.offers, if s.tied { " (tie)" } else { "" }))}
            {summary_row("Your social value score", format!("{} of {out_of}", format_evaluated_score(s.scores.total.score)))}
            {summary_row("The winning offer's score", format!("{} of {out_of}", format_evaluated_score(s.winning_score)))}
            {summary_row("Social value counted", format!(
                "{}{}",
                s.total,
                s.ratio.map(|r| format!(" ({r})")).unwrap_or_default()
            ))}
        </dl>
        <h3 class="govuk-heading-m">"How your scores were worked out"</h3>
        <dl class="govuk-summary-list">
            {summary_row("Quantitative score", s.scores.quantitative.formula.clone())}
            {s.scores.qualitative.clone().map(|q| summary_row("Qualitative score", q.formula))}
            {summary_row("Social value score", s.scores.total.formula.clone())}
        </dl>
        {(!s.answers.is_empty()).then(|| view! {
            <h3 class="govuk-heading-m">"Your written answers"</h3>
            <p class="govuk-body">"Each answer's mark is the moderated mark: officers marked it independently, then a moderator recorded the mark that counts, with the reason."</p>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"The moderated mark and note for each of your written answers"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Question"</th>
                        <th scope="col" class="govuk-table__header">"Mark"</th>
                        <th scope="col" class="govuk-table__header">"Why"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {s.answers.iter().map(|a| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{format!("{}: {}", a.code, a.description)}</td>
                            <td class="govuk-table__cell">{a.mark.map(|m| format!("{} (of {})", scale.label(m), scale.top_mark())).unwrap_or_else(|| "Not marked".to_owned())}</td>
                            <td class="govuk-table__cell pb-pre-wrap">{a.note.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <h3 class="govuk-heading-m">"Lines that did not count"</h3>
        {if s.excluded.is_empty() {
            view! { <p class="govuk-body">"Every line of your offer counted."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Your lines the council excluded, and why"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Line"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Value"</th>
                            <th scope="col" class="govuk-table__header">"Reason"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {s.excluded.iter().map(|e| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{format!("{} year {}: {} {}", e.line.code, e.line.year, e.line.quantity, e.line.unit)}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{e.line.value.to_string()}</td>
                                <td class="govuk-table__cell">{format!("{}. {}", e.reason.label(), e.comment)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}
