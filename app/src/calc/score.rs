use rust_decimal::Decimal;
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn r(d: Decimal) -> SvRatio {
        SvRatio::from_decimal(d)
    }

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
}
