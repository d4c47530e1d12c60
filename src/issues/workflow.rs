//! The status workflow. Open → in progress → waiting on customer → resolved → closed, with reopen.
//! Closing is its own action (it records how the loop was closed), so `closed` is never reached
//! by a plain status change.

use serde::Serialize;
use ts_rs::TS;

use super::IssueStatus::{self, *};

/// A plain status change the workflow allows (the board uses these for its drop targets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct StatusMove {
    pub from: IssueStatus,
    pub to: IssueStatus,
}

/// Every allowed plain status change, from the table below.
pub fn status_moves() -> Vec<StatusMove> {
    const ALL: [IssueStatus; 5] = [Open, InProgress, WaitingOnCustomer, Resolved, Closed];
    ALL.iter()
        .flat_map(|&from| ALL.iter().map(move |&to| StatusMove { from, to }))
        .filter(|m| can_move(m.from, m.to))
        .collect()
}

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
