//! Income categories (所得区分) and the age status of a person in a treatment month.
//!
//! - Under 70: the insured person's 標準報酬月額 **of the treatment month** decides ア–エ
//!   (健康保険法施行令 第42条1項2–4号); 市町村民税非課税 (区分オ) overrides any 標準報酬月額.
//!   The boundaries are written as "at least": ア ≥ 830,000, イ ≥ 530,000, ウ ≥ 280,000, so a
//!   value between two grades (which the grade table never produces) falls in the lower one.
//! - 70–74: 現役並み when the **insured person is himself or herself 70–74** and has a
//!   標準報酬月額 ≥ 280,000, unless the 基準収入額適用申請 (income below 5,200,000 / 3,830,000, docs/SOURCES.md
//!   §4) was approved; 現役並み takes precedence over 低所得. Otherwise 低所得 II (insured
//!   非課税), 低所得 I (非課税 and all incomes nil) or 一般. The 70–74 dependants of an insured
//!   person under 70 are therefore never 現役並み (健康保険法施行令 第34条: the income test is made
//!   on a 被保険者 who is a 高齢受給者).
//! - Age: 高齢受給者 from [`crate::age::elderly_recipient_first_month`]; the person leaves kenpo
//!   on the 75th birthday ([`crate::age::late_elderly_transition_date`]), and in the month of
//!   that birthday the person's limits are halved (75歳到達月の特例) — unless the birthday is the
//!   1st, when the whole month already belongs to 後期高齢者医療 and the person has no kenpo
//!   treatment in it.
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::calendar::{date, YearMonth};
//! use kenpo_domain::high_cost::tables::under70_table;
//! use kenpo_domain::high_cost::{AgeBand, AgeStatus, CategoryBasis, PlannedTables, TaxStatus, Under70Category};
//! use kenpo_domain::Yen;
//!
//! let month = YearMonth::new(2026, 7).unwrap();
//! let table = under70_table(month, PlannedTables::Ignore).unwrap();
//! let basis = |standard: i64, tax_status| CategoryBasis {
//!     standard_monthly: Yen::new(standard),
//!     tax_status,
//!     reference_income_exemption: false,
//! };
//! assert_eq!(basis(280_000, TaxStatus::Taxed).under70_row(table).unwrap().category, Under70Category::U);
//! assert_eq!(basis(260_000, TaxStatus::Taxed).under70_row(table).unwrap().category, Under70Category::E);
//! // 区分オ overrides the 標準報酬月額.
//! assert_eq!(basis(830_000, TaxStatus::Exempt).under70_row(table).unwrap().category, Under70Category::O);
//!
//! // Born 1951-07-20: 75 on 2026-07-20, so July 2026 is the halving month; 70–74 band.
//! let s = AgeStatus::for_month(date(1951, 7, 20).unwrap(), month).unwrap();
//! assert_eq!(s.band, AgeBand::Elderly);
//! assert!(s.birthday_75_halving);
//! // Born on the 1st: the whole birthday month is already 後期高齢者医療.
//! assert!(AgeStatus::for_month(date(1951, 7, 1).unwrap(), month).is_err());
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::age;
use crate::calendar::YearMonth;
use crate::money::Yen;

use super::tables::{
    ElderlyCategory, ElderlyRow, ElderlyTable, Under70Category, Under70Row, Under70Table,
};
use super::HighCostError;

/// The insured person's municipal tax status (市町村民税の課税状況).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum TaxStatus {
    /// 課税: the ordinary case.
    #[default]
    Taxed,
    /// 市町村民税非課税 (区分オ under 70, 低所得 II at 70–74).
    Exempt,
    /// 非課税 and every income of the household nil (低所得 I at 70–74; 区分オ under 70).
    ExemptNoIncome,
}

/// What decides the household's income category: facts about the **insured person** (被保険者)
/// in the treatment month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryBasis {
    /// 標準報酬月額 of the treatment month.
    pub standard_monthly: Yen,
    /// Municipal tax status.
    #[serde(default)]
    pub tax_status: TaxStatus,
    /// 基準収入額適用申請 approved: a 70–74 insured person with 標準報酬月額 ≥ 280,000 is treated as
    /// 一般 (健康保険法施行令 第34条2項).
    #[serde(default)]
    pub reference_income_exemption: bool,
}

/// The threshold of 現役並み for 70–74 (標準報酬月額 28万円以上, 健康保険法施行令 第34条1項).
pub const ACTIVE_INCOME_THRESHOLD: Yen = Yen::new(280_000);

impl CategoryBasis {
    fn check(&self) -> Result<(), HighCostError> {
        if self.standard_monthly.is_negative() {
            return Err(HighCostError::NegativeStandardMonthly);
        }
        Ok(())
    }

    /// The under-70 row of `table` for this basis.
    ///
    /// # Errors
    /// [`HighCostError::NegativeStandardMonthly`]; [`HighCostError::NoCategory`] if the table has
    /// no matching row (not possible with the built-in tables).
    pub fn under70_row(
        &self,
        table: &'static Under70Table,
    ) -> Result<&'static Under70Row, HighCostError> {
        self.check()?;
        let exempt = matches!(
            self.tax_status,
            TaxStatus::Exempt | TaxStatus::ExemptNoIncome
        );
        table
            .rows
            .iter()
            .find(|r| {
                if exempt {
                    r.category == Under70Category::O
                } else {
                    r.category != Under70Category::O
                        && r.min_standard_monthly <= self.standard_monthly
                }
            })
            .ok_or(HighCostError::NoCategory)
    }

    /// The 70–74 row of `table` for this basis; `insured_is_elderly` says whether the insured
    /// person is a 高齢受給者 in the month (only then can the household be 現役並み).
    ///
    /// # Errors
    /// As [`CategoryBasis::under70_row`].
    pub fn elderly_row(
        &self,
        table: &'static ElderlyTable,
        insured_is_elderly: bool,
    ) -> Result<&'static ElderlyRow, HighCostError> {
        self.check()?;
        let active = insured_is_elderly
            && self.standard_monthly >= ACTIVE_INCOME_THRESHOLD
            && !self.reference_income_exemption;
        let wanted = |r: &&ElderlyRow| {
            if active {
                !r.category.has_outpatient_step() && r.min_standard_monthly <= self.standard_monthly
            } else {
                r.category
                    == match self.tax_status {
                        TaxStatus::Taxed => ElderlyCategory::General,
                        TaxStatus::Exempt => ElderlyCategory::LowIncomeII,
                        TaxStatus::ExemptNoIncome => ElderlyCategory::LowIncomeI,
                    }
            }
        };
        table
            .rows
            .iter()
            .find(wanted)
            .ok_or(HighCostError::NoCategory)
    }
}

/// Age band of a person in a treatment month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AgeBand {
    /// Under 70 (70歳未満).
    Under70,
    /// 高齢受給者 (70–74, from the month after the month of reaching 70).
    Elderly,
}

/// A person's status in a treatment month: age band and whether the 75th-birthday halving
/// applies. Built from the birth date with [`AgeStatus::for_month`] so that the high-cost
/// inputs never hold the birth date itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgeStatus {
    /// Age band.
    pub band: AgeBand,
    /// 75歳到達月の特例: the person's limits are halved this month.
    pub birthday_75_halving: bool,
}

impl AgeStatus {
    /// Under 70, no halving.
    pub const UNDER_70: AgeStatus = AgeStatus {
        band: AgeBand::Under70,
        birthday_75_halving: false,
    };

    /// 70–74, no halving.
    pub const ELDERLY: AgeStatus = AgeStatus {
        band: AgeBand::Elderly,
        birthday_75_halving: false,
    };

    /// The status of a person born on `birth` in treatment month `month`.
    ///
    /// # Errors
    /// [`HighCostError::NotInsuredInMonth`] when the person is 75 on the first day of `month`
    /// (the birthday month of someone born on the 1st, and every later month), or is born after
    /// `month`.
    pub fn for_month(birth: NaiveDate, month: YearMonth) -> Result<AgeStatus, HighCostError> {
        if birth > month.last_day() {
            return Err(HighCostError::NotInsuredInMonth { month });
        }
        let leaves = age::late_elderly_transition_date(birth)
            .ok_or(HighCostError::NotInsuredInMonth { month })?;
        if leaves <= month.first_day() {
            return Err(HighCostError::NotInsuredInMonth { month });
        }
        let halving = month.contains(leaves);
        let elderly = age::elderly_recipient_first_month(birth).is_some_and(|m| m <= month);
        Ok(AgeStatus {
            band: if elderly {
                AgeBand::Elderly
            } else {
                AgeBand::Under70
            },
            birthday_75_halving: halving,
        })
    }

    /// The status of a dependant born on `birth` in treatment month `month`, whose insured
    /// person was born on `insured_birth`: [`AgeStatus::for_month`], with the halving set when
    /// the insured person reaches 75 during the month (after its first day), as the dependant
    /// then leaves kenpo with them (令42条 75歳到達時特例; [`AgeStatus::with_insured_75_halving`]).
    ///
    /// # Errors
    /// As [`AgeStatus::for_month`] for the dependant's own birth date.
    pub fn for_dependant(
        birth: NaiveDate,
        insured_birth: NaiveDate,
        month: YearMonth,
    ) -> Result<AgeStatus, HighCostError> {
        let own = AgeStatus::for_month(birth, month)?;
        let insured_leaves = age::late_elderly_transition_date(insured_birth);
        Ok(match insured_leaves {
            Some(d) if month.contains(d) && d != month.first_day() => own.with_insured_75_halving(),
            _ => own,
        })
    }

    /// The same status with the halving set: for a dependant who loses kenpo because the
    /// insured person turned 75 in this month (令42条 75歳到達時特例, 協会けんぽ).
    pub fn with_insured_75_halving(self) -> AgeStatus {
        AgeStatus {
            birthday_75_halving: true,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;
    use crate::high_cost::tables::{elderly_table, under70_table, PlannedTables};

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn basis(standard: i64) -> CategoryBasis {
        CategoryBasis {
            standard_monthly: Yen::new(standard),
            tax_status: TaxStatus::Taxed,
            reference_income_exemption: false,
        }
    }

    /// 健康保険法施行令 第42条1項: category boundaries at adjacent grades of the 標準報酬月額 table
    /// (260,000 | 280,000, 500,000 | 530,000, 790,000 | 830,000).
    #[test]
    fn under70_category_boundaries() {
        for month in [ym(2026, 7), ym(2026, 8)] {
            let t = under70_table(month, PlannedTables::Ignore).unwrap();
            let cat = |s| basis(s).under70_row(t).unwrap().category;
            assert_eq!(cat(260_000), Under70Category::E);
            assert_eq!(cat(280_000), Under70Category::U);
            assert_eq!(cat(500_000), Under70Category::U);
            assert_eq!(cat(530_000), Under70Category::I);
            assert_eq!(cat(790_000), Under70Category::I);
            assert_eq!(cat(830_000), Under70Category::A);
            assert_eq!(cat(58_000), Under70Category::E);
            assert_eq!(cat(1_390_000), Under70Category::A);
        }
    }

    #[test]
    fn tax_exemption_overrides_standard_monthly_under_70() {
        let t = under70_table(ym(2026, 7), PlannedTables::Ignore).unwrap();
        let b = CategoryBasis {
            tax_status: TaxStatus::Exempt,
            ..basis(980_000)
        };
        assert_eq!(b.under70_row(t).unwrap().category, Under70Category::O);
        assert!(basis(-1).under70_row(t).is_err());
    }

    #[test]
    fn elderly_categories() {
        let t = elderly_table(ym(2026, 7), PlannedTables::Ignore).unwrap();
        let cat = |b: CategoryBasis, el| b.elderly_row(t, el).unwrap().category;
        assert_eq!(cat(basis(260_000), true), ElderlyCategory::General);
        assert_eq!(cat(basis(280_000), true), ElderlyCategory::ActiveI);
        assert_eq!(cat(basis(500_000), true), ElderlyCategory::ActiveI);
        assert_eq!(cat(basis(530_000), true), ElderlyCategory::ActiveII);
        assert_eq!(cat(basis(790_000), true), ElderlyCategory::ActiveII);
        assert_eq!(cat(basis(830_000), true), ElderlyCategory::ActiveIII);
        // Dependant of an insured person under 70: never 現役並み.
        assert_eq!(cat(basis(830_000), false), ElderlyCategory::General);
        let exempted = CategoryBasis {
            reference_income_exemption: true,
            ..basis(300_000)
        };
        assert_eq!(cat(exempted, true), ElderlyCategory::General);
        let low2 = CategoryBasis {
            tax_status: TaxStatus::Exempt,
            ..basis(200_000)
        };
        assert_eq!(cat(low2, true), ElderlyCategory::LowIncomeII);
        let low1 = CategoryBasis {
            tax_status: TaxStatus::ExemptNoIncome,
            ..basis(98_000)
        };
        assert_eq!(cat(low1, true), ElderlyCategory::LowIncomeI);
    }

    /// 協会けんぽ 75歳到達時特例: halving in the birthday month, except for someone born on the
    /// 1st (the whole month is 後期高齢者医療).
    #[test]
    fn birthday_75_month() {
        let born_2nd = date(1951, 8, 2).unwrap();
        assert_eq!(
            AgeStatus::for_month(born_2nd, ym(2026, 8)).unwrap(),
            AgeStatus {
                band: AgeBand::Elderly,
                birthday_75_halving: true
            }
        );
        assert_eq!(
            AgeStatus::for_month(born_2nd, ym(2026, 7)).unwrap(),
            AgeStatus::ELDERLY
        );
        assert!(AgeStatus::for_month(born_2nd, ym(2026, 9)).is_err());
        let born_1st = date(1951, 8, 1).unwrap();
        assert!(AgeStatus::for_month(born_1st, ym(2026, 8)).is_err());
        assert_eq!(
            AgeStatus::for_month(born_1st, ym(2026, 7)).unwrap(),
            AgeStatus::ELDERLY
        );
    }

    /// 健康保険法 第74条: 高齢受給者 from the month after reaching 70 (born on the 1st: that month).
    #[test]
    fn seventy_switch() {
        let born_2nd = date(1956, 5, 2).unwrap();
        assert_eq!(
            AgeStatus::for_month(born_2nd, ym(2026, 5)).unwrap(),
            AgeStatus::UNDER_70
        );
        assert_eq!(
            AgeStatus::for_month(born_2nd, ym(2026, 6)).unwrap(),
            AgeStatus::ELDERLY
        );
        let born_1st = date(1956, 5, 1).unwrap();
        assert_eq!(
            AgeStatus::for_month(born_1st, ym(2026, 4)).unwrap(),
            AgeStatus::UNDER_70
        );
        assert_eq!(
            AgeStatus::for_month(born_1st, ym(2026, 5)).unwrap(),
            AgeStatus::ELDERLY
        );
        assert!(AgeStatus::for_month(date(2027, 1, 1).unwrap(), ym(2026, 5)).is_err());
    }
}
