//! Quarterly returns: what a supplier reports it delivered in one contract quarter, line by
//! line, with evidence files. Pure: the browser runs `delivered_line` for the live £ on each
//! line, and the server runs the same to check and store what was typed.

use serde::{Deserialize, Serialize};

use calc::{line_value, Money, ProxyValue, Quantity, QuantityError, QuantityRule};
use crate::contracts::Quarter;
use crate::form::{too_long, FieldErrors};

/// The most a line's narrative may hold.
pub const MAX_NARRATIVE_CHARS: usize = 5_000;
/// A line's narrative as the "too long" message names it (its box: "What you delivered for J1").
pub const NARRATIVE_NAME: &str = "What you delivered";
/// The default size limit of one evidence file (the server's `EVIDENCE_MAX_MB` changes it).
pub const DEFAULT_MAX_EVIDENCE_BYTES: u64 = 25 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnStatus {
    /// The supplier is still filling it in.
    Draft,
    /// Submitted: locked, with lines waiting for the council's review.
    Submitted,
    /// Every line decided or asked about, and the council waits for the supplier's answers.
    InformationRequested,
    /// Every line decided.
    Reviewed,
}

impl ReturnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::Draft => "draft",
            ReturnStatus::Submitted => "submitted",
            // The column holds 20 characters.
            ReturnStatus::InformationRequested => "info_requested",
            ReturnStatus::Reviewed => "reviewed",
        }
    }

    pub fn parse(stored: &str) -> Option<ReturnStatus> {
        match stored {
            "draft" => Some(ReturnStatus::Draft),
            "submitted" => Some(ReturnStatus::Submitted),
            "info_requested" => Some(ReturnStatus::InformationRequested),
            "reviewed" => Some(ReturnStatus::Reviewed),
            _ => None,
        }
    }

    /// Only a draft may change: a submitted return is locked (but for the lines the council
    /// asks about, which the supplier answers).
    pub fn can_edit(self) -> bool {
        self == ReturnStatus::Draft
    }

    /// It has been submitted (its lines count as claimed).
    pub fn is_submitted(self) -> bool {
        self != ReturnStatus::Draft
    }

    /// Every status a return has once submitted.
    pub const SUBMITTED: [ReturnStatus; 3] =
        [ReturnStatus::Submitted, ReturnStatus::InformationRequested, ReturnStatus::Reviewed];
}

/// Where a quarter's return stands, as the contract page and the return page show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnState {
    /// The quarter has not started: nothing to report yet.
    NotYetOpen,
    NotStarted,
    Draft,
    Submitted,
    InformationRequested,
    Reviewed,
}

impl ReturnState {
    pub fn of(status: Option<ReturnStatus>, quarter: &Quarter) -> ReturnState {
        match status {
            Some(ReturnStatus::Draft) => ReturnState::Draft,
            Some(ReturnStatus::Submitted) => ReturnState::Submitted,
            Some(ReturnStatus::InformationRequested) => ReturnState::InformationRequested,
            Some(ReturnStatus::Reviewed) => ReturnState::Reviewed,
            None if quarter.state == crate::contracts::QuarterState::NotStarted => ReturnState::NotYetOpen,
            None => ReturnState::NotStarted,
        }
    }

    pub fn label(self, overdue: bool) -> &'static str {
        match (self, overdue) {
            (ReturnState::Submitted, _) => "Submitted: waiting for review",
            (ReturnState::InformationRequested, _) => "More information requested",
            (ReturnState::Reviewed, _) => "Reviewed",
            (_, true) => "Overdue",
            (ReturnState::Draft, false) => "Draft",
            (ReturnState::NotStarted, false) => "Not started",
            (ReturnState::NotYetOpen, false) => "Quarter not started",
        }
    }

    pub fn tag_class(self, overdue: bool) -> &'static str {
        match (self, overdue) {
            (ReturnState::Submitted, _) => "govuk-tag govuk-tag--blue",
            (ReturnState::InformationRequested, _) => "govuk-tag govuk-tag--orange",
            (ReturnState::Reviewed, _) => "govuk-tag govuk-tag--green",
            (_, true) => "govuk-tag govuk-tag--red",
            (ReturnState::Draft, false) => "govuk-tag govuk-tag--yellow",
            (ReturnState::NotStarted, false) | (ReturnState::NotYetOpen, false) => "govuk-tag govuk-tag--grey",
        }
    }
}

/// A return is overdue once its due date has passed and it has not been submitted.
/// Dates are ISO (`YYYY-MM-DD`), which order as text.
pub fn is_overdue(status: Option<ReturnStatus>, return_due: &str, today: &str) -> bool {
    !status.is_some_and(ReturnStatus::is_submitted) && today > return_due
}

/// A quarter's return in the contract page's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterReturn {
    pub quarter: Quarter,
    pub state: ReturnState,
    pub overdue: bool,
}

/// What a line's quantity box holds, checked: `Ok(None)` when it is empty (a draft may leave it
/// so), else the quantity and its £ at the line's proxy value (none for a measure counted in
/// its own units only). The same messages as the offer builder's.
pub fn delivered_line(
    typed: &str,
    rule: QuantityRule,
    proxy: Option<ProxyValue>,
) -> Result<Option<(Quantity, Money)>, QuantityError> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let quantity = Quantity::parse(typed, rule)?;
    Ok(Some((quantity, proxy.map_or(Money::ZERO, |p| line_value(quantity, p)))))
}

/// The box for a line's quantity delivered this quarter.
pub fn quantity_field(line_id: i64) -> String {
    format!("quantity-{line_id}")
}

/// The box for a line's narrative.
pub fn narrative_field(line_id: i64) -> String {
    format!("narrative-{line_id}")
}

/// A line's evidence file input (the error about a refused file is shown beside it).
pub fn evidence_field(line_id: i64) -> String {
    format!("evidence-{line_id}")
}

/// The two attestations submitting asks for.
pub const ATTEST_PERIOD_FIELD: &str = "attest-period";
pub const ATTEST_LINES_FIELD: &str = "attest-lines";
pub const ATTEST_PERIOD_TEXT: &str =
    "This data relates only to social value delivered on this contract in this reporting period";
pub const ATTEST_LINES_TEXT: &str =
    "Each line relates to a commitment in the contract's social value plan, or is marked additional";
/// The additional measure chosen on the return page.
pub const ADDITIONAL_MEASURE_FIELD: &str = "additional-measure";

/// One line of a return as typed, for checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedLine {
    pub line_id: i64,
    pub rule: QuantityRule,
    pub quantity: String,
    pub narrative: String,
}

/// What a draft may hold: any quantity box left empty, but what is typed must be a quantity,
/// and a narrative no longer than the limit. Everything typed is kept either way.
pub fn draft_problems(lines: &[TypedLine]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for line in lines {
        if !line.quantity.trim().is_empty() {
            errors.check(&quantity_field(line.line_id), Quantity::parse(&line.quantity, line.rule));
        }
        if line.narrative.trim().chars().count() > MAX_NARRATIVE_CHARS {
            errors.add(&narrative_field(line.line_id), too_long(NARRATIVE_NAME, MAX_NARRATIVE_CHARS));
        }
    }
    errors
}

/// What submitting needs beyond a draft: a quantity on every line (0 when nothing was
/// delivered), and a narrative for every line that delivered something.
pub fn submission_problems(lines: &[TypedLine]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for line in lines {
        let quantity = errors.check(
            &quantity_field(line.line_id),
            Quantity::parse(&line.quantity, line.rule).map_err(|e| match e {
                QuantityError::Empty => "Enter the quantity delivered this quarter, or 0 if none was".to_owned(),
                other => other.to_string(),
            }),
        );
        let narrative = line.narrative.trim();
        if narrative.chars().count() > MAX_NARRATIVE_CHARS {
            errors.add(&narrative_field(line.line_id), too_long(NARRATIVE_NAME, MAX_NARRATIVE_CHARS));
        } else if narrative.is_empty() && quantity.is_some_and(|q| q.value() > rust_decimal::Decimal::ZERO) {
            errors.add(&narrative_field(line.line_id), "Describe what you delivered this quarter and how you know");
        }
    }
    errors
}

/// Both attestations ticked, or a message beside each one that is not.
pub fn attestation_problems(period: bool, lines: bool) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !period {
        errors
            .add(ATTEST_PERIOD_FIELD, "Confirm that the data relates only to this contract and this reporting period");
    }
    if !lines {
        errors.add(
            ATTEST_LINES_FIELD,
            "Confirm that each line relates to a commitment in the plan or is marked additional",
        );
    }
    errors
}

/// The evidence types accepted, as messages and hints name them.
pub const ALLOWED_EVIDENCE_TYPES: &str = "PDF, PNG, JPEG, CSV, XLSX or DOCX";
/// When an upload's body stops before the file has arrived (a tab closed, a connection lost).
pub const UPLOAD_STOPPED: &str = "The upload stopped before the file arrived. Try again.";

/// The upload route's answer to the uploader island: the file stored, or why it was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadAnswer {
    pub file: Option<EvidenceFileView>,
    pub problem: Option<String>,
}

/// An evidence file as the return page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFileView {
    pub id: i64,
    pub name: String,
    /// "PDF", "PNG"…
    pub kind: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub uploaded_by: String,
    /// UK time
    pub uploaded_at: String,
}

/// A file size as people read it: "812 bytes", "24 KB", "3.2 MB".
pub fn display_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        match tenths % 10 {
            0 => format!("{} MB", tenths / 10),
            tenth => format!("{}.{tenth} MB", tenths / 10),
        }
    }
}

/// One line of a return page: the commitment (or the additional measure), what has been
/// delivered against it so far, and what this return says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLineView {
    pub line_id: i64,
    pub code: String,
    pub description: String,
    pub unit: String,
    pub theme: String,
    pub additional: bool,
    pub rule: QuantityRule,
    pub proxy_value: Option<ProxyValue>,
    /// The commitment's quantity for the contract year (none for an additional line).
    pub committed_for_year: Option<Quantity>,
    /// Approved by the council's review, in the year's other returns.
    pub approved_to_date: Quantity,
    /// Claimed in the year's other submitted returns, not yet reviewed.
    pub awaiting_review: Quantity,
    /// What the commitment still needs after those (none for an additional line).
    pub remaining: Option<Quantity>,
    pub quantity_typed: String,
    pub narrative: String,
    pub files: Vec<EvidenceFileView>,
    /// The council's review of the line (pending while a draft).
    pub review: crate::reviews::LineReview,
}

/// What is left of a year's commitment once approved and awaiting quantities are counted.
pub fn remaining(committed: Quantity, approved: Quantity, awaiting: Quantity) -> Quantity {
    let left = committed.value() - approved.value() - awaiting.value();
    Quantity::from_decimal(left.max(rust_decimal::Decimal::ZERO), QuantityRule::FRACTIONAL).unwrap_or(Quantity::ZERO)
}

/// A measure of the contract's framework version that can be added as an additional line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddableMeasure {
    pub measure_id: i64,
    pub code: String,
    pub description: String,
}

/// A quarter's return page, for the contract's supplier (who fills it in) and council (who reads it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnPage {
    pub contract_id: i64,
    pub contract_reference: String,
    pub contract_title: String,
    pub supplier_name: String,
    pub quarter: Quarter,
    pub state: ReturnState,
    pub overdue: bool,
    /// The viewer is on the supplier's team.
    pub is_supplier: bool,
    /// The viewer may change it: the supplier's team, while it is a draft.
    pub can_edit: bool,
    /// The quarter has ended, so the return can be submitted.
    pub can_submit: bool,
    /// The viewer is council staff and lines wait for review.
    pub can_review: bool,
    /// The viewer is on the supplier's team and the council has asked about lines.
    pub can_answer: bool,
    /// UK time, and who
    pub submitted: Option<(String, String)>,
    pub last_saved: Option<String>,
    pub lines: Vec<ReturnLineView>,
    pub addable_measures: Vec<AddableMeasure>,
    pub max_file_bytes: u64,
}

impl ReturnPage {
    /// The return's £ as it stands: the sum of each valid line's rounded £.
    pub fn total(&self) -> Money {
        self.lines
            .iter()
            .filter_map(|l| delivered_line(&l.quantity_typed, l.rule, l.proxy_value).ok().flatten())
            .map(|(_, value)| value)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    use super::*;

    fn line(id: i64, quantity: &str, narrative: &str, rule: QuantityRule) -> TypedLine {
        TypedLine { line_id: id, rule, quantity: quantity.into(), narrative: narrative.into() }
    }

    #[test]
    fn a_delivered_line_is_worth_its_quantity_at_the_proxy_value() {
        let proxy = ProxyValue::parse(dec!(25.55)).ok();
        let (quantity, value) = delivered_line("1,000.5", QuantityRule::FRACTIONAL, proxy).unwrap().unwrap();
        assert_eq!(quantity.value(), dec!(1000.5));
        assert_eq!(value.pounds(), dec!(25562.78));
        assert_eq!(delivered_line(" ", QuantityRule::WHOLE, proxy), Ok(None));
        assert_eq!(delivered_line("2.5", QuantityRule::WHOLE, proxy), Err(QuantityError::FractionNotAllowed));
        assert_eq!(delivered_line("-1", QuantityRule::WHOLE, proxy), Err(QuantityError::Negative));
        let (_, record_only) = delivered_line("12", QuantityRule::WHOLE, None).unwrap().unwrap();
        assert_eq!(record_only, Money::ZERO);
    }

    #[test]
    fn a_draft_may_leave_boxes_empty_but_submitting_may_not() {
        let lines = [line(1, "", "", QuantityRule::WHOLE), line(2, "3", "", QuantityRule::WHOLE)];
        assert!(draft_problems(&lines).is_empty());
        let errors = submission_problems(&lines);
        assert_eq!(errors.for_field("quantity-1"), Some("Enter the quantity delivered this quarter, or 0 if none was"));
        assert_eq!(errors.for_field("narrative-2"), Some("Describe what you delivered this quarter and how you know"));
        assert_eq!(errors.for_field("narrative-1"), None, "nothing delivered needs no narrative");
        let typed_wrong = [line(3, "lots", "", QuantityRule::WHOLE)];
        assert_eq!(
            draft_problems(&typed_wrong).for_field("quantity-3"),
            Some("Enter the quantity as a number, like 12 or 12.5")
        );
        assert!(submission_problems(&[line(4, "0", "", QuantityRule::WHOLE)]).is_empty());
    }

    #[test]
    fn both_attestations_are_needed() {
        assert!(attestation_problems(true, true).is_empty());
        let errors = attestation_problems(false, false);
        assert!(errors.for_field(ATTEST_PERIOD_FIELD).is_some());
        assert!(errors.for_field(ATTEST_LINES_FIELD).is_some());
    }

    #[test]
    fn overdue_once_the_due_date_has_passed_unless_submitted() {
        assert!(!is_overdue(None, "2027-07-30", "2027-07-30"));
        assert!(is_overdue(None, "2027-07-30", "2027-07-31"));
        assert!(is_overdue(Some(ReturnStatus::Draft), "2027-07-30", "2028-01-01"));
        assert!(!is_overdue(Some(ReturnStatus::Submitted), "2027-07-30", "2028-01-01"));
        assert!(!is_overdue(Some(ReturnStatus::Reviewed), "2027-07-30", "2028-01-01"));
    }

    #[test]
    fn every_status_reads_back_and_fits_its_column() {
        for status in
            [ReturnStatus::Draft, ReturnStatus::Submitted, ReturnStatus::InformationRequested, ReturnStatus::Reviewed]
        {
            assert_eq!(ReturnStatus::parse(status.as_str()), Some(status));
            assert!(status.as_str().len() <= 20, "quarterly_return.status holds 20 characters");
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(display_size(812), "812 bytes");
        assert_eq!(display_size(24 * 1024), "24 KB");
        assert_eq!(display_size(3 * 1024 * 1024 + 200 * 1024), "3.2 MB");
        assert_eq!(display_size(DEFAULT_MAX_EVIDENCE_BYTES), "25 MB");
    }

    proptest! {
        /// What remains is never negative and never more than was committed.
        #[test]
        fn remaining_stays_within_the_commitment(committed in 0u32..100_000, approved in 0u32..100_000, awaiting in 0u32..100_000) {
            let q = |n: u32| Quantity::from_decimal(n.into(), QuantityRule::WHOLE).unwrap();
            let left = remaining(q(committed), q(approved), q(awaiting));
            prop_assert!(left.value() >= rust_decimal::Decimal::ZERO);
            prop_assert!(left.value() <= q(committed).value());
            prop_assert_eq!(left.value() + q(approved).value() + q(awaiting).value() >= q(committed).value(), true);
        }
    }
}
