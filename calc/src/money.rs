use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An amount of money in pounds, always held to whole pennies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(Decimal);

impl Money {
    /// £0.00, held at two decimal places like every other amount.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// Rounds to £0.01, midpoint away from zero (the domain's one rounding rule).
    pub fn from_pounds(amount: Decimal) -> Money {
        Money(round_pennies(amount))
    }

    pub fn pounds(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

pub(crate) fn round_pennies(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

impl Default for Money {
    fn default() -> Money {
        Money::ZERO
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// "£1,234.56": pounds with thousands separators and two decimal places.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0.is_sign_negative() && !self.0.is_zero() { "-" } else { "" };
        write!(f, "{sign}£{}", group_thousands(&format!("{:.2}", self.0.abs())))
    }
}

/// Inserts commas into the whole-number part of a plain decimal string ("1234.50" → "1,234.50").
pub fn group_thousands(plain: &str) -> String {
    let (whole, fraction) = match plain.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (plain, None),
    };
    let mut grouped = String::with_capacity(plain.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// The proxy value of one unit of a monetised measure: £ per unit, strictly positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct ProxyValue(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyValueError {
    #[error("Enter a proxy value")]
    Empty,
    #[error("Enter the proxy value as an amount in pounds, like 12.50")]
    NotANumber,
    #[error("Enter a proxy value greater than £0")]
    NotPositive,
    #[error("Enter a proxy value of £{max} or less", max = group_thousands(&ProxyValue::MAX.to_string()))]
    TooLarge,
    #[error("Enter a proxy value with no more than 4 decimal places")]
    TooPrecise,
}

impl ProxyValue {
    /// Far above any real proxy value; keeps every product well inside `Decimal`'s range.
    pub const MAX: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
    pub const MAX_DECIMAL_PLACES: u32 = 4;

    pub fn parse(value: Decimal) -> Result<ProxyValue, ProxyValueError> {
        if value <= Decimal::ZERO {
            Err(ProxyValueError::NotPositive)
        } else if value > Self::MAX {
            Err(ProxyValueError::TooLarge)
        } else if value.normalize().scale() > Self::MAX_DECIMAL_PLACES {
            Err(ProxyValueError::TooPrecise)
        } else {
            Ok(ProxyValue(value))
        }
    }

    /// Parses a proxy value as typed: "£1,250.50", "1250.5" and " 0.2410 " are all fine.
    pub fn parse_typed(typed: &str) -> Result<ProxyValue, ProxyValueError> {
        if typed.trim().trim_start_matches('£').trim().is_empty() {
            return Err(ProxyValueError::Empty);
        }
        ProxyValue::parse(parse_typed_number(typed).ok_or(ProxyValueError::NotANumber)?)
    }

    /// The value as plain decimal text without trailing zeros ("24500", "0.241"), as stored.
    pub fn to_plain(self) -> String {
        self.0.normalize().to_string()
    }

    pub fn per_unit(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for ProxyValue {
    type Error = ProxyValueError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        ProxyValue::parse(value)
    }
}

impl From<ProxyValue> for Decimal {
    fn from(value: ProxyValue) -> Decimal {
        value.0
    }
}

impl fmt::Display for ProxyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0.normalize();
        let plain = if value.scale() <= 2 { format!("{value:.2}") } else { value.to_string() };
        write!(f, "£{}", group_thousands(&plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_to_pennies_midpoint_away_from_zero() {
        assert_eq!(Money::from_pounds(dec!(0.005)).pounds(), dec!(0.01));
        assert_eq!(Money::from_pounds(dec!(0.0049)).pounds(), dec!(0.00));
        assert_eq!(Money::from_pounds(dec!(2.675)).pounds(), dec!(2.68));
        assert_eq!(Money::from_pounds(dec!(-2.675)).pounds(), dec!(-2.68));
        assert_eq!(Money::from_pounds(dec!(7)).pounds().to_string(), "7.00");
    }

    #[test]
    fn displays_pounds_with_separators() {
        assert_eq!(Money::from_pounds(dec!(0)).to_string(), "£0.00");
        assert_eq!(Money::from_pounds(dec!(999.5)).to_string(), "£999.50");
        assert_eq!(Money::from_pounds(dec!(1234.5)).to_string(), "£1,234.50");
        assert_eq!(Money::from_pounds(dec!(1234567.891)).to_string(), "£1,234,567.89");
        assert_eq!(Money::from_pounds(dec!(-1000)).to_string(), "-£1,000.00");
    }

    #[test]
    fn proxy_values_must_be_positive_and_bounded() {
        assert_eq!(ProxyValue::parse(dec!(0)), Err(ProxyValueError::NotPositive));
        assert_eq!(ProxyValue::parse(dec!(-1)), Err(ProxyValueError::NotPositive));
        assert_eq!(ProxyValue::parse(dec!(1000000000.01)), Err(ProxyValueError::TooLarge));
        assert_eq!(ProxyValue::parse(dec!(0.00001)), Err(ProxyValueError::TooPrecise));
        assert_eq!(ProxyValue::parse(dec!(12.3400)).unwrap().to_string(), "£12.34");
        assert_eq!(ProxyValue::parse(dec!(0.1825)).unwrap().to_string(), "£0.1825");
        assert_eq!(ProxyValue::parse(dec!(24500)).unwrap().to_string(), "£24,500.00");
    }

    #[test]
    fn proxy_values_parse_as_typed() {
        assert_eq!(ProxyValue::parse_typed("£1,250.50").unwrap().per_unit(), dec!(1250.50));
        assert_eq!(ProxyValue::parse_typed(" 0.2410 ").unwrap().to_plain(), "0.241");
        assert_eq!(ProxyValue::parse_typed("24500").unwrap().to_plain(), "24500");
        assert_eq!(ProxyValue::parse_typed(""), Err(ProxyValueError::Empty));
        assert_eq!(ProxyValue::parse_typed("£"), Err(ProxyValueError::Empty));
        assert_eq!(ProxyValue::parse_typed("twelve"), Err(ProxyValueError::NotANumber));
        assert_eq!(ProxyValue::parse_typed("1e5"), Err(ProxyValueError::NotANumber));
        assert_eq!(ProxyValue::parse_typed("12,5"), Err(ProxyValueError::NotANumber));
        assert_eq!(ProxyValue::parse_typed("-3"), Err(ProxyValueError::NotPositive));
        assert_eq!(ProxyValue::parse_typed("0"), Err(ProxyValueError::NotPositive));
    }
}

/// A number as people type it: "£1,250.50", "25%", " 0.25 ". `None` when it is not a number.
pub fn parse_typed_number(typed: &str) -> Option<Decimal> {
    let typed = typed.trim();
    let typed = typed.strip_prefix('£').unwrap_or(typed).trim_start();
    let typed = typed.strip_suffix('%').unwrap_or(typed).trim_end();
    if typed.is_empty() {
        return None;
    }
    let plain = super::quantity::strip_thousands_separators(typed)?;
    if !plain.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    plain.parse::<Decimal>().ok()
}
