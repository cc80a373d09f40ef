//! The daily amount (1日当たりの金額) of 傷病手当金, 健康保険法 第99条2項; 出産手当金 uses the same
//! amount (第102条2項).

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::SicknessAllowanceError;
use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::money::Yen;
use crate::rounding;

/// The number of months averaged (「直近の継続した十二月間」, 健康保険法 第99条2項).
pub const AVERAGED_MONTHS: usize = 12;

/// The divisor from a monthly to a daily figure (「三十分の一」, 健康保険法 第99条2項).
pub const DAYS_PER_MONTH: i64 = 30;

/// The standard monthly remuneration (標準報酬月額) of one month in the current insurer's
/// records, as used for the 12-month average (健康保険法 第99条2項). Bonuses (標準賞与額) never
/// count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardMonthly {
    /// The month.
    pub month: YearMonth,
    /// 標準報酬月額 of that month.
    pub amount: Yen,
}

/// One dated value of the fallback standard monthly amount for members insured under 12 months
/// (健康保険法 第99条2項ただし書 第2号): the 標準報酬月額 obtained by putting the average of all the
/// insurer's members' 標準報酬月額 on 30 September of the previous fiscal year through the grade
/// table. Chosen by the first payment day (支給開始日).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FallbackAverage {
    /// The first 支給開始日 for which the value applies (it applies until the next entry).
    pub effective_from: NaiveDate,
    /// The fallback 標準報酬月額.
    pub amount: Yen,
    /// Where the figure was read, with any caveat.
    pub source: Cow<'static, str>,
}

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// 協会けんぽ's fallback standard monthly amount (傷病手当金・出産手当金, 健康保険法 第99条2項ただし書),
/// by first payment day. A 健康保険組合 sets its own figure from its own 30 September average and
/// passes its own table instead.
///
/// - from 2019-04-01: 300,000. The value is confirmed by diamond.jp articles of 2021-11 and
///   2023-10 \[2\] (an article of 2018 still gives 280,000); the start date 2019-04-01 is the
///   fiscal year of the change as 協会けんぽ's table lists it, not re-read.
/// - from 2025-04-01: 320,000 (`fiestared/keiri-tools` `docs/assets/shobyo_r08.json`, citing
///   <https://www.kyoukaikenpo.or.jp/benefit/injury_and_sickness_allowance/>, checked 2026-07-14 \[T\]).
/// - from 2026-04-01: 320,000, **derived**: the 2025-09-30 average of 318,100 is grade 23 →
///   320,000, the same figure 協会けんぽ gives as the FY2026 任意継続 ceiling; no 協会けんぽ sentence
///   states the FY2026 傷病手当金 figure directly (docs/SOURCES.md §11 item 9).
///
/// 支給開始日 before 2019-04-01 have no entry: pass a table that covers them.
pub static KYOKAI_KENPO_FALLBACK: &[FallbackAverage] = &[
    FallbackAverage {
        effective_from: day(2019, 4, 1),
        amount: Yen::new(300_000),
        source: Cow::Borrowed(
            "協会けんぽ 傷病手当金 page (table by 支給開始日), value confirmed by diamond.jp 2021-11 \
             and 2023-10 [2]; start date not re-read",
        ),
    },
    FallbackAverage {
        effective_from: day(2025, 4, 1),
        amount: Yen::new(320_000),
        source: Cow::Borrowed(
            "https://www.kyoukaikenpo.or.jp/benefit/injury_and_sickness_allowance/ via \
             fiestared/keiri-tools shobyo_r08.json (checked 2026-07-14) [T]",
        ),
    },
    FallbackAverage {
        effective_from: day(2026, 4, 1),
        amount: Yen::new(320_000),
        source: Cow::Borrowed(
            "derived: 協会けんぽ 2025-09-30 average 318,100 → grade 23 = 320,000 (FY2026 任意継続 \
             ceiling page); not stated for 傷病手当金 directly (docs/SOURCES.md §11 item 9)",
        ),
    },
];

/// The fallback entry in force on `first_payment_day`: the last entry whose `effective_from` is
/// on or before it. Entries may be in any order.
pub fn fallback_in_force(
    table: &[FallbackAverage],
    first_payment_day: NaiveDate,
) -> Result<&FallbackAverage, SicknessAllowanceError> {
    table
        .iter()
        .filter(|e| e.effective_from <= first_payment_day)
        .max_by_key(|e| e.effective_from)
        .ok_or(SicknessAllowanceError::NoFallbackInForce {
            date: first_payment_day,
        })
}

/// Which average the daily amount was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AverageBasis {
    /// The 12 consecutive months up to and including the month of the first payment day
    /// (健康保険法 第99条2項本文).
    TwelveMonths,
    /// Insured for fewer than 12 months; the member's own average was the lower
    /// (第99条2項ただし書 第1号).
    OwnShorterAverage {
        /// The months averaged.
        months: u32,
    },
    /// Insured for fewer than 12 months; the insurer's fallback amount was the lower (or equal)
    /// (第99条2項ただし書 第2号).
    Fallback {
        /// The months the member's own average covered.
        months: u32,
        /// The fallback 標準報酬月額 used.
        amount: Yen,
    },
}

/// The daily amount of 傷病手当金 / 出産手当金 (健康保険法 第99条2項, 第102条2項) and how it was
/// reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyAmount {
    /// The first payment day (支給開始日) the amount was computed for.
    pub first_payment_day: NaiveDate,
    /// The monthly average used (exact, before any rounding).
    pub average: Decimal,
    /// Which average it is.
    pub basis: AverageBasis,
    /// 標準報酬日額: the average ÷ 30, rounded to 10 yen.
    pub standard_daily: Yen,
    /// The allowance per day: 標準報酬日額 × 2/3, rounded to 1 yen.
    pub amount: Yen,
    /// The inputs and each step.
    pub explanation: Explanation,
}

/// The daily amount for a first payment day (支給開始日), 健康保険法 第99条2項.
///
/// `history` holds the member's 標準報酬月額 under the current insurer, one entry per month in
/// ascending order; the months that count are the unbroken run ending with the month of
/// `first_payment_day`. With 12 or more, the last 12 are averaged. With fewer, the lower of
/// their average and the fallback in `fallback` (chosen by `first_payment_day`) is used.
///
/// The average is divided by 30 and rounded to 10 yen by [`rounding::half_up_to_10_yen`]
/// (「五円未満の端数…切り捨て、五円以上十円未満の端数…十円に切り上げ」), then multiplied by 2/3 and
/// rounded to 1 yen by [`rounding::half_up_to_yen`].
pub fn daily_amount(
    history: &[StandardMonthly],
    first_payment_day: NaiveDate,
    fallback: &[FallbackAverage],
) -> Result<DailyAmount, SicknessAllowanceError> {
    validate_history(history)?;
    let start_month = YearMonth::of(first_payment_day);
    // The unbroken run of months ending with the start month.
    let end = history
        .iter()
        .rposition(|m| m.month == start_month)
        .ok_or(SicknessAllowanceError::NotInsuredInStartMonth { month: start_month })?;
    let mut run_start = end;
    while run_start > 0 && end - run_start + 1 < AVERAGED_MONTHS {
        let (Some(prev), Some(current)) = (history.get(run_start - 1), history.get(run_start))
        else {
            break;
        };
        if prev.month.next() != current.month {
            break;
        }
        run_start -= 1;
    }
    let run = history.get(run_start..=end).unwrap_or_default();
    let months = u32::try_from(run.len()).unwrap_or(u32::MAX);
    let total: Yen = run.iter().map(|m| m.amount).sum();

    let mut explanation = Explanation::new(
        "sickness_allowance.daily_amount",
        "健康保険法 第99条2項 (第102条2項 for 出産手当金)",
    );
    explanation.step(
        "first payment day (支給開始日)",
        format_args!("{first_payment_day} (month {start_month})"),
    );
    explanation.step(
        "standard monthly amounts (標準報酬月額)",
        run.iter()
            .map(|m| format!("{} {}", m.month, m.amount))
            .collect::<Vec<_>>()
            .join(", "),
    );

    let own_average = total.to_decimal() / Decimal::from(months);
    let (basis, monthly_total, divisor_months, average) = if run.len() >= AVERAGED_MONTHS {
        explanation.step(
            "12-month average",
            format_args!("{total} ÷ 12 = {}", rounding::for_display(own_average, 2)),
        );
        (AverageBasis::TwelveMonths, total, months, own_average)
    } else {
        let entry = fallback_in_force(fallback, first_payment_day)?;
        explanation.step(
            "insured under 12 months (第99条2項ただし書)",
            format_args!(
                "own average {total} ÷ {months} = {}; fallback {} ({})",
                rounding::for_display(own_average, 2),
                entry.amount,
                entry.source
            ),
        );
        // Compare exactly: total ÷ months < fallback ⇔ total < fallback × months.
        if total < entry.amount.times(i64::from(months)) {
            explanation.step("lower of the two", "the member's own average");
            (
                AverageBasis::OwnShorterAverage { months },
                total,
                months,
                own_average,
            )
        } else {
            explanation.step("lower of the two", "the fallback amount");
            (
                AverageBasis::Fallback {
                    months,
                    amount: entry.amount,
                },
                entry.amount,
                1,
                entry.amount.to_decimal(),
            )
        }
    };
    // average ÷ 30 computed in one division to stay exact: total ÷ (months × 30).
    let daily_exact =
        monthly_total.to_decimal() / Decimal::from(i64::from(divisor_months) * DAYS_PER_MONTH);
    let standard_daily = rounding::half_up_to_10_yen(daily_exact);
    explanation.step(
        "標準報酬日額 (÷ 30, 10-yen rounding)",
        format_args!(
            "{} → {standard_daily}",
            rounding::for_display(daily_exact, 2)
        ),
    );
    let two_thirds = standard_daily.to_decimal() * Decimal::TWO / Decimal::from(3);
    let amount = rounding::half_up_to_yen(two_thirds);
    explanation.step(
        "daily allowance (× 2/3, 1-yen rounding)",
        format_args!(
            "{standard_daily} × 2/3 = {} → {amount}",
            rounding::for_display(two_thirds, 2)
        ),
    );
    Ok(DailyAmount {
        first_payment_day,
        average,
        basis,
        standard_daily,
        amount,
        explanation,
    })
}

fn validate_history(history: &[StandardMonthly]) -> Result<(), SicknessAllowanceError> {
    for (index, entry) in history.iter().enumerate() {
        if entry.amount <= Yen::ZERO {
            return Err(SicknessAllowanceError::NonPositiveStandardMonthly {
                index,
                month: entry.month,
            });
        }
        if index > 0
            && history
                .get(index - 1)
                .is_some_and(|p| p.month >= entry.month)
        {
            return Err(SicknessAllowanceError::HistoryNotAscending {
                index,
                month: entry.month,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn months(first: YearMonth, amounts: &[i64]) -> Vec<StandardMonthly> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| StandardMonthly {
                month: first.add_months(i as i32),
                amount: Yen::new(*a),
            })
            .collect()
    }

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn kyokai_kenpo_example_170000_gives_3780() {
        // 協会けんぽ's worked example (docs/SOURCES.md §5.1, via keiri-tools 傷病手当金 column [T]):
        // average 170,000 → 5,666.67 → 5,670 (10-yen step) → × 2/3 = 3,780 per day.
        let h = months(ym(2025, 5), &[170_000; 12]);
        let d = daily_amount(&h, date(2026, 4, 10).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(d.basis, AverageBasis::TwelveMonths);
        assert_eq!(d.standard_daily, Yen::new(5_670));
        assert_eq!(d.amount, Yen::new(3_780));
        // Skipping the 10-yen step would give 5,666.67 × 2/3 = 3,777.78 → 3,778: wrong.
        let skipped = rounding::half_up_to_yen(
            Decimal::from(170_000) / Decimal::from(30) * Decimal::TWO / Decimal::from(3),
        );
        assert_eq!(skipped, Yen::new(3_778));
        assert_ne!(skipped, d.amount);
    }

    #[test]
    fn example_300000_gives_6667() {
        // docs/SOURCES.md §5.1: 300,000 → 10,000 → 6,666.67 → 6,667.
        let h = months(ym(2025, 5), &[300_000; 12]);
        let d = daily_amount(&h, date(2026, 4, 1).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(d.standard_daily, Yen::new(10_000));
        assert_eq!(d.amount, Yen::new(6_667));
        assert!(d.explanation.to_string().contains("6,667"));
    }

    #[test]
    fn twelve_month_average_with_a_revision_and_older_months_ignored() {
        // 13 months listed: the oldest (1,000,000) is outside the 12 and must not count.
        let mut amounts = vec![1_000_000];
        amounts.extend([260_000; 6]);
        amounts.extend([280_000; 6]);
        let h = months(ym(2025, 3), &amounts);
        let d = daily_amount(&h, date(2026, 3, 20).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        // (6 × 260,000 + 6 × 280,000) ÷ 12 = 270,000 → ÷ 30 = 9,000 → × 2/3 = 6,000.
        assert_eq!(d.average, Decimal::from(270_000));
        assert_eq!(d.standard_daily, Yen::new(9_000));
        assert_eq!(d.amount, Yen::new(6_000));
    }

    #[test]
    fn under_12_months_takes_the_lower_of_own_and_fallback() {
        // 健康保険法 第99条2項ただし書; 協会けんぽ fallback 320,000 from 2025-04-01 (docs/SOURCES.md §5.1).
        let high = months(ym(2025, 10), &[410_000; 6]);
        let d = daily_amount(&high, date(2026, 3, 5).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(
            d.basis,
            AverageBasis::Fallback {
                months: 6,
                amount: Yen::new(320_000)
            }
        );
        // 320,000 ÷ 30 = 10,666.67 → 10,670 → × 2/3 = 7,113.33 → 7,113.
        assert_eq!(d.standard_daily, Yen::new(10_670));
        assert_eq!(d.amount, Yen::new(7_113));

        // Same member with a first payment day before 2025-04-01: fallback 300,000 → 6,667.
        let early = months(ym(2024, 10), &[410_000; 6]);
        let d = daily_amount(&early, date(2025, 3, 31).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(d.amount, Yen::new(6_667));

        let low = months(ym(2025, 10), &[200_000, 200_000, 220_000]);
        let d = daily_amount(&low, date(2025, 12, 1).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(d.basis, AverageBasis::OwnShorterAverage { months: 3 });
        // 620,000 ÷ 90 = 6,888.89 → 6,890 → 4,593.33 → 4,593.
        assert_eq!(d.standard_daily, Yen::new(6_890));
        assert_eq!(d.amount, Yen::new(4_593));
    }

    #[test]
    fn a_gap_restarts_the_consecutive_run() {
        // Insured 2024-01..2024-12, away, back from 2025-10: only the run from 2025-10 counts.
        let mut h = months(ym(2024, 1), &[500_000; 12]);
        h.extend(months(ym(2025, 10), &[240_000; 3]));
        let d = daily_amount(&h, date(2025, 12, 15).unwrap(), KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(d.basis, AverageBasis::OwnShorterAverage { months: 3 });
    }

    #[test]
    fn bad_history_is_a_typed_error() {
        let h = months(ym(2025, 1), &[300_000; 3]);
        assert_eq!(
            daily_amount(&h, date(2025, 6, 1).unwrap(), KYOKAI_KENPO_FALLBACK),
            Err(SicknessAllowanceError::NotInsuredInStartMonth { month: ym(2025, 6) })
        );
        let mut bad = h.clone();
        bad.swap(0, 1);
        assert!(matches!(
            daily_amount(&bad, date(2025, 3, 1).unwrap(), KYOKAI_KENPO_FALLBACK),
            Err(SicknessAllowanceError::HistoryNotAscending { index: 1, .. })
        ));
        let zero = months(ym(2025, 1), &[0]);
        assert!(matches!(
            daily_amount(&zero, date(2025, 1, 1).unwrap(), KYOKAI_KENPO_FALLBACK),
            Err(SicknessAllowanceError::NonPositiveStandardMonthly { index: 0, .. })
        ));
        assert_eq!(
            daily_amount(&h, date(2025, 3, 1).unwrap(), &[]),
            Err(SicknessAllowanceError::NoFallbackInForce {
                date: date(2025, 3, 1).unwrap()
            })
        );
    }

    #[test]
    fn fallback_chosen_by_first_payment_day() {
        let on = |y, m, d| {
            fallback_in_force(KYOKAI_KENPO_FALLBACK, date(y, m, d).unwrap()).map(|e| e.amount)
        };
        assert_eq!(on(2025, 3, 31), Ok(Yen::new(300_000)));
        assert_eq!(on(2025, 4, 1), Ok(Yen::new(320_000)));
        assert_eq!(on(2026, 11, 1), Ok(Yen::new(320_000)));
        assert!(on(2019, 3, 31).is_err());
    }
}
