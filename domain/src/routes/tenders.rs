//! The tenders journey's addresses and form-field names.

/// The tender forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    pub const NEW_TENDER: FormPath = FormPath("/manage/new-tender");
    pub const MANAGE: FormPath = FormPath("/manage/tenders/{id}");
    pub const DETAILS: FormPath = FormPath("/manage/tenders/{id}/details");
    pub const MEASURES: FormPath = FormPath("/manage/tenders/{id}/measures");
    pub const OPEN: FormPath = FormPath("/manage/tenders/{id}/open");
    pub const CANCEL: FormPath = FormPath("/manage/tenders/{id}/cancel");
}

/// The names of the management forms' fields that the handlers read themselves (the tender's
/// terms are read by `TenderAnswers::from_fields`).
pub mod fields {
    /// The measures listed on the page (a search may hide some), and those ticked.
    pub const SHOWN: &str = "shown";
    pub const CHOSEN: &str = "chosen";
}
