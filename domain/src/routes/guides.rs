//! The guides journey's addresses and form-field names.

/// The journey's addresses, used by the pages, the route table, other journeys' links and the
/// tests.
pub mod paths {
    pub const INDEX: &str = "/guides";
    pub const GLOSSARY: &str = "/glossary";
    pub const SOCIAL_VALUE: &str = "/guides/social-value";
    pub const BUILDING_AN_OFFER: &str = "/guides/building-an-offer";
    pub const DELIVERY_PLAN: &str = "/guides/delivery-plan";
    pub const TAILORING_A_FRAMEWORK: &str = "/guides/tailoring-a-framework";
    pub const SETTING_UP_A_TENDER: &str = "/guides/setting-up-a-tender";
    /// The guides other journeys own, listed here so that the index has them all.
    pub const EVALUATION: &str = crate::routes::evaluation::paths::GUIDE;
    pub const EVIDENCE: &str = crate::routes::returns::paths::GUIDE;
    pub const REVIEWING_EVIDENCE: &str = crate::routes::reviews::paths::GUIDE;

    /// This journey's own pages, all public.
    pub const PAGES: [&str; 7] =
        [INDEX, GLOSSARY, SOCIAL_VALUE, BUILDING_AN_OFFER, DELIVERY_PLAN, TAILORING_A_FRAMEWORK, SETTING_UP_A_TENDER];
}
