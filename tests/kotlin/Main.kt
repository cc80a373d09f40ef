// Runs every family's binding tests (one file each) and prints "N passed, M failed".
fun main() {
    foundationTests()
    societyTests()
    remunerationTests()
    premiumTests()
    checkupTests()
    receiptTests()
    monthlyRunTests()
    benefitTests()
    accessTests()
    memberTests()
    finish()
}
