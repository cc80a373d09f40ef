/* Standard remuneration, premiums and the employer notice. */
#include "kt.h"

/* 協会けんぽ Tokyo rates for FY2026 as a configuration: 9.85 % + 介護 1.62 %. */
static const char TOKYO[] =
    "name = \"東京 (協会けんぽ rates)\"\n"
    "[[rates]]\n"
    "effective_from = \"2026-03\"\n"
    "value = { general = \"9.85%\", care = \"1.62%\" }\n";

static kenpo_date d(int32_t y, int32_t m, int32_t dd) {
    kenpo_date r;
    r.year = y;
    r.month = m;
    r.day = dd;
    return r;
}

static kenpo_month ym(int32_t y, int32_t m) {
    kenpo_month r;
    r.year = y;
    r.month = m;
    return r;
}

static kenpo_premium_subject subject_born(kenpo_date birth) {
    kenpo_premium_subject s;
    memset(&s, 0, sizeof s);
    s.birth_date = birth;
    s.dependant_birth_dates = NULL;
    s.dependant_count = 0;
    s.care_exempt = false;
    s.payment = KENPO_PAYMENT_METHOD_WAGE_DEDUCTION;
    return s;
}

static void grade_table_edges(void) {
    kenpo_grade g;
    memset(&g, 0, sizeof g);
    /* 法40条1項: grade 1 is 58,000 below 63,000; grade 2 from 63,000. */
    KT_OK(kenpo_grade_for_remuneration(ym(2026, 4), 62999, &g));
    KT_CHECK(g.number == 1 && g.standard_monthly == 58000);
    KT_OK(kenpo_grade_for_remuneration(ym(2026, 4), 63000, &g));
    KT_CHECK(g.number == 2 && g.standard_monthly == 68000);
    KT_OK(kenpo_grade_for_remuneration(ym(2026, 4), 2000000, &g));
    KT_CHECK(g.number == 50 && g.standard_monthly == 1390000);
    KT_EXPECT(KENPO_RESULT_INVALID_AMOUNT, kenpo_grade_for_remuneration(ym(2026, 4), -1, &g));
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_grade_for_remuneration(ym(2015, 4), 300000, &g));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_grade_for_remuneration(ym(2026, 0), 300000, &g));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_grade_for_remuneration(ym(2026, 4), 300000, NULL));
    KT_CHECK(g.number == 50);
}

static void standard_bonus_floor_and_cap(void) {
    int64_t standard = 0;
    int64_t cumulative = 0;
    /* 法45条: below 1,000 yen cut off; the fiscal-year cap 5,730,000. */
    KT_OK(kenpo_standard_bonus(d(2026, 6, 30), 1234567, 0, &standard, &cumulative));
    KT_CHECK(standard == 1234000 && cumulative == 1234000);
    KT_OK(kenpo_standard_bonus(d(2026, 12, 10), 1000000, 5000000, &standard, &cumulative));
    KT_CHECK(standard == 730000 && cumulative == 5730000);
    KT_EXPECT(KENPO_RESULT_INVALID_AMOUNT, kenpo_standard_bonus(d(2026, 6, 30), -1, 0, &standard, &cumulative));
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_standard_bonus(d(2000, 6, 30), 100000, 0, &standard, &cumulative));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_standard_bonus(d(2026, 6, 30), 1, 0, NULL, &cumulative));
}

static void monthly_premium_rounds_once_on_the_combined_rate(void) {
    kenpo_society *tokyo = NULL;
    kenpo_premium *p = NULL;
    kenpo_premium_subject s = subject_born(d(1980, 6, 15));
    kenpo_grade g;
    int64_t employee = 0;
    char total[64];
    char employer[64];
    size_t nt = 0;
    size_t ne = 0;
    kenpo_string *json = NULL;
    char *text;
    g.number = 10;
    g.standard_monthly = 134000;
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    KT_OK(kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &p));
    /* 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (rounded apart the parts would give 7,684). */
    KT_OK(kenpo_premium_employee_share(p, &employee));
    KT_CHECK(employee == 7685);
    KT_OK(kenpo_premium_exact_amounts(p, total, sizeof total, &nt, employer, sizeof employer, &ne));
    KT_CHECK(nt == 7 && memcmp(total, "15369.8", 7) == 0);
    KT_CHECK(ne == 6 && memcmp(employer, "7684.8", 6) == 0);
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_premium_exact_amounts(p, total, 3, &nt, employer, sizeof employer, &ne));
    KT_OK(kenpo_premium_to_json(p, &json));
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "\"employee\":7685") != NULL);
    free(text);
    kenpo_string_free(json);
    kenpo_premium_free(p);
    kenpo_society_free(tokyo);
}

static void premium_errors(void) {
    kenpo_society *tokyo = NULL;
    kenpo_premium *p = NULL;
    kenpo_premium_subject s = subject_born(d(1980, 6, 15));
    kenpo_grade g;
    g.number = 10;
    g.standard_monthly = 134000;
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_premium_monthly(tokyo, ym(2026, 2), &g, &s, &p));
    g.standard_monthly = 135000;
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &p));
    g.standard_monthly = 134000;
    s.payment = 7;
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &p));
    s.payment = KENPO_PAYMENT_METHOD_CASH;
    s.dependant_count = 1; /* with a NULL array */
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &p));
    s.dependant_count = 0;
    KT_EXPECT(KENPO_RESULT_INVALID_PREMIUM_INPUT, kenpo_premium_bonus(tokyo, ym(2026, 3), 1234, &s, &p));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_premium_monthly(tokyo, ym(2026, 3), NULL, &s, &p));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_premium_monthly(NULL, ym(2026, 3), &g, &s, &p));
    KT_CHECK(p == NULL);
    kenpo_society_free(tokyo);
}

static void employer_notice_from_premiums_drops_the_fraction_once(void) {
    kenpo_society *tokyo = NULL;
    kenpo_premium *items[3] = {NULL, NULL, NULL};
    kenpo_premium_subject s = subject_born(d(1980, 6, 15));
    kenpo_date dependants[1];
    kenpo_grade g;
    kenpo_notice_totals totals;
    kenpo_string *json = NULL;
    g.number = 10;
    g.standard_monthly = 134000;
    memset(&totals, 0, sizeof totals);
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    KT_OK(kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &items[0]));
    dependants[0] = d(1960, 1, 1);
    s.dependant_birth_dates = dependants;
    s.dependant_count = 1;
    KT_OK(kenpo_premium_monthly(tokyo, ym(2026, 3), &g, &s, &items[1]));
    KT_OK(kenpo_premium_bonus(tokyo, ym(2026, 3), 500000, &s, &items[2]));
    KT_OK(kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    /* 2 × 15,369.8 = 30,739.6 → 30,739; employees 2 × 7,685. */
    KT_CHECK(totals.total == 30739 && totals.employee_total == 15370 && totals.employer_total == 15369);
    KT_CHECK(totals.lines == 2);
    kenpo_string_free(json);
    json = NULL;
    KT_OK(kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 3, &totals, &json));
    KT_CHECK(totals.lines == 3);
    kenpo_string_free(json);
    json = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_PREMIUM_INPUT,
              kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 4), (const kenpo_premium *const *)items, 2, &totals, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER,
              kenpo_employer_notice_from_premiums("A-1", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    kenpo_premium_free(items[1]);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE,
              kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    items[1] = NULL;
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    KT_OK(kenpo_employer_notice_from_premiums("A01", 3, ym(2026, 3), NULL, 0, &totals, &json));
    KT_CHECK(totals.total == 0 && totals.lines == 0);
    kenpo_string_free(json);
    kenpo_premium_free(items[0]);
    kenpo_premium_free(items[2]);
    kenpo_society_free(tokyo);
}

/* ---- The JSON operations (the versioned contract) ---- */

static kenpo_society *g_tokyo = NULL;

static kenpo_result monthly_premium_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_monthly_premium(g_tokyo, r, n, o);
}
static kenpo_result bonus_premium_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_bonus_premium(g_tokyo, r, n, o);
}
static kenpo_result premiums_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_premiums(g_tokyo, r, n, o);
}
static kenpo_result employer_notice_op(const char *r, size_t n, kenpo_string **o) {
    return kenpo_employer_notice(g_tokyo, r, n, o);
}

#define SUBJECT_1980 \
    "{\"birth_date\":\"1980-06-15\",\"dependant_birth_dates\":[],\"care_exempt\":false,\"payment\":\"wage_deduction\"}"

static void json_monthly_premium_official_figure(void) {
    /* 協会けんぽ 東京 FY2026 額表: 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685; employer 7,684.8. */
    char *text = kt_json_call(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":134000,\"explain\":true,\"subject\":" SUBJECT_1980 "}");
    KT_CONTAINS(text, "\"employee\":7685");
    KT_CONTAINS(text, "\"employer\":\"7684.8\"");
    KT_CONTAINS(text, "\"care\":\"category2\"");
    KT_CONTAINS(text, "\"steps\":[");
    free(text);
    /* Without `explain` the response carries no steps. */
    text = kt_json_call(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":134000,\"explain\":false,\"subject\":" SUBJECT_1980 "}");
    KT_CONTAINS(text, "\"explanation\":null");
    free(text);
}

static void json_monthly_premium_bad_input(void) {
    kt_json_bad_inputs(monthly_premium_op);
    /* An unknown enum value, a date that does not exist, a standard that is no grade's amount,
     * a negative amount, a missing field: each names its field, none echoes the value. */
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":134000,\"explain\":false,\"subject\":"
        "{\"birth_date\":\"1980-06-15\",\"dependant_birth_dates\":[],\"care_exempt\":false,\"payment\":\"barter\"}}",
        KENPO_RESULT_INVALID_JSON, "subject.payment", "barter");
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":134000,\"explain\":false,\"subject\":"
        "{\"birth_date\":\"1980-02-30\",\"dependant_birth_dates\":[],\"care_exempt\":false,\"payment\":\"cash\"}}",
        KENPO_RESULT_INVALID_DATE, "subject.birth_date", "1980");
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":134001,\"explain\":false,\"subject\":" SUBJECT_1980 "}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "standard_monthly", "134001");
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-03\",\"standard_monthly\":-134000,\"explain\":false,\"subject\":" SUBJECT_1980 "}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "standard_monthly", "134000");
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-03\",\"explain\":false,\"subject\":" SUBJECT_1980 "}",
        KENPO_RESULT_INVALID_JSON, "standard_monthly", NULL);
    kt_json_refused(monthly_premium_op,
        "{\"month\":\"2026-02\",\"standard_monthly\":134000,\"explain\":false,\"subject\":" SUBJECT_1980 "}",
        KENPO_RESULT_RULE_REFUSED, "no rates", NULL);
    {
        kenpo_string *out = NULL;
        const char req[] = "{}";
        KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_monthly_premium(NULL, req, 2, &out));
        KT_CHECK(out == NULL);
    }
}

static void json_bonus_premium(void) {
    /* 500,000 標準賞与額, same rates: 500,000 × 11.47 % ÷ 2 = 28,675. */
    char *text = kt_json_call(bonus_premium_op,
        "{\"month\":\"2026-03\",\"standard_bonus\":500000,\"explain\":false,\"subject\":" SUBJECT_1980 "}");
    KT_CONTAINS(text, "\"base_kind\":\"bonus\"");
    KT_CONTAINS(text, "\"employee\":28675");
    free(text);
    kt_json_bad_inputs(bonus_premium_op);
    kt_json_refused(bonus_premium_op,
        "{\"month\":\"2026-03\",\"standard_bonus\":500500,\"explain\":false,\"subject\":" SUBJECT_1980 "}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "standard_bonus", "500500");
}

static void json_premium_batch_reports_every_refused_line(void) {
    char *text = kt_json_call(premiums_op,
        "{\"month\":\"2026-03\",\"explain\":false,\"lines\":["
        "{\"base_kind\":\"monthly\",\"standard_amount\":134000,\"subject\":" SUBJECT_1980 "},"
        "{\"base_kind\":\"monthly\",\"standard_amount\":134001,\"subject\":" SUBJECT_1980 "},"
        "{\"base_kind\":\"bonus\",\"standard_amount\":1234,\"subject\":" SUBJECT_1980 "}]}");
    KT_CONTAINS(text, "\"employee\":7685");
    KT_CONTAINS(text, "null,null]");
    KT_CONTAINS(text, "\"index\":1,\"code\":231,\"field\":\"standard_amount\"");
    KT_CONTAINS(text, "\"index\":2,\"code\":231,\"field\":\"standard_amount\"");
    free(text);
    kt_json_bad_inputs(premiums_op);
}

static void json_employer_notice(void) {
    /* Two persons at 134,000: 2 × 15,369.8 = 30,739.6 → 30,739 due; employees 2 × 7,685. */
    char *text = kt_json_call(employer_notice_op,
        "{\"office\":\"A01\",\"month\":\"2026-03\",\"explain\":false,\"lines\":["
        "{\"base_kind\":\"monthly\",\"standard_amount\":134000,\"subject\":" SUBJECT_1980 "},"
        "{\"base_kind\":\"monthly\",\"standard_amount\":134000,\"subject\":" SUBJECT_1980 "}]}");
    KT_CONTAINS(text, "\"total\":30739");
    KT_CONTAINS(text, "\"employee_total\":15370");
    KT_CONTAINS(text, "\"employer_total\":15369");
    free(text);
    kt_json_bad_inputs(employer_notice_op);
    kt_json_refused(employer_notice_op,
        "{\"office\":\"A-1\",\"month\":\"2026-03\",\"explain\":false,\"lines\":[]}",
        KENPO_RESULT_INVALID_IDENTIFIER, "office", NULL);
    kt_json_refused(employer_notice_op,
        "{\"office\":\"A01\",\"month\":\"2026-03\",\"explain\":false,\"lines\":["
        "{\"base_kind\":\"monthly\",\"standard_amount\":134000,\"subject\":" SUBJECT_1980 "},"
        "{\"base_kind\":\"monthly\",\"standard_amount\":1,\"subject\":" SUBJECT_1980 "}]}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "lines[1].standard_amount", NULL);
}

static void json_month_and_bonus_charge(void) {
    char *text;
    /* 同月得喪: acquired 2026-04-01, lost 2026-04-20: April carries a premium. */
    text = kt_json_call(kenpo_month_charge,
        "{\"coverage\":{\"acquired_on\":\"2026-04-01\",\"lost_on\":\"2026-04-20\"},"
        "\"birth_date\":\"1980-06-15\",\"leaves\":[],\"month\":\"2026-04\",\"explain\":false}");
    KT_CONTAINS(text, "\"charge\":{\"kind\":\"charged\"}");
    free(text);
    /* A childcare leave covering the month end of June exempts June (法159条). */
    text = kt_json_call(kenpo_month_charge,
        "{\"coverage\":{\"acquired_on\":\"2020-04-01\",\"lost_on\":null},\"birth_date\":\"1990-01-01\","
        "\"leaves\":[{\"kind\":\"childcare\",\"first_day\":\"2026-06-10\",\"last_day\":\"2026-08-31\",\"agreed_work_days\":0}],"
        "\"month\":\"2026-06\",\"explain\":true}");
    KT_CONTAINS(text, "\"kind\":\"exempt\",\"leave\":\"childcare\"");
    free(text);
    /* A bonus paid in the month of loss carries none (法156条3項). */
    text = kt_json_call(kenpo_bonus_charge,
        "{\"coverage\":{\"acquired_on\":\"2020-04-01\",\"lost_on\":\"2026-07-20\"},"
        "\"birth_date\":\"1980-06-15\",\"leaves\":[],\"paid_on\":\"2026-07-10\",\"explain\":false}");
    KT_CONTAINS(text, "\"kind\":\"not_insured\"");
    free(text);
    kt_json_bad_inputs(kenpo_month_charge);
    kt_json_bad_inputs(kenpo_bonus_charge);
    kt_json_refused(kenpo_month_charge,
        "{\"coverage\":{\"acquired_on\":\"2026-04-01\",\"lost_on\":\"2026-03-20\"},"
        "\"birth_date\":\"1980-06-15\",\"leaves\":[],\"month\":\"2026-04\",\"explain\":false}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "lost_on", "2026-03-20");
    kt_json_refused(kenpo_month_charge,
        "{\"coverage\":{\"acquired_on\":\"2026-04-01\",\"lost_on\":null},"
        "\"birth_date\":\"1980-06-15\",\"leaves\":[{\"kind\":\"holiday\",\"first_day\":\"2026-06-10\","
        "\"last_day\":\"2026-06-30\",\"agreed_work_days\":0}],\"month\":\"2026-04\",\"explain\":false}",
        KENPO_RESULT_INVALID_JSON, "leaves[0].kind", "holiday");
    kt_json_refused(kenpo_bonus_charge,
        "{\"coverage\":{\"acquired_on\":\"2026-04-01\",\"lost_on\":null},"
        "\"birth_date\":\"1980-06-15\",\"leaves\":[{\"kind\":\"childcare\",\"first_day\":\"2026-06-10\","
        "\"last_day\":\"2026-06-30\",\"agreed_work_days\":-1}],\"paid_on\":\"2026-06-30\",\"explain\":false}",
        KENPO_RESULT_INVALID_PREMIUM_INPUT, "leaves[0].agreed_work_days", NULL);
}

static void society_rates_for(void) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(kenpo_society_rates_for(g_tokyo, ym(2026, 9), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"general_percent\":\"9.85\"");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_society_rates_for(g_tokyo, ym(2026, 1), &out));
    text = kt_string_text(out);
    KT_CHECK(text != NULL && strcmp(text, "null") == 0);
    free(text);
    kenpo_string_free(out);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_society_rates_for(g_tokyo, ym(2026, 13), &out));
}

int main(void) {
    KT_RUN(grade_table_edges);
    KT_RUN(standard_bonus_floor_and_cap);
    KT_RUN(monthly_premium_rounds_once_on_the_combined_rate);
    KT_RUN(premium_errors);
    KT_RUN(employer_notice_from_premiums_drops_the_fraction_once);
    if (kenpo_society_from_toml(TOKYO, strlen(TOKYO), &g_tokyo) != KENPO_RESULT_OK) {
        return 1;
    }
    KT_RUN(json_monthly_premium_official_figure);
    KT_RUN(json_monthly_premium_bad_input);
    KT_RUN(json_bonus_premium);
    KT_RUN(json_premium_batch_reports_every_refused_line);
    KT_RUN(json_employer_notice);
    KT_RUN(json_month_and_bonus_charge);
    KT_RUN(society_rates_for);
    kenpo_society_free(g_tokyo);
    KT_FINISH();
}
