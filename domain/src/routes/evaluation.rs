//! The evaluation journey's addresses and form-field names.

/// The evaluation's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    /// The side-by-side page.
    pub const EVALUATION: FormPath = FormPath("/manage/tenders/{id}/evaluation");
    /// One offer's page: its lines, written answers and marks.
    pub const OFFER: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}");
    /// A line's exclusion question page, and where it posts.
    pub const EXCLUDE: FormPath =
        FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/lines/{measure_id}/{year}/exclude");
    pub const RESTORE: FormPath =
        FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/lines/{measure_id}/{year}/restore");
    pub const MARKS: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/marks");
    pub const MODERATION: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/moderation");
    pub const SUBMIT_MARKS: FormPath = FormPath("/manage/tenders/{id}/evaluation/submit-marks");
    pub const BECOME_MODERATOR: FormPath = FormPath("/manage/tenders/{id}/evaluation/moderator");
    pub const EXPORT_CSV: FormPath = FormPath("/manage/tenders/{id}/evaluation/export.csv");
    pub const EXPORT_XLSX: FormPath = FormPath("/manage/tenders/{id}/evaluation/export.xlsx");
    pub const GUIDE: &str = "/guides/evaluation";

    /// Every form route, for the access tests: (address, method).
    pub const FORMS: [(FormPath, &str); 8] = [
        (EXCLUDE, "POST"),
        (RESTORE, "POST"),
        (MARKS, "POST"),
        (MODERATION, "POST"),
        (SUBMIT_MARKS, "POST"),
        (BECOME_MODERATOR, "POST"),
        (EXPORT_CSV, "GET"),
        (EXPORT_XLSX, "GET"),
    ];
}

/// The names of the evaluation forms' fields (each answer's mark and reason are
/// `domain::evaluation::{mark_field, reason_field}`).
pub mod fields {
    pub const REASON: &str = "reason";
    pub const COMMENT: &str = "comment";
}
