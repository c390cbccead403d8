//! Evaluation: the words and rules for marking written answers, excluding lines and reading
//! the scores. Pure: shared by the server and the browser. The arithmetic is `calc::score`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use calc::{BidScores, Money, ScoringTerms, SvRatio};
use crate::form::FieldErrors;
use crate::offers::{SubmittedLine, SubmittedResponse};
use crate::tenders::TenderStatus;

// ---- The marking scale --------------------------------------------------------------------

/// The written answers' marking scale a tender states: a descriptor for each mark, from 0 up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkingScale {
    pub descriptors: Vec<String>,
}

/// The default scale, 0–5.
pub const DEFAULT_DESCRIPTORS: [&str; 6] = [
    "Unacceptable: no answer, or the answer does not address the question",
    "Poor: addresses the question only in part, with little detail or evidence",
    "Weak: addresses the question, with gaps and some doubt it can be delivered",
    "Satisfactory: addresses the question with enough detail to be credible",
    "Good: a full, credible answer with clear evidence of how it will be delivered",
    "Excellent: a full, credible answer that goes beyond the question, with strong evidence",
];

/// The longest descriptor a council may write.
pub const MAX_DESCRIPTOR_CHARS: usize = 300;

impl Default for MarkingScale {
    fn default() -> Self {
        MarkingScale { descriptors: DEFAULT_DESCRIPTORS.iter().map(|d| (*d).to_owned()).collect() }
    }
}

impl MarkingScale {
    pub fn top_mark(&self) -> u32 {
        self.descriptors.len().saturating_sub(1) as u32
    }

    /// The field of mark `mark`'s descriptor on the tender's form.
    pub fn field(mark: usize) -> String {
        format!("scale-{mark}")
    }

    /// The scale as typed on the tender's form (one box per mark of 0–5), or why not. Nothing
    /// typed at all is the default scale.
    pub fn parse(typed: &[String], errors: &mut FieldErrors) -> Option<MarkingScale> {
        if typed.iter().all(|t| t.trim().is_empty()) {
            return Some(MarkingScale::default());
        }
        let before = errors.0.len();
        let descriptors: Vec<String> = (0..DEFAULT_DESCRIPTORS.len())
            .map(|mark| {
                let text = typed.get(mark).map(String::as_str).unwrap_or("");
                errors
                    .required_text(
                        &MarkingScale::field(mark),
                        text,
                        &format!("Describe what a mark of {mark} means"),
                        &format!("What a mark of {mark} means"),
                        MAX_DESCRIPTOR_CHARS,
                    )
                    .unwrap_or_default()
            })
            .collect();
        (errors.0.len() == before).then_some(MarkingScale { descriptors })
    }

    /// "3: Satisfactory: …"
    pub fn label(&self, mark: u32) -> String {
        match self.descriptors.get(mark as usize) {
            Some(descriptor) => format!("{mark}: {descriptor}"),
            None => mark.to_string(),
        }
    }
}

// ---- Excluded lines -----------------------------------------------------------------------

/// Why an officer set a line aside as not counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExclusionReason {
    OutsideLocal,
    CountedTwice,
    CoreDelivery,
    NotCredible,
}

impl ExclusionReason {
    pub const ALL: [ExclusionReason; 4] = [
        ExclusionReason::OutsideLocal,
        ExclusionReason::CountedTwice,
        ExclusionReason::CoreDelivery,
        ExclusionReason::NotCredible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionReason::OutsideLocal => "outside_local",
            ExclusionReason::CountedTwice => "counted_twice",
            ExclusionReason::CoreDelivery => "core_delivery",
            ExclusionReason::NotCredible => "not_credible",
        }
    }

    pub fn parse(stored: &str) -> Option<ExclusionReason> {
        ExclusionReason::ALL.into_iter().find(|r| r.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExclusionReason::OutsideLocal => "Outside the tender's definition of local",
            ExclusionReason::CountedTwice => "Counted twice",
            ExclusionReason::CoreDelivery => "Part of the contract's core delivery",
            ExclusionReason::NotCredible => "Not credible, or not supported by the delivery plan",
        }
    }
}

/// The longest comment or justification an officer may write.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// An exclusion as typed on its question page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExclusionAnswers {
    pub reason: ExclusionReason,
    pub comment: String,
}

impl ExclusionAnswers {
    pub fn parse(reason: &str, comment: &str) -> Result<ExclusionAnswers, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = errors.check("reason", ExclusionReason::parse(reason).ok_or("Choose why the line does not count"));
        let comment = errors.required_text(
            "comment",
            comment,
            "Explain why the line does not count",
            "Comment",
            MAX_COMMENT_CHARS,
        );
        match (reason, comment) {
            (Some(reason), Some(comment)) => Ok(ExclusionAnswers { reason, comment }),
            _ => Err(errors),
        }
    }
}

// ---- Marks --------------------------------------------------------------------------------

/// A person's part in a tender's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluatorRole {
    Marker,
    Moderator,
}

impl EvaluatorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            EvaluatorRole::Marker => "marker",
            EvaluatorRole::Moderator => "moderator",
        }
    }

    pub fn parse(stored: &str) -> Option<EvaluatorRole> {
        [EvaluatorRole::Marker, EvaluatorRole::Moderator].into_iter().find(|r| r.as_str() == stored)
    }
}

/// Where a refusal to submit one's marks is shown (the button's id).
pub const SUBMIT_MARKS_FIELD: &str = "submit-marks";

/// The fields of one written answer's mark on a marking or moderation form.
pub fn mark_field(measure_id: i64) -> String {
    format!("mark-{measure_id}")
}

pub fn reason_field(measure_id: i64) -> String {
    format!("reason-{measure_id}")
}

/// One answer's mark, parsed: (measure id, mark, justification or note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkAnswer {
    pub measure_id: i64,
    pub mark: u32,
    pub reason: String,
}

/// The marks typed on a form for these answers. An answer left wholly empty is skipped (marks
/// can be saved a few at a time); a mark without its reason, or the reverse, is refused beside
/// its field. `reason_name` is "justification" for markers, "note" for the moderator.
pub fn parse_marks(
    fields: &[(String, String)],
    measure_ids: &[i64],
    scale: &MarkingScale,
    reason_name: &str,
) -> Result<Vec<MarkAnswer>, FieldErrors> {
    let value =
        |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let mut errors = FieldErrors::default();
    let mut marks = Vec::new();
    for &measure_id in measure_ids {
        let (mark_name, reason_name_field) = (mark_field(measure_id), reason_field(measure_id));
        let (mark, reason) = (value(&mark_name), value(&reason_name_field));
        if mark.is_empty() && reason.is_empty() {
            continue;
        }
        let parsed = match mark.parse::<u32>() {
            Ok(m) if m <= scale.top_mark() => Some(m),
            _ if mark.is_empty() => {
                errors.add(&mark_name, "Choose a mark for this answer");
                None
            }
            _ => {
                errors.add(&mark_name, format!("Choose a mark from 0 to {}", scale.top_mark()));
                None
            }
        };
        let reason = errors.required_text(
            &reason_name_field,
            &reason,
            &format!("Write the {reason_name} for this mark"),
            &format!("The {reason_name}"),
            MAX_COMMENT_CHARS,
        );
        if let (Some(mark), Some(reason)) = (parsed, reason) {
            marks.push(MarkAnswer { measure_id, mark, reason });
        }
    }
    if errors.is_empty() {
        Ok(marks)
    } else {
        Err(errors)
    }
}

/// The marks sent on a marker's form or the moderator's: `parse_marks`, with the reason each
/// role writes, and at least one mark (refused beside the first answer's mark).
pub fn parse_sent_marks(
    fields: &[(String, String)],
    measure_ids: &[i64],
    scale: &MarkingScale,
    role: EvaluatorRole,
) -> Result<Vec<MarkAnswer>, FieldErrors> {
    let (reason_name, none_typed) = match role {
        EvaluatorRole::Marker => ("justification", "Choose a mark and write its justification"),
        EvaluatorRole::Moderator => ("moderation note", "Choose a moderated mark and write its note"),
    };
    let marks = parse_marks(fields, measure_ids, scale, reason_name)?;
    if marks.is_empty() {
        return Err(FieldErrors::one(
            &measure_ids.first().map(|id| mark_field(*id)).unwrap_or_default(),
            format!("{none_typed} for at least one answer"),
        ));
    }
    Ok(marks)
}

// ---- What the pages show ------------------------------------------------------------------

/// A tender's qualitative question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenQuestion {
    pub measure_id: i64,
    pub code: String,
    pub description: String,
}

/// Where the viewer stands in the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerPart {
    pub role: Option<EvaluatorRole>,
    pub marks_submitted: bool,
    /// Written answers the viewer has marked, of all the offers' answers.
    pub marked: usize,
    pub to_mark: usize,
}

impl ViewerPart {
    /// Other markers' marks are shown only to a marker who has submitted, and to the moderator.
    pub fn sees_all_marks(&self) -> bool {
        match self.role {
            Some(EvaluatorRole::Marker) => self.marks_submitted,
            Some(EvaluatorRole::Moderator) => true,
            None => false,
        }
    }

    pub fn may_mark(&self) -> bool {
        self.role != Some(EvaluatorRole::Moderator) && !self.marks_submitted
    }
}

/// A marker's progress, as everyone in the evaluation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerProgress {
    pub name: String,
    pub submitted: bool,
}

/// One submitted offer with its figures after exclusions and its scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluatedOffer {
    pub offer_id: i64,
    pub submission_id: i64,
    pub supplier_name: String,
    pub reference: String,
    pub total: Money,
    pub ratio: Option<SvRatio>,
    pub by_theme: BTreeMap<String, Money>,
    pub by_year: BTreeMap<u32, Money>,
    pub lines: usize,
    pub excluded_lines: usize,
    /// Written answers with a moderated mark.
    pub moderated: usize,
    pub scores: BidScores,
}

impl EvaluatedOffer {
    pub fn every_line_excluded(&self) -> bool {
        self.lines > 0 && self.excluded_lines == self.lines
    }
}

/// A tender's evaluation: every submitted offer side by side, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub tender_id: i64,
    pub reference: String,
    pub title: String,
    pub status: TenderStatus,
    pub contract_value: Money,
    pub scoring: ScoringTerms,
    pub scale: MarkingScale,
    pub questions: Vec<WrittenQuestion>,
    pub theme_order: Vec<String>,
    pub years: Vec<u32>,
    pub offers: Vec<EvaluatedOffer>,
    pub markers: Vec<MarkerProgress>,
    pub moderators: Vec<String>,
    pub viewer: ViewerPart,
    pub awarded_offer_id: Option<i64>,
}

impl Evaluation {
    /// Exclusions and marks can change until award.
    pub fn is_open(&self) -> bool {
        self.status == TenderStatus::Closed
    }

    pub fn written_answers(&self) -> usize {
        self.questions.len() * self.offers.len()
    }

    pub fn moderated_answers(&self) -> usize {
        self.offers.iter().map(|o| o.moderated).sum()
    }
}

/// A submitted line on the offer's evaluation page, with its exclusion if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluatedLine {
    pub line: SubmittedLine,
    pub exclusion: Option<LineExclusion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineExclusion {
    pub reason: ExclusionReason,
    pub comment: String,
    pub excluded_by: String,
    /// UK time
    pub excluded_at: String,
}

/// One evaluator's mark for an answer, as shown to those who may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenMark {
    pub by: String,
    pub mark: u32,
    pub reason: String,
}

/// A written answer with its marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkedAnswer {
    pub response: SubmittedResponse,
    /// The viewer's own mark, if they marked it.
    pub own: Option<GivenMark>,
    /// The submitted marks of the other markers (empty unless the viewer may see them).
    pub others: Vec<GivenMark>,
    pub moderated: Option<GivenMark>,
}

/// One offer's evaluation page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferEvaluation {
    pub evaluation: Evaluation,
    pub offer: EvaluatedOffer,
    pub lines: Vec<EvaluatedLine>,
    pub answers: Vec<MarkedAnswer>,
}

/// One line's exclusion question page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineToExclude {
    pub tender_id: i64,
    pub offer_id: i64,
    pub supplier_name: String,
    pub line: SubmittedLine,
}

/// What a bidder reads once the tender is awarded (UK Procurement Act 2023 practice): its own
/// scores with their working, its moderated marks with their notes, its excluded lines with
/// their reasons, its rank, and the winning offer's score. Never another bidder's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub tender_reference: String,
    pub tender_title: String,
    pub won: bool,
    pub rank: u32,
    pub tied: bool,
    /// How many offers were evaluated.
    pub offers: usize,
    pub scoring: ScoringTerms,
    pub scale: MarkingScale,
    /// The offer's figures after exclusions.
    pub total: Money,
    pub ratio: Option<SvRatio>,
    pub scores: BidScores,
    pub answers: Vec<AssessedAnswer>,
    pub excluded: Vec<ExcludedLine>,
    /// The winning offer's social value score.
    pub winning_score: Decimal,
    /// The contract, for the winner.
    pub contract_id: Option<i64>,
}

/// A written answer's moderated mark and the moderator's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessedAnswer {
    pub code: String,
    pub description: String,
    pub mark: Option<u32>,
    pub note: String,
}

/// A submitted line that did not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedLine {
    pub line: SubmittedLine,
    pub reason: ExclusionReason,
    pub comment: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn marks_need_their_reasons_and_fit_the_scale() {
        let scale = MarkingScale::default();
        let typed = fields(&[("mark-1", "4"), ("reason-1", "Clear plan"), ("mark-2", ""), ("reason-2", "")]);
        assert_eq!(
            parse_marks(&typed, &[1, 2], &scale, "justification").unwrap(),
            [MarkAnswer { measure_id: 1, mark: 4, reason: "Clear plan".into() }]
        );
        let typed = fields(&[("mark-1", "6"), ("reason-1", "x"), ("mark-2", "3"), ("reason-2", " ")]);
        let errors = parse_marks(&typed, &[1, 2], &scale, "justification").unwrap_err();
        assert_eq!(errors.for_field("mark-1"), Some("Choose a mark from 0 to 5"));
        assert_eq!(errors.for_field("reason-2"), Some("Write the justification for this mark"));
        let typed = fields(&[("reason-1", "why")]);
        let errors = parse_marks(&typed, &[1], &scale, "note").unwrap_err();
        assert_eq!(errors.for_field("mark-1"), Some("Choose a mark for this answer"));
    }

    #[test]
    fn the_scale_defaults_to_0_to_5_and_needs_every_descriptor() {
        let mut errors = FieldErrors::default();
        assert_eq!(MarkingScale::parse(&[], &mut errors).unwrap().top_mark(), 5);
        let mut typed: Vec<String> = DEFAULT_DESCRIPTORS.iter().map(|d| (*d).to_owned()).collect();
        typed[3] = "Meets the requirement".into();
        assert_eq!(MarkingScale::parse(&typed, &mut errors).unwrap().descriptors[3], "Meets the requirement");
        typed[2] = " ".into();
        assert!(MarkingScale::parse(&typed, &mut errors).is_none());
        assert_eq!(errors.for_field("scale-2"), Some("Describe what a mark of 2 means"));
    }

    #[test]
    fn an_exclusion_needs_a_reason_from_the_list_and_a_comment() {
        let errors = ExclusionAnswers::parse("because", "").unwrap_err();
        assert_eq!(errors.for_field("reason"), Some("Choose why the line does not count"));
        assert_eq!(errors.for_field("comment"), Some("Explain why the line does not count"));
        let ok = ExclusionAnswers::parse("counted_twice", "Same apprentices as line 2").unwrap();
        assert_eq!(ok.reason.label(), "Counted twice");
    }
}
