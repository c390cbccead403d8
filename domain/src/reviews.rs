//! The council's review of a submitted return: a decision on every line (approve, approve a
//! smaller quantity, reject, or ask for more information), each with a comment; the supplier's
//! answers to questions; and each line's history. Pure: the words, the states and the checks.

use serde::{Deserialize, Serialize};

use calc::{Quantity, QuantityError, QuantityRule};
use crate::form::{too_long, FieldErrors};
use crate::returns::{narrative_field, quantity_field, ReturnStatus, MAX_NARRATIVE_CHARS, NARRATIVE_NAME};

/// The most a comment, question or reply may hold.
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// Where one line of a submitted return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineStatus {
    /// Waiting for the council's decision.
    Pending,
    Approved,
    /// Approved at a smaller quantity than claimed.
    ApprovedLess,
    Rejected,
    /// Waiting for the supplier's answer.
    InformationRequested,
}

impl LineStatus {
    pub const ALL: [LineStatus; 5] = [
        LineStatus::Pending,
        LineStatus::Approved,
        LineStatus::ApprovedLess,
        LineStatus::Rejected,
        LineStatus::InformationRequested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Pending => "pending",
            LineStatus::Approved => "approved",
            LineStatus::ApprovedLess => "approved_less",
            LineStatus::Rejected => "rejected",
            LineStatus::InformationRequested => "information_requested",
        }
    }

    pub fn parse(stored: &str) -> Option<LineStatus> {
        LineStatus::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            LineStatus::Pending => "Waiting for review",
            LineStatus::Approved => "Approved",
            LineStatus::ApprovedLess => "Approved in part",
            LineStatus::Rejected => "Rejected",
            LineStatus::InformationRequested => "More information requested",
        }
    }

    pub fn tag_class(self) -> &'static str {
        match self {
            LineStatus::Pending => "govuk-tag govuk-tag--blue",
            LineStatus::Approved => "govuk-tag govuk-tag--green",
            LineStatus::ApprovedLess => "govuk-tag govuk-tag--turquoise",
            LineStatus::Rejected => "govuk-tag govuk-tag--red",
            LineStatus::InformationRequested => "govuk-tag govuk-tag--orange",
        }
    }

    /// A final decision: the line's approved quantity counts as delivered.
    pub fn is_decided(self) -> bool {
        matches!(self, LineStatus::Approved | LineStatus::ApprovedLess | LineStatus::Rejected)
    }
}

/// A submitted return's status once its lines' statuses are known: waiting for review while a
/// line is; else waiting for the supplier while a question is open; else reviewed.
pub fn return_status_of(lines: impl IntoIterator<Item = LineStatus>) -> ReturnStatus {
    let mut asked = false;
    for status in lines {
        match status {
            LineStatus::Pending => return ReturnStatus::Submitted,
            LineStatus::InformationRequested => asked = true,
            _ => {}
        }
    }
    if asked {
        ReturnStatus::InformationRequested
    } else {
        ReturnStatus::Reviewed
    }
}

/// An entry of a line's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewEventKind {
    Approved,
    ApprovedLess,
    Rejected,
    InformationRequested,
    /// The supplier answered a question and sent the line back for review.
    Answered,
}

impl ReviewEventKind {
    pub const ALL: [ReviewEventKind; 5] = [
        ReviewEventKind::Approved,
        ReviewEventKind::ApprovedLess,
        ReviewEventKind::Rejected,
        ReviewEventKind::InformationRequested,
        ReviewEventKind::Answered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewEventKind::Approved => "approved",
            ReviewEventKind::ApprovedLess => "approved_less",
            ReviewEventKind::Rejected => "rejected",
            ReviewEventKind::InformationRequested => "information_requested",
            ReviewEventKind::Answered => "answered",
        }
    }

    pub fn parse(stored: &str) -> Option<ReviewEventKind> {
        ReviewEventKind::ALL.into_iter().find(|k| k.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewEventKind::Approved => "Approved",
            ReviewEventKind::ApprovedLess => "Approved a smaller quantity",
            ReviewEventKind::Rejected => "Rejected",
            ReviewEventKind::InformationRequested => "Asked for more information",
            ReviewEventKind::Answered => "Answered",
        }
    }
}

/// A decision on one line, as the council's officer made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    ApproveLess(Quantity),
    Reject,
    RequestInformation,
}

impl Decision {
    /// The line's status after it, and the quantity that counts as delivered (none while a
    /// question is open; 0 when rejected).
    pub fn outcome(self, claimed: Quantity) -> (LineStatus, Option<Quantity>, ReviewEventKind) {
        match self {
            Decision::Approve => (LineStatus::Approved, Some(claimed), ReviewEventKind::Approved),
            Decision::ApproveLess(q) => (LineStatus::ApprovedLess, Some(q), ReviewEventKind::ApprovedLess),
            Decision::Reject => (LineStatus::Rejected, Some(Quantity::ZERO), ReviewEventKind::Rejected),
            Decision::RequestInformation => {
                (LineStatus::InformationRequested, None, ReviewEventKind::InformationRequested)
            }
        }
    }
}

/// The radio buttons' values.
pub const APPROVE: &str = "approve";
pub const APPROVE_LESS: &str = "approve-less";
pub const REJECT: &str = "reject";
pub const REQUEST_INFORMATION: &str = "request-information";

/// The decision radios of a line.
pub fn decision_field(line_id: i64) -> String {
    format!("decision-{line_id}")
}

/// The smaller quantity approved.
pub fn approved_quantity_field(line_id: i64) -> String {
    format!("approved-quantity-{line_id}")
}

/// The comment: a reason, or a question.
pub fn comment_field(line_id: i64) -> String {
    format!("comment-{line_id}")
}

/// The supplier's reply to a question.
pub fn reply_field(line_id: i64) -> String {
    format!("reply-{line_id}")
}

/// One line's decision as typed on the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedDecision {
    pub line_id: i64,
    pub rule: QuantityRule,
    /// What the supplier claimed for the quarter.
    pub claimed: Quantity,
    pub choice: String,
    pub quantity: String,
    pub comment: String,
}

/// The decisions made, checked: lines left without a choice stay waiting, but at least one
/// line needs a decision. A smaller quantity must be below the claim, and every decision but
/// approval needs its reason or question.
pub fn parse_decisions(typed: &[TypedDecision]) -> Result<Vec<(i64, Decision, String)>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut decisions = Vec::new();
    for line in typed {
        let comment_id = comment_field(line.line_id);
        let comment = line.comment.trim();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            errors.add(&comment_id, too_long("Your comment", MAX_COMMENT_CHARS));
            continue;
        }
        let needs = |errors: &mut FieldErrors, message: &str| {
            if comment.is_empty() {
                errors.add(&comment_id, message);
                false
            } else {
                true
            }
        };
        let decision = match line.choice.as_str() {
            "" => continue,
            APPROVE => Some(Decision::Approve),
            APPROVE_LESS => {
                let quantity_id = approved_quantity_field(line.line_id);
                let quantity = errors.check(
                    &quantity_id,
                    Quantity::parse(&line.quantity, line.rule).map_err(|e| match e {
                        QuantityError::Empty => "Enter the quantity you approve".to_owned(),
                        other => other.to_string(),
                    }),
                );
                let quantity = quantity.filter(|q| {
                    let smaller = q.value() < line.claimed.value();
                    if !smaller {
                        errors.add(
                            &quantity_id,
                            format!("Enter a quantity smaller than the {} claimed, or approve the line", line.claimed),
                        );
                    }
                    smaller
                });
                let reason = needs(&mut errors, "Give the reason you approve a smaller quantity");
                quantity.filter(|_| reason).map(Decision::ApproveLess)
            }
            REJECT => needs(&mut errors, "Give the reason you reject this line").then_some(Decision::Reject),
            REQUEST_INFORMATION => needs(&mut errors, "Enter the question the supplier should answer")
                .then_some(Decision::RequestInformation),
            _ => {
                errors.add(&decision_field(line.line_id), "Choose a decision from the list");
                None
            }
        };
        if let Some(decision) = decision {
            decisions.push((line.line_id, decision, comment.to_owned()));
        }
    }
    if errors.is_empty() && decisions.is_empty() {
        if let Some(first) = typed.first() {
            errors.add(&decision_field(first.line_id), "Choose a decision for at least one line");
        }
    }
    if errors.is_empty() {
        Ok(decisions)
    } else {
        Err(errors)
    }
}

/// One line's answer to the council's question, as typed by the supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedAnswer {
    pub line_id: i64,
    pub rule: QuantityRule,
    pub quantity: String,
    pub narrative: String,
    pub reply: String,
}

/// The answers sent: a line is sent back for review when its reply is filled in; at least one
/// must be. The quantity and narrative follow a return's rules for submitting.
pub fn parse_answers(typed: &[TypedAnswer]) -> Result<Vec<(i64, Quantity, String, String)>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut answers = Vec::new();
    for line in typed {
        let reply = line.reply.trim();
        if reply.is_empty() {
            continue;
        }
        if reply.chars().count() > MAX_COMMENT_CHARS {
            errors.add(&reply_field(line.line_id), too_long("Your answer", MAX_COMMENT_CHARS));
        }
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
        if let Some(quantity) = quantity {
            answers.push((line.line_id, quantity, narrative.to_owned(), reply.to_owned()));
        }
    }
    if errors.is_empty() && answers.is_empty() {
        if let Some(first) = typed.first() {
            errors.add(&reply_field(first.line_id), "Answer the council's question before you send it");
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// An entry of a line's history, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineHistoryEntry {
    pub kind: ReviewEventKind,
    pub quantity: Option<String>,
    pub comment: String,
    pub by: String,
    /// UK time
    pub at: String,
}

/// A line's review: where it stands, what counts, and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineReview {
    pub status: LineStatus,
    pub approved: Option<Quantity>,
    /// The open question, while the council waits for the supplier's answer.
    pub question: Option<String>,
    pub history: Vec<LineHistoryEntry>,
}

/// A return waiting in the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedReturn {
    pub contract_id: i64,
    pub contract_reference: String,
    pub supplier_name: String,
    pub quarter: u32,
    pub year: u32,
    /// UK time
    pub submitted_at: String,
    pub lines_waiting: usize,
    pub officers: Vec<String>,
}

/// A filter choice: its value and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOption {
    pub id: i64,
    pub label: String,
}

/// The review queue's filters, as chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    pub contract: Option<i64>,
    pub supplier: Option<i64>,
    pub officer: Option<i64>,
}

pub const CONTRACT_FILTER: &str = "contract";
pub const SUPPLIER_FILTER: &str = "supplier";
pub const OFFICER_FILTER: &str = "officer";

/// The review queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub returns: Vec<QueuedReturn>,
    pub filters: QueueFilters,
    pub contracts: Vec<FilterOption>,
    pub suppliers: Vec<FilterOption>,
    pub officers: Vec<FilterOption>,
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn q(value: rust_decimal::Decimal) -> Quantity {
        Quantity::from_decimal(value, QuantityRule::FRACTIONAL).unwrap()
    }

    fn typed(line_id: i64, choice: &str, quantity: &str, comment: &str) -> TypedDecision {
        TypedDecision {
            line_id,
            rule: QuantityRule::WHOLE,
            claimed: q(dec!(10)),
            choice: choice.into(),
            quantity: quantity.into(),
            comment: comment.into(),
        }
    }

    #[test]
    fn each_decision_needs_what_it_needs() {
        let decided = parse_decisions(&[
            typed(1, APPROVE, "", ""),
            typed(2, APPROVE_LESS, "7", "Three starters left in week one"),
            typed(3, REJECT, "", "Delivered on another contract"),
            typed(4, REQUEST_INFORMATION, "", "Please send the payroll extract"),
            typed(5, "", "", ""),
        ])
        .unwrap();
        assert_eq!(decided.len(), 4, "a line without a choice stays waiting");
        assert_eq!(decided[1].1, Decision::ApproveLess(q(dec!(7))));
        let errors = parse_decisions(&[
            typed(1, APPROVE_LESS, "10", ""),
            typed(2, REJECT, "", " "),
            typed(3, REQUEST_INFORMATION, "", ""),
            typed(4, APPROVE_LESS, "", "why"),
            typed(5, "maybe", "", ""),
        ])
        .unwrap_err();
        assert_eq!(
            errors.for_field("approved-quantity-1"),
            Some("Enter a quantity smaller than the 10 claimed, or approve the line")
        );
        assert_eq!(errors.for_field("comment-1"), Some("Give the reason you approve a smaller quantity"));
        assert_eq!(errors.for_field("comment-2"), Some("Give the reason you reject this line"));
        assert_eq!(errors.for_field("comment-3"), Some("Enter the question the supplier should answer"));
        assert_eq!(errors.for_field("approved-quantity-4"), Some("Enter the quantity you approve"));
        assert_eq!(errors.for_field("decision-5"), Some("Choose a decision from the list"));
        let none = parse_decisions(&[typed(8, "", "", "")]).unwrap_err();
        assert_eq!(none.for_field("decision-8"), Some("Choose a decision for at least one line"));
    }

    #[test]
    fn only_decisions_count_and_rejection_counts_nothing() {
        let claimed = q(dec!(10));
        assert_eq!(Decision::Approve.outcome(claimed).1, Some(claimed));
        assert_eq!(Decision::Reject.outcome(claimed).1, Some(Quantity::ZERO));
        assert_eq!(Decision::RequestInformation.outcome(claimed).1, None);
        assert_eq!(Decision::ApproveLess(q(dec!(4))).outcome(claimed).0, LineStatus::ApprovedLess);
    }

    #[test]
    fn a_return_is_reviewed_once_no_line_waits() {
        use LineStatus::*;
        assert_eq!(return_status_of([Approved, Pending, InformationRequested]), ReturnStatus::Submitted);
        assert_eq!(return_status_of([Approved, InformationRequested]), ReturnStatus::InformationRequested);
        assert_eq!(return_status_of([Approved, Rejected, ApprovedLess]), ReturnStatus::Reviewed);
        for status in LineStatus::ALL {
            assert_eq!(LineStatus::parse(status.as_str()), Some(status));
        }
        for kind in ReviewEventKind::ALL {
            assert_eq!(ReviewEventKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn an_answer_needs_a_reply_and_a_valid_quantity() {
        let answer = |id, quantity: &str, narrative: &str, reply: &str| TypedAnswer {
            line_id: id,
            rule: QuantityRule::WHOLE,
            quantity: quantity.into(),
            narrative: narrative.into(),
            reply: reply.into(),
        };
        let sent =
            parse_answers(&[answer(1, "4", "Four starters", "Payroll attached"), answer(2, "", "", "")]).unwrap();
        assert_eq!(sent.len(), 1);
        let errors = parse_answers(&[answer(1, "", "", "")]).unwrap_err();
        assert_eq!(errors.for_field("reply-1"), Some("Answer the council's question before you send it"));
        let errors = parse_answers(&[answer(1, "2.5", "", "See file")]).unwrap_err();
        assert!(errors.for_field("quantity-1").is_some());
    }
}
