//! My Number (特定個人情報, notice §8; H1/H2): no output form of any type contains the digits
//! unless an H1 permit revealed them (issue 5, "Done when").

mod access_fixtures;

use access_fixtures::{at, key, senior, MY_NUMBER_DIGITS};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, Condition, DenialReason, Field, FieldSet, KAnonymity, MemoryLog,
    MyNumberProcedure, ProvisionRegister, Request,
};

fn assert_clean(label: &str, text: &str) {
    assert!(
        !text.contains(MY_NUMBER_DIGITS),
        "{label} contains the Individual Number: {text}"
    );
}

#[test]
fn no_output_form_outside_h1_contains_the_number() {
    let catalog = Catalog::default_catalog();
    let subjects = [senior(1), senior(2)];
    let subject_actor = Actor::Subject { key: key(1) };
    let staff = Actor::staff("S001");
    let mut log = MemoryLog::new();
    assert_clean("record Debug", &format!("{:?}", subjects[0]));

    for purpose in catalog.purposes() {
        let p = catalog.purpose(&purpose.id).expect("p");
        let h1 = purpose.conditions.contains(Condition::MyNumberActScope);
        let actor = if purpose
            .conditions
            .contains(Condition::SubjectOrAdmittedAgent)
        {
            &subject_actor
        } else {
            &staff
        };
        let one = &subjects[..1];
        for grant in &purpose.grants {
            for rid in &grant.recipients {
                let r = catalog.recipient(rid).expect("r");
                // Everything granted, and then My Number on top where it is not granted.
                for fields in [grant.fields, grant.fields.with(Field::MyNumber)] {
                    let req = Request::new(actor, p, r, one, fields, at(2026, 6, 1))
                        .requester_confirmed()
                        .subject_applied();
                    if purpose.conditions.contains(Condition::Deidentified) {
                        if let Ok(permit) = catalog.decide_deidentified(&req, &mut log) {
                            let data = permit.dataset(KAnonymity::new(1).expect("k"));
                            assert_clean("dataset", &serde_json::to_string(&data).expect("j"));
                            assert_clean("dataset Debug", &format!("{data:?}"));
                        }
                        continue;
                    }
                    match catalog.decide(&req, &mut log) {
                        Ok(permit) => {
                            assert!(!fields.contains(Field::MyNumber) || h1);
                            for v in permit.views() {
                                assert!(
                                    v.my_number().is_none(),
                                    "{}: no H1 procedure named",
                                    purpose.id
                                );
                                assert_clean("view JSON", &serde_json::to_string(&v).expect("j"));
                                assert_clean("view Debug", &format!("{v:?}"));
                            }
                            assert_clean("permit Debug", &format!("{permit:?}"));
                            assert_clean("explanation", &permit.explanation().to_string());
                        }
                        Err(denial) => {
                            if fields.contains(Field::MyNumber) && !h1 {
                                let to_employer = rid == "employer";
                                let expected = if to_employer {
                                    DenialReason::ConditionFailed {
                                        condition: Condition::ContentWithheldFromEmployer,
                                        subject: None,
                                    }
                                } else {
                                    DenialReason::FieldNotAllowed {
                                        field: Field::MyNumber,
                                    }
                                };
                                assert_eq!(denial.reason, expected, "{}", purpose.id);
                            }
                            assert_clean("denial Display", &denial.to_string());
                            assert_clean("denial Debug", &format!("{denial:?}"));
                        }
                    }
                }
            }
        }
    }
    // The log, the provision register and a disclosure export.
    let export = catalog
        .disclose(&subject_actor, &subjects[0], at(2026, 6, 2), &mut log)
        .expect("disclosure");
    assert!(export.my_number_held);
    assert_clean("export text", &export.to_text());
    assert_clean("export JSON", &serde_json::to_string(&export).expect("j"));
    assert_clean("export Debug", &format!("{export:?}"));
    let entries = log.entries().expect("entries");
    for e in &entries {
        assert_clean("log entry", &serde_json::to_string(e).expect("j"));
        assert_clean("log entry Debug", &format!("{e:?}"));
    }
    let register = ProvisionRegister::from_log(&entries, &catalog);
    assert!(!register.all().is_empty());
    assert_clean("register", &serde_json::to_string(&register).expect("j"));
    assert_clean("register Debug", &format!("{register:?}"));
}

#[test]
fn only_an_h1_permit_reveals_it() {
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("M001");
    let subjects = [senior(1)];
    let (h1, desk) = (
        catalog.purpose("H1").expect("H1"),
        catalog.recipient("society_my_number").expect("desk"),
    );
    let fields = FieldSet::of(&[Field::MemberKey, Field::MyNumber]);
    let mut log = MemoryLog::new();

    // Without naming the My Number Act procedure: denied.
    let req = Request::new(&staff, h1, desk, &subjects, fields, at(2026, 6, 1));
    let denial = catalog.decide(&req, &mut log).expect_err("no procedure");
    assert_eq!(
        denial.reason,
        DenialReason::ConditionFailed {
            condition: Condition::MyNumberActScope,
            subject: None
        }
    );

    let req = req.my_number_procedure(MyNumberProcedure::DependentIncomeInquiry);
    let permit = catalog.decide(&req, &mut log).expect("H1 permit");
    let view = permit.view(0).expect("view");
    let number = view.my_number().expect("revealed under H1");
    // Still masked in every print form; the digits only by an explicit reveal().
    assert_eq!(number.reveal(), MY_NUMBER_DIGITS);
    assert_clean("number Display", &number.to_string());
    assert_clean("number Debug", &format!("{number:?}"));
    assert_clean("view Debug", &format!("{view:?}"));
    // The serialised H1 view is the revealed output the permit was for.
    assert!(serde_json::to_string(&view)
        .expect("j")
        .contains(MY_NUMBER_DIGITS));
    // The log of that decision records the procedure, not the number.
    let last = log.entries().expect("e").pop().expect("entry");
    let json = serde_json::to_string(&last).expect("j");
    assert_clean("H1 log entry", &json);
    assert!(json.contains("dependent_income_inquiry"));
    assert_eq!(kenpo_domain::identifiers::MY_NUMBER_MASK.len(), 12);
}
