//! Tenders: the words, the rules for what officers type, and the filters bidders search with.
//! Pure: shared by the server and the browser. Offers are in `offers`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use calc::{parse_typed_number, Money, ScoringRule, ScoringTerms, SvRatio};
use crate::dates::{parse_date, parse_time};
use crate::evaluation::{MarkingScale, DEFAULT_DESCRIPTORS};
use crate::form::FieldErrors;
use crate::frameworks::StoredMeasure;
use crate::offers::OfferStatusLine;

// ---- Tenders ------------------------------------------------------------------------------

/// Where a tender is in its life. "Closed" is never stored: an open tender is closed once its
/// deadline has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TenderStatus {
    Draft,
    Open,
    Closed,
    Awarded,
    Cancelled,
}

impl TenderStatus {
    /// As stored ("closed" is worked out from the deadline).
    pub fn as_str(self) -> &'static str {
        match self {
            TenderStatus::Draft => "draft",
            TenderStatus::Open | TenderStatus::Closed => "open",
            TenderStatus::Awarded => "awarded",
            TenderStatus::Cancelled => "cancelled",
        }
    }

    pub fn of(stored: &str, deadline_passed: bool) -> TenderStatus {
        match stored {
            "draft" => TenderStatus::Draft,
            "awarded" => TenderStatus::Awarded,
            "cancelled" => TenderStatus::Cancelled,
            _ if deadline_passed => TenderStatus::Closed,
            _ => TenderStatus::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TenderStatus::Draft => "Draft",
            TenderStatus::Open => "Open",
            TenderStatus::Closed => "Closed",
            TenderStatus::Awarded => "Awarded",
            TenderStatus::Cancelled => "Cancelled",
        }
    }

    pub fn tag_class(self) -> &'static str {
        match self {
            TenderStatus::Draft => "govuk-tag govuk-tag--grey",
            TenderStatus::Open => "govuk-tag govuk-tag--green",
            TenderStatus::Closed => "govuk-tag govuk-tag--yellow",
            TenderStatus::Awarded => "govuk-tag govuk-tag--blue",
            TenderStatus::Cancelled => "govuk-tag govuk-tag--red",
        }
    }
}

/// The longest contract a tender may describe.
pub const MAX_DURATION_YEARS: u32 = 25;

/// The tender question page's answers, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderAnswers {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub contract_value: String,
    pub duration_years: String,
    pub start_day: String,
    pub start_month: String,
    pub start_year: String,
    pub deadline_day: String,
    pub deadline_month: String,
    pub deadline_year: String,
    pub deadline_time: String,
    pub framework_version: String,
    pub target_ratio: String,
    pub sv_weighting: String,
    pub quantitative_share: String,
    pub scoring_method: String,
    /// The descriptor of each mark of the written answers' scale, from 0 (empty: the default).
    #[serde(default)]
    pub marking_scale: Vec<String>,
}

/// A tender's terms, parsed. The deadline is UK local time; the server turns it into UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedTender {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub contract_value: Money,
    pub duration_years: u32,
    /// "YYYY-MM-DD"
    pub start_date: String,
    /// "YYYY-MM-DD"
    pub deadline_date: String,
    /// (hour, minute), 24-hour clock
    pub deadline_time: (u32, u32),
    pub framework_version_id: i64,
    pub scoring: ScoringTerms,
    pub marking_scale: MarkingScale,
}

impl TenderAnswers {
    /// The answers from a form's (name, value) pairs.
    pub fn from_fields(fields: &[(String, String)]) -> TenderAnswers {
        let value = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
        TenderAnswers {
            reference: value("reference"),
            title: value("title"),
            description: value("description"),
            contract_value: value("contract-value"),
            duration_years: value("duration-years"),
            start_day: value("start-date-day"),
            start_month: value("start-date-month"),
            start_year: value("start-date-year"),
            deadline_day: value("deadline-day"),
            deadline_month: value("deadline-month"),
            deadline_year: value("deadline-year"),
            deadline_time: value("deadline-time"),
            framework_version: value("framework-version"),
            target_ratio: value("target-ratio"),
            sv_weighting: value("sv-weighting"),
            quantitative_share: value("quantitative-share"),
            scoring_method: value("scoring-method"),
            marking_scale: (0..DEFAULT_DESCRIPTORS.len()).map(|mark| value(&MarkingScale::field(mark))).collect(),
        }
    }

    pub fn parse(&self) -> Result<ParsedTender, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reference =
            errors.required_text("reference", &self.reference, "Enter the tender's reference", "Reference", 40);
        let title = errors.required_text("title", &self.title, "Enter the tender's title", "Title", 200);
        let description = errors.required_text(
            "description",
            &self.description,
            "Describe what the contract is for",
            "What the contract is for",
            5000,
        );
        let contract_value = errors.check("contract-value", parse_contract_value(&self.contract_value));
        let duration_years = errors.check("duration-years", parse_duration(&self.duration_years));
        let start_date = errors.check(
            "start-date",
            parse_date(
                (&self.start_day, &self.start_month, &self.start_year),
                "Enter the date the contract starts",
                "The date the contract starts must be a real date, like 1 4 2027",
            ),
        );
        let deadline_date = errors.check(
            "deadline",
            parse_date(
                (&self.deadline_day, &self.deadline_month, &self.deadline_year),
                "Enter the date offers must be in by",
                "The deadline must be a real date, like 15 1 2027",
            ),
        );
        let deadline_time = errors.check("deadline-time", parse_time(&self.deadline_time));
        let framework_version_id = errors.check(
            "framework-version",
            self.framework_version.trim().parse::<i64>().map_err(|_| "Choose the measures framework bidders will use"),
        );
        let target = errors.check(
            "target-ratio",
            parse_bounded(&self.target_ratio, Decimal::from(10), 4)
                .ok_or("Enter the target as pounds of social value per £1, from 0 to 10, like 0.25"),
        );
        let sv_weighting = errors.check(
            "sv-weighting",
            parse_bounded(&self.sv_weighting, Decimal::ONE_HUNDRED, 2)
                .filter(|w| !w.is_zero())
                .ok_or("Enter social value's weighting as a percentage from 1 to 100, like 10"),
        );
        let quantitative_share = errors.check(
            "quantitative-share",
            parse_bounded(&self.quantitative_share, Decimal::ONE_HUNDRED, 2)
                .ok_or("Enter the quantitative part as a percentage from 0 to 100, like 70"),
        );
        let rule = errors.check(
            "scoring-method",
            ScoringRule::parse(&self.scoring_method).ok_or("Choose how the quantitative offer is scored"),
        );
        let marking_scale = MarkingScale::parse(&self.marking_scale, &mut errors);
        match (
            reference,
            title,
            description,
            contract_value,
            duration_years,
            start_date,
            deadline_date,
            deadline_time,
            framework_version_id,
            target,
            sv_weighting,
            quantitative_share,
            rule,
            marking_scale,
        ) {
            (
                Some(reference),
                Some(title),
                Some(description),
                Some(contract_value),
                Some(duration_years),
                Some(start_date),
                Some(deadline_date),
                Some(deadline_time),
                Some(framework_version_id),
                Some(target),
                Some(sv_weighting),
                Some(quantitative_share),
                Some(rule),
                Some(marking_scale),
            ) if errors.is_empty() => Ok(ParsedTender {
                reference,
                title,
                description,
                contract_value,
                duration_years,
                start_date,
                deadline_date,
                deadline_time,
                framework_version_id,
                scoring: ScoringTerms { target: SvRatio::from_decimal(target), sv_weighting, quantitative_share, rule },
                marking_scale,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_contract_value(typed: &str) -> Result<Money, &'static str> {
    if typed.trim().is_empty() {
        return Err("Enter the contract value, like £1,200,000");
    }
    let value = parse_typed_number(typed).ok_or("Enter the contract value in pounds, like 1,200,000")?;
    if value <= Decimal::ZERO {
        return Err("The contract value must be more than £0");
    }
    if value.normalize().scale() > 2 {
        return Err("Enter the contract value to the nearest penny");
    }
    if value > Decimal::from(100_000_000_000u64) {
        return Err("The contract value must be £100 billion or less");
    }
    Ok(Money::from_pounds(value))
}

fn parse_duration(typed: &str) -> Result<u32, String> {
    let message = format!("Enter the contract's length in whole years, from 1 to {MAX_DURATION_YEARS}");
    match typed.trim().parse::<u32>() {
        Ok(years) if (1..=MAX_DURATION_YEARS).contains(&years) => Ok(years),
        _ => Err(message),
    }
}

/// A number from 0 to `max` with at most `places` decimal places.
fn parse_bounded(typed: &str, max: Decimal, places: u32) -> Option<Decimal> {
    let value = parse_typed_number(typed)?.normalize();
    (value >= Decimal::ZERO && value <= max && value.scale() <= places).then_some(value)
}

/// A tender in a list, and at the top of its pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderSummary {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub council_name: String,
    pub contract_value: Money,
    pub duration_years: u32,
    /// "YYYY-MM-DD"
    pub start_date: String,
    /// UK time, e.g. "5pm on 15 January 2027"
    pub deadline: String,
    pub status: TenderStatus,
    pub measure_count: usize,
    /// The themes of the chosen measures, in framework order.
    pub themes: Vec<String>,
}

/// A whole tender, as a supplier or an officer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderDetails {
    pub summary: TenderSummary,
    pub description: String,
    pub framework_version_id: i64,
    pub framework_name: String,
    pub scoring: ScoringTerms,
    /// The measures chosen for this tender, in framework order.
    pub measures: Vec<StoredMeasure>,
    /// The viewer is one of the council's staff.
    pub can_manage: bool,
    /// The viewer is a supplier who may make an offer (the tender is open).
    pub can_offer: bool,
    /// The viewer's organisation's offer, if it has started one.
    pub own_offer: Option<OfferStatusLine>,
}

/// A tender being prepared: its details, the answers for its form, and every measure of its
/// framework version with whether it is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderEditing {
    pub details: TenderDetails,
    pub answers: TenderAnswers,
    pub framework_measures: Vec<(StoredMeasure, bool)>,
    /// What stops it opening (empty when it can open).
    pub open_problems: Vec<String>,
    /// The submitted offers, once the deadline has passed (sealed until then), best first.
    pub offers: Vec<OfferStanding>,
    pub awarded_offer_id: Option<i64>,
    /// The contract the award made.
    pub contract_id: Option<i64>,
}

/// A submitted offer as the council sees it after the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStanding {
    pub offer_id: i64,
    pub supplier_name: String,
    pub reference: String,
    pub total: Money,
    pub ratio: Option<SvRatio>,
    /// Under the tender's own method: against the target, or against the best offer.
    pub quantitative_score: Decimal,
    /// The social value score (quantitative + moderated qualitative), and its rank.
    pub score: Decimal,
    pub rank: u32,
    pub tied: bool,
}

/// A published framework version a tender can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkChoice {
    pub id: i64,
    pub label: String,
}

/// The open-tenders list's search and filters, from its GET form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderFilters {
    /// Words in the reference, title or description.
    pub words: String,
    /// Closing within this many days.
    pub closing_within_days: Option<u32>,
    pub min_value: Option<Decimal>,
    pub max_value: Option<Decimal>,
    /// Only tenders with measures in this theme.
    pub theme: String,
}

impl TenderFilters {
    pub const CLOSING_CHOICES: [(u32, &'static str); 3] =
        [(7, "Within 7 days"), (30, "Within 30 days"), (90, "Within 90 days")];
    pub const VALUE_CHOICES: [(&'static str, &'static str); 4] = [
        ("0-500000", "Up to £500,000"),
        ("500000-2000000", "£500,000 to £2 million"),
        ("2000000-10000000", "£2 million to £10 million"),
        ("10000000-", "Over £10 million"),
    ];

    /// From the query string's (name, value) pairs: words, closing, value ("min-max"), theme.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> TenderFilters {
        let (min_value, max_value) = get("value")
            .and_then(|band| {
                let (min, max) = band.split_once('-')?;
                Some((min.parse().ok(), max.parse().ok()))
            })
            .unwrap_or((None, None));
        TenderFilters {
            words: get("words").unwrap_or_default().trim().to_owned(),
            closing_within_days: get("closing").and_then(|d| d.parse().ok()),
            min_value,
            max_value,
            theme: get("theme").unwrap_or_default().trim().to_owned(),
        }
    }

    pub fn matches(&self, tender: &TenderSummary, description: &str, days_to_deadline: i64) -> bool {
        let words = self.words.to_lowercase();
        let text = format!("{} {} {}", tender.reference, tender.title, description).to_lowercase();
        (words.is_empty() || words.split_whitespace().all(|w| text.contains(w)))
            && self.closing_within_days.is_none_or(|days| days_to_deadline <= i64::from(days))
            && self.min_value.is_none_or(|min| tender.contract_value.pounds() >= min)
            && self.max_value.is_none_or(|max| tender.contract_value.pounds() <= max)
            && (self.theme.is_empty() || tender.themes.iter().any(|t| t.eq_ignore_ascii_case(&self.theme)))
    }
}

/// The themes of `measures`, each once, in the order they first appear (framework order).
pub fn theme_order(measures: &[StoredMeasure]) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for measure in measures {
        if !themes.contains(&measure.measure.theme) {
            themes.push(measure.measure.theme.clone());
        }
    }
    themes
}

impl TenderAnswers {
    /// A whole, valid set of answers: the tests and the error-message snapshot start from it.
    #[doc(hidden)]
    pub fn example() -> TenderAnswers {
        TenderAnswers {
            reference: "DCC-2027-014".into(),
            title: "Highways maintenance".into(),
            description: "Roads".into(),
            contract_value: "£2,000,000".into(),
            duration_years: "3".into(),
            start_day: "1".into(),
            start_month: "4".into(),
            start_year: "2027".into(),
            deadline_day: "15".into(),
            deadline_month: "1".into(),
            deadline_year: "2027".into(),
            deadline_time: "5pm".into(),
            framework_version: "1".into(),
            target_ratio: "0.25".into(),
            sv_weighting: "10%".into(),
            quantitative_share: "70".into(),
            scoring_method: "target_relative".into(),
            marking_scale: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn answers() -> TenderAnswers {
        TenderAnswers::example()
    }

    #[test]
    fn parses_a_whole_tender() {
        let parsed = answers().parse().unwrap();
        assert_eq!(parsed.contract_value, Money::from_pounds(dec!(2000000)));
        assert_eq!(parsed.deadline_time, (17, 0));
        assert_eq!(parsed.scoring.quantitative_weight(), dec!(7));
        assert_eq!(parsed.start_date, "2027-04-01");
    }

    #[test]
    fn each_bad_answer_is_named() {
        let bad = TenderAnswers {
            contract_value: "-5".into(),
            duration_years: "0".into(),
            deadline_time: "25:00".into(),
            target_ratio: "lots".into(),
            sv_weighting: "0".into(),
            quantitative_share: "120".into(),
            scoring_method: "".into(),
            ..answers()
        };
        let errors = bad.parse().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field_id.as_str()).collect();
        assert_eq!(
            fields,
            [
                "contract-value",
                "duration-years",
                "deadline-time",
                "target-ratio",
                "sv-weighting",
                "quantitative-share",
                "scoring-method"
            ]
        );
    }

    #[test]
    fn an_open_tender_closes_at_its_deadline() {
        assert_eq!(TenderStatus::of("open", false), TenderStatus::Open);
        assert_eq!(TenderStatus::of("open", true), TenderStatus::Closed);
        assert_eq!(TenderStatus::of("draft", true), TenderStatus::Draft);
        assert_eq!(TenderStatus::of("awarded", true), TenderStatus::Awarded);
        assert_eq!(TenderStatus::Closed.as_str(), "open");
    }

    #[test]
    fn filters_match_words_deadline_value_and_theme() {
        let tender = TenderSummary {
            id: 1,
            reference: "DCC-14".into(),
            title: "Highways maintenance".into(),
            council_name: "Demo".into(),
            contract_value: Money::from_pounds(dec!(2000000)),
            duration_years: 3,
            start_date: "2027-04-01".into(),
            deadline: String::new(),
            status: TenderStatus::Open,
            measure_count: 3,
            themes: vec!["Jobs".into(), "Environment".into()],
        };
        let query = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            TenderFilters::from_query(|name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        };
        assert!(query(&[]).matches(&tender, "roads", 40));
        assert!(query(&[("words", "HIGHWAYS roads")]).matches(&tender, "Roads and gritting", 40));
        assert!(!query(&[("words", "catering")]).matches(&tender, "roads", 40));
        assert!(query(&[("closing", "30")]).matches(&tender, "", 29));
        assert!(!query(&[("closing", "7")]).matches(&tender, "", 29));
        assert!(query(&[("value", "500000-2000000")]).matches(&tender, "", 1));
        assert!(!query(&[("value", "10000000-")]).matches(&tender, "", 1));
        assert!(query(&[("theme", "environment")]).matches(&tender, "", 1));
        assert!(!query(&[("theme", "Social")]).matches(&tender, "", 1));
    }
}
