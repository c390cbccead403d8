//! A small built-in list of sample measures for the public value calculator.
//!
//! Original wording and illustrative proxy values written for Pledgebook: they are not taken from
//! any licensed framework and are not official values.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use calc::{line_value, Money, ProxyValue, Quantity, QuantityError, QuantityRule};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleMeasure {
    pub code: &'static str,
    pub theme: &'static str,
    pub description: &'static str,
    /// The unit, as a plural noun phrase ("FTE years", "hours").
    pub unit: &'static str,
    pub quantity_rule: QuantityRule,
    proxy_value: Decimal,
}

impl SampleMeasure {
    pub fn proxy_value(&self) -> ProxyValue {
        ProxyValue::parse(self.proxy_value).expect("sample proxy values are positive and bounded")
    }
}

pub const SAMPLE_MEASURES: &[SampleMeasure] = &[
    SampleMeasure {
        code: "SJ1",
        theme: "Jobs",
        description: "Local residents employed on the contract",
        unit: "FTE years",
        quantity_rule: QuantityRule::FRACTIONAL,
        proxy_value: dec!(24500.00),
    },
    SampleMeasure {
        code: "SJ2",
        theme: "Jobs",
        description: "Apprenticeship weeks completed by local apprentices",
        unit: "weeks",
        quantity_rule: QuantityRule::WHOLE,
        proxy_value: dec!(215.40),
    },
    SampleMeasure {
        code: "SG1",
        theme: "Growth",
        description: "Contract spend with small firms based in the county",
        unit: "£ spent",
        quantity_rule: QuantityRule::FRACTIONAL,
        proxy_value: dec!(0.1825),
    },
    SampleMeasure {
        code: "SS1",
        theme: "Social",
        description: "Staff volunteering hours given to local community groups",
        unit: "hours",
        quantity_rule: QuantityRule::WHOLE,
        proxy_value: dec!(16.80),
    },
    SampleMeasure {
        code: "SS2",
        theme: "Social",
        description: "Careers talks and workplace visits for schools and colleges",
        unit: "sessions",
        quantity_rule: QuantityRule::WHOLE,
        proxy_value: dec!(142.00),
    },
    SampleMeasure {
        code: "SE1",
        theme: "Environment",
        description: "Greenhouse gas emissions avoided against the contract baseline",
        unit: "tonnes CO2e",
        quantity_rule: QuantityRule::FRACTIONAL,
        proxy_value: dec!(268.00),
    },
];

pub fn find(code: &str) -> Option<&'static SampleMeasure> {
    SAMPLE_MEASURES.iter().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_measure_is_valid_and_unique() {
        for (i, measure) in SAMPLE_MEASURES.iter().enumerate() {
            let _ = measure.proxy_value();
            assert!(SAMPLE_MEASURES[i + 1..].iter().all(|m| m.code != measure.code));
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calculation {
    pub measure: &'static SampleMeasure,
    pub quantity: Quantity,
    pub value: Money,
}

/// Everything the page shows, from what was picked and typed.
pub fn calculate(measure_code: &str, typed_quantity: &str) -> Result<Calculation, QuantityError> {
    let measure = find(measure_code).unwrap_or(&SAMPLE_MEASURES[0]);
    let quantity = Quantity::parse(typed_quantity, measure.quantity_rule)?;
    Ok(Calculation { measure, quantity, value: line_value(quantity, measure.proxy_value()) })
}

#[cfg(test)]
mod calculate_tests {
    use super::*;
    use calc::QuantityError;

    #[test]
    fn computes_the_value_of_a_typed_quantity() {
        let c = calculate("SJ1", "12.5").unwrap();
        assert_eq!(c.value.to_string(), "£306,250.00");
        assert_eq!(calculate("SG1", "1,000.33").unwrap().value.to_string(), "£182.56");
        assert_eq!(calculate("SJ2", "2.5"), Err(QuantityError::FractionNotAllowed));
    }

    #[test]
    fn an_unknown_measure_falls_back_to_the_first() {
        assert_eq!(calculate("nope", "1").unwrap().measure.code, "SJ1");
    }
}
