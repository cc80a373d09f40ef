/* Society configuration and the member master: events, batch, eligibility,
 * household, persistence, handle rules. */
#include "kt.h"

static const char SOCIETY_TOML[] =
    "name = \"見本健康保険組合\"\n"
    "insurer_number = \"06139992\"\n"
    "specified_insured_care = true\n"
    "[[rates]]\n"
    "effective_from = \"2026-03\"\n"
    "value = { general = \"92‰\", adjustment = \"1.3‰\", care = \"18‰\", employee_general = \"43‰\" }\n";

static const char ACQ_TARO[] =
    "{\"type\":\"acquisition\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"acquired\":\"2026-04-01\",\"identity\":{\"name\":\"山田 太郎\",\"kana\":\"ヤマダ タロウ\","
    "\"birth_date\":\"1980-05-02\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

static const char ADD_HANAKO[] =
    "{\"type\":\"dependent_added\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"01\"},"
    "\"recognized\":\"2026-04-01\",\"identity\":{\"name\":\"山田 花子\",\"kana\":\"ヤマダ ハナコ\","
    "\"birth_date\":\"1982-08-01\",\"sex\":\"female\",\"address\":\"東京都千代田区千代田1-1\"},"
    "\"relationship\":\"spouse\"}";

static const char LOSS_TARO[] =
    "{\"type\":\"loss\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"lost\":\"2026-07-01\",\"reason\":\"retirement\"}";

/* A person aged 75 on the acquisition date: refused by 健康保険法 第3条1項. */
static const char ACQ_OLD[] =
    "{\"type\":\"acquisition\",\"key\":{\"symbol\":\"20\",\"number\":\"9\",\"branch\":\"00\"},"
    "\"acquired\":\"2026-04-01\",\"identity\":{\"name\":\"試験 一郎\",\"kana\":\"シケン イチロウ\","
    "\"birth_date\":\"1950-01-01\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

static kenpo_member_key key(const char *symbol, const char *number, const char *branch) {
    kenpo_member_key k;
    k.symbol = symbol;
    k.symbol_len = strlen(symbol);
    k.number = number;
    k.number_len = strlen(number);
    k.branch = branch;
    k.branch_len = strlen(branch);
    return k;
}

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

static void society_loads_from_toml(void) {
    kenpo_society *s = NULL;
    char name[128];
    size_t n = 0;
    KT_OK(kenpo_society_from_toml(SOCIETY_TOML, strlen(SOCIETY_TOML), &s));
    KT_CHECK(s != NULL);
    KT_OK(kenpo_society_name(s, name, sizeof name, &n));
    KT_CHECK(n == strlen("見本健康保険組合") && memcmp(name, "見本健康保険組合", n) == 0);
    kenpo_society_free(s);
}

static void society_json_and_errors(void) {
    const char json[] = "{\"name\":\"x\",\"rates\":[{\"effective_from\":\"2026-03\",\"value\":{\"general\":\"92‰\",\"care\":\"18‰\"}}]}";
    const char bad_rate[] = "name = \"x\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"131‰\", care = \"18‰\" }\n";
    const char bad_syntax[] = "name = ";
    const char not_utf8[] = {'n', (char)0xff};
    kenpo_society *s = NULL;
    char detail[1024];
    size_t n = 0;
    KT_OK(kenpo_society_from_json(json, strlen(json), &s));
    kenpo_society_free(s);
    s = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_society_from_toml(bad_rate, strlen(bad_rate), &s));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail, &n));
    detail[n < sizeof detail ? n : sizeof detail - 1] = '\0';
    KT_CHECK(strstr(detail, "rates[0].value.general") != NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_society_from_toml(bad_syntax, strlen(bad_syntax), &s));
    KT_EXPECT(KENPO_RESULT_INVALID_SOCIETY_CONFIG, kenpo_society_from_json(bad_syntax, strlen(bad_syntax), &s));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_society_from_toml(not_utf8, sizeof not_utf8, &s));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_society_from_toml(NULL, 0, &s));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_society_from_toml(SOCIETY_TOML, strlen(SOCIETY_TOML), NULL));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_society_name(NULL, detail, sizeof detail, &n));
    KT_CHECK(s == NULL);
}

static void events_build_the_master(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_key taro = key("10", "123", "00");
    kenpo_member_key hanako = key("10", "123", "01");
    bool eligible = false;
    size_t count = 0;
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_apply(m, ADD_HANAKO, strlen(ADD_HANAKO)));
    KT_OK(kenpo_member_master_len(m, &count));
    KT_CHECK(count == 2);
    KT_OK(kenpo_member_master_is_eligible(m, &hanako, d(2026, 6, 30), &eligible));
    KT_CHECK(eligible);
    KT_OK(kenpo_member_master_apply(m, LOSS_TARO, strlen(LOSS_TARO)));
    /* Retiring on 30 June: lost on 1 July, for the dependant too. */
    KT_OK(kenpo_member_master_is_eligible(m, &hanako, d(2026, 6, 30), &eligible));
    KT_CHECK(eligible);
    KT_OK(kenpo_member_master_is_eligible(m, &hanako, d(2026, 7, 1), &eligible));
    KT_CHECK(!eligible);
    KT_OK(kenpo_member_master_is_eligible(m, &taro, d(2026, 7, 1), &eligible));
    KT_CHECK(!eligible);
    kenpo_member_master_free(m);
}

static void rejected_events_name_the_rule(void) {
    kenpo_member_master *m = NULL;
    char detail[1024];
    size_t n = 0;
    const char bad_json[] = "{\"type\":\"acquisition\"";
    const char unknown[] = "{\"type\":\"loss\",\"key\":{\"symbol\":\"99\",\"number\":\"1\",\"branch\":\"00\"},"
                           "\"lost\":\"2026-07-01\",\"reason\":\"retirement\"}";
    KT_OK(kenpo_member_master_new(&m));
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_EVENT, kenpo_member_master_apply(m, ACQ_OLD, strlen(ACQ_OLD)));
    KT_OK(kenpo_last_error_detail(detail, sizeof detail, &n));
    detail[n < sizeof detail ? n : sizeof detail - 1] = '\0';
    KT_CHECK(strstr(detail, "member.aged_75_or_over") != NULL);
    KT_CHECK(strstr(detail, "試験") == NULL); /* no name in the detail */
    KT_EXPECT(KENPO_RESULT_UNKNOWN_MEMBER, kenpo_member_master_apply(m, unknown, strlen(unknown)));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply(m, bad_json, strlen(bad_json)));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_apply(m, NULL, 3));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_apply(NULL, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    /* A second acquisition while eligible is refused and leaves the master as it was. */
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_EVENT, kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_len(m, &n));
    KT_CHECK(n == 1);
    kenpo_member_master_free(m);
}

static void batch_reports_rejections_by_index(void) {
    kenpo_member_master *m = NULL;
    kenpo_string *report = NULL;
    size_t applied = 99;
    char batch[4096];
    char *text;
    sprintf(batch, "[%s,%s,%s]", ACQ_TARO, ACQ_OLD, ADD_HANAKO);
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply_batch(m, batch, strlen(batch), &applied, &report));
    KT_CHECK(applied == 2);
    text = kt_string_text(report);
    KT_CHECK(text != NULL && strstr(text, "\"index\":1") != NULL);
    KT_CHECK(text != NULL && strstr(text, "\"code\":220") != NULL);
    free(text);
    kenpo_string_free(report);
    report = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply_batch(m, "[1]", 3, &applied, &report));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_apply_batch(m, batch, strlen(batch), NULL, &report));
    KT_CHECK(report == NULL);
    kenpo_member_master_free(m);
}

static void household_and_persistence(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_master *restored = NULL;
    kenpo_member_key taro = key("10", "123", "00");
    kenpo_member_key hanako = key("10", "123", "01");
    kenpo_string *household = NULL;
    kenpo_string *saved = NULL;
    const char *data = NULL;
    size_t len = 0;
    bool eligible = false;
    char *text;
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_apply(m, ADD_HANAKO, strlen(ADD_HANAKO)));
    KT_OK(kenpo_member_master_household(m, &taro, ym(2026, 5), &household));
    text = kt_string_text(household);
    KT_CHECK(text != NULL && strstr(text, "\"branch\":\"01\"") != NULL);
    free(text);
    kenpo_string_free(household);
    household = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_household(m, &taro, ym(2026, 13), &household));
    KT_OK(kenpo_member_master_to_json(m, &saved));
    KT_OK(kenpo_string_bytes(saved, &data, &len));
    KT_CHECK(data[len] == '\0');
    KT_OK(kenpo_member_master_from_json(data, len, &restored));
    KT_OK(kenpo_member_master_is_eligible(restored, &hanako, d(2026, 5, 1), &eligible));
    KT_CHECK(eligible);
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_from_json("{", 1, &restored));
    kenpo_string_free(saved);
    kenpo_member_master_free(restored);
    kenpo_member_master_free(m);
}

static void handles_are_checked(void) {
    kenpo_member_master *m = NULL;
    kenpo_society *s = NULL;
    kenpo_member_key taro = key("10", "123", "00");
    bool eligible = false;
    size_t n = 0;
    char name[64];
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_society_from_toml(SOCIETY_TOML, strlen(SOCIETY_TOML), &s));
    /* A handle of another type is refused, not misread. */
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_society_name((const kenpo_society *)(const void *)m, name, sizeof name, &n));
    kenpo_member_master_free((kenpo_member_master *)(void *)s); /* wrong type: ignored */
    KT_OK(kenpo_society_name(s, name, sizeof name, &n));
    kenpo_society_free(s);
    /* Use after free is reported; a second free does nothing. */
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_society_name(s, name, sizeof name, &n));
    kenpo_society_free(s);
    kenpo_member_master_free(m);
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_member_master_is_eligible(m, &taro, d(2026, 5, 1), &eligible));
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    kenpo_member_master_free(m);
    kenpo_member_master_free(NULL);
    kenpo_society_free(NULL);
    /* A value never handed out by the library. */
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_member_master_len((const kenpo_member_master *)(const void *)&n, &n));
}

static void a_panic_mid_change_poisons_only_that_master(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_master *other = NULL;
    size_t n = 0;
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_new(&other));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_EXPECT(KENPO_RESULT_PANIC, kenpo_debug_poison_member_master(m));
    KT_EXPECT(KENPO_RESULT_HANDLE_POISONED, kenpo_member_master_len(m, &n));
    KT_EXPECT(KENPO_RESULT_HANDLE_POISONED, kenpo_member_master_apply(m, ADD_HANAKO, strlen(ADD_HANAKO)));
    KT_OK(kenpo_member_master_apply(other, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_len(other, &n));
    KT_CHECK(n == 1);
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_debug_poison_member_master(NULL));
    kenpo_member_master_free(m);
    kenpo_member_master_free(other);
}

int main(void) {
    KT_RUN(society_loads_from_toml);
    KT_RUN(society_json_and_errors);
    KT_RUN(events_build_the_master);
    KT_RUN(rejected_events_name_the_rule);
    KT_RUN(batch_reports_rejections_by_index);
    KT_RUN(household_and_persistence);
    KT_RUN(handles_are_checked);
    KT_RUN(a_panic_mid_change_poisons_only_that_master);
    KT_FINISH();
}
