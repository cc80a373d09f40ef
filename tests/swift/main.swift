// Runs every family's binding tests (one file each) and prints "N passed, M failed".
import Foundation

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

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
