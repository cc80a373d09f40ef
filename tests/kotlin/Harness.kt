// The harness of the Kotlin binding tests: each family of rules has its own file with a
// `fun xxxTests()` that Main.kt calls. Tests test the binding (types, errors, objects, batches
// round-trip) with figures from official worked examples; the rules themselves are proven once,
// by the Rust tests of kenpo-domain. Run by tests/kotlin/run.sh.
import jp.kenpo.*
import java.time.LocalDate
import kotlin.system.exitProcess

private var passed = 0
private var failed = 0

fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok   $name")
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

fun <T> eq(actual: T, expected: T, what: String) =
    check(actual == expected) { "$what: expected $expected, got $actual" }

inline fun <reified E : Throwable> throws(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing thrown")
}

/** Expects an InvalidInput with `code` naming `field` and not quoting `secret`. */
fun invalid(code: Int, field: String, secret: String? = null, body: () -> Unit) {
    val e = throws<KenpoException.InvalidInput>(body)
    eq(e.code, code, "code")
    check(e.field.contains(field)) { "field ${e.field} does not name $field" }
    if (secret != null) check(!e.toString().contains(secret)) { "the error quotes $secret: $e" }
}

fun finish() {
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}

// 協会けんぽ 東京 FY2026 rates as a configuration (健康保険 9.85 %, 介護 1.62 %).
val TOKYO = """
    name = "東京 (協会けんぽ rates)"
    [[rates]]
    effective_from = "2026-03"
    value = { general = "9.85%", care = "1.62%" }
""".trimIndent()

fun subject(born: LocalDate) = PremiumSubject(born, emptyList(), false, PaymentMethod.WAGE_DEDUCTION)
