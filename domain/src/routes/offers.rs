//! The offers journey's addresses and form-field names.

/// The offer forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    /// Every offer the supplier has made, each with its outcome.
    pub const YOUR_OFFERS: &str = "/offers";
    /// Starts (or finds) the supplier's offer for the tender `{id}`.
    pub const START: FormPath = FormPath("/tenders/{id}/offer");
    pub const OFFER: FormPath = FormPath("/offers/{id}");
    pub const CHECK: FormPath = FormPath("/offers/{id}/check");
    pub const SUBMIT: FormPath = FormPath("/offers/{id}/submit");
    pub const WITHDRAW: FormPath = FormPath("/offers/{id}/withdraw");
    pub const RECEIPT: FormPath = FormPath("/offers/{id}/submissions/{submission_id}");
}

/// The names of the offer forms' fields that the handlers read themselves (the quantities,
/// plans and responses are named by `domain::offers::quantity_field` and its neighbours).
pub mod fields {
    /// The button pressed on the builder: save, or save and go on to check.
    pub const ACTION: &str = "action";
    pub const ACTION_SAVE: &str = "save";
    pub const ACTION_CHECK: &str = "check";
    /// The check page's confirmation, sent as `YES` when ticked.
    pub const ATTESTATION: &str = crate::offers::ATTESTATION_FIELD;
    pub const YES: &str = "yes";
}
