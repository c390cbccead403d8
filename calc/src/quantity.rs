use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::money::group_thousands;

/// What a unit of measure accepts as a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuantityRule {
    /// e.g. FTE years or tonnes allow fractions; people or sessions do not.
    pub allows_fraction: bool,
}

impl QuantityRule {
    pub const WHOLE: QuantityRule = QuantityRule { allows_fraction: false };
    pub const FRACTIONAL: QuantityRule = QuantityRule { allows_fraction: true };
    pub const MAX_DECIMAL_PLACES: u32 = 2;
}

/// A quantity committed or delivered: zero or more, parsed from what a person typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quantity(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum QuantityError {
    #[error("Enter a quantity")]
    Empty,
    #[error("Enter the quantity as a number, like 12 or 12.5")]
    NotANumber,
    #[error("Enter a quantity of 0 or more")]
    Negative,
    #[error("Enter a whole number: this unit cannot be split")]
    FractionNotAllowed,
    #[error("Enter a quantity with no more than 2 decimal places")]
    TooManyDecimalPlaces,
    #[error("Enter a quantity of 1,000,000,000 or less")]
    TooLarge,
}

impl Quantity {
    pub const ZERO: Quantity = Quantity(Decimal::ZERO);
    /// Far above any real commitment; keeps every product well inside `Decimal`'s range.
    pub const MAX: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

    /// Parses a quantity as typed: surrounding spaces and thousands separators ("1,250") are fine.
    pub fn parse(typed: &str, rule: QuantityRule) -> Result<Quantity, QuantityError> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(QuantityError::Empty);
        }
        let plain = strip_thousands_separators(typed).ok_or(QuantityError::NotANumber)?;
        if !plain.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+') {
            return Err(QuantityError::NotANumber);
        }
        let value = Decimal::from_str(&plain).map_err(|_| QuantityError::NotANumber)?;
        Quantity::from_decimal(value, rule)
    }

    /// Checks a number against the unit's rule (used for typed text and for stored values alike).
    pub fn from_decimal(value: Decimal, rule: QuantityRule) -> Result<Quantity, QuantityError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(QuantityError::Negative);
        }
        if value > Self::MAX {
            return Err(QuantityError::TooLarge);
        }
        let value = value.normalize();
        if value.scale() > 0 && !rule.allows_fraction {
            return Err(QuantityError::FractionNotAllowed);
        }
        if value.scale() > QuantityRule::MAX_DECIMAL_PLACES {
            return Err(QuantityError::TooManyDecimalPlaces);
        }
        Ok(Quantity(value))
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

/// "1,250" → "1250"; a comma anywhere but between groups of three digits is not a number.
pub(crate) fn strip_thousands_separators(typed: &str) -> Option<String> {
    if !typed.contains(',') {
        return Some(typed.to_owned());
    }
    let (whole, fraction) = match typed.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (typed, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let first_ok = !first.is_empty() && first.len() <= 3;
    let rest: Vec<&str> = groups.collect();
    if !first_ok || rest.iter().any(|g| g.len() != 3) || fraction.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let mut plain: String = std::iter::once(first).chain(rest).collect();
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    Some(plain)
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group_thousands(&self.0.normalize().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn whole(s: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(s, QuantityRule::WHOLE)
    }
    fn fractional(s: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(s, QuantityRule::FRACTIONAL)
    }

    #[test]
    fn accepts_what_people_type() {
        assert_eq!(whole(" 12 ").unwrap().value(), dec!(12));
        assert_eq!(whole("1,250").unwrap().value(), dec!(1250));
        assert_eq!(whole("12.00").unwrap().value(), dec!(12));
        assert_eq!(fractional("12.5").unwrap().value(), dec!(12.5));
        assert_eq!(fractional("1,234,567.25").unwrap().value(), dec!(1234567.25));
        assert_eq!(fractional("0").unwrap(), Quantity::ZERO);
        assert_eq!(fractional("-0").unwrap(), Quantity::ZERO);
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(whole(""), Err(QuantityError::Empty));
        assert_eq!(whole("   "), Err(QuantityError::Empty));
        assert_eq!(whole("twelve"), Err(QuantityError::NotANumber));
        assert_eq!(whole("1e3"), Err(QuantityError::NotANumber));
        assert_eq!(whole("12,5"), Err(QuantityError::NotANumber));
        assert_eq!(whole("1,2345"), Err(QuantityError::NotANumber));
        assert_eq!(whole("£12"), Err(QuantityError::NotANumber));
        assert_eq!(whole("-1"), Err(QuantityError::Negative));
        assert_eq!(whole("12.5"), Err(QuantityError::FractionNotAllowed));
        assert_eq!(fractional("12.555"), Err(QuantityError::TooManyDecimalPlaces));
        assert_eq!(fractional("1000000000.01"), Err(QuantityError::TooLarge));
    }

    #[test]
    fn displays_without_trailing_zeros() {
        assert_eq!(fractional("1250.50").unwrap().to_string(), "1,250.5");
        assert_eq!(whole("7").unwrap().to_string(), "7");
    }
}
