//! The demo society's generator: offices, insured persons and their households, a year and a half
//! of pay with a raise and two bonuses, the notifications of the year, and a month of planned
//! medical visits with the cases the receipt checks must find planted and recorded.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use kenpo_domain::age;
use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::checkup::lists::MemberCheckup;
use kenpo_domain::checkup::result::{BloodDrawTiming, CheckupResult, Item, Medication};
use kenpo_domain::identifiers::{luhn_check_digit, InstitutionCode, MemberKey, OfficeCode};
use kenpo_domain::member::{Identity, LossReason, MemberEvent, Relationship};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
use kenpo_domain::premium::{Leave, LeaveKind, PaymentMethod};
use kenpo_domain::rounding;
use kenpo_domain::standard_remuneration::{BonusPayment, MonthPay};
use kenpo_domain::Yen;

use super::names::{EMPLOYER_KINDS, EMPLOYER_WORDS, FEMALE_NAMES, MALE_NAMES, PLACES, SURNAMES};
use super::rng::Rng;
use crate::error::CliError;

/// The largest society the generator builds (insured persons).
pub const MAX_MEMBERS: usize = 1_000_000;
/// The default size (insured persons; dependants come on top).
pub const DEFAULT_MEMBERS: usize = 3_000;
/// The default seed.
pub const DEFAULT_SEED: u64 = 202_609;
/// Distinct medical institutions (pharmacies not counted) a planted 重複受診 (C5) case visits in
/// the service month; ordinary members visit at most [`ORDINARY_MAX_INSTITUTIONS`].
pub const PLANTED_INSTITUTIONS: usize = 4;
/// The most medical institutions an ordinary (not planted) member visits in the service month.
pub const ORDINARY_MAX_INSTITUTIONS: usize = 2;

/// The premium month of the monthly job (2026-09: the 定時決定 of July 2026 takes effect).
pub fn job_month() -> YearMonth {
    YearMonth::new(2026, 9).unwrap_or_else(|_| YearMonth::of(NaiveDate::MIN))
}

/// The service month of the receipts the job ingests (the month before the job month).
pub fn service_month() -> YearMonth {
    job_month().prev()
}

/// The first month of pay generated (2025-04: April–June 2025 feed the 2025 定時決定).
pub fn first_pay_month() -> YearMonth {
    YearMonth::new(2025, 4).unwrap_or_else(|_| YearMonth::of(NaiveDate::MIN))
}

/// How big and which society.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoParams {
    /// Insured persons (被保険者), 1 to [`MAX_MEMBERS`].
    pub members: usize,
    /// The seed: the same seed gives the same society.
    pub seed: u64,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams {
            members: DEFAULT_MEMBERS,
            seed: DEFAULT_SEED,
        }
    }
}

/// An employer office (事業所).
#[derive(Debug, Clone, Serialize)]
pub struct Office {
    /// 事業所記号.
    pub code: OfficeCode,
    /// The office's 記号 for its insured persons' keys.
    pub symbol: String,
    /// 事業所名 (invented).
    pub name: String,
}

/// What kind of institution a planned receipt comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// A clinic (診療所), outpatient.
    Clinic,
    /// A hospital (病院), inpatient or outpatient.
    Hospital,
    /// A dental clinic.
    Dental,
    /// A dispensing pharmacy (保険薬局).
    Pharmacy,
}

/// An institution of the demo region.
#[derive(Debug, Clone, Serialize)]
pub struct Institution {
    /// 医療機関コード.
    pub code: InstitutionCode,
    /// The kind.
    pub kind: InstitutionKind,
    /// The name (invented).
    pub name: String,
}

/// A dependant in an insured person's household.
#[derive(Debug, Clone)]
pub struct DependantPlan {
    /// Key (same 記号・番号, own 枝番).
    pub key: MemberKey,
    /// 続柄.
    pub relationship: Relationship,
    /// Identity.
    pub identity: Identity,
    /// 被扶養者認定日.
    pub recognized: NaiveDate,
    /// Removed (first day no longer a dependant) and why.
    pub removed: Option<(NaiveDate, LossReason)>,
}

/// An insured person (被保険者) with everything the job needs about them.
#[derive(Debug, Clone)]
pub struct InsuredPlan {
    /// Key (枝番 00).
    pub key: MemberKey,
    /// Index into [`DemoSociety::offices`].
    pub office: usize,
    /// Identity.
    pub identity: Identity,
    /// 資格取得日.
    pub acquired: NaiveDate,
    /// 資格喪失日 and reason (retirement or the 75th birthday), if lost by the job month's end.
    pub lost: Option<(NaiveDate, LossReason)>,
    /// Pay by month, from [`first_pay_month`] or acquisition to the month before the job month.
    pub pay: Vec<MonthPay>,
    /// Bonuses paid.
    pub bonuses: Vec<BonusPayment>,
    /// How the employee share is paid.
    pub payment: PaymentMethod,
    /// Maternity and childcare leaves.
    pub leaves: Vec<Leave>,
    /// The household's dependants.
    pub dependants: Vec<DependantPlan>,
}

impl InsuredPlan {
    /// The dependants recognised on `on`.
    pub fn dependants_on(&self, on: NaiveDate) -> impl Iterator<Item = &DependantPlan> {
        self.dependants
            .iter()
            .filter(move |d| d.recognized <= on && d.removed.is_none_or(|(r, _)| on < r))
    }
}

/// A receipt the generator plans for the service month (turned into the payment fund's CSV by the
/// receipts writer).
#[derive(Debug, Clone, Serialize)]
pub struct PlannedReceipt {
    /// The patient.
    pub patient: MemberKey,
    /// The insured person of the household.
    pub insured: MemberKey,
    /// Index into [`DemoSociety::institutions`].
    pub institution: usize,
    /// For a pharmacy receipt: the prescribing institution's index.
    pub prescriber: Option<usize>,
    /// Inpatient (入院).
    pub inpatient: bool,
    /// Days of the service month with a visit (or in hospital).
    pub days: Vec<u32>,
    /// Total points (1 point = 10 yen).
    pub points: i64,
    /// 医療費 (points × 10 yen).
    pub total_cost: Yen,
    /// 一部負担金: the patient's share of [`Self::total_cost`] by age ([`copay_tenths`]), rounded
    /// to 10 yen; with a 特定疾病療養受療証 (dialysis) at most [`DIALYSIS_WINDOW_LIMIT`].
    pub patient_charge: Yen,
    /// 人工透析 under 特定疾病 (the 10,000-yen limit).
    pub dialysis: bool,
}

/// The cases planted for the checks, as keys of the persons concerned.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Planted {
    /// Persons with a visit dated on or after their loss of eligibility (資格喪失後受診).
    pub visit_after_loss: BTreeSet<MemberKey>,
    /// Persons who visit [`PLANTED_INSTITUTIONS`] medical institutions in the service month (C5).
    pub multi_clinic: BTreeSet<MemberKey>,
    /// Persons with an inpatient stay costing 500,000 yen or more (高額療養費 candidates).
    pub high_cost: BTreeSet<MemberKey>,
    /// Persons on dialysis (特定疾病).
    pub dialysis: BTreeSet<MemberKey>,
    /// Insured persons whose 75th birthday falls in the job month.
    pub late_elderly_in_job_month: BTreeSet<MemberKey>,
}

/// A generated society.
#[derive(Debug, Clone)]
pub struct DemoSociety {
    /// Size and seed.
    pub params: DemoParams,
    /// Employer offices.
    pub offices: Vec<Office>,
    /// Institutions of the region.
    pub institutions: Vec<Institution>,
    /// Insured persons with their households.
    pub insured: Vec<InsuredPlan>,
    /// The notifications dated before the job month, in date order.
    pub history: Vec<MemberEvent>,
    /// The notifications dated in the job month (acquisitions and losses the job applies).
    pub month_events: Vec<MemberEvent>,
    /// The service month's receipts.
    pub receipts: Vec<PlannedReceipt>,
    /// 特定健診 results of FY2026 (April–August) for about 60 % of the members aged 40–74.
    pub checkups: Vec<MemberCheckup>,
    /// What was planted.
    pub planted: Planted,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .unwrap_or(d)
}

fn random_day(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    add_days(from, rng.between(0, (to - from).num_days()))
}

fn identity(
    rng: &mut Rng,
    surname: (&str, &str),
    sex: Sex,
    birth: NaiveDate,
    address: &str,
) -> Result<Identity, CliError> {
    let given = match sex {
        Sex::Male => rng.pick(MALE_NAMES),
        _ => rng.pick(FEMALE_NAMES),
    }
    .copied()
    .unwrap_or(("太郎", "タロウ"));
    let bad = |e: kenpo_domain::person::PersonError| CliError::demo("generate", e);
    Ok(Identity {
        name: PersonName::new(&format!("{} {}", surname.0, given.0)).map_err(bad)?,
        kana: KanaName::new(&format!("{} {}", surname.1, given.1)).map_err(bad)?,
        birth_date: birth,
        sex,
        address: Address::new(address).map_err(bad)?,
    })
}

/// The 記号 of the former members' office (closed; no office of the generated society uses it).
pub const FORMER_SYMBOL: &str = "999";

/// About 1 % of `members` (at least 3) former insured persons, each with a spouse for one in two,
/// who joined between 2000 and 2010 and retired between 2012 and 2020: their notifications, in
/// date order, to put before the history.
fn former_members(seed: u64, members: usize) -> Result<Vec<MemberEvent>, CliError> {
    let mut rng = Rng::new(seed ^ 0x0f0f_f0f0_5a5a_a5a5);
    let mut dated = Vec::new();
    let office = OfficeCode::new("Z99").map_err(|e| CliError::demo("generate", e))?;
    for number in 1..=(members / 100).max(3) {
        let (surname, given) = (
            SURNAMES[usize::try_from(rng.below(SURNAMES.len() as u64)).unwrap_or(0)],
            ("一郎", "イチロウ"),
        );
        let birth = random_day(&mut rng, day(1950, 1, 1), day(1970, 12, 31));
        let acquired = random_day(&mut rng, day(2000, 4, 1), day(2010, 3, 31));
        let last_work = random_day(&mut rng, day(2012, 1, 1), day(2020, 12, 31));
        let name = format!("{} {}", surname.0, given.0);
        let kana = format!("{} {}", surname.1, given.1);
        let bad = |e: kenpo_domain::person::PersonError| CliError::demo("generate", e);
        let ident = |birth, sex| -> Result<Identity, CliError> {
            Ok(Identity {
                name: PersonName::new(&name).map_err(bad)?,
                kana: KanaName::new(&kana).map_err(bad)?,
                birth_date: birth,
                sex,
                address: Address::new("大阪府大阪市北区梅田1-1").map_err(bad)?,
            })
        };
        let insured = key(FORMER_SYMBOL, number, 0)?;
        dated.push((
            acquired,
            MemberEvent::Acquisition {
                key: insured.clone(),
                acquired,
                identity: ident(birth, Sex::Male)?,
                office: office.clone(),
            },
        ));
        if rng.chance(500) {
            let recognized = add_days(acquired, rng.between(0, 700));
            if recognized < last_work {
                dated.push((
                    recognized,
                    MemberEvent::DependentAdded {
                        key: key(FORMER_SYMBOL, number, 1)?,
                        recognized,
                        identity: ident(add_days(birth, 400), Sex::Female)?,
                        relationship: Relationship::Spouse,
                    },
                ));
            }
        }
        dated.push((
            add_days(last_work, 1),
            MemberEvent::loss_after(insured, LossReason::Retirement, last_work),
        ));
    }
    dated.sort_by_key(|(d, _)| *d);
    Ok(dated.into_iter().map(|(_, e)| e).collect())
}

fn key(symbol: &str, number: usize, branch: usize) -> Result<MemberKey, CliError> {
    MemberKey::parse(symbol, &number.to_string(), &format!("{branch:02}"))
        .map_err(|e| CliError::demo("generate", e))
}

fn institution_code(
    prefecture: u32,
    table: u32,
    serial: usize,
) -> Result<InstitutionCode, CliError> {
    let body = format!("{prefecture:02}{table}{:06}", serial % 1_000_000);
    let code = format!("{body}{}", luhn_check_digit(&body));
    InstitutionCode::new(&code).map_err(|e| CliError::demo("generate", e))
}

/// Generates the society of `params` (deterministic for a seed).
pub fn generate(params: DemoParams) -> Result<DemoSociety, CliError> {
    if params.members == 0 || params.members > MAX_MEMBERS {
        return Err(CliError::flag(
            "--members",
            format!("must be 1 to {MAX_MEMBERS}"),
        ));
    }
    let mut rng = Rng::new(params.seed);
    let job = job_month();
    let service = service_month();
    let reference = job.first_day();

    // Offices: about one per 150 insured persons, at least 3.
    let office_count = (params.members / 150).max(3);
    let mut offices = Vec::with_capacity(office_count);
    for i in 0..office_count {
        let word = rng.pick(EMPLOYER_WORDS).copied().unwrap_or("中央");
        let kind = rng.pick(EMPLOYER_KINDS).copied().unwrap_or("商事");
        offices.push(Office {
            code: OfficeCode::new(&format!("E{:05}", i + 1))
                .map_err(|e| CliError::demo("generate", e))?,
            symbol: format!("{}", 1000 + i),
            name: format!("株式会社{word}{kind}"),
        });
    }

    // Institutions: clinics, hospitals, dental clinics and pharmacies in Tokyo (13).
    let scale = (params.members / 40).max(12);
    let mut institutions = Vec::new();
    let kinds = [
        (InstitutionKind::Clinic, 1, scale, "クリニック"),
        (InstitutionKind::Hospital, 1, (scale / 6).max(3), "総合病院"),
        (InstitutionKind::Dental, 3, (scale / 3).max(3), "歯科医院"),
        (InstitutionKind::Pharmacy, 4, (scale / 2).max(3), "薬局"),
    ];
    for (kind, table, count, suffix) in kinds {
        for _ in 0..count {
            let serial = institutions.len() + 1;
            let word = rng.pick(EMPLOYER_WORDS).copied().unwrap_or("中央");
            institutions.push(Institution {
                code: institution_code(13, table, serial)?,
                kind,
                name: format!("{word}{suffix}"),
            });
        }
    }
    let of_kind = |k: InstitutionKind| -> Vec<usize> {
        institutions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == k)
            .map(|(n, _)| n)
            .collect()
    };
    let clinics = of_kind(InstitutionKind::Clinic);
    let hospitals = of_kind(InstitutionKind::Hospital);
    let dentals = of_kind(InstitutionKind::Dental);
    let pharmacies = of_kind(InstitutionKind::Pharmacy);

    let mut insured = Vec::with_capacity(params.members);
    let mut numbers = vec![0usize; office_count];
    let mut planted = Planted::default();
    for _ in 0..params.members {
        // Offices are skewed: the first few are large.
        let office = if rng.chance(400) {
            usize::try_from(rng.below(3.min(office_count as u64))).unwrap_or(0)
        } else {
            usize::try_from(rng.below(office_count as u64)).unwrap_or(0)
        };
        let Some(n) = numbers.get_mut(office) else {
            continue;
        };
        *n += 1;
        let number = *n;
        let symbol = offices
            .get(office)
            .map(|o| o.symbol.clone())
            .unwrap_or_default();
        let sex = if rng.chance(560) {
            Sex::Male
        } else {
            Sex::Female
        };
        let age = match rng.below(1000) {
            0..=14 => 74,
            15..=119 => rng.between(60, 73),
            _ => rng.between(20, 59),
        };
        // Birth so that the person is `age` on the first day of the job month.
        let birth = add_days(
            day(
                reference.year() - i32::try_from(age).unwrap_or(40),
                reference.month(),
                1,
            ),
            -rng.between(1, 364),
        );
        let surname = rng.pick(SURNAMES).copied().unwrap_or(("山田", "ヤマダ"));
        let place = rng.pick(PLACES).copied().unwrap_or(("東京都", "千代田区"));
        let address = format!(
            "{}{}{}-{}-{}",
            place.0,
            place.1,
            rng.between(1, 9),
            rng.between(1, 30),
            rng.between(1, 20)
        );
        let ident = identity(&mut rng, surname, sex, birth, &address)?;
        let adult = age::birthday(birth, 20).unwrap_or(birth);
        let acquired = if rng.chance(80) {
            // New this year (2025-09-01 to the end of the job month).
            random_day(&mut rng, day(2025, 9, 1), job.last_day())
        } else {
            random_day(&mut rng, adult.max(day(1990, 4, 1)), day(2025, 8, 31))
        };
        let late = age::late_elderly_transition_date(birth).unwrap_or(NaiveDate::MAX);
        // Insured from the 20th birthday, and before the 75th (後期高齢者医療 from that day).
        let acquired = acquired.max(adult).min(add_days(late, -1));
        let mut lost = None;
        if late <= job.last_day() {
            lost = Some((late, LossReason::LateElderly));
            if YearMonth::of(late) == job {
                planted
                    .late_elderly_in_job_month
                    .insert(key(&symbol, number, 0)?);
                // The job finds these itself: no event planned.
                lost = None;
            }
        } else if rng.chance(70) {
            let from = add_days(acquired, 30).max(day(2025, 9, 1));
            let to = job.last_day();
            if from < to {
                let last_work = random_day(&mut rng, from, to);
                lost = Some((add_days(last_work, 1), LossReason::Retirement));
            }
        }
        let base_pay = {
            let years = i64::from(reference.year() - acquired.year().min(reference.year()));
            let by_age =
                180_000 + (i64::from(u8::try_from(age).unwrap_or(40)).min(55) - 20) * 7_000;
            (by_age + years * 2_000 + rng.between(-30_000, 60_000)).max(120_000) / 1000 * 1000
        };
        let raise = 1000 + rng.between(5, 40); // per mille, from April 2026
        let paid_through = lost.map_or(service, |(l, _)| YearMonth::of(add_days(l, -1)));
        let mut pay = Vec::new();
        for m in first_pay_month().through(service) {
            if m < YearMonth::of(acquired) || m > paid_through {
                continue;
            }
            let mut amount = base_pay;
            if m >= YearMonth::new(2026, 4).unwrap_or(m) {
                amount = amount * raise / 1000;
            }
            let overtime = amount * rng.between(0, 80) / 1000;
            pay.push(MonthPay {
                month: m,
                base_days: u8::try_from(m.days()).unwrap_or(30),
                amount: Yen::new(amount + overtime),
                partial_period: m == YearMonth::of(acquired) && acquired.day() > 1,
            });
        }
        let mut bonuses = Vec::new();
        for paid in [day(2025, 12, 10), day(2026, 7, 10)] {
            let employed = acquired <= paid && lost.is_none_or(|(l, _)| paid < l);
            if employed && rng.chance(880) {
                bonuses.push(BonusPayment {
                    paid_on: paid,
                    amount: Yen::new(base_pay * rng.between(100, 250) / 100 / 1000 * 1000),
                });
            }
        }
        let mut leaves = Vec::new();
        if sex == Sex::Female && (25..=40).contains(&age) && rng.chance(40) {
            // The leave starts once the person is insured and lasts 4 months to a year.
            let first = random_day(&mut rng, day(2026, 3, 1), day(2026, 8, 20)).max(acquired);
            leaves.push(Leave {
                kind: LeaveKind::Childcare,
                first_day: first,
                last_day: add_days(first, rng.between(120, 360)),
                agreed_work_days: 0,
            });
        }
        let payment = if rng.chance(20) {
            PaymentMethod::Cash
        } else {
            PaymentMethod::WageDeduction
        };

        // Household.
        let mut dependants = Vec::new();
        let mut branch = 0;
        if age >= 26 && rng.chance(520) {
            branch += 1;
            let spouse_sex = if sex == Sex::Male {
                Sex::Female
            } else {
                Sex::Male
            };
            let spouse_birth = add_days(birth, rng.between(-4 * 365, 4 * 365));
            let id = identity(&mut rng, surname, spouse_sex, spouse_birth, &address)?;
            let recognized = acquired.max(spouse_birth);
            dependants.push(DependantPlan {
                key: key(&symbol, number, branch)?,
                relationship: Relationship::Spouse,
                identity: id,
                recognized,
                removed: None,
            });
            let children = if age < 55 { rng.between(0, 3) } else { 0 };
            for _ in 0..children {
                branch += 1;
                let child_birth = random_day(
                    &mut rng,
                    add_days(birth, 24 * 365).max(add_days(reference, -22 * 365)),
                    add_days(reference, -20),
                );
                let csex = if rng.chance(500) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                let id = identity(&mut rng, surname, csex, child_birth, &address)?;
                dependants.push(DependantPlan {
                    key: key(&symbol, number, branch)?,
                    relationship: Relationship::Child,
                    identity: id,
                    recognized: acquired.max(child_birth),
                    removed: None,
                });
            }
        }
        // Dependants turning 75 leave on the birthday; those past it are not enrolled at all.
        dependants.retain(|d| {
            age::late_elderly_transition_date(d.identity.birth_date)
                .is_none_or(|l| l > d.recognized)
        });
        for d in &mut dependants {
            if let Some(l) = age::late_elderly_transition_date(d.identity.birth_date) {
                if l < job.first_day() {
                    d.removed = Some((l, LossReason::LateElderly));
                }
            }
        }
        insured.push(InsuredPlan {
            key: key(&symbol, number, 0)?,
            office,
            identity: ident,
            acquired,
            lost,
            pay,
            bonuses,
            payment,
            leaves,
            dependants,
        });
    }

    let (mut history, month_events) = events(&insured, job);
    // Former members who left long ago, so that the month-end disposal run has households whose
    // retention period ended (their own random stream: the rest of the society is unchanged).
    let mut former = former_members(params.seed, params.members)?;
    former.append(&mut history);
    let history = former;
    let receipts = plan_receipts(
        &mut rng,
        &insured,
        &Pools {
            clinics: &clinics,
            hospitals: &hospitals,
            dentals: &dentals,
            pharmacies: &pharmacies,
        },
        service,
        &mut planted,
    );
    let checkups = plan_checkups(&mut rng, &insured)?;
    Ok(DemoSociety {
        params,
        offices,
        institutions,
        insured,
        history,
        month_events,
        receipts,
        checkups,
        planted,
    })
}

/// The notifications of the generated households, split at the job month.
fn events(insured: &[InsuredPlan], job: YearMonth) -> (Vec<MemberEvent>, Vec<MemberEvent>) {
    // (date, order within the day, event): acquisitions first, losses last.
    let mut all: Vec<(NaiveDate, u8, MemberEvent)> = Vec::new();
    for p in insured {
        let Some(office) = p.office_code() else {
            continue;
        };
        all.push((
            p.acquired,
            0,
            MemberEvent::Acquisition {
                key: p.key.clone(),
                acquired: p.acquired,
                identity: p.identity.clone(),
                office,
            },
        ));
        let household_end = p.lost.map(|(l, _)| l);
        for d in &p.dependants {
            if household_end.is_some_and(|l| d.recognized >= l) {
                continue;
            }
            all.push((
                d.recognized,
                1,
                MemberEvent::DependentAdded {
                    key: d.key.clone(),
                    recognized: d.recognized,
                    identity: d.identity.clone(),
                    relationship: d.relationship,
                },
            ));
            if let Some((removed, reason)) = d.removed {
                if household_end.is_none_or(|l| removed < l) {
                    all.push((
                        removed,
                        2,
                        MemberEvent::DependentRemoved {
                            key: d.key.clone(),
                            lost: removed,
                            reason,
                        },
                    ));
                }
            }
        }
        if let Some((lost, reason)) = p.lost {
            all.push((
                lost,
                3,
                MemberEvent::Loss {
                    key: p.key.clone(),
                    lost,
                    reason,
                },
            ));
        }
    }
    all.sort_by_key(|a| (a.0, a.1));
    let mut history = Vec::new();
    let mut month = Vec::new();
    for (date, _, e) in all {
        if date < job.first_day() {
            history.push(e);
        } else if job.contains(date) || date == job.next().first_day() {
            month.push(e);
        }
    }
    (history, month)
}

impl InsuredPlan {
    fn office_code(&self) -> Option<OfficeCode> {
        // Office codes are E00001…; the index is stored.
        OfficeCode::new(&format!("E{:05}", self.office + 1)).ok()
    }

    /// The first day the household has no eligibility (the insured person's loss date).
    pub fn loss_date(&self) -> Option<NaiveDate> {
        self.lost.map(|(l, _)| l)
    }
}

/// Checkup results of FY2026 for the members aged 40–74 in the year who are insured from April
/// to the end of August (values spread around common Japanese figures; 60 % take part).
fn plan_checkups(rng: &mut Rng, insured: &[InsuredPlan]) -> Result<Vec<MemberCheckup>, CliError> {
    let fy = FiscalYear::new(2026);
    let (from, to) = (day(2026, 4, 1), day(2026, 8, 31));
    let mut out = Vec::new();
    for p in insured {
        if p.acquired > from || p.loss_date().is_some_and(|l| l <= to) {
            continue;
        }
        let mut people = vec![(&p.key, &p.identity)];
        for d in p.dependants_on(from) {
            if d.removed.is_none_or(|(r, _)| r > to) {
                people.push((&d.key, &d.identity));
            }
        }
        for (key, id) in people {
            let Some(age) = age::age_at_fiscal_year_end(id.birth_date, fy) else {
                continue;
            };
            if !(40..=74).contains(&age) || !rng.chance(600) {
                continue;
            }
            let male = id.sex == Sex::Male;
            let heavy = rng.chance(300);
            let dec = |tenths: i64| rust_decimal::Decimal::new(tenths, 1);
            let waist =
                if male { 720 } else { 680 } + rng.between(0, 200) + if heavy { 100 } else { 0 };
            let bmi = 185 + rng.between(0, 70) + if heavy { 40 } else { 0 };
            let bad =
                |e: kenpo_domain::checkup::result::CheckupError| CliError::demo("checkups", e);
            let medicated = rng.chance(150);
            // About one person in eight is raised past the ordinary range on each item.
            let risk = |rng: &mut Rng, up: i64| {
                if rng.chance(125) {
                    rng.between(0, up)
                } else {
                    0
                }
            };
            let result = CheckupResult::new(random_day(rng, from, to), id.sex)
                .with_blood_draw(BloodDrawTiming::Fasting)
                .with(Item::Waist, dec(waist))
                .map_err(bad)?
                .with(Item::Bmi, dec(bmi))
                .map_err(bad)?
                .with(
                    Item::SystolicBp,
                    dec(rng.between(1000, 1380) + risk(rng, 300)),
                )
                .map_err(bad)?
                .with(
                    Item::DiastolicBp,
                    dec(rng.between(600, 840) + risk(rng, 150)),
                )
                .map_err(bad)?
                .with(
                    Item::TriglyceridesFasting,
                    dec(rng.between(500, 1600) + risk(rng, 1500)),
                )
                .map_err(bad)?
                .with(Item::Hdl, dec(rng.between(380, 900)))
                .map_err(bad)?
                .with(Item::Hba1c, dec(rng.between(49, 60) + risk(rng, 15)))
                .map_err(bad)?
                .with_smoking(rng.chance(200))
                .with_medication(if medicated {
                    Medication {
                        hypertension: Some(true),
                        diabetes: Some(false),
                        dyslipidaemia: Some(false),
                    }
                } else {
                    Medication::NONE
                });
            out.push(MemberCheckup {
                member: key.clone(),
                birth: id.birth_date,
                result,
            });
        }
    }
    Ok(out)
}

struct Pools<'a> {
    clinics: &'a [usize],
    hospitals: &'a [usize],
    dentals: &'a [usize],
    pharmacies: &'a [usize],
}

fn pick_index(rng: &mut Rng, pool: &[usize]) -> usize {
    rng.pick(pool).copied().unwrap_or(0)
}

/// Visit days within `from..=to` of the service month (sorted, distinct).
fn visit_days(rng: &mut Rng, from: u32, to: u32, count: usize) -> Vec<u32> {
    let mut days = BTreeSet::new();
    for _ in 0..count.max(1) {
        let d = rng.between(i64::from(from), i64::from(to));
        days.insert(u32::try_from(d).unwrap_or(from));
    }
    days.into_iter().collect()
}

/// The window limit of a 特定疾病 (dialysis) patient with a 受療証 (健康保険法施行令 第42条9項):
/// 10,000 yen a month per institution (20,000 for 区分ア・イ adults under 70 on dialysis, not
/// generated here).
pub const DIALYSIS_WINDOW_LIMIT: Yen = Yen::new(10_000);

/// The patient's share in tenths (一部負担金の割合, 健康保険法 第74条, 第110条): 2 before the
/// school age (未就学 on the month's last day, as the receipt checks read it), 2 at 70–74 (3 with 現役並み income: the insured person's
/// 標準報酬月額 ≥ 280,000), 3 otherwise.
pub fn copay_tenths(
    birth: NaiveDate,
    month: YearMonth,
    insured_standard_monthly: Option<Yen>,
) -> i64 {
    if age::is_preschool_on(birth, month.last_day()) {
        return 2;
    }
    let elderly = age::elderly_recipient_first_month(birth).is_some_and(|m| m <= month);
    let active = insured_standard_monthly.is_some_and(|s| s >= Yen::new(280_000));
    if elderly && !active {
        2
    } else {
        3
    }
}

fn plan_receipts(
    rng: &mut Rng,
    insured: &[InsuredPlan],
    pools: &Pools<'_>,
    service: YearMonth,
    planted: &mut Planted,
) -> Vec<PlannedReceipt> {
    let mut out = Vec::new();
    let by_key: std::collections::BTreeMap<&MemberKey, usize> = insured
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.key, i))
        .collect();
    let first = service.first_day();
    let last = service.last_day();
    let last_day = service.days();
    for p in insured {
        // The household's eligible days in the service month.
        let loss = p.loss_date();
        let start = p.acquired.max(first);
        let end = loss.map_or(last, |l| add_days(l, -1)).min(last);
        let mut persons: Vec<(&MemberKey, NaiveDate, NaiveDate)> = Vec::new();
        if start <= end {
            persons.push((&p.key, start, end));
            for d in &p.dependants {
                let ds = d.recognized.max(start);
                let de = d.removed.map_or(end, |(r, _)| add_days(r, -1).min(end));
                if ds <= de {
                    persons.push((&d.key, ds, de));
                }
            }
        }
        // Planted: a visit after the loss of eligibility, for about a third of those who lost
        // eligibility from two months before the service month to its 25th.
        let mut planted_after_loss = false;
        if let Some(l) = loss {
            let window = service.prev().prev().first_day()..=add_days(first, 24);
            if window.contains(&l) && rng.chance(350) {
                planted_after_loss = true;
                let from = if l < first { 1 } else { l.day() };
                let clinic = pick_index(rng, pools.clinics);
                out.push(PlannedReceipt {
                    patient: p.key.clone(),
                    insured: p.key.clone(),
                    institution: clinic,
                    prescriber: None,
                    inpatient: false,
                    days: visit_days(rng, from, last_day, 2),
                    points: rng.between(150, 900),
                    dialysis: false,
                    total_cost: Yen::ZERO,
                    patient_charge: Yen::ZERO,
                });
                planted.visit_after_loss.insert(p.key.clone());
            }
        }
        for (person, s, e) in persons {
            if planted_after_loss && person == &p.key {
                // Their other receipts would add institutions to the planted case.
                continue;
            }
            let (sd, ed) = (s.day(), e.day());
            let roll = rng.below(1000);
            if roll < 4 {
                // Dialysis: an outpatient hospital patient three times a week.
                let hospital = pick_index(rng, pools.hospitals);
                let days: Vec<u32> = (sd..=ed)
                    .filter(|d| d % 7 == 1 || d % 7 == 3 || d % 7 == 5)
                    .collect();
                if days.is_empty() {
                    continue;
                }
                out.push(PlannedReceipt {
                    patient: person.clone(),
                    insured: p.key.clone(),
                    institution: hospital,
                    prescriber: None,
                    inpatient: false,
                    points: 2_000 * i64::try_from(days.len()).unwrap_or(1),
                    days,
                    dialysis: true,
                    total_cost: Yen::ZERO,
                    patient_charge: Yen::ZERO,
                });
                planted.dialysis.insert(person.clone());
            } else if roll < 12 && ed >= sd + 6 {
                // A hospital stay of a week or more: 高額療養費.
                let hospital = pick_index(rng, pools.hospitals);
                let from =
                    u32::try_from(rng.between(i64::from(sd), i64::from(ed - 6))).unwrap_or(sd);
                let to =
                    u32::try_from(rng.between(i64::from(from + 6), i64::from(ed))).unwrap_or(ed);
                out.push(PlannedReceipt {
                    patient: person.clone(),
                    insured: p.key.clone(),
                    institution: hospital,
                    prescriber: None,
                    inpatient: true,
                    days: (from..=to).collect(),
                    points: rng.between(50_000, 160_000),
                    dialysis: false,
                    total_cost: Yen::ZERO,
                    patient_charge: Yen::ZERO,
                });
                planted.high_cost.insert(person.clone());
            } else if roll < 17 {
                // Planted 重複受診: several clinics in the month.
                let mut chosen = BTreeSet::new();
                while chosen.len() < PLANTED_INSTITUTIONS.min(pools.clinics.len()) {
                    chosen.insert(pick_index(rng, pools.clinics));
                }
                for clinic in chosen {
                    out.push(PlannedReceipt {
                        patient: person.clone(),
                        insured: p.key.clone(),
                        institution: clinic,
                        prescriber: None,
                        inpatient: false,
                        days: visit_days(rng, sd, ed, 1),
                        points: rng.between(120, 600),
                        dialysis: false,
                        total_cost: Yen::ZERO,
                        patient_charge: Yen::ZERO,
                    });
                }
                planted.multi_clinic.insert(person.clone());
            } else if roll < 330 {
                // Ordinary: one clinic (sometimes two), a prescription now and then, a dentist.
                // At most ORDINARY_MAX_INSTITUTIONS medical and dental institutions together,
                // and at most one pharmacy receipt, so that no C5 or duplicate case is made
                // by chance: only the planted ones exist.
                let dentist = rng.chance(150);
                let visits = if !dentist && rng.chance(120) {
                    ORDINARY_MAX_INSTITUTIONS
                } else {
                    1
                };
                let mut prescribed = false;
                let mut chosen = BTreeSet::new();
                while chosen.len() < visits.min(pools.clinics.len()) {
                    chosen.insert(pick_index(rng, pools.clinics));
                }
                for clinic in chosen {
                    let count = usize::try_from(rng.between(1, 3)).unwrap_or(1);
                    let days = visit_days(rng, sd, ed, count);
                    if !prescribed && rng.chance(550) {
                        prescribed = true;
                        out.push(PlannedReceipt {
                            patient: person.clone(),
                            insured: p.key.clone(),
                            institution: pick_index(rng, pools.pharmacies),
                            prescriber: Some(clinic),
                            inpatient: false,
                            days: days.clone(),
                            points: rng.between(80, 1_500),
                            dialysis: false,
                            total_cost: Yen::ZERO,
                            patient_charge: Yen::ZERO,
                        });
                    }
                    out.push(PlannedReceipt {
                        patient: person.clone(),
                        insured: p.key.clone(),
                        institution: clinic,
                        prescriber: None,
                        inpatient: false,
                        days,
                        points: rng.between(100, 1_200),
                        dialysis: false,
                        total_cost: Yen::ZERO,
                        patient_charge: Yen::ZERO,
                    });
                }
                if dentist {
                    out.push(PlannedReceipt {
                        patient: person.clone(),
                        insured: p.key.clone(),
                        institution: pick_index(rng, pools.dentals),
                        prescriber: None,
                        inpatient: false,
                        days: visit_days(rng, sd, ed, 2),
                        points: rng.between(200, 1_500),
                        dialysis: false,
                        total_cost: Yen::ZERO,
                        patient_charge: Yen::ZERO,
                    });
                }
            }
        }
    }
    let mut standards: std::collections::BTreeMap<MemberKey, Option<Yen>> =
        std::collections::BTreeMap::new();
    for r in &mut out {
        r.total_cost = Yen::new(r.points.saturating_mul(10));
        let Some(plan) = by_key.get(&r.insured).and_then(|&i| insured.get(i)) else {
            continue;
        };
        let birth = if r.patient == plan.key {
            plan.identity.birth_date
        } else {
            plan.dependants
                .iter()
                .find(|d| d.key == r.patient)
                .map_or(plan.identity.birth_date, |d| d.identity.birth_date)
        };
        let standard = *standards.entry(r.insured.clone()).or_insert_with(|| {
            super::job::grade_in(plan, service)
                .ok()
                .flatten()
                .map(|g| g.standard_monthly)
        });
        let tenths = copay_tenths(birth, service, standard);
        let share = r.total_cost.to_decimal() * rust_decimal::Decimal::new(tenths, 1);
        let mut charge = rounding::half_up_to_10_yen(share);
        if r.dialysis && charge > DIALYSIS_WINDOW_LIMIT {
            charge = DIALYSIS_WINDOW_LIMIT;
        }
        r.patient_charge = charge;
    }
    out
}
