//! Premiums (保険料, [`kenpo_domain::premium`]) and the employer's monthly notice (納入告知) as
//! methods of [`SocietyConfig`], with a batch form for a list of persons.

use kenpo_domain::identifiers::OfficeCode;
use kenpo_domain::premium as domain;
use kenpo_domain::standard_remuneration::Grade as DomainGrade;

use crate::error::{count, KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::society::SocietyConfig;
use crate::types::{ExactDecimal, IsoDate, IsoMonth};
use kenpo_domain::money::Yen;

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

/// The facts about one insured person that a premium depends on. The birth dates are personal
/// data: they cross the FFI only as arguments and never appear in an error; no `Debug`.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct PremiumSubject {
    /// The insured person's date of birth (介護保険 第2号 is 40–64).
    pub birth_date: IsoDate,
    /// Dependants' dates of birth (for 特定被保険者, when the 規約 uses it).
    pub dependant_birth_dates: Vec<IsoDate>,
    /// `true` when exempt from 介護保険 (介護保険適用除外).
    pub care_exempt: bool,
    /// How the employee share is paid.
    pub payment: PaymentMethod,
}

impl From<&PremiumSubject> for domain::PremiumSubject {
    fn from(s: &PremiumSubject) -> Self {
        let mut subject = domain::PremiumSubject::new(s.birth_date, s.payment.into());
        subject
            .dependant_birth_dates
            .clone_from(&s.dependant_birth_dates);
        subject.care_exempt = s.care_exempt;
        subject
    }
}

/// One part of a premium. Rates are in percent of the standard amount.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PremiumPart {
    /// Which part.
    pub kind: PartKind,
    /// The rate, employee and employer together, percent.
    pub rate_percent: ExactDecimal,
    /// The employee's part of the rate, percent.
    pub employee_rate_percent: ExactDecimal,
    /// The exact amount of the part (standard × rate), fractions of a yen kept.
    pub amount: ExactDecimal,
    /// The exact employee part, before rounding.
    pub employee_exact: ExactDecimal,
    /// The employee part rounded on its own (for an itemised payslip; the share is rounded once
    /// on the combined rate, so these need not add up to it).
    pub employee_rounded_alone: Yen,
}

/// The premium of one person for one month or one bonus, part by part, with the shares.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PremiumBreakdown {
    /// Monthly or bonus.
    pub base_kind: PremiumBase,
    /// The premium month (for a bonus, the month it was paid).
    pub month: IsoMonth,
    /// The standard amount the rates apply to (標準報酬月額 or 標準賞与額).
    pub base: Yen,
    /// The parts charged: 一般, 調整, 介護, 支援金.
    pub parts: Vec<PremiumPart>,
    /// Why 介護保険料 is charged, when it is.
    pub care: Option<CareReason>,
    /// The total premium, exact.
    pub total: ExactDecimal,
    /// The employee share (被保険者負担分), rounded by the 50-銭 rule.
    pub employee: Yen,
    /// The employer share (事業主負担分), exact (its fraction is dropped on the notice).
    pub employer: ExactDecimal,
    /// The steps.
    pub explanation: Explanation,
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
                    rate_percent: p.rate.as_percent().normalize(),
                    employee_rate_percent: p.employee_rate.as_percent().normalize(),
                    amount: p.amount,
                    employee_exact: p.employee_exact,
                    employee_rounded_alone: p.employee_rounded_alone,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(PremiumBreakdown {
            base_kind: b.base_kind.try_into()?,
            month: b.month,
            base: b.base,
            parts,
            care: b.care.map(CareReason::try_from).transpose()?,
            total: b.total,
            employee: b.employee,
            employer: b.employer,
            explanation: (&b.explanation).into(),
        })
    }
}

/// One line of a batch: a monthly premium on a 標準報酬月額 or a bonus premium on a 標準賞与額.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct PremiumLine {
    /// Monthly or bonus.
    pub base_kind: PremiumBase,
    /// The 標準報酬月額 (a grade's amount) or the 標準賞与額 (a multiple of 1,000 yen).
    pub standard_amount: Yen,
    /// The person.
    pub subject: PremiumSubject,
}

/// The total of one part over an office.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticePart {
    /// The part.
    pub kind: PartKind,
    /// The exact sum of the persons' amounts of the part.
    pub amount: ExactDecimal,
}

/// An employer's monthly premium notice (保険料納入告知, 健康保険法 第161条, 第164条).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EmployerNotice {
    /// The office (事業所記号).
    pub office: String,
    /// The premium month.
    pub month: IsoMonth,
    /// How many lines (person-months and bonuses) were added.
    pub lines: i64,
    /// The exact sum of the monthly premiums.
    pub monthly_total: ExactDecimal,
    /// The exact sum of the bonus premiums.
    pub bonus_total: ExactDecimal,
    /// The sum per part, exact.
    pub parts: Vec<NoticePart>,
    /// The amount due: the sum of the totals with the fraction below 1 yen dropped.
    pub total: Yen,
    /// The sum of the employee shares withheld.
    pub employee_total: Yen,
    /// What the employer bears: `total − employee_total`.
    pub employer_total: Yen,
    /// The steps.
    pub explanation: Explanation,
}

impl SocietyConfig {
    fn breakdown(
        &self,
        month: IsoMonth,
        line: &PremiumLine,
    ) -> KenpoResult<domain::PremiumBreakdown> {
        let subject = domain::PremiumSubject::from(&line.subject);
        match line.base_kind {
            PremiumBase::Monthly => {
                let grade = DomainGrade::from_standard_monthly(line.standard_amount)
                    .map_err(|e| KenpoError::from(e).within("standard_amount"))?;
                Ok(domain::monthly_premium(
                    &self.inner,
                    month,
                    grade,
                    &subject,
                )?)
            }
            PremiumBase::Bonus => Ok(domain::bonus_premium(
                &self.inner,
                month,
                line.standard_amount,
                &subject,
            )
            .map_err(|e| match KenpoError::from(e) {
                KenpoError::InvalidArgument { detail, .. } => KenpoError::InvalidArgument {
                    field: "standard_amount".to_owned(),
                    detail,
                },
                other => other,
            })?),
        }
    }
}

#[uniffi::export]
impl SocietyConfig {
    /// The monthly premium (月額保険料) of one person for premium month `month` on the
    /// 標準報酬月額 `standard_monthly` (which must be a grade's amount, 健康保険法 第40条).
    pub fn monthly_premium(
        &self,
        month: IsoMonth,
        standard_monthly: Yen,
        subject: PremiumSubject,
    ) -> KenpoResult<PremiumBreakdown> {
        let line = PremiumLine {
            base_kind: PremiumBase::Monthly,
            standard_amount: standard_monthly,
            subject,
        };
        let b = self.breakdown(month, &line).map_err(|e| match e {
            KenpoError::InvalidArgument { detail, .. } => KenpoError::InvalidArgument {
                field: "standard_monthly".to_owned(),
                detail,
            },
            other => other,
        })?;
        PremiumBreakdown::try_from(&b)
    }

    /// The bonus premium (賞与保険料) on a 標準賞与額 paid in `month`.
    pub fn bonus_premium(
        &self,
        month: IsoMonth,
        standard_bonus: Yen,
        subject: PremiumSubject,
    ) -> KenpoResult<PremiumBreakdown> {
        let b = domain::bonus_premium(
            &self.inner,
            month,
            standard_bonus,
            &domain::PremiumSubject::from(&subject),
        )?;
        PremiumBreakdown::try_from(&b)
    }

    /// The premiums of many lines for one month in one call (the batch form of
    /// [`SocietyConfig::monthly_premium`] / [`SocietyConfig::bonus_premium`]), in input order.
    /// The first refused line fails the call; its field names the index (`lines[3].standard_amount`).
    pub fn premiums(
        &self,
        month: IsoMonth,
        lines: Vec<PremiumLine>,
    ) -> KenpoResult<Vec<PremiumBreakdown>> {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                self.breakdown(month, line)
                    .and_then(|b| PremiumBreakdown::try_from(&b))
                    .map_err(|e| e.within(&format!("lines[{i}]")))
            })
            .collect()
    }

    /// The employer's notice (納入告知) of `office` for `month`: the premiums of `lines` (the
    /// office's charged person-months and bonuses of that month) added, the fraction below one
    /// yen dropped (健康保険法 第161条, 第164条).
    pub fn employer_notice(
        &self,
        office: String,
        month: IsoMonth,
        lines: Vec<PremiumLine>,
    ) -> KenpoResult<EmployerNotice> {
        let office = OfficeCode::new(&office).map_err(|e| KenpoError::from(e).within("office"))?;
        let breakdowns = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                self.breakdown(month, line)
                    .map_err(|e| e.within(&format!("lines[{i}]")))
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let n = domain::EmployerNotice::from_breakdowns(office, month, &breakdowns)?;
        Ok(EmployerNotice {
            office: n.office.as_str().to_owned(),
            month: n.month,
            lines: count(n.lines),
            monthly_total: n.monthly_total,
            bonus_total: n.bonus_total,
            parts: n
                .parts
                .iter()
                .map(|p| {
                    Ok(NoticePart {
                        kind: p.kind.try_into()?,
                        amount: p.amount,
                    })
                })
                .collect::<KenpoResult<Vec<_>>>()?,
            total: n.total,
            employee_total: n.employee_total,
            employer_total: n.employer_total,
            explanation: (&n.explanation).into(),
        })
    }
}
