/* The machinery every area relies on: result codes and messages, the last error detail,
 * buffers, NULL arguments and the forced panic. */
#include "kt.h"

static const unsigned ALL_CODES[] = {
    KENPO_RESULT_OK, KENPO_RESULT_NULL_ARGUMENT, KENPO_RESULT_INVALID_UTF8,
    KENPO_RESULT_BUFFER_TOO_SMALL, KENPO_RESULT_BAD_HANDLE, KENPO_RESULT_INVALID_ARGUMENT,
    KENPO_RESULT_INVALID_JSON, KENPO_RESULT_INVALID_DATE, KENPO_RESULT_INVALID_IDENTIFIER,
    KENPO_RESULT_INVALID_AMOUNT, KENPO_RESULT_INVALID_SOCIETY_CONFIG,
    KENPO_RESULT_INVALID_PURPOSE_CATALOG, KENPO_RESULT_INVALID_MEMBER_EVENT,
    KENPO_RESULT_UNKNOWN_MEMBER, KENPO_RESULT_INVALID_REMUNERATION,
    KENPO_RESULT_INVALID_PREMIUM_INPUT, KENPO_RESULT_RECEIPT_FILE_IO,
KENPO_RESULT_INVALID_HOUSEHOLD,
    KENPO_RESULT_INVALID_SICKNESS_PERIOD, KENPO_RESULT_INVALID_ACCESS_REQUEST,
    KENPO_RESULT_INVALID_ACCESS_LOG, KENPO_RESULT_INVALID_CHECKUP, KENPO_RESULT_RULE_REFUSED,
    KENPO_RESULT_ACCESS_LOG_TAMPERED, KENPO_RESULT_PANIC, KENPO_RESULT_INTERNAL,
    KENPO_RESULT_HANDLE_POISONED,
};

static void every_code_has_a_message(void) {
    size_t i;
    for (i = 0; i < sizeof ALL_CODES / sizeof ALL_CODES[0]; i++) {
        char buf[256];
        size_t n = 0;
        KT_OK(kenpo_result_message(ALL_CODES[i], buf, sizeof buf, &n));
        KT_CHECK(n > 0 && n < sizeof buf);
    }
}

static void message_text_is_exact(void) {
    char buf[256];
    size_t n = 0;
    KT_OK(kenpo_result_message(KENPO_RESULT_OK, buf, sizeof buf, &n));
    KT_CHECK(n == 7 && memcmp(buf, "success", 7) == 0);
    KT_OK(kenpo_result_message(KENPO_RESULT_PANIC, buf, sizeof buf, &n));
    KT_CHECK(strstr(buf, "panic") != NULL);
}

static void unknown_code_is_an_invalid_argument(void) {
    char buf[256];
    size_t n = 12345;
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, kenpo_result_message(1u, buf, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_INVALID_ARGUMENT, kenpo_result_message(999u, buf, sizeof buf, &n));
    KT_CHECK(n == 12345); /* nothing written on failure */
}

static void small_buffer_writes_nothing(void) {
    char buf[4] = {'x', 'x', 'x', 'x'};
    size_t n = 12345;
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_result_message(KENPO_RESULT_OK, buf, sizeof buf, &n));
    KT_CHECK(n == 12345);
    KT_CHECK(buf[0] == 'x' && buf[3] == 'x');
}

static void null_arguments_are_refused(void) {
    char buf[256];
    size_t n = 0;
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_result_message(0, NULL, sizeof buf, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_result_message(0, buf, sizeof buf, NULL));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_last_error_detail(NULL, 10, &n));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_last_error_detail(buf, sizeof buf, NULL));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, kenpo_string_bytes(NULL, NULL, NULL));
}

static void last_error_detail_names_the_failure(void) {
    char buf[1024];
    size_t n = 0;
    char small[4];
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_result_message(KENPO_RESULT_OK, small, sizeof small, &n));
    KT_OK(kenpo_last_error_detail(buf, sizeof buf, &n));
    KT_CHECK(n > 0);
    buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
    KT_CHECK(strstr(buf, "needs 7 bytes") != NULL);
    /* Success does not clear it; a tiny buffer is refused. */
    KT_EXPECT(KENPO_RESULT_BUFFER_TOO_SMALL, kenpo_last_error_detail(small, sizeof small, &n));
}

static void forced_panic_becomes_a_result(void) {
    char buf[1024];
    size_t n = 0;
    KT_EXPECT(KENPO_RESULT_PANIC, kenpo_debug_force_panic());
    KT_OK(kenpo_last_error_detail(buf, sizeof buf, &n));
    buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
    KT_CHECK(strstr(buf, "panic") != NULL);
    /* The library keeps working after a panic. */
    KT_EXPECT(KENPO_RESULT_PANIC, kenpo_debug_force_panic());
    KT_OK(kenpo_result_message(KENPO_RESULT_OK, buf, sizeof buf, &n));
}

static void version_is_a_c_string(void) {
    const char *v = kenpo_version();
    KT_CHECK(v != NULL && strlen(v) >= 5);
}

static void abi_version_is_one(void) {
    /* The contract this suite was written for: the header, the JSON forms and their schemas. */
    KT_CHECK(kenpo_abi_version() == 1);
}

static void freeing_null_does_nothing(void) {
    kenpo_string_free(NULL);
}

int main(void) {
    KT_RUN(every_code_has_a_message);
    KT_RUN(message_text_is_exact);
    KT_RUN(unknown_code_is_an_invalid_argument);
    KT_RUN(small_buffer_writes_nothing);
    KT_RUN(null_arguments_are_refused);
    KT_RUN(last_error_detail_names_the_failure);
    KT_RUN(forced_panic_becomes_a_result);
    KT_RUN(version_is_a_c_string);
    KT_RUN(abi_version_is_one);
    KT_RUN(freeing_null_does_nothing);
    KT_FINISH();
}
