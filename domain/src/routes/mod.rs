//! Every address and form-field name, written once: the page routes, the form routes, the
//! email links and the tests all read these constants.

pub mod accounts;
pub mod contracts;
pub mod evaluation;
pub mod frameworks;
pub mod guides;
pub mod offers;
pub mod returns;
pub mod reviews;
pub mod tenders;

/// A form route's address, written once: the journey's route table registers the pattern, and
/// its pages (and the tests) fill it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormPath(pub &'static str);

impl FormPath {
    /// The pattern as axum matches it, e.g. `/offers/{id}/submit`.
    pub const fn pattern(self) -> &'static str {
        self.0
    }

    /// The address with its one `{…}` segment filled in.
    pub fn id(self, id: impl std::fmt::Display) -> String {
        self.with(&[&id])
    }

    /// The address with each `{…}` segment filled in, in order.
    pub fn with(self, values: &[&dyn std::fmt::Display]) -> String {
        let mut address = String::with_capacity(self.0.len() + 8);
        let mut values = values.iter();
        let mut rest = self.0;
        while let Some(open) = rest.find('{') {
            address.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            match values.next() {
                Some(value) => address.push_str(&value.to_string()),
                None => address.push_str(&rest[open..close]),
            }
            rest = &rest[close..];
        }
        address.push_str(rest);
        address
    }
}

#[cfg(test)]
mod tests {
    use super::FormPath;

    #[test]
    fn fills_each_segment_in_order() {
        assert_eq!(FormPath("/offers/{id}/submit").id(7), "/offers/7/submit");
        assert_eq!(FormPath("/a/{id}/b/{other}").with(&[&1, &"x"]), "/a/1/b/x");
        assert_eq!(FormPath("/sign-in").with(&[]), "/sign-in");
    }
}
