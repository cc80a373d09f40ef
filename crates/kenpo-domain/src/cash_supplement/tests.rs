//! Worked figures from published society rules (see `docs/SOURCES.md`, 付加金).

use super::*;
use crate::burial::{self, BurialCase, BurialClaim, BurialClaimant, BurialOutcome, StatusAtDeath};
use crate::calendar::date;
use crate::childbirth::{self, ChildbirthBenefitKind, ChildbirthClaim, ChildbirthLoss, Gestation};
use crate::sickness_allowance::{
    schedule_with_supplements, EarlierPayments, SickDay, StandardMonthly, KYOKAI_KENPO_FALLBACK,
};
use crate::society::SocietyConfig;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}
fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn supplements(toml: &str) -> CashSupplements {
    SocietyConfig::from_toml_str(&format!(
        "name = \"t\"\n[[rates]]\neffective_from = \"2015-03\"\nvalue = {{ general = \"90‰\", care = \"16‰\" }}\n{toml}"
    ))
    .unwrap()
    .cash_supplements
}

/// 300,000 every month: 標準報酬日額 10,000, 傷病手当金 6,667 a day.
fn claim(days: Vec<SickDay>) -> SicknessClaim {
    SicknessClaim {
        days,
        history: (0..36)
            .map(|i| StandardMonthly {
                month: ym(2024, 1).add_months(i),
                amount: Yen::new(300_000),
            })
            .collect(),
        ..SicknessClaim::default()
    }
}

fn off(first: NaiveDate, count: usize) -> Vec<SickDay> {
    first.iter_days().take(count).map(SickDay::off).collect()
}

/// GSユアサ健保: 傷病手当金付加金 = 標準報酬日額 × 15 % per day, for at most 6 consecutive months;
/// 延長傷病手当金付加金 = 標準報酬日額 × 2/3 for 1 year 6 months after the statutory period.
const GS_YUASA: &str = r#"
[[cash_supplements.sickness]]
effective_from = "2015-04"
value = { rate = "15%", months_from_first_payment = 6 }
[[cash_supplements.extended_sickness]]
effective_from = "2015-04"
value = { two_thirds = true, months = 18 }
"#;

/// 村田製作所健保: 付加金 10 % of the 標準報酬日額 with the 傷病手当金 (counted like it, 通算, from
/// 2022-01-01); 延長傷病手当金付加金 76.7 % (2/3 + 10 %) for at most 1 year.
const MURATA: &str = r#"
[[cash_supplements.sickness]]
effective_from = "2022-01"
value = { rate = "10%" }
[[cash_supplements.extended_sickness]]
effective_from = "2022-01"
value = { two_thirds = true, rate = "10%", months = 12 }
"#;

/// Off from Wed 2026-04-01 for 10 days: 3 days waiting, 7 paid. 標準報酬日額 10,000:
/// 15 % = 1,500 a day → 7 × 1,500 = 10,500 with 7 × 6,667 = 46,669.
#[test]
fn sickness_supplement_per_day() {
    let s = schedule_with_supplements(
        &claim(off(d(2026, 4, 1), 10)),
        KYOKAI_KENPO_FALLBACK,
        &supplements(GS_YUASA),
        None,
    )
    .unwrap();
    assert_eq!(s.total, Yen::new(46_669));
    let sup = s.supplements.as_ref().unwrap();
    assert_eq!(sup.sickness_total, Yen::new(10_500));
    assert_eq!(sup.days.len(), 7);
    assert_eq!(sup.days[0].date, d(2026, 4, 4));
    assert!(s.explanation.to_string().contains("傷病手当付加金"));
    // Murata: 10 % = 1,000 a day.
    let s = schedule_with_supplements(
        &claim(off(d(2026, 4, 1), 10)),
        KYOKAI_KENPO_FALLBACK,
        &supplements(MURATA),
        None,
    )
    .unwrap();
    assert_eq!(s.supplements.unwrap().sickness_total, Yen::new(7_000));
    // No 付加金 configured: the plain decision, with an empty supplement.
    let s = schedule_with_supplements(
        &claim(off(d(2026, 4, 1), 10)),
        KYOKAI_KENPO_FALLBACK,
        &CashSupplements::default(),
        None,
    )
    .unwrap();
    assert_eq!(s.supplements.unwrap().sickness_total, Yen::ZERO);
}

/// Pay reduces the allowance and the 付加金 together (allowance + 付加金 − pay, the allowance paid
/// first): pay 5,000 → 1,667 + 1,500; pay 7,000 → 0 + (6,667 + 1,500 − 7,000 =) 1,167;
/// pay 9,000 → nothing.
#[test]
fn pay_on_a_day_reduces_the_total() {
    let mut days = off(d(2026, 4, 1), 6);
    days[3] = days[3].with_pay(Yen::new(5_000));
    days[4] = days[4].with_pay(Yen::new(7_000));
    days[5] = days[5].with_pay(Yen::new(9_000));
    let s = schedule_with_supplements(
        &claim(days),
        KYOKAI_KENPO_FALLBACK,
        &supplements(GS_YUASA),
        None,
    )
    .unwrap();
    let amounts: Vec<Yen> = s.days[3..].iter().map(|d| d.amount).collect();
    assert_eq!(amounts, [Yen::new(1_667), Yen::ZERO, Yen::ZERO]);
    let sup = s.supplements.unwrap();
    let by_day: Vec<(NaiveDate, Yen)> = sup.days.iter().map(|x| (x.date, x.amount)).collect();
    assert_eq!(
        by_day,
        [
            (d(2026, 4, 4), Yen::new(1_500)),
            (d(2026, 4, 5), Yen::new(1_167))
        ]
    );
}

/// GS Yuasa's 6 months: first payment 2026-04-04, so days up to 2026-10-03 carry the 付加金 and
/// 2026-10-04 does not, while the 傷病手当金 goes on.
#[test]
fn sickness_supplement_within_months_of_the_first_payment() {
    let mut c = claim(off(d(2026, 10, 2), 3));
    c.earlier = Some(EarlierPayments {
        first_payment_day: d(2026, 4, 4),
        days_paid: 181,
    });
    let s =
        schedule_with_supplements(&c, KYOKAI_KENPO_FALLBACK, &supplements(GS_YUASA), None).unwrap();
    assert_eq!(s.total, Yen::new(3 * 6_667));
    let sup = s.supplements.unwrap();
    assert_eq!(
        sup.days.iter().map(|x| x.date).collect::<Vec<_>>(),
        [d(2026, 10, 2), d(2026, 10, 3)]
    );
}

/// After the 傷病手当金's maximum (first payment 2024-04-04: 548 days up to 2025-10-03, all paid),
/// 延長傷病手当付加金. Murata: 6,667 + 1,000 = 7,667 a day for 12 months from the first extended
/// day; with 364 of its 365 days paid before, one more day is paid.
#[test]
fn extended_supplement_after_the_maximum() {
    let mut c = claim(off(d(2026, 1, 5), 3));
    c.earlier = Some(EarlierPayments {
        first_payment_day: d(2024, 4, 4),
        days_paid: 548,
    });
    let s =
        schedule_with_supplements(&c, KYOKAI_KENPO_FALLBACK, &supplements(MURATA), None).unwrap();
    assert_eq!(s.total, Yen::ZERO);
    let sup = s.supplements.clone().unwrap();
    assert_eq!(sup.extended_total, Yen::new(3 * 7_667));
    assert_eq!(sup.extended_first_day, Some(d(2026, 1, 5)));
    assert_eq!(sup.extended_days_paid_cumulative, 3);
    // 12 months from 2026-01-05 are 365 days (to 2027-01-04).
    assert_eq!(days_in_months(d(2026, 1, 5), 12), Some(365));
    let earlier = EarlierExtended {
        first_day: d(2025, 1, 10),
        days_paid: 364,
    };
    let s = schedule_with_supplements(
        &c,
        KYOKAI_KENPO_FALLBACK,
        &supplements(MURATA),
        Some(earlier),
    )
    .unwrap();
    let sup = s.supplements.unwrap();
    assert_eq!(sup.extended_total, Yen::new(7_667));
    assert_eq!(sup.extended_days_paid_cumulative, 365);
    // GS Yuasa: 2/3 only, 6,667 a day.
    let s =
        schedule_with_supplements(&c, KYOKAI_KENPO_FALLBACK, &supplements(GS_YUASA), None).unwrap();
    assert_eq!(s.supplements.unwrap().extended_total, Yen::new(3 * 6_667));
}

fn birth(kind: ChildbirthBenefitKind, on: NaiveDate, babies: u32) -> ChildbirthClaim {
    ChildbirthClaim {
        kind,
        birth_date: on,
        gestation: Gestation::new(39, 0).unwrap(),
        babies,
        in_compensation_scheme: true,
        direct_payment_charge: Some(Yen::new(480_000)),
        loss_of_eligibility: None,
    }
}

/// 衣料健保 (ijyu-kenpo.jp): births to 2023-03-31, 付加金 50,000 (insured) / 20,000 (family);
/// from 2023-04-01, 20,000 / 15,000; only for births while insured.
const IJYU: &str = r#"
[[cash_supplements.childbirth]]
effective_from = "2015-01"
value = { per_baby = 50000 }
[[cash_supplements.childbirth]]
effective_from = "2023-04"
value = { per_baby = 20000 }
[[cash_supplements.family_childbirth]]
effective_from = "2015-01"
value = { per_baby = 20000 }
[[cash_supplements.family_childbirth]]
effective_from = "2023-04"
value = { per_baby = 15000 }
"#;

#[test]
fn childbirth_supplements_by_birth_date() {
    let rules = supplements(IJYU);
    let paid = |c: &ChildbirthClaim| {
        childbirth::decide_with_supplements(c, &rules)
            .unwrap()
            .supplement
            .map(|s| (s.kind, s.amount))
    };
    // 2023-03-31: 420,000 + 50,000 = 470,000 (the society's published total).
    assert_eq!(
        paid(&birth(ChildbirthBenefitKind::Insured, d(2023, 3, 31), 1)),
        Some((SupplementKind::Childbirth, Yen::new(50_000)))
    );
    // 2023-04-01: 500,000 + 20,000 = 520,000; family 500,000 + 15,000 = 515,000; twins × 2.
    assert_eq!(
        paid(&birth(ChildbirthBenefitKind::Insured, d(2023, 4, 1), 1)),
        Some((SupplementKind::Childbirth, Yen::new(20_000)))
    );
    assert_eq!(
        paid(&birth(ChildbirthBenefitKind::Dependant, d(2026, 6, 1), 1)),
        Some((SupplementKind::FamilyChildbirth, Yen::new(15_000)))
    );
    assert_eq!(
        paid(&birth(ChildbirthBenefitKind::Insured, d(2026, 6, 1), 2)),
        Some((SupplementKind::Childbirth, Yen::new(40_000)))
    );
    // A birth after the loss (法106条) gets the lump sum, not the 付加金.
    let mut after = birth(ChildbirthBenefitKind::Insured, d(2026, 6, 1), 1);
    after.loss_of_eligibility = Some(ChildbirthLoss {
        loss_date: d(2026, 4, 1),
        insured_one_year_before_loss: true,
    });
    let decided = childbirth::decide_with_supplements(&after, &rules).unwrap();
    assert!(matches!(
        decided.outcome,
        childbirth::ChildbirthOutcome::Paid { .. }
    ));
    assert_eq!(decided.supplement, None);
    // Under 85 days: neither.
    let mut early = birth(ChildbirthBenefitKind::Insured, d(2026, 6, 1), 1);
    early.gestation = Gestation::new(12, 0).unwrap();
    assert_eq!(
        childbirth::decide_with_supplements(&early, &rules)
            .unwrap()
            .supplement,
        None
    );
    // A month before any entry: none.
    assert_eq!(
        paid(&birth(ChildbirthBenefitKind::Insured, d(2014, 12, 1), 1)),
        None
    );
}

/// ナイスグループ健保: 埋葬料付加金 50,000 and 家族埋葬料付加金 50,000; with 埋葬費 the actual cost
/// is covered up to 埋葬料 + 付加金. 大阪市職員共済 abolished both for deaths from 2016-07-01
/// (the same form with an end date).
#[test]
fn burial_supplements() {
    let nice = supplements(
        "[[cash_supplements.burial]]\neffective_from = \"2015-04\"\nvalue = { amount = 50000 }\n[[cash_supplements.family_burial]]\neffective_from = \"2015-04\"\nvalue = { amount = 50000 }",
    );
    let claim = |case, on| BurialClaim {
        death_date: on,
        case,
        status: StatusAtDeath::Insured,
    };
    let mourner = BurialCase::InsuredDied {
        claimant: BurialClaimant::SupportedMourner,
    };
    let sup = |c: &BurialClaim, rules: &CashSupplements| {
        burial::decide_with_supplements(c, rules)
            .unwrap()
            .supplement
            .map(|s| s.amount)
    };
    assert_eq!(
        sup(&claim(mourner, d(2026, 5, 20)), &nice),
        Some(Yen::new(50_000))
    );
    assert_eq!(
        sup(
            &claim(
                BurialCase::DependantDied { stillbirth: false },
                d(2026, 5, 20)
            ),
            &nice
        ),
        Some(Yen::new(50_000))
    );
    assert_eq!(
        sup(
            &claim(
                BurialCase::DependantDied { stillbirth: true },
                d(2026, 5, 20)
            ),
            &nice
        ),
        None
    );
    // 埋葬費: actual cost 82,000 → 50,000 + 32,000; 40,000 → 40,000 + 0.
    let other = |cost| BurialCase::InsuredDied {
        claimant: BurialClaimant::OtherWhoBuried {
            actual_cost: Yen::new(cost),
        },
    };
    let decided =
        burial::decide_with_supplements(&claim(other(82_000), d(2026, 5, 20)), &nice).unwrap();
    assert!(
        matches!(decided.outcome, BurialOutcome::Paid { amount, .. } if amount == Yen::new(50_000))
    );
    assert_eq!(decided.supplement.map(|s| s.amount), Some(Yen::new(32_000)));
    assert_eq!(
        sup(&claim(other(40_000), d(2026, 5, 20)), &nice),
        Some(Yen::ZERO)
    );
    // Abolished from 2016-07-01.
    let osaka = supplements(
        "[[cash_supplements.burial]]\neffective_from = \"2010-04\"\neffective_through = \"2016-06\"\nvalue = { amount = 50000 }",
    );
    assert_eq!(
        sup(&claim(mourner, d(2016, 6, 30)), &osaka),
        Some(Yen::new(50_000))
    );
    assert_eq!(sup(&claim(mourner, d(2016, 7, 1)), &osaka), None);
    // After the loss (法105条): only when the entry says so.
    let after = BurialClaim {
        death_date: d(2026, 5, 20),
        case: mourner,
        status: StatusAtDeath::AfterLoss {
            loss_date: d(2026, 4, 1),
        },
    };
    assert_eq!(sup(&after, &nice), None);
}

#[test]
fn configuration_is_validated_with_the_key() {
    let err = |toml: &str| {
        SocietyConfig::from_toml_str(&format!(
            "name = \"t\"\n[[rates]]\neffective_from = \"2015-03\"\nvalue = {{ general = \"90‰\", care = \"16‰\" }}\n{toml}"
        ))
        .unwrap_err()
        .to_string()
    };
    assert!(err(
        "[[cash_supplements.burial]]\neffective_from = \"2015-04\"\nvalue = { amount = -1 }"
    )
    .starts_with("cash_supplements.burial[0].value.amount"));
    assert!(err("[[cash_supplements.extended_sickness]]\neffective_from = \"2015-04\"\nvalue = { months = 12 }").starts_with("cash_supplements.extended_sickness[0].value"));
    assert!(err("[[cash_supplements.sickness]]\neffective_from = \"2015-04\"\nvalue = { rate = \"10%\", months_from_first_payment = 0 }").contains("months_from_first_payment"));
    assert!(err("[[cash_supplements.childbirth]]\neffective_from = \"2015-04\"\nvalue = { per_baby = 1 }\n[[cash_supplements.childbirth]]\neffective_from = \"2015-04\"\nvalue = { per_baby = 2 }").starts_with("cash_supplements.childbirth[1].effective_from"));
    assert!(err("[cash_supplements]\nbogus = 1").contains("bogus"));
}
