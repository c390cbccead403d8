//! Scores, each with its working: the formula with the numbers put into it. Computed in
//! Decimal; each score is rounded once, at the end, to 2 decimal places (midpoint away from
//! zero), and ranks and ties are judged on the rounded scores.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::SvRatio;

/// How a tender turns a bid's SV ratio into its quantitative score (the council chooses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoringMethod {
    /// W_q × min(1, ratio ÷ target ratio)
    TargetRelative { target: SvRatio },
    /// W_q × ratio ÷ the best ratio among compliant bids
    BestRelative { best: SvRatio },
}

/// The quantitative score, out of `weight` (e.g. 10 for 10%), to full precision; zero when the
/// target or best ratio is zero.
pub fn quantitative_score(weight: Decimal, ratio: SvRatio, method: ScoringMethod) -> Decimal {
    let share = match method {
        ScoringMethod::TargetRelative { target } => {
            ratio.value().checked_div(target.value()).map(|share| share.min(Decimal::ONE)).unwrap_or(Decimal::ZERO)
        }
        ScoringMethod::BestRelative { best } => ratio.value().checked_div(best.value()).unwrap_or(Decimal::ZERO),
    };
    weight * share
}

/// A score rounded once, to 2 decimal places, midpoint away from zero, and held at 2 places
/// ("9.40", not "9.4") so that exports and pages show every score alike.
pub fn round_score(score: Decimal) -> Decimal {
    let mut rounded = score.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// A score and how it was worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Working {
    /// Rounded to 2 decimal places.
    pub score: Decimal,
    /// Before rounding.
    pub exact: Decimal,
    /// The formula with its numbers, e.g. "7 × min(1, 0.2 ÷ 0.25) = 5.60".
    pub formula: String,
}

impl Working {
    fn new(exact: Decimal, formula: String) -> Working {
        let score = round_score(exact);
        Working { score, exact, formula: format!("{formula} = {score:.2}") }
    }
}

/// A ratio as the working shows it: at most 4 decimal places (the score uses it in full).
fn shown(value: Decimal) -> String {
    let rounded = value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero).normalize();
    if rounded == value.normalize() {
        rounded.to_string()
    } else {
        format!("{rounded}…")
    }
}

fn weight_text(weight: Decimal) -> String {
    weight.normalize().to_string()
}

/// What the qualitative score of a tender is worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualitativeTerms {
    /// W_ql: the marks the written answers carry.
    pub weight: Decimal,
    /// How many written answers each offer gives (the tender's qualitative measures).
    pub answers: u32,
    /// The top mark of the tender's scale (5 for 0–5).
    pub top_mark: u32,
}

/// One bid as scoring sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidInput {
    /// `None` when there is no ratio (counted as 0).
    pub ratio: Option<SvRatio>,
    /// The moderated marks given so far (only moderated marks count).
    pub moderated_marks: Vec<u32>,
}

/// A bid's scores, each with its working, and its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidScores {
    pub quantitative: Working,
    /// `None` when the tender has no written answers to mark.
    pub qualitative: Option<Working>,
    /// Social value score = quantitative + qualitative, rounded once.
    pub total: Working,
    /// 1 for the best; tied bids share a rank (1, 1, 3).
    pub rank: u32,
    pub tied: bool,
}

/// Scores every bid of a tender. Best-relative scores are against the best ratio among these
/// bids, and every bid scores 0 when that best ratio is 0.
pub fn score_bids(
    quantitative_weight: Decimal,
    method: QuantitativeMethod,
    qualitative: QualitativeTerms,
    bids: &[BidInput],
) -> Vec<BidScores> {
    let zero = SvRatio::from_decimal(Decimal::ZERO);
    let best = bids.iter().filter_map(|b| b.ratio).max().unwrap_or(zero);
    let mut scores: Vec<BidScores> = bids
        .iter()
        .map(|bid| {
            let ratio = bid.ratio.unwrap_or(zero);
            let w = weight_text(quantitative_weight);
            let quantitative = match method {
                QuantitativeMethod::TargetRelative { target } => Working::new(
                    quantitative_score(quantitative_weight, ratio, ScoringMethod::TargetRelative { target }),
                    format!("{w} × min(1, {} ÷ {})", shown(ratio.value()), shown(target.value())),
                ),
                QuantitativeMethod::BestRelative if best.value().is_zero() => {
                    Working::new(Decimal::ZERO, format!("{w} × 0 (the best ratio is 0, so every offer scores 0)"))
                }
                QuantitativeMethod::BestRelative => Working::new(
                    quantitative_score(quantitative_weight, ratio, ScoringMethod::BestRelative { best }),
                    format!("{w} × {} ÷ {}", shown(ratio.value()), shown(best.value())),
                ),
            };
            let qualitative = (qualitative.answers > 0).then(|| qualitative_working(qualitative, &bid.moderated_marks));
            let exact = quantitative.exact + qualitative.as_ref().map_or(Decimal::ZERO, |q| q.exact);
            let total = Working::new(
                exact,
                match &qualitative {
                    Some(q) => {
                        format!("{} + {} (before rounding)", quantitative.exact.normalize(), q.exact.normalize())
                    }
                    None => format!("{} (quantitative only)", quantitative.exact.normalize()),
                },
            );
            BidScores { quantitative, qualitative, total, rank: 0, tied: false }
        })
        .collect();
    let totals: Vec<Decimal> = scores.iter().map(|s| s.total.score).collect();
    for score in &mut scores {
        score.rank = 1 + totals.iter().filter(|t| **t > score.total.score).count() as u32;
        score.tied = totals.iter().filter(|t| **t == score.total.score).count() > 1;
    }
    scores
}

/// W_ql × (sum of moderated marks) ÷ (answers × top mark).
fn qualitative_working(terms: QualitativeTerms, marks: &[u32]) -> Working {
    let sum: u32 = marks.iter().sum();
    let most = Decimal::from(terms.answers) * Decimal::from(terms.top_mark);
    let exact = (terms.weight * Decimal::from(sum)).checked_div(most).unwrap_or(Decimal::ZERO);
    Working::new(exact, format!("{} × {sum} ÷ ({} × {})", weight_text(terms.weight), terms.answers, terms.top_mark))
}

/// The quantitative method as scoring needs it (best-relative finds its best among the bids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuantitativeMethod {
    TargetRelative { target: SvRatio },
    BestRelative,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn r(d: Decimal) -> SvRatio {
        SvRatio::from_decimal(d)
    }

    fn bid(ratio: Decimal, marks: &[u32]) -> BidInput {
        BidInput { ratio: Some(r(ratio)), moderated_marks: marks.to_vec() }
    }

    const NO_WRITTEN: QualitativeTerms = QualitativeTerms { weight: Decimal::ZERO, answers: 0, top_mark: 5 };

    #[test]
    fn target_relative_caps_at_the_weight() {
        let target = ScoringMethod::TargetRelative { target: r(dec!(0.25)) };
        assert_eq!(quantitative_score(dec!(10), r(dec!(0.125)), target), dec!(5));
        assert_eq!(quantitative_score(dec!(10), r(dec!(0.50)), target), dec!(10));
        let zero = ScoringMethod::TargetRelative { target: r(dec!(0)) };
        assert_eq!(quantitative_score(dec!(10), r(dec!(0.5)), zero), dec!(0));
    }

    #[test]
    fn best_relative_gives_the_best_bid_full_marks() {
        let best = ScoringMethod::BestRelative { best: r(dec!(0.40)) };
        assert_eq!(quantitative_score(dec!(15), r(dec!(0.40)), best), dec!(15));
        assert_eq!(quantitative_score(dec!(15), r(dec!(0.10)), best), dec!(3.75));
    }

    #[test]
    fn working_shows_the_numbers_put_in() {
        let method = QuantitativeMethod::TargetRelative { target: r(dec!(0.25)) };
        let scores = score_bids(dec!(7), method, NO_WRITTEN, &[bid(dec!(0.2), &[])]);
        assert_eq!(scores[0].quantitative.formula, "7 × min(1, 0.2 ÷ 0.25) = 5.60");
        assert_eq!(scores[0].total.score, dec!(5.60));
        assert!(scores[0].qualitative.is_none());
        let scores = score_bids(dec!(7), QuantitativeMethod::BestRelative, NO_WRITTEN, &[bid(dec!(1) / dec!(3), &[])]);
        assert_eq!(scores[0].quantitative.formula, "7 × 0.3333… ÷ 0.3333… = 7.00");
    }

    #[test]
    fn qualitative_is_the_share_of_the_top_marks() {
        let terms = QualitativeTerms { weight: dec!(3), answers: 2, top_mark: 5 };
        let method = QuantitativeMethod::TargetRelative { target: r(dec!(0.25)) };
        let scores = score_bids(dec!(7), method, terms, &[bid(dec!(0.25), &[4, 3])]);
        let qualitative = scores[0].qualitative.clone().unwrap();
        assert_eq!(qualitative.score, dec!(2.10));
        assert_eq!(qualitative.formula, "3 × 7 ÷ (2 × 5) = 2.10");
        assert_eq!(scores[0].total.score, dec!(9.10));
    }

    #[test]
    fn rounds_once_at_the_end_midpoint_away_from_zero() {
        // 1 × 0.125 ÷ 1 = 0.125 → 0.13; 2 ÷ 3 of 1 = 0.666… → 0.67.
        let method = QuantitativeMethod::TargetRelative { target: r(dec!(1)) };
        let terms = QualitativeTerms { weight: dec!(1), answers: 3, top_mark: 1 };
        let scores = score_bids(dec!(1), method, terms, &[bid(dec!(0.125), &[1, 1])]);
        assert_eq!(scores[0].quantitative.score, dec!(0.13));
        assert_eq!(scores[0].qualitative.as_ref().unwrap().score, dec!(0.67));
        // 0.125 + 0.666… = 0.791… → 0.79, not 0.13 + 0.67 = 0.80.
        assert_eq!(scores[0].total.score, dec!(0.79));
    }

    #[test]
    fn the_best_ratio_of_zero_gives_everyone_zero() {
        let scores =
            score_bids(dec!(7), QuantitativeMethod::BestRelative, NO_WRITTEN, &[bid(dec!(0), &[]), bid(dec!(0), &[])]);
        assert!(scores.iter().all(|s| s.quantitative.score.is_zero()));
        assert!(scores[0].quantitative.formula.contains("the best ratio is 0"));
        assert!(scores.iter().all(|s| s.rank == 1 && s.tied));
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_is_skipped() {
        let method = QuantitativeMethod::TargetRelative { target: r(dec!(0.5)) };
        let scores =
            score_bids(dec!(10), method, NO_WRITTEN, &[bid(dec!(0.5), &[]), bid(dec!(0.6), &[]), bid(dec!(0.25), &[])]);
        assert_eq!(scores.iter().map(|s| (s.rank, s.tied)).collect::<Vec<_>>(), [(1, true), (1, true), (3, false)]);
    }

    #[test]
    fn a_single_bid_is_first_and_best_relative_gives_it_full_marks() {
        let scores = score_bids(dec!(7), QuantitativeMethod::BestRelative, NO_WRITTEN, &[bid(dec!(0.1), &[])]);
        assert_eq!((scores[0].rank, scores[0].tied, scores[0].quantitative.score), (1, false, dec!(7.00)));
    }

    proptest! {
        /// Every score stays between 0 and its weight, and the best total always ranks first.
        #[test]
        fn scores_stay_within_their_weights(
            ratios in prop::collection::vec(0u32..=2000, 1..12),
            marks in prop::collection::vec(0u32..=5, 2),
            best_relative in any::<bool>(),
        ) {
            let method = if best_relative { QuantitativeMethod::BestRelative } else {
                QuantitativeMethod::TargetRelative { target: r(dec!(0.25)) }
            };
            let terms = QualitativeTerms { weight: dec!(3), answers: 2, top_mark: 5 };
            let bids: Vec<_> = ratios.iter().map(|r| bid(Decimal::new(*r as i64, 3), &marks)).collect();
            let scores = score_bids(dec!(7), method, terms, &bids);
            for s in &scores {
                prop_assert!(s.quantitative.score >= Decimal::ZERO && s.quantitative.score <= dec!(7));
                prop_assert!(s.total.score <= dec!(10));
            }
            let top = scores.iter().map(|s| s.total.score).max().unwrap();
            prop_assert!(scores.iter().filter(|s| s.total.score == top).all(|s| s.rank == 1));
        }
    }
}
