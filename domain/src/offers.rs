//! Offers suppliers make to tenders: the rules for what bid writers type, and the figures of an
//! offer. Pure: shared by the server and the browser (the offer builder runs `check_offer`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use calc::{
    parse_line, LineTerms, Money, OfferFigures, OfferLine, ProxyValue, Quantity, QuantityRule, ScoringTerms, SvRatio,
};
use crate::form::FieldErrors;
use crate::frameworks::{MeasureKind, StoredMeasure};
use crate::tenders::{theme_order, TenderSummary};

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

/// What has become of an offer, as its supplier's list of offers says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferOutcome {
    /// The tender is open: the offer may still change.
    Open,
    /// The deadline passed with the offer still a draft.
    NotSubmitted,
    /// Submitted, and the council has not yet awarded the tender.
    AwaitingDecision,
    Successful,
    /// Another bidder won: the offer's page holds its assessment summary.
    NotSuccessful,
    Cancelled,
}

impl OfferOutcome {
    /// The outcome of an offer in `status`, for a tender in `tender_status`; `won` says whether
    /// the tender was awarded to this offer.
    pub fn of(status: OfferStatus, tender_status: crate::tenders::TenderStatus, won: bool) -> OfferOutcome {
        use crate::tenders::TenderStatus;
        match (tender_status, status) {
            (TenderStatus::Cancelled, _) => OfferOutcome::Cancelled,
            (TenderStatus::Awarded, _) if won => OfferOutcome::Successful,
            (TenderStatus::Awarded | TenderStatus::Closed, OfferStatus::Draft) => OfferOutcome::NotSubmitted,
            (TenderStatus::Awarded, OfferStatus::Submitted) => OfferOutcome::NotSuccessful,
            (TenderStatus::Closed, OfferStatus::Submitted) => OfferOutcome::AwaitingDecision,
            (TenderStatus::Draft | TenderStatus::Open, _) => OfferOutcome::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OfferOutcome::Open => "Open for offers",
            OfferOutcome::NotSubmitted => "Not submitted",
            OfferOutcome::AwaitingDecision => "Waiting for the council's decision",
            OfferOutcome::Successful => "Successful",
            OfferOutcome::NotSuccessful => "Not successful",
            OfferOutcome::Cancelled => "Tender cancelled",
        }
    }

    /// The GOV.UK tag colour for the outcome.
    pub fn tag_class(self) -> &'static str {
        match self {
            OfferOutcome::Open => "govuk-tag govuk-tag--blue",
            OfferOutcome::AwaitingDecision => "govuk-tag govuk-tag--yellow",
            OfferOutcome::Successful => "govuk-tag govuk-tag--green",
            OfferOutcome::NotSuccessful => "govuk-tag govuk-tag--red",
            OfferOutcome::NotSubmitted | OfferOutcome::Cancelled => "govuk-tag govuk-tag--grey",
        }
    }

    /// Whether the offer's page holds the council's assessment summary.
    pub fn has_assessment(self) -> bool {
        matches!(self, OfferOutcome::Successful | OfferOutcome::NotSuccessful)
    }
}

/// One of the supplier's offers, in its list of offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferListRow {
    pub offer_id: i64,
    pub tender_reference: String,
    pub tender_title: String,
    pub council_name: String,
    /// UK time, e.g. "5pm on 15 January 2027"
    pub deadline: String,
    pub status: OfferStatus,
    pub outcome: OfferOutcome,
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

/// The check page's confirmation that the offer is accurate and deliverable.
pub const ATTESTATION_FIELD: &str = "attestation";

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
        errors.add(&field, text_too_long(&measure.measure.code, measure.measure.kind));
    }
}

/// The message for a measure's written answer over its length: the builder shows it as you
/// type, and the server gives the same one.
pub fn text_too_long(code: &str, kind: MeasureKind) -> String {
    match kind {
        MeasureKind::Qualitative => {
            crate::form::too_long(&format!("Your response to {code}"), MAX_RESPONSE_CHARS)
        }
        _ => crate::form::too_long(&format!("Your delivery plan for {code}"), MAX_PLAN_CHARS),
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
            problems.add(&plan_field(measure.id), format!("Enter how you will deliver {}", measure.measure.code));
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
    /// Once the tender is awarded: the offer's assessment summary.
    pub assessment: Option<crate::evaluation::AssessmentSummary>,
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
    use crate::frameworks::Measure;
    use rust_decimal_macros::dec;

    #[test]
    fn an_offers_outcome_follows_its_tender() {
        use crate::tenders::TenderStatus as T;
        use OfferOutcome as O;
        use OfferStatus::{Draft, Submitted};
        let cases = [
            (Draft, T::Open, false, O::Open),
            (Submitted, T::Open, false, O::Open),
            (Draft, T::Closed, false, O::NotSubmitted),
            (Submitted, T::Closed, false, O::AwaitingDecision),
            (Submitted, T::Awarded, true, O::Successful),
            (Submitted, T::Awarded, false, O::NotSuccessful),
            (Draft, T::Awarded, false, O::NotSubmitted),
            (Submitted, T::Cancelled, false, O::Cancelled),
        ];
        for (status, tender, won, expected) in cases {
            assert_eq!(OfferOutcome::of(status, tender, won), expected, "{status:?} {tender:?} {won}");
        }
        assert!(O::NotSuccessful.has_assessment() && O::Successful.has_assessment() && !O::AwaitingDecision.has_assessment());
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
        ScoringTerms {
            target: SvRatio::from_decimal(dec!(0.25)),
            sv_weighting: dec!(10),
            quantitative_share: dec!(70),
            rule: calc::ScoringRule::TargetRelative,
        }
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
        assert_eq!(problems.for_field("plan-2"), Some("Enter how you will deliver J1"));
        assert_eq!(problems.0.len(), 4);
    }
}
