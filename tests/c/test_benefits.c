/* Benefits: 高額療養費 + 付加給付 for a household-month, 傷病手当金 for a period. */
#include "kt.h"

/* The module example of kenpo_domain::high_cost: 区分ウ (標準報酬月額 300,000), one inpatient
 * unit of 医療費 1,000,000 with 300,000 paid at the window. */
#define HOUSEHOLD(month)                                                                                   \
    "{\"month\":\"" month "\",\"household\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},"   \
    "\"basis\":{\"standard_monthly\":300000,\"tax_status\":\"Taxed\",\"reference_income_exemption\":false}," \
    "\"members\":[{\"person\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},"                 \
    "\"relation\":\"Insured\",\"age\":{\"band\":\"Under70\",\"birthday_75_halving\":false}}],"            \
    "\"units\":[{\"person\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},\"month\":\"" month \
    "\",\"institution\":\"0110113719\",\"setting\":\"Inpatient\",\"branch\":\"Medical\","                 \
    "\"total_cost\":1000000,\"patient_charge\":300000,\"specified_disease\":null}]}"

static const char JULY[] = "{\"household\":" HOUSEHOLD("2026-07") "}";
static const char AUGUST[] = "{\"household\":" HOUSEHOLD("2026-08") ",\"history\":{\"spell_start\":null,\"paid\":[]}}";

#define RATES "[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n"

/* No 付加給付. */
static const char TOKYO[] = "name = \"東京\"\n" RATES;

/* 一部負担還元金: 25,000 deducted per unit, floored to 100 yen, nothing below 1,000. */
static const char WITH_ADDITIONAL[] =
    "name = \"付加給付あり\"\n" RATES
    "[[additional_benefits.versions]]\n"
    "effective_from = \"2015-01\"\n"
    "[additional_benefits.versions.insured_refund]\n"
    "deductible = 25000\n"
    "minimum_payment = 1000\n";

static const char LATE_ADDITIONAL[] =
    "name = \"付加給付 from 2027\"\n" RATES
    "[[additional_benefits.versions]]\n"
    "effective_from = \"2027-01\"\n";

static const char CLAIM[] =
    "{\"days\":["
    "{\"date\":\"2026-04-10\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-11\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-12\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-13\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-14\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0}],"
    "\"history\":[{\"month\":\"2025-05\",\"amount\":300000},{\"month\":\"2025-06\",\"amount\":300000},"
    "{\"month\":\"2025-07\",\"amount\":300000},{\"month\":\"2025-08\",\"amount\":300000},"
    "{\"month\":\"2025-09\",\"amount\":300000},{\"month\":\"2025-10\",\"amount\":300000},"
    "{\"month\":\"2025-11\",\"amount\":300000},{\"month\":\"2025-12\",\"amount\":300000},"
    "{\"month\":\"2026-01\",\"amount\":300000},{\"month\":\"2026-02\",\"amount\":300000},"
    "{\"month\":\"2026-03\",\"amount\":300000},{\"month\":\"2026-04\",\"amount\":300000}]}";

/* Insured only since April 2026: the society's fallback amount is needed. */
static const char SHORT_CLAIM[] =
    "{\"days\":["
    "{\"date\":\"2026-04-10\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-11\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-12\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0},"
    "{\"date\":\"2026-04-13\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,\"workers_compensation\":0}],"
    "\"history\":[{\"month\":\"2026-04\",\"amount\":410000}]}";

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

static void high_cost_limit_before_and_after_august_2026(void) {
    kenpo_society *tokyo = NULL;
    kenpo_high_cost_result r;
    kenpo_string *json = NULL;
    char *text;
    memset(&r, 0, sizeof r);
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    /* 令42条: 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 → refund 212,570. */
    KT_OK(kenpo_high_cost_decide(tokyo, JULY, strlen(JULY), &r, &json));
    KT_CHECK(r.total_charges == 300000 && r.refund == 212570 && r.additional_benefit == 0);
    KT_CHECK(!r.many_times && r.counts_toward_many_times);
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "\"additional_benefit\":null") != NULL);
    free(text);
    kenpo_string_free(json);
    json = NULL;
    /* From August 2026 the limit is 92,940 → refund 207,060. */
    KT_OK(kenpo_high_cost_decide(tokyo, AUGUST, strlen(AUGUST), &r, &json));
    KT_CHECK(r.refund == 207060);
    kenpo_string_free(json);
    kenpo_society_free(tokyo);
}

static void additional_benefit_on_what_remains(void) {
    kenpo_society *society = NULL;
    kenpo_high_cost_result r;
    kenpo_string *json = NULL;
    memset(&r, 0, sizeof r);
    KT_OK(kenpo_society_from_toml(WITH_ADDITIONAL, strlen(WITH_ADDITIONAL), &society));
    KT_OK(kenpo_high_cost_decide(society, JULY, strlen(JULY), &r, &json));
    /* 300,000 − 212,570 − 25,000 = 62,430 → floored to 100 yen: 62,400. */
    KT_CHECK(r.refund == 212570 && r.additional_benefit == 62400);
    kenpo_string_free(json);
    kenpo_society_free(society);
}

static void high_cost_errors(void) {
    const char wrong_month[] = "{\"household\":" HOUSEHOLD("2026-07") "}";
    char mismatched[2048];
    kenpo_society *tokyo = NULL;
    kenpo_society *late = NULL;
    kenpo_high_cost_result r;
    kenpo_string *json = NULL;
    char *p;
    memset(&r, 0, sizeof r);
    /* A unit of another month than the household month. */
    strcpy(mismatched, wrong_month);
    p = strstr(mismatched, "\"units\":[{\"person\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},\"month\":\"2026-07\"");
    KT_CHECK(p != NULL);
    if (p != NULL) {
        p = strstr(p, "2026-07");
        p[6] = '6';
    }
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    KT_OK(kenpo_society_from_toml(LATE_ADDITIONAL, strlen(LATE_ADDITIONAL), &late));
    KT_EXPECT(KENPO_RESULT_INVALID_HOUSEHOLD, kenpo_high_cost_decide(tokyo, mismatched, strlen(mismatched), &r, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_high_cost_decide(tokyo, "{\"household\":{}}", 16, &r, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_high_cost_decide(late, JULY, strlen(JULY), &r, &json));
    kenpo_society_free(late);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_high_cost_decide(late, JULY, strlen(JULY), &r, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_decide(tokyo, JULY, strlen(JULY), NULL, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_decide(tokyo, NULL, 0, &r, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_decide(NULL, JULY, strlen(JULY), &r, &json));
    kenpo_society_free(tokyo);
    KT_CHECK(json == NULL && r.refund == 0);
}

static void age_status_for_the_household_json(void) {
    uint32_t band = 0;
    bool halving = true;
    KT_OK(kenpo_high_cost_age_status(d(1980, 5, 2), ym(2026, 7), &band, &halving));
    KT_CHECK(band == KENPO_AGE_BAND_UNDER70 && !halving);
    /* Born 1956-05-02: reaches 70 on 2026-05-01, 高齢受給者 from June 2026. */
    KT_OK(kenpo_high_cost_age_status(d(1956, 5, 2), ym(2026, 6), &band, &halving));
    KT_CHECK(band == KENPO_AGE_BAND_ELDERLY);
    /* 75th birthday 2026-07-15: that month is halved; from August not in kenpo. */
    KT_OK(kenpo_high_cost_age_status(d(1951, 7, 15), ym(2026, 7), &band, &halving));
    KT_CHECK(halving);
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_high_cost_age_status(d(1951, 7, 15), ym(2026, 8), &band, &halving));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_high_cost_age_status(d(1951, 7, 15), ym(2026, 13), &band, &halving));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_high_cost_age_status(d(1951, 7, 15), ym(2026, 7), NULL, &halving));
}

static void sickness_allowance_waiting_then_paid(void) {
    kenpo_society *tokyo = NULL;
    kenpo_sickness_result r;
    kenpo_string *json = NULL;
    char *text;
    memset(&r, 0, sizeof r);
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &tokyo));
    /* Off Fri 10 – Tue 14 April 2026: Fri–Sun wait (待期), Mon and Tue paid at
     * 300,000 ÷ 30 = 10,000 × 2/3 = 6,667 a day. */
    KT_OK(kenpo_sickness_allowance_decide(tokyo, CLAIM, strlen(CLAIM), &r, &json));
    KT_CHECK(r.daily_amount == 6667 && r.total == 13334 && r.days_paid == 2 && r.days_paid_cumulative == 2);
    KT_CHECK(r.has_first_payment_day && r.first_payment_day.year == 2026 && r.first_payment_day.month == 4 &&
             r.first_payment_day.day == 13);
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "Waiting") != NULL);
    free(text);
    kenpo_string_free(json);
    kenpo_society_free(tokyo);
}

static void sickness_allowance_fallback_from_the_society(void) {
    const char with_fallback[] =
        "name = \"x\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92‰\", care = \"18‰\" }\n"
        "[[sickness_allowance_fallback]]\neffective_from = \"2026-04\"\nvalue = 310000\n";
    static const char DAYS_OUT_OF_ORDER[] =
        "{\"days\":[{\"date\":\"2026-04-12\",\"work\":\"Off\",\"pay\":0,\"maternity_allowance\":0,"
        "\"workers_compensation\":0},{\"date\":\"2026-04-11\",\"work\":\"Off\",\"pay\":0,"
        "\"maternity_allowance\":0,\"workers_compensation\":0}],\"history\":[]}"; /* days out of order */
    kenpo_society *without = NULL;
    kenpo_society *with = NULL;
    kenpo_sickness_result r;
    kenpo_string *json = NULL;
    memset(&r, 0, sizeof r);
    KT_OK(kenpo_society_from_toml(TOKYO, strlen(TOKYO), &without));
    KT_OK(kenpo_society_from_toml(with_fallback, strlen(with_fallback), &with));
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG,
              kenpo_sickness_allowance_decide(without, SHORT_CLAIM, strlen(SHORT_CLAIM), &r, &json));
    /* 法99条2項ただし書: the lower of the own average (410,000) and the fallback (310,000):
     * 310,000 ÷ 30 = 10,333.3 → 10,330; × 2/3 = 6,886.7 → 6,887. */
    KT_OK(kenpo_sickness_allowance_decide(with, SHORT_CLAIM, strlen(SHORT_CLAIM), &r, &json));
    KT_CHECK(r.daily_amount == 6887 && r.total == 6887);
    kenpo_string_free(json);
    json = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_SICKNESS_PERIOD,
              kenpo_sickness_allowance_decide(with, DAYS_OUT_OF_ORDER, strlen(DAYS_OUT_OF_ORDER), &r, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_sickness_allowance_decide(with, "[", 1, &r, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_sickness_allowance_decide(NULL, CLAIM, strlen(CLAIM), &r, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_sickness_allowance_decide(with, CLAIM, strlen(CLAIM), &r, NULL));
    KT_CHECK(json == NULL);
    kenpo_society_free(without);
    kenpo_society_free(with);
}

int main(void) {
    KT_RUN(high_cost_limit_before_and_after_august_2026);
    KT_RUN(additional_benefit_on_what_remains);
    KT_RUN(high_cost_errors);
    KT_RUN(age_status_for_the_household_json);
    KT_RUN(sickness_allowance_waiting_then_paid);
    KT_RUN(sickness_allowance_fallback_from_the_society);
    KT_FINISH();
}
