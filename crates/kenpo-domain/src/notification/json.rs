//! The project's own JSON: one object per line (JSON Lines), or one array of objects. Member
//! events are [`MemberEvent`]s as the member module writes them; pay reports are
//! [`PayReport`]s. In an array the "line" of an element is the line its object starts on.

use serde::de::DeserializeOwned;

use super::{Notification, PayReport, ReadBatch};
use crate::member::MemberEvent;

/// Which objects a JSON file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// Member events ([`MemberEvent`]).
    MemberEvents,
    /// Pay reports ([`PayReport`]).
    PayReports,
}

/// The objects of `text` with the 1-based line each starts on: JSON Lines (blank lines
/// skipped), or an array of objects.
pub fn objects(text: &str) -> Vec<(usize, Result<serde_json::Value, String>)> {
    let trimmed = text.trim_start();
    let Some(body) = trimmed.strip_prefix('[') else {
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, serde_json::from_str(l).map_err(|e| e.to_string())))
            .collect();
    };
    // `body` starts one byte after the '[' at `open` in `text`.
    let open = text.len() - trimmed.len();
    let mut out = Vec::new();
    let mut start = skip_separators(body, 0);
    while start < body.len() && !body[start..].starts_with(']') {
        let line = 1 + text[..open + 1 + start].matches('\n').count();
        let mut it =
            serde_json::Deserializer::from_str(&body[start..]).into_iter::<serde_json::Value>();
        match it.next() {
            Some(Ok(v)) => out.push((line, Ok(v))),
            Some(Err(e)) => {
                out.push((line, Err(e.to_string())));
                break;
            }
            None => break,
        }
        start = skip_separators(body, start + it.byte_offset());
    }
    out
}

/// The first byte at or after `from` that is not white space or a comma.
fn skip_separators(body: &str, from: usize) -> usize {
    let tail = body.get(from..).unwrap_or_default();
    from + (tail.len()
        - tail
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len())
}

fn typed<T: DeserializeOwned>(
    batch: &mut ReadBatch,
    file: &str,
    line: usize,
    value: serde_json::Value,
) -> Option<T> {
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    match serde_json::from_value::<T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            // serde names the field at fault; the message carries no value of the row.
            batch.reject(
                file,
                line,
                None,
                kind.as_deref(),
                "json.record",
                format!("not a valid record: {e}"),
            );
            None
        }
    }
}

/// Reads the JSON file `file` (its text) holding `kind` objects.
///
/// ```
/// use kenpo_domain::notification::{read_json, JsonKind};
///
/// let text = r#"{"type": "bonus", "key": {"symbol": "10", "number": "123", "branch": "00"}, "paid_on": "2026-12-10", "amount": 600000}
/// {"type": "bonus", "key": {"symbol": "10", "number": "124", "branch": "00"}, "paid_on": "2026-12-10", "amount": -1}
/// "#;
/// let batch = read_json("pay.jsonl", text, JsonKind::PayReports);
/// assert_eq!(batch.rows.len(), 2);
/// let text = "{\"type\": \"bonus\"}\n";
/// let batch = read_json("pay.jsonl", text, JsonKind::PayReports);
/// assert_eq!((batch.rejected[0].line, batch.rejected[0].rule), (1, "json.record"));
/// ```
pub fn read_json(file: &str, text: &str, kind: JsonKind) -> ReadBatch {
    let mut batch = ReadBatch::default();
    for (line, value) in objects(text) {
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                batch.reject(
                    file,
                    line,
                    None,
                    None,
                    "json.syntax",
                    format!("not JSON: {e}"),
                );
                continue;
            }
        };
        let notification = match kind {
            JsonKind::MemberEvents => {
                typed::<MemberEvent>(&mut batch, file, line, value).map(Notification::Member)
            }
            JsonKind::PayReports => {
                typed::<PayReport>(&mut batch, file, line, value).map(Notification::Pay)
            }
        };
        if let Some(n) = notification {
            batch.push(file, line, n);
        }
    }
    batch
}
