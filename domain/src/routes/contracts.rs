//! The contracts journey's addresses and form-field names.

/// The journey's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    /// The award page (GET, with `?offer=`), and where its check-your-answers posts.
    pub const AWARD: FormPath = FormPath("/manage/tenders/{id}/award");
    pub const CONTRACTS: &str = "/contracts";
    pub const CONTRACT: FormPath = FormPath("/contracts/{id}");
    pub const ADD_OFFICER: FormPath = FormPath("/contracts/{id}/officers");
    pub const REMOVE_OFFICER: FormPath = FormPath("/contracts/{id}/officers/{user_id}/remove");
    pub const RETURN_DUE_DAYS: FormPath = FormPath("/contracts/return-due-days");
    pub const PERFORMANCE_THRESHOLDS: FormPath = FormPath("/contracts/performance-thresholds");

    /// Every form route, for the access tests: (address, method).
    pub const FORMS: [(FormPath, &str); 5] = [
        (AWARD, "POST"),
        (ADD_OFFICER, "POST"),
        (REMOVE_OFFICER, "POST"),
        (RETURN_DUE_DAYS, "POST"),
        (PERFORMANCE_THRESHOLDS, "POST"),
    ];
}

/// The names of the journey's form fields that are not the domain's.
pub mod fields {
    /// Sent by the award page's "Continue", so that continuing with no offer chosen is refused.
    pub const CHOOSING: &str = "choosing";
    pub const SEARCH: &str = "q";
}
