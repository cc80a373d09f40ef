use super::*;
use rust_decimal_macros::dec;

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

const SAMPLE: &str = include_str!("../../../../examples/config/sample-society.toml");

#[test]
fn sample_society_loads() {
    let c = SocietyConfig::from_toml_str(SAMPLE).unwrap();
    assert_eq!(c.name, "見本健康保険組合");
    assert_eq!(
        c.insurer_number.as_ref().map(|n| n.as_str()),
        Some("06139992")
    );
    assert!(c.specified_insured_care);
    let r = c.rates_for(ym(2026, 3)).unwrap();
    assert_eq!(r.general.as_per_mille(), dec!(92));
    assert_eq!(r.adjustment.as_per_mille(), dec!(1.3));
    assert_eq!(r.employee_general.unwrap().as_per_mille(), dec!(43));
    assert_eq!(r.employee_care, None);
    assert_eq!(
        c.rates_for(ym(2026, 2)).unwrap().general.as_per_mille(),
        dec!(90)
    );
    assert!(c.rates_for(ym(2025, 2)).is_none());
    assert_eq!(
        c.sickness_allowance_fallback_for(ym(2026, 3)),
        Some(Yen::new(300_000))
    );
    assert_eq!(
        c.sickness_allowance_fallback_for(ym(2026, 4)),
        Some(Yen::new(310_000))
    );
    assert_eq!(c.support_rate_override(ym(2026, 4)), None);
}

#[test]
fn json_round_trip() {
    let c = SocietyConfig::from_toml_str(SAMPLE).unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"general\":\"92‰\""));
    assert_eq!(SocietyConfig::from_json_str(&json).unwrap(), c);
}

fn toml_with(rates: &str) -> String {
    format!("name = \"x\"\n{rates}")
}

fn invalid_key(r: Result<SocietyConfig, ConfigError>) -> (String, ConfigProblem) {
    match r {
        Err(ConfigError::Invalid { key, problem }) => (key, problem),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// 健康保険法 第160条13項: 30/1000 and 130/1000 are allowed, 29.9 and 130.1 are not.
#[test]
fn general_rate_range() {
    for ok in ["30‰", "130‰", "3%", "0.13"] {
        let t = toml_with(&format!(
            "[[rates]]\neffective_from = \"2026-03\"\nvalue = {{ general = \"{ok}\", care = \"18‰\" }}"
        ));
        assert!(SocietyConfig::from_toml_str(&t).is_ok(), "{ok}");
    }
    for bad in ["29.9‰", "130.1‰"] {
        let t = toml_with(&format!(
            "[[rates]]\neffective_from = \"2026-03\"\nvalue = {{ general = \"{bad}\", care = \"18‰\" }}"
        ));
        let (key, problem) = invalid_key(SocietyConfig::from_toml_str(&t));
        assert_eq!(key, "rates[0].value.general");
        assert!(matches!(
            problem,
            ConfigProblem::GeneralRateOutOfRange { .. }
        ));
    }
}

#[test]
fn overlapping_periods_are_refused() {
    let same_start = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\" }\n\
         [[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"91‰\", care = \"18‰\" }",
    );
    let (key, problem) = invalid_key(SocietyConfig::from_toml_str(&same_start));
    assert_eq!(key, "rates[1].effective_from");
    assert_eq!(
        problem,
        ConfigProblem::Overlap {
            month: ym(2026, 3),
            other: 0
        }
    );
    let explicit_end = toml_with(
        "[[rates]]\neffective_from = \"2025-03\"\neffective_through = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\" }\n\
         [[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"91‰\", care = \"18‰\" }",
    );
    assert!(matches!(
        invalid_key(SocietyConfig::from_toml_str(&explicit_end)).1,
        ConfigProblem::Overlap { .. }
    ));
    let gap = toml_with(
        "[[rates]]\neffective_from = \"2025-03\"\neffective_through = \"2025-12\"\nvalue = { general = \"90‰\", care = \"18‰\" }\n\
         [[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"91‰\", care = \"18‰\" }",
    );
    let c = SocietyConfig::from_toml_str(&gap).unwrap();
    assert!(c.rates_for(ym(2026, 1)).is_none());
    assert!(c.rates_for(ym(2025, 12)).is_some());
    let backwards = toml_with(
        "[[rates]]\neffective_from = \"2025-03\"\neffective_through = \"2025-02\"\nvalue = { general = \"90‰\", care = \"18‰\" }",
    );
    assert_eq!(
        invalid_key(SocietyConfig::from_toml_str(&backwards)),
        (
            "rates[0].effective_through".into(),
            ConfigProblem::EndsBeforeStart
        )
    );
}

#[test]
fn unknown_keys_and_bad_values_are_parse_errors_naming_the_key() {
    let unknown = toml_with(
        "colour = \"blue\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\" }",
    );
    let e = SocietyConfig::from_toml_str(&unknown).unwrap_err();
    assert!(
        matches!(
            e,
            ConfigError::Parse {
                format: ConfigFormat::Toml,
                line: 2,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("colour"), "{e}");
    let unknown_inner = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\", kaigo = \"1‰\" }",
    );
    assert!(SocietyConfig::from_toml_str(&unknown_inner)
        .unwrap_err()
        .to_string()
        .contains("kaigo"));
    let bad_rate = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"ninety\", care = \"18‰\" }",
    );
    assert!(SocietyConfig::from_toml_str(&bad_rate)
        .unwrap_err()
        .to_string()
        .contains("ninety"));
    let bad_number = "name = \"x\"\ninsurer_number = \"06139993\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\" }";
    let e = SocietyConfig::from_toml_str(bad_number).unwrap_err();
    assert!(matches!(e, ConfigError::Parse { line: 2, .. }), "{e:?}");
    let e = SocietyConfig::from_json_str(r#"{"name":"x","rates":[],"extra":1}"#).unwrap_err();
    assert!(e.to_string().contains("extra"), "{e}");
    assert_eq!(
        invalid_key(SocietyConfig::from_json_str(r#"{"name":"x","rates":[]}"#)),
        ("rates".into(), ConfigProblem::Empty)
    );
    assert_eq!(
        invalid_key(SocietyConfig::from_json_str(r#"{"name":" ","rates":[]}"#)),
        ("name".into(), ConfigProblem::Blank)
    );
}

/// 法162条: the employer may bear more than half, the employee never more.
#[test]
fn employee_part_at_most_half() {
    let half = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", adjustment = \"2‰\", care = \"18‰\", employee_general = \"46‰\", employee_care = \"9‰\" }",
    );
    assert!(SocietyConfig::from_toml_str(&half).is_ok());
    let above = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\", employee_care = \"9.1‰\" }",
    );
    let (key, problem) = invalid_key(SocietyConfig::from_toml_str(&above));
    assert_eq!(key, "rates[0].value.employee_care");
    assert!(matches!(
        problem,
        ConfigProblem::EmployeeShareAboveHalf { .. }
    ));
    let neg = toml_with(
        "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"90‰\", care = \"18‰\" }\n[[sickness_allowance_fallback]]\neffective_from = \"2026-04\"\nvalue = -1",
    );
    assert_eq!(
        invalid_key(SocietyConfig::from_toml_str(&neg)).1,
        ConfigProblem::Negative
    );
}

#[test]
fn sample_society_carries_additional_benefits_and_sickness_fallbacks() {
    let config = SocietyConfig::from_toml_str(include_str!(
        "../../../../examples/config/sample-society.toml"
    ))
    .expect("the sample society loads");
    let rules = config
        .additional_benefits
        .as_ref()
        .expect("the sample society pays 付加給付");
    let month = YearMonth::new(2026, 8).unwrap();
    let version = rules.for_month(month).unwrap();
    assert_eq!(
        version.insured_refund.map(|r| r.deductible),
        Some(Yen::new(25_000))
    );
    // The same rules as the stand-alone sample a.
    let a = crate::additional_benefit::AdditionalBenefitRules::from_toml(include_str!(
        "../../../../examples/config/additional-benefits-a.toml"
    ))
    .unwrap();
    assert_eq!(rules, &a);

    let fallbacks = config.sickness_fallback_averages();
    assert_eq!(fallbacks.len(), config.sickness_allowance_fallback.len());
    let first = fallbacks.first().unwrap();
    assert_eq!(
        first.effective_from,
        YearMonth::new(2025, 4).unwrap().first_day()
    );
    assert_eq!(first.amount, Yen::new(300_000));
    // The society's own value is what the sickness rules then select.
    let chosen = crate::sickness_allowance::fallback_in_force(
        &fallbacks,
        crate::calendar::date(2026, 5, 1).unwrap(),
    )
    .map(|f| f.amount);
    assert_eq!(chosen, Ok(Yen::new(310_000)));
}

#[test]
fn bad_additional_benefits_are_refused_on_load() {
    let text = format!(
        "{}\n[[additional_benefits.versions]]\neffective_from = \"2015-01\"\n[additional_benefits.versions.insured_refund]\ndeductible = -1\nminimum_payment = 0\n",
        "name = \"x\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92‰\", adjustment = \"0‰\", care = \"18‰\" }"
    );
    let err = SocietyConfig::from_toml_str(&text).unwrap_err().to_string();
    assert!(err.contains("deductible"), "{err}");
    // The same text with a valid deductible loads.
    let ok = text.replace("deductible = -1", "deductible = 25000");
    assert!(SocietyConfig::from_toml_str(&ok).is_ok());
}

/// The sample society carries a 任意継続 rule and cash 付加金, and they survive the JSON round trip.
#[test]
fn sample_society_voluntary_and_supplements() {
    let c = SocietyConfig::from_toml_str(SAMPLE).unwrap();
    let rule = dated_at(&c.voluntary_continuation, ym(2026, 4)).unwrap();
    assert_eq!(rule.value.ceiling, Yen::new(380_000));
    assert_eq!(
        c.cash_supplements
            .family_burial_for(ym(2026, 4))
            .map(|e| e.value.amount),
        Some(Yen::new(30_000))
    );
    assert!(c
        .cash_supplements
        .childbirth_for(ym(2023, 3), false)
        .is_none());
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(SocietyConfig::from_json_str(&json).unwrap(), c);
}
