//! Batches: many records in one call, each answered on its own. A record that cannot be taken
//! does not stop the batch: its slot in the answers is empty and a [`Rejection`] says which
//! record, which field and why (never the value).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{count, KenpoError};

/// A record of a batch that was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Rejection {
    /// The record's position in the batch, from 0.
    pub index: i64,
    /// The result code ([`crate::ResultCode`] number).
    pub code: i32,
    /// The field of the record, empty when the record as a whole was refused.
    pub field: String,
    /// What is wrong: the error's message (no personal data).
    pub detail: String,
}

impl Rejection {
    /// The rejection of record `index` for `error`.
    pub fn of(index: usize, error: &KenpoError) -> Rejection {
        let field = match error {
            KenpoError::InvalidInput { field, .. } => field.clone(),
            _ => String::new(),
        };
        Rejection {
            index: count(index),
            code: error.code() as i32,
            field,
            detail: error.to_string(),
        }
    }
}

/// Runs `each` on every item: the answers in input order (`None` where refused) and the
/// rejections.
pub fn run<I, T>(
    items: &[I],
    mut each: impl FnMut(&I) -> Result<T, KenpoError>,
) -> (Vec<Option<T>>, Vec<Rejection>) {
    let mut answers = Vec::with_capacity(items.len());
    let mut rejected = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match each(item) {
            Ok(t) => answers.push(Some(t)),
            Err(e) => {
                rejected.push(Rejection::of(i, &e));
                answers.push(None);
            }
        }
    }
    (answers, rejected)
}
