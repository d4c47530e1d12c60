//! The status workflow. Open → in progress → waiting on customer → resolved → closed, with reopen.
//! Closing is its own action (it records how the loop was closed), so `closed` is never reached
//! by a plain status change.

use super::IssueStatus::{self, *};

/// Statuses an issue can be closed from.
pub const CLOSABLE: &[IssueStatus] = &[Open, InProgress, WaitingOnCustomer, Resolved];

/// Whether a plain status change from `from` to `to` is allowed.
pub fn can_move(from: IssueStatus, to: IssueStatus) -> bool {
    match (from, to) {
        (a, b) if a == b => false,
        // Closing goes through `close`, which records how.
        (_, Closed) => false,
        // A closed issue only comes back by being reopened.
        (Closed, Open) => true,
        (Closed, _) => false,
        // A resolved issue is reopened (to open or in progress); it does not wait on the customer.
        (Resolved, WaitingOnCustomer) => false,
        _ => true,
    }
}
