//! Identifiers (保険者番号, 記号・番号・枝番, 事業所記号, 医療機関コード, 個人番号): validation and
//! normalisation of what a legacy system holds in fixed-width fields.
use std::os::raw::c_char;

use kenpo_domain::identifiers::{
    BranchNumber, IdentifierError, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber,
    MyNumber, OfficeCode,
};

use crate::boundary::{guard, text, Failure, FfiResult, OutBuffer};
use crate::result::kenpo_result;

/// Which identifier `kenpo_identifier_normalize` checks. Passed as a `uint32_t`; any other number
/// is refused with `KENPO_RESULT_INVALID_ARGUMENT`.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_identifier_kind {
    /// 保険者番号 (8 digits with 検証番号; 保険者番号設定要領).
    InsurerNumber = 1,
    /// 被保険者等記号 (記号).
    InsuredSymbol = 2,
    /// 被保険者等番号 (番号).
    InsuredNumber = 3,
    /// 枝番 (2 digits; 健康保険法施行規則, 2021 個人単位化).
    BranchNumber = 4,
    /// 事業所記号 (the employer office).
    OfficeCode = 5,
    /// 医療機関コード (10 digits: prefecture, score table, institution number with check digit).
    InstitutionCode = 6,
    /// 個人番号 (My Number, 12 digits with 検査用数字; 番号法 第2条第5項).
    MyNumber = 7,
}

fn id_failure(e: IdentifierError) -> Failure {
    // IdentifierError never carries the rejected text.
    Failure::from_error(kenpo_result::InvalidIdentifier, &e)
}

fn normalized(kind: u32, input: &str) -> FfiResult<String> {
    use kenpo_identifier_kind as K;
    let kinds = [
        K::InsurerNumber,
        K::InsuredSymbol,
        K::InsuredNumber,
        K::BranchNumber,
        K::OfficeCode,
        K::InstitutionCode,
        K::MyNumber,
    ];
    let kind = kinds
        .into_iter()
        .find(|k| *k as u32 == kind)
        .ok_or_else(|| {
            Failure::new(
                kenpo_result::InvalidArgument,
                format!("unknown identifier kind {kind}"),
            )
        })?;
    let text = match kind {
        K::InsurerNumber => InsurerNumber::new(input).map(|v| v.as_str().to_owned()),
        K::InsuredSymbol => InsuredSymbol::new(input).map(|v| v.as_str().to_owned()),
        K::InsuredNumber => InsuredNumber::new(input).map(|v| v.as_str().to_owned()),
        K::BranchNumber => BranchNumber::new(input).map(|v| v.as_str().to_owned()),
        K::OfficeCode => OfficeCode::new(input).map(|v| v.as_str().to_owned()),
        K::InstitutionCode => InstitutionCode::new(input).map(|v| v.as_str().to_owned()),
        K::MyNumber => MyNumber::new(input).map(|v| v.reveal().to_owned()),
    };
    text.map_err(id_failure)
}

/// Validates an identifier of the given `kind` (one of `KENPO_IDENTIFIER_KIND_*`) from `len`
/// bytes of UTF-8 at `text`, and writes its normalised form (spaces trimmed, full-width ASCII
/// made half-width: `"１２３４"` → `"1234"`) into `buf`, its length into `*out_written`.
///
/// For `KENPO_IDENTIFIER_KIND_MY_NUMBER` the digits themselves are written back (the caller's
/// own input); the library keeps no copy and never puts them in an error detail.
///
/// Errors: `KENPO_RESULT_INVALID_IDENTIFIER` (wrong length, character or check digit; the
/// detail says which, never the text), `KENPO_RESULT_INVALID_ARGUMENT` (unknown kind),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_BUFFER_TOO_SMALL` (64 bytes always suffice),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `text` must point to `len` readable bytes, `buf` to `buf_len` writable bytes and
/// `out_written` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_identifier_normalize(
    kind: u32,
    text_ptr: *const c_char,
    len: usize,
    buf: *mut c_char,
    buf_len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = OutBuffer::new(buf, buf_len, out_written)?;
        let value = normalized(kind, text(text_ptr, len)?)?;
        out.write(value.as_bytes())
    })
}
