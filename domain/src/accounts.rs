//! Accounts: roles, organisations, email addresses and passwords, parsed not validated.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrganisationKind {
    Council,
    Supplier,
}

impl OrganisationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Council => "council",
            OrganisationKind::Supplier => "supplier",
        }
    }

    pub fn parse(stored: &str) -> Option<OrganisationKind> {
        match stored {
            "council" => Some(OrganisationKind::Council),
            "supplier" => Some(OrganisationKind::Supplier),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    SupplierUser,
    SupplierAdmin,
    CouncilOfficer,
    CouncilAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::SupplierUser, Role::SupplierAdmin, Role::CouncilOfficer, Role::CouncilAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SupplierUser => "supplier_user",
            Role::SupplierAdmin => "supplier_admin",
            Role::CouncilOfficer => "council_officer",
            Role::CouncilAdmin => "council_admin",
        }
    }

    pub fn parse(stored: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SupplierUser => "Supplier team member",
            Role::SupplierAdmin => "Supplier administrator",
            Role::CouncilOfficer => "Council officer",
            Role::CouncilAdmin => "Council administrator",
        }
    }

    /// The kind of organisation a person with this role belongs to.
    pub fn organisation_kind(self) -> OrganisationKind {
        match self {
            Role::SupplierUser | Role::SupplierAdmin => OrganisationKind::Supplier,
            Role::CouncilOfficer | Role::CouncilAdmin => OrganisationKind::Council,
        }
    }

    pub fn is_admin(self) -> bool {
        matches!(self, Role::SupplierAdmin | Role::CouncilAdmin)
    }

    /// Council staff decide contracts and see suppliers' evidence: they always sign in with
    /// two factors. Suppliers do when a council asks it of them.
    pub fn always_needs_two_factor(self) -> bool {
        self.organisation_kind() == OrganisationKind::Council
    }

    /// The roles of one kind of organisation, the least first.
    pub fn of_kind(kind: OrganisationKind) -> [Role; 2] {
        match kind {
            OrganisationKind::Supplier => [Role::SupplierUser, Role::SupplierAdmin],
            OrganisationKind::Council => [Role::CouncilOfficer, Role::CouncilAdmin],
        }
    }

    /// Roles include those below them: an admin can do what a member of the same side can.
    pub fn includes(self, required: Role) -> bool {
        self == required
            || matches!(
                (self, required),
                (Role::SupplierAdmin, Role::SupplierUser) | (Role::CouncilAdmin, Role::CouncilOfficer)
            )
    }
}

/// An email address, trimmed and lower-cased, with one `@` and a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.com")]
    BadFormat,
}

impl Email {
    pub fn parse(typed: &str) -> Result<Email, EmailError> {
        let email = typed.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::BadFormat);
        };
        let well_formed = !local.is_empty()
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if well_formed {
            Ok(Email(email))
        } else {
            Err(EmailError::BadFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy: 12 to 128 characters, any characters, not a common one.
/// It deliberately has no `Debug` output of its contents and no `Serialize`.
#[derive(Clone)]
pub struct NewPassword(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Enter a password")]
    Empty,
    #[error("Password must be 12 characters or more")]
    TooShort,
    #[error("Password must be 128 characters or fewer")]
    TooLong,
    #[error("Choose a password that is harder to guess: this one is too common")]
    TooCommon,
}

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(typed: &str) -> Result<NewPassword, PasswordError> {
        let length = typed.chars().count();
        if length == 0 {
            Err(PasswordError::Empty)
        } else if length < Self::MIN_CHARS {
            Err(PasswordError::TooShort)
        } else if length > Self::MAX_CHARS {
            Err(PasswordError::TooLong)
        } else if is_common_password(typed) {
            Err(PasswordError::TooCommon)
        } else {
            Ok(NewPassword(typed.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// Common passwords of 12 or more characters (shorter ones already fail the length rule),
/// compared without case and ignoring spaces.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678910",
    "123456789123",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "abc123456789",
    "administrator",
    "changeme1234",
    "iloveyou1234",
    "letmein12345",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "passw0rd1234",
    "qwerty123456",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "trustno1trustno1",
    "welcome12345",
    "welcome123456",
    "pledgebook123",
    "pledgebook1234",
    "socialvalue123",
    "correcthorsebatterystaple",
];

fn is_common_password(typed: &str) -> bool {
    let folded: String = typed.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let repeated_single_character = folded.chars().all(|c| Some(c) == folded.chars().next());
    repeated_single_character || COMMON_PASSWORDS.contains(&folded.as_str())
}

/// A UK Companies House number: 8 characters, digits or a two-letter prefix and 6 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompaniesHouseNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a Companies House number of 8 characters, like 01234567 or SC123456")]
pub struct CompaniesHouseNumberError;

impl CompaniesHouseNumber {
    pub fn parse(typed: &str) -> Result<CompaniesHouseNumber, CompaniesHouseNumberError> {
        let number: String = typed.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        let bytes = number.as_bytes();
        let valid = bytes.len() == 8
            && bytes[2..].iter().all(u8::is_ascii_digit)
            && (bytes[..2].iter().all(u8::is_ascii_digit) || bytes[..2].iter().all(u8::is_ascii_uppercase));
        if valid {
            Ok(CompaniesHouseNumber(number))
        } else {
            Err(CompaniesHouseNumberError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A UK postcode, normalised to upper case with one space before the inward code ("CM1 1AA").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postcode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    #[error("Enter a postcode")]
    Empty,
    #[error("Enter a full UK postcode, like CM1 1AA")]
    BadFormat,
}

impl Postcode {
    pub fn parse(typed: &str) -> Result<Postcode, PostcodeError> {
        let compact: String = typed.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        if compact.is_empty() {
            return Err(PostcodeError::Empty);
        }
        if !(5..=7).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(PostcodeError::BadFormat);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        let outward_ok = outward.as_bytes()[0].is_ascii_alphabetic() && outward.chars().any(|c| c.is_ascii_digit());
        if inward_ok && outward_ok {
            Ok(Postcode(format!("{outward} {inward}")))
        } else {
            Err(PostcodeError::BadFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code's district ("CM1" of "CM1 1AA"), used to decide what is local.
    pub fn district(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

/// Who is signed in, as the pages show it: no secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    /// For council staff: how many of the council's returns wait for review (the header shows it).
    pub reviews_waiting: Option<u64>,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        matches!(self.role, Role::SupplierAdmin | Role::CouncilAdmin)
    }
}

/// The sign-in pages' query parameter and hidden field naming the page to go back to.
pub const RETURN_TO_FIELD: &str = "return_to";

/// A page on this site to go back to after signing in, or `None` for anything else. Only a path
/// of this site is kept: `//host` and `/\host` are other sites to a browser, and a scheme or a
/// control character has no place in one. The sign-in pages themselves would only loop.
pub fn safe_return_path(raw: &str) -> Option<&str> {
    let path = raw.strip_prefix('/')?;
    let is_local = !path.starts_with('/')
        && !raw.contains('\\')
        && !raw.chars().any(|c| c.is_control() || c.is_whitespace())
        && raw.len() <= 2_000;
    let is_sign_in = raw == "/sign-in" || raw.starts_with("/sign-in/") || raw.starts_with("/sign-in?");
    (is_local && !is_sign_in).then_some(raw)
}

/// Where someone goes once signed in: the page that sent them to sign in, if it is one of this
/// site's, or else the home page.
pub fn landing_after_sign_in(return_to: Option<&str>) -> &str {
    return_to.and_then(safe_return_path).unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_of_this_site_is_returned_to() {
        for kept in ["/", "/tenders/3", "/offers/7/check?year=2", "/contracts#returns", "/%2F%2Fevil.example"] {
            assert_eq!(safe_return_path(kept), Some(kept), "{kept}");
        }
        for refused in [
            "",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "evil.example",
            "javascript:alert(1)",
            "/tenders\nSet-Cookie: x",
            "/ tenders",
            "/sign-in",
            "/sign-in/code",
            "/sign-in?return_to=/x",
        ] {
            assert_eq!(safe_return_path(refused), None, "{refused:?}");
            assert_eq!(landing_after_sign_in(Some(refused)), "/", "{refused:?}");
        }
    }

    proptest::proptest! {
        /// Whatever is sent, what is kept starts with one slash and no backslash: a browser reads
        /// it as a path of this site.
        #[test]
        fn whatever_is_kept_is_a_path_of_this_site(raw in "\\PC{0,40}") {
            if let Some(path) = safe_return_path(&raw) {
                proptest::prop_assert!(path.starts_with('/'));
                proptest::prop_assert!(!path.starts_with("//"));
                proptest::prop_assert!(!path.contains('\\'));
            }
        }
    }

    #[test]
    fn roles_round_trip_and_include_their_juniors() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::CouncilAdmin.includes(Role::CouncilOfficer));
        assert!(Role::SupplierAdmin.includes(Role::SupplierUser));
        assert!(!Role::CouncilOfficer.includes(Role::CouncilAdmin));
        assert!(!Role::SupplierAdmin.includes(Role::CouncilOfficer));
        assert!(!Role::CouncilAdmin.includes(Role::SupplierUser));
    }

    #[test]
    fn emails_are_normalised_or_refused() {
        assert_eq!(Email::parse("  Jo.Bloggs@Example.ORG ").unwrap().as_str(), "jo.bloggs@example.org");
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in ["jo", "jo@", "@example.org", "jo@example", "jo@@example.org", "jo bloggs@example.org", "jo@.org"] {
            assert_eq!(Email::parse(bad), Err(EmailError::BadFormat), "{bad}");
        }
    }

    #[test]
    fn passwords_follow_the_policy() {
        assert_eq!(NewPassword::parse("").unwrap_err(), PasswordError::Empty);
        assert_eq!(NewPassword::parse("short pass1").unwrap_err(), PasswordError::TooShort);
        assert_eq!(NewPassword::parse(&"x".repeat(129)).unwrap_err(), PasswordError::TooLong);
        assert_eq!(NewPassword::parse("Password1234").unwrap_err(), PasswordError::TooCommon);
        assert_eq!(NewPassword::parse("aaaaaaaaaaaaaaaa").unwrap_err(), PasswordError::TooCommon);
        assert!(NewPassword::parse("céleri rémoulade ☕").is_ok(), "any characters are allowed");
        assert!(NewPassword::parse(&"üß".repeat(64)).is_ok(), "length counts characters, not bytes");
        assert_eq!(format!("{:?}", NewPassword::parse("a fine long passphrase").unwrap()), "NewPassword(<redacted>)");
    }

    #[test]
    fn companies_house_numbers() {
        assert_eq!(CompaniesHouseNumber::parse(" 0123 4567 ").unwrap().as_str(), "01234567");
        assert_eq!(CompaniesHouseNumber::parse("sc123456").unwrap().as_str(), "SC123456");
        for bad in ["1234567", "123456789", "S1234567", "SC12345X", "ÉC123456"] {
            assert!(CompaniesHouseNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        assert_eq!(Postcode::parse("cm11aa").unwrap().as_str(), "CM1 1AA");
        assert_eq!(Postcode::parse(" SW1A 2AA ").unwrap().district(), "SW1A");
        assert_eq!(Postcode::parse(""), Err(PostcodeError::Empty));
        for bad in ["CM1", "1M1 1AA", "CM1 AAA", "CM1-1AA", "CMCM 1AA"] {
            assert_eq!(Postcode::parse(bad), Err(PostcodeError::BadFormat), "{bad}");
        }
    }
}

/// A browser's User-Agent in words ("Firefox on Windows"), so that a person can tell their
/// sessions apart. Only the common browsers and systems are named; the rest are "a browser".
pub fn browser_in_words(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|a| !a.trim().is_empty()) else {
        return "An unknown browser".to_owned();
    };
    // Order matters: Edge and Opera say "Chrome" too, and Chrome says "Safari".
    let browsers = [
        ("Edg", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ];
    let systems = [
        ("iPhone", "an iPhone"),
        ("iPad", "an iPad"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let browser = browsers.iter().find(|(mark, _)| agent.contains(mark)).map(|(_, name)| *name);
    let system = systems.iter().find(|(mark, _)| agent.contains(mark)).map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => "An unknown browser".to_owned(),
    }
}

#[cfg(test)]
mod browser_tests {
    use super::browser_in_words;

    #[test]
    fn names_the_common_browsers_and_systems() {
        let cases = [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on an iPhone"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("curl/8.5.0", "An unknown browser"),
        ];
        for (agent, words) in cases {
            assert_eq!(browser_in_words(Some(agent)), words, "{agent}");
        }
        assert_eq!(browser_in_words(None), "An unknown browser");
    }
}
