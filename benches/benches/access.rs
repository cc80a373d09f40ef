//! Purpose-bound access (issues 5 and 18): single decisions, decisions with the keyed log, the
//! cost of one append and of one per-person decision (subject from the master, decided, logged),
//! and batch projection — and, with `--features cedar`, cedar-policy deciding the same permit/deny
//! question for the same requests, from policies generated out of the same catalog.
//!
//! ```text
//! cargo bench -p kenpo-benches --bench access
//! cargo bench -p kenpo-benches --bench access --features cedar
//! ```

use std::hint::black_box;
use std::io::Write as _;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, CheckupItem, CheckupSummary, Field, FieldSet, JsonLinesLog, LogKey,
    LogOptions, MemoryLog, MyNumberProcedure, Request, SubjectRecord, ELIGIBILITY_ANSWER_FIELDS,
};
use kenpo_domain::calendar::date;
use kenpo_domain::identifiers::{MemberKey, MyNumber, OfficeCode};
use kenpo_domain::member::{Identity, MemberEvent, MemberMaster, Relationship};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};

/// One benchmark request: the purpose, the recipient, the fields and the facts.
#[derive(Clone, Copy)]
struct Case {
    purpose: &'static str,
    recipient: &'static str,
    fields: FieldSet,
    confirmed: bool,
    applied: bool,
    procedure: bool,
    by_subject: bool,
    permit: bool,
}

const SIX: FieldSet = ELIGIBILITY_ANSWER_FIELDS;

const fn f(fields: &[Field]) -> FieldSet {
    FieldSet::of(fields)
}

const fn case(
    purpose: &'static str,
    recipient: &'static str,
    fields: FieldSet,
    facts: (bool, bool, bool, bool),
    permit: bool,
) -> Case {
    Case {
        purpose,
        recipient,
        fields,
        confirmed: facts.0,
        applied: facts.1,
        procedure: facts.2,
        by_subject: facts.3,
        permit,
    }
}

const NONE: (bool, bool, bool, bool) = (false, false, false, false);
const CONFIRMED: (bool, bool, bool, bool) = (true, false, false, false);
const APPLIED: (bool, bool, bool, bool) = (false, true, false, false);
const PROCEDURE: (bool, bool, bool, bool) = (false, false, true, false);
const BY_SUBJECT: (bool, bool, bool, bool) = (false, false, false, true);

/// Eight permits and eight denials across the catalog.
const CASES: [Case; 16] = [
    case("A8", "clinic", SIX, CONFIRMED, true),
    case("A8", "clinic", SIX, NONE, false),
    case(
        "A8",
        "other_insurer",
        f(&[Field::Name, Field::Address]),
        CONFIRMED,
        false,
    ),
    case(
        "A12",
        "gym_konami",
        f(&[Field::Name, Field::Age]),
        APPLIED,
        true,
    ),
    case("A12", "gym_konami", f(&[Field::BirthDate]), APPLIED, false),
    case("A12", "employer", f(&[Field::Name]), APPLIED, false),
    case(
        "E2",
        "employer",
        f(&[Field::Name, Field::Office]),
        NONE,
        true,
    ),
    case("E2", "employer", f(&[Field::CheckupResults]), NONE, false),
    case(
        "F4",
        "ai_report_vendor",
        f(&[Field::Age, Field::CheckupResults]),
        NONE,
        true,
    ),
    case(
        "C9",
        "subject",
        f(&[Field::Name, Field::Receipts]),
        BY_SUBJECT,
        true,
    ),
    case(
        "C9",
        "subject",
        f(&[Field::Name, Field::Receipts]),
        NONE,
        false,
    ),
    case(
        "H1",
        "society_my_number",
        f(&[Field::MyNumber]),
        PROCEDURE,
        true,
    ),
    case(
        "H1",
        "society_my_number",
        f(&[Field::MyNumber]),
        NONE,
        false,
    ),
    case(
        "A6",
        "society_health",
        f(&[Field::Name, Field::Receipts]),
        NONE,
        true,
    ),
    case("C11", "non_life_insurer", f(&[Field::Receipts]), NONE, true),
    case(
        "B5",
        "other_insurer",
        f(&[Field::ChildbirthLumpSumStatus]),
        NONE,
        false,
    ),
];

fn key(n: u32) -> MemberKey {
    MemberKey::parse("77", &n.to_string(), "00").expect("key")
}

/// A member aged 70 on the benchmark date, with a checkup and a My Number.
fn member(n: u32) -> SubjectRecord {
    SubjectRecord::new(
        key(n),
        PersonName::new("試験 花子").expect("name"),
        date(1956, 1, 15).expect("date"),
        Sex::Female,
    )
    .with_address(Address::new("大阪府大阪市北区梅田1-1").expect("address"))
    .with_office(OfficeCode::new("K001").expect("office"))
    .with_my_number(MyNumber::new("123456789018").expect("my number"))
    .with_checkups(vec![CheckupSummary {
        date: date(2025, 10, 15).expect("date"),
        items: vec![CheckupItem {
            code: "3F015000002327101".to_owned(),
            value: "5.9".to_owned(),
        }],
    }])
}

struct Fixture {
    catalog: Catalog,
    staff: Actor,
    subject: Actor,
    subjects: Vec<SubjectRecord>,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            catalog: Catalog::default_catalog(),
            staff: Actor::staff("S001"),
            subject: Actor::Subject { key: key(1) },
            subjects: vec![member(1)],
        }
    }

    fn request<'r>(&'r self, c: &Case, subjects: &'r [SubjectRecord]) -> Request<'r> {
        let actor = if c.by_subject {
            &self.subject
        } else {
            &self.staff
        };
        let at = date(2026, 6, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("time");
        let mut r = Request::new(
            actor,
            self.catalog.purpose(c.purpose).expect("purpose"),
            self.catalog.recipient(c.recipient).expect("recipient"),
            subjects,
            c.fields,
            at,
        );
        if c.confirmed {
            r = r.requester_confirmed();
        }
        if c.applied {
            r = r.subject_applied();
        }
        if c.procedure {
            r = r.my_number_procedure(MyNumberProcedure::DependentIncomeInquiry);
        }
        r
    }
}

fn bench_decisions(c: &mut Criterion) {
    let fx = Fixture::new();
    let requests: Vec<Request<'_>> = CASES
        .iter()
        .map(|case| fx.request(case, &fx.subjects))
        .collect();
    for (req, case) in requests.iter().zip(CASES.iter()) {
        assert_eq!(
            fx.catalog.evaluate(req).is_ok(),
            case.permit,
            "{} → {}",
            case.purpose,
            case.recipient
        );
    }

    let mut g = c.benchmark_group("access");
    g.throughput(Throughput::Elements(requests.len() as u64));
    g.bench_function("decide/kenpo (16 requests)", |b| {
        b.iter(|| {
            let mut permits = 0u32;
            for r in &requests {
                permits += u32::from(fx.catalog.evaluate(black_box(r)).is_ok());
            }
            permits
        })
    });
    g.bench_function("decide+log/kenpo (16 requests, unkeyed SHA-256 log)", |b| {
        b.iter_batched(
            MemoryLog::new,
            |mut log| {
                for r in &requests {
                    let _ = black_box(fx.catalog.decide(black_box(r), &mut log));
                }
                log
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();

    // Batch projection: one decision for 10,000 members, then every view read.
    let many: Vec<SubjectRecord> = (1..=10_000).map(member).collect();
    let batch = Case {
        purpose: "F4",
        recipient: "ai_report_vendor",
        fields: f(&[
            Field::MemberKey,
            Field::Name,
            Field::Age,
            Field::CheckupResults,
        ]),
        confirmed: false,
        applied: false,
        procedure: false,
        by_subject: false,
        permit: true,
    };
    let req = fx.request(&batch, &many);
    let mut g = c.benchmark_group("access/batch");
    g.throughput(Throughput::Elements(many.len() as u64));
    g.bench_function("decide once + project 10,000 views (F4)", |b| {
        b.iter_batched(
            MemoryLog::new,
            |mut log| {
                let permit = fx.catalog.decide(&req, &mut log).expect("permit");
                let mut ages = 0u64;
                for v in permit.views() {
                    ages += u64::from(v.age().unwrap_or(0));
                    black_box(v.name());
                    black_box(v.checkup_results());
                }
                ages
            },
            BatchSize::SmallInput,
        )
    });
    // Projection alone: the permit decided once, outside the measurement.
    let mut log = MemoryLog::new();
    let permit = fx.catalog.decide(&req, &mut log).expect("permit");
    g.bench_function("project 10,000 views (F4, permit decided)", |b| {
        b.iter(|| {
            let mut ages = 0u64;
            for v in permit.views() {
                ages += u64::from(v.age().unwrap_or(0));
                black_box(v.name());
                black_box(v.checkup_results());
            }
            ages
        })
    });
    g.finish();

    #[cfg(feature = "cedar")]
    cedar::bench(c, &fx, &requests);
}

#[cfg(feature = "cedar")]
mod cedar {
    //! The same permit/deny question in Cedar: one `permit` policy per (purpose, recipient)
    //! grant of the catalog, the requested fields a set that the granted set must contain, the
    //! conditions as context attributes.

    use std::hint::black_box;
    use std::io::Write as _;
    use std::str::FromStr;
    use std::time::Instant;

    use cedar_policy::{
        Authorizer, Context, Decision, Entities, EntityUid, PolicySet, Request as CedarRequest,
        RestrictedExpression,
    };
    use criterion::{Criterion, Throughput};
    use kenpo_domain::access::{Condition, Request};

    use super::{Fixture, CASES};

    fn policies(fx: &Fixture) -> PolicySet {
        let mut text = String::new();
        for p in fx.catalog.purposes() {
            for g in &p.grants {
                let fields: Vec<String> =
                    g.fields.iter().map(|f| format!("\"{}\"", f.id())).collect();
                for r in &g.recipients {
                    let confirm = fx
                        .catalog
                        .recipient(r)
                        .and_then(|x| fx.catalog.recipient_info(x))
                        .is_some_and(|x| x.kind.needs_confirmation());
                    let mut when = vec![
                        format!("context.purpose == \"{}\"", p.id),
                        format!("context.recipient == \"{r}\""),
                        format!("[{}].containsAll(context.fields)", fields.join(", ")),
                    ];
                    for c in p.conditions.iter() {
                        when.push(
                            match c {
                                Condition::RequesterConfirmed => "context.requester_confirmed",
                                Condition::SubjectApplied => "context.subject_applied",
                                Condition::Deidentified => "context.deidentified",
                                Condition::Aged65OrOver => "context.min_age >= 65",
                                Condition::SubjectOrAdmittedAgent => "context.acts_for_subjects",
                                Condition::MyNumberActScope => "context.my_number_procedure",
                                _ => "true",
                            }
                            .to_owned(),
                        );
                    }
                    if confirm {
                        when.push("context.requester_confirmed".to_owned());
                    }
                    if !p.conditions.contains(Condition::Deidentified) {
                        when.push("!context.deidentified".to_owned());
                    }
                    text.push_str(&format!(
                        "permit(principal, action == Action::\"use\", resource)\nwhen {{ {} }};\n",
                        when.join(" && ")
                    ));
                }
            }
        }
        PolicySet::from_str(&text).expect("generated policies parse")
    }

    fn request(case: &super::Case) -> CedarRequest {
        let fields = case
            .fields
            .iter()
            .map(|f| RestrictedExpression::new_string(f.id().to_owned()));
        // What the caller computes for Cedar: the youngest subject's age, whether the actor
        // acts for every subject.
        let min_age = 70; // the benchmark member, born 1956-01-15, on 2026-06-01
        let context = Context::from_pairs([
            (
                "purpose".to_owned(),
                RestrictedExpression::new_string(case.purpose.to_owned()),
            ),
            (
                "recipient".to_owned(),
                RestrictedExpression::new_string(case.recipient.to_owned()),
            ),
            ("fields".to_owned(), RestrictedExpression::new_set(fields)),
            (
                "requester_confirmed".to_owned(),
                RestrictedExpression::new_bool(case.confirmed),
            ),
            (
                "subject_applied".to_owned(),
                RestrictedExpression::new_bool(case.applied),
            ),
            (
                "my_number_procedure".to_owned(),
                RestrictedExpression::new_bool(case.procedure),
            ),
            (
                "acts_for_subjects".to_owned(),
                RestrictedExpression::new_bool(case.by_subject),
            ),
            (
                "deidentified".to_owned(),
                RestrictedExpression::new_bool(false),
            ),
            (
                "min_age".to_owned(),
                RestrictedExpression::new_long(min_age),
            ),
        ])
        .expect("context");
        CedarRequest::new(
            EntityUid::from_str("User::\"S001\"").expect("principal"),
            EntityUid::from_str("Action::\"use\"").expect("action"),
            EntityUid::from_str("Subject::\"77-1-00\"").expect("resource"),
            context,
            None,
        )
        .expect("request")
    }

    pub(super) fn bench(c: &mut Criterion, fx: &Fixture, requests: &[Request<'_>]) {
        let policies = policies(fx);
        let entities = Entities::empty();
        let authorizer = Authorizer::new();
        let cedar_requests: Vec<CedarRequest> = CASES.iter().map(request).collect();
        // Same answers as the catalog, request by request.
        for ((case, cr), r) in CASES.iter().zip(&cedar_requests).zip(requests) {
            let allowed = authorizer
                .is_authorized(cr, &policies, &entities)
                .decision()
                == Decision::Allow;
            assert_eq!(
                allowed,
                fx.catalog.evaluate(r).is_ok(),
                "{} → {}",
                case.purpose,
                case.recipient
            );
        }
        let mut g = c.benchmark_group("access");
        g.throughput(Throughput::Elements(cedar_requests.len() as u64));
        g.bench_function("decide/cedar-policy (16 requests)", |b| {
            b.iter(|| {
                let mut permits = 0u32;
                for r in &cedar_requests {
                    permits += u32::from(
                        authorizer
                            .is_authorized(black_box(r), &policies, &entities)
                            .decision()
                            == Decision::Allow,
                    );
                }
                permits
            })
        });
        g.finish();
    }
}

/// A master of `n` insured persons (記号 "88", 番号 1..=n), each with a spouse, acquired in 2010.
fn master_of(n: u32) -> MemberMaster {
    let identity = |birth| Identity {
        name: PersonName::new("試験 花子").expect("name"),
        kana: KanaName::new("シケン ハナコ").expect("kana"),
        birth_date: birth,
        sex: Sex::Female,
        address: Address::new("大阪府大阪市北区梅田1-1").expect("address"),
    };
    let mut m = MemberMaster::new();
    for i in 1..=n {
        let k = |b: &str| MemberKey::parse("88", &i.to_string(), b).expect("key");
        m.apply(&MemberEvent::Acquisition {
            key: k("00"),
            acquired: date(2010, 4, 1).expect("date"),
            identity: identity(date(1975, 5, 1).expect("date")),
            office: OfficeCode::new("K001").expect("office"),
        })
        .expect("acquired");
        m.apply(&MemberEvent::DependentAdded {
            key: k("01"),
            recognized: date(2012, 4, 1).expect("date"),
            identity: identity(date(1977, 8, 1).expect("date")),
            relationship: Relationship::Spouse,
        })
        .expect("recognised");
    }
    m
}

fn log_key() -> LogKey {
    LogKey::new(&[0x5a; 32]).expect("key")
}

/// The cost of one append and of one whole per-person decision (the subject built from the
/// master, decided, logged), each against a named baseline in the same run: for appends, the
/// unkeyed SHA-256 log (the previous release's sealing) and a bare `write` of a line of the same
/// size; for a decision, the decision alone with no log.
fn bench_log(c: &mut Criterion) {
    let fx = Fixture::new();
    let case = CASES[0]; // A8 to a confirmed clinic: one subject, six fields, permit
    let at = date(2026, 6, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    let event = {
        let mut log = MemoryLog::new();
        fx.catalog
            .decide(&fx.request(&case, &fx.subjects), &mut log)
            .expect("permit");
        log.entries().expect("entries").remove(0).event
    };
    let dir = std::env::temp_dir().join(format!("kenpo-bench-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");

    let mut g = c.benchmark_group("access/append");
    g.throughput(Throughput::Elements(1));
    g.bench_function("baseline: memory, unkeyed SHA-256", |b| {
        b.iter_custom(|iters| {
            let mut log = MemoryLog::new();
            let start = Instant::now();
            for _ in 0..iters {
                black_box(log.append(at, event.clone()).expect("append"));
            }
            start.elapsed()
        })
    });
    g.bench_function("memory, keyed HMAC-SHA-256", |b| {
        b.iter_custom(|iters| {
            let mut log = MemoryLog::keyed(log_key());
            let start = Instant::now();
            for _ in 0..iters {
                black_box(log.append(at, event.clone()).expect("append"));
            }
            start.elapsed()
        })
    });
    let line = {
        let path = dir.join("one.jsonl");
        let _ = std::fs::remove_file(&path);
        let mut log = JsonLinesLog::open_with(
            &path,
            LogOptions {
                key: Some(log_key()),
                anchor: None,
            },
        )
        .expect("open");
        log.append(at, event.clone()).expect("append");
        std::fs::read_to_string(&path).expect("line")
    };
    g.bench_function("baseline: write one line of the same size to a file", |b| {
        b.iter_custom(|iters| {
            let path = dir.join("raw.jsonl");
            let _ = std::fs::remove_file(&path);
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .expect("open");
            let start = Instant::now();
            for _ in 0..iters {
                f.write_all(black_box(line.as_bytes())).expect("write");
            }
            start.elapsed()
        })
    });
    for (name, anchored) in [
        ("file, keyed, no anchor", false),
        ("file, keyed, anchor rewritten per append", true),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let path = dir.join("log.jsonl");
                let anchor = dir.join("anchor.json");
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_file(&anchor);
                let mut log = JsonLinesLog::open_with(
                    &path,
                    LogOptions {
                        key: Some(log_key()),
                        anchor: anchored.then(|| anchor.clone()),
                    },
                )
                .expect("open");
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(log.append(at, event.clone()).expect("append"));
                }
                start.elapsed()
            })
        });
    }
    g.finish();

    // One person: the subject from the master, an A8 decision, logged (memory, keyed).
    let master = master_of(10_000);
    let keys: Vec<MemberKey> = (1..=10_000u32)
        .map(|i| {
            MemberKey::parse("88", &i.to_string(), if i % 2 == 0 { "01" } else { "00" })
                .expect("key")
        })
        .collect();
    let on = at.date();
    let mut g = c.benchmark_group("access/per-person");
    g.throughput(Throughput::Elements(1));
    g.bench_function(
        "subject from the master (SubjectRecord::from_master)",
        |b| {
            let mut i = 0usize;
            b.iter(|| {
                i = (i + 1) % keys.len();
                black_box(SubjectRecord::from_master(&master, &keys[i], on))
            })
        },
    );
    g.bench_function("baseline: subject + decision, no log (evaluate)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % keys.len();
            let s = [SubjectRecord::from_master(&master, &keys[i], on).expect("subject")];
            black_box(fx.catalog.evaluate(&fx.request(&case, &s)).is_ok())
        })
    });
    g.bench_function("subject + decision + keyed memory log (decide)", |b| {
        b.iter_custom(|iters| {
            let mut log = MemoryLog::keyed(log_key());
            let start = Instant::now();
            for n in 0..iters {
                let k = &keys[usize::try_from(n).unwrap_or(0) % keys.len()];
                let s = [SubjectRecord::from_master(&master, k, on).expect("subject")];
                black_box(fx.catalog.decide(&fx.request(&case, &s), &mut log).is_ok());
            }
            start.elapsed()
        })
    });
    g.bench_function("subject + decision + keyed anchored file log", |b| {
        b.iter_custom(|iters| {
            let path = dir.join("person.jsonl");
            let anchor = dir.join("person-anchor.json");
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(&anchor);
            let mut log = JsonLinesLog::open_with(
                &path,
                LogOptions {
                    key: Some(log_key()),
                    anchor: Some(anchor.clone()),
                },
            )
            .expect("open");
            let start = Instant::now();
            for n in 0..iters {
                let k = &keys[usize::try_from(n).unwrap_or(0) % keys.len()];
                let s = [SubjectRecord::from_master(&master, k, on).expect("subject")];
                black_box(fx.catalog.decide(&fx.request(&case, &s), &mut log).is_ok());
            }
            start.elapsed()
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_decisions, bench_log);
criterion_main!(benches);
