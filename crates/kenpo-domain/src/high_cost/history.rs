//! 多数回該当: the benefit history that lowers the limit from the 4th paid month.
//!
//! Rule (健康保険法施行令 第42条1項ただし書: 「当該療養のあつた月以前の十二月以内に既に高額療養費が支給され
//! ている月数が三月以上ある場合」): if 高額療養費 was **already** paid for 3 or more earlier months
//! within the 12 months ending with the treatment month (i.e. months `m−11 … m−1`), the month
//! uses the flat 多数回 amount. The count is per household (the insured person and dependants
//! in this society): a change of insurer or a move between 被保険者 and 被扶養者 restarts it, which
//! the input expresses with the household key of each paid month and `spell_start`, the first
//! month of the current insurer-and-status spell. Months whose only payment was the 70–74
//! individual outpatient step (外来のみ) do not count (協会けんぽ wording, docs/SOURCES.md §3.5).
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::high_cost::{BenefitHistory, PaidMonth};
//! use kenpo_domain::identifiers::MemberKey;
//!
//! let household = MemberKey::parse("1234", "567", "00").unwrap();
//! let ym = |m| YearMonth::new(2026, m).unwrap();
//! let history = BenefitHistory {
//!     spell_start: None,
//!     paid: [1, 2, 3]
//!         .into_iter()
//!         .map(|m| PaidMonth { month: ym(m), household: household.clone(), outpatient_only: false })
//!         .collect(),
//! };
//! // Paid in January–March: March is the 3rd paid month, April the 4th (多数回該当).
//! assert!(!history.is_many_times(&household, ym(3)));
//! assert!(history.is_many_times(&household, ym(4)));
//! ```

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;

use crate::identifiers::MemberKey;

/// One month in which 高額療養費 was paid to the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaidMonth {
    /// Treatment month the benefit was paid for.
    pub month: YearMonth,
    /// The household it was paid in, identified by the insured person (被保険者).
    pub household: MemberKey,
    /// `true` when the only payment was the 70–74 individual outpatient step (外来 個人単位);
    /// such months do not count toward 多数回該当.
    #[serde(default)]
    pub outpatient_only: bool,
}

/// The 高額療養費 history of a household, as the input of 多数回該当.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitHistory {
    /// The first month of the current insurer-and-status spell (資格取得 in this society, or the
    /// move between insured and dependant); earlier months do not count. `None`: no restart.
    #[serde(default)]
    pub spell_start: Option<YearMonth>,
    /// Paid months, in any order; duplicates are counted once.
    #[serde(default)]
    pub paid: Vec<PaidMonth>,
}

/// How many earlier paid months make a month 多数回該当 (「三月以上」).
pub const MANY_TIMES_EARLIER_MONTHS: usize = 3;

/// How many months the window spans, ending with the treatment month (「十二月以内」).
pub const MANY_TIMES_WINDOW_MONTHS: i32 = 12;

impl BenefitHistory {
    /// The earlier months that count toward 多数回該当 for `household` in treatment month
    /// `month`, oldest first.
    pub fn counted_months(&self, household: &MemberKey, month: YearMonth) -> Vec<YearMonth> {
        let mut months: Vec<YearMonth> = self
            .paid
            .iter()
            .filter(|p| {
                let back = p.month.months_until(month);
                &p.household == household
                    && !p.outpatient_only
                    && (1..MANY_TIMES_WINDOW_MONTHS).contains(&back)
                    && self.spell_start.is_none_or(|s| p.month >= s)
            })
            .map(|p| p.month)
            .collect();
        months.sort();
        months.dedup();
        months
    }

    /// `true` when `month` is 多数回該当 for `household`.
    pub fn is_many_times(&self, household: &MemberKey, month: YearMonth) -> bool {
        self.counted_months(household, month).len() >= MANY_TIMES_EARLIER_MONTHS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::high_cost::test_support::key;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn paid(h: &MemberKey, months: &[(i32, u32)]) -> Vec<PaidMonth> {
        months
            .iter()
            .map(|&(y, m)| PaidMonth {
                month: ym(y, m),
                household: h.clone(),
                outpatient_only: false,
            })
            .collect()
    }

    /// 令42条1項ただし書: the 4th paid month within 12 is 多数回, the 3rd is not.
    #[test]
    fn fourth_month_not_third() {
        let h = key("H");
        let history = BenefitHistory {
            spell_start: None,
            paid: paid(&h, &[(2026, 1), (2026, 2), (2026, 3)]),
        };
        assert!(!history.is_many_times(&h, ym(2026, 3)));
        assert!(history.is_many_times(&h, ym(2026, 4)));
        // The window is the 12 months ending with the treatment month: January 2026 is still
        // inside for December 2026, no longer for January 2027.
        assert!(history.is_many_times(&h, ym(2026, 12)));
        assert!(!history.is_many_times(&h, ym(2027, 1)));
    }

    #[test]
    fn restarts_and_outpatient_only() {
        let h = key("H");
        let other = key("O");
        let mut history = BenefitHistory {
            spell_start: Some(ym(2026, 2)),
            paid: paid(&h, &[(2026, 1), (2026, 2), (2026, 3)]),
        };
        assert!(!history.is_many_times(&h, ym(2026, 4)));
        history.spell_start = None;
        assert!(!history.is_many_times(&other, ym(2026, 4)));
        history.paid[0].outpatient_only = true;
        assert!(!history.is_many_times(&h, ym(2026, 4)));
    }
}
