//! Identifiers (保険者番号, 記号・番号・枝番, 事業所記号, 医療機関コード, 個人番号): validation and
//! normalisation of what a legacy system holds in fixed-width fields (`kenpo_api::foundation`).
use std::os::raw::c_char;

use kenpo_api::foundation::{self as api, IdentifierKind};

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
    /// 個人番号 (My Number, 12 digits with 検査用数字; 番号法 第2条第5項). Answered masked.
    MyNumber = 7,
}

fn kind_of(kind: u32) -> FfiResult<IdentifierKind> {
    use kenpo_identifier_kind as K;
    let kinds = [
        (K::InsurerNumber, IdentifierKind::InsurerNumber),
        (K::InsuredSymbol, IdentifierKind::InsuredSymbol),
        (K::InsuredNumber, IdentifierKind::InsuredNumber),
        (K::BranchNumber, IdentifierKind::BranchNumber),
        (K::OfficeCode, IdentifierKind::OfficeCode),
        (K::InstitutionCode, IdentifierKind::InstitutionCode),
        (K::MyNumber, IdentifierKind::MyNumber),
    ];
    kinds
        .into_iter()
        .find(|(k, _)| *k as u32 == kind)
        .map(|(_, api)| api)
        .ok_or_else(|| {
            Failure::new(
                kenpo_result::InvalidArgument,
                format!("unknown identifier kind {kind}"),
            )
        })
}

/// `identifier_normalize`: validates an identifier of the given `kind` (one of
/// `KENPO_IDENTIFIER_KIND_*`) from `len` bytes of UTF-8 at `text`, and writes its normalised form
/// (spaces trimmed, full-width ASCII made half-width: `"１２３４"` → `"1234"`; check digits
/// verified) into `buf`, its length into `*out_written`.
///
/// For `KENPO_IDENTIFIER_KIND_MY_NUMBER` the mask `************` is written, never the digits:
/// only a purpose of the My Number Act may reveal them, and this call is none. The library
/// keeps no copy and never puts them in an error detail.
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
        let kind = kind_of(kind)?;
        let value = api::identifier_normalize(kind, text(text_ptr, len)?.to_owned())?;
        out.write(value.as_bytes())
    })
}
