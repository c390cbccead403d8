//! The glossary: one list of the domain's words in plain English, each entry linkable by its
//! slug (`/glossary#sv-ratio`). The `ui` crate's `GlossaryTerm` links a word on any page to its
//! entry.
//!
//! The list below is the only place a term is written: the macro makes each entry a `Term`
//! variant too, so a link to a term the glossary lacks does not compile.

use crate::routes::guides::paths;

/// One word the glossary explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub term: Term,
    /// The entry's `id` on the glossary page, and its link's fragment.
    pub slug: &'static str,
    pub name: &'static str,
    /// Other names people use for it, as a phrase ("measure set or measures framework").
    pub also_called: Option<&'static str>,
    pub definition: &'static str,
}

macro_rules! glossary {
    ($(
        $variant:ident {
            slug: $slug:literal,
            name: $name:literal,
            $(also: $also:literal,)?
            means: $means:literal $(,)?
        }
    )*) => {
        /// A glossary term, for linking to it: one for each entry of `GLOSSARY`, in its order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Term {
            $($variant,)*
        }

        /// Every entry, in alphabetical order.
        pub const GLOSSARY: &[Entry] = &[
            $(Entry {
                term: Term::$variant,
                slug: $slug,
                name: $name,
                also_called: glossary!(@also $($also)?),
                definition: $means,
            },)*
        ];
    };
    (@also $also:literal) => { Some($also) };
    (@also) => { None };
}

glossary! {
    AssessmentSummary {
        slug: "assessment-summary",
        name: "Assessment summary",
        means: "What each bidder can read after the award. It shows the bidder's own scores and the reasons for them, its rank, and the score of the offer that won. It never shows another bidder's lines.",
    }
    Attestation {
        slug: "attestation",
        name: "Attestation",
        means: "A box you tick to say that what you send is true. You confirm that your offer is right and that you can deliver it. In a quarterly return, you confirm that the figures are about this contract and this quarter only.",
    }
    AuditTrail {
        slug: "audit-trail",
        name: "Audit trail",
        means: "The record of every change made in the portal: who made it, when, and what it was before and after. No one can change it.",
    }
    Award {
        slug: "award",
        name: "Award",
        means: "The council's choice of the winning offer, once the offers have been scored. The award makes the contract. The winning offer becomes its social value plan.",
    }
    Co2e {
        slug: "co2e",
        name: "CO2e",
        also: "carbon dioxide equivalent",
        means: "A way to count all greenhouse gases as one figure, as if they were all carbon dioxide. Carbon savings are counted in tonnes of CO2e.",
    }
    Commitment {
        slug: "commitment",
        name: "Commitment",
        means: "One thing a supplier has promised to deliver under a contract: a measure, a contract year and a quantity. The lines of the winning offer become the contract's commitments. They keep the proxy values they were offered at.",
    }
    CommunityOffer {
        slug: "community-offer",
        name: "Community offer",
        means: "A measure the supplier offers to schools, colleges, charities or community groups, such as free use of a meeting room. Anyone can see these offers in a public list, so that groups can ask for them.",
    }
    Contract {
        slug: "contract",
        name: "Contract",
        means: "The deal the council makes with the winning supplier. It holds the social value plan. The supplier reports against it each quarter.",
    }
    ContractPerformanceNotice {
        slug: "contract-performance-notice",
        name: "Contract Performance Notice",
        means: "A notice the council publishes, under the Procurement Act 2023, on how well a supplier is doing on a contract. It uses the performance rating.",
    }
    ContractValue {
        slug: "contract-value",
        name: "Contract value",
        means: "What the whole contract is worth, in pounds, over its full length. An offer's SV ratio is its social value divided by this figure.",
    }
    ContractYear {
        slug: "contract-year",
        name: "Contract year",
        means: "A year of the contract, counted from the day it starts, not from January. Year 1 is the first 12 months.",
    }
    CouncilAdministrator {
        slug: "council-administrator",
        name: "Council administrator",
        means: "A member of council staff who looks after the council's frameworks, tenders and user accounts.",
    }
    CouncilOfficer {
        slug: "council-officer",
        name: "Council officer",
        means: "A member of council staff who runs tenders, scores offers and checks what suppliers deliver.",
    }
    Delivered {
        slug: "delivered",
        name: "Delivered",
        means: "What a supplier has shown it did, and an officer has approved. Only approved amounts count as delivered.",
    }
    DeliveryPlan {
        slug: "delivery-plan",
        name: "Delivery plan",
        means: "A short note on each line of an offer. It says what you will do, who will do it, when, and how you will prove it. Officers read it to judge if they can believe the line.",
    }
    Evidence {
        slug: "evidence",
        name: "Evidence",
        means: "Files that prove what a supplier delivered, such as a payroll list with names taken out, or a signed letter. You add them to your quarterly return. Each measure says what evidence it needs.",
    }
    Exclusion {
        slug: "exclusion",
        name: "Exclusion",
        means: "An officer's choice to leave a line of an offer out of the scores, always with a reason. For example, it is outside the local area or it is counted twice. The scores are then worked out again.",
    }
    FirstYearOnly {
        slug: "first-year-only",
        name: "First year only",
        means: "A measure that is delivered once, in year 1 of the contract, such as a gift to a local fund. You can give a quantity for year 1 only.",
    }
    Framework {
        slug: "framework",
        name: "Framework",
        also: "measure set or measures framework",
        means: "The list of measures a council uses, grouped by theme and outcome, with a proxy value for each. A council publishes it in versions. A published version never changes.",
    }
    FteYear {
        slug: "fte-year",
        name: "FTE year",
        also: "full-time equivalent year",
        means: "One full-time job for one year. Part-time staff count as a share of a full-time job. So 10 full-time and 5 half-time staff make 12.5 FTE. Over 2 years, that is 25 FTE years.",
    }
    IndicativeScore {
        slug: "indicative-score",
        name: "Indicative score",
        means: "The score the offer builder shows as you type. It is worked out against the target. Your real score is set after the deadline. It can differ when the tender scores against the best offer.",
    }
    Line {
        slug: "line",
        name: "Line",
        means: "One measure in one contract year, with a quantity. An offer is made of lines. A line's value is its quantity times the measure's proxy value, rounded to the nearest penny.",
    }
    Local {
        slug: "local",
        name: "Local",
        means: "The area the council counts as local, such as inside the county's borders. Many measures count only when the people or firms are local. A claim from outside the area scores nothing.",
    }
    MarkingScale {
        slug: "marking-scale",
        name: "Marking scale",
        means: "The marks officers can give a written response, most often 0 to 5. The tender says what each mark means.",
    }
    Measure {
        slug: "measure",
        name: "Measure",
        means: "One kind of social value a supplier can offer, such as local jobs or hours of volunteering. Each has a code, a short description, a unit, and notes on the evidence it needs.",
    }
    Moderation {
        slug: "moderation",
        name: "Moderation",
        means: "How marks are agreed. Several officers each mark the written responses on their own. Then a moderator, who gave no marks, looks at them side by side and records the mark that counts.",
    }
    Monetised {
        slug: "monetised",
        name: "Monetised",
        means: "A measure with a proxy value, so its quantity turns into pounds. Most measures are monetised.",
    }
    Neet {
        slug: "neet",
        name: "NEET",
        means: "Not in education, employment or training. Young people who are NEET are one of the groups that jobs measures can help.",
    }
    Offer {
        slug: "offer",
        name: "Offer",
        also: "bid or social value offer",
        means: "What a supplier offers for a tender: the lines it will deliver, a delivery plan for each, and its written responses.",
    }
    Outcome {
        slug: "outcome",
        name: "Outcome",
        means: "A change a council wants to see in its area, such as more local people in good work. Each measure helps one outcome.",
    }
    Overdue {
        slug: "overdue",
        name: "Overdue",
        means: "A quarterly return that was not sent in time. A return is due a set number of days after its quarter ends, 30 unless the council sets another.",
    }
    PerformanceRating {
        slug: "performance-rating",
        name: "Performance rating",
        means: "How a contract is doing, in the words the Procurement Act 2023 uses: Good, Approaching target, Requires improvement or Inadequate.",
    }
    ProxyValue {
        slug: "proxy-value",
        name: "Proxy value",
        means: "What one unit of a measure is worth in pounds, such as one year of a local job. It is a fair guess at the good it does the area, not money anyone pays. Each council sets its own.",
    }
    Qualitative {
        slug: "qualitative",
        name: "Qualitative",
        means: "A measure you answer in words, not numbers. For example: describe how you will cut the carbon from your vans. Officers mark the answer. It adds no pounds.",
    }
    QualitativeScore {
        slug: "qualitative-score",
        name: "Qualitative score",
        means: "The part of the social value score that comes from the written responses. It uses the marks agreed at moderation.",
    }
    QuantitativeScore {
        slug: "quantitative-score",
        name: "Quantitative score",
        means: "The part of the social value score that comes from the offer's figures. The tender's scoring method works it out from the SV ratio.",
    }
    Quarter {
        slug: "quarter",
        name: "Quarter",
        means: "Three months of a contract, counted from the day it starts. Quarter 1 is the first three months of the contract, not January to March.",
    }
    QuarterlyReturn {
        slug: "quarterly-return",
        name: "Quarterly return",
        means: "What a supplier reports each quarter. For each commitment, it gives the amount delivered in the quarter, a short account of the work, and the evidence.",
    }
    RagStatus {
        slug: "rag-status",
        name: "RAG status",
        means: "Red, amber or green: how much of what was promised so far has been delivered. Unless the council sets other levels, green is 95% or more, amber is 85% or more, and red is less.",
    }
    RecordOnly {
        slug: "record-only",
        name: "Record only",
        means: "A measure that is counted but has no proxy value, so it adds no pounds. For example, the number of staff paid the Real Living Wage.",
    }
    Review {
        slug: "review",
        name: "Review",
        means: "An officer's check of each line of a quarterly return. They approve it, turn it down, or ask for more, and say why.",
    }
    ScoringMethod {
        slug: "scoring-method",
        name: "Scoring method",
        means: "How a tender turns an offer's SV ratio into marks. Against the target: full marks at the target, and a share of them below it. Against the best offer: full marks for the best ratio, and the others a share in line with it.",
    }
    Sme {
        slug: "sme",
        name: "SME",
        also: "small or medium-sized enterprise",
        means: "A firm with fewer than 250 staff.",
    }
    SocialValue {
        slug: "social-value",
        name: "Social value",
        means: "The extra good a contract does for the area, on top of the work itself. For example, local jobs, training, spend with local firms, or less carbon.",
    }
    SocialValuePlan {
        slug: "social-value-plan",
        name: "Social value plan",
        means: "The list of a contract's commitments. It is made from the winning offer at the award, less any lines that were left out.",
    }
    SocialValueScore {
        slug: "social-value-score",
        name: "Social value score",
        means: "An offer's marks for social value: the quantitative score plus the qualitative score. It is out of the tender's weighting.",
    }
    Supplier {
        slug: "supplier",
        name: "Supplier",
        means: "A firm, charity or other group that bids for council contracts. People from the same supplier work on its offers together.",
    }
    SvRatio {
        slug: "sv-ratio",
        name: "SV ratio",
        also: "social value ratio",
        means: "Social value for each £1 of the contract's value: the offer's total divided by the contract value. It is shown in two ways, such as £0.34 per £1 or 34%.",
    }
    Tailoring {
        slug: "tailoring",
        name: "Tailoring",
        means: "How a council makes a framework fit its area. It picks the measures that apply, sets its own proxy values, adds its own measures and says what counts as local.",
    }
    Target {
        slug: "target",
        name: "Target",
        also: "target ratio",
        means: "The SV ratio the council hopes offers will reach, such as £0.25 per £1. The council sets it for each tender.",
    }
    Tender {
        slug: "tender",
        name: "Tender",
        means: "A contract the council asks suppliers to bid for. It gives the contract value, its length, the deadline, the measures you may offer and how offers are scored.",
    }
    Theme {
        slug: "theme",
        name: "Theme",
        means: "A broad group of measures, such as Jobs, Growth, Social, Environment or Innovation.",
    }
    Toms {
        slug: "toms",
        name: "TOMs",
        also: "themes, outcomes and measures",
        means: "The usual way to set out a framework: themes, split into outcomes, split into measures. The best known set is the National TOMs. This portal comes with its own demo set instead. A council with a licence can bring in the National TOMs.",
    }
    Unit {
        slug: "unit",
        name: "Unit",
        means: "What a measure counts, such as FTE years, hours, weeks, pounds spent or tonnes of CO2e. Some units can be split, like 2.5 hours. Others take whole numbers only.",
    }
    Vcse {
        slug: "vcse",
        name: "VCSE",
        also: "voluntary, community and social enterprise",
        means: "Charities, community groups and social enterprises.",
    }
    Weighting {
        slug: "weighting",
        name: "Weighting",
        means: "The share of a tender's marks given to social value, often 10% to 20%. It is split between the offer's figures and the written responses.",
    }
    WrittenResponse {
        slug: "written-response",
        name: "Written response",
        also: "method statement",
        means: "Your answer in words to a qualitative measure. Officers mark it on the tender's marking scale.",
    }
}

impl Term {
    pub fn entry(self) -> &'static Entry {
        &GLOSSARY[self as usize]
    }

    pub fn slug(self) -> &'static str {
        self.entry().slug
    }

    /// The entry's address: `/glossary#sv-ratio`.
    pub fn href(self) -> String {
        format!("{}#{}", paths::GLOSSARY, self.slug())
    }
}
