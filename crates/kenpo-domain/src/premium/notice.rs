//! The employer's monthly premium notice (納入告知, 健康保険法 第161条, 第164条):
//! the sum of its persons' premiums for one month, the fraction below one yen dropped.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{PartKind, PremiumBase, PremiumBreakdown, PremiumError};
use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::identifiers::OfficeCode;
use crate::money::Yen;
use crate::rounding;

/// The total of one part over the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePart {
    /// The part.
    pub kind: PartKind,
    /// The exact sum of the persons' amounts of the part.
    pub amount: Decimal,
}

/// An employer's monthly premium notice (保険料納入告知): what the office pays the society for one
/// premium month, monthly and bonus premiums together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerNotice {
    /// The office (事業所) the notice is for.
    pub office: OfficeCode,
    /// The premium month.
    pub month: YearMonth,
    /// How many breakdowns (person-months and bonuses) were added.
    pub lines: usize,
    /// The exact sum of the monthly premiums.
    pub monthly_total: Decimal,
    /// The exact sum of the bonus premiums.
    pub bonus_total: Decimal,
    /// The sum per part, exact.
    pub parts: Vec<NoticePart>,
    /// The amount due: the sum of the persons' totals with the fraction below 1 yen dropped.
    pub total: Yen,
    /// The sum of the employee shares withheld.
    pub employee_total: Yen,
    /// What the employer bears: `total − employee_total`.
    pub employer_total: Yen,
    /// The steps.
    pub explanation: Explanation,
}

impl EmployerNotice {
    /// Builds the notice of `office` for `month` from the breakdowns of the office's persons for
    /// that month (monthly premiums of charged months, and bonus premiums of charged bonuses paid
    /// in it).
    pub fn from_breakdowns(
        office: OfficeCode,
        month: YearMonth,
        breakdowns: &[PremiumBreakdown],
    ) -> Result<EmployerNotice, PremiumError> {
        let mut sums = NoticeSums::default();
        for b in breakdowns {
            sums.add(b);
        }
        sums.notice(office, month)
    }
}

/// The sums of an office's notice, added one breakdown at a time: [`EmployerNotice::from_breakdowns`]
/// is these sums over a slice. A monthly run keeps one per office instead of every person's
/// breakdown until the office's last line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeSums {
    lines: usize,
    monthly_total: Decimal,
    bonus_total: Decimal,
    parts: Vec<NoticePart>,
    employee_total: Yen,
    first_month: Option<YearMonth>,
    other_month: Option<YearMonth>,
}

impl NoticeSums {
    /// Adds one person's breakdown (a monthly premium or a bonus premium).
    pub fn add(&mut self, b: &PremiumBreakdown) {
        self.lines += 1;
        let month = *self.first_month.get_or_insert(b.month);
        if b.month != month && self.other_month.is_none() {
            self.other_month = Some(b.month);
        }
        match b.base_kind {
            PremiumBase::Monthly => self.monthly_total += b.total,
            PremiumBase::Bonus => self.bonus_total += b.total,
        }
        for p in &b.parts {
            match self.parts.iter_mut().find(|n| n.kind == p.kind) {
                Some(n) => n.amount += p.amount,
                None => self.parts.push(NoticePart {
                    kind: p.kind,
                    amount: p.amount,
                }),
            }
        }
        self.employee_total += b.employee;
    }

    /// The notice of `office` for `month`.
    ///
    /// # Errors
    /// [`PremiumError::WrongMonth`] when a breakdown added is of another month (the first such).
    pub fn notice(
        self,
        office: OfficeCode,
        month: YearMonth,
    ) -> Result<EmployerNotice, PremiumError> {
        for found in [self.first_month, self.other_month].into_iter().flatten() {
            if found != month {
                return Err(PremiumError::WrongMonth { month, found });
            }
        }
        let monthly_total = self.monthly_total.normalize();
        let bonus_total = self.bonus_total.normalize();
        let mut parts = self.parts;
        parts.sort_by_key(|n| n.kind);
        for n in &mut parts {
            n.amount = n.amount.normalize();
        }
        let employee_total = self.employee_total;
        let lines = self.lines;
        let exact = (monthly_total + bonus_total).normalize();
        let total = rounding::floor_to_yen(exact);
        let employer_total = total - employee_total;
        let mut e = Explanation::new("premium.employer_notice", "健康保険法 第161条, 第164条");
        e.step(
            "persons' totals",
            format_args!(
                "{} lines: monthly {monthly_total} + bonus {bonus_total} = {exact}",
                lines
            ),
        );
        e.step(
            "amount due",
            format_args!("{exact} → {total} (fraction below 1 yen dropped)"),
        );
        e.step(
            "shares",
            format_args!("employees {employee_total} withheld; employer {employer_total}"),
        );
        Ok(EmployerNotice {
            office,
            month,
            lines,
            monthly_total,
            bonus_total,
            parts,
            total,
            employee_total,
            employer_total,
            explanation: e,
        })
    }
}
