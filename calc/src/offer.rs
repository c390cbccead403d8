//! One line of an offer as typed: checked against its measure and the contract's length.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{OfferLine, ProxyValue, Quantity, QuantityError, QuantityRule, ScoringMethod, SvRatio};

/// What a measure asks of a quantity typed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTerms {
    pub theme: String,
    /// `None` for record-only measures: the line counts but adds no £.
    pub proxy: Option<ProxyValue>,
    pub rule: QuantityRule,
    pub first_year_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LineError {
    #[error(transparent)]
    Quantity(#[from] QuantityError),
    #[error(
        "The contract runs for {duration} {years}: leave year {year} empty",
        years = if *duration == 1 { "year" } else { "years" }
    )]
    BeyondDuration { year: u32, duration: u32 },
    #[error("This measure counts in year 1 only: delete the year {year} quantity, or move it to year 1")]
    FirstYearOnly { year: u32 },
}

/// The line a typed quantity makes: `None` when nothing was typed, or a reason it cannot count.
pub fn parse_line(
    terms: &LineTerms,
    year: u32,
    duration_years: u32,
    typed: &str,
) -> Result<Option<OfferLine>, LineError> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    if year == 0 || year > duration_years {
        return Err(LineError::BeyondDuration { year, duration: duration_years });
    }
    if terms.first_year_only && year != 1 {
        return Err(LineError::FirstYearOnly { year });
    }
    let quantity = Quantity::parse(typed, terms.rule)?;
    Ok(Some(OfferLine { theme: terms.theme.clone(), year, quantity, proxy: terms.proxy }))
}

/// How the tender turns an offer's ratio into its quantitative score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoringRule {
    TargetRelative,
    BestRelative,
}

impl ScoringRule {
    pub const ALL: [ScoringRule; 2] = [ScoringRule::TargetRelative, ScoringRule::BestRelative];

    pub fn as_str(self) -> &'static str {
        match self {
            ScoringRule::TargetRelative => "target_relative",
            ScoringRule::BestRelative => "best_relative",
        }
    }

    pub fn parse(stored: &str) -> Option<ScoringRule> {
        ScoringRule::ALL.into_iter().find(|rule| rule.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            ScoringRule::TargetRelative => "Against the target ratio",
            ScoringRule::BestRelative => "Against the best offer",
        }
    }
}

/// A tender's scoring terms. Weights are percentages of the whole evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringTerms {
    pub target: SvRatio,
    /// Social value's share of the whole evaluation, e.g. 10 (%).
    pub sv_weighting: Decimal,
    /// The quantitative offer's share of the social value weighting, e.g. 70 (%).
    pub quantitative_share: Decimal,
    pub rule: ScoringRule,
}

impl ScoringTerms {
    /// The marks the quantitative offer carries, out of 100 for the whole evaluation.
    pub fn quantitative_weight(&self) -> Decimal {
        self.sv_weighting * self.quantitative_share / Decimal::ONE_HUNDRED
    }

    /// The marks the written answers carry: the rest of the social value weighting.
    pub fn qualitative_weight(&self) -> Decimal {
        self.sv_weighting * (Decimal::ONE_HUNDRED - self.quantitative_share) / Decimal::ONE_HUNDRED
    }

    /// The quantitative method as `score_bids` applies it.
    pub fn quantitative_method(&self) -> super::QuantitativeMethod {
        match self.rule {
            ScoringRule::TargetRelative => super::QuantitativeMethod::TargetRelative { target: self.target },
            ScoringRule::BestRelative => super::QuantitativeMethod::BestRelative,
        }
    }

    /// The score an offer would get before evaluation. Best-relative scoring needs every offer,
    /// so until then it is shown against the target, as target-relative scoring would give.
    pub fn indicative_score(&self, ratio: Option<SvRatio>) -> Decimal {
        let ratio = ratio.unwrap_or(SvRatio::from_decimal(Decimal::ZERO));
        super::quantitative_score(
            self.quantitative_weight(),
            ratio,
            ScoringMethod::TargetRelative { target: self.target },
        )
    }
}

/// A score to two decimal places at most, e.g. "5.25", "1.4" or "7" (weights and marks).
pub fn format_score(score: Decimal) -> String {
    let rounded = score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize();
    rounded.to_string()
}

/// An evaluated score, always to two decimal places as its working shows it: "7.00", "5.35".
pub fn format_evaluated_score(score: Decimal) -> String {
    let mut rounded = score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Money, OfferFigures};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn terms(proxy: Option<Decimal>, rule: QuantityRule, first_year_only: bool) -> LineTerms {
        LineTerms { theme: "Jobs".into(), proxy: proxy.map(|p| ProxyValue::parse(p).unwrap()), rule, first_year_only }
    }

    #[test]
    fn a_typed_quantity_makes_a_line() {
        let t = terms(Some(dec!(100)), QuantityRule::FRACTIONAL, false);
        let line = parse_line(&t, 2, 3, "12.5").unwrap().unwrap();
        assert_eq!(line.value(), Money::from_pounds(dec!(1250)));
        assert_eq!(parse_line(&t, 2, 3, "  "), Ok(None));
    }

    #[test]
    fn every_kind_of_invalid_input_has_its_reason() {
        let whole = terms(Some(dec!(100)), QuantityRule::WHOLE, false);
        let fractional = terms(Some(dec!(100)), QuantityRule::FRACTIONAL, false);
        let first_year = terms(None, QuantityRule::WHOLE, true);
        assert_eq!(parse_line(&whole, 1, 3, "-2"), Err(LineError::Quantity(QuantityError::Negative)));
        assert_eq!(
            parse_line(&fractional, 1, 3, "1.234"),
            Err(LineError::Quantity(QuantityError::TooManyDecimalPlaces))
        );
        assert_eq!(parse_line(&whole, 1, 3, "2.5"), Err(LineError::Quantity(QuantityError::FractionNotAllowed)));
        assert_eq!(parse_line(&whole, 4, 3, "2"), Err(LineError::BeyondDuration { year: 4, duration: 3 }));
        assert_eq!(parse_line(&first_year, 2, 3, "2"), Err(LineError::FirstYearOnly { year: 2 }));
        assert!(parse_line(&first_year, 1, 3, "2").unwrap().is_some());
        assert_eq!(
            LineError::FirstYearOnly { year: 2 }.to_string(),
            "This measure counts in year 1 only: delete the year 2 quantity, or move it to year 1"
        );
    }

    #[test]
    fn indicative_score_is_against_the_target() {
        let scoring = ScoringTerms {
            target: SvRatio::from_decimal(dec!(0.25)),
            sv_weighting: dec!(10),
            quantitative_share: dec!(70),
            rule: ScoringRule::BestRelative,
        };
        assert_eq!(scoring.quantitative_weight(), dec!(7));
        assert_eq!(scoring.indicative_score(Some(SvRatio::from_decimal(dec!(0.125)))), dec!(3.5));
        assert_eq!(scoring.indicative_score(Some(SvRatio::from_decimal(dec!(0.5)))), dec!(7));
        assert_eq!(scoring.indicative_score(None), dec!(0));
        assert_eq!(format_score(dec!(3.5)), "3.5");
        assert_eq!(format_score(dec!(2.3333333)), "2.33");
        assert_eq!(format_evaluated_score(dec!(7)), "7.00");
        assert_eq!(format_evaluated_score(dec!(9.4)), "9.40");
        assert_eq!(format_evaluated_score(dec!(2.345)), "2.35");
    }

    proptest! {
        /// Lines that parse count in full; lines that do not are left out of every total.
        #[test]
        fn totals_count_exactly_the_valid_lines(
            typed in prop::collection::vec((1u32..=5, prop::sample::select(vec!["1", "2.5", "-1", "abc", "", "1.005", "7"])), 0..40),
        ) {
            let t = terms(Some(dec!(10)), QuantityRule::FRACTIONAL, false);
            let parsed: Vec<_> = typed.iter().map(|(year, text)| parse_line(&t, *year, 3, text)).collect();
            let lines: Vec<OfferLine> = parsed.iter().filter_map(|p| p.clone().ok().flatten()).collect();
            let figures = OfferFigures::compute(&lines, Money::from_pounds(dec!(1000)));
            let expected: Decimal = typed
                .iter()
                .filter(|(year, text)| *year <= 3 && matches!(*text, "1" | "2.5" | "7"))
                .map(|(_, text)| text.parse::<Decimal>().unwrap() * dec!(10))
                .sum();
            prop_assert_eq!(figures.total.pounds(), expected);
        }
    }
}
