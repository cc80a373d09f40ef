//! The one table of result codes, [`ResultCode`], shared by every binding: the C ABI returns
//! it as `kenpo_result` (cbindgen emits this enum under that name), and every
//! [`KenpoError`](crate::KenpoError) thrown in Kotlin or Swift carries its number as `code`.
//!
//! Numbers are explicit, grouped in documented ranges, and never reused once published:
//!
//! | range | meaning |
//! | --- | --- |
//! | `0` | success |
//! | `100`–`199` | the call itself was wrong: a NULL pointer, text that is not UTF-8, a buffer too small, a handle that is not live, JSON that does not parse |
//! | `200`–`299` | the input was read but is not valid for its area (`20x` dates, identifiers and amounts, `21x` configuration, `22x` members, `23x` remuneration and premiums, `24x` receipts, `25x` benefits, `26x` access, `27x` checkups, `28x` the society store and its monthly run) |
//! | `300`–`399` | the input is valid but a rule refuses the request |
//! | `900`–`999` | a fault inside the library, including a caught panic |

/// The status every fallible `kenpo_` C function returns, and the `code` of every error thrown
/// in Kotlin and Swift.
///
/// `KENPO_RESULT_OK` (0) is success; any other value is a failure, and no out-parameter was
/// written. `kenpo_result_message` (C) turns a code into an English sentence and
/// `kenpo_last_error_detail` gives the detail of the last failure on the calling thread.
/// Numbers are never reused; new codes are added within their range.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// Success.
    Ok = 0,

    // 1xx: argument errors.
    /// A pointer argument that must not be NULL was NULL.
    NullArgument = 100,
    /// A text argument was not valid UTF-8.
    InvalidUtf8 = 101,
    /// The caller's output buffer is too small for the answer; nothing was written.
    BufferTooSmall = 102,
    /// A handle argument is not a live object of the expected type (already freed, never
    /// created by this library, or a handle of another type).
    BadHandle = 103,
    /// A scalar argument is out of its documented range (for example an unknown enum number or
    /// a length above `PTRDIFF_MAX`).
    InvalidArgument = 104,
    /// A JSON argument is not well-formed JSON or does not have the documented shape.
    InvalidJson = 105,

    // 2xx: input and validation errors, per area.
    /// A `kenpo_date` or a month is not a real calendar date (for example 2026-02-30).
    InvalidDate = 200,
    /// An identifier (保険者番号, 記号, 番号, 枝番, 医療機関コード, 事業所記号, 個人番号) is malformed or fails
    /// its check digit.
    InvalidIdentifier = 201,
    /// A money amount or rate is out of range or not a decimal number.
    InvalidAmount = 202,
    /// The society configuration (規約: rates, additional benefits) is invalid.
    InvalidSocietyConfig = 210,
    /// The purpose catalog (利用目的の公表) is invalid.
    InvalidPurposeCatalog = 211,
    /// A member event (資格取得・喪失・扶養異動 …) is invalid or inconsistent with the member master.
    InvalidMemberEvent = 220,
    /// The member is not in the member master.
    UnknownMember = 221,
    /// A stored member master (its JSON document) is malformed or breaks an invariant of the
    /// master (periods out of order, a dependant without an insured person …).
    InvalidMemberMaster = 222,
    /// A dependent recognition (被扶養者認定) request is invalid (a birth after the recognition
    /// date).
    InvalidRecognitionRequest = 223,
    /// Remuneration input (報酬月額, 賞与) is invalid.
    InvalidRemuneration = 230,
    /// Premium input is invalid.
    InvalidPremiumInput = 231,
    /// The receipts file could not be read from the given path.
    ReceiptFileIo = 240,
    /// A receipt file given to a month's run is not for it: it claims for another month or
    /// holds receipts of another insurer.
    ReceiptFileMismatch = 241,
    /// The key given to pseudonymise a receipt file is too short (at least 16 bytes).
    InvalidPseudonymKey = 242,
    /// A receipt file cannot be pseudonymised: receipts that do not read would be lost, or it
    /// has no head record to write the copy with.
    ReceiptFileNotPseudonymisable = 243,
    /// The household-month (世帯) input for 高額療養費 is invalid.
    InvalidHousehold = 250,
    /// The 傷病手当金 period input is invalid.
    InvalidSicknessPeriod = 251,
    /// A benefit claim (出産手当金, 出産育児一時金, 埋葬料) is invalid.
    InvalidBenefitClaim = 252,
    /// The 医療費通知 input is invalid.
    InvalidExpenseNotice = 253,
    /// A benefit record (給付記録) is invalid.
    InvalidBenefitRecord = 254,
    /// The 任意継続被保険者 input is invalid.
    InvalidVoluntaryContinuation = 255,
    /// The access request is invalid (unknown purpose, data category or requester).
    InvalidAccessRequest = 260,
    /// The access log is invalid (unreadable entry, broken sequence).
    InvalidAccessLog = 261,
    /// The checkup result input is invalid (out-of-range measurement, missing item).
    InvalidCheckup = 270,
    /// The society store cannot be used: not a kenpo store, written by a newer kenpo, damaged,
    /// already holding a society (create), or a database failure.
    StoreUnusable = 280,
    /// Another run or import holds the society store; try again when it has finished.
    StoreLocked = 281,
    /// An import file cannot be read at all (JSON that is not UTF-8, the wrong kind of file).
    InvalidImportFile = 282,

    // 3xx: rule refusals.
    /// A rule refuses the request (the detail names the rule).
    RuleRefused = 300,
    /// The access log's hash chain does not verify: an entry was altered, removed or reordered.
    AccessLogTampered = 301,

    // 9xx: internal faults.
    /// A panic was caught at the C boundary; the operation did not complete. Please report it.
    Panic = 900,
    /// An internal error that is not the caller's fault (for example a result that could not be
    /// serialised). Please report it.
    Internal = 901,
    /// A handle is unusable because an earlier call panicked while it was being changed.
    HandlePoisoned = 902,
}

impl ResultCode {
    /// Every code, in numeric order (for tests and for `kenpo_result_message` (C)).
    pub const ALL: &'static [ResultCode] = &[
        ResultCode::Ok,
        ResultCode::NullArgument,
        ResultCode::InvalidUtf8,
        ResultCode::BufferTooSmall,
        ResultCode::BadHandle,
        ResultCode::InvalidArgument,
        ResultCode::InvalidJson,
        ResultCode::InvalidDate,
        ResultCode::InvalidIdentifier,
        ResultCode::InvalidAmount,
        ResultCode::InvalidSocietyConfig,
        ResultCode::InvalidPurposeCatalog,
        ResultCode::InvalidMemberEvent,
        ResultCode::UnknownMember,
        ResultCode::InvalidMemberMaster,
        ResultCode::InvalidRecognitionRequest,
        ResultCode::InvalidRemuneration,
        ResultCode::InvalidPremiumInput,
        ResultCode::ReceiptFileIo,
        ResultCode::ReceiptFileMismatch,
        ResultCode::InvalidPseudonymKey,
        ResultCode::ReceiptFileNotPseudonymisable,
        ResultCode::InvalidHousehold,
        ResultCode::InvalidSicknessPeriod,
        ResultCode::InvalidBenefitClaim,
        ResultCode::InvalidExpenseNotice,
        ResultCode::InvalidBenefitRecord,
        ResultCode::InvalidVoluntaryContinuation,
        ResultCode::InvalidAccessRequest,
        ResultCode::InvalidAccessLog,
        ResultCode::InvalidCheckup,
        ResultCode::StoreUnusable,
        ResultCode::StoreLocked,
        ResultCode::InvalidImportFile,
        ResultCode::RuleRefused,
        ResultCode::AccessLogTampered,
        ResultCode::Panic,
        ResultCode::Internal,
        ResultCode::HandlePoisoned,
    ];

    /// The code for a number, if it is one.
    pub fn from_code(code: u32) -> Option<ResultCode> {
        Self::ALL.iter().copied().find(|r| *r as u32 == code)
    }

    /// The English message for this code.
    pub fn message(self) -> &'static str {
        use ResultCode as R;
        match self {
            R::Ok => "success",
            R::NullArgument => "a required pointer argument was NULL",
            R::InvalidUtf8 => "a text argument is not valid UTF-8",
            R::BufferTooSmall => "the output buffer is too small",
            R::BadHandle => "the handle is not a live object of the expected type (freed, foreign or of another type)",
            R::InvalidArgument => "an argument is out of its documented range",
            R::InvalidJson => "a JSON argument is malformed or does not have the documented shape",
            R::InvalidDate => "a date or month is not a real calendar date",
            R::InvalidIdentifier => "an identifier is malformed or fails its check digit",
            R::InvalidAmount => "an amount or rate is out of range or not a decimal number",
            R::InvalidSocietyConfig => "the society configuration is invalid",
            R::InvalidPurposeCatalog => "the purpose catalog is invalid",
            R::InvalidMemberEvent => "a member event is invalid or inconsistent with the member master",
            R::UnknownMember => "the member is not in the member master",
            R::InvalidMemberMaster => "the stored member master is malformed or inconsistent",
            R::InvalidRecognitionRequest => "the dependent recognition request is invalid",
            R::InvalidRemuneration => "the remuneration input is invalid",
            R::InvalidPremiumInput => "the premium input is invalid",
            R::ReceiptFileIo => "the receipts file could not be read",
            R::InvalidHousehold => "the household-month input is invalid",
            R::InvalidSicknessPeriod => "the sickness allowance period input is invalid",
            R::InvalidBenefitClaim => "the benefit claim is invalid",
            R::InvalidExpenseNotice => "the medical expense notice input is invalid",
            R::InvalidBenefitRecord => "a benefit record is invalid",
            R::InvalidVoluntaryContinuation => "the voluntary continuation input is invalid",
            R::InvalidAccessRequest => "the access request is invalid",
            R::InvalidAccessLog => "the access log is invalid",
            R::InvalidCheckup => "the checkup result input is invalid",
            R::ReceiptFileMismatch => "a receipt file is not for this month's run (another claim month or insurer)",
            R::InvalidPseudonymKey => "the pseudonym key is too short (at least 16 bytes)",
            R::ReceiptFileNotPseudonymisable => "the receipt file cannot be pseudonymised (receipts that do not read, or no head record)",
            R::StoreUnusable => "the society store cannot be used",
            R::StoreLocked => "another run or import holds the society store",
            R::InvalidImportFile => "an import file cannot be read",
            R::RuleRefused => "a rule refuses the request",
            R::AccessLogTampered => "the access log's hash chain does not verify",
            R::Panic => "internal error: a panic was caught at the C boundary",
            R::Internal => "internal error",
            R::HandlePoisoned => "the handle is unusable after an earlier internal error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_in_range_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for r in ResultCode::ALL {
            let n = *r as u32;
            assert!(seen.insert(n), "code {n} reused");
            assert!(
                matches!(n, 0 | 100..=399 | 900..=999),
                "code {n} outside ranges"
            );
            assert_eq!(ResultCode::from_code(n), Some(*r));
            assert!(!r.message().is_empty() && r.message().len() < 256);
        }
        assert_eq!(ResultCode::from_code(1), None);
    }
}
