//! The rounding rules (端数処理) the law and official guidance use, one named function each.
//!
//! No other module rounds money on its own: every rule that turns a fractional amount into yen
//! calls one of these functions, so each legal rounding rule lives in exactly one place and is
//! pinned by tests at x.50 and x.51.
//!
//! | function | rule | used by |
//! | --- | --- | --- |
//! | [`wage_deduction_50_sen`] | fraction ≤ 50 銭 dropped, > 50 銭 up | employee premium share withheld from pay |
//! | [`cash_payment_50_sen`] | fraction < 50 銭 dropped, ≥ 50 銭 up | employee premium share paid in cash |
//! | [`half_up_to_yen`] | fraction < 50 銭 dropped, ≥ 50 銭 up | 高額療養費 1 % term, 傷病手当金 2/3 step |
//! | [`half_up_to_10_yen`] | < 5 yen dropped, ≥ 5 yen up | 標準報酬日額 (傷病手当金) |
//! | [`floor_to_yen`] | any fraction dropped | 納入告知 total per office; pension ÷ 360 (傷病手当金 coordination) |
//! | [`floor_to_100_yen`] | below 100 yen dropped | 付加給付 |
//! | [`floor_to_1000_yen`] | below 1,000 yen dropped | 標準賞与額 |
//! | [`half_up_to_one_decimal`] | 小数点以下第2位を四捨五入 (not money) | BMI of a checkup result |
//! | [`for_display`] | half up to `places` decimals (display only) | figures quoted in an explanation |
//!
//! Sources: 通貨の単位及び貨幣の発行等に関する法律 第3条 (the 50-銭 rules); 健康保険法施行令 第42条
//! (1 % term); 健康保険法 第99条 (傷病手当金); 健康保険法 第45条 (標準賞与額). See
//! `docs/DESIGN.md` for the reasoning.
//!
//! Every function is defined for negative amounts too, rounding the magnitude and keeping the
//! sign (so a correction of −100.50 withheld from pay is −100), which keeps refunds and
//! corrections symmetric.
//!
//! ```
//! use kenpo_domain::rounding;
//! use rust_decimal_macros::dec;
//!
//! assert_eq!(rounding::wage_deduction_50_sen(dec!(7684.50)).get(), 7684);
//! assert_eq!(rounding::cash_payment_50_sen(dec!(7684.50)).get(), 7685);
//! assert_eq!(rounding::half_up_to_10_yen(dec!(5666.67)).get(), 5670);
//! ```

use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::Yen;

fn round(value: Decimal, places: u32, strategy: RoundingStrategy) -> Decimal {
    value.round_dp_with_strategy(places, strategy)
}

/// Rounds to a multiple of `unit` yen with `strategy` (applied to `value / unit`).
fn round_to_unit(value: Decimal, unit: i64, strategy: RoundingStrategy) -> Yen {
    let unit = Decimal::from(unit);
    Yen::saturating_from_integral(round(value / unit, 0, strategy) * unit)
}

/// 50 銭 rule for an amount **withheld from wages** (給与から控除): a fraction of 50 銭 or less is
/// dropped, more than 50 銭 is rounded up to 1 yen.
///
/// Source: 通貨の単位及び貨幣の発行等に関する法律 第3条, as applied to the employee's premium share
/// (協会けんぽ 保険料額表 notes). A custom agreed between employer and employees (特約) overrides it.
pub fn wage_deduction_50_sen(amount: Decimal) -> Yen {
    round_to_unit(amount, 1, RoundingStrategy::MidpointTowardZero)
}

/// 50 銭 rule for an amount **paid in cash** by the employee (現金で支払う): a fraction below 50 銭
/// is dropped, 50 銭 or more is rounded up to 1 yen.
///
/// Source: 通貨の単位及び貨幣の発行等に関する法律 第3条.
pub fn cash_payment_50_sen(amount: Decimal) -> Yen {
    round_to_unit(amount, 1, RoundingStrategy::MidpointAwayFromZero)
}

/// Round half up to 1 yen (四捨五入): below 50 銭 dropped, 50 銭 or more up.
///
/// Used for the 1 % term of 高額療養費 (健康保険法施行令 第42条) and for the 2/3 step of
/// 傷病手当金 (健康保険法 第99条2項). Numerically the same as [`cash_payment_50_sen`]; kept apart
/// because the two rules have different sources and may change separately.
pub fn half_up_to_yen(amount: Decimal) -> Yen {
    round_to_unit(amount, 1, RoundingStrategy::MidpointAwayFromZero)
}

/// Round half up to 10 yen: below 5 yen dropped, 5 yen or more up.
///
/// Used for 標準報酬日額 (the standard daily remuneration of 傷病手当金, 健康保険法 第99条2項:
/// 「五円未満の端数があるときはこれを切り捨て、五円以上十円未満の端数があるときはこれを十円に切り上げる」).
pub fn half_up_to_10_yen(amount: Decimal) -> Yen {
    round_to_unit(amount, 10, RoundingStrategy::MidpointAwayFromZero)
}

/// Drop any fraction of a yen (円未満切り捨て).
///
/// Used for an office's premium notice (納入告知) total, and for the daily amount of a pension
/// (annual ÷ 360) deducted from 傷病手当金 (健康保険法 第108条3項・5項, 施行規則 第89条).
pub fn floor_to_yen(amount: Decimal) -> Yen {
    round_to_unit(amount, 1, RoundingStrategy::ToZero)
}

/// Drop the part below 100 yen (百円未満切り捨て).
///
/// Used for the society's additional benefits (付加給付, 一部負担還元金 etc.), as their rules say.
pub fn floor_to_100_yen(amount: Decimal) -> Yen {
    round_to_unit(amount, 100, RoundingStrategy::ToZero)
}

/// Drop the part below 1,000 yen (千円未満切り捨て).
///
/// Used for 標準賞与額 (健康保険法 第45条1項).
pub fn floor_to_1000_yen(amount: Decimal) -> Yen {
    round_to_unit(amount, 1000, RoundingStrategy::ToZero)
}

/// Round half up to one decimal place (小数点以下第2位を四捨五入). Not money: a measured value
/// carried with one decimal.
///
/// Used for the BMI computed from height and weight (特定健康診査 項目コード表: BMI
/// 「小数点以下1桁」), which decides step 1 of the stratification at 25.0, so 24.95 counts as 25.0.
pub fn half_up_to_one_decimal(value: Decimal) -> Decimal {
    round(value, 1, RoundingStrategy::MidpointAwayFromZero)
}

/// Round half up to `places` decimal places **for display only**: a figure quoted in an
/// [`Explanation`](crate::explanation::Explanation) step (e.g. an average of 5,666.67 yen).
/// Never feeds a decision; amounts that decide use the rules above.
pub fn for_display(value: Decimal, places: u32) -> Decimal {
    round(value, places, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn y(v: i64) -> Yen {
        Yen::new(v)
    }

    #[test]
    fn wage_deduction_drops_exactly_50_sen_and_rounds_51_up() {
        assert_eq!(wage_deduction_50_sen(dec!(100.49)), y(100));
        assert_eq!(wage_deduction_50_sen(dec!(100.50)), y(100));
        assert_eq!(wage_deduction_50_sen(dec!(100.51)), y(101));
        assert_eq!(wage_deduction_50_sen(dec!(100)), y(100));
        assert_eq!(wage_deduction_50_sen(dec!(-100.50)), y(-100));
        assert_eq!(wage_deduction_50_sen(dec!(-100.51)), y(-101));
    }

    #[test]
    fn cash_rounds_50_sen_up() {
        assert_eq!(cash_payment_50_sen(dec!(100.49)), y(100));
        assert_eq!(cash_payment_50_sen(dec!(100.50)), y(101));
        assert_eq!(cash_payment_50_sen(dec!(100.51)), y(101));
        assert_eq!(cash_payment_50_sen(dec!(-100.50)), y(-101));
    }

    #[test]
    fn half_up_to_yen_at_the_midpoint() {
        assert_eq!(half_up_to_yen(dec!(7140.49)), y(7140));
        assert_eq!(half_up_to_yen(dec!(7140.50)), y(7141));
        assert_eq!(half_up_to_yen(dec!(7140.51)), y(7141));
        // 傷病手当金: 5,670 × 2/3 = 3,780 exactly; 10,000 × 2/3 = 6,666.67 → 6,667
        assert_eq!(half_up_to_yen(dec!(10000) * dec!(2) / dec!(3)), y(6667));
    }

    #[test]
    fn half_up_to_10_yen_at_5_yen() {
        assert_eq!(half_up_to_10_yen(dec!(5664.99)), y(5660));
        assert_eq!(half_up_to_10_yen(dec!(5665.00)), y(5670));
        assert_eq!(half_up_to_10_yen(dec!(5665.01)), y(5670));
        assert_eq!(half_up_to_10_yen(dec!(170000) / dec!(30)), y(5670));
        assert_eq!(half_up_to_10_yen(dec!(5650.50)), y(5650));
        assert_eq!(half_up_to_10_yen(dec!(5650.51)), y(5650));
    }

    #[test]
    fn floors() {
        assert_eq!(floor_to_yen(dec!(1234.99)), y(1234));
        assert_eq!(floor_to_yen(dec!(1234.50)), y(1234));
        assert_eq!(floor_to_100_yen(dec!(12399.99)), y(12300));
        assert_eq!(floor_to_100_yen(dec!(12350)), y(12300));
        assert_eq!(floor_to_100_yen(dec!(12351)), y(12300));
        assert_eq!(floor_to_1000_yen(dec!(123999)), y(123000));
        assert_eq!(floor_to_1000_yen(dec!(123500)), y(123000));
        assert_eq!(floor_to_1000_yen(dec!(123501)), y(123000));
        assert_eq!(floor_to_1000_yen(dec!(1000)), y(1000));
    }

    #[test]
    fn huge_values_saturate_instead_of_panicking() {
        assert_eq!(floor_to_yen(Decimal::MAX), y(i64::MAX));
        assert_eq!(floor_to_yen(Decimal::MIN), y(i64::MIN));
    }

    /// BMI rounding (項目コード表 「小数点以下1桁」): x.x5 goes up, x.x4 down.
    #[test]
    fn one_decimal_half_up_for_bmi() {
        assert_eq!(half_up_to_one_decimal(dec!(24.95)), dec!(25.0));
        assert_eq!(half_up_to_one_decimal(dec!(24.949)), dec!(24.9));
        assert_eq!(half_up_to_one_decimal(dec!(24.9826)), dec!(25.0));
    }

    #[test]
    fn display_rounding_is_half_up() {
        assert_eq!(for_display(dec!(5666.665), 2), dec!(5666.67));
        assert_eq!(for_display(dec!(5666.664), 2), dec!(5666.66));
        // not banker's rounding
        assert_eq!(for_display(dec!(0.125), 2), dec!(0.13));
    }
}
