//! The JSON Schemas of the C contract: one for each request and each response of
//! [`surface::OPERATIONS`](crate::surface::OPERATIONS), committed under `bindings/c/schema/` and
//! checked for drift by a test of `kenpo-ffi`.
use schemars::generate::SchemaSettings;

use crate::surface::OPERATIONS;
use crate::ABI_VERSION;

/// Every schema file: `(file name, pretty JSON text ending in a newline)`, in surface order.
pub fn files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in OPERATIONS {
        for (kind, schema) in [("request", op.request), ("response", op.response)] {
            let Some(schema) = schema else { continue };
            let mut generator = SchemaSettings::draft2020_12().into_generator();
            let mut value = schema(&mut generator).to_value();
            if let Some(object) = value.as_object_mut() {
                object.insert(
                    "$id".to_owned(),
                    format!("urn:kenpo:abi:{ABI_VERSION}:{}.{kind}", op.name).into(),
                );
                object.insert(
                    "title".to_owned(),
                    format!("{} {kind} (C: {})", op.name, op.c).into(),
                );
            }
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            out.push((format!("{}.{kind}.json", op.name), text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_is_an_object_with_an_id() {
        let files = super::files();
        assert!(files
            .iter()
            .any(|(n, _)| n == "monthly_premium.request.json"));
        for (name, text) in files {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v["$id"]
                .as_str()
                .unwrap()
                .ends_with(name.trim_end_matches(".json")));
        }
    }
}
