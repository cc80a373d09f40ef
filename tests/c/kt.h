/*
 * A tiny test harness for the C test programs: each TEST is one case; the program prints
 * "PASS name" / "FAIL name" lines and a closing "N passed, M failed" line, and exits non-zero
 * when a case failed. run.sh sums the cases of every program.
 */
#ifndef KT_H
#define KT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kenpo.h"

static int kt_passed = 0;
static int kt_failed = 0;
static int kt_current_failed = 0;

#define KT_CHECK(cond)                                                                  \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            kt_current_failed = 1;                                                      \
        }                                                                               \
    } while (0)

/* Checks that an expression returns the given kenpo_result; prints the detail otherwise. */
#define KT_EXPECT(expected, expr)                                                       \
    do {                                                                                \
        kenpo_result kt_r_ = (expr);                                                    \
        if (kt_r_ != (kenpo_result)(expected)) {                                        \
            char kt_buf_[1024];                                                         \
            size_t kt_n_ = 0;                                                           \
            if (kenpo_last_error_detail(kt_buf_, sizeof kt_buf_, &kt_n_) != KENPO_RESULT_OK) { \
                kt_n_ = 0;                                                              \
            }                                                                           \
            fprintf(stderr, "  %s:%d: %s returned %u, expected %u (%.*s)\n", __FILE__,  \
                    __LINE__, #expr, (unsigned)kt_r_, (unsigned)(expected), (int)kt_n_, \
                    kt_buf_);                                                           \
            kt_current_failed = 1;                                                      \
        }                                                                               \
    } while (0)

#define KT_OK(expr) KT_EXPECT(KENPO_RESULT_OK, expr)

#define KT_RUN(fn)                                                                      \
    do {                                                                                \
        kt_current_failed = 0;                                                          \
        fn();                                                                           \
        if (kt_current_failed) {                                                        \
            kt_failed++;                                                                \
            printf("FAIL %s\n", #fn);                                                   \
        } else {                                                                        \
            kt_passed++;                                                                \
            printf("PASS %s\n", #fn);                                                   \
        }                                                                               \
    } while (0)

/* Every program ends with this: no handle may be left alive (the leak check of handles,
 * which stay reachable from the library's registry and so are not "lost" to valgrind). */
#define KT_FINISH()                                                                     \
    do {                                                                                \
        if (kenpo_debug_live_handles() != 0) {                                          \
            printf("FAIL no_live_handles_left (%zu live)\n", kenpo_debug_live_handles()); \
            kt_failed++;                                                                \
        } else {                                                                        \
            printf("PASS no_live_handles_left\n");                                      \
            kt_passed++;                                                                \
        }                                                                               \
        printf("%d passed, %d failed\n", kt_passed, kt_failed);                         \
        return kt_failed == 0 ? 0 : 1;                                                  \
    } while (0)

/* Copies a kenpo_string's text into a NUL-terminated malloc'd buffer (for strstr checks). */
static inline char *kt_string_text(const kenpo_string *s) {
    const char *data = NULL;
    size_t len = 0;
    char *copy;
    if (kenpo_string_bytes(s, &data, &len) != KENPO_RESULT_OK) {
        return NULL;
    }
    copy = (char *)malloc(len + 1);
    if (copy == NULL) {
        return NULL;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    return copy;
}

/* The signature every JSON operation has once its object (if any) is bound by a small wrapper:
 * a request of `len` bytes of UTF-8 JSON in, a new kenpo_string of JSON out. */
typedef kenpo_result (*kt_json_op)(const char *request, size_t len, kenpo_string **out);

/* The bad-input cases every JSON operation answers the same way: a NULL request or out-pointer,
 * text that is not UTF-8, JSON that does not parse, a document of the wrong shape. None of them
 * writes an output. */
static inline void kt_json_bad_inputs(kt_json_op op) {
    kenpo_string *out = NULL;
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, op(NULL, 0, &out));
    KT_EXPECT(KENPO_RESULT_NULL_ARGUMENT, op("{}", 2, NULL));
    KT_EXPECT(KENPO_RESULT_INVALID_UTF8, op("{\"\xff\xfe\":1}", 8, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, op("{", 1, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, op("[]", 2, &out));
    KT_EXPECT(KENPO_RESULT_INVALID_JSON, op("{} x", 4, &out));
    KT_CHECK(out == NULL);
}

/* Expects `op(request)` to fail with `code`, with a detail that names `field` and does not
 * contain `secret` (a value from the request that may be personal data; NULL to skip). */
static inline void kt_json_refused(kt_json_op op, const char *request, kenpo_result code,
                                   const char *field, const char *secret) {
    kenpo_string *out = NULL;
    char detail[1024];
    size_t n = 0;
    KT_EXPECT(code, op(request, strlen(request), &out));
    KT_CHECK(out == NULL);
    KT_OK(kenpo_last_error_detail(detail, sizeof detail - 1, &n));
    detail[n] = '\0';
    if (field != NULL && strstr(detail, field) == NULL) {
        fprintf(stderr, "  detail does not name %s: %s\n", field, detail);
        kt_current_failed = 1;
    }
    if (secret != NULL && strstr(detail, secret) != NULL) {
        fprintf(stderr, "  detail leaks %s: %s\n", secret, detail);
        kt_current_failed = 1;
    }
}

/* Runs `op(request)`, expects success and returns the response text (malloc'd, NUL-terminated;
 * the caller frees it), or NULL on failure. */
static inline char *kt_json_call(kt_json_op op, const char *request) {
    kenpo_string *out = NULL;
    char *text;
    KT_OK(op(request, strlen(request), &out));
    if (out == NULL) {
        return NULL;
    }
    text = kt_string_text(out);
    kenpo_string_free(out);
    return text;
}

/* Checks that `text` contains `needle`. */
#define KT_CONTAINS(text, needle)                                                       \
    do {                                                                                \
        const char *kt_t_ = (text);                                                     \
        if (kt_t_ == NULL || strstr(kt_t_, (needle)) == NULL) {                         \
            fprintf(stderr, "  %s:%d: %s not in: %s\n", __FILE__, __LINE__, (needle),   \
                    kt_t_ ? kt_t_ : "(null)");                                          \
            kt_current_failed = 1;                                                      \
        }                                                                               \
    } while (0)

#endif /* KT_H */
