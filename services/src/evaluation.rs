//! Evaluation: after the deadline, council staff see the submitted offers side by side with
//! their scores and the working, set aside lines that should not count, mark the written
//! answers independently and moderate them, and award the tender.
//!
//! Every figure here is worked out afresh from the submissions as they were recorded, less the
//! excluded lines, through `calc` (one definition of each): nothing computed is stored.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::audit::Change;
use super::sessions::ActiveSession;
use super::tenders::{lock_tender, own_tender, tender_measures, TenderError};
use super::{contracts, outbox};
use crate::auth::AccessError;
use crate::published::PublishedContent;
use calc::{score_bids, BidInput, Money, OfferFigures, OfferLine, QualitativeTerms};
use db::{
    app_user, begin_write, contract, evaluator, evaluator_mark, line_exclusion, moderated_mark, offer,
    offer_submission, organisation, tender,
};
use domain::accounts::Email;
use domain::audit::AuditAction;
use domain::contracts::{contract_end, parse_award_reason, AwardCheck, CommittedLine, WrittenCommitment, AWARD_FIELD};
use domain::dates::display_uk_time;
use domain::evaluation::{
    parse_sent_marks, AssessedAnswer, AssessmentSummary, EvaluatedLine, EvaluatedOffer, Evaluation, EvaluatorRole,
    ExcludedLine, ExclusionAnswers, ExclusionReason, GivenMark, LineExclusion, LineToExclude, MarkAnswer, MarkedAnswer,
    MarkerProgress, OfferEvaluation, ViewerPart, WrittenQuestion, SUBMIT_MARKS_FIELD,
};
use domain::form::FieldErrors;
use domain::frameworks::MeasureKind;
use domain::offers::{OfferStatus, SubmittedOffer};
use domain::tenders::{theme_order, OfferStanding, TenderStatus};

const SEALED: &str = "Offers stay sealed until the deadline: the evaluation opens then.";
const AWARDED: &str = "The tender has been awarded, so its evaluation can no longer change.";
const MARKS_SUBMITTED: &str = "You have submitted your marks, so they can no longer change.";
const MODERATION_BEGUN: &str = "Moderation has begun, so no more marks can be given.";

// ---- Reading ------------------------------------------------------------------------------

/// One submitted offer as recorded.
struct Sheet {
    offer_id: i64,
    submission_id: i64,
    supplier_id: i64,
    supplier_name: String,
    reference: String,
    offer: SubmittedOffer,
}

/// Everything an evaluation is worked out from, read in a fixed number of statements whatever
/// the number of offers and lines.
struct Loaded {
    row: tender::Model,
    questions: Vec<WrittenQuestion>,
    theme_order: Vec<String>,
    sheets: Vec<Sheet>,
    exclusions: Vec<line_exclusion::Model>,
    moderated: Vec<moderated_mark::Model>,
    evaluators: Vec<evaluator::Model>,
    /// The viewer's own marks.
    own_marks: Vec<evaluator_mark::Model>,
    names: BTreeMap<i64, String>,
}

/// The tender, for its council's staff, once its deadline has passed.
async fn evaluated_tender(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<tender::Model, TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    match row.status_at(Utc::now()) {
        TenderStatus::Closed | TenderStatus::Awarded => Ok(row),
        _ => Err(TenderError::WrongStatus(SEALED)),
    }
}

async fn load(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    row: tender::Model,
    viewer_id: i64,
) -> Result<Loaded, TenderError> {
    let measures = tender_measures(db, published, &row).await?;
    let questions = measures
        .iter()
        .filter(|m| m.measure.kind == MeasureKind::Qualitative)
        .map(|m| WrittenQuestion {
            measure_id: m.id,
            code: m.measure.code.clone(),
            description: m.measure.description.clone(),
        })
        .collect();
    let theme_order = theme_order(&measures);
    let offers = offer::Entity::find()
        .filter(offer::Column::TenderId.eq(row.id))
        .filter(offer::Column::Status.eq(OfferStatus::Submitted.as_str()))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await?;
    // Each offer's current submission: the newest not withdrawn.
    let submissions = if offers.is_empty() {
        Vec::new()
    } else {
        offer_submission::Entity::find()
            .filter(offer_submission::Column::OfferId.is_in(offers.iter().map(|o| o.id)))
            .filter(offer_submission::Column::WithdrawnAt.is_null())
            .order_by_desc(offer_submission::Column::Id)
            .all(db)
            .await?
    };
    let suppliers = organisation::names_of(db, offers.iter().map(|o| o.supplier_id)).await?;
    let mut sheets = Vec::with_capacity(offers.len());
    for o in &offers {
        let Some(submission) = submissions.iter().find(|s| s.offer_id == o.id) else { continue };
        let offer: SubmittedOffer = serde_json::from_str(&submission.snapshot)
            .map_err(|e| anyhow::anyhow!("submission {} snapshot: {e}", submission.id))?;
        sheets.push(Sheet {
            offer_id: o.id,
            submission_id: submission.id,
            supplier_id: o.supplier_id,
            supplier_name: suppliers.get(&o.supplier_id).cloned().unwrap_or_default(),
            reference: submission.reference.clone(),
            offer,
        });
    }
    let exclusions = line_exclusion::Entity::find().filter(line_exclusion::Column::TenderId.eq(row.id)).all(db).await?;
    let moderated = moderated_mark::Entity::find().filter(moderated_mark::Column::TenderId.eq(row.id)).all(db).await?;
    let evaluators = evaluator::Entity::find()
        .filter(evaluator::Column::TenderId.eq(row.id))
        .order_by_asc(evaluator::Column::Id)
        .all(db)
        .await?;
    let own_marks = evaluator_mark::Entity::find()
        .filter(evaluator_mark::Column::TenderId.eq(row.id))
        .filter(evaluator_mark::Column::EvaluatorUserId.eq(viewer_id))
        .all(db)
        .await?;
    let people: BTreeSet<i64> = evaluators
        .iter()
        .map(|e| e.user_id)
        .chain(exclusions.iter().map(|e| e.excluded_by_user_id))
        .chain(moderated.iter().map(|m| m.moderator_user_id))
        .collect();
    let names = user_names(db, people).await?;
    Ok(Loaded { row, questions, theme_order, sheets, exclusions, moderated, evaluators, own_marks, names })
}

async fn user_names(db: &impl ConnectionTrait, ids: BTreeSet<i64>) -> Result<BTreeMap<i64, String>, TenderError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect())
}

impl Loaded {
    fn is_excluded(&self, submission_id: i64, measure_id: i64, year: u32) -> Option<&line_exclusion::Model> {
        self.exclusions
            .iter()
            .find(|e| e.submission_id == submission_id && e.measure_id == measure_id && e.year == year as i32)
    }

    fn is_question(&self, measure_id: i64) -> bool {
        self.questions.iter().any(|q| q.measure_id == measure_id)
    }

    fn viewer_part(&self, viewer_id: i64) -> ViewerPart {
        let own = self.evaluators.iter().find(|e| e.user_id == viewer_id);
        let current: BTreeSet<i64> = self.sheets.iter().map(|s| s.submission_id).collect();
        ViewerPart {
            role: own.and_then(|e| EvaluatorRole::parse(&e.role)),
            marks_submitted: own.is_some_and(|e| e.marks_submitted_at.is_some()),
            marked: self
                .own_marks
                .iter()
                .filter(|m| current.contains(&m.submission_id) && self.is_question(m.measure_id))
                .count(),
            to_mark: self.questions.len() * self.sheets.len(),
        }
    }

    fn name(&self, user_id: i64) -> String {
        self.names.get(&user_id).cloned().unwrap_or_else(|| "A former colleague".to_owned())
    }

    /// Every offer's figures (less its excluded lines) and scores, best first.
    fn evaluation(&self, viewer_id: i64) -> Result<Evaluation, TenderError> {
        let scoring = self.row.scoring()?;
        let scale = self.row.marking_scale()?;
        let contract_value = self.row.contract_value()?;
        let mut figures = Vec::with_capacity(self.sheets.len());
        let mut bids = Vec::with_capacity(self.sheets.len());
        for sheet in &self.sheets {
            let counted: Vec<OfferLine> = sheet
                .offer
                .lines
                .iter()
                .filter(|l| self.is_excluded(sheet.submission_id, l.measure_id, l.year).is_none())
                .map(|l| OfferLine { theme: l.theme.clone(), year: l.year, quantity: l.quantity, proxy: l.proxy_value })
                .collect();
            let moderated: Vec<u32> = self
                .moderated
                .iter()
                .filter(|m| m.submission_id == sheet.submission_id && self.is_question(m.measure_id))
                .map(|m| m.mark.max(0) as u32)
                .collect();
            let excluded = sheet.offer.lines.len() - counted.len();
            let computed = OfferFigures::compute(&counted, contract_value);
            bids.push(BidInput { ratio: computed.ratio, moderated_marks: moderated.clone() });
            figures.push((computed, excluded, moderated.len()));
        }
        let qualitative = QualitativeTerms {
            weight: scoring.qualitative_weight(),
            answers: self.questions.len() as u32,
            top_mark: scale.top_mark(),
        };
        let scores = score_bids(scoring.quantitative_weight(), scoring.quantitative_method(), qualitative, &bids);
        let mut offers: Vec<EvaluatedOffer> = self
            .sheets
            .iter()
            .zip(figures)
            .zip(scores)
            .map(|((sheet, (computed, excluded, moderated)), scores)| EvaluatedOffer {
                offer_id: sheet.offer_id,
                submission_id: sheet.submission_id,
                supplier_name: sheet.supplier_name.clone(),
                reference: sheet.reference.clone(),
                total: computed.total,
                ratio: computed.ratio,
                by_theme: computed.by_theme,
                by_year: computed.by_year,
                lines: sheet.offer.lines.len(),
                excluded_lines: excluded,
                moderated,
                scores,
            })
            .collect();
        offers.sort_by(|a, b| a.scores.rank.cmp(&b.scores.rank).then_with(|| a.supplier_name.cmp(&b.supplier_name)));
        let markers = self
            .evaluators
            .iter()
            .filter(|e| e.role == EvaluatorRole::Marker.as_str())
            .map(|e| MarkerProgress { name: self.name(e.user_id), submitted: e.marks_submitted_at.is_some() })
            .collect();
        let moderators = self
            .evaluators
            .iter()
            .filter(|e| e.role == EvaluatorRole::Moderator.as_str())
            .map(|e| self.name(e.user_id))
            .collect();
        Ok(Evaluation {
            tender_id: self.row.id,
            reference: self.row.reference.clone(),
            title: self.row.title.clone(),
            status: self.row.status_at(Utc::now()),
            contract_value,
            scoring,
            scale,
            questions: self.questions.clone(),
            theme_order: self.theme_order.clone(),
            years: (1..=self.row.duration_years.max(1) as u32).collect(),
            offers,
            markers,
            moderators,
            viewer: self.viewer_part(viewer_id),
            awarded_offer_id: self.row.awarded_offer_id,
        })
    }

    fn sheet(&self, offer_id: i64) -> Result<&Sheet, TenderError> {
        Ok(self.sheets.iter().find(|s| s.offer_id == offer_id).ok_or(AccessError::NotFound)?)
    }
}

/// The side-by-side evaluation of a closed (or awarded) tender, for its council's staff.
pub async fn evaluation(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<Evaluation, TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    let viewer = session.expect("checked by own_tender").user.id;
    load(db, published, row, viewer).await?.evaluation(viewer)
}

/// One offer's evaluation: its lines with their exclusions, and its written answers with the
/// marks the viewer may see (their own; the others' once they have submitted theirs, or when
/// they moderate).
pub async fn offer_evaluation(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
) -> Result<OfferEvaluation, TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    let viewer = session.expect("checked by own_tender").user.id;
    let loaded = load(db, published, row, viewer).await?;
    let sheet = loaded.sheet(offer_id)?;
    let evaluation = loaded.evaluation(viewer)?;
    let offer = evaluation.offers.iter().find(|o| o.offer_id == offer_id).cloned().ok_or(AccessError::NotFound)?;
    let lines = sheet
        .offer
        .lines
        .iter()
        .map(|line| EvaluatedLine {
            line: line.clone(),
            exclusion: loaded.is_excluded(sheet.submission_id, line.measure_id, line.year).map(|e| LineExclusion {
                reason: ExclusionReason::parse(&e.reason).unwrap_or(ExclusionReason::NotCredible),
                comment: e.comment.clone(),
                excluded_by: loaded.name(e.excluded_by_user_id),
                excluded_at: display_uk_time(e.excluded_at),
            }),
        })
        .collect();
    let sees_all = evaluation.viewer.sees_all_marks();
    let others = if sees_all {
        let submitted: BTreeSet<i64> = loaded
            .evaluators
            .iter()
            .filter(|e| {
                e.role == EvaluatorRole::Marker.as_str() && e.marks_submitted_at.is_some() && e.user_id != viewer
            })
            .map(|e| e.user_id)
            .collect();
        submitted_marks(db, sheet.submission_id, &submitted).await?
    } else {
        Vec::new()
    };
    let answers = loaded
        .questions
        .iter()
        .map(|q| {
            let response =
                sheet.offer.responses.iter().find(|r| r.measure_id == q.measure_id).cloned().unwrap_or_else(|| {
                    domain::offers::SubmittedResponse {
                        measure_id: q.measure_id,
                        code: q.code.clone(),
                        description: q.description.clone(),
                        response: String::new(),
                    }
                });
            let own = loaded
                .own_marks
                .iter()
                .find(|m| m.submission_id == sheet.submission_id && m.measure_id == q.measure_id)
                .map(|m| GivenMark {
                    by: loaded.name(viewer),
                    mark: m.mark.max(0) as u32,
                    reason: m.justification.clone(),
                });
            let others = others
                .iter()
                .filter(|m| m.measure_id == q.measure_id)
                .map(|m| GivenMark {
                    by: loaded.name(m.evaluator_user_id),
                    mark: m.mark.max(0) as u32,
                    reason: m.justification.clone(),
                })
                .collect();
            let moderated = loaded
                .moderated
                .iter()
                .find(|m| sees_all && m.submission_id == sheet.submission_id && m.measure_id == q.measure_id)
                .map(|m| GivenMark {
                    by: loaded.name(m.moderator_user_id),
                    mark: m.mark.max(0) as u32,
                    reason: m.note.clone(),
                });
            MarkedAnswer { response, own, others, moderated }
        })
        .collect();
    Ok(OfferEvaluation { evaluation, offer, lines, answers })
}

async fn submitted_marks(
    db: &impl ConnectionTrait,
    submission_id: i64,
    evaluators: &BTreeSet<i64>,
) -> Result<Vec<evaluator_mark::Model>, TenderError> {
    if evaluators.is_empty() {
        return Ok(Vec::new());
    }
    Ok(evaluator_mark::Entity::find()
        .filter(evaluator_mark::Column::SubmissionId.eq(submission_id))
        .filter(evaluator_mark::Column::EvaluatorUserId.is_in(evaluators.iter().copied()))
        .order_by_asc(evaluator_mark::Column::Id)
        .all(db)
        .await?)
}

/// The line's exclusion question page.
pub async fn line_to_exclude(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
    measure_id: i64,
    year: u32,
) -> Result<LineToExclude, TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    let viewer = session.expect("checked by own_tender").user.id;
    let loaded = load(db, published, row, viewer).await?;
    let sheet = loaded.sheet(offer_id)?;
    let line = sheet
        .offer
        .lines
        .iter()
        .find(|l| l.measure_id == measure_id && l.year == year)
        .cloned()
        .ok_or(AccessError::NotFound)?;
    Ok(LineToExclude { tender_id, offer_id, supplier_name: sheet.supplier_name.clone(), line })
}

/// The submitted offers with their social value scores, best first (the tender's page and the
/// award read these).
pub async fn offers_after_deadline(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<Vec<OfferStanding>, TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    match row.status_at(Utc::now()) {
        TenderStatus::Closed | TenderStatus::Awarded => {
            standings(db, published, row, session.expect("checked by own_tender").user.id).await
        }
        _ => Ok(Vec::new()),
    }
}

/// (`viewer` only decides which of their own marks are read; standings do not show them.)
pub async fn standings(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    row: tender::Model,
    viewer: i64,
) -> Result<Vec<OfferStanding>, TenderError> {
    let evaluation = load(db, published, row, viewer).await?.evaluation(viewer)?;
    Ok(evaluation.offers.iter().map(standing).collect())
}

fn standing(o: &EvaluatedOffer) -> OfferStanding {
    OfferStanding {
        offer_id: o.offer_id,
        supplier_name: o.supplier_name.clone(),
        reference: o.reference.clone(),
        total: o.total,
        ratio: o.ratio,
        quantitative_score: o.scores.quantitative.score,
        score: o.scores.total.score,
        rank: o.scores.rank,
        tied: o.scores.tied,
    }
}

/// A bidder's assessment summary, once the tender is awarded (`None` before, or when the offer
/// was not evaluated). The caller has checked that the offer is the viewer's own.
pub async fn assessment_summary(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    row: &tender::Model,
    offer_id: i64,
) -> Result<Option<AssessmentSummary>, TenderError> {
    if row.status_at(Utc::now()) != TenderStatus::Awarded {
        return Ok(None);
    }
    // Nobody's own marks are read: a bidder sees only the moderated ones.
    let loaded = load(db, published, row.clone(), 0).await?;
    let Ok(sheet) = loaded.sheet(offer_id) else { return Ok(None) };
    let evaluation = loaded.evaluation(0)?;
    let Some(own) = evaluation.offers.iter().find(|o| o.offer_id == offer_id) else { return Ok(None) };
    let winning_score = evaluation
        .offers
        .iter()
        .find(|o| Some(o.offer_id) == row.awarded_offer_id)
        .map(|o| o.scores.total.score)
        .unwrap_or_default();
    let answers = loaded
        .questions
        .iter()
        .map(|q| {
            let moderated = loaded
                .moderated
                .iter()
                .find(|m| m.submission_id == sheet.submission_id && m.measure_id == q.measure_id);
            AssessedAnswer {
                code: q.code.clone(),
                description: q.description.clone(),
                mark: moderated.map(|m| m.mark.max(0) as u32),
                note: moderated.map(|m| m.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let excluded = sheet
        .offer
        .lines
        .iter()
        .filter_map(|line| {
            let exclusion = loaded.is_excluded(sheet.submission_id, line.measure_id, line.year)?;
            Some(ExcludedLine {
                line: line.clone(),
                reason: ExclusionReason::parse(&exclusion.reason).unwrap_or(ExclusionReason::NotCredible),
                comment: exclusion.comment.clone(),
            })
        })
        .collect();
    let won = row.awarded_offer_id == Some(offer_id);
    let contract_id = if won {
        contract::Entity::find().filter(contract::Column::TenderId.eq(row.id)).one(db).await?.map(|c| c.id)
    } else {
        None
    };
    Ok(Some(AssessmentSummary {
        tender_reference: row.reference.clone(),
        tender_title: row.title.clone(),
        won,
        rank: own.scores.rank,
        tied: own.scores.tied,
        offers: evaluation.offers.len(),
        scoring: evaluation.scoring,
        scale: evaluation.scale.clone(),
        total: own.total,
        ratio: own.ratio,
        scores: own.scores.clone(),
        answers,
        excluded,
        winning_score,
        contract_id,
    }))
}

// ---- Changing -----------------------------------------------------------------------------

/// Opens a change to a closed tender's evaluation: the tender's lock taken, and the tender read
/// again under it, so that an award meanwhile stops the change.
async fn begin_evaluation_change(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(sea_orm::DatabaseTransaction, Loaded, ActiveSession), TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    let session = session.expect("checked by own_tender").clone();
    if row.status_at(Utc::now()) != TenderStatus::Closed {
        return Err(TenderError::WrongStatus(AWARDED));
    }
    let txn = begin_write(db).await?;
    lock_tender(&txn, tender_id).await?;
    let row = tender::Entity::find_by_id(tender_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if row.status_at(Utc::now()) != TenderStatus::Closed {
        txn.rollback().await?;
        return Err(TenderError::WrongStatus(AWARDED));
    }
    let loaded = load(&txn, published, row, session.user.id).await?;
    Ok((txn, loaded, session))
}

/// Sets a submitted line aside as not counting, with a reason from the list and a comment.
pub async fn exclude_line(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
    measure_id: i64,
    year: u32,
    reason: &str,
    comment: &str,
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let sheet = loaded.sheet(offer_id)?;
    if !sheet.offer.lines.iter().any(|l| l.measure_id == measure_id && l.year == year) {
        return Err(AccessError::NotFound.into());
    }
    let answers = ExclusionAnswers::parse(reason, comment).map_err(TenderError::Invalid)?;
    if loaded.is_excluded(sheet.submission_id, measure_id, year).is_some() {
        return Err(TenderError::WrongStatus("This line is already excluded."));
    }
    let now = Utc::now();
    line_exclusion::ActiveModel {
        tender_id: Set(tender_id),
        submission_id: Set(sheet.submission_id),
        measure_id: Set(measure_id),
        year: Set(year as i32),
        reason: Set(answers.reason.as_str().to_owned()),
        comment: Set(answers.comment.clone()),
        excluded_by_user_id: Set(session.user.id),
        excluded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    Change::by(&session, AuditAction::LineExcluded, offer_id)
        .after(json!({
            "submission_id": sheet.submission_id, "measure_id": measure_id, "year": year,
            "reason": answers.reason.as_str(), "comment": answers.comment,
        }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Undoes an exclusion: the line counts again.
pub async fn restore_line(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
    measure_id: i64,
    year: u32,
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let sheet = loaded.sheet(offer_id)?;
    let Some(exclusion) = loaded.is_excluded(sheet.submission_id, measure_id, year) else {
        return Err(TenderError::WrongStatus("This line is not excluded."));
    };
    line_exclusion::Entity::delete_by_id(exclusion.id).exec(&txn).await?;
    Change::by(&session, AuditAction::LineRestored, offer_id)
        .before(json!({
            "submission_id": sheet.submission_id, "measure_id": measure_id, "year": year,
            "reason": exclusion.reason, "comment": exclusion.comment,
        }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn join(
    txn: &impl ConnectionTrait,
    loaded: &Loaded,
    session: &ActiveSession,
    role: EvaluatorRole,
) -> Result<(), TenderError> {
    let part = loaded.viewer_part(session.user.id);
    match part.role {
        Some(held) if held == role => Ok(()),
        // A marker cannot moderate, and a moderator cannot mark.
        Some(_) => Err(AccessError::Forbidden.into()),
        None => {
            evaluator::ActiveModel {
                tender_id: Set(loaded.row.id),
                user_id: Set(session.user.id),
                role: Set(role.as_str().to_owned()),
                joined_at: Set(Utc::now()),
                marks_submitted_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(())
        }
    }
}

/// The marks typed for the tender's written questions (markers' and the moderator's forms
/// alike): each refused beside its field, and at least one.
fn typed_marks(
    loaded: &Loaded,
    fields: &[(String, String)],
    role: EvaluatorRole,
) -> Result<Vec<MarkAnswer>, TenderError> {
    let ids: Vec<i64> = loaded.questions.iter().map(|q| q.measure_id).collect();
    parse_sent_marks(fields, &ids, &loaded.row.marking_scale()?, role).map_err(TenderError::Invalid)
}

/// Saves the viewer's marks for some of an offer's written answers (the rest can follow). The
/// first mark makes them one of the tender's markers.
pub async fn save_marks(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
    fields: &[(String, String)],
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let sheet = loaded.sheet(offer_id)?;
    let part = loaded.viewer_part(session.user.id);
    if part.role == Some(EvaluatorRole::Moderator) {
        return Err(AccessError::Forbidden.into());
    }
    if part.marks_submitted {
        return Err(TenderError::WrongStatus(MARKS_SUBMITTED));
    }
    if !loaded.moderated.is_empty() {
        return Err(TenderError::WrongStatus(MODERATION_BEGUN));
    }
    let marks = typed_marks(&loaded, fields, EvaluatorRole::Marker)?;
    join(&txn, &loaded, &session, EvaluatorRole::Marker).await?;
    let now = Utc::now();
    let mut before = Vec::new();
    for mark in &marks {
        let existing =
            loaded.own_marks.iter().find(|m| m.submission_id == sheet.submission_id && m.measure_id == mark.measure_id);
        match existing {
            Some(existing) => {
                before.push(json!({ "measure_id": existing.measure_id, "mark": existing.mark, "justification": existing.justification }));
                evaluator_mark::ActiveModel {
                    id: sea_orm::ActiveValue::Unchanged(existing.id),
                    mark: Set(mark.mark as i32),
                    justification: Set(mark.reason.clone()),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
            }
            None => {
                evaluator_mark::ActiveModel {
                    tender_id: Set(tender_id),
                    submission_id: Set(sheet.submission_id),
                    measure_id: Set(mark.measure_id),
                    evaluator_user_id: Set(session.user.id),
                    mark: Set(mark.mark as i32),
                    justification: Set(mark.reason.clone()),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    Change::by(&session, AuditAction::MarksSaved, offer_id)
        .before(json!(before))
        .after(json!(marks
            .iter()
            .map(|m| json!({ "measure_id": m.measure_id, "mark": m.mark, "justification": m.reason }))
            .collect::<Vec<_>>()))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Submits the viewer's marks once every written answer of every offer has one: they are fixed
/// from then on, and the viewer may see the other markers' submitted marks.
pub async fn submit_marks(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let part = loaded.viewer_part(session.user.id);
    if part.role == Some(EvaluatorRole::Moderator) {
        return Err(AccessError::Forbidden.into());
    }
    if part.marks_submitted {
        return Err(TenderError::WrongStatus(MARKS_SUBMITTED));
    }
    if part.marked < part.to_mark {
        return Err(TenderError::Invalid(FieldErrors::one(
            SUBMIT_MARKS_FIELD,
            format!("Mark every written answer before submitting: you have marked {} of {}", part.marked, part.to_mark),
        )));
    }
    let Some(own) = loaded.evaluators.iter().find(|e| e.user_id == session.user.id) else {
        return Err(TenderError::Invalid(FieldErrors::one(SUBMIT_MARKS_FIELD, "There are no written answers to mark")));
    };
    let now = Utc::now();
    evaluator::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(own.id),
        marks_submitted_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    Change::by(&session, AuditAction::MarksSubmitted, tender_id)
        .after(json!({ "marked": part.marked }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes the viewer the tender's moderator: someone of its council who has marked none of its
/// offers. Moderation opens once at least one marker has submitted and none is still marking.
pub async fn become_moderator(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    if loaded.viewer_part(session.user.id).role == Some(EvaluatorRole::Moderator) {
        return Ok(());
    }
    let markers: Vec<_> = loaded.evaluators.iter().filter(|e| e.role == EvaluatorRole::Marker.as_str()).collect();
    if loaded.viewer_part(session.user.id).role.is_none()
        && (markers.is_empty() || markers.iter().any(|m| m.marks_submitted_at.is_none()))
    {
        return Err(TenderError::WrongStatus(
            "Moderation opens once the markers have submitted their marks: at least one, and none still marking.",
        ));
    }
    join(&txn, &loaded, &session, EvaluatorRole::Moderator).await?;
    Change::by(&session, AuditAction::ModeratorJoined, tender_id).record(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Records the moderated marks, with a note each, for some of an offer's written answers.
pub async fn moderate(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: i64,
    fields: &[(String, String)],
) -> Result<(), TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let sheet = loaded.sheet(offer_id)?;
    if loaded.viewer_part(session.user.id).role != Some(EvaluatorRole::Moderator) {
        return Err(AccessError::Forbidden.into());
    }
    let marks = typed_marks(&loaded, fields, EvaluatorRole::Moderator)?;
    let now = Utc::now();
    let mut before = Vec::new();
    for mark in &marks {
        let existing =
            loaded.moderated.iter().find(|m| m.submission_id == sheet.submission_id && m.measure_id == mark.measure_id);
        match existing {
            Some(existing) => {
                before.push(json!({ "measure_id": existing.measure_id, "mark": existing.mark, "note": existing.note }));
                moderated_mark::ActiveModel {
                    id: sea_orm::ActiveValue::Unchanged(existing.id),
                    mark: Set(mark.mark as i32),
                    note: Set(mark.reason.clone()),
                    moderator_user_id: Set(session.user.id),
                    moderated_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
            }
            None => {
                moderated_mark::ActiveModel {
                    tender_id: Set(tender_id),
                    submission_id: Set(sheet.submission_id),
                    measure_id: Set(mark.measure_id),
                    mark: Set(mark.mark as i32),
                    note: Set(mark.reason.clone()),
                    moderator_user_id: Set(session.user.id),
                    moderated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    Change::by(&session, AuditAction::AnswersModerated, offer_id)
        .before(json!(before))
        .after(json!(marks
            .iter()
            .map(|m| json!({ "measure_id": m.measure_id, "mark": m.mark, "note": m.reason }))
            .collect::<Vec<_>>()))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- The award ----------------------------------------------------------------------------

const NOT_MODERATED: &str = "The contract can be awarded once every offer's written answers have a moderated mark.";

impl Loaded {
    /// The offer's social value plan: its counted lines (exclusions left out) and its written
    /// answers, as submitted, with the proxy values the submission used.
    fn plan(&self, sheet: &Sheet) -> (Vec<CommittedLine>, Vec<WrittenCommitment>) {
        let lines = sheet
            .offer
            .lines
            .iter()
            .filter(|l| self.is_excluded(sheet.submission_id, l.measure_id, l.year).is_none())
            .cloned()
            .collect();
        let written = sheet
            .offer
            .responses
            .iter()
            .filter(|r| self.is_question(r.measure_id) && !r.response.trim().is_empty())
            .cloned()
            .collect();
        (lines, written)
    }
}

/// The evaluation is ready for award: offers to choose from, every written answer moderated.
fn ready_for_award(evaluation: &Evaluation) -> Result<(), TenderError> {
    if evaluation.offers.is_empty() {
        return Err(TenderError::WrongStatus("No offers were submitted, so there is nothing to award."));
    }
    if evaluation.moderated_answers() < evaluation.written_answers() {
        return Err(TenderError::WrongStatus(NOT_MODERATED));
    }
    Ok(())
}

fn find_offer(evaluation: &Evaluation, offer_id: Option<i64>) -> Option<&EvaluatedOffer> {
    offer_id.and_then(|id| evaluation.offers.iter().find(|o| o.offer_id == id))
}

/// The award page: the ranking, and (for the offer chosen, if it is one of them) what the
/// award would make.
pub async fn award_check(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: Option<i64>,
) -> Result<AwardCheck, TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    if row.status_at(Utc::now()) != TenderStatus::Closed {
        return Err(TenderError::WrongStatus(AWARDED));
    }
    let viewer = session.expect("checked by own_tender").user.id;
    let loaded = load(db, published, row, viewer).await?;
    let evaluation = loaded.evaluation(viewer)?;
    ready_for_award(&evaluation)?;
    let chosen = find_offer(&evaluation, offer_id);
    let (lines, written) = match chosen {
        Some(chosen) => loaded.plan(loaded.sheet(chosen.offer_id)?),
        None => (Vec::new(), Vec::new()),
    };
    let years = loaded.row.duration_years.max(1) as u32;
    Ok(AwardCheck {
        tender_id,
        reference: loaded.row.reference.clone(),
        title: loaded.row.title.clone(),
        standings: evaluation.offers.iter().map(standing).collect(),
        chosen: chosen.map(standing),
        against_ranking: chosen.is_some_and(|c| c.scores.rank != 1),
        start_date: loaded.row.start_date.to_string(),
        end_date: contract_end(loaded.row.start_date, years).to_string(),
        contract_value: evaluation.contract_value,
        sv_weighting: evaluation.scoring.sv_weighting,
        lines: lines.len(),
        written_answers: written.len(),
        committed: lines.iter().map(|l| l.value).sum(),
    })
}

/// Awards a closed tender to one of its offers, once every written answer is moderated: in one
/// transaction the tender is marked awarded, the contract made with its commitments (see
/// `contracts::create`), every bidder told through the outbox, and each change audited. An
/// offer other than the top-ranked needs a reason. A second award, even at the same moment, is
/// refused (the tender's lock, then its status read again). Returns the contract's id.
pub async fn award_tender(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: Option<i64>,
    reason: &str,
    base_url: &str,
) -> Result<i64, TenderError> {
    let (txn, loaded, session) = begin_evaluation_change(db, published, session, tender_id).await?;
    let evaluation = loaded.evaluation(session.user.id)?;
    ready_for_award(&evaluation)?;
    let chosen = find_offer(&evaluation, offer_id)
        .ok_or_else(|| TenderError::Invalid(FieldErrors::one(AWARD_FIELD, domain::contracts::AWARD_CHOICE_MISSING)))?;
    let award_reason = parse_award_reason(reason, chosen.scores.rank != 1).map_err(TenderError::Invalid)?;
    let sheet = loaded.sheet(chosen.offer_id)?;
    let (lines, written) = loaded.plan(sheet);
    let now = Utc::now();
    let mut change = <tender::ActiveModel as Default>::default();
    change.id = sea_orm::ActiveValue::Unchanged(tender_id);
    change.status = Set(TenderStatus::Awarded.as_str().to_owned());
    change.awarded_at = Set(Some(now));
    change.awarded_offer_id = Set(Some(chosen.offer_id));
    change.update(&txn).await?;
    Change::by(&session, AuditAction::TenderAwarded, tender_id)
        .before(json!({ "status": loaded.row.status }))
        .after(json!({
            "status": TenderStatus::Awarded.as_str(), "awarded_offer_id": chosen.offer_id,
            "rank": chosen.scores.rank, "score": chosen.scores.total.score.to_string(), "reason": award_reason,
        }))
        .record(&txn)
        .await?;
    let contract_id = contracts::create(
        &txn,
        &session,
        contracts::NewContract {
            tender: &loaded.row,
            offer_id: sheet.offer_id,
            submission_id: sheet.submission_id,
            supplier_id: sheet.supplier_id,
            award_reason,
            lines: &lines,
            written: &written,
        },
        now,
    )
    .await?;
    tell_bidders(&txn, &loaded, chosen.offer_id, base_url).await?;
    txn.commit().await?;
    Ok(contract_id)
}

/// An email to each active member of every bidder's organisation: the outcome, and where their
/// assessment summary is (the email itself holds no scores).
async fn tell_bidders(
    txn: &impl ConnectionTrait,
    loaded: &Loaded,
    winner: i64,
    base_url: &str,
) -> Result<(), TenderError> {
    let suppliers: BTreeSet<i64> = loaded.sheets.iter().map(|s| s.supplier_id).collect();
    let people = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.is_in(suppliers))
        .filter(app_user::Column::IsActive.eq(true))
        .all(txn)
        .await?;
    let tender = &loaded.row;
    for sheet in &loaded.sheets {
        let outcome = if sheet.offer_id == winner {
            "Your offer won: the contract has been awarded to you. Its social value plan is your offer's counted lines."
        } else {
            "Your offer was not successful this time."
        };
        let subject = format!("Tender {} has been awarded", tender.reference);
        let body = format!(
            "The council has awarded tender {} ({}).\n\n{outcome}\n\nYour assessment summary, with your scores and the reasons for them, is on your offer's page:\n{base_url}{}\n",
            tender.reference,
            tender.title,
            domain::routes::offers::paths::OFFER.id(sheet.offer_id)
        );
        for person in people.iter().filter(|p| p.organisation_id == sheet.supplier_id) {
            let Ok(to) = Email::parse(&person.email) else {
                tracing::warn!(
                    user = person.id,
                    "a bidder's stored email address does not parse; no award email queued"
                );
                continue;
            };
            outbox::enqueue(txn, &to, &subject, body.clone()).await?;
        }
    }
    Ok(())
}

// ---- The export ---------------------------------------------------------------------------

/// The evaluation as one table for the procurement file: a row per offer score, line, mark and
/// moderated mark. Each evaluator's marks are in it, so it is for those who may see them all
/// (or anyone of the council once the tender is awarded, or when there is nothing to mark).
pub async fn export_rows(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(Evaluation, Vec<ExportRow>), TenderError> {
    let row = evaluated_tender(db, session, tender_id).await?;
    let viewer = session.expect("checked by own_tender").user.id;
    let loaded = load(db, published, row, viewer).await?;
    let evaluation = loaded.evaluation(viewer)?;
    let may_see_marks = evaluation.questions.is_empty()
        || evaluation.viewer.sees_all_marks()
        || evaluation.status == TenderStatus::Awarded;
    if !may_see_marks {
        return Err(AccessError::Forbidden.into());
    }
    let marks = evaluator_mark::Entity::find()
        .filter(evaluator_mark::Column::TenderId.eq(tender_id))
        .order_by_asc(evaluator_mark::Column::Id)
        .all(db)
        .await?;
    let marker_names = user_names(db, marks.iter().map(|m| m.evaluator_user_id).collect()).await?;
    let submitted: BTreeSet<i64> =
        loaded.evaluators.iter().filter(|e| e.marks_submitted_at.is_some()).map(|e| e.user_id).collect();
    let mut rows = Vec::new();
    for offer in &evaluation.offers {
        let sheet = loaded.sheet(offer.offer_id)?;
        let base = ExportRow {
            supplier: offer.supplier_name.clone(),
            offer_reference: offer.reference.clone(),
            rank: Some(offer.scores.rank),
            ..Default::default()
        };
        let score = |record: &str, working: &calc::Working| ExportRow {
            record: record.to_owned(),
            score: Some(working.score),
            formula: working.formula.clone(),
            ..base.clone()
        };
        rows.push(ExportRow {
            value: Some(offer.total),
            ratio: offer.ratio.map(|r| r.value()),
            ..score("Social value score", &offer.scores.total)
        });
        rows.push(score("Quantitative score", &offer.scores.quantitative));
        if let Some(qualitative) = &offer.scores.qualitative {
            rows.push(score("Qualitative score", qualitative));
        }
        for line in &sheet.offer.lines {
            let exclusion = loaded.is_excluded(sheet.submission_id, line.measure_id, line.year);
            rows.push(ExportRow {
                record: "Line".to_owned(),
                measure: line.code.clone(),
                description: line.description.clone(),
                year: Some(line.year),
                quantity: Some(line.quantity.value()),
                unit: line.unit.clone(),
                proxy_value: line.proxy_value.map(|p| p.per_unit()),
                value: Some(line.value),
                counts: Some(exclusion.is_none()),
                exclusion_reason: exclusion
                    .and_then(|e| ExclusionReason::parse(&e.reason))
                    .map(|r| r.label().to_owned())
                    .unwrap_or_default(),
                exclusion_comment: exclusion.map(|e| e.comment.clone()).unwrap_or_default(),
                text: line.plan.clone(),
                ..base.clone()
            });
        }
        for question in &loaded.questions {
            for mark in marks.iter().filter(|m| {
                m.submission_id == sheet.submission_id
                    && m.measure_id == question.measure_id
                    && submitted.contains(&m.evaluator_user_id)
            }) {
                rows.push(ExportRow {
                    record: "Mark".to_owned(),
                    measure: question.code.clone(),
                    description: question.description.clone(),
                    evaluator: marker_names.get(&mark.evaluator_user_id).cloned().unwrap_or_default(),
                    mark: Some(mark.mark.max(0) as u32),
                    text: mark.justification.clone(),
                    ..base.clone()
                });
            }
            if let Some(moderated) = loaded
                .moderated
                .iter()
                .find(|m| m.submission_id == sheet.submission_id && m.measure_id == question.measure_id)
            {
                rows.push(ExportRow {
                    record: "Moderated mark".to_owned(),
                    measure: question.code.clone(),
                    description: question.description.clone(),
                    evaluator: loaded.name(moderated.moderator_user_id),
                    mark: Some(moderated.mark.max(0) as u32),
                    text: moderated.note.clone(),
                    ..base.clone()
                });
            }
        }
    }
    Ok((evaluation, rows))
}

/// One row of the evaluation export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRow {
    pub record: String,
    pub supplier: String,
    pub offer_reference: String,
    pub rank: Option<u32>,
    pub measure: String,
    pub description: String,
    pub year: Option<u32>,
    pub quantity: Option<rust_decimal::Decimal>,
    pub unit: String,
    pub proxy_value: Option<rust_decimal::Decimal>,
    pub value: Option<Money>,
    pub ratio: Option<rust_decimal::Decimal>,
    pub counts: Option<bool>,
    pub exclusion_reason: String,
    pub exclusion_comment: String,
    pub evaluator: String,
    pub mark: Option<u32>,
    /// The delivery plan, justification or moderation note.
    pub text: String,
    pub score: Option<rust_decimal::Decimal>,
    pub formula: String,
}
