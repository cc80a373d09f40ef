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
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_grade_for_remuneration(ym(2015, 4), 300000, &g));
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
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_standard_bonus(d(2000, 6, 30), 100000, 0, &standard, &cumulative));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_standard_bonus(d(2026, 6, 30), 1, 0, NULL, &cumulative));
}

static void regular_determination_decides_a_grade(void) {
    const char input[] =
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"months\":["
        "{\"month\":\"2026-04\",\"base_days\":30,\"amount\":300000},"
        "{\"month\":\"2026-05\",\"base_days\":31,\"amount\":310000},"
        "{\"month\":\"2026-06\",\"base_days\":30,\"amount\":290000}]}";
    const char outside[] =
        "{\"year\":2026,\"worker\":\"regular\",\"acquired_on\":\"2020-04-01\",\"previous\":null,"
        "\"revision_effective_from\":null,\"months\":[{\"month\":\"2026-07\",\"base_days\":30,\"amount\":1}]}";
    bool decided = false;
    kenpo_grade g;
    kenpo_string *json = NULL;
    char *text;
    memset(&g, 0, sizeof g);
    KT_OK(kenpo_regular_determination(input, strlen(input), &decided, &g, &json));
    KT_CHECK(decided && g.standard_monthly == 300000 && g.number == 22);
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "\"effective_from\":\"2026-09\"") != NULL);
    free(text);
    kenpo_string_free(json);
    json = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_regular_determination(outside, strlen(outside), &decided, &g, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_regular_determination("{}", 2, &decided, &g, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_regular_determination(input, strlen(input), NULL, &g, &json));
    KT_CHECK(json == NULL);
}

static void occasional_revision_needs_two_grades(void) {
    /* From grade 22 (300,000) to an average of 310,000 (grade 23): one grade, no revision. */
    const char one_grade[] =
        "{\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"increase\",\"first_month\":\"2026-04\",\"months\":["
        "{\"month\":\"2026-04\",\"base_days\":30,\"amount\":310000},"
        "{\"month\":\"2026-05\",\"base_days\":31,\"amount\":310000},"
        "{\"month\":\"2026-06\",\"base_days\":30,\"amount\":310000}]}";
    const char two_grades[] =
        "{\"worker\":\"regular\",\"current\":{\"number\":22,\"standard_monthly\":300000},"
        "\"current_remuneration\":null,\"change\":\"increase\",\"first_month\":\"2026-04\",\"months\":["
        "{\"month\":\"2026-04\",\"base_days\":30,\"amount\":340000},"
        "{\"month\":\"2026-05\",\"base_days\":31,\"amount\":340000},"
        "{\"month\":\"2026-06\",\"base_days\":30,\"amount\":340000}]}";
    bool revised = true;
    kenpo_grade g;
    kenpo_string *json = NULL;
    memset(&g, 0, sizeof g);
    KT_OK(kenpo_occasional_revision(one_grade, strlen(one_grade), &revised, &g, &json));
    KT_CHECK(!revised && g.number == 0);
    kenpo_string_free(json);
    json = NULL;
    KT_OK(kenpo_occasional_revision(two_grades, strlen(two_grades), &revised, &g, &json));
    KT_CHECK(revised && g.standard_monthly == 340000);
    kenpo_string_free(json);
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
    KT_EXPECT(KENPO_RESULT_INVALID_PREMIUM_INPUT, kenpo_premium_monthly(tokyo, ym(2026, 2), &g, &s, &p));
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

static void employer_notice_drops_the_fraction_once(void) {
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
    KT_OK(kenpo_employer_notice("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    /* 2 × 15,369.8 = 30,739.6 → 30,739; employees 2 × 7,685. */
    KT_CHECK(totals.total == 30739 && totals.employee_total == 15370 && totals.employer_total == 15369);
    KT_CHECK(totals.lines == 2);
    kenpo_string_free(json);
    json = NULL;
    KT_OK(kenpo_employer_notice("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 3, &totals, &json));
    KT_CHECK(totals.lines == 3);
    kenpo_string_free(json);
    json = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_PREMIUM_INPUT,
              kenpo_employer_notice("A01", 3, ym(2026, 4), (const kenpo_premium *const *)items, 2, &totals, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER,
              kenpo_employer_notice("A-1", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    kenpo_premium_free(items[1]);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE,
              kenpo_employer_notice("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    items[1] = NULL;
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_employer_notice("A01", 3, ym(2026, 3), (const kenpo_premium *const *)items, 2, &totals, &json));
    KT_OK(kenpo_employer_notice("A01", 3, ym(2026, 3), NULL, 0, &totals, &json));
    KT_CHECK(totals.total == 0 && totals.lines == 0);
    kenpo_string_free(json);
    kenpo_premium_free(items[0]);
    kenpo_premium_free(items[2]);
    kenpo_society_free(tokyo);
}

int main(void) {
    KT_RUN(grade_table_edges);
    KT_RUN(standard_bonus_floor_and_cap);
    KT_RUN(regular_determination_decides_a_grade);
    KT_RUN(occasional_revision_needs_two_grades);
    KT_RUN(monthly_premium_rounds_once_on_the_combined_rate);
    KT_RUN(premium_errors);
    KT_RUN(employer_notice_drops_the_fraction_once);
    KT_FINISH();
}
