use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::Money;

/// Social value per £1 of contract value (total ÷ contract value), kept at full precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SvRatio(Decimal);

impl SvRatio {
    /// `None` when the contract value is zero: there is no ratio to speak of.
    pub fn of(total: Money, contract_value: Money) -> Option<SvRatio> {
        if contract_value.is_zero() {
            return None;
        }
        total.pounds().checked_div(contract_value.pounds()).map(SvRatio)
    }

    pub fn from_decimal(ratio: Decimal) -> SvRatio {
        SvRatio(ratio)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// "34%": whole percent, midpoint away from zero.
    pub fn percent(self) -> String {
        let percent = (self.0 * Decimal::ONE_HUNDRED).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        format!("{percent}%")
    }
}

/// "£0.34 per £1".
impl fmt::Display for SvRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} per £1", Money::from_pounds(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn shows_pence_per_pound_and_percent() {
        let ratio = SvRatio::of(Money::from_pounds(dec!(340000)), Money::from_pounds(dec!(1000000))).unwrap();
        assert_eq!(ratio.to_string(), "£0.34 per £1");
        assert_eq!(ratio.percent(), "34%");
        let ratio = SvRatio::of(Money::from_pounds(dec!(1)), Money::from_pounds(dec!(3))).unwrap();
        assert_eq!(ratio.to_string(), "£0.33 per £1");
        assert_eq!(ratio.percent(), "33%");
        assert_eq!(SvRatio::from_decimal(dec!(0.125)).percent(), "13%");
        assert_eq!(SvRatio::from_decimal(dec!(1.5)).to_string(), "£1.50 per £1");
    }

    #[test]
    fn no_ratio_without_a_contract_value() {
        assert_eq!(SvRatio::of(Money::from_pounds(dec!(5)), Money::ZERO), None);
    }
}
