//! A small society's member master (適用): enrol two households, apply a batch of notifications
//! (one rejected, and shown), answer an eligibility inquiry (A8), list the birthday rules of a
//! month and the 75th-birthday losses due, and decide one dependant recognition.
//!
//! Run with `cargo run -p kenpo-domain --example member_master`.

use std::error::Error;

use chrono::NaiveDate;
use kenpo_domain::access::{Actor, Catalog, Inquiry, MemoryLog};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::dependent_recognition::{self, IncomeItem, RecognitionRequest, Residence};
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{
    FieldChange, Identity, LossReason, MemberEvent, MemberMaster, Relationship,
};
use kenpo_domain::money::Yen;
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, Box<dyn Error>> {
    date(y, m, d).ok_or_else(|| format!("no such date {y}-{m}-{d}").into())
}

fn identity(name: &str, kana: &str, born: NaiveDate, sex: Sex) -> Result<Identity, Box<dyn Error>> {
    Ok(Identity {
        name: PersonName::new(name)?,
        kana: KanaName::new(kana)?,
        birth_date: born,
        sex,
        address: Address::new("東京都千代田区千代田1-1")?,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let taro = MemberKey::parse("10", "123", "00")?;
    let hanako = MemberKey::parse("10", "123", "01")?;
    let ichiro = MemberKey::parse("10", "123", "02")?;
    let jiro = MemberKey::parse("20", "７", "００")?; // full-width input is normalised
    let office_a = OfficeCode::new("A01")?;

    let events = vec![
        MemberEvent::Acquisition {
            key: taro.clone(),
            acquired: day(2026, 4, 1)?,
            identity: identity("山田 太郎", "ヤマダ タロウ", day(1986, 5, 2)?, Sex::Male)?,
            office: office_a.clone(),
        },
        MemberEvent::DependentAdded {
            key: hanako.clone(),
            recognized: day(2026, 4, 1)?,
            identity: identity("山田 花子", "ヤマダ ハナコ", day(1988, 8, 1)?, Sex::Female)?,
            relationship: Relationship::Spouse,
        },
        MemberEvent::DependentAdded {
            key: ichiro.clone(),
            recognized: day(2026, 6, 15)?,
            identity: identity("山田 一郎", "ヤマダ イチロウ", day(2026, 6, 15)?, Sex::Male)?,
            relationship: Relationship::Child,
        },
        MemberEvent::Acquisition {
            key: jiro.clone(),
            acquired: day(2026, 4, 1)?,
            identity: identity("鈴木 次郎", "スズキ ジロウ", day(1951, 5, 20)?, Sex::Male)?,
            office: OfficeCode::new("B02")?,
        },
        // Rejected: a second acquisition while eligible.
        MemberEvent::Acquisition {
            key: taro.clone(),
            acquired: day(2026, 7, 1)?,
            identity: identity("山田 太郎", "ヤマダ タロウ", day(1986, 5, 2)?, Sex::Male)?,
            office: office_a,
        },
        MemberEvent::Change {
            key: taro.clone(),
            effective: day(2026, 9, 1)?,
            change: FieldChange::Address(Address::new("大阪府大阪市北区1-1")?),
        },
    ];
    let before = events.len();
    let mut master = MemberMaster::new();
    let report = master.apply_all(&events);
    println!("applied {} of {before} notifications", report.applied);
    for rejected in &report.rejected {
        println!("  rejected {rejected}");
    }

    // A8: a clinic asks about the spouse on 2026-07-10; the answer leaves only through a
    // decision recorded in the access log.
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S042");
    let mut access_log = MemoryLog::new();
    let inquiry = Inquiry {
        actor: &staff,
        recipient: "clinic",
        counterparty: "大阪中央クリニック",
        confirmed: true,
        at: day(2026, 7, 10)?
            .and_hms_opt(10, 0, 0)
            .ok_or("no such time")?,
    };
    let answer = catalog.answer_eligibility_inquiry(&master, &hanako, &inquiry, &mut access_log)?;
    println!(
        "A8 answer (six fields, log entry {}): {}",
        access_log.len() - 1,
        serde_json::to_string(&answer)?
    );

    let june = YearMonth::new(2026, 6)?;
    if let Some(h) = master.household(&taro, june) {
        let members: Vec<String> = h
            .dependents
            .iter()
            .map(|k| k.masked().to_string())
            .collect();
        println!("household of {} in {june}: {members:?}", taro.masked());
    }

    let may = YearMonth::new(2026, 5)?;
    for due in master.persons_with_birthday_rule_in(may) {
        println!(
            "birthday rule in {may}: {} {:?} on {}",
            due.key.masked(),
            due.rule,
            due.date
        );
    }
    let losses = master.late_elderly_losses_in(may);
    let applied = master.apply_all(&losses);
    println!(
        "75th-birthday losses in {may}: {} due, {} applied; eligible on 2026-05-20: {}",
        losses.len(),
        applied.applied,
        master.is_eligible(&jiro, day(2026, 5, 20)?)
    );

    // Retirement on 30 September: the household loses eligibility on 1 October.
    master.apply(&MemberEvent::loss_after(
        taro.clone(),
        LossReason::Retirement,
        day(2026, 9, 30)?,
    ))?;
    println!(
        "after retirement: spouse eligible on 2026-09-30 {}, on 2026-10-01 {}",
        master.is_eligible(&hanako, day(2026, 9, 30)?),
        master.is_eligible(&hanako, day(2026, 10, 1)?)
    );

    // A3: recognising a student child at 19–22 with the 1.5M threshold.
    let decision = dependent_recognition::decide(&RecognitionRequest {
        recognition_date: day(2026, 4, 1)?,
        relationship: Relationship::Child,
        birth_date: day(2005, 6, 1)?,
        disabled: false,
        late_elderly_certified: false,
        lives_with_insured: true,
        residence: Residence::Domestic,
        incomes: vec![IncomeItem::Monthly(Yen::new(120_000))],
        insured_annual_income: Yen::new(6_000_000),
        insured_is_centre_of_living: false,
        annual_remittance: None,
    })?;
    println!(
        "recognition: {}",
        if decision.recognized {
            "recognised"
        } else {
            "refused"
        }
    );
    for r in &decision.reasons {
        println!("  {:?} {:?}: {}", r.rule, r.outcome, r.detail);
    }
    Ok(())
}
