import CGSL
import Foundation
import Testing

@testable import GSLBridge

/// GSL's default error handler aborts the process.
///
/// These tests run in fresh
/// child processes (exit tests), so that each one's first GSL call is really
/// the first in its process.
struct ErrorHandlerTests {
  @Test func domainErrorAsFirstCallComesBackAsAThrownErrorAndTheProcessSurvives() async {
    await #expect(processExitsWith: .success) {
      do {
        _ = try GSLSpecialFunctions.logGamma(0)
        exit(1)  // GSL must report a domain error at the pole
      } catch let error as GSLError {
        exit(error.status == .domain && error.function == "gsl_sf_lngamma_e" ? 0 : 2)
      } catch {
        exit(3)
      }
    }
  }

  @Test func negativeIntegerAsFirstCallIsAnErrorNotTheSilentZeroOfThePlainFunction() async {
    await #expect(processExitsWith: .success) {
      do {
        _ = try GSLSpecialFunctions.gamma(-1)
        exit(1)
      } catch let error as GSLError {
        exit(error.status == .domain ? 0 : 2)
      } catch {
        exit(3)
      }
    }
  }

  @Test func generatorCreationAsFirstCallAlsoTurnsTheHandlerOff() async {
    await #expect(processExitsWith: .success) {
      _ = try? GSLGenerator(algorithm: "mt19937", seed: 1)
      // The handler is off now, so a domain error in a plain C call returns.
      var result = gsl_sf_result(val: 0, err: 0)
      exit(gsl_sf_lngamma_e(0, &result) == GSL_EDOM ? 0 : 1)
    }
  }

  /// The control: without ProbKit's preparation, GSL's default handler kills
  /// the process with SIGABRT on the same call.
  @Test func withoutPreparationGSLAbortsTheProcess() async {
    await #expect(processExitsWith: .signal(SIGABRT)) {
      var result = gsl_sf_result(val: 0, err: 0)
      _ = gsl_sf_lngamma_e(0, &result)
    }
  }
}

struct GSLErrorTests {
  @Test func statusesMapToGSLCodes() {
    #expect(GSLError.Status.domain.rawValue == Int(GSL_EDOM))
    #expect(GSLError.Status.overflow.rawValue == Int(GSL_EOVRFLW))
    #expect(GSLError.Status.underflow.rawValue == Int(GSL_EUNDRFLW))
    #expect(GSLError.Status.maxIterations.rawValue == Int(GSL_EMAXITER))
  }

  @Test func descriptionNamesTheFunctionTheReasonAndTheCode() {
    let error = GSLError(status: .domain, function: "gsl_sf_lngamma_e")
    #expect(error.description == "GSL error in gsl_sf_lngamma_e: input domain error (status 1)")
  }

  @Test func specialFunctionsReportOverflowAndUnderflow() {
    #expect(throws: GSLError(status: .overflow, function: "gsl_sf_gamma_e")) {
      try GSLSpecialFunctions.gamma(180)
    }
    #expect(throws: GSLError(status: .underflow, function: "gsl_sf_gamma_e")) {
      try GSLSpecialFunctions.gamma(-190.5)
    }
  }

  @Test func unknownGeneratorNameIsAnInvalidArgument() {
    #expect(throws: GSLError(status: .invalidArgument, function: "gsl_rng_types_setup")) {
      try GSLGenerator(algorithm: "no-such-generator", seed: 1)
    }
  }
}
