//! `kenpo calc`: the JSON output of every subcommand, pinned on published figures, and a bad flag
//! for each (exit code 2, the flag named on stderr).

use std::process::{Command, Output};

use serde_json::Value;

fn kenpo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenpo"))
        .args(args)
        .output()
        .expect("run kenpo")
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["calc"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = kenpo(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Runs a bad command line: exit code 2 and `flag` named on stderr, nothing on stdout.
fn bad(args: &[&str], flag: &str) {
    let mut all = vec!["calc"];
    all.extend_from_slice(args);
    let out = kenpo(&all);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(flag),
        "{args:?}: stderr {err:?} does not name {flag}"
    );
    assert!(out.stdout.is_empty());
}

/// 健康保険法 第40条 table: 報酬月額 290,000 ≤ x < 310,000 is grade 22 (300,000); 63,000 starts
/// grade 2; 1,355,000 and more is grade 50 (1,390,000).
#[test]
fn grade_json() {
    let v = json(&["grade", "--monthly-pay", "305,000"]);
    assert_eq!(v["grade"], 22);
    assert_eq!(v["standard_monthly"], 300_000);
    assert_eq!(v["lower"], 290_000);
    assert_eq!(v["upper"], 310_000);
    assert_eq!(json(&["grade", "--monthly-pay", "62999"])["grade"], 1);
    assert_eq!(json(&["grade", "--monthly-pay", "63000"])["grade"], 2);
    let top = json(&["grade", "--monthly-pay", "1355000", "--month", "2026-09"]);
    assert_eq!(
        (top["grade"].as_u64(), top["standard_monthly"].as_u64()),
        (Some(50), Some(1_390_000))
    );
    assert!(top["upper"].is_null());
}

#[test]
fn grade_bad_flags() {
    bad(&["grade", "--monthly-pay", "abc"], "--monthly-pay");
    bad(&["grade", "--monthly-pay", "-5"], "--monthly-pay");
    bad(
        &["grade", "--monthly-pay", "300000", "--month", "2015-13"],
        "--month",
    );
    // No table before April 2016.
    bad(
        &["grade", "--monthly-pay", "300000", "--month", "2015-04"],
        "--month",
    );
}

/// The sample society (examples/config/sample-society.toml), FY2026 rates: 一般 92‰ (employee
/// 43‰), 調整 1.3‰, 介護 18‰, 支援金 0.23 % (national FY2026 rate). For 300,000 and a person of
/// 46: 27,600 + 390 + 5,400 + 690 = 34,080; employee 300,000 × (4.3 % + 0.9 % + 0.115 %) =
/// 15,945; employer 18,135.
#[test]
fn premium_json() {
    let v = json(&[
        "premium",
        "--standard-monthly",
        "300000",
        "--month",
        "2026-09",
        "--birth",
        "1980-06-15",
    ]);
    assert_eq!(v["general"], "27600");
    assert_eq!(v["adjustment"], "390");
    assert_eq!(v["care"], "5400");
    assert_eq!(v["care_reason"], "category2");
    assert_eq!(v["support"], "690");
    assert_eq!(v["total"], "34080");
    assert_eq!(v["employee"], 15_945);
    assert_eq!(v["employer"], "18135");
    // Under 40 and before April 2026: no 介護保険料, no 支援金 (FY2025 rates, 90‰ + 1.3‰,
    // employee 42‰): 300,000 × 9.13 % = 27,390; employee 12,600.
    let young = json(&[
        "premium",
        "--standard-monthly",
        "300000",
        "--month",
        "2026-02",
        "--birth",
        "1995-01-01",
    ]);
    assert!(young["care"].is_null());
    assert!(young["support"].is_null());
    assert_eq!(young["total"], "27390");
    assert_eq!(young["employee"], 12_600);
}

#[test]
fn premium_with_a_config_file_and_bad_flags() {
    let dir = std::env::temp_dir().join(format!("kenpo-calc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // 協会けんぽ Tokyo FY2026 as a configuration: 9.85 % + 介護 1.62 %; the premium module's
    // documented example: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (before the 支援金 starts).
    let config = dir.join("tokyo.toml");
    std::fs::write(
        &config,
        "name = \"東京\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    let v = json(&[
        "premium",
        "--standard-monthly",
        "134000",
        "--month",
        "2026-03",
        "--birth",
        "1980-06-15",
        "--config",
        c,
    ]);
    assert_eq!(v["employee"], 7_685);
    assert_eq!(v["society"], "東京");

    bad(
        &[
            "premium",
            "--standard-monthly",
            "123456",
            "--month",
            "2026-09",
            "--birth",
            "1980-06-15",
        ],
        "--standard-monthly",
    );
    bad(
        &[
            "premium",
            "--standard-monthly",
            "300000",
            "--month",
            "2026/9x",
            "--birth",
            "1980-06-15",
        ],
        "--month",
    );
    bad(
        &[
            "premium",
            "--standard-monthly",
            "300000",
            "--month",
            "2026-09",
            "--birth",
            "1980-02-30",
        ],
        "--birth",
    );
    // The sample society has no rates before March 2025.
    bad(
        &[
            "premium",
            "--standard-monthly",
            "300000",
            "--month",
            "2024-09",
            "--birth",
            "1980-06-15",
        ],
        "--month",
    );
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "name = \"x\"\nunknown_key = 1\n").unwrap();
    bad(
        &[
            "premium",
            "--standard-monthly",
            "300000",
            "--month",
            "2026-09",
            "--birth",
            "1980-06-15",
            "--config",
            broken.to_str().unwrap(),
        ],
        "broken.toml",
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// 高額療養費, docs/SOURCES.md §3 and the high_cost module's pinned examples: 区分ウ, 医療費 1,000,000,
/// 3割 300,000 → limit 80,100 + 7,330 = 87,430 in July 2026, 92,940 from August 2026;
/// 多数回 ウ 44,400.
#[test]
fn high_cost_json() {
    let base = [
        "high-cost",
        "--birth",
        "1980-01-01",
        "--standard-monthly",
        "300000",
        "--total-cost",
        "1000000",
        "--copay",
        "300000",
        "--treatment-month",
    ];
    let mut july = base.to_vec();
    july.push("2026-07");
    let v = json(&july);
    assert_eq!(v["category"], "ウ");
    assert_eq!(v["limit"], 87_430);
    assert_eq!(v["refund"], 212_570);
    assert_eq!(v["age_band"], "under_70");
    let mut august = base.to_vec();
    august.push("2026-08");
    let v = json(&august);
    assert_eq!(v["limit"], 92_940);
    assert_eq!(v["refund"], 207_060);
    august.push("--many-times");
    let v = json(&august);
    assert_eq!(v["many_times"], true);
    assert_eq!(v["limit"], 44_400);
    // 区分オ (非課税): 35,400 flat in July 2026.
    let mut low = base.to_vec();
    low.extend(["2026-07", "--low-income"]);
    let v = json(&low);
    assert_eq!(v["category"], "オ");
    assert_eq!(v["limit"], 35_400);
}

#[test]
fn high_cost_bad_flags() {
    let ok = |month: &'static str, copay: &'static str| {
        vec![
            "high-cost",
            "--treatment-month",
            month,
            "--birth",
            "1980-01-01",
            "--standard-monthly",
            "300000",
            "--total-cost",
            "100000",
            "--copay",
            copay,
        ]
    };
    bad(&ok("2026-07", "200000"), "--copay");
    bad(&ok("2010-01", "30000"), "--treatment-month");
    bad(&ok("2026-07", "thirty"), "--copay");
    let mut after_75 = ok("2026-07", "30000");
    after_75[4] = "1940-01-01";
    bad(&after_75, "--birth");
}

/// 傷病手当金, docs/SOURCES.md §5 worked examples: 12 months of 300,000 → 10,000 a day standard → 6,667;
/// 170,000 → 5,670 → 3,780. Fewer than 12 months: the lower of the own average and the
/// society's fallback (sample society: 310,000 from April 2026).
#[test]
fn sickness_json() {
    let twelve = |amount: &str| [amount; 12].join(",");
    let v = json(&[
        "sickness",
        "--monthly-standards",
        &twelve("300000"),
        "--first-day",
        "2026-09-01",
    ]);
    assert_eq!(v["daily_standard"], 10_000);
    assert_eq!(v["daily"], 6_667);
    assert_eq!(v["basis"], "twelve_months");
    assert_eq!(v["months"][0], "2025-10");
    let v = json(&[
        "sickness",
        "--monthly-standards",
        &twelve("170000"),
        "--first-day",
        "2026-09-01",
    ]);
    assert_eq!(v["daily_standard"], 5_670);
    assert_eq!(v["daily"], 3_780);
    // Three months of 500,000: the society's 310,000 is lower → 10,330 → 6,887.
    let v = json(&[
        "sickness",
        "--monthly-standards",
        "500000,500000,500000",
        "--first-day",
        "2026-09-01",
    ]);
    assert_eq!(v["basis"], "fallback");
    assert_eq!(v["daily_standard"], 10_330);
    assert_eq!(v["daily"], 6_887);
}

#[test]
fn sickness_bad_flags() {
    bad(
        &["sickness", "--monthly-standards", "300000,abc"],
        "--monthly-standards",
    );
    bad(
        &[
            "sickness",
            "--monthly-standards",
            "300000,123456",
            "--first-day",
            "2026-09-01",
        ],
        "--monthly-standards",
    );
    bad(
        &[
            "sickness",
            "--monthly-standards",
            "300000",
            "--first-day",
            "2026-9-31",
        ],
        "--first-day",
    );
}

/// 出産育児一時金 (令36条): 500,000 per baby from 2023-04-01, 488,000 outside the compensation
/// scheme; twins → 1,000,000; 420,000 (404,000 outside) for births 2022-01-01 – 2023-03-31.
#[test]
fn childbirth_json() {
    let v = json(&["childbirth", "--birth-date", "2026-06-01", "--babies", "2"]);
    assert_eq!(v["amount"], 1_000_000);
    assert_eq!(v["per_baby"], 500_000);
    assert!(v["not_payable"].is_null());
    let v = json(&[
        "childbirth",
        "--birth-date",
        "2026-06-01",
        "--outside-scheme",
    ]);
    assert_eq!(v["amount"], 488_000);
    let v = json(&["childbirth", "--birth-date", "2023-03-31"]);
    assert_eq!(v["amount"], 420_000);
    // 12 weeks 0 days = 84 days: under 85, not paid.
    let v = json(&["childbirth", "--birth-date", "2026-06-01", "--weeks", "12"]);
    assert_eq!(v["amount"], 0);
    assert_eq!(v["not_payable"], "Under85Days");
}

#[test]
fn childbirth_bad_flags() {
    bad(
        &["childbirth", "--birth-date", "2026-06-01", "--babies", "0"],
        "--babies",
    );
    bad(
        &[
            "childbirth",
            "--birth-date",
            "2026-06-01",
            "--babies",
            "two",
        ],
        "--babies",
    );
    bad(
        &["childbirth", "--birth-date", "1990-01-01"],
        "--birth-date",
    );
    bad(
        &["childbirth", "--birth-date", "2026-06-01", "--weeks", "50"],
        "--weeks",
    );
}

#[test]
fn calc_help_lists_the_json_fields() {
    let out = kenpo(&["calc", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for field in [
        "standard_monthly",
        "employee",
        "employer",
        "daily_standard",
        "refund",
        "amount",
    ] {
        assert!(text.contains(field), "{field} missing from calc --help");
    }
}

/// 階層化 (第4期, docs/SOURCES.md §8): male waist 85.0 meets step 1 and 84.9 does not (BMI 22 < 25);
/// HbA1c 5.6 is a risk, 5.5 is not; smoking counts only with another risk (→ 2 risks →
/// 積極的支援); 65 and over in the fiscal year are capped at 動機付け支援; medication excludes.
#[test]
fn stratify_json() {
    let level = |extra: &[&str]| {
        let mut args = vec![
            "stratify",
            "--sex",
            "M",
            "--fiscal-year",
            "2026",
            "--bmi",
            "22",
            "--sbp",
            "120",
            "--dbp",
            "70",
            "--tg",
            "100",
            "--fasting",
            "--hdl",
            "50",
        ];
        args.extend_from_slice(extra);
        let v = json(&args);
        (
            v["age"].as_u64().unwrap(),
            v["level"].as_str().unwrap_or("null").to_owned(),
            v,
        )
    };
    let b52 = ["--birth", "1974-05-01"];
    let with = |a: &[&'static str]| [&b52[..], a].concat();
    assert_eq!(
        level(&with(&["--waist", "85.0", "--hba1c", "5.6"])).1,
        "motivational"
    );
    assert_eq!(
        level(&with(&["--waist", "84.9", "--hba1c", "5.6"])).1,
        "information"
    );
    assert_eq!(
        level(&with(&["--waist", "85.0", "--hba1c", "5.5"])).1,
        "information"
    );
    let (age, active, v) = level(&with(&["--waist", "85", "--hba1c", "5.6", "--smoker"]));
    assert_eq!((age, active.as_str()), (52, "active"));
    assert_eq!(v["level_ja"], "積極的支援");
    assert!(v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().contains("HbA1c")));
    let (age, capped, _) = level(&[
        "--birth",
        "1961-05-01",
        "--waist",
        "85",
        "--hba1c",
        "5.6",
        "--smoker",
    ]);
    assert_eq!((age, capped.as_str()), (65, "motivational"));
    assert_eq!(
        level(&with(&[
            "--waist",
            "85",
            "--hba1c",
            "5.6",
            "--smoker",
            "--medication"
        ]))
        .1,
        "information"
    );
    // Smoking alone is not a risk: waist met, no other risk → 情報提供.
    assert_eq!(
        level(&with(&["--waist", "90", "--hba1c", "5.0", "--smoker"])).1,
        "information"
    );
}

#[test]
fn stratify_bad_flags() {
    let base = [
        "stratify",
        "--sex",
        "F",
        "--birth",
        "1974-05-01",
        "--fiscal-year",
        "2026",
    ];
    let with = |a: &[&'static str]| [&base[..], a].concat();
    bad(&with(&["--waist", "900"]), "--waist");
    bad(&with(&["--waist", "80", "--hba1c", "65"]), "--hba1c");
    bad(&with(&["--waist", "80", "--tg", "160"]), "--tg");
    bad(&with(&["--waist", "eighty"]), "--waist");
    bad(
        &[
            "stratify",
            "--sex",
            "X",
            "--birth",
            "1974-05-01",
            "--fiscal-year",
            "2026",
            "--waist",
            "80",
        ],
        "--sex",
    );
    bad(
        &[
            "stratify",
            "--sex",
            "F",
            "--birth",
            "1990-05-01",
            "--fiscal-year",
            "2026",
            "--waist",
            "80",
        ],
        "--birth",
    );
    bad(
        &[
            "stratify",
            "--sex",
            "F",
            "--birth",
            "1974-05-01",
            "--fiscal-year",
            "2020",
            "--waist",
            "80",
        ],
        "--fiscal-year",
    );
}

/// Writes `text` to a fresh file for one test and returns its path.
fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kenpo-calc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

const HOUSEHOLD: &str = include_str!("../../../examples/calc/household.json");
const DEPENDENT: &str = include_str!("../../../examples/calc/dependent.json");

fn example(name: &str) -> String {
    format!("{}/../../examples/calc/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The committed example, with the sample society's 付加給付 (25,000 a receipt, floor to 100).
/// MHLW's example: 区分ウ (標準報酬月額 300,000), 医療費 1,000,000, charge 300,000 in July 2026 →
/// 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 borne, 高額療養費 212,570. 付加給付:
/// 87,430 − 25,000 = 62,430 → 62,400. The child's 15,000 (< 21,000) is not aggregated and its
/// 家族療養費付加金 is nil (15,000 − 25,000 < 0). Borne: 315,000 − 212,570 − 62,400 = 40,030.
#[test]
fn household_example_json() {
    let v = json(&["household", &example("household.json")]);
    assert_eq!(v["treatment_month"], "2026-07");
    assert_eq!(v["category"], "ウ");
    assert_eq!(v["refund"], 212_570);
    assert_eq!(v["total_charges"], 315_000);
    assert_eq!(v["additional_benefit"], 62_400);
    assert_eq!(v["borne"], 40_030);
    assert_eq!(v["receipts"][1]["relation"], "dependant");
    assert_eq!(v["receipts"][1]["age_band"], "under_70");
    assert_eq!(v["additional"][0]["kind"], "insured_refund");
    assert_eq!(v["additional"][0]["amount"], 62_400);
    assert!(v["explanation"]["steps"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
    // The text form says the same.
    let out = kenpo(&["calc", "household", &example("household.json")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("¥212,570"));
}

/// The same household in August 2026 (the new table: ウ 85,800 + 1 % over 286,000 → 92,940
/// borne, 207,060 refunded); with three refunds in the previous 12 months the 多数回 limit
/// 44,400 applies (255,600 refunded). A 72-year-old's own receipt puts the household in 70–74
/// 一般 as well (age from the birth date: born 1954-03-10, 70 in 2024).
#[test]
fn household_table_month_many_times_and_age() {
    let august = HOUSEHOLD.replace("2026-07", "2026-08");
    let v = json(&[
        "household",
        temp_file("aug.json", &august).to_str().unwrap(),
    ]);
    assert_eq!(v["refund"], 207_060);
    let many = HOUSEHOLD.replace(
        "\"many_times_history\": []",
        "\"many_times_history\": [\"2025-10\", \"2026-01\", {\"month\": \"2026-04\", \"outpatient_only\": false}]",
    );
    let v = json(&["household", temp_file("many.json", &many).to_str().unwrap()]);
    assert_eq!(v["many_times"], true);
    assert_eq!(v["refund"], 300_000 - 44_400);
    let elderly = HOUSEHOLD.replace("1980-05-01", "1954-03-10");
    let v = json(&[
        "household",
        temp_file("elderly.json", &elderly).to_str().unwrap(),
    ]);
    assert_eq!(v["receipts"][0]["age_band"], "70_74");
    assert!(v["elderly_category"].is_string());
}

/// Bad household files: exit 2, the file and the field named, nothing on stdout.
#[test]
fn household_bad_input_names_the_field() {
    let cases = [
        (
            "missing.json",
            HOUSEHOLD.replace(", \"charge\": 300000", ""),
            "receipts[0]",
        ),
        (
            "relation.json",
            HOUSEHOLD.replace("\"relation\": \"dependant\"", "\"relation\": \"cousin\""),
            "members[1].relation",
        ),
        (
            "date.json",
            HOUSEHOLD.replace("1980-05-01", "1980-02-30"),
            "members[0].birth_date",
        ),
        (
            "negative.json",
            HOUSEHOLD.replace("\"total_cost\": 50000", "\"total_cost\": -50000"),
            "receipts[1].total_cost",
        ),
        (
            "member.json",
            HOUSEHOLD.replace("\"member\": \"child\"", "\"member\": \"nobody\""),
            "receipts[1].member",
        ),
        (
            "institution.json",
            HOUSEHOLD.replacen("0110113719", "0110113718", 1),
            "receipts[0].institution",
        ),
        (
            "unknown.json",
            HOUSEHOLD.replace(
                "\"tax_status\": \"taxed\"",
                "\"tax_status\": \"taxed\", \"bonus\": 1",
            ),
            "insured",
        ),
        (
            "month.json",
            HOUSEHOLD.replace("2026-07", "2026-13"),
            "treatment_month",
        ),
        (
            "two.json",
            HOUSEHOLD.replace("\"relation\": \"dependant\"", "\"relation\": \"insured\""),
            "members",
        ),
        (
            "notjson.json",
            "{ \"treatment_month\": ".to_owned(),
            "line 1",
        ),
    ];
    for (name, text, field) in cases {
        let path = temp_file(name, &text);
        let out = kenpo(&["calc", "household", path.to_str().unwrap(), "--json"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{name}: {err:?} does not name {field}");
        assert!(err.contains(name), "{name}: {err:?} does not name the file");
        assert!(
            !err.contains("1980"),
            "{name}: a birth date leaked into {err:?}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
    bad(
        &["household", "/nonexistent/household.json"],
        "household.json",
    );
}

fn dependent(text: &str, name: &str) -> Value {
    json(&["dependent", temp_file(name, text).to_str().unwrap()])
}

/// 被扶養者認定 thresholds (昭和52年 保発第9号): below 1,300,000 (1,299,999 recognised, 1,300,000
/// not); 1,800,000 from 60 (a parent aged 62: 1,799,999 recognised, 1,800,000 not).
#[test]
fn dependent_thresholds() {
    let v = json(&["dependent", &example("dependent.json")]);
    assert_eq!(v["recognized"], true);
    assert_eq!(v["threshold"], 1_300_000);
    assert_eq!(v["failed"].as_array().map(Vec::len), Some(0));
    let v = dependent(&DEPENDENT.replace("1299999", "1300000"), "dep130.json");
    assert_eq!(v["recognized"], false);
    assert_eq!(v["failed"][0], "income_threshold");
    let parent = DEPENDENT
        .replace("\"spouse\"", "\"parent\"")
        .replace("1985-07-01", "1963-05-01")
        .replace("1299999", "1799999");
    let v = dependent(&parent, "dep180.json");
    assert_eq!(
        (v["recognized"].as_bool(), v["threshold"].as_i64()),
        (Some(true), Some(1_800_000))
    );
    let v = dependent(&parent.replace("1799999", "1800000"), "dep180b.json");
    assert_eq!(v["recognized"], false);
}

/// The 2026-04-01 labour-contract rule: a child aged 26 with a contract of 1,200 yen × 20 hours a
/// week (× 52 = 1,248,000) and 100,000 of overtime outside the contract. On 2026-03-31 the
/// overtime counts (1,348,000 ≥ 1,300,000: not recognised); from 2026-04-01 only the contract
/// (recognised).
#[test]
fn dependent_labour_contract_rule() {
    let text = r#"{"recognition_date": "2026-03-31", "relationship": "child", "birth_date": "2000-06-01",
      "disabled": false, "late_elderly_certified": false, "lives_with_insured": true, "residence": "domestic",
      "incomes": [{"labour_contract": {"pay": {"hourly": {"wage": 1200, "hours_per_week": "20"}},
                   "monthly_allowances": 0, "annual_bonus": 0, "pay_outside_contract": 100000}}],
      "insured_annual_income": 6000000, "insured_is_centre_of_living": false, "annual_remittance": null}"#;
    let before = dependent(text, "contract-before.json");
    assert_eq!(
        (
            before["recognized"].as_bool(),
            before["annual_income"].as_str()
        ),
        (Some(false), Some("1348000"))
    );
    let after = dependent(
        &text.replace("2026-03-31", "2026-04-01"),
        "contract-after.json",
    );
    assert_eq!(
        (
            after["recognized"].as_bool(),
            after["annual_income"].as_str()
        ),
        (Some(true), Some("1248000"))
    );
    let basis = after["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "income_basis")
        .unwrap();
    assert_eq!(basis["outcome"], "met");
}

#[test]
fn dependent_bad_input_names_the_field() {
    let cases = [
        (
            "dmissing.json",
            DEPENDENT.replace("\"relationship\": \"spouse\",", ""),
            "relationship",
        ),
        (
            "drelation.json",
            DEPENDENT.replace("\"spouse\"", "\"cousin\""),
            "relationship",
        ),
        (
            "ddate.json",
            DEPENDENT.replace("2026-04-01", "2026-04-31"),
            "recognition_date",
        ),
        (
            "dnegative.json",
            DEPENDENT.replace("\"annual\": 1299999", "\"annual\": -1"),
            "negative",
        ),
        (
            "dunknown.json",
            DEPENDENT.replace("\"disabled\": false,", "\"disabled\": false, \"pets\": 2,"),
            "pets",
        ),
    ];
    for (name, text, field) in cases {
        let path = temp_file(name, &text);
        let out = kenpo(&["calc", "dependent", path.to_str().unwrap(), "--json"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{name}: {err:?} does not name {field}");
        assert!(out.stdout.is_empty(), "{name}");
    }
}
