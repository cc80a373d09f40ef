//! Third-party provision records (個人情報保護法 第29条) and disclosure (第33条, C9).

mod access_fixtures;

use access_fixtures::{at, key, senior};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, Condition, DenialReason, Field, FieldSet, MemoryLog,
    ProvisionRegister, Request,
};

#[test]
fn provisions_are_recorded_per_subject_and_per_recipient() {
    let c = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let members = [senior(1), senior(2)];
    let mut log = MemoryLog::new();
    let gym = c.recipient("gym_konami").expect("gym");
    let a12 = c.purpose("A12").expect("A12");
    let gym_fields = FieldSet::of(&[Field::MemberKey, Field::Name, Field::Age]);
    c.decide(
        &Request::new(&staff, a12, gym, &members[..1], gym_fields, at(2026, 6, 1))
            .subject_applied(),
        &mut log,
    )
    .expect("gym");
    let a8 = c.purpose("A8").expect("A8");
    let clinic = c.recipient("clinic").expect("clinic");
    c.decide(
        &Request::new(
            &staff,
            a8,
            clinic,
            &members,
            FieldSet::of(&[Field::Name]),
            at(2026, 6, 2),
        )
        .requester_confirmed()
        .counterparty("医療法人 北梅田クリニック"),
        &mut log,
    )
    .expect("clinic");
    // Outsourcing is not a provision; a denial provides nothing.
    let a11 = c.purpose("A11").expect("A11");
    let vendor = c.recipient("system_vendor").expect("vendor");
    c.decide(
        &Request::new(
            &staff,
            a11,
            vendor,
            &members,
            FieldSet::of(&[Field::Name]),
            at(2026, 6, 3),
        ),
        &mut log,
    )
    .expect("outsourcing");
    let _ = c.decide(
        &Request::new(
            &staff,
            a8,
            clinic,
            &members,
            FieldSet::of(&[Field::Name]),
            at(2026, 6, 4),
        ),
        &mut log,
    );

    let register = ProvisionRegister::from_log(&log.entries().expect("e"), &c);
    assert_eq!(register.all().len(), 3);
    let to_gym: Vec<_> = register.for_recipient("gym_konami").collect();
    assert_eq!(to_gym.len(), 1);
    assert_eq!(to_gym[0].recipient_name, "株式会社コナミスポーツクラブ");
    assert_eq!(to_gym[0].items, gym_fields);
    assert_eq!(to_gym[0].date, access_fixtures::d(2026, 6, 1));
    assert_eq!(to_gym[0].purpose, "A12");
    let k1 = key(1);
    let about_1: Vec<_> = register.for_subject(&k1).collect();
    assert_eq!(about_1.len(), 2);
    assert_eq!(about_1[1].recipient_name, "医療法人 北梅田クリニック");
    assert_eq!(register.for_recipient("system_vendor").count(), 0);
}

#[test]
fn disclosure_only_to_the_subject_or_an_admitted_agent_and_recorded() {
    let c = Catalog::default_catalog();
    let member = senior(1);
    let mut log = MemoryLog::new();

    let export = c
        .disclose(
            &Actor::Subject { key: key(1) },
            &member,
            at(2026, 6, 1),
            &mut log,
        )
        .expect("the subject");
    let text = export.to_text();
    assert!(text.starts_with("近畿電子産業健康保険組合 保有個人データ開示（2026-06-01）"));
    assert!(text.contains("氏名: 試験 花子"), "{text}");
    assert!(text.contains("レセプト: "), "{text}");
    assert!(text.contains("個人番号: 保有あり（番号は記載しません）"));
    assert!(!export.to_agent);
    assert_eq!(export.items.len(), 16);
    assert_eq!(export.log_seq, 0);

    let agent = Actor::AdmittedAgent {
        subject: key(1),
        admission: "開示-2026-0012".to_owned(),
    };
    let by_agent = c
        .disclose(&agent, &member, at(2026, 6, 2), &mut log)
        .expect("agent");
    assert!(by_agent.to_agent);

    let staff = c
        .disclose(&Actor::staff("S001"), &member, at(2026, 6, 3), &mut log)
        .expect_err("staff is not the subject");
    assert_eq!(
        staff.reason,
        DenialReason::ConditionFailed {
            condition: Condition::SubjectOrAdmittedAgent,
            subject: None
        }
    );
    let other_agent = Actor::AdmittedAgent {
        subject: key(2),
        admission: "開示-2026-0013".to_owned(),
    };
    let wrong = c
        .disclose(&other_agent, &member, at(2026, 6, 4), &mut log)
        .expect_err("agent of someone else");
    assert_eq!(
        wrong.reason,
        DenialReason::ConditionFailed {
            condition: Condition::SubjectOrAdmittedAgent,
            subject: Some(0)
        }
    );
    // All four requests are in the log; Debug of the actor hides the key.
    assert_eq!(log.entries().expect("e").len(), 4);
    assert_eq!(
        format!("{agent:?}"),
        "AdmittedAgent(<redacted>, 開示-2026-0012)"
    );
}
