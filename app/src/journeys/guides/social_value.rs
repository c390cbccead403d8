//! The guide to what social value is and how offers are scored. Its examples are computed by
//! `calc`, as the scores of real offers are.

use leptos::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::glossary::{GlossaryTerm, Term};
use super::{paths, GuideFrame, BUILDING_AN_OFFER, EVALUATION, SOCIAL_VALUE};
use crate::calc::{format_score, quantitative_score, Money, ScoringMethod, ScoringRule, ScoringTerms, SvRatio};

/// The scoring examples the guides show, with their figures worked out by `calc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringExamples {
    pub terms: ScoringTerms,
    /// An offer's total and its contract's value, for the ratio.
    pub offer_total: Money,
    pub contract_value: Money,
    pub ratio: SvRatio,
    /// What the target asks of a contract of `contract_value`.
    pub total_at_target: Money,
    /// An offer below the target, and one above it, with their scores against the target.
    pub below: (SvRatio, Decimal),
    pub above: (SvRatio, Decimal),
    /// The best offer, and the offer below the target scored against it.
    pub best: SvRatio,
    pub against_best: Decimal,
}

impl ScoringExamples {
    pub fn quantitative_marks(&self) -> String {
        format_score(self.terms.quantitative_weight())
    }

    pub fn written_marks(&self) -> String {
        format_score(self.terms.qualitative_weight())
    }
}

pub fn scoring_examples() -> ScoringExamples {
    let terms = ScoringTerms {
        target: SvRatio::from_decimal(dec!(0.25)),
        sv_weighting: dec!(10),
        quantitative_share: dec!(70),
        rule: ScoringRule::TargetRelative,
    };
    let weight = terms.quantitative_weight();
    let against_target = ScoringMethod::TargetRelative { target: terms.target };
    let offer_total = Money::from_pounds(dec!(340000));
    let contract_value = Money::from_pounds(dec!(1000000));
    let below = SvRatio::from_decimal(dec!(0.20));
    let above = SvRatio::from_decimal(dec!(0.30));
    let best = SvRatio::from_decimal(dec!(0.40));
    ScoringExamples {
        terms,
        offer_total,
        contract_value,
        ratio: SvRatio::of(offer_total, contract_value).expect("a contract value above £0"),
        total_at_target: Money::from_pounds(terms.target.value() * contract_value.pounds()),
        below: (below, quantitative_score(weight, below, against_target)),
        above: (above, quantitative_score(weight, above, against_target)),
        best,
        against_best: quantitative_score(weight, below, ScoringMethod::BestRelative { best }),
    }
}

#[component]
pub fn SocialValueGuidePage() -> impl IntoView {
    let e = scoring_examples();
    let marks = e.quantitative_marks();
    view! {
        <GuideFrame guide=SOCIAL_VALUE>
            <p class="govuk-body"><GlossaryTerm term=Term::SocialValue>"Social value"</GlossaryTerm>" is the extra good a contract does for the local area, on top of the work itself. A firm that looks after the roads might also train young people, buy from small firms nearby, or give staff time to help a school."</p>
            <p class="govuk-body">"Councils must think about social value when they buy. For most large contracts they ask each bidder for a social value "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>". This is a list of things the bidder will do, with numbers the council can check later."</p>

            <h2 class="govuk-heading-m">"What councils ask for"</h2>
            <p class="govuk-body">"Each council keeps a "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>" of "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>". They are grouped by "<GlossaryTerm term=Term::Theme>"theme"</GlossaryTerm>", such as Jobs or Environment, and by "<GlossaryTerm term=Term::Outcome>"outcome"</GlossaryTerm>", such as more local people in good work. This way of setting them out is called "<GlossaryTerm term=Term::Toms>"TOMs"</GlossaryTerm>"."</p>
            <p class="govuk-body">"Each measure counts something in a "<GlossaryTerm term=Term::Unit>"unit"</GlossaryTerm>", such as hours of volunteering or weeks of training. Most have a "<GlossaryTerm term=Term::ProxyValue>"proxy value"</GlossaryTerm>": what one unit is worth to the area in pounds. Some are "<GlossaryTerm term=Term::RecordOnly>"record only"</GlossaryTerm>", so they are counted but add no pounds. Others are "<GlossaryTerm term=Term::Qualitative>"qualitative"</GlossaryTerm>": you answer them in words."</p>
            <p class="govuk-body">"You can read the measures councils use on the "<a class="govuk-link" href="/frameworks">"measures frameworks"</a>" page."</p>

            <h2 class="govuk-heading-m">"What an offer is worth"</h2>
            <p class="govuk-body">"Each "<GlossaryTerm term=Term::Line>"line"</GlossaryTerm>" of an offer is one measure in one year of the contract, with a quantity. Its value is the quantity times the proxy value. The lines added up give the offer's total."</p>
            <p class="govuk-body">"The "<GlossaryTerm term=Term::SvRatio>"SV ratio"</GlossaryTerm>" compares that total with the "<GlossaryTerm term=Term::ContractValue>"contract value"</GlossaryTerm>{format!(
                ". An offer worth {} on a {} contract has a ratio of {}, or {}.",
                e.offer_total, e.contract_value, e.ratio, e.ratio.percent(),
            )}</p>
            <p class="govuk-body">"Our guide to "<a class="govuk-link" href=paths::BUILDING_AN_OFFER>{BUILDING_AN_OFFER.title.to_lowercase()}</a>" works through a full example."</p>

            <h2 class="govuk-heading-m">"How offers are scored"</h2>
            <p class="govuk-body">"The council sets three things for each "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>":"</p>
            <ul class="govuk-list govuk-list--bullet">
                <li>"a "<GlossaryTerm term=Term::Target>"target"</GlossaryTerm>{format!(": the ratio it hopes for, such as {}", e.terms.target)}</li>
                <li>"a "<GlossaryTerm term=Term::Weighting>"weighting"</GlossaryTerm>": the share of all the marks that goes to social value, often 10% to 20%"</li>
                <li>"a "<GlossaryTerm term=Term::ScoringMethod>"scoring method"</GlossaryTerm>": how a ratio turns into marks"</li>
            </ul>
            <p class="govuk-body">"The weighting is split in two. Part is for the offer's figures: the "<GlossaryTerm term=Term::QuantitativeScore>"quantitative score"</GlossaryTerm>". The rest is for the written answers that officers mark: the "<GlossaryTerm term=Term::QualitativeScore>"qualitative score"</GlossaryTerm>{format!(
                ". For example, with a weighting of {}% and {}% of it for the figures, the figures are worth {} marks out of 100 and the written answers {}.",
                format_score(e.terms.sv_weighting), format_score(e.terms.quantitative_share), marks, e.written_marks(),
            )}</p>

            <h3 class="govuk-heading-s">"Against the target"</h3>
            <p class="govuk-body">{format!(
                "An offer that reaches the target gets full marks. Below it, an offer gets a share of the marks in line with how close it came. With a target of {} and {} marks, an offer of {} scores {}. An offer of {} scores {}: going past the target adds no more marks.",
                e.terms.target, marks, e.below.0, format_score(e.below.1), e.above.0, format_score(e.above.1),
            )}</p>
            <h3 class="govuk-heading-s">"Against the best offer"</h3>
            <p class="govuk-body">{format!(
                "The best offer gets full marks, and each other offer gets a share in line with it. If the best offer is {}, an offer of {} scores {} of {}.",
                e.best, e.below.0, format_score(e.against_best), marks,
            )}</p>
            <h3 class="govuk-heading-s">"Lines that score nothing"</h3>
            <p class="govuk-body">"Measures the tender did not ask for score nothing, and so do claims from outside the area the council counts as "<GlossaryTerm term=Term::Local>"local"</GlossaryTerm>". An officer can also leave out a line they cannot believe, with a reason. This is an "<GlossaryTerm term=Term::Exclusion>"exclusion"</GlossaryTerm>"."</p>
            <p class="govuk-body">"Council officers can read how each score is worked out, and how written answers are marked, in "<a class="govuk-link" href=paths::EVALUATION>{EVALUATION.title.to_lowercase()}</a>"."</p>

            <h2 class="govuk-heading-m">"After the award"</h2>
            <p class="govuk-body">"The winning offer becomes the contract's "<GlossaryTerm term=Term::SocialValuePlan>"social value plan"</GlossaryTerm>". Each quarter, the supplier reports what it did, with "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>", and an officer checks it. Only what the officer approves counts as "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>"."</p>
            <p class="govuk-body"><a class="govuk-link" href="/tenders">"See the tenders open for offers now"</a></p>
        </GuideFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: a change in `calc` that moves a figure shows here.
    #[test]
    fn the_examples_are_what_calc_computes() {
        let e = scoring_examples();
        assert_eq!((e.ratio.to_string(), e.ratio.percent()), ("£0.34 per £1".to_owned(), "34%".to_owned()));
        assert_eq!(e.total_at_target.to_string(), "£250,000.00");
        assert_eq!((e.quantitative_marks(), e.written_marks()), ("7".to_owned(), "3".to_owned()));
        // 7 × min(1, 0.20 ÷ 0.25) = 5.6; 7 × min(1, 0.30 ÷ 0.25) = 7; 7 × 0.20 ÷ 0.40 = 3.5
        assert_eq!(format_score(e.below.1), "5.6");
        assert_eq!(format_score(e.above.1), "7");
        assert_eq!(format_score(e.against_best), "3.5");
        assert_eq!(e.below.0.to_string(), "£0.20 per £1");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_page_shows_the_computed_examples() {
        let html = super::super::render(|| view! { <SocialValueGuidePage /> });
        assert!(html.contains("an offer of £0.20 per £1 scores 5.6"), "{html}");
        assert!(html.contains("An offer of £0.30 per £1 scores 7:"), "{html}");
        assert!(html.contains("an offer of £0.20 per £1 scores 3.5 of 7"), "{html}");
        assert!(html.contains("has a ratio of £0.34 per £1, or 34%"), "{html}");
    }
}
