//! The JSON forms of the records: reading a request with the path of the field that is wrong,
//! and writing a response. Used by the C ABI and by the `kenpo` command.
//!
//! A reading error names the field path (`subject.birth_date`, `lines[3].standard_amount`),
//! the line and column, and what was expected, but never the rejected value: serde's own
//! messages quote values (`invalid type: string "山田"`), so those are replaced by a sentence
//! that does not.
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::code::ResultCode;
use crate::error::KenpoError;
use crate::scalar::ScalarError;

/// Reads `text` as a `T`. `what` names the document in the error (`"monthly premium request"`).
///
/// # Errors
/// [`KenpoError::InvalidInput`] with code [`ResultCode::InvalidJson`] for a document that is
/// not JSON or has the wrong shape, [`ResultCode::InvalidDate`] / [`ResultCode::InvalidAmount`]
/// for a date, month or decimal that is not one; `field` is the path of the field.
pub fn from_str<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, KenpoError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| failure(&e, what))?;
    de.end().map_err(|e| {
        KenpoError::input(
            ResultCode::InvalidJson,
            "",
            format!(
                "{what}: line {}, column {}: trailing characters after the document",
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(value)
}

/// Writes `value` as compact JSON.
///
/// # Errors
/// [`KenpoError::Internal`] if the value cannot be written (a bug).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, KenpoError> {
    serde_json::to_string(value).map_err(|e| KenpoError::internal(format!("writing JSON: {e}")))
}

fn failure(e: &serde_path_to_error::Error<serde_json::Error>, what: &str) -> KenpoError {
    let inner = e.inner();
    let path = e.path().to_string();
    let field = if path == "." { String::new() } else { path };
    let message = inner.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message.get(..i).unwrap_or_default().to_owned(),
        None => message,
    };
    let code =
        if message == ScalarError::Date.to_string() || message == ScalarError::Month.to_string() {
            ResultCode::InvalidDate
        } else if message == ScalarError::Decimal.to_string() {
            ResultCode::InvalidAmount
        } else {
            ResultCode::InvalidJson
        };
    // Errors inside an internally tagged enum (`"kind": …`) come from serde's buffered copy of
    // the object, which has no position: say none rather than line 0.
    let detail = if inner.line() == 0 {
        format!("{what}: {}", safe(&message))
    } else {
        format!(
            "{what}: line {}, column {}: {}",
            inner.line(),
            inner.column(),
            safe(&message)
        )
    };
    KenpoError::input(code, field, detail)
}

/// serde's message without any value it quotes.
pub(crate) fn safe(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        // "unknown variant `x`, expected one of `a`, `b`": the expected names are ours.
        return match rest.split_once("`, ") {
            Some((_, expected)) => format!("unknown value, {expected}"),
            None => "unknown value".to_owned(),
        };
    }
    if message.starts_with("invalid value") || message.starts_with("invalid type") {
        // "invalid type: string \"山田\", expected u32": keep what was expected.
        return match message.rsplit_once(", expected ") {
            Some((head, expected)) => {
                let kind = head
                    .split_once(':')
                    .map(|(k, _)| k)
                    .unwrap_or("invalid value");
                format!("{kind}, expected {expected}")
            }
            None => "a value is not valid here".to_owned(),
        };
    }
    if message.contains('"') {
        return "a value is not valid here".to_owned();
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scalar::PlainDate;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        birth_date: PlainDate,
        kind: Kind,
        days: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Monthly,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    fn err(text: &str) -> (i32, String, String) {
        match from_str::<Outer>(text, "test").unwrap_err() {
            KenpoError::InvalidInput {
                code,
                field,
                detail,
            } => (code, field, detail),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_the_field_and_never_the_value() {
        let ok = r#"{"birth_date":"1980-05-01","kind":"monthly","days":3}"#;
        assert!(from_str::<Outer>(&format!(r#"{{"items":[{ok}]}}"#), "t").is_ok());

        let (code, field, detail) = err(
            r#"{"items":[{"birth_date":"1980-05-01","kind":"monthly","days":3},
                         {"birth_date":"1980-02-30","kind":"monthly","days":3}]}"#,
        );
        assert_eq!((code, field.as_str()), (200, "items[1].birth_date"));
        assert!(!detail.contains("1980"), "{detail}");

        let (code, field, detail) =
            err(r#"{"items":[{"birth_date":"1980-05-01","kind":"山田","days":3}]}"#);
        assert_eq!((code, field.as_str()), (105, "items[0].kind"));
        assert!(
            !detail.contains("山田") && detail.contains("monthly"),
            "{detail}"
        );

        let (code, field, detail) =
            err(r#"{"items":[{"birth_date":"1980-05-01","kind":"monthly","days":-4}]}"#);
        assert_eq!((code, field.as_str()), (105, "items[0].days"));
        assert!(!detail.contains("-4"), "{detail}");

        let (_, field, detail) =
            err(r#"{"items":[{"birth_date":"1980-05-01","kind":"monthly","days":1,"x":1}]}"#);
        assert_eq!(field, "items[0].x");
        assert!(detail.contains("unknown field"), "{detail}");

        let (code, _, detail) = err(r#"{"items": [ }"#);
        assert_eq!(code, 105);
        assert!(detail.contains("line 1"), "{detail}");
        let (code, _, _) = err(r#"{"items": []} x"#);
        assert_eq!(code, 105);
    }
}
