//! The frameworks journey's addresses and form-field names.

/// The framework forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    /// A published (or retired) version's public page; its search is a GET form to itself.
    pub const FRAMEWORK: FormPath = FormPath("/frameworks/{id}");
    pub const EXPORT_CSV: FormPath = FormPath("/frameworks/{id}/export.csv");
    pub const EXPORT_XLSX: FormPath = FormPath("/frameworks/{id}/export.xlsx");
    pub const NEW_DRAFT: FormPath = FormPath("/manage/new-framework");
    /// The new-draft page's query parameter (and field) naming the version to copy.
    pub const COPY_OF: &str = "copy-of";
    pub const DRAFT: FormPath = FormPath("/manage/frameworks/{id}");
    pub const DETAILS: FormPath = FormPath("/manage/frameworks/{id}/details");
    pub const ADD_THEME: FormPath = FormPath("/manage/frameworks/{id}/themes");
    pub const THEME: FormPath = FormPath("/manage/frameworks/{id}/themes/{theme_id}");
    pub const REMOVE_THEME: FormPath = FormPath("/manage/frameworks/{id}/themes/{theme_id}/remove");
    pub const ADD_MEASURE: FormPath = FormPath("/manage/frameworks/{id}/add-measure");
    pub const MEASURE: FormPath = FormPath("/manage/frameworks/{id}/measures/{measure_id}");
    pub const REMOVE_MEASURE: FormPath = FormPath("/manage/frameworks/{id}/measures/{measure_id}/remove");
    pub const SELECTION: FormPath = FormPath("/manage/frameworks/{id}/selection");
    pub const IMPORT: FormPath = FormPath("/manage/frameworks/{id}/import");
    pub const PUBLISH: FormPath = FormPath("/manage/frameworks/{id}/publish");
}
