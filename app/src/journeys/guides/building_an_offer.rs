//! The guide to building an offer, with a worked example. The example's quantities are typed
//! as a bid writer would type them, and every figure is computed by `check_offer`: the function
//! the offer builder runs in the browser and the server runs on every save.

use leptos::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::glossary::{GlossaryTerm, Term};
use super::{paths, GuideFrame, BUILDING_AN_OFFER, DELIVERY_PLAN};
use crate::calc::{format_score, Money, QuantityRule, ScoringRule, ScoringTerms, SvRatio};
use crate::domain::frameworks::{Measure, MeasureKind, StoredMeasure};
use crate::domain::offers::{check_offer, ItemAnswers, OfferAnswers, OfferCheck, OfferTerms};
use crate::domain::sample_measures::{self, SampleMeasure};

/// The example's lines as a bid writer types them: (measure code, contract year, quantity).
const TYPED: [(&str, u32, &str); 7] = [
    ("SJ1", 1, "4.5"),
    ("SJ1", 2, "4.5"),
    ("SJ2", 1, "104"),
    ("SG1", 2, "120,010"),
    ("SS1", 3, "300"),
    ("SE1", 3, "12.5"),
    (LIVING_WAGE_CODE, 1, "25"),
];

/// A record-only measure, to show a line that counts but adds no £ (the calculator's sample
/// measures are all monetised).
const LIVING_WAGE_CODE: &str = "SJ3";

/// The example's offer: its tender's terms, the measures it uses, and what `check_offer` made
/// of the typed quantities.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkedExample {
    pub terms: OfferTerms,
    pub measures: Vec<StoredMeasure>,
    pub check: OfferCheck,
}

/// One row of the example's table, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleRow {
    pub measure: String,
    pub year: String,
    pub quantity: String,
    pub unit: String,
    pub proxy_value: String,
    pub value: String,
}

impl WorkedExample {
    /// The indicative score, against the tender's target (as the builder shows it).
    pub fn score(&self) -> Decimal {
        self.terms.scoring.indicative_score(self.check.figures.ratio)
    }

    /// "3.82 of 7", as the builder shows it.
    pub fn score_text(&self) -> String {
        format!("{} of {}", format_score(self.score()), format_score(self.terms.scoring.quantitative_weight()))
    }

    /// "£0.14 per £1 (14%)", as the builder shows it.
    pub fn ratio_text(&self) -> String {
        self.ratio().map(|r| format!("{r} ({})", r.percent())).unwrap_or_default()
    }

    pub fn ratio(&self) -> Option<SvRatio> {
        self.check.figures.ratio
    }

    /// The social value that would reach the target, and so full marks.
    pub fn total_at_target(&self) -> Money {
        Money::from_pounds(self.terms.scoring.target.value() * self.terms.contract_value.pounds())
    }

    pub fn rows(&self) -> Vec<ExampleRow> {
        self.check
            .lines
            .iter()
            .map(|line| {
                let measure =
                    &self.measures.iter().find(|m| m.id == line.measure_id).expect("a line's measure").measure;
                ExampleRow {
                    measure: format!("{} {}", measure.code, measure.description),
                    year: format!("Year {}", line.year),
                    quantity: line.quantity.to_string(),
                    unit: measure.unit.clone(),
                    proxy_value: line.proxy.map_or_else(|| "Recorded, no £".to_owned(), |p| p.to_string()),
                    value: line.value.to_string(),
                }
            })
            .collect()
    }
}

fn from_sample(sample: &SampleMeasure) -> Measure {
    Measure {
        code: sample.code.into(),
        theme: sample.theme.into(),
        outcome: String::new(),
        description: sample.description.into(),
        unit: sample.unit.into(),
        allows_fraction: sample.quantity_rule == QuantityRule::FRACTIONAL,
        kind: MeasureKind::Monetised,
        proxy_value: Some(sample.proxy_value()),
        guidance: String::new(),
        evidence_required: String::new(),
        first_year_only: false,
        community_offer: false,
        adds_to: None,
        applies: true,
    }
}

/// The example, computed afresh: a £2,000,000 contract over 3 years with a target of £0.25 per
/// £1, social value weighted at 10% of which 70% is for the offer's figures (the demo tender's
/// terms).
pub fn worked_example() -> WorkedExample {
    let terms = OfferTerms {
        contract_value: Money::from_pounds(dec!(2000000)),
        duration_years: 3,
        scoring: ScoringTerms {
            target: SvRatio::from_decimal(dec!(0.25)),
            sv_weighting: dec!(10),
            quantitative_share: dec!(70),
            rule: ScoringRule::TargetRelative,
        },
    };
    let mut measures: Vec<StoredMeasure> = Vec::new();
    let mut answers = OfferAnswers::new();
    for (code, year, typed) in TYPED {
        let id = match measures.iter().find(|m| m.measure.code == code) {
            Some(known) => known.id,
            None => {
                let measure = match sample_measures::find(code) {
                    Some(sample) => from_sample(sample),
                    None => Measure {
                        code: LIVING_WAGE_CODE.into(),
                        theme: "Jobs".into(),
                        description: "Staff on the contract paid at least the Real Living Wage".into(),
                        unit: "people".into(),
                        kind: MeasureKind::RecordOnly,
                        proxy_value: None,
                        ..from_sample(&sample_measures::SAMPLE_MEASURES[0])
                    },
                };
                let id = measures.len() as i64 + 1;
                measures.push(StoredMeasure { id, measure });
                id
            }
        };
        answers.entry(id).or_insert_with(ItemAnswers::default).quantities.insert(year, typed.to_owned());
    }
    let check = check_offer(&terms, &measures, &answers);
    WorkedExample { terms, measures, check }
}

#[component]
pub fn BuildingAnOfferGuidePage() -> impl IntoView {
    let example = worked_example();
    let figures = example.check.figures.clone();
    let scoring = example.terms.scoring;
    let jobs = example.rows().into_iter().next().expect("the example has lines");
    view! {
        <GuideFrame guide=BUILDING_AN_OFFER>
            <p class="govuk-body">"Your "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>" is a list of things you will do for the local area if you win the contract. You build it in the offer builder. It works out what your offer is worth as you type."</p>

            <h2 class="govuk-heading-m">"Before you start"</h2>
            <ul class="govuk-list govuk-list--bullet">
                <li>"Read the "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>". It lists the measures you may offer, the "<GlossaryTerm term=Term::Target>"target"</GlossaryTerm>", and how offers are scored."</li>
                <li>"Talk to the people who will run the contract. They will have to do what you promise."</li>
                <li>"Only offer what you can prove. Each quarter you will send "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>" of what you did."</li>
            </ul>
            <p class="govuk-body">"Sign in, open the tender and choose Start your offer. Anyone in your team can work on it. The draft saves itself as you type."</p>

            <h2 class="govuk-heading-m">"Choose measures and enter quantities"</h2>
            <p class="govuk-body">"For each "<GlossaryTerm term=Term::Measure>"measure"</GlossaryTerm>" you want to offer, enter a quantity for each "<GlossaryTerm term=Term::ContractYear>"contract year"</GlossaryTerm>". Use the measure's "<GlossaryTerm term=Term::Unit>"unit"</GlossaryTerm>". For jobs, the unit is "<GlossaryTerm term=Term::FteYear>"FTE years"</GlossaryTerm>": 4 people full time and 1 half time for a whole year is 4.5 FTE years."</p>
            <p class="govuk-body">"Some measures are "<GlossaryTerm term=Term::FirstYearOnly>"first year only"</GlossaryTerm>", so you enter year 1 only. A "<GlossaryTerm term=Term::RecordOnly>"record only"</GlossaryTerm>" measure adds no pounds, but it still counts in the council's reports. A "<GlossaryTerm term=Term::Qualitative>"qualitative"</GlossaryTerm>" measure asks for a "<GlossaryTerm term=Term::WrittenResponse>"written response"</GlossaryTerm>" in place of a number."</p>
            <p class="govuk-body">"For each line, write a short "<GlossaryTerm term=Term::DeliveryPlan>"delivery plan"</GlossaryTerm>". Our guide on "<a class="govuk-link" href=paths::DELIVERY_PLAN>{DELIVERY_PLAN.title.to_lowercase()}</a>" shows how."</p>

            <h2 class="govuk-heading-m">"A worked example"</h2>
            <p class="govuk-body">{format!(
                "Here is an offer for a tender worth {} over {} years. Its target is {}, and the offer's figures can earn up to {} marks.",
                example.terms.contract_value, example.terms.duration_years, scoring.target, format_score(scoring.quantitative_weight()),
            )}</p>
            <div class="govuk-inset-text">"The measures and values here are examples, the same as in the "<a class="govuk-link" href="/calculator">"social value calculator"</a>". Your tender's own measures and values will differ."</div>
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--s">"The lines of the example offer"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Measure"</th>
                        <th scope="col" class="govuk-table__header">"Year"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Quantity"</th>
                        <th scope="col" class="govuk-table__header">"Unit"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric" id="example-value">"Value"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {example.rows().into_iter().map(|row| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{row.measure}</td>
                            <td class="govuk-table__cell pb-nowrap">{row.year}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.quantity}</td>
                            <td class="govuk-table__cell">{row.unit}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.proxy_value}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.value}</td>
                        </tr>
                    }).collect_view()}
                    // The total's heading spans no columns: a row heading across the columns would
                    // give the table two levels of headings. Its figure spans them instead, under
                    // the Value column's heading, which `headers` names with the row's own.
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header" id="example-total">"Total social value"</th>
                        <td colspan="5" headers="example-total example-value" class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{figures.total.to_string()}</td>
                    </tr>
                </tbody>
            </table>
            <p class="govuk-body">"Each line's value is its quantity times the measure's "<GlossaryTerm term=Term::ProxyValue>"proxy value"</GlossaryTerm>{format!(
                ", rounded to the nearest penny, with a half penny rounded up. So {} at {} each is worth {}. The total adds up the rounded values.",
                format!("{} {}", jobs.quantity, jobs.unit), jobs.proxy_value, jobs.value,
            )}</p>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Total social value"</dt>
                    <dd class="govuk-summary-list__value">{figures.total.to_string()}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Per £1 of contract value"</dt>
                    <dd class="govuk-summary-list__value">{example.ratio_text()}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Indicative score"</dt>
                    <dd class="govuk-summary-list__value">{example.score_text()}</dd>
                </div>
            </dl>
            <p class="govuk-body">"The "<GlossaryTerm term=Term::SvRatio>"SV ratio"</GlossaryTerm>{format!(
                " is the total divided by the contract value: {} ÷ {} is {}, or {}.",
                figures.total,
                example.terms.contract_value,
                example.ratio().map(|r| r.to_string()).unwrap_or_default(),
                example.ratio().map(|r| r.percent()).unwrap_or_default(),
            )}</p>
            <p class="govuk-body">{format!(
                "This tender scores offers against the target, so the offer gets a share of the {} marks in line with how close it comes. It scores {}. To get full marks, it would need {} of social value: the target times the contract value. Going past the target adds no more marks.",
                format_score(scoring.quantitative_weight()), example.score_text(), example.total_at_target(),
            )}</p>
            <p class="govuk-body">"Some tenders score offers against the best offer instead. Then your score is only known after the deadline, so the builder shows a score against the target until then. "<a class="govuk-link" href=paths::SOCIAL_VALUE>"How offers are scored"</a>" explains both ways."</p>

            <h2 class="govuk-heading-m">"Check and submit"</h2>
            <p class="govuk-body">"When you are ready, continue to check your offer. You confirm that it is right and that you can deliver it, then submit it before the deadline. You get a reference. Until the deadline you can withdraw your offer, change it and submit it again."</p>
            <p class="govuk-body">"If you win, your offer's lines become the contract's commitments. Each quarter you report what you delivered."</p>

            <h2 class="govuk-heading-m">"Start an offer"</h2>
            <p class="govuk-body">"Find a tender that is open for offers, then choose Start your offer on its page."</p>
            <a class="govuk-button" href="/tenders" role="button" draggable="false" data-module="govuk-button">"Find an open tender"</a>
        </GuideFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::{line_value, OfferFigures, OfferLine, ProxyValue, Quantity};

    /// The example's figures, worked out by hand: a change in `calc` that moves any of them
    /// shows here, and the guide's words around them need reading again.
    #[test]
    fn the_example_is_what_calc_computes() {
        let example = worked_example();
        assert!(example.check.errors.0.is_empty(), "every typed quantity is valid: {:?}", example.check.errors);
        let values: Vec<String> = example.rows().into_iter().map(|r| r.value).collect();
        assert_eq!(
            values,
            [
                "£110,250.00", // 4.5 FTE years × £24,500
                "£110,250.00",
                "£22,401.60", // 104 weeks × £215.40
                "£21,901.83", // 120,010 × £0.1825 = £21,901.825: a half penny, rounded up
                "£5,040.00",  // 300 hours × £16.80
                "£3,350.00",  // 12.5 tonnes × £268
                "£0.00",      // record only
            ]
        );
        // 110,250 × 2 + 22,401.60 + 21,901.83 + 5,040 + 3,350
        assert_eq!(example.check.figures.total.to_string(), "£273,193.43");
        // 273,193.43 ÷ 2,000,000 = 0.136596715
        assert_eq!(example.ratio().unwrap().value(), dec!(0.136596715));
        assert_eq!(example.ratio_text(), "£0.14 per £1 (14%)");
        // 7 × 0.136596715 ÷ 0.25 = 3.82470802
        assert_eq!(example.score(), dec!(3.82470802));
        assert_eq!(example.score_text(), "3.82 of 7");
        assert_eq!(example.total_at_target().to_string(), "£500,000.00");
    }

    /// The same figures straight from `calc`'s own line values and totals, so that the example
    /// cannot drift from the builder's sums.
    #[test]
    fn the_example_agrees_with_the_calc_module() {
        let example = worked_example();
        let mut lines = Vec::new();
        for (code, year, typed) in TYPED {
            let measure = &example.measures.iter().find(|m| m.measure.code == code).unwrap().measure;
            let rule = if measure.allows_fraction { QuantityRule::FRACTIONAL } else { QuantityRule::WHOLE };
            let quantity = Quantity::parse(typed, rule).unwrap();
            let proxy: Option<ProxyValue> = measure.proxy_value;
            if let Some(proxy) = proxy {
                let line = example.check.lines.iter().find(|l| l.year == year && l.quantity == quantity).unwrap();
                assert_eq!(line.value, line_value(quantity, proxy), "{code} year {year}");
            }
            lines.push(OfferLine { theme: measure.theme.clone(), year, quantity, proxy });
        }
        let figures = OfferFigures::compute(&lines, example.terms.contract_value);
        assert_eq!(figures, example.check.figures);
        assert_eq!(example.score(), example.terms.scoring.indicative_score(figures.ratio));
    }

    #[test]
    fn the_words_around_the_example_stay_true() {
        let example = worked_example();
        let first = &example.rows()[0];
        // "4 people full time and 1 half time for a whole year is 4.5 FTE years".
        assert_eq!((first.quantity.as_str(), first.unit.as_str()), ("4.5", "FTE years"));
        // "Going past the target adds no more marks" and "a share … in line with how close".
        assert_eq!(example.terms.scoring.rule, ScoringRule::TargetRelative);
        assert!(example.ratio().unwrap() < example.terms.scoring.target, "the example falls short of the target");
        let row = example.rows().into_iter().find(|r| r.measure.starts_with(LIVING_WAGE_CODE)).unwrap();
        assert_eq!((row.proxy_value.as_str(), row.value.as_str()), ("Recorded, no £", "£0.00"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_page_shows_the_computed_figures_and_leads_to_the_tenders() {
        let html = super::super::render(|| view! { <BuildingAnOfferGuidePage /> });
        let example = worked_example();
        for row in example.rows() {
            for cell in [row.measure, row.year, row.quantity, row.unit, row.proxy_value, row.value] {
                assert!(html.contains(&format!(">{cell}</td>")), "{cell}: {html}");
            }
        }
        assert!(html.contains(&example.check.figures.total.to_string()));
        assert!(html.contains(&format!(">{}</dd>", example.ratio_text())));
        assert!(html.contains(&format!(">{}</dd>", example.score_text())));
        let (tag, text) = crate::journeys::guides::tests::element_with(&html, r#"href="/tenders""#).unwrap();
        assert!(tag.starts_with("<a ") && tag.contains(r#"class="govuk-button""#) && tag.contains(r#"role="button""#));
        assert_eq!(text, "Find an open tender");
    }
}
