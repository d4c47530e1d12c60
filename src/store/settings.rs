//! Settings of the whole app, one key/value table (`app_settings`).

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::{Error, Result};

/// What workbooks print when the owner has not named the business.
pub const DEFAULT_BUSINESS_NAME: &str = "Your business";

impl Store {
    /// The business's name, as printed on workbooks.
    pub fn business_name(&self) -> Result<String> {
        let name: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM app_settings WHERE key = 'business_name'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name.unwrap_or_else(|| DEFAULT_BUSINESS_NAME.to_string()))
    }

    pub fn set_business_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("business_name", "cannot be empty"));
        }
        if name.chars().count() > 100 {
            return Err(Error::invalid("business_name", "at most 100 characters"));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO app_settings (key, value) VALUES ('business_name', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![name],
            )?;
            Ok(())
        })
    }
}
