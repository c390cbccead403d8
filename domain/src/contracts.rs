//! Contracts: what an award makes. Its commitments (the winning offer's counted lines and
//! written answers, as they were offered) and its reporting quarters, which run from the
//! contract's start date, not the calendar's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use calc::Money;
use crate::form::FieldErrors;
use crate::offers::{SubmittedLine, SubmittedResponse};
use crate::tenders::OfferStanding;

/// The days after a quarter ends that its return is due, unless the council sets its own.
pub const DEFAULT_RETURN_DUE_DAYS: u32 = 30;
pub const MAX_RETURN_DUE_DAYS: u32 = 120;
/// The most an award reason may hold.
pub const MAX_AWARD_REASON_CHARS: usize = 5_000;

/// A line of the social value plan: a measure's quantity in a contract year, at the proxy value
/// the submitted offer used, exactly as it was submitted.
pub type CommittedLine = SubmittedLine;

/// A written answer of the winning offer, kept as a commitment in its own words.
pub type WrittenCommitment = SubmittedResponse;

/// A contract in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSummary {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub council_name: String,
    pub supplier_name: String,
    /// ISO dates
    pub start_date: String,
    pub end_date: String,
    pub contract_value: Money,
    /// The £ value of every commitment.
    pub committed: Money,
    pub officers: Vec<String>,
}

/// A contracts list's search, from its GET form: words in the reference, the supplier's name or
/// an officer's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractFilters {
    pub q: String,
}

impl ContractFilters {
    pub fn matches(&self, contract: &ContractSummary) -> bool {
        let words: Vec<String> = self.q.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return true;
        }
        let haystack =
            format!("{} {} {}", contract.reference, contract.supplier_name, contract.officers.join(" ")).to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// A council officer who manages the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractOfficer {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// Where a quarter is, today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuarterState {
    NotStarted,
    InProgress,
    /// Ended; its return is due by the due date.
    Ended,
}

impl QuarterState {
    pub fn label(self) -> &'static str {
        match self {
            QuarterState::NotStarted => "Not started",
            QuarterState::InProgress => "In progress",
            QuarterState::Ended => "Ended",
        }
    }

    pub fn tag_class(self) -> &'static str {
        match self {
            QuarterState::NotStarted => "govuk-tag govuk-tag--grey",
            QuarterState::InProgress => "govuk-tag govuk-tag--blue",
            QuarterState::Ended => "govuk-tag govuk-tag--yellow",
        }
    }
}

/// A contract quarter: quarter n runs from start + 3(n − 1) months to the day before
/// start + 3n months; its return is due a set number of days after it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarter {
    pub number: u32,
    /// The contract year it falls in.
    pub year: u32,
    /// ISO dates
    pub starts: String,
    pub ends: String,
    pub return_due: String,
    pub state: QuarterState,
}

/// A contract's page: the same for its council's staff and its supplier, except that only
/// council staff may change who manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPage {
    pub summary: ContractSummary,
    pub tender_id: i64,
    pub tender_reference: String,
    pub framework: String,
    /// UK time
    pub awarded_at: String,
    pub awarded_by: String,
    pub award_reason: Option<String>,
    pub officers: Vec<ContractOfficer>,
    /// The council's staff who could be added as officers (empty for the supplier).
    pub addable_officers: Vec<ContractOfficer>,
    pub can_manage_officers: bool,
    pub lines: Vec<CommittedLine>,
    pub written: Vec<WrittenCommitment>,
    pub theme_order: Vec<String>,
    pub years: Vec<u32>,
    pub by_year: BTreeMap<u32, Money>,
    pub by_theme: BTreeMap<String, Money>,
    /// Each quarter with its return's state (overdue when due and not submitted).
    pub quarters: Vec<crate::returns::QuarterReturn>,
    /// Returns submitted and awaiting the council's review; returns overdue.
    pub returns_waiting: usize,
    pub returns_overdue: usize,
    /// Lines of submitted returns waiting for the council's decision.
    pub lines_waiting: usize,
    pub performance: crate::performance::Performance,
    pub return_due_days: u32,
}

/// The award page: the ranking, then (once an offer is chosen) check your answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardCheck {
    pub tender_id: i64,
    pub reference: String,
    pub title: String,
    /// Best first.
    pub standings: Vec<OfferStanding>,
    /// The offer chosen, if one of these was.
    pub chosen: Option<OfferStanding>,
    /// The chosen offer is not (one of) the top-ranked: a reason is needed.
    pub against_ranking: bool,
    /// ISO dates the contract would run between.
    pub start_date: String,
    pub end_date: String,
    pub contract_value: Money,
    /// What the scores are out of.
    pub sv_weighting: rust_decimal::Decimal,
    /// What would become commitments: the counted lines and the written answers.
    pub lines: usize,
    pub written_answers: usize,
    pub committed: Money,
}

/// The award reason, when the choice goes against the ranking.
pub fn parse_award_reason(typed: &str, against_ranking: bool) -> Result<Option<String>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if !against_ranking {
        return Ok(None);
    }
    let reason = errors.required_text(
        AWARD_REASON_FIELD,
        typed,
        "Explain why this offer wins although it is not ranked first",
        "Your reason",
        MAX_AWARD_REASON_CHARS,
    );
    match reason {
        Some(reason) if errors.is_empty() => Ok(Some(reason)),
        _ => Err(errors),
    }
}

pub const AWARD_REASON_FIELD: &str = "award-reason";
/// The add-an-officer form's choice (a user id).
pub const OFFICER_FIELD: &str = "officer";
/// The council's setting form's field.
pub const RETURN_DUE_DAYS_FIELD: &str = "return-due-days";
/// The award page's choice of the winning offer (its id).
pub const AWARD_FIELD: &str = "offer";
/// Beside the award page's choice when no offer was chosen (the page and the service alike).
pub const AWARD_CHOICE_MISSING: &str = "Choose the offer that wins the contract";

/// The council's return due days as typed on its settings form.
pub fn parse_return_due_days(typed: &str) -> Result<u32, &'static str> {
    match typed.trim().parse::<u32>() {
        Ok(days) if (1..=MAX_RETURN_DUE_DAYS).contains(&days) => Ok(days),
        Ok(_) => Err("Enter a number of days from 1 to 120"),
        Err(_) if typed.trim().is_empty() => {
            Err("Enter the number of days after a quarter ends that its return is due")
        }
        Err(_) => Err("Enter the number of days as a whole number, like 30"),
    }
}

#[cfg(feature = "ssr")]
mod schedule {
    use chrono::{Days, Months, NaiveDate};

    use super::{Quarter, QuarterState};

    fn months_after(start: NaiveDate, months: u32) -> NaiveDate {
        // chrono clamps to the month's last day: 31 January + 1 month is 28 (or 29) February.
        start.checked_add_months(Months::new(months)).expect("contract dates are well inside chrono's range")
    }

    fn day_before(date: NaiveDate) -> NaiveDate {
        date.checked_sub_days(Days::new(1)).expect("contract dates are well inside chrono's range")
    }

    /// The contract's last day: the day before the start's anniversary `years` on.
    pub fn contract_end(start: NaiveDate, years: u32) -> NaiveDate {
        day_before(months_after(start, 12 * years))
    }

    /// Every quarter of a contract of `years` years from `start`, as it stands on `today`.
    pub fn quarters(start: NaiveDate, years: u32, return_due_days: u32, today: NaiveDate) -> Vec<Quarter> {
        (1..=4 * years)
            .map(|n| {
                let starts = months_after(start, 3 * (n - 1));
                let ends = day_before(months_after(start, 3 * n));
                let state = if today < starts {
                    QuarterState::NotStarted
                } else if today <= ends {
                    QuarterState::InProgress
                } else {
                    QuarterState::Ended
                };
                Quarter {
                    number: n,
                    year: (n - 1) / 4 + 1,
                    starts: starts.to_string(),
                    ends: ends.to_string(),
                    return_due: (ends + Days::new(u64::from(return_due_days))).to_string(),
                    state,
                }
            })
            .collect()
    }
}

#[cfg(feature = "ssr")]
pub use schedule::{contract_end, quarters};

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;

    fn date(iso: &str) -> NaiveDate {
        iso.parse().unwrap()
    }

    fn dates(quarters: &[Quarter]) -> Vec<(&str, &str)> {
        quarters.iter().map(|q| (q.starts.as_str(), q.ends.as_str())).collect()
    }

    #[test]
    fn quarters_run_from_the_start_date() {
        let q = quarters(date("2027-04-01"), 1, 30, date("2027-08-15"));
        assert_eq!(
            dates(&q),
            [
                ("2027-04-01", "2027-06-30"),
                ("2027-07-01", "2027-09-30"),
                ("2027-10-01", "2027-12-31"),
                ("2028-01-01", "2028-03-31")
            ]
        );
        assert_eq!(q[0].return_due, "2027-07-30");
        assert_eq!(
            q.iter().map(|q| q.state).collect::<Vec<_>>(),
            [QuarterState::Ended, QuarterState::InProgress, QuarterState::NotStarted, QuarterState::NotStarted]
        );
        assert_eq!(contract_end(date("2027-04-01"), 3), date("2030-03-31"));
    }

    #[test]
    fn a_start_on_31_january_follows_the_shorter_months() {
        let q = quarters(date("2027-01-31"), 1, 30, date("2027-01-31"));
        assert_eq!(
            dates(&q),
            [
                ("2027-01-31", "2027-04-29"),
                ("2027-04-30", "2027-07-30"),
                ("2027-07-31", "2027-10-30"),
                ("2027-10-31", "2028-01-30")
            ]
        );
        assert_eq!(contract_end(date("2027-01-31"), 1), date("2028-01-30"));
        // 30 November 2027 + 3 months is 30 February 2028, so 29 February (a leap year): the
        // first quarter ends the day before.
        let q = quarters(date("2027-11-30"), 1, 10, date("2027-01-01"));
        assert_eq!(dates(&q)[0], ("2027-11-30", "2028-02-28"));
        assert_eq!(q[0].return_due, "2028-03-09");
    }

    #[test]
    fn a_start_on_29_february_runs_to_the_28th_of_the_next() {
        let q = quarters(date("2028-02-29"), 2, 30, date("2028-02-29"));
        assert_eq!(dates(&q)[0], ("2028-02-29", "2028-05-28"));
        assert_eq!(dates(&q)[3], ("2028-11-29", "2029-02-27"));
        assert_eq!(dates(&q)[4], ("2029-02-28", "2029-05-28"));
        assert_eq!(q[0].state, QuarterState::InProgress);
        assert_eq!(contract_end(date("2028-02-29"), 1), date("2029-02-27"));
        assert_eq!(contract_end(date("2028-02-29"), 4), date("2032-02-28"));
        assert_eq!(q.last().unwrap().year, 2);
    }

    proptest! {
        /// The quarters tile the contract: the first starts on the start date, each begins the day
        /// after the one before ends, and the last ends on the contract's last day.
        #[test]
        fn quarters_cover_the_contract_without_gaps(days in 0i64..20_000, years in 1u32..=25, due in 1u32..=120) {
            let start = date("2000-01-01") + chrono::Days::new(days as u64);
            let q = quarters(start, years, due, start);
            prop_assert_eq!(q.len() as u32, 4 * years);
            prop_assert_eq!(q[0].starts.clone(), start.to_string());
            prop_assert_eq!(q.last().unwrap().ends.clone(), contract_end(start, years).to_string());
            for pair in q.windows(2) {
                let ends = date(&pair[0].ends);
                prop_assert_eq!(date(&pair[1].starts), ends + chrono::Days::new(1));
                prop_assert!(date(&pair[0].starts) <= ends);
            }
            for quarter in &q {
                prop_assert_eq!(date(&quarter.return_due), date(&quarter.ends) + chrono::Days::new(due as u64));
            }
        }
    }

    #[test]
    fn an_award_against_the_ranking_needs_a_reason() {
        assert_eq!(parse_award_reason("", false).unwrap(), None);
        let errors = parse_award_reason("  ", true).unwrap_err();
        assert_eq!(
            errors.for_field(AWARD_REASON_FIELD),
            Some("Explain why this offer wins although it is not ranked first")
        );
        assert_eq!(parse_award_reason(" Best plan ", true).unwrap().as_deref(), Some("Best plan"));
    }

    #[test]
    fn return_due_days_are_a_whole_number_of_days() {
        assert_eq!(parse_return_due_days(" 30 "), Ok(30));
        assert!(parse_return_due_days("0").is_err());
        assert!(parse_return_due_days("2.5").is_err());
        assert!(parse_return_due_days("").is_err());
    }

    #[test]
    fn the_search_finds_reference_supplier_and_officer() {
        let contract = ContractSummary {
            id: 1,
            reference: "DEMO-2026-002".into(),
            title: "Grounds".into(),
            council_name: "Demo Council".into(),
            supplier_name: "Riverside Ltd".into(),
            start_date: "2027-04-01".into(),
            end_date: "2030-03-31".into(),
            contract_value: Money::ZERO,
            committed: Money::ZERO,
            officers: vec!["Alex Officer".into()],
        };
        for q in ["", "demo-2026", "riverside", "alex", "RIVERSIDE alex"] {
            assert!(ContractFilters { q: q.into() }.matches(&contract), "{q}");
        }
        assert!(!ContractFilters { q: "northfield".into() }.matches(&contract));
    }
}
