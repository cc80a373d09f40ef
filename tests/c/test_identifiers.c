/* Identifiers: validation and normalisation. */
#include "kt.h"

static int norm_is(uint32_t kind, const char *in, const char *expected) {
    char buf[64];
    size_t n = 0;
    if (kenpo_identifier_normalize(kind, in, strlen(in), buf, sizeof buf, &n) != KENPO_RESULT_OK) {
        return 0;
    }
    return n == strlen(expected) && memcmp(buf, expected, n) == 0;
}

static kenpo_result norm(uint32_t kind, const char *in) {
    char buf[64];
    size_t n = 0;
    return kenpo_identifier_normalize(kind, in, strlen(in), buf, sizeof buf, &n);
}

static void valid_identifiers_are_normalised(void) {
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, "01130012", "01130012"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, " ０１１３００１２ ", "01130012"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_INSURED_SYMBOL, "１２３４", "1234"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_INSURED_NUMBER, "５６７", "567"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_BRANCH_NUMBER, "０１", "01"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_OFFICE_CODE, "ＡＢＣ１", "ABC1"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_INSTITUTION_CODE, "0110113719", "0110113719"));
    /* 個人番号: checked, and answered masked; the digits never come back. */
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_MY_NUMBER, "123456789018", "************"));
    KT_CHECK(norm_is(KENPO_IDENTIFIER_KIND_MY_NUMBER, "１２３４５６７８９０１８", "************"));
}

static void invalid_identifiers_are_refused_without_echo(void) {
    char detail[1024];
    size_t n = 0;
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, norm(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, "01130013"));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, norm(KENPO_IDENTIFIER_KIND_BRANCH_NUMBER, "1"));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, norm(KENPO_IDENTIFIER_KIND_OFFICE_CODE, "AB-1"));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, norm(KENPO_IDENTIFIER_KIND_INSTITUTION_CODE, "4810113719"));
    KT_EXPECT(KENPO_RESULT_INVALID_IDENTIFIER, norm(KENPO_IDENTIFIER_KIND_MY_NUMBER, "123456789019"));
    /* The detail names the rule, never the number. */
    KT_OK(kenpo_last_error_detail(detail, sizeof detail, &n));
    detail[n < sizeof detail ? n : sizeof detail - 1] = '\0';
    KT_CHECK(strstr(detail, "check digit") != NULL);
    KT_CHECK(strstr(detail, "text") != NULL);
    KT_CHECK(strstr(detail, "12345678901") == NULL);
}

static void argument_errors(void) {
    char buf[64];
    char tiny[2];
    size_t n = 5;
    const char bad[] = {(char)0xc3};
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, norm(0u, "01130012"));
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, norm(8u, "01130012"));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8,
              kenpo_identifier_normalize(KENPO_IDENTIFIER_KIND_OFFICE_CODE, bad, 1, buf, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL,
              kenpo_identifier_normalize(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, "01130012", 8, tiny, sizeof tiny, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_identifier_normalize(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, NULL, 8, buf, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_identifier_normalize(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, "01130012", 8, NULL, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT,
              kenpo_identifier_normalize(KENPO_IDENTIFIER_KIND_INSURER_NUMBER, "01130012", 8, buf, sizeof buf, NULL));
    KT_CHECK(n == 5);
}

int main(void) {
    KT_RUN(valid_identifiers_are_normalised);
    KT_RUN(invalid_identifiers_are_refused_without_echo);
    KT_RUN(argument_errors);
    KT_FINISH();
}
