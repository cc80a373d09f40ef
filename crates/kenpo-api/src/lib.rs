//! # kenpo-api: the host API of kenpo
//!
//! One definition of every operation a host system calls and of every record that crosses a
//! boundary, shared by all the ways kenpo is embedded:
//!
//! - the **C ABI** (`kenpo-ffi`): each operation is a `kenpo_` function taking its request as
//!   JSON and returning its response as JSON, in the forms of this crate's records (a JSON
//!   Schema of each is committed under `bindings/c/schema/`);
//! - **Kotlin / Java and Swift** (`kenpo-uniffi`): with the `uniffi` feature, this crate derives
//!   the uniffi traits on the same records and exports the same operations;
//! - the **`kenpo` command**'s `--json` output, where it prints one of these records.
//!
//! The rules live in [`kenpo_domain`]; this crate only converts. A record here is the *contract*
//! (stable snake_case names, signed integers, dates as dates, exact decimals as text), the domain
//! type is the *model*: a rename in the domain never changes what a host sees, and the conversion
//! between the two is written once, here. `docs/DESIGN.md` says why this shape was chosen over
//! deriving the binding traits on the domain types.
//!
//! The table of operations, by rule family and with their name in each language, is
//! [`surface::OPERATIONS`] (rendered in `docs/SURFACE.md`).
//!
//! ```
//! use kenpo_api::premium::{MonthlyPremiumRequest, PaymentMethod, PremiumSubject};
//! use kenpo_api::Society;
//!
//! let society = Society::from_toml(r#"
//!     name = "見本健康保険組合"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "9.85%", care = "1.62%" }
//! "#.to_owned())?;
//! let request: MonthlyPremiumRequest = serde_json::from_str(r#"{
//!     "month": "2026-09", "standard_monthly": 300000, "explain": false,
//!     "subject": {"birth_date": "1980-05-01", "dependant_birth_dates": [],
//!                 "care_exempt": false, "payment": "wage_deduction"}
//! }"#)?;
//! let premium = society.monthly_premium(request)?;
//! // 300,000 × (9.85 % 一般 + 1.62 % 介護 + 0.23 % 子ども・子育て支援金) ÷ 2 = 17,550 withheld.
//! assert_eq!(premium.employee, 17_550);
//! assert!(premium.explanation.is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("kenpo");

/// Declares a field-less wire enum mirroring a domain enum, with the conversions both ways:
/// wire → domain is total; domain → wire fails with [`KenpoError::Internal`] on a variant this
/// crate does not know yet (the domain's enums are `#[non_exhaustive]`).
macro_rules! mirror_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident => $domain:ty {
            $( $(#[$vmeta:meta])* $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                type D = $domain;
                match value {
                    $( $name::$variant => D::$variant ),+
                }
            }
        }

        impl TryFrom<$domain> for $name {
            type Error = $crate::error::KenpoError;
            fn try_from(value: $domain) -> Result<Self, Self::Error> {
                type D = $domain;
                #[allow(unreachable_patterns)]
                match value {
                    $( D::$variant => Ok($name::$variant), )+
                    _ => Err($crate::error::KenpoError::internal(concat!(
                        "a ", stringify!($name), " value unknown to this version of kenpo-api"
                    ))),
                }
            }
        }
    };
}

pub mod access;
pub mod batch;
pub mod benefit_record;
pub mod burial;
pub mod checkup;
pub mod childbirth;
pub mod code;
pub mod dependent;
pub mod error;
pub mod expense_notice;
pub mod explain;
pub mod foundation;
pub mod high_cost;
pub mod identifiers;
pub mod json;
pub mod member;
pub mod month;
pub mod notification;
pub mod person;
pub mod premium;
pub mod receipt;
pub mod remuneration;
pub mod scalar;
pub mod schema;
pub mod sickness;
pub mod society;
pub mod surface;
pub mod voluntary;

pub use code::ResultCode;
pub use error::{KenpoError, KenpoResult};
pub use explain::{Explanation, ExplanationStep};
pub use member::MemberMaster;
pub use scalar::{Exact, PlainDate, PlainMonth};
pub use society::Society;

/// The version of the contract (the C header, the JSON forms and their schemas, the uniffi
/// records). Raised on any change a host must adapt to; additions that old hosts can ignore
/// (a new operation, a new optional response field) keep it.
pub const ABI_VERSION: u32 = 1;

/// The version of kenpo (the crate version).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn kenpo_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The version of the contract, [`ABI_VERSION`].
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn abi_version() -> i32 {
    ABI_VERSION as i32
}

/// Panics on purpose, to show that a panic in Rust arrives in Kotlin and Swift as an exception
/// (`InternalException` / `UniffiInternalError.rustPanic`) and in C as `KENPO_RESULT_PANIC`,
/// never as a crash of the process. Declared fallible for that reason: a panic in a
/// non-throwing Swift function is fatal.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn debug_force_panic(reason: String) -> KenpoResult<()> {
    panic!("debug_force_panic: {reason}");
}
