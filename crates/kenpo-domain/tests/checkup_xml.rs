//! Reading the 特定健診情報ファイル (HL7 CDA R2) of the MHLW electronic standard format.

use kenpo_domain::calendar::date;
use kenpo_domain::checkup::result::{BloodDrawTiming, CheckupError, Item};
use kenpo_domain::checkup::stratify::{stratify_person, GuidanceLevel};
use kenpo_domain::checkup::xml::{parse_checkup_xml, SkipReason, XmlError};
use kenpo_domain::person::Sex;
use rust_decimal_macros::dec;

const SAMPLE: &str = include_str!("data/checkup/sample_tokutei.xml");

#[test]
fn reads_header_items_and_questionnaire() {
    let doc = parse_checkup_xml(SAMPLE).unwrap();
    let r = &doc.result;
    assert_eq!(r.date(), date(2026, 6, 10).unwrap());
    assert_eq!(r.sex(), Sex::Male);
    assert_eq!(r.value(Item::Height), Some(dec!(170.0)));
    assert_eq!(r.value(Item::Weight), Some(dec!(72.2)));
    assert_eq!(r.bmi(), Some(dec!(25.0)));
    assert_eq!(r.value(Item::Waist), Some(dec!(84.9)));
    // Two readings, no representative value: the mean.
    assert_eq!(r.value(Item::SystolicBp), Some(dec!(129.5)));
    assert_eq!(r.value(Item::DiastolicBp), Some(dec!(79)));
    assert_eq!(r.value(Item::TriglyceridesFasting), Some(dec!(150)));
    assert_eq!(r.value(Item::Hdl), Some(dec!(52)));
    assert_eq!(r.value(Item::Ldl), Some(dec!(141)));
    assert_eq!(r.value(Item::GlucoseFasting), Some(dec!(99)));
    assert_eq!(r.value(Item::Hba1c), Some(dec!(6.6)));
    assert_eq!(r.value(Item::Ast), Some(dec!(25)));
    assert_eq!(r.value(Item::Alt), None);
    assert_eq!(r.value(Item::GammaGt), None);
    assert_eq!(r.value(Item::Egfr), Some(dec!(72.5)));
    assert_eq!(r.value(Item::Haemoglobin), Some(dec!(14.2)));
    assert_eq!(r.blood_draw(), Some(BloodDrawTiming::Fasting));
    assert_eq!(r.smoking(), Some(true));
    assert_eq!(r.medication().any(), Some(false));
    assert_eq!(doc.subject.insurer_number.as_deref(), Some("06999999"));
    assert_eq!(doc.subject.number.as_deref(), Some("12345"));
    assert_eq!(doc.subject.branch.as_deref(), Some("00"));
    assert_eq!(doc.subject.birth, date(1970, 5, 15));
    assert_eq!(format!("{:?}", doc.subject), "XmlSubject(<redacted>)");
    // Full-width 記号 normalised by the identifiers module.
    let key = doc.subject.member_key().unwrap().unwrap();
    assert_eq!(
        key,
        kenpo_domain::identifiers::MemberKey::parse("99", "12345", "00").unwrap()
    );
    let skipped: Vec<_> = doc
        .skipped
        .iter()
        .map(|s| (s.code.as_str(), s.reason))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("3B045000002327201", SkipReason::NotMeasured),
            ("3B090000002327101", SkipReason::NotMeasured)
        ]
    );
}

#[test]
fn the_sample_stratifies() {
    // Waist 84.9 < 85 but BMI 25.0 → (2); TG 150 (lipids) + smoker; fasting glucose 99 takes
    // precedence over HbA1c 6.6; BP 129.5/79 normal → 2 counted risks with BMI → 動機付け支援.
    let doc = parse_checkup_xml(SAMPLE).unwrap();
    let s = stratify_person(&doc.result, doc.subject.birth.unwrap()).unwrap();
    assert_eq!(s.risk_count, Some(2));
    assert_eq!(s.level, Some(GuidanceLevel::Motivational));
}

fn with_waist(value: &str) -> String {
    SAMPLE.replace(
        r#"value="84.9" unit="cm""#,
        &format!(r#"value="{value}" unit="cm""#),
    )
}

#[test]
fn impossible_value_names_the_item_code_and_the_value() {
    let err = parse_checkup_xml(&with_waist("900")).unwrap_err();
    match &err {
        XmlError::Item { code, source } => {
            assert_eq!(code, "9N016160100000001");
            assert!(matches!(
                source,
                CheckupError::OutOfRange {
                    item: Item::Waist,
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("9N016160100000001") && text.contains("900"),
        "{text}"
    );
    assert!(
        !text.contains("12345") && !text.contains("1970"),
        "no personal data: {text}"
    );
}

#[test]
fn non_numeric_value_names_the_code() {
    let err = parse_checkup_xml(&with_waist("8x.5")).unwrap_err();
    assert!(matches!(err, XmlError::BadValue { ref code, .. } if code == "9N016160100000001"));
}

#[test]
fn missing_checkup_date_and_sex_are_named() {
    let no_date = SAMPLE.replace(r#"<effectiveTime value="20260610"/>"#, "");
    assert_eq!(
        parse_checkup_xml(&no_date).unwrap_err(),
        XmlError::Missing {
            element: "documentationOf/serviceEvent/effectiveTime/@value"
        }
    );
    let bad_sex = SAMPLE.replace(
        r#"administrativeGenderCode code="1""#,
        r#"administrativeGenderCode code="9""#,
    );
    assert!(matches!(
        parse_checkup_xml(&bad_sex),
        Err(XmlError::BadHeader { .. })
    ));
}

#[test]
fn malformed_xml_is_an_error_not_a_panic() {
    let mismatched = SAMPLE.replacen("</section>", "</sectio>", 1);
    assert!(matches!(
        parse_checkup_xml(&mismatched),
        Err(XmlError::Malformed { .. })
    ));
    let cut = SAMPLE.replace("</ClinicalDocument>", "");
    assert!(matches!(
        parse_checkup_xml(&cut),
        Err(XmlError::Malformed { .. })
    ));
    assert!(parse_checkup_xml("").is_err());
}

#[test]
fn bad_questionnaire_code_is_named() {
    let xml = SAMPLE.replace(
        r#"<value xsi:type="CO" code="3" codeSystem="1.2.392.200119.6.2153"/>"#,
        r#"<value xsi:type="CO" code="7" codeSystem="1.2.392.200119.6.2153"/>"#,
    );
    assert!(
        matches!(parse_checkup_xml(&xml), Err(XmlError::BadValue { ref code, .. }) if code == "9N141000000000011")
    );
}
