/* Benefits: 高額療養費 and 付加給付 (a household-month, a batch, the age status, the yearly
 * settlements, the cost units), 傷病手当金 with the society's 付加金, 出産手当金, 出産育児一時金,
 * 埋葬料, 医療費通知, the duplicate-payment check and 任意継続被保険者, through the JSON contract
 * (bindings/c/schema). Each JSON entry point gets the bad-input battery and, where its request
 * has one, an unknown enum value, a date that does not exist and a negative amount: each refused
 * with its code, naming the field, never quoting the value. Inside a tagged enum (`case`,
 * `coverage`, `events[0]`) a JSON reading error names the enum's field, not the member within. */
#include "kt.h"

#define RATES "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92‰\", adjustment = \"1.3‰\", care = \"18‰\" }\n"

/* The benefits part of examples/config/sample-society.toml: 付加給付 (25,000 deducted per
 * receipt, floored to 100 yen), the 傷病手当金 fallback, the 任意継続 figure and the cash 付加金. */
static const char SOCIETY[] =
    "name = \"付加給付あり\"\n" RATES
    "[[sickness_allowance_fallback]]\neffective_from = \"2026-04\"\nvalue = 310000\n"
    "[[additional_benefits.versions]]\neffective_from = \"2015-01\"\n"
    "[additional_benefits.versions.insured_refund]\ndeductible = 25000\nupper_income_deductible = 50000\nminimum_payment = 1000\n"
    "[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 380000, average = 381234 }\n"
    "[[cash_supplements.sickness]]\neffective_from = \"2022-01\"\nvalue = { rate = \"15%\", months_from_first_payment = 6 }\n"
    "[[cash_supplements.childbirth]]\neffective_from = \"2023-04\"\nvalue = { per_baby = 20000 }\n"
    "[[cash_supplements.burial]]\neffective_from = \"2015-04\"\nvalue = { amount = 50000 }\n";

/* 協会けんぽ 埼玉 FY2015 (the published 前納 table). */
static const char SAITAMA[] =
    "name = \"埼玉\"\n[[rates]]\neffective_from = \"2015-04\"\nvalue = { general = \"9.94%\", care = \"1.72%\" }\n"
    "[[rates]]\neffective_from = \"2015-05\"\nvalue = { general = \"9.93%\", care = \"1.58%\" }\n"
    "[[voluntary_continuation]]\neffective_from = \"2015-04\"\nvalue = { ceiling = 280000 }\n";

static kenpo_society *g_society = NULL;
static kenpo_society *g_saitama = NULL;

/* The society's operations bound to a handle, in the shape kt_json_op wants. */
static kenpo_result high_cost_month_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_high_cost_month(g_society, r, n, o);
}
static kenpo_result high_cost_months_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_high_cost_months(g_society, r, n, o);
}
static kenpo_result sickness_daily_amount_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_sickness_daily_amount(g_society, r, n, o);
}
static kenpo_result sickness_allowance_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_sickness_allowance(g_society, r, n, o);
}
static kenpo_result maternity_allowance_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_maternity_allowance(g_society, r, n, o);
}
static kenpo_result childbirth_lump_sum_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_childbirth_lump_sum(g_society, r, n, o);
}
static kenpo_result burial_benefit_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_burial_benefit(g_society, r, n, o);
}
static kenpo_result voluntary_standard_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_voluntary_standard(g_society, r, n, o);
}
static kenpo_result voluntary_premium_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_voluntary_premium(g_society, r, n, o);
}
static kenpo_result voluntary_prepayment_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_voluntary_prepayment(g_saitama, r, n, o);
}

#define KEY(b) "{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"" b "\"}"
#define UNIT(month, setting, charge)                                                                       \
    "{\"person\":" KEY("00") ",\"month\":\"" month "\",\"institution\":\"0110113719\",\"setting\":\"" setting \
    "\",\"branch\":\"medical\",\"total_cost\":1000000,\"patient_charge\":" charge ",\"specified_disease\":null}"
/* The module example of kenpo_domain::high_cost: 区分ウ (標準報酬月額 300,000), one inpatient
 * unit of 医療費 1,000,000 with 300,000 paid at the window. */
#define HOUSEHOLD(month, unit)                                                                              \
    "{\"month\":\"" month "\",\"insured\":" KEY("00") ",\"basis\":{\"standard_monthly\":300000,"            \
    "\"tax_status\":\"taxed\",\"reference_income_exemption\":false},\"members\":[{\"person\":" KEY("00")    \
    ",\"relation\":\"insured\",\"age\":{\"band\":\"under70\",\"birthday_75_halving\":false}}],"             \
    "\"units\":[" unit "],\"spell_start\":null,\"paid_months\":[]}"
#define OPTIONS \
    "{\"apply_planned_tables\":false,\"birthday_75_floor\":\"unchanged\",\"annual_cap_basis\":\"household_all_months\"}"
#define MONTH_REQUEST(h) "{\"household\":" h ",\"options\":" OPTIONS ",\"explain\":false}"

static void high_cost_month_official_figures(void) {
    char *text;
    /* 令42条: 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 borne → refund 212,570; 付加給付
     * 300,000 − 212,570 − 25,000 = 62,430 → 62,400. */
    text = kt_json_call(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-07", UNIT("2026-07", "inpatient", "300000"))));
    KT_CONTAINS(text, "\"refund\":212570");
    KT_CONTAINS(text, "\"borne_on_counted_charges\":87430");
    KT_CONTAINS(text, "\"under70_category\":\"u\"");
    KT_CONTAINS(text, "\"total\":62400");
    KT_CONTAINS(text, "\"explanation\":null");
    free(text);
    /* From August 2026 the 区分ウ limit is 80,100 → 92,940 borne. */
    text = kt_json_call(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-08", UNIT("2026-08", "inpatient", "300000"))));
    KT_CONTAINS(text, "\"refund\":207060");
    free(text);
}

static void high_cost_month_bad_input(void) {
    kt_json_bad_inputs(high_cost_month_op);
    kt_json_refused(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-07", UNIT("2026-07", "daycare", "300000"))),
                    KENPO_RESULT_INVALID_JSON, "household.units[0].setting", "daycare");
    kt_json_refused(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-13", UNIT("2026-07", "inpatient", "300000"))),
                    KENPO_RESULT_INVALID_DATE, "household.month", "2026-13");
    kt_json_refused(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-07", UNIT("2026-07", "inpatient", "-300000"))),
                    KENPO_RESULT_INVALID_HOUSEHOLD, "household.units[0].patient_charge", "300000");
    kt_json_refused(high_cost_month_op, MONTH_REQUEST(HOUSEHOLD("2026-07", UNIT("2026-06", "inpatient", "300000"))),
                    KENPO_RESULT_INVALID_HOUSEHOLD, "household.units[0].month", NULL);
    {
        kenpo_string *out = NULL;
        const char req[] = MONTH_REQUEST(HOUSEHOLD("2026-07", UNIT("2026-07", "inpatient", "300000")));
        KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_month(NULL, req, strlen(req), &out));
        KT_CHECK(out == NULL);
    }
}

static void high_cost_months_answers_each(void) {
    char *text = kt_json_call(high_cost_months_op,
        "{\"households\":[" HOUSEHOLD("2026-07", UNIT("2026-07", "inpatient", "300000")) ","
        HOUSEHOLD("2026-07", UNIT("2026-07", "inpatient", "-1")) ","
        HOUSEHOLD("2026-08", UNIT("2026-08", "inpatient", "300000")) "],\"options\":" OPTIONS ",\"explain\":false}");
    KT_CONTAINS(text, "\"refund\":212570");
    KT_CONTAINS(text, "},null,{");
    KT_CONTAINS(text, "\"refund\":207060");
    KT_CONTAINS(text, "\"index\":1,\"code\":250,\"field\":\"units[0].patient_charge\"");
    free(text);
    kt_json_bad_inputs(high_cost_months_op);
    kt_json_refused(high_cost_months_op,
        "{\"households\":[" HOUSEHOLD("2026-07", UNIT("2026-07", "daycare", "1")) "],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "households[0].units[0].setting", "daycare");
    kt_json_refused(high_cost_months_op,
        "{\"households\":[" HOUSEHOLD("2026-07", UNIT("2026-02-30", "inpatient", "1")) "],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "households[0].units[0].month", "2026-02-30");
}

static void high_cost_age_status_scalars(void) {
    kenpo_date born;
    kenpo_date insured;
    kenpo_month m;
    uint32_t band = 0;
    bool halving = true;
    char detail[512];
    size_t n = 0;
    born.year = 1980; born.month = 5; born.day = 2;
    m.year = 2026; m.month = 7;
    KT_OK(kenpo_high_cost_age_status(born, m, &band, &halving));
    KT_CHECK(band == KENPO_AGE_BAND_UNDER70 && !halving);
    /* Born 1956-05-02: 70 on 2026-05-01, 高齢受給者 from June 2026. */
    born.year = 1956; m.month = 6;
    KT_OK(kenpo_high_cost_age_status(born, m, &band, &halving));
    KT_CHECK(band == KENPO_AGE_BAND_ELDERLY);
    /* 75th birthday 2026-07-15: that month halved; from August not in kenpo. */
    born.year = 1951; born.month = 7; born.day = 15; m.month = 7;
    KT_OK(kenpo_high_cost_age_status(born, m, &band, &halving));
    KT_CHECK(halving);
    m.month = 8;
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_high_cost_age_status(born, m, &band, &halving));
    /* A dependant of that insured person in July 2026 is halved with them. */
    insured = born;
    born.year = 2015; born.month = 9; born.day = 15; m.month = 7;
    halving = false;
    KT_OK(kenpo_high_cost_dependant_age_status(born, insured, m, &band, &halving));
    KT_CHECK(band == KENPO_AGE_BAND_UNDER70 && halving);
    /* A date that does not exist: named, not echoed. */
    born.year = 1980; born.month = 2; born.day = 30;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_high_cost_age_status(born, m, &band, &halving));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    KT_CHECK(strstr(detail, "birth_date") != NULL && strstr(detail, "1980") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_high_cost_dependant_age_status(insured, born, m, &band, &halving));
    m.month = 13;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_high_cost_age_status(insured, m, &band, &halving));
    m.month = 7;
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_age_status(insured, m, NULL, &halving));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_dependant_age_status(insured, insured, m, &band, NULL));
}

#define BASIS "{\"standard_monthly\":300000,\"tax_status\":\"taxed\",\"reference_income_exemption\":false}"

static void yearly_settlements(void) {
    char *text;
    /* 外来年間合算 一般, period from August 2025: 12 × 15,000 = 180,000 − 144,000 = 36,000. */
    text = kt_json_call(kenpo_high_cost_outpatient_year,
        "{\"first_month\":\"2025-08\",\"category_on_base_date\":\"general\",\"months\":["
        "{\"month\":\"2025-08\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2025-09\",\"category\":\"general\",\"outpatient_borne\":15000},"
        "{\"month\":\"2025-10\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2025-11\",\"category\":\"general\",\"outpatient_borne\":15000},"
        "{\"month\":\"2025-12\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2026-01\",\"category\":\"general\",\"outpatient_borne\":15000},"
        "{\"month\":\"2026-02\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2026-03\",\"category\":\"general\",\"outpatient_borne\":15000},"
        "{\"month\":\"2026-04\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2026-05\",\"category\":\"general\",\"outpatient_borne\":15000},"
        "{\"month\":\"2026-06\",\"category\":\"general\",\"outpatient_borne\":15000},{\"month\":\"2026-07\",\"category\":\"general\",\"outpatient_borne\":15000}],"
        "\"options\":" OPTIONS ",\"explain\":false}");
    KT_CONTAINS(text, "\"cap\":144000");
    KT_CONTAINS(text, "\"refund\":36000");
    free(text);
    kt_json_bad_inputs(kenpo_high_cost_outpatient_year);
    kt_json_refused(kenpo_high_cost_outpatient_year,
        "{\"first_month\":\"2025-08\",\"category_on_base_date\":\"rich\",\"months\":[],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "category_on_base_date", "rich");
    kt_json_refused(kenpo_high_cost_outpatient_year,
        "{\"first_month\":\"2025-13\",\"category_on_base_date\":\"general\",\"months\":[],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "first_month", "2025-13");
    kt_json_refused(kenpo_high_cost_outpatient_year,
        "{\"first_month\":\"2025-08\",\"category_on_base_date\":\"general\",\"months\":["
        "{\"month\":\"2025-08\",\"category\":\"general\",\"outpatient_borne\":-15000}],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_HOUSEHOLD, "months[0].outpatient_borne", "15000");
    /* 年間上限 区分ウ 530,000 (MHLW, from August 2026): 6 × 92,940 + 6 × 10,000 − 530,000. */
    text = kt_json_call(kenpo_high_cost_annual_cap,
        "{\"first_month\":\"2026-08\",\"basis\":" BASIS ",\"band\":\"under70\",\"months\":["
        "{\"month\":\"2026-08\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2026-09\",\"borne\":10000,\"benefit_paid\":false},"
        "{\"month\":\"2026-10\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2026-11\",\"borne\":10000,\"benefit_paid\":false},"
        "{\"month\":\"2026-12\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2027-01\",\"borne\":10000,\"benefit_paid\":false},"
        "{\"month\":\"2027-02\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2027-03\",\"borne\":10000,\"benefit_paid\":false},"
        "{\"month\":\"2027-04\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2027-05\",\"borne\":10000,\"benefit_paid\":false},"
        "{\"month\":\"2027-06\",\"borne\":92940,\"benefit_paid\":true},{\"month\":\"2027-07\",\"borne\":10000,\"benefit_paid\":false}],"
        "\"options\":" OPTIONS ",\"explain\":false}");
    KT_CONTAINS(text, "\"cap\":530000");
    KT_CONTAINS(text, "\"refund\":87640");
    free(text);
    kt_json_bad_inputs(kenpo_high_cost_annual_cap);
    kt_json_refused(kenpo_high_cost_annual_cap,
        "{\"first_month\":\"2026-08\",\"basis\":" BASIS ",\"band\":\"teen\",\"months\":[],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "band", "teen");
    kt_json_refused(kenpo_high_cost_annual_cap,
        "{\"first_month\":\"2026-00\",\"basis\":" BASIS ",\"band\":\"under70\",\"months\":[],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "first_month", "2026-00");
    kt_json_refused(kenpo_high_cost_annual_cap,
        "{\"first_month\":\"2026-08\",\"basis\":" BASIS ",\"band\":\"under70\",\"months\":["
        "{\"month\":\"2026-08\",\"borne\":-92940,\"benefit_paid\":true}],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_INVALID_HOUSEHOLD, "months[0].borne", "92940");
    kt_json_refused(kenpo_high_cost_annual_cap,
        "{\"first_month\":\"2025-08\",\"basis\":" BASIS ",\"band\":\"under70\",\"months\":[],\"options\":" OPTIONS ",\"explain\":false}",
        KENPO_RESULT_RULE_REFUSED, "年間上限", NULL);
}

#define ROW(institution, type, cost, charge)                                                               \
    "{\"person\":" KEY("00") ",\"month\":\"2026-07\",\"institution\":\"" institution "\",\"receipt_type\":" \
    type ",\"total_cost\":" cost ",\"patient_charge\":" charge ",\"specified_disease\":null}"
#define MEDICAL "{\"kind\":\"medical\",\"setting\":\"outpatient\"}"
#define PHARMACY "{\"kind\":\"pharmacy\",\"prescriber\":\"0110113719\",\"prescriber_branch\":\"medical\"}"

static void cost_units(void) {
    char *text;
    /* The pharmacy's receipt joins the prescribing clinic's outpatient unit (院外処方). */
    text = kt_json_call(kenpo_build_cost_units, "{\"rows\":[" ROW("0110113719", MEDICAL, "50000", "15000") ","
                                                ROW("0140113713", PHARMACY, "20000", "6000") "]}");
    KT_CONTAINS(text, "\"total_cost\":70000");
    KT_CONTAINS(text, "\"patient_charge\":21000");
    free(text);
    kt_json_bad_inputs(kenpo_build_cost_units);
    kt_json_refused(kenpo_build_cost_units, "{\"rows\":[" ROW("0110113719", "{\"kind\":\"hospice\"}", "1", "1") "]}",
                    KENPO_RESULT_INVALID_JSON, "rows[0].receipt_type", "hospice");
    kt_json_refused(kenpo_build_cost_units,
        "{\"rows\":[{\"person\":" KEY("00") ",\"month\":\"2026-7\",\"institution\":\"0110113719\",\"receipt_type\":" MEDICAL
        ",\"total_cost\":1,\"patient_charge\":1,\"specified_disease\":null}]}",
        KENPO_RESULT_INVALID_DATE, "rows[0].month", "2026-7");
    kt_json_refused(kenpo_build_cost_units, "{\"rows\":[" ROW("0110113719", MEDICAL, "-50000", "0") "]}",
                    KENPO_RESULT_INVALID_HOUSEHOLD, "rows[0].total_cost", "50000");
    kt_json_refused(kenpo_build_cost_units, "{\"rows\":[" ROW("0110113710", MEDICAL, "1", "1") "]}",
                    KENPO_RESULT_INVALID_IDENTIFIER, "rows[0].institution", "0110113710");
    /* A receipts file: a generated one (tests/contract), read from its path. */
    text = kt_json_call(kenpo_cost_units_from_receipts,
        "{\"path\":\"tests/contract/cost_units_from_receipts/generated.UKE\",\"certificates\":[]}");
    KT_CONTAINS(text, "\"units\":[{");
    KT_CONTAINS(text, "\"rejected\":[]");
    free(text);
    kt_json_bad_inputs(kenpo_cost_units_from_receipts);
    kt_json_refused(kenpo_cost_units_from_receipts, "{\"path\":\"no/such/file.UKE\",\"certificates\":[]}",
                    KENPO_RESULT_RECEIPT_FILE_IO, "receipts file", NULL);
    kt_json_refused(kenpo_cost_units_from_receipts,
        "{\"path\":\"x\",\"certificates\":[{\"person\":" KEY("00") ",\"disease\":\"flu\",\"from\":\"2026-04\",\"through\":null}]}",
        KENPO_RESULT_INVALID_JSON, "certificates[0].disease", "flu");
    kt_json_refused(kenpo_cost_units_from_receipts,
        "{\"path\":\"x\",\"certificates\":[{\"person\":" KEY("00") ",\"disease\":\"haemophilia\",\"from\":\"2026-13\",\"through\":null}]}",
        KENPO_RESULT_INVALID_DATE, "certificates[0].from", "2026-13");
}

#define HISTORY(amount)                                                                            \
    "[{\"month\":\"2025-05\",\"amount\":" amount "},{\"month\":\"2025-06\",\"amount\":" amount "}," \
    "{\"month\":\"2025-07\",\"amount\":" amount "},{\"month\":\"2025-08\",\"amount\":" amount "},"  \
    "{\"month\":\"2025-09\",\"amount\":" amount "},{\"month\":\"2025-10\",\"amount\":" amount "},"  \
    "{\"month\":\"2025-11\",\"amount\":" amount "},{\"month\":\"2025-12\",\"amount\":" amount "},"  \
    "{\"month\":\"2026-01\",\"amount\":" amount "},{\"month\":\"2026-02\",\"amount\":" amount "},"  \
    "{\"month\":\"2026-03\",\"amount\":" amount "},{\"month\":\"2026-04\",\"amount\":" amount "}]"
#define DAY(date, work, pay) \
    "{\"date\":\"" date "\",\"work\":\"" work "\",\"pay\":" pay ",\"maternity_allowance\":0,\"workers_compensation\":0}"
#define CLAIM(days)                                                                                          \
    "{\"days\":[" days "],\"history\":" HISTORY("300000") ",\"earlier\":null,\"disability_pension\":null,"  \
    "\"disability_lump_sum\":null,\"old_age_pension\":null,\"loss_of_eligibility\":null,"                   \
    "\"earlier_extended\":null,\"explain\":false}"

static void sickness_allowance(void) {
    char *text;
    /* 協会けんぽ examples: 300,000 → 10,000 × 2/3 = 6,667; 170,000 → 5,670 × 2/3 = 3,780. */
    text = kt_json_call(sickness_daily_amount_op,
        "{\"history\":" HISTORY("300000") ",\"first_payment_day\":\"2026-04-13\",\"explain\":false}");
    KT_CONTAINS(text, "\"amount\":6667");
    KT_CONTAINS(text, "\"standard_daily\":10000");
    free(text);
    text = kt_json_call(sickness_daily_amount_op,
        "{\"history\":" HISTORY("170000") ",\"first_payment_day\":\"2026-04-13\",\"explain\":false}");
    KT_CONTAINS(text, "\"amount\":3780");
    free(text);
    /* Insured since April 2026: the lower of 410,000 and the society's 310,000 (法99条2項ただし書). */
    text = kt_json_call(sickness_daily_amount_op,
        "{\"history\":[{\"month\":\"2026-04\",\"amount\":410000}],\"first_payment_day\":\"2026-04-13\",\"explain\":false}");
    KT_CONTAINS(text, "\"amount\":6887");
    free(text);
    kt_json_bad_inputs(sickness_daily_amount_op);
    kt_json_refused(sickness_daily_amount_op,
        "{\"history\":" HISTORY("300000") ",\"first_payment_day\":\"2026-04-31\",\"explain\":false}",
        KENPO_RESULT_INVALID_DATE, "first_payment_day", "2026-04-31");
    kt_json_refused(sickness_daily_amount_op,
        "{\"history\":[{\"month\":\"2026-04\",\"amount\":-300000}],\"first_payment_day\":\"2026-04-13\",\"explain\":false}",
        KENPO_RESULT_INVALID_SICKNESS_PERIOD, "history[0].amount", "300000");
    /* Off Fri 10 – Tue 14 April 2026: Fri–Sun wait (待期), Mon and Tue paid 6,667 each, with the
     * society's 付加金 of 15 % of the 標準報酬日額 (1,500 a day). */
    text = kt_json_call(sickness_allowance_op,
        CLAIM(DAY("2026-04-10", "off", "0") "," DAY("2026-04-11", "off", "0") "," DAY("2026-04-12", "off", "0") ","
              DAY("2026-04-13", "off", "0") "," DAY("2026-04-14", "off", "0")));
    KT_CONTAINS(text, "\"outcome\":{\"kind\":\"waiting\",\"day\":3}");
    KT_CONTAINS(text, "\"total\":13334");
    KT_CONTAINS(text, "\"sickness_total\":3000");
    free(text);
    kt_json_bad_inputs(sickness_allowance_op);
    kt_json_refused(sickness_allowance_op, CLAIM(DAY("2026-04-10", "sleeping", "0")),
                    KENPO_RESULT_INVALID_JSON, "days[0].work", "sleeping");
    kt_json_refused(sickness_allowance_op, CLAIM(DAY("2026-04-31", "off", "0")),
                    KENPO_RESULT_INVALID_DATE, "days[0].date", "2026-04-31");
    kt_json_refused(sickness_allowance_op, CLAIM(DAY("2026-04-10", "off", "-4000")),
                    KENPO_RESULT_INVALID_SICKNESS_PERIOD, "days[0].pay", "4000");
    kt_json_refused(sickness_allowance_op, CLAIM(DAY("2026-04-12", "off", "0") "," DAY("2026-04-11", "off", "0")),
                    KENPO_RESULT_INVALID_SICKNESS_PERIOD, "days[1].date", "2026-04-11");
}

#define MATERNITY(pregnancy, due, pay)                                                                       \
    "{\"due_date\":\"" due "\",\"birth_date\":\"2026-05-15\",\"pregnancy\":\"" pregnancy "\",\"days\":["     \
    "{\"date\":\"2026-05-11\",\"work\":\"off\",\"pay\":" pay "},{\"date\":\"2026-05-12\",\"work\":\"off\",\"pay\":0}]," \
    "\"history\":[{\"month\":\"2025-06\",\"amount\":300000},{\"month\":\"2025-07\",\"amount\":300000},"       \
    "{\"month\":\"2025-08\",\"amount\":300000},{\"month\":\"2025-09\",\"amount\":300000},"                    \
    "{\"month\":\"2025-10\",\"amount\":300000},{\"month\":\"2025-11\",\"amount\":300000},"                    \
    "{\"month\":\"2025-12\",\"amount\":300000},{\"month\":\"2026-01\",\"amount\":300000},"                    \
    "{\"month\":\"2026-02\",\"amount\":300000},{\"month\":\"2026-03\",\"amount\":300000},"                    \
    "{\"month\":\"2026-04\",\"amount\":300000},{\"month\":\"2026-05\",\"amount\":300000}],"                   \
    "\"loss_of_eligibility\":null,\"explain\":false}"

static void maternity_allowance(void) {
    /* Due 2026-05-10, born 5 days late: 42 + 5 + 56 = 103 days from 2026-03-30 (法102条). */
    char *text = kt_json_call(maternity_allowance_op, MATERNITY("single", "2026-05-10", "0"));
    KT_CONTAINS(text, "\"first_day\":\"2026-03-30\"");
    KT_CONTAINS(text, "\"days\":103");
    KT_CONTAINS(text, "\"total\":13334");
    free(text);
    kt_json_bad_inputs(maternity_allowance_op);
    kt_json_refused(maternity_allowance_op, MATERNITY("triplets", "2026-05-10", "0"),
                    KENPO_RESULT_INVALID_JSON, "pregnancy", "triplets");
    kt_json_refused(maternity_allowance_op, MATERNITY("single", "2026-02-29", "0"),
                    KENPO_RESULT_INVALID_DATE, "due_date", "2026-02-29");
    kt_json_refused(maternity_allowance_op, MATERNITY("single", "2026-05-10", "-5000"),
                    KENPO_RESULT_INVALID_BENEFIT_CLAIM, "days[0].pay", "5000");
}

#define CHILDBIRTH(kind, date, charge)                                                                      \
    "{\"kind\":\"" kind "\",\"birth_date\":\"" date "\",\"gestation_weeks\":39,\"gestation_days\":0,"     \
    "\"babies\":1,\"in_compensation_scheme\":true,\"direct_payment_charge\":" charge ","                  \
    "\"loss_of_eligibility\":null,\"explain\":false}"
#define BURIAL(claimant, date) \
    "{\"death_date\":\"" date "\",\"case\":{\"kind\":\"insured_died\",\"claimant\":" claimant "},\"status\":{\"kind\":\"insured\"},\"explain\":false}"

static void childbirth_and_burial(void) {
    char *text;
    /* 令36条 from 2023-04: 500,000 per baby in 産科医療補償制度; 480,000 to the facility under
     * 直接支払制度, 20,000 to the member; the society's 出産育児付加金 20,000. */
    text = kt_json_call(childbirth_lump_sum_op, CHILDBIRTH("insured", "2026-06-01", "480000"));
    KT_CONTAINS(text, "\"to_facility\":480000");
    KT_CONTAINS(text, "\"to_member\":20000");
    KT_CONTAINS(text, "\"supplement\":{\"kind\":\"childbirth\",\"rule_from\":\"2023-04\",\"amount\":20000}");
    free(text);
    kt_json_bad_inputs(childbirth_lump_sum_op);
    kt_json_refused(childbirth_lump_sum_op, CHILDBIRTH("adopted", "2026-06-01", "null"),
                    KENPO_RESULT_INVALID_JSON, "kind", "adopted");
    kt_json_refused(childbirth_lump_sum_op, CHILDBIRTH("insured", "2026-02-30", "null"),
                    KENPO_RESULT_INVALID_DATE, "birth_date", "2026-02-30");
    kt_json_refused(childbirth_lump_sum_op, CHILDBIRTH("insured", "2026-06-01", "-480000"),
                    KENPO_RESULT_INVALID_BENEFIT_CLAIM, "direct_payment_charge", "480000");
    /* 埋葬料 50,000 (令35条) and the society's 埋葬料付加金 50,000. */
    text = kt_json_call(burial_benefit_op, BURIAL("{\"kind\":\"supported_mourner\"}", "2026-05-20"));
    KT_CONTAINS(text, "\"outcome\":{\"kind\":\"paid\",\"benefit\":\"burial_allowance\",\"amount\":50000}");
    KT_CONTAINS(text, "\"amount\":50000}");
    free(text);
    kt_json_bad_inputs(burial_benefit_op);
    kt_json_refused(burial_benefit_op, BURIAL("{\"kind\":\"stranger\"}", "2026-05-20"),
                    KENPO_RESULT_INVALID_JSON, "case", "stranger");
    kt_json_refused(burial_benefit_op, BURIAL("{\"kind\":\"supported_mourner\"}", "2026-04-31"),
                    KENPO_RESULT_INVALID_DATE, "death_date", "2026-04-31");
    kt_json_refused(burial_benefit_op, BURIAL("{\"kind\":\"other_who_buried\",\"actual_cost\":-30000}", "2026-05-20"),
                    KENPO_RESULT_INVALID_BENEFIT_CLAIM, "case.claimant.actual_cost", "30000");
}

#define NOTICE(from, type, cost)                                                                           \
    "{\"from\":\"" from "\",\"to\":\"2026-12\",\"members\":[{\"person\":" KEY("00") ",\"household\":"      \
    KEY("00") ",\"name\":\"山田 太郎\"}],\"rows\":[" ROW("0110113719", type, cost, "3700") "],"            \
    "\"institution_names\":[{\"institution\":\"0110113719\",\"name\":\"見本診療所\"}]}"
#define RECORD(kind, date, amount, id) \
    "{\"member\":" KEY("02") ",\"kind\":\"" kind "\",\"coverage\":{\"kind\":\"event\",\"date\":\"" date "\"},\"amount\":" amount ",\"decision\":\"" id "\"}"

static void notices_and_duplicates(void) {
    char *text = kt_json_call(kenpo_expense_notices, NOTICE("2026-01", MEDICAL, "12340"));
    KT_CONTAINS(text, "\"kind\":\"medical_outpatient\"");
    KT_CONTAINS(text, "\"patient_charge\":3700");
    KT_CONTAINS(text, "見本診療所");
    free(text);
    kt_json_bad_inputs(kenpo_expense_notices);
    kt_json_refused(kenpo_expense_notices, NOTICE("2026-01", "{\"kind\":\"hospice\"}", "12340"),
                    KENPO_RESULT_INVALID_JSON, "rows[0].receipt_type", "hospice");
    kt_json_refused(kenpo_expense_notices, NOTICE("2026-13", MEDICAL, "12340"),
                    KENPO_RESULT_INVALID_DATE, "from", "2026-13");
    kt_json_refused(kenpo_expense_notices, NOTICE("2026-01", MEDICAL, "-12340"),
                    KENPO_RESULT_INVALID_EXPENSE_NOTICE, "rows[0].total_cost", "12340");
    /* Two 家族出産育児一時金 for one person a day apart: one birth paid twice; a negative record is
     * reported and the rest still checked. */
    text = kt_json_call(kenpo_find_duplicate_payments,
        "{\"records\":[" RECORD("family_childbirth_lump_sum", "2026-06-01", "500000", "B-0001") ","
        RECORD("family_childbirth_lump_sum", "2026-06-03", "-1", "B-0002") ","
        RECORD("family_childbirth_lump_sum", "2026-06-02", "500000", "B-0107") "],\"other_insurers\":[]}");
    KT_CONTAINS(text, "\"kind\":\"childbirth_paid_twice\"");
    KT_CONTAINS(text, "\"decisions\":[\"B-0001\",\"B-0107\"]");
    KT_CONTAINS(text, "\"rejected_records\":[{\"index\":1,\"code\":254,\"field\":\"amount\"");
    free(text);
    kt_json_bad_inputs(kenpo_find_duplicate_payments);
    kt_json_refused(kenpo_find_duplicate_payments,
        "{\"records\":[" RECORD("bonus", "2026-06-01", "1", "B-1") "],\"other_insurers\":[]}",
        KENPO_RESULT_INVALID_JSON, "records[0].kind", "bonus");
    kt_json_refused(kenpo_find_duplicate_payments,
        "{\"records\":[" RECORD("burial_allowance", "2026-02-30", "1", "B-1") "],\"other_insurers\":[]}",
        KENPO_RESULT_INVALID_DATE, "records[0].coverage", "2026-02-30");
}

#define APPLICATION(loss, excluded) \
    "{\"loss_date\":\"" loss "\",\"insured_since\":\"2026-02-01\",\"received_on\":\"2026-04-20\",\"delay_accepted\":false,\"excluded\":" excluded ",\"explain\":false}"
#define LOSS(event) "{\"acquired_on\":\"2026-04-01\",\"birth_date\":\"1981-05-10\",\"events\":[" event "],\"explain\":false}"
#define MEMBERSHIP(standard) "{\"acquired_on\":\"2025-04-01\",\"standard_at_loss\":" standard "}"
#define SUBJECT(payment) "{\"birth_date\":\"1981-05-10\",\"dependant_birth_dates\":[],\"care_exempt\":false,\"payment\":\"" payment "\"}"
#define VOLUNTARY_PREMIUM(standard, month, payment) \
    "{\"membership\":" MEMBERSHIP(standard) ",\"month\":\"" month "\",\"subject\":" SUBJECT(payment) ",\"explain\":false}"
#define SAITAMA_PREPAYMENT(months, first, payment)                                                         \
    "{\"membership\":{\"acquired_on\":\"2015-04-01\",\"standard_at_loss\":58000},\"first_month\":\"" first \
    "\",\"months\":" months ",\"subject\":{\"birth_date\":\"1985-06-15\",\"dependant_birth_dates\":[],"   \
    "\"care_exempt\":false,\"payment\":\"" payment "\"},\"explain\":false}"

static void voluntary_continuation(void) {
    char *text;
    /* 法37条1項: the 20th day from a loss on 2026-04-01 is 2026-04-20; two years to 2028-04-01. */
    text = kt_json_call(kenpo_voluntary_application, APPLICATION("2026-04-01", "null"));
    KT_CONTAINS(text, "\"kind\":\"eligible\",\"acquired_on\":\"2026-04-01\",\"two_years_end\":\"2028-04-01\"");
    free(text);
    kt_json_bad_inputs(kenpo_voluntary_application);
    kt_json_refused(kenpo_voluntary_application, APPLICATION("2026-04-01", "\"pirate\""),
                    KENPO_RESULT_INVALID_JSON, "excluded", "pirate");
    kt_json_refused(kenpo_voluntary_application, APPLICATION("2026-02-30", "null"),
                    KENPO_RESULT_INVALID_DATE, "loss_date", "2026-02-30");
    /* A withdrawal received 2026-09-15 ends the status on 2026-10-01 (法38条7号). */
    text = kt_json_call(kenpo_voluntary_loss, LOSS("{\"kind\":\"withdrawal\",\"received_on\":\"2026-09-15\"}"));
    KT_CONTAINS(text, "\"loss_date\":\"2026-10-01\"");
    KT_CONTAINS(text, "\"last_premium_month\":\"2026-09\"");
    free(text);
    kt_json_bad_inputs(kenpo_voluntary_loss);
    kt_json_refused(kenpo_voluntary_loss, LOSS("{\"kind\":\"retired\",\"date\":\"2026-09-15\"}"),
                    KENPO_RESULT_INVALID_JSON, "events[0]", "retired");
    kt_json_refused(kenpo_voluntary_loss, LOSS("{\"kind\":\"death\",\"date\":\"2026-09-31\"}"),
                    KENPO_RESULT_INVALID_DATE, "events[0]", "2026-09-31");
    kt_json_refused(kenpo_voluntary_loss, LOSS("{\"kind\":\"non_payment\",\"month\":\"2026-03\"}"),
                    KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION, "non_payment", NULL);
    /* 法47条: the lesser of 500,000 and the society's 380,000; × 113.6 ‰, paid wholly = 43,168. */
    text = kt_json_call(voluntary_standard_op, "{\"membership\":" MEMBERSHIP("500000") ",\"month\":\"2026-05\",\"explain\":false}");
    KT_CONTAINS(text, "\"basis\":\"society_figure\"");
    KT_CONTAINS(text, "\"standard_monthly\":380000");
    free(text);
    kt_json_bad_inputs(voluntary_standard_op);
    kt_json_refused(voluntary_standard_op, "{\"membership\":" MEMBERSHIP("500000") ",\"month\":\"2026-13\",\"explain\":false}",
                    KENPO_RESULT_INVALID_DATE, "month", "2026-13");
    kt_json_refused(voluntary_standard_op, "{\"membership\":" MEMBERSHIP("-500000") ",\"month\":\"2026-05\",\"explain\":false}",
                    KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION, "membership.standard_at_loss", "500000");
    kt_json_refused(voluntary_standard_op, "{\"membership\":" MEMBERSHIP("500000") ",\"month\":\"2025-05\",\"explain\":false}",
                    KENPO_RESULT_INVALID_SOCIETY_CONFIG, "voluntary_continuation", NULL);
    text = kt_json_call(voluntary_premium_op, VOLUNTARY_PREMIUM("500000", "2026-05", "cash"));
    KT_CONTAINS(text, "\"employee\":43168");
    KT_CONTAINS(text, "\"due_date\":\"2026-05-10\"");
    free(text);
    kt_json_bad_inputs(voluntary_premium_op);
    kt_json_refused(voluntary_premium_op, VOLUNTARY_PREMIUM("500000", "2026-05", "barter"),
                    KENPO_RESULT_INVALID_JSON, "subject.payment", "barter");
    kt_json_refused(voluntary_premium_op, VOLUNTARY_PREMIUM("500000", "2026-5", "cash"),
                    KENPO_RESULT_INVALID_DATE, "month", "2026-5");
    kt_json_refused(voluntary_premium_op, VOLUNTARY_PREMIUM("-1", "2026-05", "cash"),
                    KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION, "membership.standard_at_loss", NULL);
    /* 前納 (令49条): 協会けんぽ 埼玉's FY2015 table, 58,000 × twelve months → 67,670. */
    text = kt_json_call(voluntary_prepayment_op, SAITAMA_PREPAYMENT("12", "2015-04", "cash"));
    KT_CONTAINS(text, "\"amount\":67670");
    free(text);
    kt_json_bad_inputs(voluntary_prepayment_op);
    kt_json_refused(voluntary_prepayment_op, SAITAMA_PREPAYMENT("12", "2015-04", "barter"),
                    KENPO_RESULT_INVALID_JSON, "subject.payment", "barter");
    kt_json_refused(voluntary_prepayment_op, SAITAMA_PREPAYMENT("12", "2015-4", "cash"),
                    KENPO_RESULT_INVALID_DATE, "first_month", "2015-4");
    kt_json_refused(voluntary_prepayment_op, SAITAMA_PREPAYMENT("-12", "2015-04", "cash"),
                    KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION, "months", "-12");
}

int main(void) {
    if (kenpo_society_from_toml(SOCIETY, strlen(SOCIETY), &g_society) != KENPO_RESULT_OK ||
        kenpo_society_from_toml(SAITAMA, strlen(SAITAMA), &g_saitama) != KENPO_RESULT_OK) {
        return 1;
    }
    KT_RUN(high_cost_month_official_figures);
    KT_RUN(high_cost_month_bad_input);
    KT_RUN(high_cost_months_answers_each);
    KT_RUN(high_cost_age_status_scalars);
    KT_RUN(yearly_settlements);
    KT_RUN(cost_units);
    KT_RUN(sickness_allowance);
    KT_RUN(maternity_allowance);
    KT_RUN(childbirth_and_burial);
    KT_RUN(notices_and_duplicates);
    KT_RUN(voluntary_continuation);
    kenpo_society_free(g_society);
    kenpo_society_free(g_saitama);
    KT_FINISH();
}
