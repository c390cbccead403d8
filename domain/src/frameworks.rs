//! Measures frameworks: versions of themes, outcomes and measures, as a council tailors them.
//!
//! A measure arrives as text, from the measure form or from a row of an imported file
//! ([`MeasureAnswers`]), and is parsed into a [`Measure`] or a list of problems, each tied to the
//! field (form) or column (file) it concerns. The same rules serve both doors.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use calc::{ProxyValue, QuantityRule};
use crate::dates::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeasureKind {
    /// Has a proxy value in £ per unit.
    Monetised,
    /// A number, no £.
    RecordOnly,
    /// A written answer.
    Qualitative,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 3] = [MeasureKind::Monetised, MeasureKind::RecordOnly, MeasureKind::Qualitative];

    /// As stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Monetised => "monetised",
            MeasureKind::RecordOnly => "record_only",
            MeasureKind::Qualitative => "qualitative",
        }
    }

    pub fn parse_stored(stored: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|kind| kind.as_str() == stored)
    }

    /// As people write it, in files and on pages.
    pub fn label(self) -> &'static str {
        match self {
            MeasureKind::Monetised => "monetised",
            MeasureKind::RecordOnly => "record only",
            MeasureKind::Qualitative => "qualitative",
        }
    }

    /// Accepts the label in any case, with a hyphen or underscore for the space.
    pub fn parse_label(typed: &str) -> Option<MeasureKind> {
        let typed = typed.trim().to_lowercase().replace(['-', '_'], " ");
        MeasureKind::ALL.into_iter().find(|kind| kind.label() == typed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FrameworkStatus {
    Draft,
    Published,
    Retired,
}

impl FrameworkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameworkStatus::Draft => "draft",
            FrameworkStatus::Published => "published",
            FrameworkStatus::Retired => "retired",
        }
    }

    pub fn parse(stored: &str) -> Option<FrameworkStatus> {
        [FrameworkStatus::Draft, FrameworkStatus::Published, FrameworkStatus::Retired]
            .into_iter()
            .find(|s| s.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            FrameworkStatus::Draft => "Draft",
            FrameworkStatus::Published => "Published",
            FrameworkStatus::Retired => "Retired",
        }
    }
}

/// One field of a measure: its form field id, its column header in files, and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeasureField {
    Code,
    Theme,
    Outcome,
    Description,
    Unit,
    AllowsFraction,
    Kind,
    ProxyValue,
    Guidance,
    EvidenceRequired,
    FirstYearOnly,
    CommunityOffer,
    AddsTo,
    Applies,
}

impl MeasureField {
    /// In the order of the form and of the file's columns.
    pub const ALL: [MeasureField; 14] = [
        MeasureField::Code,
        MeasureField::Theme,
        MeasureField::Outcome,
        MeasureField::Description,
        MeasureField::Unit,
        MeasureField::AllowsFraction,
        MeasureField::Kind,
        MeasureField::ProxyValue,
        MeasureField::Guidance,
        MeasureField::EvidenceRequired,
        MeasureField::FirstYearOnly,
        MeasureField::CommunityOffer,
        MeasureField::AddsTo,
        MeasureField::Applies,
    ];

    /// The columns a file must have; the others may be left out (their defaults apply).
    pub fn is_required_column(self) -> bool {
        matches!(
            self,
            MeasureField::Code
                | MeasureField::Theme
                | MeasureField::Outcome
                | MeasureField::Description
                | MeasureField::Unit
                | MeasureField::Kind
        )
    }

    pub fn id(self) -> &'static str {
        match self {
            MeasureField::Code => "code",
            MeasureField::Theme => "theme",
            MeasureField::Outcome => "outcome",
            MeasureField::Description => "description",
            MeasureField::Unit => "unit",
            MeasureField::AllowsFraction => "allows-fraction",
            MeasureField::Kind => "kind",
            MeasureField::ProxyValue => "proxy-value",
            MeasureField::Guidance => "guidance",
            MeasureField::EvidenceRequired => "evidence-required",
            MeasureField::FirstYearOnly => "first-year-only",
            MeasureField::CommunityOffer => "community-offer",
            MeasureField::AddsTo => "adds-to",
            MeasureField::Applies => "applies",
        }
    }

    /// The column header in CSV and XLSX files (matched ignoring case and spaces at either end).
    pub fn header(self) -> &'static str {
        match self {
            MeasureField::Code => "code",
            MeasureField::Theme => "theme",
            MeasureField::Outcome => "outcome",
            MeasureField::Description => "description",
            MeasureField::Unit => "unit",
            MeasureField::AllowsFraction => "fractions allowed",
            MeasureField::Kind => "kind",
            MeasureField::ProxyValue => "proxy value (£)",
            MeasureField::Guidance => "guidance",
            MeasureField::EvidenceRequired => "evidence required",
            MeasureField::FirstYearOnly => "first year only",
            MeasureField::CommunityOffer => "community offer",
            MeasureField::AddsTo => "adds to",
            MeasureField::Applies => "applies",
        }
    }

    /// What a correct value looks like, for the import report.
    pub fn how_to_fix(self) -> &'static str {
        match self {
            MeasureField::Code => "Use 1 to 16 letters, digits, hyphens or dots, like JOB-1, unique in the file",
            MeasureField::Theme => "Write the theme's name, like Jobs (up to 100 characters)",
            MeasureField::Outcome => "Write the outcome, like More local people in work (up to 200 characters)",
            MeasureField::Description => "Describe the measure in up to 300 characters",
            MeasureField::Unit => "Write the unit, like FTE years, hours or tonnes CO2e (up to 60 characters)",
            MeasureField::AllowsFraction => "Write yes or no (an empty cell means no)",
            MeasureField::Kind => "Write monetised, record only or qualitative",
            MeasureField::ProxyValue => {
                "Write the £ value of one unit, like 12.50, for monetised measures only; leave it empty otherwise"
            }
            MeasureField::Guidance => "Keep guidance to 2,000 characters",
            MeasureField::EvidenceRequired => "Keep the evidence required to 2,000 characters",
            MeasureField::FirstYearOnly => "Write yes or no (an empty cell means no)",
            MeasureField::CommunityOffer => "Write yes or no (an empty cell means no)",
            MeasureField::AddsTo => "Write the code of another measure in the file, or leave it empty",
            MeasureField::Applies => "Write yes or no (an empty cell means yes)",
        }
    }

    pub fn from_header(header: &str) -> Option<MeasureField> {
        let header = header.trim().to_lowercase();
        MeasureField::ALL.into_iter().find(|field| field.header() == header)
    }

    pub fn from_id(id: &str) -> Option<MeasureField> {
        MeasureField::ALL.into_iter().find(|field| field.id() == id)
    }
}

/// A measure as typed: one text per field, from the form or a file's row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureAnswers(pub HashMap<MeasureField, String>);

impl MeasureAnswers {
    pub fn get(&self, field: MeasureField) -> &str {
        self.0.get(&field).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, field: MeasureField, value: impl Into<String>) {
        self.0.insert(field, value.into());
    }
}

/// A measure that has passed every rule of its own (rules across measures are in [`check_measures`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub code: String,
    pub theme: String,
    pub outcome: String,
    pub description: String,
    pub unit: String,
    pub allows_fraction: bool,
    pub kind: MeasureKind,
    /// Some for monetised measures, None otherwise.
    pub proxy_value: Option<ProxyValue>,
    pub guidance: String,
    pub evidence_required: String,
    pub first_year_only: bool,
    pub community_offer: bool,
    /// The code of the measure this one adds to (e.g. a disadvantaged hire adding to local jobs).
    pub adds_to: Option<String>,
    /// Tailoring: whether the council uses this measure in its area.
    pub applies: bool,
}

/// A problem with one field of one measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureProblem {
    pub field: MeasureField,
    pub message: String,
}

pub const MAX_CODE_CHARS: usize = 16;
pub const QUALITATIVE_UNIT: &str = "written response";

impl Measure {
    pub fn quantity_rule(&self) -> QuantityRule {
        QuantityRule { allows_fraction: self.allows_fraction }
    }

    /// Parses every field, reporting every problem (not only the first).
    pub fn parse(answers: &MeasureAnswers) -> Result<Measure, Vec<MeasureProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: MeasureField, message: String| problems.push(MeasureProblem { field, message });

        let code = answers.get(MeasureField::Code).trim().to_owned();
        if code.is_empty() {
            problem(MeasureField::Code, "Enter the measure's code".into());
        } else if code.chars().count() > MAX_CODE_CHARS {
            problem(MeasureField::Code, format!("The code must be {MAX_CODE_CHARS} characters or fewer"));
        } else if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
            problem(MeasureField::Code, "The code can only contain letters, digits, hyphens and dots".into());
        }
        let mut text = |field: MeasureField, what: &str, max: usize, required: bool| {
            let value = single_line(answers.get(field), field);
            if required && value.is_empty() {
                problem(field, format!("Enter the {what}"));
            } else if value.chars().count() > max {
                problem(field, crate::form::too_long(&format!("The {what}"), max));
            }
            value
        };
        let theme = text(MeasureField::Theme, "theme", 100, true);
        let outcome = text(MeasureField::Outcome, "outcome", 200, true);
        let description = text(MeasureField::Description, "description", 300, true);
        let guidance = text(MeasureField::Guidance, "guidance", 2000, false);
        let evidence_required = text(MeasureField::EvidenceRequired, "evidence required", 2000, false);

        let kind_text = answers.get(MeasureField::Kind);
        let kind = MeasureKind::parse_label(kind_text);
        if kind.is_none() {
            let message = if kind_text.trim().is_empty() {
                "Choose the kind of measure: monetised, record only or qualitative".to_owned()
            } else {
                format!(
                    "\"{}\" is not a kind of measure: choose monetised, record only or qualitative",
                    kind_text.trim()
                )
            };
            problem(MeasureField::Kind, message);
        }

        let mut unit = answers.get(MeasureField::Unit).trim().to_owned();
        if unit.is_empty() && kind == Some(MeasureKind::Qualitative) {
            unit = QUALITATIVE_UNIT.to_owned();
        }
        if unit.is_empty() {
            problem(MeasureField::Unit, "Enter the unit, like FTE years or hours".into());
        } else if unit.chars().count() > 60 {
            problem(MeasureField::Unit, "The unit must be 60 characters or fewer".into());
        }

        let mut flag = |field: MeasureField, default: bool| match parse_yes_no(answers.get(field), default) {
            Some(value) => value,
            None => {
                problem(field, format!("Write yes or no, not \"{}\"", answers.get(field).trim()));
                default
            }
        };
        let allows_fraction = flag(MeasureField::AllowsFraction, false);
        let first_year_only = flag(MeasureField::FirstYearOnly, false);
        let community_offer = flag(MeasureField::CommunityOffer, false);
        let applies = flag(MeasureField::Applies, true);

        let proxy_text = answers.get(MeasureField::ProxyValue);
        let proxy_value = match kind {
            Some(MeasureKind::Monetised) => match ProxyValue::parse_typed(proxy_text) {
                Ok(value) => Some(value),
                Err(error) => {
                    let message = match error {
                        calc::ProxyValueError::Empty => {
                            "Enter the proxy value: a monetised measure needs a £ value per unit".to_owned()
                        }
                        other => other.to_string(),
                    };
                    problem(MeasureField::ProxyValue, message);
                    None
                }
            },
            Some(other) if !proxy_text.trim().is_empty() => {
                problem(
                    MeasureField::ProxyValue,
                    format!("Leave the proxy value empty: a {} measure adds no £", other.label()),
                );
                None
            }
            _ => None,
        };

        let adds_to = answers.get(MeasureField::AddsTo).trim().to_owned();
        let adds_to = if adds_to.is_empty() {
            None
        } else {
            if adds_to.eq_ignore_ascii_case(&code) {
                problem(MeasureField::AddsTo, "A measure cannot add to itself".into());
            }
            Some(adds_to)
        };

        match kind {
            Some(kind) if problems.is_empty() => Ok(Measure {
                code,
                theme,
                outcome,
                description,
                unit,
                allows_fraction: allows_fraction && kind != MeasureKind::Qualitative,
                kind,
                proxy_value,
                guidance,
                evidence_required,
                first_year_only,
                community_offer,
                adds_to,
                applies,
            }),
            _ => Err(problems),
        }
    }

    /// The measure written back as text, as a file row or a form shows it.
    pub fn to_answers(&self) -> MeasureAnswers {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let mut answers = MeasureAnswers::default();
        answers.set(MeasureField::Code, &self.code);
        answers.set(MeasureField::Theme, &self.theme);
        answers.set(MeasureField::Outcome, &self.outcome);
        answers.set(MeasureField::Description, &self.description);
        answers.set(MeasureField::Unit, &self.unit);
        answers.set(MeasureField::AllowsFraction, yes_no(self.allows_fraction));
        answers.set(MeasureField::Kind, self.kind.label());
        answers.set(MeasureField::ProxyValue, self.proxy_value.map(ProxyValue::to_plain).unwrap_or_default());
        answers.set(MeasureField::Guidance, &self.guidance);
        answers.set(MeasureField::EvidenceRequired, &self.evidence_required);
        answers.set(MeasureField::FirstYearOnly, yes_no(self.first_year_only));
        answers.set(MeasureField::CommunityOffer, yes_no(self.community_offer));
        answers.set(MeasureField::AddsTo, self.adds_to.clone().unwrap_or_default());
        answers.set(MeasureField::Applies, yes_no(self.applies));
        answers
    }

    /// Words a search matches: code, theme, outcome, description, unit and guidance.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return true;
        }
        let haystack = [&self.code, &self.theme, &self.outcome, &self.description, &self.unit, &self.guidance]
            .map(|s| s.to_lowercase());
        query.split_whitespace().all(|word| haystack.iter().any(|field| field.contains(word)))
    }
}

/// Descriptions and codes are one line; long texts keep their line breaks.
fn single_line(value: &str, field: MeasureField) -> String {
    match field {
        MeasureField::Guidance | MeasureField::EvidenceRequired => value.trim().replace("\r\n", "\n"),
        _ => value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// "yes"/"no" (also y/n, true/false, 1/0, in any case); an empty answer takes the default.
pub fn parse_yes_no(typed: &str, default: bool) -> Option<bool> {
    match typed.trim().to_lowercase().as_str() {
        "" => Some(default),
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A problem across the measures of a version: which measure (by its place) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionProblem {
    /// Index into the measures checked.
    pub measure: usize,
    pub field: MeasureField,
    pub message: String,
}

/// The rules across measures: codes are unique (ignoring case) and "adds to" names another
/// measure of the same version.
pub fn check_measures(measures: &[Measure]) -> Vec<VersionProblem> {
    let mut problems = Vec::new();
    let mut first_use: HashMap<String, usize> = HashMap::new();
    for (index, measure) in measures.iter().enumerate() {
        let key = measure.code.to_uppercase();
        if first_use.contains_key(&key) {
            problems.push(VersionProblem {
                measure: index,
                field: MeasureField::Code,
                message: format!("The code {} is already used by another measure", measure.code),
            });
        } else {
            first_use.insert(key, index);
        }
    }
    for (index, measure) in measures.iter().enumerate() {
        if let Some(target) = &measure.adds_to {
            if !first_use.contains_key(&target.to_uppercase()) {
                problems.push(VersionProblem {
                    measure: index,
                    field: MeasureField::AddsTo,
                    message: format!("There is no measure with the code {target} to add to"),
                });
            }
        }
    }
    problems
}

/// Why a version cannot be published yet.
pub fn publish_problems(measures: &[Measure]) -> Vec<String> {
    let mut problems = Vec::new();
    if !measures.iter().any(|m| m.applies) {
        problems.push("Add at least one measure that applies before publishing".to_owned());
    }
    problems.extend(check_measures(measures).into_iter().map(|p| p.message));
    problems
}

/// A difference between two versions of a framework, for the check-your-answers page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureChange {
    Added { code: String, description: String },
    Removed { code: String, description: String },
    Changed { code: String, fields: Vec<FieldChange> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What changes from `before` to `after`, matching measures by code.
pub fn compare_versions(before: &[Measure], after: &[Measure]) -> Vec<MeasureChange> {
    let before_by_code: HashMap<String, &Measure> = before.iter().map(|m| (m.code.to_uppercase(), m)).collect();
    let after_codes: HashSet<String> = after.iter().map(|m| m.code.to_uppercase()).collect();
    let mut changes = Vec::new();
    for measure in after {
        match before_by_code.get(&measure.code.to_uppercase()) {
            None => changes
                .push(MeasureChange::Added { code: measure.code.clone(), description: measure.description.clone() }),
            Some(old) => {
                let (old_answers, new_answers) = (old.to_answers(), measure.to_answers());
                let fields: Vec<FieldChange> = MeasureField::ALL
                    .into_iter()
                    .filter(|&field| old_answers.get(field) != new_answers.get(field))
                    .map(|field| FieldChange {
                        field: field.header().to_owned(),
                        before: old_answers.get(field).to_owned(),
                        after: new_answers.get(field).to_owned(),
                    })
                    .collect();
                if !fields.is_empty() {
                    changes.push(MeasureChange::Changed { code: measure.code.clone(), fields });
                }
            }
        }
    }
    for measure in before {
        if !after_codes.contains(&measure.code.to_uppercase()) {
            changes
                .push(MeasureChange::Removed { code: measure.code.clone(), description: measure.description.clone() });
        }
    }
    changes
}

/// A postcode district such as CM1, SW1A or B33: the part of a postcode before the space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PostcodeDistrict(String);

impl PostcodeDistrict {
    pub fn parse(typed: &str) -> Option<PostcodeDistrict> {
        let district = typed.trim().to_uppercase();
        let letters = district.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let rest = &district[letters..];
        let valid = (1..=2).contains(&letters)
            && (1..=2).contains(&rest.len())
            && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_alphanumeric());
        valid.then_some(PostcodeDistrict(district))
    }

    /// A list typed with commas or spaces between districts.
    pub fn parse_list(typed: &str) -> Result<Vec<PostcodeDistrict>, String> {
        let mut districts = Vec::new();
        for part in typed.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
            match PostcodeDistrict::parse(part) {
                Some(district) if !districts.contains(&district) => districts.push(district),
                Some(_) => {}
                None => return Err(format!("\"{part}\" is not a postcode district: enter districts like CM1, CM2")),
            }
        }
        Ok(districts)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostcodeDistrict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A framework version in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: i64,
    pub council_name: String,
    pub name: String,
    pub version_label: String,
    /// "YYYY-MM-DD"
    pub effective_date: String,
    pub status: FrameworkStatus,
    pub is_illustrative: bool,
    pub measure_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeSummary {
    pub id: i64,
    pub name: String,
    pub measure_count: usize,
}

/// A measure with its database id, for links to edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMeasure {
    pub id: i64,
    pub measure: Measure,
}

/// A whole version: its details, themes and measures, and whether the viewer may edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDetails {
    pub summary: VersionSummary,
    pub local_definition: String,
    pub local_postcode_districts: Vec<String>,
    pub based_on: Option<VersionSummary>,
    pub themes: Vec<ThemeSummary>,
    pub measures: Vec<StoredMeasure>,
    /// The viewer is one of its council's administrators (may copy it into a new draft).
    pub can_manage: bool,
}

/// The check-your-answers page before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishReview {
    pub version: VersionDetails,
    pub changes: Vec<MeasureChange>,
    pub problems: Vec<String>,
}

/// The answers of the "version details" question page, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDetailsAnswers {
    pub name: String,
    pub version_label: String,
    pub effective_day: String,
    pub effective_month: String,
    pub effective_year: String,
    pub local_definition: String,
    pub local_postcode_districts: String,
}

/// Version details that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedVersionDetails {
    pub name: String,
    pub version_label: String,
    pub effective_date: String,
    pub local_definition: String,
    pub local_postcode_districts: Vec<PostcodeDistrict>,
}

impl VersionDetailsAnswers {
    pub fn parse(&self) -> Result<ParsedVersionDetails, crate::form::FieldErrors> {
        let mut errors = crate::form::FieldErrors::default();
        let name = errors.required_text("name", &self.name, "Enter the framework's name", "Framework name", 200);
        let version_label = errors.required_text(
            "version-label",
            &self.version_label,
            "Enter a version label, like 2027-28",
            "Version label",
            40,
        );
        let effective_date = errors.check(
            "effective-date",
            parse_date(
                (&self.effective_day, &self.effective_month, &self.effective_year),
                "Enter the date the version takes effect",
                "The date the version takes effect must be a real date, like 1 4 2027",
            ),
        );
        let local_definition = errors.required_text(
            "local-definition",
            &self.local_definition,
            "Describe what counts as local, like \"within the county boundary\"",
            "What counts as local",
            1000,
        );
        let districts =
            errors.check("local-postcode-districts", PostcodeDistrict::parse_list(&self.local_postcode_districts));
        match (name, version_label, effective_date, local_definition, districts) {
            (Some(name), Some(version_label), Some(effective_date), Some(local_definition), Some(districts))
                if errors.is_empty() =>
            {
                Ok(ParsedVersionDetails {
                    name,
                    version_label,
                    effective_date,
                    local_definition,
                    local_postcode_districts: districts,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    pub fn answers(pairs: &[(MeasureField, &str)]) -> MeasureAnswers {
        let mut answers = MeasureAnswers::default();
        for (field, value) in pairs {
            answers.set(*field, *value);
        }
        answers
    }

    fn local_jobs() -> MeasureAnswers {
        answers(&[
            (MeasureField::Code, "JOB-1"),
            (MeasureField::Theme, "Jobs"),
            (MeasureField::Outcome, "More local people in work"),
            (MeasureField::Description, "Local people employed on the contract"),
            (MeasureField::Unit, "FTE years"),
            (MeasureField::AllowsFraction, "yes"),
            (MeasureField::Kind, "monetised"),
            (MeasureField::ProxyValue, "£24,500"),
        ])
    }

    #[test]
    fn parses_a_monetised_measure_with_defaults() {
        let measure = Measure::parse(&local_jobs()).unwrap();
        assert_eq!(measure.kind, MeasureKind::Monetised);
        assert_eq!(measure.proxy_value.unwrap().per_unit(), dec!(24500));
        assert!(measure.allows_fraction && measure.applies && !measure.first_year_only && !measure.community_offer);
        assert_eq!(Measure::parse(&measure.to_answers()).unwrap(), measure, "written back, it reads the same");
    }

    #[test]
    fn reports_every_problem_with_its_field() {
        let mut typed = local_jobs();
        typed.set(MeasureField::Code, "JOB 1!");
        typed.set(MeasureField::Outcome, "");
        typed.set(MeasureField::Kind, "monetized-ish");
        typed.set(MeasureField::FirstYearOnly, "maybe");
        let problems = Measure::parse(&typed).unwrap_err();
        let fields: Vec<MeasureField> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![MeasureField::Code, MeasureField::Outcome, MeasureField::Kind, MeasureField::FirstYearOnly]
        );
        assert_eq!(problems[3].message, "Write yes or no, not \"maybe\"");
    }

    #[test]
    fn proxy_values_belong_to_monetised_measures_only() {
        let mut typed = local_jobs();
        typed.set(MeasureField::ProxyValue, "");
        assert!(Measure::parse(&typed).unwrap_err()[0].message.starts_with("Enter the proxy value"));
        typed.set(MeasureField::Kind, "record only");
        typed.set(MeasureField::ProxyValue, "12");
        assert_eq!(
            Measure::parse(&typed).unwrap_err()[0].message,
            "Leave the proxy value empty: a record only measure adds no £"
        );
        typed.set(MeasureField::Kind, "Qualitative");
        typed.set(MeasureField::ProxyValue, "");
        typed.set(MeasureField::Unit, "");
        let measure = Measure::parse(&typed).unwrap();
        assert_eq!((measure.unit.as_str(), measure.allows_fraction), (QUALITATIVE_UNIT, false));
    }

    #[test]
    fn codes_are_unique_and_adds_to_must_exist() {
        let first = Measure::parse(&local_jobs()).unwrap();
        let mut second = first.clone();
        second.code = "job-1".into();
        let mut third = first.clone();
        third.code = "JOB-2".into();
        third.adds_to = Some("JOB-9".into());
        let problems = check_measures(&[first, second, third]);
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].measure, problems[0].field), (1, MeasureField::Code));
        assert_eq!((problems[1].measure, problems[1].field), (2, MeasureField::AddsTo));
    }

    #[test]
    fn publishing_needs_a_measure_that_applies() {
        assert_eq!(publish_problems(&[]), vec!["Add at least one measure that applies before publishing"]);
        let mut measure = Measure::parse(&local_jobs()).unwrap();
        assert!(publish_problems(std::slice::from_ref(&measure)).is_empty());
        measure.applies = false;
        assert_eq!(publish_problems(&[measure]).len(), 1);
    }

    #[test]
    fn compares_versions_by_code() {
        let jobs = Measure::parse(&local_jobs()).unwrap();
        let mut dearer = jobs.clone();
        dearer.proxy_value = Some(ProxyValue::parse(dec!(25000)).unwrap());
        let mut other = jobs.clone();
        other.code = "JOB-2".into();
        let changes = compare_versions(&[jobs.clone(), other.clone()], &[dearer]);
        assert_eq!(changes.len(), 2);
        assert!(matches!(&changes[0], MeasureChange::Changed { code, fields }
            if code == "JOB-1" && fields == &vec![FieldChange { field: "proxy value (£)".into(), before: "24500".into(), after: "25000".into() }]));
        assert!(matches!(&changes[1], MeasureChange::Removed { code, .. } if code == "JOB-2"));
    }

    #[test]
    fn postcode_districts() {
        let districts = PostcodeDistrict::parse_list("cm1, CM2 sw1a,b33").unwrap();
        assert_eq!(districts.iter().map(|d| d.as_str()).collect::<Vec<_>>(), vec!["CM1", "CM2", "SW1A", "B33"]);
        assert!(PostcodeDistrict::parse_list("CM1 1AA").is_err());
    }

    #[test]
    fn search_matches_every_word() {
        let jobs = Measure::parse(&local_jobs()).unwrap();
        assert!(jobs.matches("job-1") && jobs.matches("local employed") && jobs.matches(""));
        assert!(!jobs.matches("carbon"));
    }
}
