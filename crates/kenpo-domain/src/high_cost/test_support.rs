//! Test helpers: valid identifiers from short names.

use crate::identifiers::{luhn_check_digit, InstitutionCode, MemberKey};

/// A member key from a short test name: `INS` is the insured person (branch 00) of household
/// 1234-567, `DEP`/`D1`/`D2` its dependants; any other name is the insured person of a household
/// of its own.
pub(crate) fn key(name: &str) -> MemberKey {
    let (number, branch) = match name {
        "INS" => ("567".to_owned(), "00"),
        "DEP" | "D1" => ("567".to_owned(), "01"),
        "D2" => ("567".to_owned(), "02"),
        other => (
            format!("9{}", other.bytes().map(u32::from).sum::<u32>()),
            "00",
        ),
    };
    MemberKey::parse("1234", &number, branch).expect("test key")
}

/// A valid medical (医科) institution code in Tokyo with local number `n`.
pub(crate) fn inst(n: u32) -> InstitutionCode {
    inst_with_table(1, n)
}

/// A valid institution code with score table `table` (1 医科, 3 歯科, 4 調剤).
pub(crate) fn inst_with_table(table: u32, n: u32) -> InstitutionCode {
    let body = format!("13{table}{n:06}");
    InstitutionCode::new(&format!("{body}{}", luhn_check_digit(&body))).expect("test code")
}
