//! A year of premiums for a small office of the sample society, month by month, ending with the
//! employer's premium notice (納入告知) of each month and the detail of December.
//!
//! Run with `cargo run -p kenpo-domain --example premiums_year`.
//!
//! The office has four members (invented data):
//!
//! - **A**, 46, paid monthly; the 定時決定 of July 2026 moves the grade from September.
//! - **B**, 30, joins on 10 June 2026 (資格取得時決定) and gets bonuses in July and December.
//! - **C**, 33, on childcare leave 15 November 2026 – 31 January 2027: November, December and
//!   January are exempt, and so is her December bonus (the leave lasts more than one month).
//! - **D**, 64, pays the share in cash (the cash 50-銭 rule) and leaves on 30 November 2026
//!   (loss on 1 December: November is still charged, December is not).

use kenpo_domain::calendar::{date, FiscalYear, YearMonth};
use kenpo_domain::identifiers::OfficeCode;
use kenpo_domain::premium::{
    bonus_charge, bonus_premium, month_charge, monthly_premium, Charge, Coverage, EmployerNotice,
    Leave, LeaveKind, PaymentMethod, PremiumBreakdown, PremiumSubject,
};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::{
    decide_at_acquisition, regular_determination, standard_bonuses, AcquisitionRemuneration,
    BonusPayment, Grade, MonthPay, RegularDeterminationInput, RegularOutcome, StandardDecision,
    WorkerKind,
};
use kenpo_domain::Yen;

struct Member {
    label: &'static str,
    subject: PremiumSubject,
    coverage: Coverage,
    leaves: Vec<Leave>,
    /// The grade decisions in force over the year, in order.
    decisions: Vec<(YearMonth, Grade)>,
    bonuses: Vec<BonusPayment>,
}

impl Member {
    fn grade_in(&self, month: YearMonth) -> Option<Grade> {
        self.decisions
            .iter()
            .rev()
            .find(|(from, _)| *from <= month)
            .map(|(_, g)| *g)
    }
}

type Error = Box<dyn std::error::Error>;

fn day(y: i32, m: u32, d: u32) -> Result<chrono::NaiveDate, Error> {
    date(y, m, d).ok_or_else(|| "bad date".into())
}

fn month(y: i32, m: u32) -> Result<YearMonth, Error> {
    Ok(YearMonth::new(y, m)?)
}

fn regular(input: &RegularDeterminationInput) -> Result<StandardDecision, Error> {
    match regular_determination(input)? {
        RegularOutcome::Decided(d) => Ok(d),
        other => Err(format!("not decided: {other:?}").into()),
    }
}

fn main() -> Result<(), Error> {
    let config = SocietyConfig::from_toml_str(include_str!("config/sample-society.toml"))?;
    let fy = FiscalYear::new(2026);
    let office = OfficeCode::new("KENPO01")?;

    // A: grade 26 (380,000) until August; the July 2026 定時決定 from April–June pay.
    let a_regular = regular(&RegularDeterminationInput {
        year: 2026,
        worker: WorkerKind::Regular,
        acquired_on: day(2010, 4, 1)?,
        previous: Some(Grade::from_standard_monthly(Yen::new(380_000))?),
        revision_effective_from: None,
        months: vec![
            MonthPay {
                month: month(2026, 4)?,
                base_days: 30,
                amount: Yen::new(405_000),
                partial_period: false,
            },
            MonthPay {
                month: month(2026, 5)?,
                base_days: 31,
                amount: Yen::new(398_000),
                partial_period: false,
            },
            MonthPay {
                month: month(2026, 6)?,
                base_days: 30,
                amount: Yen::new(412_000),
                partial_period: false,
            },
        ],
    })?;
    print!("A: {}", a_regular.explanation);

    // B: joins 10 June 2026 on 260,000 a month.
    let b_acq = decide_at_acquisition(
        day(2026, 6, 10)?,
        AcquisitionRemuneration::Monthly {
            amount: Yen::new(262_000),
        },
    )?;
    print!("B: {}", b_acq.explanation);

    let members = vec![
        Member {
            label: "A",
            subject: PremiumSubject::new(day(1980, 6, 15)?, PaymentMethod::WageDeduction),
            coverage: Coverage {
                acquired_on: day(2010, 4, 1)?,
                lost_on: None,
            },
            leaves: vec![],
            decisions: vec![
                (
                    month(2025, 9)?,
                    Grade::from_standard_monthly(Yen::new(380_000))?,
                ),
                (a_regular.effective_from, a_regular.grade),
            ],
            bonuses: vec![
                BonusPayment {
                    paid_on: day(2026, 7, 10)?,
                    amount: Yen::new(800_500),
                },
                BonusPayment {
                    paid_on: day(2026, 12, 10)?,
                    amount: Yen::new(900_000),
                },
            ],
        },
        Member {
            label: "B",
            subject: PremiumSubject::new(day(1996, 1, 20)?, PaymentMethod::WageDeduction),
            coverage: Coverage {
                acquired_on: day(2026, 6, 10)?,
                lost_on: None,
            },
            leaves: vec![],
            decisions: vec![(b_acq.effective_from, b_acq.grade)],
            bonuses: vec![
                BonusPayment {
                    paid_on: day(2026, 7, 10)?,
                    amount: Yen::new(150_000),
                },
                BonusPayment {
                    paid_on: day(2026, 12, 10)?,
                    amount: Yen::new(400_000),
                },
            ],
        },
        Member {
            label: "C",
            subject: PremiumSubject::new(day(1993, 9, 1)?, PaymentMethod::WageDeduction),
            coverage: Coverage {
                acquired_on: day(2016, 4, 1)?,
                lost_on: None,
            },
            leaves: vec![Leave {
                kind: LeaveKind::Childcare,
                first_day: day(2026, 11, 15)?,
                last_day: day(2027, 1, 31)?,
                agreed_work_days: 0,
            }],
            decisions: vec![(
                month(2025, 9)?,
                Grade::from_standard_monthly(Yen::new(300_000))?,
            )],
            bonuses: vec![BonusPayment {
                paid_on: day(2026, 12, 10)?,
                amount: Yen::new(600_000),
            }],
        },
        Member {
            label: "D",
            subject: PremiumSubject::new(day(1962, 3, 2)?, PaymentMethod::Cash),
            coverage: Coverage {
                acquired_on: day(2000, 4, 1)?,
                lost_on: Some(day(2026, 12, 1)?),
            },
            leaves: vec![],
            decisions: vec![(
                month(2025, 9)?,
                Grade::from_standard_monthly(Yen::new(220_000))?,
            )],
            bonuses: vec![],
        },
    ];

    println!("\n{fy} premiums of office {office} ({})", config.name);
    println!(
        "month    | lines | monthly       | bonus         | notice total | employees | employer"
    );
    let mut december = None;
    for m in fy.months() {
        let mut lines: Vec<PremiumBreakdown> = Vec::new();
        for member in &members {
            let charge = month_charge(
                &member.coverage,
                member.subject.birth_date,
                &member.leaves,
                m,
            )?;
            if charge.charge == Charge::Charged {
                if let Some(grade) = member.grade_in(m) {
                    lines.push(monthly_premium(&config, m, grade, &member.subject)?);
                }
            }
            for b in standard_bonuses(&member.bonuses)?
                .iter()
                .filter(|b| b.month == m)
            {
                let c = bonus_charge(
                    &member.coverage,
                    member.subject.birth_date,
                    &member.leaves,
                    b.paid_on,
                )?;
                if c.charge == Charge::Charged {
                    lines.push(bonus_premium(&config, m, b.standard, &member.subject)?);
                } else {
                    println!(
                        "  ({} bonus of {}: {:?})",
                        member.label, b.paid_on, c.charge
                    );
                }
            }
        }
        let notice = EmployerNotice::from_breakdowns(office.clone(), m, &lines)?;
        println!(
            "{m}  | {:>5} | {:>13} | {:>13} | {:>12} | {:>9} | {:>8}",
            notice.lines,
            notice.monthly_total.to_string(),
            notice.bonus_total.to_string(),
            notice.total.to_string(),
            notice.employee_total.to_string(),
            notice.employer_total.to_string(),
        );
        if m.month() == 12 {
            december = Some((notice, lines));
        }
    }
    if let Some((notice, lines)) = december {
        println!("\nDecember 2026 notice:");
        for p in &notice.parts {
            println!("  {:<22} {}", p.kind.japanese(), p.amount);
        }
        print!("{}", notice.explanation);
        if let Some(first) = lines.first() {
            println!("\nFirst line of December in detail:");
            print!("{}", first.explanation);
        }
    }
    Ok(())
}
