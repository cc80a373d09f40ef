/* Purpose-bound access: the catalog, decisions with minimised views, the hash-chained log. */
#include "kt.h"

static const char TARO[] =
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"},"
    "\"acquired\":\"2026-04-01\",\"identity\":{\"name\":\"山田 太郎\",\"kana\":\"ヤマダ タロウ\","
    "\"birth_date\":\"1980-05-02\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"}";

/* A8: a clinic asks whether the person is insured; the six fields. */
static const char A8[] =
    "{\"actor\":{\"kind\":\"staff\",\"id\":\"S042\"},\"purpose\":\"A8\",\"recipient\":\"clinic\","
    "\"subjects\":[{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"}],"
    "\"fields\":[\"member_key\",\"name\",\"birth_date\",\"sex\",\"acquisition_date\",\"loss_date\"],"
    "\"at\":\"2026-07-01T10:30:00\",\"requester_confirmed\":true,\"counterparty\":\"大阪中央クリニック\"}";

/* A12: the gym gets the age, never the date of birth. */
static const char A12_AGE[] =
    "{\"actor\":{\"kind\":\"staff\",\"id\":\"S001\"},\"purpose\":\"A12\",\"recipient\":\"gym_konami\","
    "\"subjects\":[{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"}],\"fields\":[\"name\",\"age\"],"
    "\"at\":\"2026-06-01T09:00:00\",\"subject_applied\":true}";
static const char A12_BIRTH[] =
    "{\"actor\":{\"kind\":\"staff\",\"id\":\"S001\"},\"purpose\":\"A12\",\"recipient\":\"gym_konami\","
    "\"subjects\":[{\"symbol\":\"10\",\"number\":\"123\",\"branch\":\"00\"}],\"fields\":[\"birth_date\"],"
    "\"at\":\"2026-06-01T09:00:00\",\"subject_applied\":true}";
static const char UNKNOWN_PURPOSE[] =
    "{\"actor\":{\"kind\":\"staff\",\"id\":\"S001\"},\"purpose\":\"Z9\",\"recipient\":\"clinic\","
    "\"subjects\":[],\"fields\":[\"name\"],\"at\":\"2026-06-01T09:00:00\"}";
static const char UNKNOWN_SUBJECT[] =
    "{\"actor\":{\"kind\":\"staff\",\"id\":\"S001\"},\"purpose\":\"A8\",\"recipient\":\"clinic\","
    "\"subjects\":[{\"symbol\":\"10\",\"number\":\"999\",\"branch\":\"00\"}],\"fields\":[\"name\"],"
    "\"at\":\"2026-06-01T09:00:00\",\"requester_confirmed\":true}";

typedef struct {
    kenpo_purpose_catalog *catalog;
    kenpo_access_log *log;
    kenpo_member_master *master;
} fixture;

static int setup(fixture *f) {
    f->catalog = NULL;
    f->log = NULL;
    f->master = NULL;
    return kenpo_purpose_catalog_default(&f->catalog) == KENPO_RESULT_OK &&
           kenpo_access_log_new(&f->log) == KENPO_RESULT_OK &&
           kenpo_member_master_new(&f->master) == KENPO_RESULT_OK &&
           kenpo_member_master_apply(f->master, TARO, strlen(TARO)) == KENPO_RESULT_OK;
}

static void teardown(fixture *f) {
    kenpo_member_master_free(f->master);
    kenpo_access_log_free(f->log);
    kenpo_purpose_catalog_free(f->catalog);
}

static char *decide(fixture *f, const char *request, bool *permitted) {
    kenpo_string *json = NULL;
    char *text = NULL;
    if (kenpo_access_decide(f->catalog, f->log, f->master, request, strlen(request), permitted, &json) ==
        KENPO_RESULT_OK) {
        text = kt_string_text(json);
    }
    kenpo_string_free(json);
    return text;
}

static void a8_answer_has_the_six_fields_only(void) {
    fixture f;
    bool permitted = false;
    char *text;
    KT_CHECK(setup(&f));
    text = decide(&f, A8, &permitted);
    KT_CHECK(permitted && text != NULL);
    KT_CHECK(text != NULL && strstr(text, "2026-04-01") != NULL);
    KT_CHECK(text != NULL && strstr(text, "1980-05-02") != NULL);
    KT_CHECK(text != NULL && strstr(text, "東京都") == NULL);
    free(text);
    teardown(&f);
}

static void a12_gets_the_age_not_the_birth_date(void) {
    fixture f;
    bool permitted = false;
    size_t entries = 0;
    char *text;
    KT_CHECK(setup(&f));
    text = decide(&f, A12_AGE, &permitted);
    KT_CHECK(permitted && text != NULL && strstr(text, "46") != NULL);
    KT_CHECK(text != NULL && strstr(text, "1980-05-02") == NULL);
    free(text);
    permitted = true;
    text = decide(&f, A12_BIRTH, &permitted);
    KT_CHECK(!permitted && text != NULL);
    KT_CHECK(text != NULL && strstr(text, "field birth_date is not granted to this recipient") != NULL);
    free(text);
    /* Both decisions, the denial too, are in the log. */
    KT_OK(kenpo_access_log_verify(f.log, &entries));
    KT_CHECK(entries == 2);
    teardown(&f);
}

static void request_errors(void) {
    fixture f;
    bool permitted = false;
    kenpo_string *json = NULL;
    size_t entries = 9;
    KT_CHECK(setup(&f));
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_REQUEST,
              kenpo_access_decide(f.catalog, f.log, f.master, UNKNOWN_PURPOSE, strlen(UNKNOWN_PURPOSE), &permitted, &json));
    KT_EXPECT(KENPO_RESULT_UNKNOWN_MEMBER,
              kenpo_access_decide(f.catalog, f.log, f.master, UNKNOWN_SUBJECT, strlen(UNKNOWN_SUBJECT), &permitted, &json));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, kenpo_access_decide(f.catalog, f.log, f.master, "{}", 2, &permitted, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_access_decide(f.catalog, NULL, f.master, A8, strlen(A8), &permitted, &json));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_access_decide(f.catalog, f.log, f.master, A8, strlen(A8), NULL, &json));
    KT_EXPECT(KENPO_RESULT_BAD_HANDLE,
              kenpo_access_decide((const kenpo_purpose_catalog *)(const void *)f.log, f.log, f.master, A8, strlen(A8), &permitted, &json));
    KT_CHECK(json == NULL);
    /* Nothing was decided, so nothing was logged. */
    KT_OK(kenpo_access_log_verify(f.log, &entries));
    KT_CHECK(entries == 0);
    KT_EXPECT(KENPO_RESULT_INVALID_PURPOSE_CATALOG, kenpo_purpose_catalog_from_toml("x =", 3, "", 0, &f.catalog));
    teardown(&f);
}

static void memory_log_exports_json_lines(void) {
    fixture f;
    bool permitted = false;
    kenpo_string *lines = NULL;
    const char *data = NULL;
    size_t len = 0;
    size_t i;
    size_t newlines = 0;
    KT_CHECK(setup(&f));
    free(decide(&f, A8, &permitted));
    free(decide(&f, A12_AGE, &permitted));
    free(decide(&f, A12_BIRTH, &permitted));
    KT_OK(kenpo_access_log_to_json_lines(f.log, &lines));
    KT_OK(kenpo_string_bytes(lines, &data, &len));
    for (i = 0; i < len; i++) {
        newlines += data[i] == '\n';
    }
    KT_CHECK(newlines == 3);
    kenpo_string_free(lines);
    teardown(&f);
}

static void file_log_detects_tampering(void) {
    fixture f;
    kenpo_access_log *file_log = NULL;
    bool permitted = false;
    size_t entries = 0;
    char path[1024];
    const char *dir = getenv("KENPO_TEST_TMP");
    FILE *fp;
    char content[65536];
    size_t n;
    char *hit;
    sprintf(path, "%.900s/access-log-test.jsonl", dir != NULL ? dir : ".");
    remove(path);
    KT_CHECK(setup(&f));
    KT_OK(kenpo_access_log_open(path, strlen(path), &file_log));
    kenpo_access_log_free(f.log);
    f.log = file_log;
    free(decide(&f, A8, &permitted));
    free(decide(&f, A12_AGE, &permitted));
    KT_OK(kenpo_access_log_verify(f.log, &entries));
    KT_CHECK(entries == 2);
    /* Someone edits the first entry on disk: the staff id S042 becomes S043. */
    fp = fopen(path, "rb");
    n = fp != NULL ? fread(content, 1, sizeof content - 1, fp) : 0;
    if (fp != NULL) {
        fclose(fp);
    }
    content[n] = '\0';
    hit = strstr(content, "S042");
    KT_CHECK(hit != NULL);
    if (hit != NULL) {
        hit[3] = '3';
        fp = fopen(path, "wb");
        if (fp != NULL) {
            fwrite(content, 1, n, fp);
            fclose(fp);
        }
    }
    KT_EXPECT(KENPO_RESULT_ACCESS_LOG_TAMPERED, kenpo_access_log_verify(f.log, &entries));
    teardown(&f);
    /* Opening it again refuses the broken chain. */
    file_log = NULL;
    KT_EXPECT(KENPO_RESULT_ACCESS_LOG_TAMPERED, kenpo_access_log_open(path, strlen(path), &file_log));
    KT_CHECK(file_log == NULL);
    KT_EXPECT(KENPO_RESULT_INVALID_ACCESS_LOG, kenpo_access_log_open("/nonexistent/dir/log.jsonl", 26, &file_log));
    remove(path);
}

int main(void) {
    KT_RUN(a8_answer_has_the_six_fields_only);
    KT_RUN(a12_gets_the_age_not_the_birth_date);
    KT_RUN(request_errors);
    KT_RUN(memory_log_exports_json_lines);
    KT_RUN(file_log_detects_tampering);
    KT_FINISH();
}
