/* Checkups: stratification of one 特定健診 result (第4期 criteria). */
#include "kt.h"

#define RESULT(extra, smoking)                                                                    \
    "{\"date\":\"2026-09-10\",\"sex\":\"female\",\"values\":{\"waist\":\"90.0\"" extra            \
    ",\"triglycerides_fasting\":\"90\",\"hdl\":\"60\",\"systolic_bp\":\"118\",\"diastolic_bp\":\"72\"}," \
    "\"blood_draw\":null,\"smoking\":" smoking ","                                                \
    "\"medication\":{\"hypertension\":false,\"diabetes\":false,\"dyslipidaemia\":false}}"

/* The module example of kenpo_domain::checkup: waist 90.0 cm (female cut-off 90) and HbA1c 5.6 %. */
static const char SMOKER[] = RESULT(",\"hba1c\":\"5.6\"", "true");
static const char NON_SMOKER[] = RESULT(",\"hba1c\":\"5.6\"", "false");
static const char NO_GLUCOSE[] = RESULT("", "true");
static const char IMPOSSIBLE[] = RESULT(",\"hba1c\":\"65\"", "false");
static const char BEFORE_FY2024[] =
    "{\"date\":\"2023-09-10\",\"sex\":\"female\",\"values\":{\"waist\":\"90.0\"},\"smoking\":false}";

static kenpo_date d(int32_t y, int32_t m, int32_t dd) {
    kenpo_date r;
    r.year = y;
    r.month = m;
    r.day = dd;
    return r;
}

/* 52 at the end of FY2026 (2027-03-31). */
static kenpo_date born(void) { return d(1974, 6, 1); }

static void stratification_levels(void) {
    bool decided = false;
    uint32_t level = 0;
    kenpo_string *json = NULL;
    char *text;
    /* Glucose + smoking (smoking counts because another risk is present) = 2 → 積極的支援. */
    KT_OK(kenpo_checkup_stratify(SMOKER, strlen(SMOKER), born(), &decided, &level, &json));
    KT_CHECK(decided && level == KENPO_GUIDANCE_LEVEL_ACTIVE);
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "HbA1c") != NULL);
    free(text);
    kenpo_string_free(json);
    json = NULL;
    /* Glucose alone = 1 → 動機付け支援. */
    KT_OK(kenpo_checkup_stratify(NON_SMOKER, strlen(NON_SMOKER), born(), &decided, &level, &json));
    KT_CHECK(decided && level == KENPO_GUIDANCE_LEVEL_MOTIVATIONAL);
    kenpo_string_free(json);
}

static void missing_data_leave_the_level_open(void) {
    bool decided = true;
    uint32_t level = 9;
    kenpo_string *json = NULL;
    char *text;
    KT_OK(kenpo_checkup_stratify(NO_GLUCOSE, strlen(NO_GLUCOSE), born(), &decided, &level, &json));
    KT_CHECK(!decided && level == 0);
    text = kt_string_text(json);
    KT_CHECK(text != NULL && strstr(text, "\"undecided\":[") != NULL);
    free(text);
    kenpo_string_free(json);
}

static void checkup_errors(void) {
    bool decided = false;
    uint32_t level = 0;
    kenpo_string *json = NULL;
    char detail[1024];
    size_t n = 0;
    KT_EXPECT(KENPO_RESULT_INVALID_CHECKUP, kenpo_checkup_stratify(IMPOSSIBLE, strlen(IMPOSSIBLE), born(), &decided, &level, &json));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail, &n));
    detail[n < sizeof detail ? n : sizeof detail - 1] = '\0';
    KT_CHECK(strstr(detail, "HbA1c") != NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_CHECKUP, kenpo_checkup_stratify(BEFORE_FY2024, strlen(BEFORE_FY2024), born(), &decided, &level, &json));
    /* 30 in the fiscal year: not a 特定健診 target. */
    KT_EXPECT(KENPO_RESULT_RULE_REFUSED, kenpo_checkup_stratify(SMOKER, strlen(SMOKER), d(1996, 6, 1), &decided, &level, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_checkup_stratify(SMOKER, strlen(SMOKER), d(1974, 2, 30), &decided, &level, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_checkup_stratify("{\"date\":1}", 10, born(), &decided, &level, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_checkup_stratify(NULL, 0, born(), &decided, &level, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_checkup_stratify(SMOKER, strlen(SMOKER), born(), &decided, NULL, &json));
    KT_CHECK(json == NULL);
}

int main(void) {
    KT_RUN(stratification_levels);
    KT_RUN(missing_data_leave_the_level_open);
    KT_RUN(checkup_errors);
    KT_FINISH();
}
