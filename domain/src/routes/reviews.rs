//! The reviews journey's addresses and form-field names.

/// The journey's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    pub const QUEUE: &str = "/reviews";
    /// The review page, and where its decisions post.
    pub const REVIEW: FormPath = FormPath("/contracts/{id}/returns/{quarter}/review");
    pub const GUIDE: &str = "/guides/reviewing-evidence";

    /// Every form route, for the access tests: (address, method).
    pub const FORMS: [(FormPath, &str); 1] = [(REVIEW, "POST")];
}
