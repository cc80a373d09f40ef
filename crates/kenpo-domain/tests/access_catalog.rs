//! The default catalog walked purpose by purpose, grant by grant (issue 5, "Done when"), and the
//! loader's precise errors.

mod access_fixtures;

use access_fixtures::{at, d, key, senior};
use kenpo_domain::access::{
    Actor, Catalog, CatalogError, Condition, DenialReason, Field, FieldSet, MemoryLog,
    MyNumberProcedure, RecipientKind, Request, SubjectRecord, DEFAULT_CATALOG_TOML,
    DEFAULT_VENDORS_TOML,
};
use kenpo_domain::person::{PersonName, Sex};

const WHEN: (i32, u32, u32) = (2026, 6, 1);

/// A request that satisfies every condition the purpose can have.
fn full_request<'r>(
    catalog: &Catalog,
    actor: &'r Actor,
    purpose: &str,
    recipient: &str,
    subjects: &'r [SubjectRecord],
    fields: FieldSet,
) -> Request<'r> {
    Request::new(
        actor,
        catalog.purpose(purpose).expect("purpose"),
        catalog.recipient(recipient).expect("recipient"),
        subjects,
        fields,
        at(WHEN.0, WHEN.1, WHEN.2),
    )
    .requester_confirmed()
    .subject_applied()
    .my_number_procedure(MyNumberProcedure::DependentIncomeInquiry)
}

fn is_deidentified(catalog: &Catalog, purpose: &str) -> bool {
    catalog
        .purposes()
        .iter()
        .find(|p| p.id == purpose)
        .is_some_and(|p| p.conditions.contains(Condition::Deidentified))
}

/// Decides through the form the purpose provides; returns the permitted fields or the reason.
fn decide(
    catalog: &Catalog,
    purpose: &str,
    req: &Request<'_>,
    log: &mut MemoryLog,
) -> Result<FieldSet, DenialReason> {
    if is_deidentified(catalog, purpose) {
        catalog
            .decide_deidentified(req, log)
            .map(|p| p.fields())
            .map_err(|e| e.reason)
    } else {
        let permit = catalog.decide(req, log).map_err(|e| e.reason)?;
        // Every view holds exactly the permitted fields, and its JSON exactly those keys.
        for view in permit.views() {
            assert_eq!(view.fields(), permit.fields());
            let json = serde_json::to_value(view).expect("json");
            let keys: Vec<&str> = json
                .as_object()
                .expect("object")
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected: Vec<&str> = permit.fields().iter().map(Field::id).collect();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{purpose}: view JSON keys");
        }
        Ok(permit.fields())
    }
}

#[test]
fn the_whole_default_catalog_is_walked() {
    let catalog = Catalog::default_catalog();
    let subjects = [senior(1)];
    let subject_actor = Actor::Subject { key: key(1) };
    let staff = Actor::staff("S001");
    let mut log = MemoryLog::new();
    let mut walked = 0;
    let mut conditions_failed = 0;
    let mut confirmations = 0;

    for purpose in catalog.purposes() {
        let pid = purpose.id.as_str();
        let actor = if purpose
            .conditions
            .contains(Condition::SubjectOrAdmittedAgent)
        {
            &subject_actor
        } else {
            &staff
        };
        let granted: Vec<&str> = purpose
            .grants
            .iter()
            .flat_map(|g| g.recipients.iter().map(String::as_str))
            .collect();
        for grant in &purpose.grants {
            for rid in &grant.recipients {
                let req = full_request(&catalog, actor, pid, rid, &subjects, grant.fields);
                // Allowed request: permitted with exactly its fields.
                assert_eq!(
                    decide(&catalog, pid, &req, &mut log),
                    Ok(grant.fields),
                    "{pid} → {rid}"
                );

                // One extra field: denied, naming it (or the employer rule).
                let extra = Field::ALL
                    .iter()
                    .copied()
                    .find(|f| !grant.fields.contains(*f))
                    .expect("some field is not granted");
                let req_extra = full_request(
                    &catalog,
                    actor,
                    pid,
                    rid,
                    &subjects,
                    grant.fields.with(extra),
                );
                let kind = catalog
                    .recipient_info(catalog.recipient(rid).expect("rid"))
                    .expect("recipient")
                    .kind;
                let expected = if kind == RecipientKind::Employer {
                    DenialReason::ConditionFailed {
                        condition: Condition::ContentWithheldFromEmployer,
                        subject: None,
                    }
                } else {
                    DenialReason::FieldNotAllowed { field: extra }
                };
                assert_eq!(
                    decide(&catalog, pid, &req_extra, &mut log),
                    Err(expected),
                    "{pid} → {rid} + {extra}"
                );
                // Other insurers and clinics: only after confirming who they are.
                if kind == RecipientKind::OtherInsurer || kind == RecipientKind::Clinic {
                    let unconfirmed = Request::new(
                        actor,
                        catalog.purpose(pid).expect("p"),
                        catalog.recipient(rid).expect("r"),
                        &subjects,
                        grant.fields,
                        at(WHEN.0, WHEN.1, WHEN.2),
                    )
                    .subject_applied();
                    assert_eq!(
                        decide(&catalog, pid, &unconfirmed, &mut log),
                        Err(DenialReason::ConditionFailed {
                            condition: Condition::RequesterConfirmed,
                            subject: None
                        }),
                        "{pid} → {rid} unconfirmed"
                    );
                    confirmations += 1;
                }
                walked += 1;
            }
        }

        // The wrong recipient: the first recipient the purpose does not grant.
        let wrong = catalog
            .recipients()
            .iter()
            .find(|r| !granted.contains(&r.id.as_str()))
            .expect("some recipient is not granted");
        let first = purpose.grants.first().expect("grant");
        let req = full_request(&catalog, actor, pid, &wrong.id, &subjects, first.fields);
        assert_eq!(
            decide(&catalog, pid, &req, &mut log),
            Err(DenialReason::RecipientNotAllowed),
            "{pid} → {}",
            wrong.id
        );

        // Each failed condition is denied with that condition.
        let rid = first.recipients.first().expect("recipient").as_str();
        let (p, r) = (
            catalog.purpose(pid).expect("p"),
            catalog.recipient(rid).expect("r"),
        );
        let when = at(WHEN.0, WHEN.1, WHEN.2);
        let young = [SubjectRecord::new(
            key(9),
            PersonName::new("若手 次郎").expect("name"),
            d(1961, 6, 2), // reaches 65 on 2026-06-01 → aged 64 on 2026-05-31
            Sex::Male,
        )];
        for condition in purpose.conditions.iter() {
            let base = Request::new(actor, p, r, &subjects, first.fields, when);
            let (req, expected_subject) = match condition {
                Condition::RequesterConfirmed => (
                    base.subject_applied()
                        .my_number_procedure(MyNumberProcedure::DependentIncomeInquiry),
                    None,
                ),
                Condition::SubjectApplied => (
                    base.requester_confirmed()
                        .my_number_procedure(MyNumberProcedure::DependentIncomeInquiry),
                    None,
                ),
                Condition::MyNumberActScope => (base.requester_confirmed().subject_applied(), None),
                Condition::Aged65OrOver => (
                    Request::new(actor, p, r, &young, first.fields, at(2026, 5, 31))
                        .requester_confirmed()
                        .subject_applied(),
                    Some(0),
                ),
                Condition::SubjectOrAdmittedAgent => (
                    Request::new(&staff, p, r, &subjects, first.fields, when),
                    None,
                ),
                Condition::Deidentified => {
                    // Identified views are never released under F3 or C13.
                    let denial = catalog.decide(&base, &mut log).expect_err("identified");
                    assert_eq!(
                        denial.reason,
                        DenialReason::ConditionFailed {
                            condition,
                            subject: None
                        },
                        "{pid}"
                    );
                    conditions_failed += 1;
                    continue;
                }
                Condition::ContentWithheldFromEmployer => {
                    let employer = catalog.recipient("employer").expect("employer");
                    let content = FieldSet::of(&[Field::Name, Field::CheckupResults]);
                    let req = Request::new(actor, p, employer, &subjects, content, when);
                    assert_eq!(
                        catalog.evaluate(&req),
                        Err(DenialReason::ConditionFailed {
                            condition,
                            subject: None
                        }),
                        "{pid}"
                    );
                    conditions_failed += 1;
                    continue;
                }
                other => panic!("condition {other} has no test"),
            };
            assert_eq!(
                decide(&catalog, pid, &req, &mut log),
                Err(DenialReason::ConditionFailed {
                    condition,
                    subject: expected_subject
                }),
                "{pid}: {condition}"
            );
            conditions_failed += 1;
        }
    }
    // Every purpose A1–H1 of the notice is in the catalog: 13 + 6 + 15 + 2 + 2 + 5 + 4 + 1.
    assert_eq!(catalog.purposes().len(), 48);
    assert!(walked >= 48);
    // F4 alone has two conditions; A8 B5 C9 A12 F2 C13 F3 H1 E2 F5 one each.
    assert_eq!(conditions_failed, 12);
    // A8 ×2, A9, B4, B5, B6 (attending doctor), C2, C3.
    assert_eq!(confirmations, 8);
    assert!(kenpo_domain::access::log::verify(log.as_slice()).is_ok());
}

#[test]
fn f4_age_65_edge_by_the_legal_age_rule() {
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let (f4, vendor) = (
        catalog.purpose("F4").expect("F4"),
        catalog.recipient("ai_report_vendor").expect("vendor"),
    );
    // Born 1961-06-02: reaches 65 on 2026-06-01 (the day before the birthday).
    let member = [SubjectRecord::new(
        key(5),
        PersonName::new("境界 三郎").expect("name"),
        d(1961, 6, 2),
        Sex::Male,
    )];
    let fields = FieldSet::of(&[Field::Age]);
    let on_31 = Request::new(&staff, f4, vendor, &member, fields, at(2026, 5, 31));
    let on_1 = Request::new(&staff, f4, vendor, &member, fields, at(2026, 6, 1));
    assert!(catalog.evaluate(&on_31).is_err());
    assert!(catalog.evaluate(&on_1).is_ok());
    let mut log = MemoryLog::new();
    let permit = catalog.decide(&on_1, &mut log).expect("permit");
    assert_eq!(permit.view(0).and_then(|v| v.age()), Some(65));
}

#[test]
fn the_gym_gets_age_and_never_the_date_of_birth() {
    let catalog = Catalog::default_catalog();
    let a12 = catalog.purpose("A12").expect("A12");
    for gym in ["gym_konami", "gym_renaissance"] {
        let r = catalog.recipient(gym).expect("gym");
        let allowed = catalog.allowed_fields(a12, r).expect("granted");
        assert_eq!(
            allowed,
            FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::Sex,
                Field::Age,
                Field::Address
            ])
        );
        assert!(!allowed.contains(Field::BirthDate));
    }
    let staff = Actor::staff("S001");
    let member = [senior(1)]; // born 1956-01-15
    let gym = catalog.recipient("gym_konami").expect("gym");
    let mut log = MemoryLog::new();
    let fields = FieldSet::of(&[Field::Name, Field::Age]);
    // Reaches 70 on 2026-01-14, the day before the 70th birthday.
    for (day, age) in [(at(2026, 1, 13), 69), (at(2026, 1, 14), 70)] {
        let req = Request::new(&staff, a12, gym, &member, fields, day).subject_applied();
        let permit = catalog.decide(&req, &mut log).expect("permit");
        let view = permit.view(0).expect("view");
        assert_eq!(view.age(), Some(age));
        assert_eq!(view.birth_date(), None);
        let json = serde_json::to_string(&view).expect("json");
        assert!(!json.contains("1956"), "{json}");
    }
}

#[test]
fn the_eligibility_answer_has_exactly_six_fields() {
    // 公表文 １・第8項: 記号番号、氏名、生年月日、性別、資格取得日、資格喪失日.
    let catalog = Catalog::default_catalog();
    let a8 = catalog.purpose("A8").expect("A8");
    for r in ["clinic", "other_insurer"] {
        let allowed = catalog
            .allowed_fields(a8, catalog.recipient(r).expect("r"))
            .expect("granted");
        let ids: Vec<&str> = allowed.iter().map(Field::id).collect();
        assert_eq!(
            ids,
            [
                "member_key",
                "name",
                "birth_date",
                "sex",
                "acquisition_date",
                "loss_date"
            ]
        );
        assert_eq!(allowed, kenpo_domain::access::ELIGIBILITY_ANSWER_FIELDS);
    }
}

#[test]
fn the_employer_never_gets_content() {
    let catalog = Catalog::default_catalog();
    let employer = catalog.recipient("employer").expect("employer");
    let delivery = FieldSet::of(&[Field::Name, Field::Office]);
    let mut purposes_with_employer = Vec::new();
    for p in catalog.purposes() {
        let pref = catalog.purpose(&p.id).expect("p");
        if let Some(f) = catalog.allowed_fields(pref, employer) {
            assert!(f.is_subset_of(delivery), "{}", p.id);
            purposes_with_employer.push(p.id.as_str());
        }
    }
    assert_eq!(purposes_with_employer, ["E2", "F1", "F4", "F5"]);
    // And a catalog that tries is refused.
    let bad = DEFAULT_CATALOG_TOML.replace(
        r#"grants = [{ to = ["employer"], fields = ["name", "office"] }]"#,
        r#"grants = [{ to = ["employer"], fields = ["name", "office", "sex"] }]"#,
    );
    assert_eq!(
        Catalog::from_toml(&bad, DEFAULT_VENDORS_TOML).unwrap_err(),
        CatalogError::ContentToEmployer {
            purpose: "F1".into(),
            field: Field::Sex
        }
    );
}

#[test]
fn nothing_outside_the_catalog_is_permitted() {
    // Default deny: count the (purpose, recipient) cells that grant anything.
    let catalog = Catalog::default_catalog();
    let mut cells = 0;
    for p in catalog.purposes() {
        for r in catalog.recipients() {
            let granted = p.grants.iter().any(|g| g.recipients.contains(&r.id));
            let allowed = catalog.allowed_fields(
                catalog.purpose(&p.id).expect("p"),
                catalog.recipient(&r.id).expect("r"),
            );
            assert_eq!(allowed.is_some(), granted, "{} → {}", p.id, r.id);
            cells += usize::from(granted);
        }
    }
    assert!(cells < catalog.purposes().len() * catalog.recipients().len() / 4);
    // Handles of a larger catalog are foreign to a smaller one.
    let staff = Actor::staff("S001");
    let h1 = catalog.purpose("H1").expect("H1");
    let tiny_toml = DEFAULT_CATALOG_TOML
        .split("# ---------------------------------------------------------------- A. 適用")
        .next()
        .expect("head")
        .to_owned()
        + "[[purpose]]\nid = \"C9\"\nnotice = \"x\"\ntitle_ja = \"x\"\ntitle_en = \"x\"\ncategories = [\"enrollment_master\"]\nconditions = [\"subject_or_admitted_agent\"]\ngrants = [{ to = [\"subject\"], fields = [\"name\"] }]\n";
    let tiny = Catalog::from_toml(&tiny_toml, DEFAULT_VENDORS_TOML).expect("tiny");
    let subject = tiny.recipient("subject").expect("subject");
    let req = Request::new(&staff, h1, subject, &[], FieldSet::EMPTY, at(2026, 6, 1));
    assert_eq!(tiny.evaluate(&req), Err(DenialReason::UnknownPurpose));
}

fn load_err(catalog: &str) -> CatalogError {
    Catalog::from_toml(catalog, DEFAULT_VENDORS_TOML).expect_err("must be rejected")
}

#[test]
fn the_loader_rejects_with_precise_errors() {
    let c = DEFAULT_CATALOG_TOML;
    let a12_fields = r#"fields = ["member_key", "name", "sex", "age", "address"]"#;
    assert_eq!(
        load_err(&c.replace(a12_fields, r#"fields = ["member_key", "agee"]"#)),
        CatalogError::UnknownField {
            purpose: "A12".into(),
            field: "agee".into()
        }
    );
    assert_eq!(
        load_err(&c.replace(
            r#"categories = ["enrollment_master", "dependent_evidence"]"#,
            r#"categories = ["enrollment_master", "dependants"]"#
        )),
        CatalogError::UnknownCategory {
            purpose: "A3".into(),
            category: "dependants".into()
        }
    );
    assert_eq!(
        load_err(&c.replace(
            r#"to = ["gym_konami", "gym_renaissance"]"#,
            r#"to = ["gym_konami", "gym_x"]"#
        )),
        CatalogError::UndefinedRecipient {
            purpose: "A12".into(),
            recipient: "gym_x".into()
        }
    );
    assert_eq!(
        load_err(&c.replace("id = \"A2\"\n", "id = \"A1\"\n")),
        CatalogError::DuplicateId {
            what: "purpose",
            id: "A1".into()
        }
    );
    assert_eq!(
        load_err(&c.replace("id = \"clinic\"\n", "id = \"employer\"\n")),
        CatalogError::DuplicateId {
            what: "recipient",
            id: "employer".into()
        }
    );
    // My Number in A3 (with its category listed, so only the H1 rule fails).
    let a3 = c
        .replace(
            r#"categories = ["enrollment_master", "dependent_evidence"]"#,
            r#"categories = ["enrollment_master", "dependent_evidence", "specific_personal_information"]"#,
        )
        .replace(
            r#"fields = ["member_key", "name", "birth_date", "sex", "address", "income_evidence"]"#,
            r#"fields = ["member_key", "name", "birth_date", "sex", "address", "income_evidence", "my_number"]"#,
        );
    assert_eq!(
        load_err(&a3),
        CatalogError::MyNumberOutsideH1 {
            purpose: "A3".into()
        }
    );
    assert_eq!(
        load_err(&c.replace(
            r#"fields = ["member_key", "name", "loss_date"]"#,
            r#"fields = ["member_key", "name", "loss_date", "receipts"]"#
        )),
        CatalogError::FieldOutsideCategories {
            purpose: "A4".into(),
            field: Field::Receipts,
            category: kenpo_domain::access::Category::Receipts
        }
    );
    assert_eq!(
        load_err(&c.replace(
            r#"fields = ["age_band", "sex", "receipts"]"#,
            r#"fields = ["age_band", "sex", "receipts", "name"]"#
        )),
        CatalogError::NotDeidentifiable {
            purpose: "C13".into(),
            field: Field::Name
        }
    );
    assert_eq!(
        load_err(&c.replace(
            "conditions = [\"requester_confirmed\"]\ngrants = [{ to = [\"clinic\"",
            "conditions = [\"requester_confirmd\"]\ngrants = [{ to = [\"clinic\""
        )),
        CatalogError::UnknownCondition {
            purpose: "A8".into(),
            condition: "requester_confirmd".into()
        }
    );
    assert!(matches!(
        load_err("[catalog\n"),
        CatalogError::Syntax {
            file: "catalog",
            ..
        }
    ));
    assert_eq!(
        load_err(&c.replace("disclosure_purpose = \"C9\"", "disclosure_purpose = \"A1\"")),
        CatalogError::DisclosurePurpose {
            purpose: "A1".into()
        }
    );
    let vendors = DEFAULT_VENDORS_TOML.replace("[vendor.gym_konami]", "[vendor.gym_k]");
    assert_eq!(
        Catalog::from_toml(c, &vendors).unwrap_err(),
        CatalogError::UndefinedVendor {
            recipient: "gym_konami".into(),
            vendor: "gym_konami".into()
        }
    );
    // The error text names what and where.
    assert_eq!(
        CatalogError::MyNumberOutsideH1 {
            purpose: "A3".into()
        }
        .to_string(),
        "purpose A3: my_number is allowed only in a purpose with the my_number_act_scope condition (H1)"
    );
}

#[test]
fn vendor_names_are_configuration() {
    let c = Catalog::default_catalog();
    let name = |id: &str| {
        c.recipient_info(c.recipient(id).expect("id"))
            .and_then(|r| r.name.clone())
    };
    assert_eq!(name("system_vendor").as_deref(), Some("株式会社大和総研"));
    assert_eq!(
        name("gym_konami").as_deref(),
        Some("株式会社コナミスポーツクラブ")
    );
    assert_eq!(
        name("gym_renaissance").as_deref(),
        Some("株式会社ルネサンス")
    );
    assert_eq!(
        name("data_entry_vendor").as_deref(),
        Some("ハートリンクス株式会社")
    );
    assert_eq!(
        name("risk_report_vendor").as_deref(),
        Some("スギウェルネス株式会社")
    );
    assert_eq!(
        name("report_vendor").as_deref(),
        Some("日本生命保険相互会社")
    );
    assert_eq!(
        name("ai_report_vendor").as_deref(),
        Some("株式会社ジャパンメディカルネットワーク")
    );
    assert_eq!(
        name("prevention_vendor").as_deref(),
        Some("株式会社法研関西")
    );
    assert_eq!(
        name("disposal_vendor").as_deref(),
        Some("ストレージサービス株式会社")
    );
    // Another society: same catalog, its own vendor.
    let other = DEFAULT_VENDORS_TOML.replace("株式会社大和総研", "株式会社サンプル情報");
    let c2 = Catalog::from_toml(DEFAULT_CATALOG_TOML, &other).expect("loads");
    let sys = c2.recipient("system_vendor").expect("sys");
    assert_eq!(
        c2.recipient_info(sys).and_then(|r| r.name.as_deref()),
        Some("株式会社サンプル情報")
    );
}

#[test]
fn batch_projection_decides_once_for_ten_thousand_records() {
    let catalog = Catalog::default_catalog();
    let records: Vec<SubjectRecord> = (1..=10_000).map(senior).collect();
    let staff = Actor::staff("batch");
    let (c4, health) = (
        catalog.purpose("C4").expect("C4"),
        catalog.recipient("society_health").expect("health"),
    );
    let fields = FieldSet::of(&[Field::MemberKey, Field::Sex, Field::CheckupResults]);
    let mut log = MemoryLog::new();
    let req = Request::new(&staff, c4, health, &records, fields, at(2026, 6, 1));
    let permit = catalog.decide(&req, &mut log).expect("permit");
    assert_eq!(log.len(), 1);
    assert_eq!(permit.views().len(), 10_000);
    let with_checkups = permit
        .views()
        .filter(|v| v.checkup_results().is_some_and(|c| !c.is_empty()))
        .count();
    assert_eq!(with_checkups, 10_000);
    assert!(permit.views().all(|v| v.name().is_none()));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Default deny, for any purpose, recipient and field set: with every fact a condition
        /// could ask for present, a request is permitted exactly when the purpose grants the
        /// recipient a superset of the fields (and, for the employer, only delivery fields).
        #[test]
        fn permitted_iff_the_catalog_grants_the_fields(
            p in 0usize..48,
            r in 0usize..31,
            bits in prop::collection::vec(any::<bool>(), Field::ALL.len()),
        ) {
            let catalog = Catalog::default_catalog();
            let purpose = &catalog.purposes()[p];
            let recipient = &catalog.recipients()[r % catalog.recipients().len()];
            let fields: FieldSet = Field::ALL
                .iter()
                .zip(&bits)
                .filter(|(_, on)| **on)
                .map(|(f, _)| *f)
                .collect();
            let subjects = [senior(1)];
            let actor = Actor::Subject { key: key(1) };
            let req = full_request(&catalog, &actor, &purpose.id, &recipient.id, &subjects, fields);
            let allowed = catalog.allowed_fields(
                catalog.purpose(&purpose.id).expect("p"),
                catalog.recipient(&recipient.id).expect("r"),
            );
            let expected = allowed.is_some_and(|a| fields.is_subset_of(a))
                && !purpose.conditions.contains(Condition::Deidentified);
            prop_assert_eq!(catalog.evaluate(&req).is_ok(), expected);
        }
    }
}
