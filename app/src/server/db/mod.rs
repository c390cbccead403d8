//! sea-orm entities and queries. Nothing else talks SQL.

pub mod organisation;
