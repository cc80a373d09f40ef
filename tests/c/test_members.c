/* Society configuration and the member master: events, batch, eligibility, household,
 * persistence (the versioned stored form), grade history, birthday rules, handle rules. */
#include "kt.h"

static const char SOCIETY_TOML[] =
    "name = \"見本健康保険組合\"\n"
    "insurer_number = \"06139992\"\n"
    "specified_insured_care = true\n"
    "[[rates]]\n"
    "effective_from = \"2026-03\"\n"
    "value = { general = \"92‰\", adjustment = \"1.3‰\", care = \"18‰\", employee_general = \"43‰\" }\n";

static const char ACQ_TARO[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"acquired\":\"2026-04-01\",\"identity\":{\"name\":\"山田 太郎\",\"kana\":\"ヤマダ タロウ\","
    "\"birth_date\":\"1980-05-02\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

static const char ADD_HANAKO[] =
    "{\"kind\":\"dependent_added\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"01\"},"
    "\"recognized\":\"2026-04-01\",\"identity\":{\"name\":\"山田 花子\",\"kana\":\"ヤマダ ハナコ\","
    "\"birth_date\":\"1982-08-01\",\"sex\":\"female\",\"address\":\"東京都千代田区千代田1-1\"},"
    "\"relationship\":\"spouse\"}";

static const char LOSS_TARO[] =
    "{\"kind\":\"loss\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"lost\":\"2026-07-01\",\"reason\":\"retirement\"}";

/* A person aged 75 on the acquisition date: refused by 健康保険法 第3条1項. */
static const char ACQ_OLD[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"20\",\"number\":\"9\",\"branch\":\"00\"},"
    "\"acquired\":\"2026-04-01\",\"identity\":{\"name\":\"試験 一郎\",\"kana\":\"シケン イチロウ\","
    "\"birth_date\":\"1950-01-01\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

/* Born 1951-07-15: 75 on 2026-07-15 (後期高齢者医療 from the birthday itself). */
static const char ACQ_ELDER[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"30\",\"number\":\"1\",\"branch\":\"00\"},"
    "\"acquired\":\"2020-04-01\",\"identity\":{\"name\":\"高齢 次郎\",\"kana\":\"コウレイ ジロウ\","
    "\"birth_date\":\"1951-07-15\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

/* Born 1986-07-20: reaches 40 on 2026-07-19 (介護保険 第2号 from July). */
static const char ACQ_FORTY[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"30\",\"number\":\"2\",\"branch\":\"00\"},"
    "\"acquired\":\"2020-04-01\",\"identity\":{\"name\":\"中年 三郎\",\"kana\":\"チュウネン サブロウ\","
    "\"birth_date\":\"1986-07-20\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

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

static void detail_of_last_error(char *detail, size_t size) {
    size_t n = 0;
    if (kenpo_last_error_detail(detail, size - 1, &n) != KENPO_RESULT_OK) {
        n = 0;
    }
    detail[n] = '\0';
}

static void rejected_events_name_the_rule(void) {
    kenpo_member_master *m = NULL;
    char detail[1024];
    size_t n = 0;
    const char bad_json[] = "{\"kind\":\"acquisition\"";
    const char unknown[] = "{\"kind\":\"loss\",\"key\":{\"symbol\":\"99\",\"number\":\"1\",\"branch\":\"00\"},"
                           "\"lost\":\"2026-07-01\",\"reason\":\"retirement\"}";
    const char fired[] = "{\"kind\":\"loss\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
                         "\"lost\":\"2026-07-01\",\"reason\":\"fired\"}";
    const char no_day[] = "{\"kind\":\"loss\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
                          "\"lost\":\"2026-02-30\",\"reason\":\"retirement\"}";
    const char bad_branch[] = "{\"kind\":\"loss\",\"key\":{\"symbol\":\"10\",\"number\":\"98765\",\"branch\":\"0\"},"
                              "\"lost\":\"2026-07-01\",\"reason\":\"retirement\"}";
    const char bad_kana[] = "{\"kind\":\"correction\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
                            "\"change\":{\"field\":\"kana\",\"value\":\"やまだ\"}}";
    KT_OK(kenpo_member_master_new(&m));
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_EVENT, kenpo_member_master_apply(m, ACQ_OLD, strlen(ACQ_OLD)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "member.aged_75_or_over") != NULL);
    KT_CHECK(strstr(detail, "試験") == NULL && strstr(detail, "1950") == NULL); /* no personal data */
    KT_EXPECT(KENPO_RESULT_UNKNOWN_MEMBER, kenpo_member_master_apply(m, unknown, strlen(unknown)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "99-*-00") != NULL); /* the key, masked */
    /* The bad-input battery of a JSON entry point. */
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply(m, bad_json, strlen(bad_json)));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply(m, "[]", 2));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_member_master_apply(m, "{\"\xff\":1}", 7));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_apply(m, NULL, 3));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_apply(NULL, ACQ_TARO, strlen(ACQ_TARO)));
    /* An unknown enum value (the values expected are listed, the one given is not echoed). */
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply(m, fired, strlen(fired)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "retirement") != NULL && strstr(detail, "fired") == NULL);
    /* A date that does not exist. */
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_apply(m, no_day, strlen(no_day)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "2026-02-30") == NULL);
    /* A malformed key part and a malformed kana name the field, never the value. */
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, kenpo_member_master_apply(m, bad_branch, strlen(bad_branch)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "key.branch") != NULL && strstr(detail, "98765") == NULL);
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_EVENT, kenpo_member_master_apply(m, bad_kana, strlen(bad_kana)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "change.value") != NULL && strstr(detail, "やまだ") == NULL);
    /* A second acquisition while eligible is refused and leaves the master as it was. */
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_EVENT, kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_len(m, &n));
    KT_CHECK(n == 1);
    kenpo_member_master_free(m);
}

/* The master the JSON-operation wrappers below work on. */
static kenpo_member_master *g_master = NULL;

static kenpo_result apply_batch_op(const char *request, size_t len, kenpo_string **out) {
    return kenpo_member_master_apply_batch(g_master, request, len, out);
}

static void batch_reports_rejections_by_index(void) {
    char batch[4096];
    char *text;
    kenpo_string *report = NULL;
    size_t count = 0;
    sprintf(batch, "{\"events\":[%s,%s,%s]}", ACQ_TARO, ACQ_OLD, ADD_HANAKO);
    KT_OK(kenpo_member_master_new(&g_master));
    text = kt_json_call(apply_batch_op, batch);
    KT_CONTAINS(text, "\"applied\":2");
    KT_CONTAINS(text, "\"index\":1,\"code\":220,\"field\":\"\"");
    KT_CONTAINS(text, "member.aged_75_or_over");
    KT_CHECK(text != NULL && strstr(text, "試験") == NULL);
    free(text);
    KT_OK(kenpo_member_master_len(g_master, &count));
    KT_CHECK(count == 2);
    kt_json_bad_inputs(apply_batch_op);
    /* An event of the wrong shape refuses the whole batch: nothing applied. */
    kt_json_refused(apply_batch_op, "{\"events\":[{\"kind\":\"hire\"}]}", KENPO_RESULT_INVALID_JSON, "events[0]", "hire");
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE, kenpo_member_master_apply_batch((const kenpo_member_master *)(const void *)&count,
                                                                       batch, strlen(batch), &report));
    KT_CHECK(report == NULL);
    kenpo_member_master_free(g_master);
    g_master = NULL;
}

static void household_and_persistence(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_master *restored = NULL;
    kenpo_member_key taro = key("10", "123", "00");
    kenpo_member_key hanako = key("10", "123", "01");
    kenpo_string *household = NULL;
    kenpo_string *saved = NULL;
    kenpo_string *again = NULL;
    const char *data = NULL;
    size_t len = 0;
    bool eligible = false;
    char *text;
    char *text_again;
    char detail[1024];
    size_t journal = 0;
    const char v2[] = "{\"format\":\"kenpo-member-master\",\"version\":2,\"baseline\":[]}";
    const char other_format[] = "{\"format\":\"kenpo-access-log\",\"version\":1}";
    /* A stored master (version 1) whose dependant has no insured person. */
    const char orphan[] =
        "{\"format\":\"kenpo-member-master\",\"version\":1,\"baseline\":["
        "{\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"01\"},"
        "\"role\":{\"role\":\"dependent\",\"insured\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"}},"
        "\"versions\":[{\"from\":\"2026-04-01\",\"office\":null,\"relationship\":\"spouse\",\"identity\":"
        "{\"name\":\"山田 花子\",\"kana\":\"ヤマダ ハナコ\",\"birth_date\":\"1982-08-01\",\"sex\":\"female\","
        "\"address\":\"東京都\"}}],\"periods\":[{\"acquired\":\"2026-04-01\",\"lost\":null,\"reason\":null}]}],"
        "\"journal\":{\"next_seq\":0,\"entries\":[]}}";
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_apply(m, ADD_HANAKO, strlen(ADD_HANAKO)));
    KT_OK(kenpo_member_master_household(m, &taro, ym(2026, 5), &household));
    text = kt_string_text(household);
    KT_CONTAINS(text, "\"insured_eligible\":true");
    KT_CONTAINS(text, "\"dependents\":[{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"01\"}]");
    free(text);
    kenpo_string_free(household);
    household = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_household(m, &taro, ym(2026, 13), &household));
    KT_EXPECT(KENPO_RESULT_UNKNOWN_MEMBER, kenpo_member_master_household(m, &hanako, ym(2026, 5), &household));
    KT_CHECK(household == NULL);
    /* The stored form round-trips: restored, it writes the same text. */
    KT_OK(kenpo_member_master_to_json(m, &saved));
    KT_OK(kenpo_string_bytes(saved, &data, &len));
    KT_CHECK(data[len] == '\0');
    KT_CHECK(strncmp(data, "{\"format\":\"kenpo-member-master\",\"version\":1,",
                     strlen("{\"format\":\"kenpo-member-master\",\"version\":1,")) == 0);
    KT_OK(kenpo_member_master_from_json(data, len, &restored));
    /* The journal is replayed: both events are in it again. */
    KT_OK(kenpo_member_master_journal_len(restored, &journal));
    KT_CHECK(journal == 2);
    KT_OK(kenpo_member_master_is_eligible(restored, &hanako, d(2026, 5, 1), &eligible));
    KT_CHECK(eligible);
    KT_OK(kenpo_member_master_to_json(restored, &again));
    text = kt_string_text(saved);
    text_again = kt_string_text(again);
    KT_CHECK(text != NULL && text_again != NULL && strcmp(text, text_again) == 0);
    free(text);
    free(text_again);
    kenpo_string_free(again);
    kenpo_member_master_free(restored);
    restored = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_from_json("{", 1, &restored));
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_MASTER, kenpo_member_master_from_json(orphan, strlen(orphan), &restored));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "baseline[0]") != NULL && strstr(detail, "dependent_of_unknown_insured") != NULL);
    KT_CHECK(strstr(detail, "花子") == NULL && strstr(detail, "123") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_MASTER, kenpo_member_master_from_json(v2, strlen(v2), &restored));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "version") != NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_MEMBER_MASTER,
              kenpo_member_master_from_json(other_format, strlen(other_format), &restored));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "format") != NULL && strstr(detail, "kenpo-access-log") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, kenpo_member_master_from_json("[\xff]", 3, &restored));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_from_json(NULL, 3, &restored));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_from_json(data, len, NULL));
    KT_CHECK(restored == NULL);
    kenpo_string_free(saved);
    kenpo_member_master_free(m);
}

/* 資格取得時決定 in April 2026 (grade 22, 300,000) and 定時決定 from September (grade 23, 320,000). */
static const char GRADE_APRIL[] =
    "{\"kind\":\"grade_decided\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"decision\":{\"grade\":{\"number\":22,\"standard_monthly\":300000},\"kind\":\"acquisition\","
    "\"effective_from\":\"2026-04\",\"decided_on\":\"2026-04-10\"}}";
static const char GRADE_SEPTEMBER[] =
    "{\"kind\":\"grade_decided\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"decision\":{\"grade\":{\"number\":23,\"standard_monthly\":320000},\"kind\":\"regular\","
    "\"effective_from\":\"2026-09\",\"decided_on\":\"2026-07-10\"}}";

static void grades_in_force_by_month(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_key taro = key("10", "123", "00");
    kenpo_member_key nobody = key("10", "999", "00");
    kenpo_member_key bad = key("10", "123", "0");
    kenpo_string *out = NULL;
    char detail[1024];
    char *text;
    const char negative[] =
        "{\"kind\":\"grade_decided\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
        "\"decision\":{\"grade\":{\"number\":22,\"standard_monthly\":-300000},\"kind\":\"acquisition\","
        "\"effective_from\":\"2026-04\",\"decided_on\":\"2026-04-10\"}}";
    const char unknown_kind[] =
        "{\"kind\":\"grade_decided\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
        "\"decision\":{\"grade\":{\"number\":22,\"standard_monthly\":300000},\"kind\":\"guesswork\","
        "\"effective_from\":\"2026-04\",\"decided_on\":\"2026-04-10\"}}";
    const char no_day[] =
        "{\"kind\":\"grade_decided\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
        "\"decision\":{\"grade\":{\"number\":22,\"standard_monthly\":300000},\"kind\":\"acquisition\","
        "\"effective_from\":\"2026-04\",\"decided_on\":\"2026-04-31\"}}";
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply(m, ACQ_TARO, strlen(ACQ_TARO)));
    KT_OK(kenpo_member_master_apply(m, GRADE_APRIL, strlen(GRADE_APRIL)));
    KT_OK(kenpo_member_master_apply(m, GRADE_SEPTEMBER, strlen(GRADE_SEPTEMBER)));
    KT_OK(kenpo_member_master_grade_in_force(m, &taro, ym(2026, 8), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"grade\":{\"number\":22,\"standard_monthly\":300000},\"kind\":\"acquisition\"");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_member_master_grade_in_force(m, &taro, ym(2026, 9), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"standard_monthly\":320000},\"kind\":\"regular\",\"effective_from\":\"2026-09\"");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* Before the acquisition: no grade in force. */
    KT_OK(kenpo_member_master_grade_in_force(m, &taro, ym(2026, 3), &out));
    text = kt_string_text(out);
    KT_CHECK(text != NULL && strcmp(text, "null") == 0);
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_member_master_grade_history(m, &taro, &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"effective_from\":\"2026-04\"");
    KT_CONTAINS(text, "\"effective_from\":\"2026-09\"");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* A negative amount, an unknown decision kind, a day that does not exist: named, not echoed. */
    KT_EXPECT(KENPO_RESULT_INVALID_REMUNERATION, kenpo_member_master_apply(m, negative, strlen(negative)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "decision.grade.standard_monthly") != NULL && strstr(detail, "300000") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_member_master_apply(m, unknown_kind, strlen(unknown_kind)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "guesswork") == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_apply(m, no_day, strlen(no_day)));
    detail_of_last_error(detail, sizeof detail);
    KT_CHECK(strstr(detail, "2026-04-31") == NULL);
    KT_EXPECT(KENPO_RESULT_UNKNOWN_MEMBER, kenpo_member_master_grade_in_force(m, &nobody, ym(2026, 8), &out));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, kenpo_member_master_grade_history(m, &bad, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_grade_in_force(m, &taro, ym(2026, 13), &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_grade_in_force(m, NULL, ym(2026, 8), &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_grade_history(m, &taro, NULL));
    KT_CHECK(out == NULL);
    kenpo_member_master_free(m);
}

static void birthday_rules_and_late_elderly_losses(void) {
    kenpo_member_master *m = NULL;
    kenpo_member_key elder = key("30", "1", "00");
    kenpo_string *out = NULL;
    bool eligible = true;
    char *text;
    KT_OK(kenpo_member_master_new(&m));
    KT_OK(kenpo_member_master_apply(m, ACQ_ELDER, strlen(ACQ_ELDER)));
    KT_OK(kenpo_member_master_apply(m, ACQ_FORTY, strlen(ACQ_FORTY)));
    /* July 2026: one reaches 40 on the 19th (the day before the birthday), the other turns 75
     * on the 15th; ordered by day. */
    KT_OK(kenpo_member_master_birthday_rules_due(m, ym(2026, 7), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "\"rule\":\"late_elderly75\",\"date\":\"2026-07-15\"},{");
    KT_CONTAINS(text, "\"rule\":\"reaches40\",\"date\":\"2026-07-19\"}]");
    free(text);
    kenpo_string_free(out);
    out = NULL;
    /* The 75th-birthday loss due, applied as it is; applying the list twice is harmless. */
    KT_OK(kenpo_member_master_late_elderly_losses(m, ym(2026, 7), &out));
    text = kt_string_text(out);
    KT_CONTAINS(text, "[{\"kind\":\"loss\",\"key\":{\"symbol\":\"30\",\"number\":\"1\",\"branch\":\"00\"},"
                      "\"lost\":\"2026-07-15\",\"reason\":\"late_elderly\"}]");
    KT_OK(kenpo_member_master_apply(m, text + 1, strlen(text) - 2));
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_OK(kenpo_member_master_is_eligible(m, &elder, d(2026, 7, 15), &eligible));
    KT_CHECK(!eligible);
    KT_OK(kenpo_member_master_late_elderly_losses(m, ym(2026, 7), &out));
    text = kt_string_text(out);
    KT_CHECK(text != NULL && strcmp(text, "[]") == 0);
    free(text);
    kenpo_string_free(out);
    out = NULL;
    KT_EXPECT(KENPO_RESULT_INVALID_DATE, kenpo_member_master_birthday_rules_due(m, ym(2026, 0), &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_late_elderly_losses(m, ym(2026, 7), NULL));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_member_master_birthday_rules_due(NULL, ym(2026, 7), &out));
    KT_CHECK(out == NULL);
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
    KT_RUN(grades_in_force_by_month);
    KT_RUN(birthday_rules_and_late_elderly_losses);
    KT_RUN(handles_are_checked);
    KT_RUN(a_panic_mid_change_poisons_only_that_master);
    KT_FINISH();
}
