//! The binding surface of 高額療養費/付加給付, access decisions and checkup stratification, from
//! Rust: the same calls Kotlin and Swift make, with published figures as sanity values (the rules
//! are proven by kenpo-domain's tests).

use std::str::FromStr;

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::money::Yen;
use kenpo_uniffi::*;
use rust_decimal::Decimal;

fn month(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn key(branch: &str) -> MemberKey {
    MemberKey {
        symbol: "10".to_owned(),
        number: "123".to_owned(),
        branch: branch.to_owned(),
    }
}

/// 区分ウ (標準報酬月額 280,000–500,000), one outpatient unit of 10割 1,000,000 yen, 3割 charged.
fn one_unit(m: YearMonth) -> HighCostRequest {
    HighCostRequest {
        household: HighCostHousehold {
            month: m,
            household: key("00"),
            standard_monthly: Yen::new(410_000),
            tax_status: TaxStatus::Taxed,
            reference_income_exemption: false,
            members: vec![HighCostMember {
                person: key("00"),
                relation: HouseholdRelation::Insured,
                age: AgeStatus {
                    band: AgeBand::Under70,
                    birthday_75_halving: false,
                },
            }],
            units: vec![HighCostUnit {
                person: key("00"),
                month: m,
                institution: "0110113719".to_owned(),
                setting: CareSetting::Inpatient,
                branch: MedicalBranch::Medical,
                total_cost: Yen::new(1_000_000),
                patient_charge: Yen::new(300_000),
                specified_disease: None,
            }],
        },
        history: HighCostHistory {
            spell_start: None,
            paid: vec![],
        },
    }
}

const PLAIN: &str = "name = \"見本\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n";

#[test]
fn high_cost_u_1_000_000_is_87_430_then_92_940() {
    // MHLW: 区分ウ 80,100 + (1,000,000 − 267,000) × 1 % = 87,430; from 2026-08 the revised
    // table: 85,800 + (1,000,000 − 286,000) × 1 % = 92,940.
    let config = SocietyConfig::from_toml(PLAIN.to_owned()).unwrap();
    let options = high_cost_default_options();
    let july = config
        .high_cost_month(one_unit(month(2026, 7)), options)
        .unwrap();
    assert_eq!(july.under70_category, "ウ");
    assert_eq!(july.total_charges.get() - july.refund.get(), 87_430);
    assert_eq!(july.additional_benefit, Yen::ZERO);
    assert!(july.paid_month.is_some());
    let both = config
        .high_cost_months(
            vec![one_unit(month(2026, 7)), one_unit(month(2026, 8))],
            options,
        )
        .unwrap();
    assert_eq!(both[1].total_charges.get() - both[1].refund.get(), 92_940);
}

#[test]
fn additional_benefit_from_the_society_config() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/config/sample-society.toml"
    ))
    .unwrap();
    let config = SocietyConfig::from_toml(text).unwrap();
    let d = config
        .high_cost_month(one_unit(month(2026, 7)), high_cost_default_options())
        .unwrap();
    // 付加給付 of the sample society: what remains (87,430) minus the 25,000 deductible =
    // 62,430, below 100 yen dropped = 62,400.
    assert_eq!(d.additional_benefit.get(), 62_400);
    assert!(d.additional_benefit_explanation.is_some());
}

#[test]
fn high_cost_errors_name_the_unit() {
    let config = SocietyConfig::from_toml(PLAIN.to_owned()).unwrap();
    let mut r = one_unit(month(2026, 7));
    r.household.units[0].institution = "123".to_owned();
    let e = config
        .high_cost_months(vec![r], high_cost_default_options())
        .err()
        .unwrap();
    assert!(
        matches!(&e, KenpoError::InvalidArgument { field, .. } if field == "requests[0].units[0].institution"),
        "{e:?}"
    );
    let age = high_cost_age_status(
        chrono::NaiveDate::from_ymd_opt(1956, 7, 15).unwrap(),
        month(2026, 8),
    )
    .unwrap();
    assert_eq!(age.band, AgeBand::Elderly);
}

fn master() -> std::sync::Arc<MemberMaster> {
    let m = MemberMaster::new();
    m.apply(MemberEvent::Acquisition {
        key: key("00"),
        acquired: chrono::NaiveDate::from_ymd_opt(2003, 4, 1).unwrap(),
        identity: Identity {
            name: "近畿 一郎".to_owned(),
            kana: "キンキ イチロウ".to_owned(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1980, 5, 2).unwrap(),
            sex: Sex::Male,
            address: "大阪府大阪市北区1-1".to_owned(),
        },
        office: "OS01".to_owned(),
    })
    .unwrap();
    m
}

fn request(purpose: &str, recipient: &str, fields: &[&str]) -> AccessRequest {
    AccessRequest {
        actor: Actor::Staff {
            id: "S042".to_owned(),
        },
        purpose: purpose.to_owned(),
        recipient: recipient.to_owned(),
        subjects: vec![key("00")],
        fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        at: "2026-07-01T10:30:00".to_owned(),
        requester_confirmed: true,
        subject_applied: true,
        counterparty: Some("大阪中央クリニック".to_owned()),
    }
}

#[test]
fn access_a12_gym_gets_age_a8_six_fields_and_the_log_verifies() {
    let catalog = PurposeCatalog::default_catalog();
    let log = AccessLog::in_memory();
    let m = master();
    let gym = catalog
        .decide(
            request("A12", "gym_konami", &["name", "age"]),
            m.clone(),
            log.clone(),
        )
        .unwrap();
    assert!(gym.permitted);
    assert_eq!(gym.views[0].age, Some(46));
    assert_eq!(gym.views[0].birth_date, None);
    let denied = catalog
        .decide(
            request("A12", "gym_konami", &["birth_date"]),
            m.clone(),
            log.clone(),
        )
        .unwrap();
    assert!(!denied.permitted);
    assert!(denied.denial_reason_json.unwrap().contains("birth_date"));
    let six = [
        "member_key",
        "name",
        "birth_date",
        "sex",
        "acquisition_date",
        "loss_date",
    ];
    let a8 = catalog
        .decide(request("A8", "clinic", &six), m, log.clone())
        .unwrap();
    assert!(a8.permitted, "{:?}", a8.denial_message);
    let v = &a8.views[0];
    assert_eq!(v.fields.len(), 6);
    assert_eq!(
        v.acquisition_date,
        chrono::NaiveDate::from_ymd_opt(2003, 4, 1)
    );
    assert_eq!(v.address, None);
    assert_eq!(log.verify().unwrap(), 3);
    let lines = log.to_json_lines().unwrap();
    assert_eq!(
        verify_access_log_lines(lines.clone(), Some(log.head().unwrap())).unwrap(),
        3
    );
    let tampered = lines.replacen("A12", "A13", 1);
    let e = verify_access_log_lines(tampered, None).err().unwrap();
    assert!(matches!(e, KenpoError::Rejected { .. }), "{e:?}");
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn checkup_active_support() {
    // 第4期 基準: male waist ≥ 85 with ≥ 2 risks (here glucose and blood pressure) and a smoker
    // aged 40–64: 積極的支援.
    let result = CheckupResult {
        date: chrono::NaiveDate::from_ymd_opt(2026, 9, 10).unwrap(),
        sex: Sex::Male,
        values: vec![
            CheckupValue {
                item: CheckupItem::Waist,
                value: dec("90.0"),
            },
            CheckupValue {
                item: CheckupItem::Bmi,
                value: dec("26.0"),
            },
            CheckupValue {
                item: CheckupItem::GlucoseFasting,
                value: dec("110"),
            },
            CheckupValue {
                item: CheckupItem::Hba1c,
                value: dec("5.8"),
            },
            CheckupValue {
                item: CheckupItem::SystolicBp,
                value: dec("140"),
            },
            CheckupValue {
                item: CheckupItem::DiastolicBp,
                value: dec("85"),
            },
            CheckupValue {
                item: CheckupItem::TriglyceridesFasting,
                value: dec("100"),
            },
            CheckupValue {
                item: CheckupItem::Hdl,
                value: dec("50"),
            },
        ],
        blood_draw: Some(BloodDrawTiming::Fasting),
        smoking: Some(true),
        medication: Medication {
            hypertension: Some(false),
            diabetes: Some(false),
            dyslipidaemia: Some(false),
        },
    };
    let born = chrono::NaiveDate::from_ymd_opt(1976, 4, 2).unwrap();
    let s = stratify_checkup(result.clone(), born).unwrap();
    assert_eq!(s.level, Some(GuidanceLevel::Active));
    let mut bad = result.clone();
    bad.values.push(CheckupValue {
        item: CheckupItem::Hba1c,
        value: dec("65"),
    });
    bad.values.remove(3);
    let out = stratify_checkups(vec![
        CheckupSubject {
            result,
            birth_date: born,
        },
        CheckupSubject {
            result: bad,
            birth_date: born,
        },
        CheckupSubject {
            result: stratify_young(),
            birth_date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
        },
    ]);
    assert_eq!(
        out[0].stratification.as_ref().unwrap().level,
        Some(GuidanceLevel::Active)
    );
    let KenpoError::InvalidArgument { field, detail } = out[1].error.clone().unwrap() else {
        panic!("{:?}", out[1].error)
    };
    assert_eq!(field, "subjects[1].result.values[7]");
    assert!(!detail.contains("65 "), "{detail}");
    assert!(matches!(out[2].error, Some(KenpoError::Rejected { .. })));
}

fn stratify_young() -> CheckupResult {
    CheckupResult {
        date: chrono::NaiveDate::from_ymd_opt(2026, 9, 10).unwrap(),
        sex: Sex::Female,
        values: vec![],
        blood_draw: None,
        smoking: None,
        medication: Medication {
            hypertension: None,
            diabetes: None,
            dyslipidaemia: None,
        },
    }
}
