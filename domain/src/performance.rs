//! Contract performance: what has been delivered (approved by the council's review) against
//! what was committed to date, as RAG and as the Procurement Act 2023 performance rating that
//! officers copy into a Contract Performance Notice. Pure: one definition of each figure.
//!
//! **Committed to date** for a commitment = its quantity for each contract year already
//! completed + its quantity for the current year × the number of that year's quarters whose
//! return is due ÷ 4. A quarter's return is due from its due date on; a year is completed when
//! all four of its returns are due, so both parts are "quantity × due quarters of its year ÷ 4".

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use calc::{line_value, Money, ProxyValue, Quantity};
use crate::contracts::Quarter;
use crate::form::FieldErrors;

/// A council's thresholds, in percent of committed to date delivered. Each band starts at its
/// threshold (inclusive): delivered at exactly 95% is green and Good by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub rag_green: Decimal,
    pub rag_amber: Decimal,
    pub rating_good: Decimal,
    pub rating_approaching: Decimal,
    pub rating_improvement: Decimal,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            rag_green: Decimal::from(95),
            rag_amber: Decimal::from(85),
            rating_good: Decimal::from(95),
            rating_approaching: Decimal::from(85),
            rating_improvement: Decimal::from(70),
        }
    }
}

pub const RAG_GREEN_FIELD: &str = "rag-green";
pub const RAG_AMBER_FIELD: &str = "rag-amber";
pub const RATING_GOOD_FIELD: &str = "rating-good";
pub const RATING_APPROACHING_FIELD: &str = "rating-approaching";
pub const RATING_IMPROVEMENT_FIELD: &str = "rating-improvement";

impl Thresholds {
    /// The five boxes of the council's settings form, checked: each a percentage from 1 to 100
    /// (up to one decimal place), each band below the one above it.
    pub fn parse(
        green: &str,
        amber: &str,
        good: &str,
        approaching: &str,
        improvement: &str,
    ) -> Result<Thresholds, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut percent = |field: &str, typed: &str, band: &str| errors.check(field, parse_percent(typed, band));
        let parsed = (
            percent(RAG_GREEN_FIELD, green, "Green"),
            percent(RAG_AMBER_FIELD, amber, "Amber"),
            percent(RATING_GOOD_FIELD, good, "Good"),
            percent(RATING_APPROACHING_FIELD, approaching, "Approaching target"),
            percent(RATING_IMPROVEMENT_FIELD, improvement, "Requires improvement"),
        );
        if let (Some(green), Some(amber)) = (parsed.0, parsed.1) {
            if amber >= green {
                errors.add(RAG_AMBER_FIELD, "Amber must start below Green");
            }
        }
        if let (Some(good), Some(approaching)) = (parsed.2, parsed.3) {
            if approaching >= good {
                errors.add(RATING_APPROACHING_FIELD, "Approaching target must start below Good");
            }
        }
        if let (Some(approaching), Some(improvement)) = (parsed.3, parsed.4) {
            if improvement >= approaching {
                errors.add(RATING_IMPROVEMENT_FIELD, "Requires improvement must start below Approaching target");
            }
        }
        match parsed {
            (
                Some(rag_green),
                Some(rag_amber),
                Some(rating_good),
                Some(rating_approaching),
                Some(rating_improvement),
            ) if errors.is_empty() => {
                Ok(Thresholds { rag_green, rag_amber, rating_good, rating_approaching, rating_improvement })
            }
            _ => Err(errors),
        }
    }
}

/// One threshold's box, named by its band as its label is ("Green from (%)").
fn parse_percent(typed: &str, band: &str) -> Result<Decimal, String> {
    let cleaned = typed.trim().trim_end_matches('%').trim();
    if cleaned.is_empty() {
        return Err(format!("Enter the percentage {band} starts from, like 95"));
    }
    let value: Decimal =
        cleaned.parse().map_err(|_| format!("Enter the percentage {band} starts from as a number, like 95 or 87.5"))?;
    if value <= Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(format!("The percentage {band} starts from must be between 1 and 100"));
    }
    if value.normalize().scale() > 1 {
        return Err(format!("Enter the percentage {band} starts from to one decimal place at most, like 87.5"));
    }
    Ok(value.normalize())
}

/// Whether `delivered` is at least `percent`% of `committed`, exactly (no division, so a
/// boundary such as exactly 95% lands in the band it starts).
fn reaches(delivered: Money, committed: Money, percent: Decimal) -> bool {
    delivered.pounds() * Decimal::ONE_HUNDRED >= committed.pounds() * percent
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn of(delivered: Money, committed: Money, thresholds: &Thresholds) -> Option<Rag> {
        if committed.is_zero() {
            return None;
        }
        Some(if reaches(delivered, committed, thresholds.rag_green) {
            Rag::Green
        } else if reaches(delivered, committed, thresholds.rag_amber) {
            Rag::Amber
        } else {
            Rag::Red
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
        }
    }

    pub fn tag_class(self) -> &'static str {
        match self {
            Rag::Green => "govuk-tag govuk-tag--green",
            Rag::Amber => "govuk-tag govuk-tag--orange",
            Rag::Red => "govuk-tag govuk-tag--red",
        }
    }
}

/// The Procurement Act 2023 performance rating of a Contract Performance Notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    Good,
    ApproachingTarget,
    RequiresImprovement,
    Inadequate,
}

impl Rating {
    pub fn of(delivered: Money, committed: Money, thresholds: &Thresholds) -> Option<Rating> {
        if committed.is_zero() {
            return None;
        }
        Some(if reaches(delivered, committed, thresholds.rating_good) {
            Rating::Good
        } else if reaches(delivered, committed, thresholds.rating_approaching) {
            Rating::ApproachingTarget
        } else if reaches(delivered, committed, thresholds.rating_improvement) {
            Rating::RequiresImprovement
        } else {
            Rating::Inadequate
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Good => "Good",
            Rating::ApproachingTarget => "Approaching target",
            Rating::RequiresImprovement => "Requires improvement",
            Rating::Inadequate => "Inadequate",
        }
    }
}

/// Delivered as a percentage of committed, to one decimal place ("96.4%"); none when nothing
/// is committed yet.
pub fn percent_delivered(delivered: Decimal, committed: Decimal) -> Option<String> {
    if committed.is_zero() {
        return None;
    }
    let percent = (delivered * Decimal::ONE_HUNDRED / committed)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{}%", percent.normalize()))
}

/// The number of each contract year's quarters whose return is due by `today` (ISO dates
/// order as text).
pub fn due_quarters_by_year(quarters: &[Quarter], today: &str) -> BTreeMap<u32, u32> {
    let mut due = BTreeMap::new();
    for quarter in quarters.iter().filter(|q| today >= q.return_due.as_str()) {
        *due.entry(quarter.year).or_insert(0) += 1;
    }
    due
}

/// A commitment of the plan: a measure in one contract year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub code: String,
    pub description: String,
    pub theme: String,
    pub unit: String,
    pub year: u32,
    pub quantity: Quantity,
    pub proxy: Option<ProxyValue>,
}

/// An approved quantity of a reviewed line (a rejected line approves 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub code: String,
    pub description: String,
    pub theme: String,
    pub unit: String,
    /// The contract year of the line's return.
    pub year: u32,
    pub quantity: Quantity,
    /// The commitment's stored proxy value, or the framework version's for an additional line.
    pub proxy: Option<ProxyValue>,
    pub additional: bool,
}

impl Approved {
    pub fn value(&self) -> Money {
        self.proxy.map_or(Money::ZERO, |p| line_value(self.quantity, p))
    }
}

impl Committed {
    /// This commitment's committed to date, in units and £ (the year's value × due quarters ÷ 4).
    fn to_date(&self, due: &BTreeMap<u32, u32>) -> (Decimal, Money) {
        let quarters = Decimal::from(due.get(&self.year).copied().unwrap_or(0).min(4));
        let share = quarters / Decimal::from(4);
        let value = self.proxy.map_or(Money::ZERO, |p| line_value(self.quantity, p));
        (self.quantity.value() * share, Money::from_pounds(value.pounds() * share))
    }
}

/// One row of a performance table: a year, a theme or a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceRow {
    pub label: String,
    /// For a measure: its unit; units are only added up within one measure.
    pub unit: Option<String>,
    /// None: nothing is due yet.
    pub committed_units: Option<Decimal>,
    pub delivered_units: Option<Decimal>,
    pub committed: Option<Money>,
    pub delivered: Money,
    pub percent: Option<String>,
    pub additional: bool,
}

/// A contract's performance, as the contract page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Performance {
    /// Whether any quarter's return is due yet (if not, the page says "Not yet due").
    pub anything_due: bool,
    pub committed_to_date: Money,
    /// Approved against the plan's commitments.
    pub delivered: Money,
    /// Approved on additional lines (beyond the plan): shown, never counted towards the plan.
    pub delivered_additional: Money,
    pub percent: Option<String>,
    pub rag: Option<Rag>,
    pub rating: Option<Rating>,
    pub thresholds: Thresholds,
    pub by_year: Vec<PerformanceRow>,
    pub by_theme: Vec<PerformanceRow>,
    pub by_measure: Vec<PerformanceRow>,
}

#[derive(Default)]
struct Tally {
    unit: Option<String>,
    committed_units: Decimal,
    delivered_units: Decimal,
    committed: Money,
    delivered: Money,
}

fn rows(tallies: Vec<(String, Tally)>, anything_due: bool, additional: bool) -> Vec<PerformanceRow> {
    tallies
        .into_iter()
        .map(|(label, t)| {
            let units = t.unit.is_some();
            PerformanceRow {
                label,
                committed_units: (units && anything_due && !additional).then_some(t.committed_units.normalize()),
                delivered_units: units.then_some(t.delivered_units.normalize()),
                unit: t.unit,
                committed: (anything_due && !additional).then_some(t.committed),
                delivered: t.delivered,
                percent: if anything_due && !additional {
                    percent_delivered(t.delivered.pounds(), t.committed.pounds())
                } else {
                    None
                },
                additional,
            }
        })
        .collect()
}

/// Keeps tallies in the order their keys first appear.
fn tally<'a>(tallies: &'a mut Vec<(String, Tally)>, key: &str) -> &'a mut Tally {
    match tallies.iter().position(|(k, _)| k == key) {
        Some(i) => &mut tallies[i].1,
        None => {
            tallies.push((key.to_owned(), Tally::default()));
            &mut tallies.last_mut().expect("just pushed").1
        }
    }
}

impl Performance {
    pub fn compute(
        committed: &[Committed],
        approved: &[Approved],
        quarters: &[Quarter],
        today: &str,
        thresholds: Thresholds,
    ) -> Performance {
        let due = due_quarters_by_year(quarters, today);
        let anything_due = !due.is_empty();
        let (mut by_year, mut by_theme, mut by_measure, mut extra) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut years: Vec<u32> = committed.iter().map(|c| c.year).chain(approved.iter().map(|a| a.year)).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            tally(&mut by_year, &format!("Year {year}"));
        }
        let measure_key = |code: &str, description: &str| format!("{code} {description}");
        for c in committed {
            let (units, value) = c.to_date(&due);
            for t in [tally(&mut by_year, &format!("Year {}", c.year)), tally(&mut by_theme, &c.theme)] {
                t.committed += value;
            }
            let m = tally(&mut by_measure, &measure_key(&c.code, &c.description));
            m.unit = Some(c.unit.clone());
            m.committed += value;
            m.committed_units += units;
        }
        for a in approved {
            let value = a.value();
            if a.additional {
                let m = tally(&mut extra, &measure_key(&a.code, &a.description));
                m.unit = Some(a.unit.clone());
                m.delivered += value;
                m.delivered_units += a.quantity.value();
                continue;
            }
            for t in [tally(&mut by_year, &format!("Year {}", a.year)), tally(&mut by_theme, &a.theme)] {
                t.delivered += value;
            }
            let m = tally(&mut by_measure, &measure_key(&a.code, &a.description));
            m.unit = Some(a.unit.clone());
            m.delivered += value;
            m.delivered_units += a.quantity.value();
        }
        let committed_to_date: Money = by_year.iter().map(|(_, t)| t.committed).sum();
        let delivered: Money = by_year.iter().map(|(_, t)| t.delivered).sum();
        let delivered_additional: Money = extra.iter().map(|(_, t)| t.delivered).sum();
        let (rag, rating, percent) = if anything_due {
            (
                Rag::of(delivered, committed_to_date, &thresholds),
                Rating::of(delivered, committed_to_date, &thresholds),
                percent_delivered(delivered.pounds(), committed_to_date.pounds()),
            )
        } else {
            (None, None, None)
        };
        let mut by_measure = rows(by_measure, anything_due, false);
        by_measure.extend(rows(extra, anything_due, true));
        Performance {
            anything_due,
            committed_to_date,
            delivered,
            delivered_additional,
            percent,
            rag,
            rating,
            thresholds,
            by_year: rows(by_year, anything_due, false)
                .into_iter()
                .map(|mut r| {
                    r.committed_units = None;
                    r.delivered_units = None;
                    r
                })
                .collect(),
            by_theme: rows(by_theme, anything_due, false)
                .into_iter()
                .map(|mut r| {
                    r.committed_units = None;
                    r.delivered_units = None;
                    r
                })
                .collect(),
            by_measure,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    use super::*;
    use calc::QuantityRule;
    use crate::contracts::QuarterState;

    fn money(pounds: Decimal) -> Money {
        Money::from_pounds(pounds)
    }

    fn quarter(number: u32, return_due: &str) -> Quarter {
        Quarter {
            number,
            year: (number - 1) / 4 + 1,
            starts: String::new(),
            ends: String::new(),
            return_due: return_due.into(),
            state: QuarterState::Ended,
        }
    }

    fn committed(code: &str, theme: &str, year: u32, quantity: Decimal, proxy: Option<Decimal>) -> Committed {
        Committed {
            code: code.into(),
            description: format!("{code} measure"),
            theme: theme.into(),
            unit: "people".into(),
            year,
            quantity: Quantity::from_decimal(quantity, QuantityRule::FRACTIONAL).unwrap(),
            proxy: proxy.map(|p| ProxyValue::parse(p).unwrap()),
        }
    }

    fn approved(
        code: &str,
        theme: &str,
        year: u32,
        quantity: Decimal,
        proxy: Option<Decimal>,
        additional: bool,
    ) -> Approved {
        Approved {
            code: code.into(),
            description: format!("{code} measure"),
            theme: theme.into(),
            unit: "people".into(),
            year,
            quantity: Quantity::from_decimal(quantity, QuantityRule::FRACTIONAL).unwrap(),
            proxy: proxy.map(|p| ProxyValue::parse(p).unwrap()),
            additional,
        }
    }

    #[test]
    fn the_bands_start_at_their_thresholds() {
        let t = Thresholds::default();
        let of = |delivered: Decimal| {
            (Rag::of(money(delivered), money(dec!(1000)), &t), Rating::of(money(delivered), money(dec!(1000)), &t))
        };
        assert_eq!(of(dec!(950)), (Some(Rag::Green), Some(Rating::Good)));
        assert_eq!(of(dec!(949.99)), (Some(Rag::Amber), Some(Rating::ApproachingTarget)));
        assert_eq!(of(dec!(850)), (Some(Rag::Amber), Some(Rating::ApproachingTarget)));
        assert_eq!(of(dec!(849.99)), (Some(Rag::Red), Some(Rating::RequiresImprovement)));
        assert_eq!(of(dec!(700)), (Some(Rag::Red), Some(Rating::RequiresImprovement)));
        assert_eq!(of(dec!(699.99)), (Some(Rag::Red), Some(Rating::Inadequate)));
        assert_eq!(Rag::of(Money::ZERO, Money::ZERO, &t), None, "nothing committed has no RAG");
    }

    #[test]
    fn committed_to_date_counts_completed_years_whole_and_the_current_year_by_due_quarters() {
        // Year 1 complete (4 returns due), year 2 has 2 returns due on 2028-08-30.
        let quarters: Vec<Quarter> = [
            "2027-04-30",
            "2027-07-30",
            "2027-10-30",
            "2028-01-30",
            "2028-04-30",
            "2028-07-30",
            "2028-10-30",
            "2029-01-30",
        ]
        .iter()
        .enumerate()
        .map(|(i, due)| quarter(i as u32 + 1, due))
        .collect();
        let plan = [
            committed("J1", "Jobs", 1, dec!(10), Some(dec!(1000))),
            committed("J1", "Jobs", 2, dec!(10), Some(dec!(1000))),
            committed("E1", "Environment", 2, dec!(3), Some(dec!(33.33))),
        ];
        let delivered = [
            approved("J1", "Jobs", 1, dec!(9), Some(dec!(1000)), false),
            approved("J1", "Jobs", 2, dec!(5), Some(dec!(1000)), false),
            approved("E1", "Environment", 2, dec!(1), Some(dec!(33.33)), false),
            approved("S9", "Social", 2, dec!(4), Some(dec!(10)), true),
        ];
        let p = Performance::compute(&plan, &delivered, &quarters, "2028-08-30", Thresholds::default());
        // J1: 10 × £1,000 + 10 × £1,000 × 2/4 = £15,000; E1: £99.99 × 2/4 = £49.995 → £50.00.
        assert_eq!(p.committed_to_date, money(dec!(15050)));
        assert_eq!(p.delivered, money(dec!(14033.33)));
        assert_eq!(p.delivered_additional, money(dec!(40)));
        assert_eq!(p.percent.as_deref(), Some("93.2%"));
        assert_eq!(p.rag, Some(Rag::Amber));
        assert_eq!(p.rating, Some(Rating::ApproachingTarget));
        let j1 = p.by_measure.iter().find(|r| r.label.starts_with("J1")).unwrap();
        assert_eq!((j1.committed_units, j1.delivered_units), (Some(dec!(15)), Some(dec!(14))));
        let year2 = p.by_year.iter().find(|r| r.label == "Year 2").unwrap();
        assert_eq!((year2.committed, year2.delivered), (Some(money(dec!(5050))), money(dec!(5033.33))));
        let extra = p.by_measure.iter().find(|r| r.additional).unwrap();
        assert_eq!((extra.committed, extra.delivered), (None, money(dec!(40))));
    }

    #[test]
    fn nothing_due_yet_has_no_figures_to_judge() {
        let quarters = [quarter(1, "2027-04-30")];
        let plan = [committed("J1", "Jobs", 1, dec!(10), Some(dec!(1000)))];
        let p = Performance::compute(&plan, &[], &quarters, "2027-04-29", Thresholds::default());
        assert!(!p.anything_due);
        assert_eq!((p.rag, p.rating, p.percent), (None, None, None));
        assert_eq!(p.by_measure[0].committed, None);
    }

    #[test]
    fn the_council_sets_its_thresholds_in_order() {
        assert_eq!(Thresholds::parse("95", "85", "95", "85", "70"), Ok(Thresholds::default()));
        let errors = Thresholds::parse("90", "92", "x", "85", "90").unwrap_err();
        assert_eq!(errors.for_field(RAG_AMBER_FIELD), Some("Amber must start below Green"));
        assert_eq!(
            errors.for_field(RATING_GOOD_FIELD),
            Some("Enter the percentage Good starts from as a number, like 95 or 87.5")
        );
        assert_eq!(
            errors.for_field(RATING_IMPROVEMENT_FIELD),
            Some("Requires improvement must start below Approaching target")
        );
        assert_eq!(
            Thresholds::parse("101", "85", "95", "85", "70").unwrap_err().for_field(RAG_GREEN_FIELD),
            Some("The percentage Green starts from must be between 1 and 100")
        );
        assert_eq!(Thresholds::parse("97.5%", "85", "95", "85", "70").unwrap().rag_green, dec!(97.5));
    }

    proptest! {
        /// The bands are ordered: delivering more never gives a worse RAG or rating.
        #[test]
        fn more_delivered_is_never_worse(committed in 1u32..1_000_000, a in 0u32..2_000_000, b in 0u32..2_000_000) {
            let t = Thresholds::default();
            let (low, high) = (a.min(b), a.max(b));
            let c = money(committed.into());
            let rank_rag = |r: Option<Rag>| match r { Some(Rag::Green) => 2, Some(Rag::Amber) => 1, _ => 0 };
            let rank = |r: Option<Rating>| match r { Some(Rating::Good) => 3, Some(Rating::ApproachingTarget) => 2, Some(Rating::RequiresImprovement) => 1, _ => 0 };
            prop_assert!(rank_rag(Rag::of(money(high.into()), c, &t)) >= rank_rag(Rag::of(money(low.into()), c, &t)));
            prop_assert!(rank(Rating::of(money(high.into()), c, &t)) >= rank(Rating::of(money(low.into()), c, &t)));
        }
    }
}
