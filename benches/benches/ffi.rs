//! FFI: one monthly premium computed through the C ABI (`kenpo-ffi`: the `extern "C"` functions a
//! C caller links against — handle lookup, argument checks, panic guard, the premium handle's
//! allocation and free) against the same call in Rust (`premium::monthly_premium`), in the same
//! run. The Kotlin side (uniffi) belongs to the bindings' own benchmarks.

use std::hint::black_box;
use std::ptr;

use criterion::criterion_main;
use kenpo::premiums::{
    kenpo_grade, kenpo_premium, kenpo_premium_employee_share, kenpo_premium_free,
    kenpo_premium_monthly, kenpo_premium_subject,
};
use kenpo::society::{kenpo_society, kenpo_society_free, kenpo_society_from_toml};
use kenpo::{kenpo_date, kenpo_month, kenpo_result};
use kenpo_benches::{compare, criterion};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::premium::{monthly_premium, PaymentMethod, PremiumSubject};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;

/// The employee share of 300,000 in September 2026 for a person born 1980-06-15, through C.
fn through_c(society: *const kenpo_society) -> i64 {
    let grade = kenpo_grade {
        number: 22,
        standard_monthly: 300_000,
    };
    let subject = kenpo_premium_subject {
        birth_date: kenpo_date {
            year: 1980,
            month: 6,
            day: 15,
        },
        dependant_birth_dates: ptr::null(),
        dependant_count: 0,
        care_exempt: false,
        payment: 1,
    };
    let month = kenpo_month {
        year: 2026,
        month: 9,
    };
    let mut premium: *mut kenpo_premium = ptr::null_mut();
    let mut employee = 0i64;
    // SAFETY: every pointer is to a live local or the live society handle.
    unsafe {
        let r = kenpo_premium_monthly(society, month, &grade, &subject, &mut premium);
        assert_eq!(r, kenpo_result::Ok);
        let r = kenpo_premium_employee_share(premium, &mut employee);
        assert_eq!(r, kenpo_result::Ok);
    }
    kenpo_premium_free(premium);
    employee
}

fn benches() {
    let mut c = criterion();
    let toml = kenpo_cli::calc::SAMPLE_SOCIETY_TOML;
    let config = SocietyConfig::from_toml_str(toml).expect("sample society");
    let mut society: *mut kenpo_society = ptr::null_mut();
    // SAFETY: the text and its length, and a writable out pointer.
    let r = unsafe { kenpo_society_from_toml(toml.as_ptr().cast(), toml.len(), &mut society) };
    assert_eq!(r, kenpo_result::Ok);
    let month = YearMonth::new(2026, 9).expect("month");
    let grade = Grade::from_standard_monthly(Yen::new(300_000)).expect("grade");
    let subject = PremiumSubject::new(
        date(1980, 6, 15).expect("date"),
        PaymentMethod::WageDeduction,
    );
    let in_rust = || {
        monthly_premium(&config, month, grade, &subject)
            .map(|p| p.employee.get())
            .unwrap_or(0)
    };
    assert_eq!(in_rust(), through_c(society));

    let mut g = c.benchmark_group("ffi_premium");
    g.bench_function("baseline_rust", |b| b.iter(|| black_box(in_rust())));
    g.bench_function("through_c_abi", |b| {
        b.iter(|| black_box(through_c(society)))
    });
    g.finish();
    compare("one monthly premium", "Rust", in_rust, "C ABI", || {
        through_c(society)
    });
    kenpo_society_free(society);
    c.final_summary();
}

criterion_main!(benches);
