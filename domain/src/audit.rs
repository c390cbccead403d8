//! The changes the audit trail records: who did what, to which record.

/// Declares every action once: its stored name (snake_case, past tense), the kind of record it
/// changes, and any older name entries were written under before the names were settled.
macro_rules! audit_actions {
    ($($action:ident => $name:literal on $entity:literal $(, formerly $old:literal)?;)*) => {
        /// A change the audit trail records. Stored as its name; read back with `from_stored`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($action,)*
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$action,)*];

            /// The name stored in the trail.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$action => $name,)*
                }
            }

            /// The kind of record the action changes (`entity_type` in the trail).
            pub fn entity_type(self) -> &'static str {
                match self {
                    $(AuditAction::$action => $entity,)*
                }
            }

            /// The action a stored name means, including the names used before these. Entries
            /// are never rewritten (their hash covers the name as written), so old names are
            /// read through this mapping instead.
            pub fn from_stored(name: &str) -> Option<AuditAction> {
                match name {
                    $($name $(| $old)? => Some(AuditAction::$action),)*
                    _ => None,
                }
            }
        }
    };
}

audit_actions! {
    SupplierRegistered => "supplier_registered" on "organisation";
    SignedIn => "signed_in" on "user";
    SignInFailed => "sign_in_failed" on "user";
    SignInLockedOut => "sign_in_locked_out" on "user";
    SignedOut => "signed_out" on "user";
    PasswordChanged => "password_changed" on "user";
    PasswordResetRequested => "password_reset_requested" on "user";
    PasswordReset => "password_reset" on "user";
    TeamMemberInvited => "team_member_invited" on "invitation";
    InvitationAccepted => "invitation_accepted" on "user";
    UserDeactivated => "user_deactivated" on "user";
    CouncilAdminCreated => "council_admin_created" on "user";
    FrameworkDraftCreated => "framework_draft_created" on "framework_version";
    FrameworkDetailsChanged => "framework_details_changed" on "framework_version";
    FrameworkThemeAdded => "framework_theme_added" on "framework_version";
    FrameworkThemeRenamed => "framework_theme_renamed" on "framework_version";
    FrameworkThemeRemoved => "framework_theme_removed" on "framework_version";
    FrameworkMeasureAdded => "framework_measure_added" on "framework_version";
    FrameworkMeasureChanged => "framework_measure_changed" on "framework_version";
    FrameworkMeasureRemoved => "framework_measure_removed" on "framework_version";
    FrameworkMeasuresTailored => "framework_measures_tailored" on "framework_version";
    FrameworkImported => "framework_imported" on "framework_version";
    FrameworkPublished => "framework_published" on "framework_version";
    TenderCreated => "tender_created" on "tender", formerly "tender.create";
    TenderChanged => "tender_changed" on "tender", formerly "tender.update";
    TenderMeasuresChosen => "tender_measures_chosen" on "tender", formerly "tender.choose_measures";
    TenderOpened => "tender_opened" on "tender", formerly "tender.open";
    TenderCancelled => "tender_cancelled" on "tender", formerly "tender.cancel";
    TenderAwarded => "tender_awarded" on "tender", formerly "tender.award";
    OfferStarted => "offer_started" on "offer", formerly "offer.start";
    OfferSaved => "offer_saved" on "offer", formerly "offer.save";
    OfferSubmitted => "offer_submitted" on "offer", formerly "offer.submit";
    OfferWithdrawn => "offer_withdrawn" on "offer", formerly "offer.withdraw";
    LineExcluded => "line_excluded" on "offer";
    LineRestored => "line_restored" on "offer";
    MarksSaved => "marks_saved" on "offer";
    MarksSubmitted => "marks_submitted" on "tender";
    ModeratorJoined => "moderator_joined" on "tender";
    AnswersModerated => "answers_moderated" on "offer";
    ContractCreated => "contract_created" on "contract";
    ContractOfficerAdded => "contract_officer_added" on "contract";
    ContractOfficerRemoved => "contract_officer_removed" on "contract";
    ReturnDueDaysChanged => "return_due_days_changed" on "organisation";
    ReturnStarted => "return_started" on "quarterly_return";
    ReturnDraftSaved => "return_draft_saved" on "quarterly_return";
    ReturnLineAdded => "return_line_added" on "quarterly_return";
    ReturnSubmitted => "return_submitted" on "quarterly_return";
    EvidenceUploaded => "evidence_uploaded" on "quarterly_return";
    EvidenceDeleted => "evidence_deleted" on "quarterly_return";
    ReturnLinesDecided => "return_lines_decided" on "quarterly_return";
    ReturnLinesAnswered => "return_lines_answered" on "quarterly_return";
    PerformanceThresholdsChanged => "performance_thresholds_changed" on "organisation";
    RemindersChanged => "reminders_changed" on "app_user";
    TwoFactorEnabled => "two_factor_enabled" on "user";
    TwoFactorReset => "two_factor_reset" on "user";
    RecoveryCodesReplaced => "recovery_codes_replaced" on "user";
    SuppliersTwoFactorChanged => "suppliers_two_factor_changed" on "organisation";
    SessionEnded => "session_ended" on "user";
    OtherSessionsEnded => "other_sessions_ended" on "user";
    RoleChanged => "role_changed" on "user";
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn every_name_reads_back_and_is_snake_case_past_tense() {
        let mut seen = std::collections::BTreeSet::new();
        for &action in AuditAction::ALL {
            let name = action.as_str();
            assert!(seen.insert(name), "{name} is used twice");
            assert_eq!(AuditAction::from_stored(name), Some(action));
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
        }
    }

    #[test]
    fn older_names_read_as_their_action() {
        assert_eq!(AuditAction::from_stored("tender.create"), Some(AuditAction::TenderCreated));
        assert_eq!(AuditAction::from_stored("offer.submit"), Some(AuditAction::OfferSubmitted));
        assert_eq!(AuditAction::from_stored("tender.award"), Some(AuditAction::TenderAwarded));
        assert_eq!(AuditAction::from_stored("nothing_like_it"), None);
    }
}
