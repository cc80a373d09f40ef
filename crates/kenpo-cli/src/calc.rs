//! `kenpo calc`: one-off figures through the library's public API, each returned as a plain
//! serialisable struct whose field names are the `--json` output (documented on each struct and
//! in `kenpo calc --help`).
//!
//! Money that the rule keeps exact (premium parts, the employer share, an average) is written as
//! a decimal **string** (`"14047.5"`), whole yen as a JSON **number**. No float is ever used.
//!
//! ```
//! use kenpo_cli::calc;
//! use kenpo_domain::Yen;
//!
//! let out = calc::grade(Yen::new(305_000), None).unwrap();
//! assert_eq!((out.grade, out.standard_monthly), (22, 300_000));
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use kenpo_domain::age;
use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::checkup::result::{
    BloodDrawTiming, CheckupError, CheckupResult, Item, Medication,
};
use kenpo_domain::checkup::stratify::{stratify as checkup_stratify, GuidanceLevel};
use kenpo_domain::childbirth::{
    self, ChildbirthBenefitKind, ChildbirthClaim, ChildbirthOutcome, Gestation,
};
use kenpo_domain::explanation::Explanation;
use kenpo_domain::high_cost::{
    decide_month, AgeBand, AgeStatus, BenefitHistory, CareSetting, CategoryBasis, CostUnit,
    HighCostError, HighCostOptions, HouseholdMonth, MedicalBranch, MemberMonth, PaidMonth,
    Relation, TaxStatus,
};
use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
use kenpo_domain::person::Sex;
use kenpo_domain::premium::{monthly_premium, PartKind, PaymentMethod, PremiumSubject};
use kenpo_domain::sickness_allowance::{daily_amount, AverageBasis, StandardMonthly};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::{grade_table_for, Grade, HEALTH_GRADES};
use kenpo_domain::Yen;

use crate::error::CliError;

/// The sample society's configuration (見本健康保険組合, `examples/config/sample-society.toml`),
/// used when no `--config` is given.
pub const SAMPLE_SOCIETY_TOML: &str = include_str!("../../../examples/config/sample-society.toml");

/// The built-in sample society configuration.
pub fn sample_society() -> Result<SocietyConfig, CliError> {
    SocietyConfig::from_toml_str(SAMPLE_SOCIETY_TOML)
        .map_err(|e| CliError::file("examples/config/sample-society.toml", e))
}

/// Reads a society configuration (TOML, or JSON when the file name ends in `.json`), or the
/// sample society when `path` is `None`. Errors name the file and the key.
pub fn load_config(path: Option<&Path>) -> Result<SocietyConfig, CliError> {
    let Some(path) = path else {
        return sample_society();
    };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        SocietyConfig::from_json_str(&text)
    } else {
        SocietyConfig::from_toml_str(&text)
    };
    parsed.map_err(|e| CliError::file(path, e))
}

/// `kenpo calc grade --json`: the grade (等級) of a monthly remuneration (報酬月額),
/// 健康保険法 第40条.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeOutput {
    /// The 報酬月額 given (`--monthly-pay`).
    pub monthly_pay: i64,
    /// The grade number, 1–50.
    pub grade: u8,
    /// The 標準報酬月額 of the grade.
    pub standard_monthly: i64,
    /// The lowest 報酬月額 of the grade (`null` for grade 1).
    pub lower: Option<i64>,
    /// The 報酬月額 from which the next grade starts (`null` for the top grade).
    pub upper: Option<i64>,
    /// The day the grade table took effect.
    pub table_effective_from: NaiveDate,
    /// The table's legal source.
    pub source: &'static str,
}

/// The grade of `monthly_pay` in the table in force in `month` (the current table when `None`).
pub fn grade(monthly_pay: Yen, month: Option<YearMonth>) -> Result<GradeOutput, CliError> {
    if monthly_pay.is_negative() {
        return Err(CliError::flag("--monthly-pay", "must not be negative"));
    }
    let table = match month {
        Some(m) => grade_table_for(m).map_err(|e| CliError::flag("--month", e))?,
        None => &HEALTH_GRADES,
    };
    let g = table.grade_for(monthly_pay);
    let row = g.row();
    Ok(GradeOutput {
        monthly_pay: monthly_pay.get(),
        grade: g.number,
        standard_monthly: g.standard_monthly.get(),
        lower: row.and_then(|r| r.lower).map(Yen::get),
        upper: row.and_then(|r| r.upper).map(Yen::get),
        table_effective_from: table.effective_from,
        source: table.source,
    })
}

/// `kenpo calc premium --json`: one month's premium (月額保険料) of one insured person,
/// 健康保険法 第156条, 第160条, 第161条.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PremiumOutput {
    /// The society whose rates were used.
    pub society: String,
    /// The premium month (`YYYY-MM`).
    pub month: YearMonth,
    /// The 標準報酬月額.
    pub standard_monthly: i64,
    /// Its grade number.
    pub grade: u8,
    /// 一般保険料 (exact, decimal string).
    pub general: Option<String>,
    /// 調整保険料 (exact, decimal string).
    pub adjustment: Option<String>,
    /// 介護保険料 (exact, decimal string), `null` when not charged.
    pub care: Option<String>,
    /// Why 介護保険料 is charged: `category2` or `specified_insured`, `null` when not.
    pub care_reason: Option<String>,
    /// 子ども・子育て支援金 (exact, decimal string), `null` before April 2026.
    pub support: Option<String>,
    /// The total premium (exact, decimal string).
    pub total: String,
    /// The employee share (被保険者負担分), whole yen after the 50-銭 rule.
    pub employee: i64,
    /// The employer share (事業主負担分), exact (decimal string): the notice drops the fraction.
    pub employer: String,
    /// Each step of the computation.
    pub explanation: Explanation,
}

/// The monthly premium on `standard_monthly` for `month` of a person born on `birth`.
pub fn premium(
    config: &SocietyConfig,
    standard_monthly: Yen,
    month: YearMonth,
    birth: NaiveDate,
    payment: PaymentMethod,
) -> Result<PremiumOutput, CliError> {
    let grade = Grade::from_standard_monthly(standard_monthly)
        .map_err(|e| CliError::flag("--standard-monthly", e))?;
    if birth > month.last_day() {
        return Err(CliError::flag("--birth", "is after the premium month"));
    }
    let subject = PremiumSubject::new(birth, payment);
    let p = monthly_premium(config, month, grade, &subject)
        .map_err(|e| CliError::flag("--month", e))?;
    let part = |k: PartKind| p.part(k).map(|x| x.amount.normalize().to_string());
    Ok(PremiumOutput {
        society: config.name.clone(),
        month,
        standard_monthly: standard_monthly.get(),
        grade: grade.number,
        general: part(PartKind::General),
        adjustment: part(PartKind::Adjustment),
        care: part(PartKind::Care),
        care_reason: p.care.map(|c| {
            serde_json::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        support: part(PartKind::Support),
        total: p.total.normalize().to_string(),
        employee: p.employee.get(),
        employer: p.employer.normalize().to_string(),
        explanation: p.explanation,
    })
}

/// `kenpo calc sickness --json`: the daily amount of 傷病手当金, 健康保険法 第99条2項.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SicknessOutput {
    /// The first payment day (支給開始日).
    pub first_day: NaiveDate,
    /// The months the standards were given for, oldest first, ending with the month of
    /// `first_day`.
    pub months: Vec<YearMonth>,
    /// Which average was used: `twelve_months`, `own_shorter_average` or `fallback`.
    pub basis: String,
    /// The monthly average used (exact, decimal string).
    pub average: String,
    /// 標準報酬日額: the average ÷ 30 rounded to 10 yen.
    pub daily_standard: i64,
    /// The allowance per day: 標準報酬日額 × 2/3 rounded to 1 yen.
    pub daily: i64,
    /// Each step.
    pub explanation: Explanation,
}

/// The daily amount for a first payment day `first_day`, from the member's 標準報酬月額 of the
/// months up to and including the month of `first_day` (oldest first). Members with fewer than
/// 12 months get the lower of their own average and the society's fallback amount.
pub fn sickness(
    config: &SocietyConfig,
    standards: &[Yen],
    first_day: NaiveDate,
) -> Result<SicknessOutput, CliError> {
    const FLAG: &str = "--monthly-standards";
    if standards.is_empty() {
        return Err(CliError::flag(FLAG, "give at least one amount"));
    }
    let last = YearMonth::of(first_day);
    let count =
        i32::try_from(standards.len()).map_err(|_| CliError::flag(FLAG, "too many amounts"))?;
    let first = last.add_months(1 - count);
    let mut history = Vec::with_capacity(standards.len());
    for (i, amount) in standards.iter().enumerate() {
        Grade::from_standard_monthly(*amount)
            .map_err(|e| CliError::flag(FLAG, format!("entry {}: {e}", i + 1)))?;
        let offset = i32::try_from(i).map_err(|_| CliError::flag(FLAG, "too many amounts"))?;
        history.push(StandardMonthly {
            month: first.add_months(offset),
            amount: *amount,
        });
    }
    let mut table = config.sickness_fallback_averages();
    if table.is_empty() {
        table = kenpo_domain::sickness_allowance::KYOKAI_KENPO_FALLBACK.to_vec();
    }
    let d = daily_amount(&history, first_day, &table).map_err(|e| CliError::flag(FLAG, e))?;
    let basis = match d.basis {
        AverageBasis::TwelveMonths => "twelve_months",
        AverageBasis::OwnShorterAverage { .. } => "own_shorter_average",
        AverageBasis::Fallback { .. } => "fallback",
        _ => "other",
    };
    Ok(SicknessOutput {
        first_day,
        months: history.iter().map(|h| h.month).collect(),
        basis: basis.to_owned(),
        average: d.average.normalize().to_string(),
        daily_standard: d.standard_daily.get(),
        daily: d.amount.get(),
        explanation: d.explanation,
    })
}

/// `kenpo calc childbirth --json`: 出産育児一時金, 健康保険法 第101条, 施行令 第36条.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildbirthOutput {
    /// The birth date.
    pub birth_date: NaiveDate,
    /// Babies born.
    pub babies: u32,
    /// The amount per baby (0 when not paid).
    pub per_baby: i64,
    /// The total amount (0 when not paid).
    pub amount: i64,
    /// `null` when paid, else why not (`Under85Days`, ...).
    pub not_payable: Option<String>,
    /// Each step.
    pub explanation: Explanation,
}

/// The lump sum for a birth on `birth_date` of `babies` babies after `weeks` weeks of pregnancy,
/// at a facility in the obstetric compensation scheme unless `outside_scheme`.
pub fn childbirth(
    birth_date: NaiveDate,
    babies: u32,
    weeks: u32,
    outside_scheme: bool,
) -> Result<ChildbirthOutput, CliError> {
    let gestation = Gestation::new(weeks, 0).map_err(|e| CliError::flag("--weeks", e))?;
    let claim = ChildbirthClaim {
        kind: ChildbirthBenefitKind::Insured,
        birth_date,
        gestation,
        babies,
        in_compensation_scheme: !outside_scheme,
        direct_payment_charge: None,
        loss_of_eligibility: None,
    };
    let flag_of = |e: &childbirth::ChildbirthError| match e {
        childbirth::ChildbirthError::InvalidBabies { .. } => "--babies",
        childbirth::ChildbirthError::InvalidGestation { .. } => "--weeks",
        _ => "--birth-date",
    };
    let d = childbirth::decide(&claim).map_err(|e| CliError::flag(flag_of(&e), e))?;
    let (per_baby, amount, not_payable) = match d.outcome {
        ChildbirthOutcome::Paid {
            per_baby, amount, ..
        } => (per_baby.get(), amount.get(), None),
        ChildbirthOutcome::NotPayable { reason } => (0, 0, Some(format!("{reason:?}"))),
        _ => (0, 0, Some("unknown outcome".to_owned())),
    };
    Ok(ChildbirthOutput {
        birth_date,
        babies,
        per_baby,
        amount,
        not_payable,
        explanation: d.explanation,
    })
}

/// `kenpo calc high-cost --json`: 高額療養費 for one person's one receipt in a treatment month
/// (健康保険法 第115条, 施行令 第41条・第42条), as a household of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HighCostOutput {
    /// The treatment month.
    pub treatment_month: YearMonth,
    /// `under_70` or `70_74`.
    pub age_band: &'static str,
    /// The income category (所得区分): `ア`…`オ` under 70, `一般`, `現役並みI`… at 70–74.
    pub category: String,
    /// 多数回該当 applied.
    pub many_times: bool,
    /// The self-pay limit (自己負担限度額) for this 医療費: what the person would bear if the whole
    /// cost were charged; `null` when even the whole cost stays under the limit.
    pub limit: Option<i64>,
    /// The refund (高額療養費) for the co-payment given.
    pub refund: i64,
    /// The limit table version used.
    pub table: String,
    /// Each step.
    pub explanation: Explanation,
}

/// The inputs of `kenpo calc high-cost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HighCostInput {
    /// Treatment month.
    pub month: YearMonth,
    /// The patient's date of birth (for the age band).
    pub birth: NaiveDate,
    /// 標準報酬月額 of the insured person in the treatment month.
    pub standard_monthly: Yen,
    /// 医療費 (total cost, 10 yen per point).
    pub total_cost: Yen,
    /// The co-payment made at the window.
    pub copay: Yen,
    /// Three or more refunds in the previous 12 months (多数回該当).
    pub many_times: bool,
    /// The insured person is exempt from municipal tax (区分オ / 低所得).
    pub low_income: bool,
    /// Inpatient (入院) rather than outpatient.
    pub inpatient: bool,
}

/// Decides 高額療養費 for one receipt, as a household of one person.
pub fn high_cost(input: &HighCostInput) -> Result<HighCostOutput, CliError> {
    if input.copay > input.total_cost {
        return Err(CliError::flag("--copay", "is more than --total-cost"));
    }
    let age =
        AgeStatus::for_month(input.birth, input.month).map_err(|e| CliError::flag("--birth", e))?;
    let person = MemberKey::parse("1", "1", "00").map_err(|e| CliError::demo("high-cost", e))?;
    let institution =
        InstitutionCode::new("0110113719").map_err(|e| CliError::demo("high-cost", e))?;
    let household = |charge: Yen| HouseholdMonth {
        month: input.month,
        household: person.clone(),
        basis: CategoryBasis {
            standard_monthly: input.standard_monthly,
            tax_status: if input.low_income {
                TaxStatus::Exempt
            } else {
                TaxStatus::Taxed
            },
            reference_income_exemption: false,
        },
        members: vec![MemberMonth {
            person: person.clone(),
            relation: Relation::Insured,
            age,
        }],
        units: vec![CostUnit {
            person: person.clone(),
            month: input.month,
            institution: institution.clone(),
            setting: if input.inpatient {
                CareSetting::Inpatient
            } else {
                CareSetting::Outpatient
            },
            branch: MedicalBranch::Medical,
            total_cost: input.total_cost,
            patient_charge: charge,
            specified_disease: None,
        }],
    };
    let history = BenefitHistory {
        spell_start: None,
        paid: if input.many_times {
            (1..=3)
                .map(|back| PaidMonth {
                    month: input.month.add_months(-back),
                    household: person.clone(),
                    outpatient_only: false,
                })
                .collect()
        } else {
            Vec::new()
        },
    };
    let options = HighCostOptions::default();
    let flag_of = |e: &HighCostError| match e {
        HighCostError::NoTableForMonth { .. } => "--treatment-month",
        HighCostError::NegativeStandardMonthly | HighCostError::NoCategory => "--standard-monthly",
        HighCostError::NotInsuredInMonth { .. } => "--birth",
        _ => "--copay",
    };
    let decided = decide_month(&household(input.copay), &history, &options)
        .map_err(|e| CliError::flag(flag_of(&e), e))?;
    let whole = decide_month(&household(input.total_cost), &history, &options)
        .map_err(|e| CliError::flag(flag_of(&e), e))?;
    let limit = (whole.refund > Yen::ZERO).then(|| (input.total_cost - whole.refund).get());
    let elderly = age.band == AgeBand::Elderly;
    let category = match (elderly, decided.elderly_category) {
        (true, Some(c)) => c.label().to_owned(),
        _ => decided.under70_category.label().to_owned(),
    };
    Ok(HighCostOutput {
        treatment_month: input.month,
        age_band: if elderly { "70_74" } else { "under_70" },
        category,
        many_times: decided.many_times,
        limit,
        refund: decided.refund.get(),
        table: decided
            .elderly_table
            .filter(|_| elderly)
            .unwrap_or(decided.under70_table),
        explanation: decided.explanation,
    })
}

/// `kenpo calc stratify --json`: 特定保健指導の階層化 of one checkup result (特定健康診査及び特定保健指導の
/// 実施に関する基準 第4条, the MHLW program's four steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StratifyOutput {
    /// The fiscal year.
    pub fiscal_year: i32,
    /// The age reached by the end of the fiscal year (31 March).
    pub age: u32,
    /// `active` (積極的支援), `motivational` (動機付け支援), `information` (情報提供), or `null` when
    /// the values given do not decide it.
    pub level: Option<&'static str>,
    /// The level in Japanese.
    pub level_ja: Option<&'static str>,
    /// The levels still possible when undecided.
    pub possible_levels: Vec<&'static str>,
    /// Why: each step of the stratification (`label: detail`).
    pub reasons: Vec<String>,
}

/// One checkup's values for [`stratify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckupValues {
    /// 腹囲 (cm).
    pub waist: Option<rust_decimal::Decimal>,
    /// BMI.
    pub bmi: Option<rust_decimal::Decimal>,
    /// 収縮期血圧 (mmHg).
    pub sbp: Option<rust_decimal::Decimal>,
    /// 拡張期血圧 (mmHg).
    pub dbp: Option<rust_decimal::Decimal>,
    /// 中性脂肪 (mg/dL).
    pub tg: Option<rust_decimal::Decimal>,
    /// HDL コレステロール (mg/dL).
    pub hdl: Option<rust_decimal::Decimal>,
    /// 血糖 (mg/dL).
    pub glucose: Option<rust_decimal::Decimal>,
    /// HbA1c (%).
    pub hba1c: Option<rust_decimal::Decimal>,
    /// The blood was drawn fasting (`Some(true)`), non-fasting (`Some(false)`), or not said.
    pub fasting: Option<bool>,
    /// 喫煙.
    pub smoker: bool,
    /// 服薬 (blood pressure, blood sugar or lipids).
    pub medication: bool,
}

fn level_code(level: GuidanceLevel) -> &'static str {
    match level {
        GuidanceLevel::Active => "active",
        GuidanceLevel::Motivational => "motivational",
        _ => "information",
    }
}

/// Stratifies one person's checkup of fiscal year `fiscal_year` (dated its first day).
pub fn stratify(
    sex: Sex,
    birth: NaiveDate,
    fiscal_year: i32,
    v: &CheckupValues,
) -> Result<StratifyOutput, CliError> {
    let fy = FiscalYear::new(fiscal_year);
    let date = fy.first_day();
    let age = age::age_at_fiscal_year_end(birth, fy)
        .ok_or_else(|| CliError::flag("--birth", "no age in that fiscal year"))?;
    let needs_timing = v.tg.is_some() || v.glucose.is_some();
    let fasting = match (needs_timing, v.fasting) {
        (true, None) => {
            let flag = if v.tg.is_some() { "--tg" } else { "--glucose" };
            return Err(CliError::flag(
                flag,
                "give --fasting or --non-fasting with it",
            ));
        }
        (_, f) => f.unwrap_or(true),
    };
    let mut r = CheckupResult::new(date, sex)
        .with_smoking(v.smoker)
        .with_medication(if v.medication {
            Medication {
                hypertension: Some(true),
                diabetes: Some(true),
                dyslipidaemia: Some(true),
            }
        } else {
            Medication::NONE
        });
    if needs_timing {
        r = r.with_blood_draw(if fasting {
            BloodDrawTiming::Fasting
        } else {
            BloodDrawTiming::NonFasting
        });
    }
    let items = [
        ("--waist", Item::Waist, v.waist),
        ("--bmi", Item::Bmi, v.bmi),
        ("--sbp", Item::SystolicBp, v.sbp),
        ("--dbp", Item::DiastolicBp, v.dbp),
        (
            "--tg",
            if fasting {
                Item::TriglyceridesFasting
            } else {
                Item::TriglyceridesNonFasting
            },
            v.tg,
        ),
        ("--hdl", Item::Hdl, v.hdl),
        (
            "--glucose",
            if fasting {
                Item::GlucoseFasting
            } else {
                Item::GlucoseNonFasting
            },
            v.glucose,
        ),
        ("--hba1c", Item::Hba1c, v.hba1c),
    ];
    for (flag, item, value) in items {
        if let Some(value) = value {
            r = r.with(item, value).map_err(|e| CliError::flag(flag, e))?;
        }
    }
    let s = checkup_stratify(&r, age).map_err(|e| match e {
        CheckupError::AgeOutsideTargetBand { .. } | CheckupError::NoAge => {
            CliError::flag("--birth", e)
        }
        _ => CliError::flag("--fiscal-year", e),
    })?;
    Ok(StratifyOutput {
        fiscal_year,
        age,
        level: s.level.map(level_code),
        level_ja: s.level.map(GuidanceLevel::japanese),
        possible_levels: s.possible_levels.iter().copied().map(level_code).collect(),
        reasons: s
            .explanation
            .steps()
            .iter()
            .map(|st| format!("{}: {}", st.label, st.detail))
            .collect(),
    })
}
