//! Tenders and the offers suppliers make to them: the words, the rules for what officers and
//! bid writers type, and the figures of an offer. Pure: shared by the server and the browser.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calc::{
    parse_line, parse_typed_number, LineTerms, Money, OfferFigures, OfferLine, ProxyValue, Quantity, QuantityRule,
    ScoringRule, ScoringTerms, SvRatio,
};
use crate::domain::form::FieldErrors;
use crate::domain::frameworks::{parse_date, MeasureKind, StoredMeasure};

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
        }
    }

    pub fn parse(&self) -> Result<ParsedTender, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reference = errors.required_text("reference", &self.reference, "Enter the tender's reference", 40);
        let title = errors.required_text("title", &self.title, "Enter the tender's title", 200);
        let description =
            errors.required_text("description", &self.description, "Describe what the contract is for", 5000);
        let contract_value = errors.check("contract-value", parse_contract_value(&self.contract_value));
        let duration_years = errors.check("duration-years", parse_duration(&self.duration_years));
        // A date left empty gets this question's own message.
        let date = |day: &str, month: &str, year: &str, missing: &'static str| {
            parse_date(day, month, year).map_err(|e| if e.starts_with("Enter") { missing } else { e })
        };
        let start_date = errors.check(
            "start-date",
            date(&self.start_day, &self.start_month, &self.start_year, "Enter the date the contract starts"),
        );
        let deadline_date = errors.check(
            "deadline",
            date(&self.deadline_day, &self.deadline_month, &self.deadline_year, "Enter the date offers must be in by"),
        );
        let deadline_time = errors.check("deadline-time", parse_time(&self.deadline_time));
        let framework_version_id = errors.check(
            "framework-version",
            self.framework_version.trim().parse::<i64>().map_err(|_| "Choose the measures framework bidders will use"),
        );
        let target = errors.check(
            "target-ratio",
            parse_bounded(&self.target_ratio, Decimal::from(10), 4)
                .ok_or("Enter the target as pounds of social value per £1, like 0.25"),
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

/// "17:00", "9:30", "5pm", "5:30pm", "12pm" (midday), "12am" (midnight) → (hour, minute).
pub fn parse_time(typed: &str) -> Result<(u32, u32), &'static str> {
    let message = "Enter the time, like 17:00 or 5pm";
    let typed = typed.trim().to_ascii_lowercase().replace(' ', "").replace('.', ":");
    if typed.is_empty() {
        return Err("Enter the time offers must be in by, like 17:00");
    }
    let (clock, suffix) = match typed.strip_suffix("am").or_else(|| typed.strip_suffix("a.m")) {
        Some(rest) => (rest.to_owned(), Some(false)),
        None => match typed.strip_suffix("pm") {
            Some(rest) => (rest.to_owned(), Some(true)),
            None => (typed.clone(), None),
        },
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => {
            (h.parse::<u32>().map_err(|_| message)?, m.parse::<u32>().map_err(|_| message)?)
        }
        Some(_) => return Err(message),
        None => (clock.parse::<u32>().map_err(|_| message)?, 0),
    };
    let hour = match suffix {
        Some(pm) if (1..=12).contains(&hour) => (hour % 12) + if pm { 12 } else { 0 },
        Some(_) => return Err(message),
        None => hour,
    };
    if hour > 23 || minute > 59 {
        return Err(message);
    }
    Ok((hour, minute))
}

/// A number from 0 to `max` with at most `places` decimal places.
fn parse_bounded(typed: &str, max: Decimal, places: u32) -> Option<Decimal> {
    let value = parse_typed_number(typed)?.normalize();
    (value >= Decimal::ZERO && value <= max && value.scale() <= places).then_some(value)
}

/// "17:00" → "5pm"; "09:30" → "9:30am"; "12:00" → "midday" (GOV.UK style).
pub fn display_time(hour: u32, minute: u32) -> String {
    match (hour, minute) {
        (0, 0) => "midnight".into(),
        (12, 0) => "midday".into(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let twelve = if hour % 12 == 0 { 12 } else { hour % 12 };
            if minute == 0 {
                format!("{twelve}{suffix}")
            } else {
                format!("{twelve}:{minute:02}{suffix}")
            }
        }
    }
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

// ---- Offers -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Draft,
    Submitted,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Draft => "draft",
            OfferStatus::Submitted => "submitted",
        }
    }

    pub fn parse(stored: &str) -> OfferStatus {
        if stored == "submitted" {
            OfferStatus::Submitted
        } else {
            OfferStatus::Draft
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OfferStatus::Draft => "Draft, not submitted",
            OfferStatus::Submitted => "Submitted",
        }
    }
}

/// An organisation's offer, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStatusLine {
    pub offer_id: i64,
    pub status: OfferStatus,
}

/// What an offer says for one measure, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswers {
    /// Contract year → the quantity as typed.
    pub quantities: BTreeMap<u32, String>,
    pub plan: String,
    pub response: String,
}

impl ItemAnswers {
    pub fn is_empty(&self) -> bool {
        self.quantities.values().all(|q| q.trim().is_empty())
            && self.plan.trim().is_empty()
            && self.response.trim().is_empty()
    }
}

/// An offer's answers by measure id.
pub type OfferAnswers = BTreeMap<i64, ItemAnswers>;

pub const MAX_PLAN_CHARS: usize = 1000;
pub const MAX_RESPONSE_CHARS: usize = 5000;

pub fn quantity_field(measure_id: i64, year: u32) -> String {
    format!("q-{measure_id}-{year}")
}

pub fn plan_field(measure_id: i64) -> String {
    format!("plan-{measure_id}")
}

pub fn response_field(measure_id: i64) -> String {
    format!("response-{measure_id}")
}

/// The offer's answers from a form's (name, value) pairs. Only the tender's measures are read:
/// anything else sent (a figure, a total, another measure) is ignored.
pub fn answers_from_fields(fields: &[(String, String)], measures: &[StoredMeasure]) -> OfferAnswers {
    let chosen: std::collections::BTreeSet<i64> = measures.iter().map(|m| m.id).collect();
    let mut answers = OfferAnswers::new();
    for (name, value) in fields {
        let mut parts = name.splitn(3, '-');
        let (Some(kind), Some(id)) = (parts.next(), parts.next().and_then(|id| id.parse::<i64>().ok())) else {
            continue;
        };
        if !chosen.contains(&id) {
            continue;
        }
        let item = answers.entry(id).or_default();
        match (kind, parts.next()) {
            ("q", Some(year)) => {
                if let Ok(year) = year.parse::<u32>() {
                    item.quantities.insert(year, value.clone());
                }
            }
            ("plan", None) => item.plan = value.clone(),
            ("response", None) => item.response = value.clone(),
            _ => {}
        }
    }
    answers.retain(|_, item| !item.is_empty());
    answers
}

/// The terms an offer is made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferTerms {
    pub contract_value: Money,
    pub duration_years: u32,
    pub scoring: ScoringTerms,
}

/// What a measure asks of the quantities typed for it.
pub fn line_terms(measure: &StoredMeasure) -> LineTerms {
    let m = &measure.measure;
    LineTerms {
        theme: m.theme.clone(),
        proxy: if m.kind == MeasureKind::Monetised { m.proxy_value } else { None },
        rule: if m.allows_fraction { QuantityRule::FRACTIONAL } else { QuantityRule::WHOLE },
        first_year_only: m.first_year_only,
    }
}

/// One valid line, with the measure it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedLine {
    pub measure_id: i64,
    pub year: u32,
    pub quantity: Quantity,
    pub proxy: Option<ProxyValue>,
    pub value: Money,
}

/// An offer's lines, checked, and its figures: invalid lines are reported and left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OfferCheck {
    pub lines: Vec<CheckedLine>,
    pub figures: OfferFigures,
    /// Problems beside the fields they belong to, in page order.
    pub errors: FieldErrors,
}

/// Checks every quantity of an offer and computes its figures, the same way in the browser
/// (live, as people type) and on the server (the figures that count).
pub fn check_offer(terms: &OfferTerms, measures: &[StoredMeasure], answers: &OfferAnswers) -> OfferCheck {
    let mut lines = Vec::new();
    let mut offer_lines: Vec<OfferLine> = Vec::new();
    let mut errors = FieldErrors::default();
    for measure in measures {
        let Some(item) = answers.get(&measure.id) else { continue };
        if measure.measure.kind == MeasureKind::Qualitative {
            add_text_problem(&mut errors, measure, item);
            continue;
        }
        let line_terms = line_terms(measure);
        for (&year, typed) in &item.quantities {
            match parse_line(&line_terms, year, terms.duration_years, typed) {
                Ok(Some(line)) => {
                    lines.push(CheckedLine {
                        measure_id: measure.id,
                        year,
                        quantity: line.quantity,
                        proxy: line.proxy,
                        value: line.value(),
                    });
                    offer_lines.push(line);
                }
                Ok(None) => {}
                Err(error) => errors.add(&quantity_field(measure.id, year), error),
            }
        }
        add_text_problem(&mut errors, measure, item);
    }
    let figures = OfferFigures::compute(&offer_lines, terms.contract_value);
    OfferCheck { lines, figures, errors }
}

/// A written response or delivery plan over its length: refused even in a draft, since it
/// cannot be stored.
pub fn add_text_problem(errors: &mut FieldErrors, measure: &StoredMeasure, item: &ItemAnswers) {
    let (field, text, max) = match measure.measure.kind {
        MeasureKind::Qualitative => (response_field(measure.id), &item.response, MAX_RESPONSE_CHARS),
        _ => (plan_field(measure.id), &item.plan, MAX_PLAN_CHARS),
    };
    if text.chars().count() > max {
        errors.add(&field, format!("Enter {max} characters or fewer"));
    }
}

/// What stops an offer being submitted: its invalid answers, a missing delivery plan, or an
/// offer of nothing.
pub fn submission_problems(measures: &[StoredMeasure], answers: &OfferAnswers, check: &OfferCheck) -> FieldErrors {
    let mut problems = check.errors.clone();
    for measure in measures {
        let Some(item) = answers.get(&measure.id) else { continue };
        let offers_something = match measure.measure.kind {
            MeasureKind::Qualitative => false,
            _ => check.lines.iter().any(|l| l.measure_id == measure.id && !l.quantity.value().is_zero()),
        };
        if offers_something && item.plan.trim().is_empty() {
            problems.add(
                &plan_field(measure.id),
                format!("Enter how you will deliver {} {}", measure.measure.code, measure.measure.description),
            );
        }
    }
    let any_response = measures.iter().any(|m| {
        m.measure.kind == MeasureKind::Qualitative && answers.get(&m.id).is_some_and(|i| !i.response.trim().is_empty())
    });
    if check.lines.is_empty() && !any_response {
        problems.add("offer", "Enter a quantity or a response for at least one measure");
    }
    problems
}

/// An offer's page: the tender, its measures, the answers so far, and the offer's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferPage {
    pub offer_id: i64,
    pub tender: TenderSummary,
    pub terms: OfferTerms,
    pub measures: Vec<StoredMeasure>,
    pub answers: OfferAnswers,
    pub status: OfferStatus,
    /// Drafts can be changed while the tender is open.
    pub editable: bool,
    /// A submitted offer can be withdrawn while the tender is open.
    pub can_withdraw: bool,
    /// e.g. "3:04pm on 26 November 2026 by Demo Bid Writer"
    pub last_saved: Option<String>,
    pub submissions: Vec<SubmissionSummary>,
}

/// One submission of an offer, kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub id: i64,
    pub reference: String,
    pub submitted: String,
    pub submitted_by: String,
    pub withdrawn: Option<String>,
    pub total: Money,
    pub ratio: Option<SvRatio>,
}

/// What a submission recorded: every line with the proxy value it used, and the figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedOffer {
    pub contract_value: Money,
    pub lines: Vec<SubmittedLine>,
    pub responses: Vec<SubmittedResponse>,
    pub total: Money,
    pub by_theme: BTreeMap<String, Money>,
    pub by_year: BTreeMap<u32, Money>,
    pub ratio: Option<SvRatio>,
    pub indicative_score: Decimal,
    /// The marks the indicative score is out of.
    #[serde(default)]
    pub quantitative_weight: Decimal,
    /// The themes in framework order, for showing the totals by theme.
    #[serde(default)]
    pub theme_order: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedLine {
    pub measure_id: i64,
    pub code: String,
    pub theme: String,
    pub description: String,
    pub unit: String,
    pub year: u32,
    pub quantity: Quantity,
    pub proxy_value: Option<ProxyValue>,
    pub value: Money,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedResponse {
    pub measure_id: i64,
    pub code: String,
    pub description: String,
    pub response: String,
}

impl SubmittedOffer {
    pub fn build(terms: &OfferTerms, measures: &[StoredMeasure], answers: &OfferAnswers, check: &OfferCheck) -> Self {
        let by_id: BTreeMap<i64, &StoredMeasure> = measures.iter().map(|m| (m.id, m)).collect();
        let lines = check
            .lines
            .iter()
            .filter_map(|line| {
                let measure = by_id.get(&line.measure_id)?;
                Some(SubmittedLine {
                    measure_id: line.measure_id,
                    code: measure.measure.code.clone(),
                    theme: measure.measure.theme.clone(),
                    description: measure.measure.description.clone(),
                    unit: measure.measure.unit.clone(),
                    year: line.year,
                    quantity: line.quantity,
                    proxy_value: line.proxy,
                    value: line.value,
                    plan: answers.get(&line.measure_id).map(|i| i.plan.trim().to_owned()).unwrap_or_default(),
                })
            })
            .collect();
        let responses = measures
            .iter()
            .filter(|m| m.measure.kind == MeasureKind::Qualitative)
            .filter_map(|m| {
                let response = answers.get(&m.id)?.response.trim();
                (!response.is_empty()).then(|| SubmittedResponse {
                    measure_id: m.id,
                    code: m.measure.code.clone(),
                    description: m.measure.description.clone(),
                    response: response.to_owned(),
                })
            })
            .collect();
        SubmittedOffer {
            contract_value: terms.contract_value,
            lines,
            responses,
            total: check.figures.total,
            by_theme: check.figures.by_theme.clone(),
            by_year: check.figures.by_year.clone(),
            ratio: check.figures.ratio,
            indicative_score: terms.scoring.indicative_score(check.figures.ratio),
            quantitative_weight: terms.scoring.quantitative_weight(),
            theme_order: theme_order(measures),
        }
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

/// The check-your-answers page before submitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferReview {
    pub page: OfferPage,
    pub offer: SubmittedOffer,
    pub problems: FieldErrors,
}

/// A submission's receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferReceipt {
    pub tender: TenderSummary,
    pub offer_id: i64,
    pub submission: SubmissionSummary,
    pub offer: SubmittedOffer,
    pub target: SvRatio,
    pub quantitative_weight: Decimal,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::frameworks::Measure;
    use rust_decimal_macros::dec;

    fn answers() -> TenderAnswers {
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
        }
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

    #[test]
    fn reads_times_as_people_write_them() {
        assert_eq!(parse_time("17:00"), Ok((17, 0)));
        assert_eq!(parse_time("9.30am"), Ok((9, 30)));
        assert_eq!(parse_time("12pm"), Ok((12, 0)));
        assert_eq!(parse_time("12am"), Ok((0, 0)));
        assert_eq!(parse_time("5:45 PM"), Ok((17, 45)));
        assert!(parse_time("13pm").is_err());
        assert_eq!(display_time(17, 0), "5pm");
        assert_eq!(display_time(9, 5), "9:05am");
        assert_eq!(display_time(12, 0), "midday");
    }

    fn measure(id: i64, code: &str, kind: MeasureKind, proxy: Option<Decimal>, first_year_only: bool) -> StoredMeasure {
        StoredMeasure {
            id,
            measure: Measure {
                code: code.into(),
                theme: if id % 2 == 0 { "Jobs".into() } else { "Environment".into() },
                outcome: "o".into(),
                description: format!("measure {code}"),
                unit: "people".into(),
                allows_fraction: true,
                kind,
                proxy_value: proxy.map(|p| ProxyValue::parse(p).unwrap()),
                guidance: String::new(),
                evidence_required: String::new(),
                first_year_only,
                community_offer: false,
                adds_to: None,
                applies: true,
            },
        }
    }

    #[test]
    fn the_form_reads_only_the_tenders_measures_and_ignores_sent_figures() {
        let measures = [measure(2, "J1", MeasureKind::Monetised, Some(dec!(100)), false)];
        let fields: Vec<(String, String)> = [
            ("q-2-1", "3"),
            ("q-2-2", "4"),
            ("plan-2", "Hire locally"),
            ("q-9-1", "1000"),
            ("value-2-1", "99999999"),
            ("total", "1000000000"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        let answers = answers_from_fields(&fields, &measures);
        assert_eq!(answers.len(), 1);
        let terms =
            OfferTerms { contract_value: Money::from_pounds(dec!(7000)), duration_years: 3, scoring: answers_terms() };
        let check = check_offer(&terms, &measures, &answers);
        assert_eq!(check.figures.total, Money::from_pounds(dec!(700)));
        assert_eq!(check.figures.ratio.unwrap().to_string(), "£0.10 per £1");
        assert!(submission_problems(&measures, &answers, &check).is_empty());
    }

    fn answers_terms() -> ScoringTerms {
        answers().parse().unwrap().scoring
    }

    #[test]
    fn invalid_lines_are_reported_beside_their_field_and_left_out() {
        let measures = [
            measure(2, "J1", MeasureKind::Monetised, Some(dec!(100)), false),
            measure(3, "E1", MeasureKind::RecordOnly, None, true),
            measure(4, "Q1", MeasureKind::Qualitative, None, false),
        ];
        let mut answers = OfferAnswers::new();
        answers.insert(
            2,
            ItemAnswers {
                quantities: [(1, "2".into()), (2, "-1".into()), (4, "1".into())].into(),
                ..Default::default()
            },
        );
        answers.insert(
            3,
            ItemAnswers {
                quantities: [(1, "5".into()), (2, "5".into())].into(),
                plan: "p".into(),
                ..Default::default()
            },
        );
        answers.insert(4, ItemAnswers { response: "We will...".into(), ..Default::default() });
        let terms =
            OfferTerms { contract_value: Money::from_pounds(dec!(1000)), duration_years: 3, scoring: answers_terms() };
        let check = check_offer(&terms, &measures, &answers);
        assert_eq!(check.figures.total, Money::from_pounds(dec!(200)));
        let fields: Vec<&str> = check.errors.0.iter().map(|e| e.field_id.as_str()).collect();
        assert_eq!(fields, ["q-2-2", "q-2-4", "q-3-2"]);
        let problems = submission_problems(&measures, &answers, &check);
        assert_eq!(problems.for_field("plan-2"), Some("Enter how you will deliver J1 measure J1"));
        assert_eq!(problems.0.len(), 4);
    }
}
