// Versions, the contract version, and a panic arriving as an exception.
import jp.kenpo.*

fun foundationTests() {
    test("version is the crate version; the contract is version 1") {
        check(kenpoVersion().matches(Regex("""\d+\.\d+\.\d+.*"""))) { kenpoVersion() }
        eq(abiVersion(), 1, "abiVersion")
    }
    test("a panic in Rust arrives as InternalException, and the library still works") {
        throws<InternalException> { debugForcePanic("test") }
        eq(gradeFromStandardMonthly(300_000L).number, 22, "after the panic")
    }
}
