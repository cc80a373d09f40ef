// The harness of the Swift binding tests: each family of rules has its own file with a
// `func xxxTests()` that main.swift calls. Compiled with Kenpo.swift into one executable by
// tests/swift/run.sh inside a Debian trixie root. Same coverage as tests/kotlin.
import Foundation

var passed = 0
var failed = 0

struct Failure: Error, CustomStringConvertible { let description: String }

func test(_ name: String, _ body: () throws -> Void) {
    do {
        try body()
        passed += 1
        print("ok   \(name)")
    } catch {
        failed += 1
        print("FAIL \(name): \(error)")
    }
}

func eq<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
    if actual != expected { throw Failure(description: "\(what): expected \(expected), got \(actual)") }
}

func check(_ condition: Bool, _ what: String) throws {
    if !condition { throw Failure(description: what) }
}

/// Runs `body`, expecting a `KenpoError`; returns it.
func kenpoError(_ body: () throws -> Void) throws -> KenpoError {
    do {
        try body()
    } catch let error as KenpoError {
        return error
    }
    throw Failure(description: "expected a KenpoError, nothing thrown")
}

/// Expects `KenpoError.InvalidInput` with `code`, naming `field`, not quoting `secret`.
func invalid(_ code: Int32, _ field: String, secret: String? = nil, _ body: () throws -> Void) throws {
    let error = try kenpoError(body)
    guard case let .InvalidInput(c, f, _) = error else {
        throw Failure(description: "expected InvalidInput, got \(error)")
    }
    try eq(c, code, "code")
    // Foundation's `contains("")` is false: an empty `field` asks only for the code.
    try check(field.isEmpty || f.contains(field), "field \(f) does not name \(field)")
    if let secret = secret {
        try check(!"\(error)".contains(secret), "the error quotes \(secret): \(error)")
    }
}

func day(_ y: Int32, _ m: Int32, _ d: Int32) -> CalendarDate { CalendarDate(year: y, month: m, day: d) }
func month(_ y: Int32, _ m: Int32) -> CalendarMonth { CalendarMonth(year: y, month: m) }

let tokyo = """
name = "東京 (協会けんぽ rates)"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
"""

func subject(_ born: CalendarDate) -> PremiumSubject {
    PremiumSubject(birthDate: born, dependantBirthDates: [], careExempt: false, payment: .wageDeduction)
}
