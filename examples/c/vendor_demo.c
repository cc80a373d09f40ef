/*
 * The first program a vendor writes against libkenpo: load the society's configuration, add
 * members to the member master, ingest the month's receipts file and print the checks'
 * findings, and decide the 高額療養費 (with the society's 付加給付) for a household-month.
 * Every call's kenpo_result is checked; every handle is freed.
 *
 *   make run    (or: ./vendor_demo path/to/society.toml path/to/RECEIPTC.UKE)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kenpo.h"

/* Prints the failure of `what` with the library's message and detail; returns 1. */
static int fail(const char *what, kenpo_result r) {
    char message[256];
    char detail[1024];
    size_t n = 0;
    size_t m = 0;
    if (kenpo_result_message(r, message, sizeof message, &n) != KENPO_RESULT_OK) {
        n = 0;
    }
    if (kenpo_last_error_detail(detail, sizeof detail, &m) != KENPO_RESULT_OK) {
        m = 0;
    }
    fprintf(stderr, "%s failed: %u %.*s (%.*s)\n", what, (unsigned)r, (int)n, message, (int)m, detail);
    return 1;
}

/* Reads a whole file; the caller frees *out. */
static int read_file(const char *path, char **out, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    long size;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (f != NULL) {
            fclose(f);
        }
        return 0;
    }
    *out = (char *)malloc((size_t)size + 1);
    if (*out == NULL || fread(*out, 1, (size_t)size, f) != (size_t)size) {
        free(*out);
        fclose(f);
        return 0;
    }
    fclose(f);
    *out_len = (size_t)size;
    return 1;
}

static const char *const EVENTS =
    "{\"events\":["
    "{\"kind\":\"acquisition\",\"key\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},"
    "\"acquired\":\"2020-04-01\",\"identity\":{\"name\":\"山田 太郎\",\"kana\":\"ヤマダ タロウ\","
    "\"birth_date\":\"1980-05-02\",\"sex\":\"male\",\"address\":\"東京都千代田区千代田1-1\"},\"office\":\"A01\"},"
    "{\"kind\":\"dependent_added\",\"key\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"01\"},"
    "\"recognized\":\"2020-04-01\",\"identity\":{\"name\":\"山田 花子\",\"kana\":\"ヤマダ ハナコ\","
    "\"birth_date\":\"1982-08-01\",\"sex\":\"female\",\"address\":\"東京都千代田区千代田1-1\"},"
    "\"relationship\":\"spouse\"}"
    "]}";

/* One inpatient stay of the insured person in July 2026: 医療費 1,000,000, 300,000 paid. */
/* The request of `kenpo_high_cost_month` (bindings/c/schema/high_cost_month.request.json):
 * 区分ウ (標準報酬月額 300,000), one inpatient receipt of 医療費 1,000,000, 300,000 paid. */
static const char *const HOUSEHOLD_MONTH =
    "{\"household\":{\"month\":\"2026-07\",\"insured\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},"
    "\"basis\":{\"standard_monthly\":300000,\"tax_status\":\"taxed\",\"reference_income_exemption\":false},"
    "\"members\":[{\"person\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},\"relation\":\"insured\","
    "\"age\":{\"band\":\"under70\",\"birthday_75_halving\":false}}],"
    "\"units\":[{\"person\":{\"symbol\":\"1234\",\"number\":\"567\",\"branch\":\"00\"},\"month\":\"2026-07\","
    "\"institution\":\"0110113719\",\"setting\":\"inpatient\",\"branch\":\"medical\","
    "\"total_cost\":1000000,\"patient_charge\":300000,\"specified_disease\":null}],"
    "\"spell_start\":null,\"paid_months\":[]},"
    "\"options\":{\"apply_planned_tables\":false,\"birthday_75_floor\":\"unchanged\","
    "\"annual_cap_basis\":\"household_all_months\"},\"explain\":false}";

/* The whole number after `"key":` in a JSON text, or -1 (enough for this example). */
static long long json_number(const char *json, size_t len, const char *key) {
    char needle[64];
    const char *p;
    int n = snprintf(needle, sizeof needle, "\"%s\":", key);
    if (n < 0 || (size_t)n >= sizeof needle) {
        return -1;
    }
    for (p = json; p + n <= json + len; p++) {
        if (memcmp(p, needle, (size_t)n) == 0) {
            return strtoll(p + n, NULL, 10);
        }
    }
    return -1;
}

int main(int argc, char **argv) {
    kenpo_society *society = NULL;
    kenpo_member_master *master = NULL;
    kenpo_string *report = NULL;
    kenpo_string *decision = NULL;
    kenpo_receipt_batch *batch = NULL;
    kenpo_receipt_summary summary;
    kenpo_receipt_finding finding;
    char text[512];
    size_t i;
    const char *answer = NULL;
    size_t answer_len = 0;
    kenpo_member_key insured;
    kenpo_date on;
    char name[256];
    char *toml = NULL;
    size_t toml_len = 0;
    size_t n = 0;
    const char *report_text = NULL;
    bool eligible = false;
    int status = 1;
    kenpo_result r;

    if (argc != 3 || !read_file(argv[1], &toml, &toml_len)) {
        fprintf(stderr, "usage: %s SOCIETY.toml RECEIPTS.UKE\n", argv[0]);
        return 2;
    }
    printf("libkenpo %s\n", kenpo_version());

    /* 1. The society's configuration (rates, 付加給付, 傷病手当金 fallback). */
    r = kenpo_society_from_toml(toml, toml_len, &society);
    free(toml);
    if (r != KENPO_RESULT_OK) {
        return fail("kenpo_society_from_toml", r);
    }
    if ((r = kenpo_society_name(society, name, sizeof name, &n)) != KENPO_RESULT_OK) {
        fail("kenpo_society_name", r);
        goto out;
    }
    printf("society: %.*s\n", (int)n, name);

    /* 2. Members from 資格取得届 and 被扶養者異動届. */
    if ((r = kenpo_member_master_new(&master)) != KENPO_RESULT_OK) {
        fail("kenpo_member_master_new", r);
        goto out;
    }
    r = kenpo_member_master_apply_batch(master, EVENTS, strlen(EVENTS), &report);
    if (r != KENPO_RESULT_OK) {
        fail("kenpo_member_master_apply_batch", r);
        goto out;
    }
    /* The report: {"applied": N, "rejected": [{"index", "code", "field", "detail"}, ...]}. */
    if ((r = kenpo_string_bytes(report, &report_text, &n)) != KENPO_RESULT_OK) {
        fail("kenpo_string_bytes", r);
        goto out;
    }
    printf("members: %.*s\n", (int)n, report_text);
    insured.symbol = "1234";
    insured.symbol_len = 4;
    insured.number = "567";
    insured.number_len = 3;
    insured.branch = "00";
    insured.branch_len = 2;
    on.year = 2026;
    on.month = 7;
    on.day = 1;
    if ((r = kenpo_member_master_is_eligible(master, &insured, on, &eligible)) != KENPO_RESULT_OK) {
        fail("kenpo_member_master_is_eligible", r);
        goto out;
    }
    printf("1234-567-00 eligible on 2026-07-01: %s\n", eligible ? "yes" : "no");

    /* 3. The month's receipts file (Shift_JIS, as the payment fund sent it), checked against the
     *    member master. */
    r = kenpo_receipts_ingest_path(society, master, argv[2], strlen(argv[2]), false, &batch);
    if (r != KENPO_RESULT_OK) {
        fail("kenpo_receipts_ingest_path", r);
        goto out;
    }
    if ((r = kenpo_receipt_batch_summary(batch, &summary)) != KENPO_RESULT_OK) {
        fail("kenpo_receipt_batch_summary", r);
        goto out;
    }
    printf("receipts: %llu in file, %llu read, %llu rejected, %lld points, %zu findings\n",
           (unsigned long long)summary.receipts_in_file, (unsigned long long)summary.parsed,
           (unsigned long long)summary.rejected, (long long)summary.points_read, summary.findings);
    for (i = 0; i < summary.findings; i++) {
        if ((r = kenpo_receipt_batch_finding(batch, i, &finding)) != KENPO_RESULT_OK ||
            (r = kenpo_receipt_batch_finding_text(batch, i, true, text, sizeof text, &n)) != KENPO_RESULT_OK) {
            fail("reading a finding", r);
            goto out;
        }
        printf("  finding %zu (line %llu): %.*s\n", i, (unsigned long long)finding.line, (int)n, text);
    }

    /* 4. 高額療養費 and 付加給付 for the household in July 2026. */
    r = kenpo_high_cost_month(society, HOUSEHOLD_MONTH, strlen(HOUSEHOLD_MONTH), &decision);
    if (r != KENPO_RESULT_OK || (r = kenpo_string_bytes(decision, &answer, &answer_len)) != KENPO_RESULT_OK) {
        fail("kenpo_high_cost_month", r);
        goto out;
    }
    printf("2026-07 charges %lld yen: 高額療養費 %lld yen, 付加給付 %lld yen\n",
           json_number(answer, answer_len, "total_charges"), json_number(answer, answer_len, "refund"),
           json_number(answer, answer_len, "total"));
    status = 0;

out:
    kenpo_receipt_batch_free(batch);
    kenpo_string_free(decision);
    kenpo_string_free(report);
    kenpo_member_master_free(master);
    kenpo_society_free(society);
    return status;
}
