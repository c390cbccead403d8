//! What the home page shows a signed-in person to do next, by role. Plain data for the view.

use serde::{Deserialize, Serialize};

use crate::returns::ReturnState;
use crate::tenders::TenderSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextSteps {
    Supplier(SupplierSteps),
    Council(CouncilSteps),
}

/// A supplier's offers still in draft (their tenders still open, soonest deadline first) and
/// the quarterly returns it has to file or answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierSteps {
    pub draft_offers: Vec<DraftOffer>,
    pub returns_due: Vec<ReturnDue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftOffer {
    pub offer_id: i64,
    pub tender: TenderSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnDue {
    pub contract_id: i64,
    pub contract_reference: String,
    pub contract_title: String,
    pub quarter: u32,
    /// ISO date
    pub due: String,
    pub overdue: bool,
    pub state: ReturnState,
}

/// A council's open tenders by closing date, its drafts to finish, and (for its
/// administrators) framework versions still in draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSteps {
    pub closing_tenders: Vec<TenderSummary>,
    pub draft_tenders: Vec<TenderSummary>,
    pub draft_frameworks: Vec<DraftFramework>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFramework {
    pub id: i64,
    pub name: String,
    pub version_label: String,
}
