// Versions, the contract version, and a panic arriving as a thrown error.
import Foundation

func foundationTests() {
    test("version; the contract is version 1") {
        try check(!kenpoVersion().isEmpty, "version")
        try eq(abiVersion(), 1, "abiVersion")
    }
    test("a panic in Rust arrives as a thrown error, and the library still works") {
        var caught = false
        do { try debugForcePanic(reason: "test") } catch { caught = true }
        try check(caught, "panic thrown")
        try eq(try gradeFromStandardMonthly(standardMonthly: 300_000).number, 22, "after the panic")
    }
}
