//! Premiums (保険料, [`kenpo_domain::premium`]): one person's monthly or bonus premium, a batch
//! of them, whether a month or a bonus carries a premium at all, and the employer's monthly
//! notice (納入告知). The operations are methods of [`Society`], whose rates they use.
use kenpo_domain::identifiers::OfficeCode;
use kenpo_domain::premium as domain;
use kenpo_domain::standard_remuneration::Grade as DomainGrade;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{count, KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::scalar::{Exact, PlainDate, PlainMonth};
use crate::society::{percent, Society};

mirror_enum! {
    /// How the employee pays the share, which sets the 50-銭 rounding (通貨の単位及び貨幣の発行等に
    /// 関する法律 第3条).
    pub enum PaymentMethod => domain::PaymentMethod {
        /// Withheld from wages (給与から控除): 50 銭 or less dropped, more than 50 銭 up.
        WageDeduction,
        /// Paid in cash (現金で支払う): below 50 銭 dropped, 50 銭 or more up.
        Cash,
    }
}

mirror_enum! {
    /// Why the 介護保険料 is charged.
    pub enum CareReason => domain::CareReason {
        /// 介護保険第2号被保険者 (40–64, 介護保険法 第9条2号).
        Category2,
        /// 特定被保険者 (健康保険法 附則第7条, by the 規約).
        SpecifiedInsured,
    }
}

mirror_enum! {
    /// A part of a premium (保険料の内訳).
    pub enum PartKind => domain::PartKind {
        /// 一般保険料 (健康保険法 第156条1項1号, 第160条).
        General,
        /// 調整保険料 (附則第2条).
        Adjustment,
        /// 介護保険料 (第156条1項1号).
        Care,
        /// 子ども・子育て支援金 (第160条の2).
        Support,
    }
}

mirror_enum! {
    /// Monthly premium or bonus premium.
    pub enum PremiumBase => domain::PremiumBase {
        /// On the 標準報酬月額 (健康保険法 第156条).
        Monthly,
        /// On a 標準賞与額 (第156条, 第45条).
        Bonus,
    }
}

mirror_enum! {
    /// The kind of leave that exempts premiums.
    pub enum LeaveKind => domain::LeaveKind {
        /// 産前産後休業 (法159条の3).
        Maternity,
        /// 育児休業等, including 出生時育児休業 (法159条).
        Childcare,
    }
}

/// The facts about one insured person a premium depends on. The birth dates are personal data:
/// they cross only as arguments and never appear in an error; no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumSubject {
    /// The insured person's date of birth (介護保険 第2号 is 40–64).
    pub birth_date: PlainDate,
    /// Dependants' dates of birth (for 特定被保険者, when the 規約 uses it).
    pub dependant_birth_dates: Vec<PlainDate>,
    /// `true` when exempt from 介護保険 (介護保険適用除外).
    pub care_exempt: bool,
    /// How the employee share is paid.
    pub payment: PaymentMethod,
}

impl From<&PremiumSubject> for domain::PremiumSubject {
    fn from(s: &PremiumSubject) -> Self {
        let mut subject = domain::PremiumSubject::new(s.birth_date.0, s.payment.into());
        subject.dependant_birth_dates = s.dependant_birth_dates.iter().map(|d| d.0).collect();
        subject.care_exempt = s.care_exempt;
        subject
    }
}

/// One person's monthly premium: `kenpo_monthly_premium` in C, `Society.monthlyPremium` in
/// Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonthlyPremiumRequest {
    /// The premium month (the rates in force then apply).
    pub month: PlainMonth,
    /// The 標準報酬月額: a grade's amount (健康保険法 第40条), yen.
    pub standard_monthly: i64,
    /// The person.
    pub subject: PremiumSubject,
    /// `true` to have the steps written out in `explanation`.
    pub explain: bool,
}

/// One person's bonus premium.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BonusPremiumRequest {
    /// The month the bonus was paid.
    pub month: PlainMonth,
    /// The 標準賞与額 (a multiple of 1,000 yen, see `standard_bonus`), yen.
    pub standard_bonus: i64,
    /// The person.
    pub subject: PremiumSubject,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// One line of a batch or of an employer notice: a monthly premium on a 標準報酬月額 or a bonus
/// premium on a 標準賞与額.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumLine {
    /// Monthly or bonus.
    pub base_kind: PremiumBase,
    /// The 標準報酬月額 (a grade's amount) or the 標準賞与額 (a multiple of 1,000 yen), yen.
    pub standard_amount: i64,
    /// The person.
    pub subject: PremiumSubject,
}

/// Many premiums of one month in one call.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumBatchRequest {
    /// The premium month.
    pub month: PlainMonth,
    /// The lines.
    pub lines: Vec<PremiumLine>,
    /// `true` to have every premium's steps written out (slower).
    pub explain: bool,
}

/// One part of a premium. Rates are in percent of the standard amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumPart {
    /// Which part.
    pub kind: PartKind,
    /// The rate, employee and employer together, percent.
    pub rate_percent: Exact,
    /// The employee's part of the rate, percent.
    pub employee_rate_percent: Exact,
    /// The exact amount of the part (standard × rate), fractions of a yen kept.
    pub amount: Exact,
    /// The exact employee part, before rounding.
    pub employee_exact: Exact,
    /// The employee part rounded on its own (for an itemised payslip; the share is rounded once
    /// on the combined rate, so these need not add up to it), yen.
    pub employee_rounded_alone: i64,
}

/// The premium of one person for one month or one bonus, part by part, with the shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumBreakdown {
    /// Monthly or bonus.
    pub base_kind: PremiumBase,
    /// The premium month (for a bonus, the month it was paid).
    pub month: PlainMonth,
    /// The standard amount the rates apply to (標準報酬月額 or 標準賞与額), yen.
    pub base: i64,
    /// The parts charged: 一般, 調整, 介護, 支援金.
    pub parts: Vec<PremiumPart>,
    /// Why 介護保険料 is charged, when it is.
    pub care: Option<CareReason>,
    /// The total premium, exact.
    pub total: Exact,
    /// The employee share (被保険者負担分), rounded by the 50-銭 rule, yen.
    pub employee: i64,
    /// The employer share (事業主負担分), exact (its fraction is dropped on the notice).
    pub employer: Exact,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

impl TryFrom<&domain::PremiumBreakdown> for PremiumBreakdown {
    type Error = KenpoError;
    fn try_from(b: &domain::PremiumBreakdown) -> KenpoResult<Self> {
        let parts = b
            .parts
            .iter()
            .map(|p| {
                Ok(PremiumPart {
                    kind: p.kind.try_into()?,
                    rate_percent: percent(p.rate),
                    employee_rate_percent: percent(p.employee_rate),
                    amount: Exact(p.amount),
                    employee_exact: Exact(p.employee_exact),
                    employee_rounded_alone: p.employee_rounded_alone.get(),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(PremiumBreakdown {
            base_kind: b.base_kind.try_into()?,
            month: PlainMonth(b.month),
            base: b.base.get(),
            parts,
            care: b.care.map(CareReason::try_from).transpose()?,
            total: Exact(b.total),
            employee: b.employee.get(),
            employer: Exact(b.employer),
            explanation: explain::optional(&b.explanation),
        })
    }
}

/// The premiums of a batch, in input order (`None` where a line was refused), and the lines
/// refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumBatch {
    /// One answer per line.
    pub premiums: Vec<Option<PremiumBreakdown>>,
    /// The lines refused (the field names the line's field: `standard_amount`).
    pub rejected: Vec<Rejection>,
}

/// A person's period of eligibility at the society (資格取得日 and 資格喪失日).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Coverage {
    /// 資格取得日: the first day insured.
    pub acquired_on: PlainDate,
    /// 資格喪失日: the first day not insured (the day after leaving or death); `None` while
    /// insured. The 75th birthday is applied on top of it.
    pub lost_on: Option<PlainDate>,
}

/// A spell of leave, first and last day included.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Leave {
    /// Which leave.
    pub kind: LeaveKind,
    /// The first day of the leave.
    pub first_day: PlainDate,
    /// The last day of the leave.
    pub last_day: PlainDate,
    /// Days worked by agreement during a 出生時育児休業 (0–31).
    pub agreed_work_days: i32,
}

/// Whether a premium month carries a monthly premium.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonthChargeRequest {
    /// The person's eligibility.
    pub coverage: Coverage,
    /// The person's date of birth (the 75th birthday ends eligibility).
    pub birth_date: PlainDate,
    /// The leaves taken (産前産後休業, 育児休業等).
    pub leaves: Vec<Leave>,
    /// The premium month.
    pub month: PlainMonth,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Whether a bonus carries a premium.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BonusChargeRequest {
    /// The person's eligibility.
    pub coverage: Coverage,
    /// The person's date of birth (the 75th birthday ends eligibility).
    pub birth_date: PlainDate,
    /// The leaves taken (産前産後休業, 育児休業等).
    pub leaves: Vec<Leave>,
    /// The day the bonus was paid.
    pub paid_on: PlainDate,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Whether a month or a bonus carries a premium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Charge {
    /// A premium is due.
    Charged,
    /// The person is not insured in that month (before acquisition, the loss month, after).
    NotInsured,
    /// Exempt because of a leave.
    Exempt {
        /// The leave.
        leave: LeaveKind,
    },
}

/// A charge decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChargeDecision {
    /// The premium month.
    pub month: PlainMonth,
    /// The outcome.
    pub charge: Charge,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// The employer's notice of one office for one month.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EmployerNoticeRequest {
    /// The office (事業所記号).
    pub office: String,
    /// The premium month.
    pub month: PlainMonth,
    /// The office's charged person-months and bonuses of that month.
    pub lines: Vec<PremiumLine>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The total of one part over an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NoticePart {
    /// The part.
    pub kind: PartKind,
    /// The exact sum of the persons' amounts of the part.
    pub amount: Exact,
}

/// An employer's monthly premium notice (保険料納入告知, 健康保険法 第161条, 第164条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EmployerNotice {
    /// The office (事業所記号).
    pub office: String,
    /// The premium month.
    pub month: PlainMonth,
    /// How many lines (person-months and bonuses) were added.
    pub lines: i64,
    /// The exact sum of the monthly premiums.
    pub monthly_total: Exact,
    /// The exact sum of the bonus premiums.
    pub bonus_total: Exact,
    /// The sum per part, exact.
    pub parts: Vec<NoticePart>,
    /// The amount due: the sum of the totals with the fraction below 1 yen dropped, yen.
    pub total: i64,
    /// The sum of the employee shares withheld, yen.
    pub employee_total: i64,
    /// What the employer bears: `total − employee_total`, yen.
    pub employer_total: i64,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn grade(standard_monthly: i64, field: &str) -> KenpoResult<DomainGrade> {
    DomainGrade::from_standard_monthly(Yen::new(standard_monthly)).map_err(|_| {
        KenpoError::input(
            ResultCode::InvalidPremiumInput,
            field,
            "not the 標準報酬月額 of any grade (健康保険法 第40条)",
        )
    })
}

fn leave(l: &Leave, i: usize) -> KenpoResult<domain::Leave> {
    Ok(domain::Leave {
        kind: l.kind.into(),
        first_day: l.first_day.0,
        last_day: l.last_day.0,
        agreed_work_days: u8::try_from(l.agreed_work_days)
            .ok()
            .filter(|d| *d <= 31)
            .ok_or_else(|| {
                KenpoError::input(
                    ResultCode::InvalidPremiumInput,
                    format!("leaves[{i}].agreed_work_days"),
                    "not within 0–31",
                )
            })?,
    })
}

fn charge_decision(d: &domain::ChargeDecision) -> KenpoResult<ChargeDecision> {
    let charge = match d.charge {
        domain::Charge::Charged => Charge::Charged,
        domain::Charge::NotInsured => Charge::NotInsured,
        domain::Charge::Exempt { leave } => Charge::Exempt {
            leave: leave.try_into()?,
        },
        _ => return Err(KenpoError::internal("a Charge unknown to kenpo-api")),
    };
    Ok(ChargeDecision {
        month: PlainMonth(d.month),
        charge,
        explanation: explain::optional(&d.explanation),
    })
}

impl Society {
    fn breakdown(
        &self,
        month: PlainMonth,
        line: &PremiumLine,
        explain: bool,
    ) -> KenpoResult<domain::PremiumBreakdown> {
        let subject = domain::PremiumSubject::from(&line.subject);
        let mode = explain::mode(explain);
        match line.base_kind {
            PremiumBase::Monthly => Ok(domain::monthly_premium_with(
                self.config(),
                month.0,
                grade(line.standard_amount, "standard_amount")?,
                &subject,
                mode,
            )?),
            PremiumBase::Bonus => domain::bonus_premium_with(
                self.config(),
                month.0,
                Yen::new(line.standard_amount),
                &subject,
                mode,
            )
            .map_err(|e| KenpoError::from(e).within_field("standard_amount")),
        }
    }
}

impl KenpoError {
    /// Renames the field of an [`KenpoError::InvalidInput`] to `field` (a request field that
    /// feeds a domain argument of another name).
    fn within_field(self, field: &str) -> Self {
        match self {
            KenpoError::InvalidInput { code, detail, .. } => KenpoError::InvalidInput {
                code,
                field: field.to_owned(),
                detail,
            },
            other => other,
        }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// The monthly premium (月額保険料) of one person for a premium month, on a 標準報酬月額
    /// (健康保険法 第156条, 第160条, 第161条; the 50-銭 rule for the employee share).
    pub fn monthly_premium(&self, request: MonthlyPremiumRequest) -> KenpoResult<PremiumBreakdown> {
        let b = domain::monthly_premium_with(
            self.config(),
            request.month.0,
            grade(request.standard_monthly, "standard_monthly")?,
            &domain::PremiumSubject::from(&request.subject),
            explain::mode(request.explain),
        )?;
        PremiumBreakdown::try_from(&b)
    }

    /// The bonus premium (賞与保険料) on a 標準賞与額 paid in a month.
    pub fn bonus_premium(&self, request: BonusPremiumRequest) -> KenpoResult<PremiumBreakdown> {
        let b = domain::bonus_premium_with(
            self.config(),
            request.month.0,
            Yen::new(request.standard_bonus),
            &domain::PremiumSubject::from(&request.subject),
            explain::mode(request.explain),
        )?;
        PremiumBreakdown::try_from(&b)
    }

    /// The premiums of many lines of one month in one call, each answered on its own.
    pub fn premiums(&self, request: PremiumBatchRequest) -> PremiumBatch {
        let (premiums, rejected) = batch::run(&request.lines, |line| {
            self.breakdown(request.month, line, request.explain)
                .and_then(|b| PremiumBreakdown::try_from(&b))
        });
        PremiumBatch { premiums, rejected }
    }

    /// The employer's notice (納入告知) of an office for a month: the premiums of its lines
    /// added, the fraction below one yen dropped (健康保険法 第161条, 第164条). A refused line
    /// refuses the notice (a notice must be whole); the field names the line.
    pub fn employer_notice(&self, request: EmployerNoticeRequest) -> KenpoResult<EmployerNotice> {
        let office =
            OfficeCode::new(&request.office).map_err(|e| KenpoError::from(e).within("office"))?;
        let breakdowns = request
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                self.breakdown(request.month, line, false)
                    .map_err(|e| e.within(&format!("lines[{i}]")))
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let n = domain::EmployerNotice::from_breakdowns(office, request.month.0, &breakdowns)?;
        Ok(EmployerNotice {
            office: n.office.as_str().to_owned(),
            month: PlainMonth(n.month),
            lines: count(n.lines),
            monthly_total: Exact(n.monthly_total),
            bonus_total: Exact(n.bonus_total),
            parts: n
                .parts
                .iter()
                .map(|p| {
                    Ok(NoticePart {
                        kind: p.kind.try_into()?,
                        amount: Exact(p.amount),
                    })
                })
                .collect::<KenpoResult<Vec<_>>>()?,
            total: n.total.get(),
            employee_total: n.employee_total.get(),
            employer_total: n.employer_total.get(),
            explanation: request.explain.then(|| (&n.explanation).into()),
        })
    }
}

/// Whether the premium month carries a monthly premium (健康保険法 第156条3項: from
/// the month of acquisition to the month before the month of loss; 同月得喪; the 75th birthday;
/// 産前産後休業 and 育児休業等 exemptions, 第159条, 第159条の3).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn month_charge(request: MonthChargeRequest) -> KenpoResult<ChargeDecision> {
    let leaves = leaves(&request.leaves)?;
    let d = domain::month_charge_with(
        &coverage(&request.coverage),
        request.birth_date.0,
        &leaves,
        request.month.0,
        explain::mode(request.explain),
    )?;
    charge_decision(&d)
}

/// Whether a bonus carries a premium (not in the month of loss unless
/// 同月得喪; exempt by 産前産後休業, and by 育児休業等 lasting more than one month).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn bonus_charge(request: BonusChargeRequest) -> KenpoResult<ChargeDecision> {
    let leaves = leaves(&request.leaves)?;
    let d = domain::bonus_charge_with(
        &coverage(&request.coverage),
        request.birth_date.0,
        &leaves,
        request.paid_on.0,
        explain::mode(request.explain),
    )?;
    charge_decision(&d)
}

fn coverage(c: &Coverage) -> domain::Coverage {
    domain::Coverage {
        acquired_on: c.acquired_on.0,
        lost_on: c.lost_on.map(|d| d.0),
    }
}

fn leaves(leaves: &[Leave]) -> KenpoResult<Vec<domain::Leave>> {
    leaves
        .iter()
        .enumerate()
        .map(|(i, l)| leave(l, i))
        .collect()
}
