use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Money, ProxyValue, Quantity, SvRatio};

/// Line value = quantity × proxy value, rounded to £0.01 (midpoint away from zero).
pub fn line_value(quantity: Quantity, proxy: ProxyValue) -> Money {
    Money::from_pounds(quantity.value() * proxy.per_unit())
}

/// One line of an offer or plan: a measure in one contract year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLine {
    pub theme: String,
    pub year: u32,
    pub quantity: Quantity,
    /// `None` for record-only and qualitative measures: the line counts but adds no £.
    pub proxy: Option<ProxyValue>,
}

impl OfferLine {
    pub fn value(&self) -> Money {
        self.proxy.map_or(Money::ZERO, |proxy| line_value(self.quantity, proxy))
    }
}

/// Every figure of an offer, computed from its lines: totals are sums of rounded line values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OfferFigures {
    pub line_values: Vec<Money>,
    pub total: Money,
    pub by_theme: BTreeMap<String, Money>,
    pub by_year: BTreeMap<u32, Money>,
    /// `None` when the contract value is zero.
    pub ratio: Option<SvRatio>,
}

impl OfferFigures {
    pub fn compute(lines: &[OfferLine], contract_value: Money) -> OfferFigures {
        let mut figures = OfferFigures::default();
        for line in lines {
            let value = line.value();
            figures.line_values.push(value);
            figures.total += value;
            *figures.by_theme.entry(line.theme.clone()).or_default() += value;
            *figures.by_year.entry(line.year).or_default() += value;
        }
        figures.ratio = SvRatio::of(figures.total, contract_value);
        figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuantityRule;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn line(theme: &str, year: u32, quantity: Decimal, proxy: Option<Decimal>) -> OfferLine {
        OfferLine {
            theme: theme.into(),
            year,
            quantity: Quantity::from_decimal(quantity, QuantityRule::FRACTIONAL).unwrap(),
            proxy: proxy.map(|p| ProxyValue::parse(p).unwrap()),
        }
    }

    #[test]
    fn jobs_example_from_the_domain() {
        // 10 full-time + 5 half-time staff for 2 years = 12.5 FTE × 2 years.
        let lines = [line("Jobs", 1, dec!(12.5), Some(dec!(24500))), line("Jobs", 2, dec!(12.5), Some(dec!(24500)))];
        let figures = OfferFigures::compute(&lines, Money::from_pounds(dec!(2000000)));
        assert_eq!(figures.total.pounds(), dec!(612500.00));
        assert_eq!(figures.by_year[&1].pounds(), dec!(306250.00));
        assert_eq!(figures.ratio.unwrap().to_string(), "£0.31 per £1");
    }

    #[test]
    fn totals_are_sums_of_rounded_line_values() {
        // Each line is 0.005 before rounding: 0.01 each, so 0.03 in all (not 0.015 → 0.02).
        let lines = [
            line("Social", 1, dec!(0.01), Some(dec!(0.5))),
            line("Social", 1, dec!(0.01), Some(dec!(0.5))),
            line("Social", 2, dec!(0.01), Some(dec!(0.5))),
        ];
        let figures = OfferFigures::compute(&lines, Money::from_pounds(dec!(100)));
        assert_eq!(figures.total.pounds(), dec!(0.03));
        assert_eq!(figures.by_theme["Social"].pounds(), dec!(0.03));
    }

    #[test]
    fn record_only_lines_count_but_add_nothing() {
        let lines = [line("Environment", 1, dec!(40), None), line("Jobs", 1, dec!(2), Some(dec!(100)))];
        let figures = OfferFigures::compute(&lines, Money::ZERO);
        assert_eq!(figures.line_values, vec![Money::ZERO, Money::from_pounds(dec!(200))]);
        assert_eq!(figures.by_theme["Environment"], Money::ZERO);
        assert_eq!(figures.ratio, None);
    }

    fn arb_line() -> impl Strategy<Value = OfferLine> {
        (
            prop::sample::select(vec!["Jobs", "Growth", "Social", "Environment", "Innovation"]),
            1u32..=5,
            0i64..=100_000_000_000, // quantity in hundredths, up to 1,000,000,000.00
            prop::option::weighted(0.8, 1i64..=10_000_000_000_000), // proxy in 1/10,000ths, up to 1e9
        )
            .prop_map(|(theme, year, q, p)| OfferLine {
                theme: theme.into(),
                year,
                quantity: Quantity::from_decimal(Decimal::new(q, 2), QuantityRule::FRACTIONAL).unwrap(),
                proxy: p.map(|p| ProxyValue::parse(Decimal::new(p, 4)).unwrap()),
            })
    }

    proptest! {
        #[test]
        fn total_is_the_sum_of_lines_by_theme_and_by_year(
            lines in prop::collection::vec(arb_line(), 0..60),
            contract_pennies in 0i64..=10_000_000_000_000,
        ) {
            let figures = OfferFigures::compute(&lines, Money::from_pounds(Decimal::new(contract_pennies, 2)));
            let sum: Money = figures.line_values.iter().copied().sum();
            prop_assert_eq!(figures.total, sum);
            prop_assert_eq!(figures.by_theme.values().copied().sum::<Money>(), sum);
            prop_assert_eq!(figures.by_year.values().copied().sum::<Money>(), sum);
            for (line, value) in lines.iter().zip(&figures.line_values) {
                prop_assert_eq!(value.pounds().scale(), 2);
                let exact = line.proxy.map_or(Decimal::ZERO, |p| line.quantity.value() * p.per_unit());
                prop_assert!((value.pounds() - exact).abs() <= dec!(0.005));
            }
        }

        #[test]
        fn ratio_times_contract_value_is_the_total(
            lines in prop::collection::vec(arb_line(), 1..30),
            contract_pennies in 1i64..=10_000_000_000_000,
        ) {
            let contract_value = Money::from_pounds(Decimal::new(contract_pennies, 2));
            let figures = OfferFigures::compute(&lines, contract_value);
            let ratio = figures.ratio.unwrap();
            let back = ratio.value() * contract_value.pounds();
            // Decimal division keeps 28 significant digits, so the round trip is exact to well under a penny.
            prop_assert!((back - figures.total.pounds()).abs() < dec!(0.01), "{} vs {}", back, figures.total);
        }

        #[test]
        fn line_value_is_monotonic_in_quantity(a in 0i64..=1_000_000_000, b in 0i64..=1_000_000_000, p in 1i64..=100_000_000) {
            let proxy = ProxyValue::parse(Decimal::new(p, 4)).unwrap();
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let q = |n| Quantity::from_decimal(Decimal::new(n, 2), QuantityRule::FRACTIONAL).unwrap();
            prop_assert!(line_value(q(lo), proxy) <= line_value(q(hi), proxy));
        }
    }
}
