import ArgumentParser
import Foundation
import ProbKit

extension ProbKitCommand {
  /// `probkit fit`: softmax regression or a generalized linear model from a
  /// CSV file.
  struct FitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fit",
      abstract: "Fit a regression model (softmax, or a GLM of any family) to a CSV file.",
      discussion: """
        DATA.csv has a header row; --target names the response column, every other \
        column is a numeric feature (except the --offset, --exposure and --trials \
        columns). --family chooses the model:

          categorical        softmax (multinomial logistic) regression on text labels
                             (class labels are sorted); the default for a text target
          gaussian           linear regression (identity link; σ² estimated)
          poisson            counts (log link)
          bernoulli          0/1 outcomes: logistic regression (logit link)
          binomial           successes out of --trials COLUMN (logit link)
          gamma              positive values (inverse link; shape estimated)
          negative-binomial  overdispersed counts (log link; α estimated by maximum
                             likelihood, Var = μ + αμ²)

        A numeric target needs --family: R's glm and statsmodels' GLM would assume \
        gaussian, but probkit does not guess, since a column of class codes would \
        silently become a linear regression (use --family categorical for those). \
        --link takes the other links R offers: probit or cloglog (bernoulli, \
        binomial), log (gaussian, gamma), identity (poisson, gamma). --offset adds \
        a column to the linear predictor as is; --exposure adds its log (the time \
        or size each count was observed over, > 0), as statsmodels' offset and \
        exposure; both may be given. --weights names a column of frequency weights \
        (>= 0; statsmodels' freq_weights). --no-intercept fits without an intercept.

        --estimator: mle, or map (a Gaussian prior N(0, σ²) on the weights, σ \
        being --prior-sd in [1e-8, 1e8]; the intercept is not penalised). The \
        default is map for categorical (scikit-learn's LogisticRegression with C = \
        σ²) and mle for the other families (R's glm, statsmodels' GLM); the \
        negative binomial's α is estimated by maximum likelihood either way.

        --estimator posterior samples the whole posterior under that prior with \
        NUTS (Stan's algorithm and warmup; every family). The dispersion φ is \
        sampled too for gaussian (σ²), gamma (1/shape) and negative-binomial (α), \
        under √φ ~ half-Cauchy(--dispersion-scale; default the response's standard \
        deviation for gaussian, 1 otherwise), and reported as (dispersion). \
        --chains (4) chains of --draws (1000) draws after --warmup \
        (1000), from --seed (1; the same seed gives the same draws), tuned to \
        --target-acceptance (0.8). It prints each parameter's mean, sd, 5/50/95% \
        quantiles, MCSE, bulk- and tail-ESS and R̂, the divergences and E-BFMI, and \
        a warning for each check that fails (R̂ > 1.01, ESS < 400, a divergence, a \
        saturated tree, E-BFMI < 0.3); --save-draws FILE writes every draw as CSV \
        in Stan's layout (atomically). With --json: format "probkit-posterior", \
        family, target, priorSd, chains, warmup, draws, seed, parameters [name, \
        mean, standardDeviation, quantile5, median, quantile95, meanStandardError, \
        standardDeviationStandardError, bulkEffectiveSampleSize, \
        tailEffectiveSampleSize, rHat], divergences, energyBFMI, warnings.

        Prints, as a table or with --json: for categorical, the classes, \
        coefficients, intercepts, log-likelihood, log-prior, objective, iterations \
        and convergence (fields format, classes, featureNames, coefficients, \
        intercepts, logLikelihood, logPrior, objective, iterations, converged); for \
        the other families, each coefficient's estimate, standard error, z and \
        two-sided p-value (the intercept last), the deviance, null deviance, \
        Pearson χ², log-likelihood, AIC, BIC, dispersion (σ² for gaussian, 1/shape \
        for gamma, 1 otherwise), α for the negative binomial, and iterations \
        (fields format "probkit-glm-fit", family, link, estimator, priorSd, target, \
        observations, terms [name, estimate, standardError, z, pValue], deviance, \
        nullDeviance, pearsonChiSquare, logLikelihood, aic, bic, dispersion, alpha, \
        iterations, converged). Numbers JSON cannot hold are written "inf", "-inf" \
        and "nan". --save writes a versioned model file for `probkit predict` \
        (format probkit-softmax-regression or probkit-glm), atomically (a failed \
        write leaves the old file intact).

        CSV is read strictly: RFC 4180 (quoted fields, "" for a quote, LF or CRLF), \
        UTF-8 without NUL bytes, distinct non-empty column names, as many fields in \
        every row as in the header, no empty labels; blank lines at the end are \
        ignored. Errors name the file, the row (as an editor numbers lines, the \
        header being row 1) and the column.

        Examples:
          probkit fit iris.csv --target species --estimator map --prior-sd 1
          probkit fit data.csv --target y --estimator mle --save model.json --json
          probkit fit claims.csv --target claims --family poisson --exposure years
          probkit fit dose.csv --target dead --family binomial --trials n --link probit
          probkit fit costs.csv --target cost --family gamma --link log --no-intercept
          probkit fit iris.csv --target species --estimator posterior --seed 7
        """
    )

    /// The estimators.
    enum EstimatorName: String, ExpressibleByArgument, CaseIterable {
      case mle, map, posterior
    }

    /// The optimisers.
    enum OptimizerName: String, ExpressibleByArgument, CaseIterable {
      case automatic, lbfgs, newton, trust
    }

    @Argument(help: "The CSV file (with a header row).")
    var data: String

    @Option(help: "The response column.")
    var target: String

    @Option(
      help: ArgumentHelp(
        "The response family (see below); categorical by default for a text target.",
        valueName: "family"))
    var family: FamilyName?

    @Option(
      help: ArgumentHelp(
        "The link, as the family allows (see below); the family's canonical link by default.",
        valueName: "link"))
    var link: LinkName?

    @Option(help: "A column added to the linear predictor (not a feature).")
    var offset: String?

    @Option(help: "A column of exposures > 0 whose log is added to the linear predictor.")
    var exposure: String?

    @Option(help: "binomial: the column of trials per row (--target counts the successes).")
    var trials: String?

    @Option(help: "A column of frequency weights >= 0 (a row of weight k counts as k rows).")
    var weights: String?

    @Flag(help: "Fit without an intercept (not for categorical).")
    var noIntercept = false

    @Option(
      help: """
        mle, map (Gaussian prior on the weights) or posterior (NUTS draws under that prior); \
        map for categorical, mle otherwise.
        """)
    var estimator: EstimatorName?

    @Option(
      parsing: .unconditional,
      help: "The prior's standard deviation σ for map and posterior (scikit-learn's C = σ²).")
    var priorSd: Double = 1

    @Option(help: "categorical: automatic, lbfgs, newton or trust (trust-region Newton).")
    var optimizer: OptimizerName?

    @Option(help: "posterior: the number of chains (run in parallel).")
    var chains = 4

    @Option(help: "posterior: warmup iterations per chain (not kept).")
    var warmup = 1000

    @Option(help: "posterior: draws kept per chain.")
    var draws = 1000

    @Option(help: "posterior: the seed; chain c draws from stream c of it.")
    var seed: UInt32 = 1

    @Option(help: "posterior: the mean acceptance warmup tunes the step size for, in (0, 1).")
    var targetAcceptance = 0.8

    @Option(help: "posterior: write every draw to this CSV file (Stan's layout).")
    var saveDraws: String?

    @Option(
      help: "posterior: the half-Cauchy prior's scale on √dispersion (gaussian, gamma, NB).")
    var dispersionScale: Double?

    @Option(help: "Write the fitted model to this file.")
    var save: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
      try PriorWidth.check(priorSd)
      if save?.isEmpty == true { throw ValidationError("--save needs a file name") }
      try validateSampling()
      let columns = [
        ("--offset", offset), ("--exposure", exposure), ("--trials", trials),
        ("--weights", weights),
      ]
      .compactMap { option, column in column.map { (option, $0) } }
      guard let family, family != .categorical else {
        let glmOnly =
          columns.map(\.0) + (link == nil ? [] : ["--link"])
          + (noIntercept ? ["--no-intercept"] : [])
        if let first = glmOnly.first {
          throw ValidationError(
            "\(first) is for generalized linear models: choose one with --family (gaussian, "
              + "poisson, bernoulli, binomial, gamma, negative-binomial); categorical "
              + "(softmax) regression has no \(first)")
        }
        return
      }
      if optimizer != nil {
        throw ValidationError(
          "--optimizer is for --family categorical; --family \(family.rawValue) is fitted by "
            + "Fisher scoring")
      }
      if family == .binomial, trials == nil {
        throw ValidationError(
          "--family binomial needs --trials COLUMN, the trials per row (for 0/1 outcomes use "
            + "--family bernoulli)")
      }
      if family != .binomial, trials != nil {
        throw ValidationError(
          "--trials is for --family binomial, not \(family.rawValue)")
      }
      if let link, !family.links.contains(link) {
        throw ValidationError(
          "--link \(link.rawValue) is not offered for --family \(family.rawValue) (links: "
            + family.links.map(\.rawValue).joined(separator: ", ") + ")")
      }
      for (option, column) in columns {
        if column.isEmpty { throw ValidationError("\(option) needs a column name") }
        if column == target {
          throw ValidationError(
            "\(option) \(quoted(column)) is the --target column; the response cannot be its own "
              + "\(option.dropFirst(2))")
        }
      }
      for (i, (option, column)) in columns.enumerated() {
        if let other = columns[..<i].first(where: { $0.1 == column }) {
          throw ValidationError(
            "\(other.0) and \(option) name the same column, \(quoted(column))")
        }
      }
    }

    /// The posterior options: only with --estimator posterior, in range.
    private func validateSampling() throws {
      guard estimator == .posterior else {
        let given = [
          ("--chains", chains != 4), ("--warmup", warmup != 1000), ("--draws", draws != 1000),
          ("--seed", seed != 1), ("--target-acceptance", targetAcceptance != 0.8),
          ("--save-draws", saveDraws != nil), ("--dispersion-scale", dispersionScale != nil),
        ]
        if let option = given.first(where: \.1) {
          throw ValidationError("\(option.0) is for --estimator posterior")
        }
        return
      }
      if save != nil {
        throw ValidationError(
          "--save writes a point estimate (mle or map); with --estimator posterior use "
            + "--save-draws FILE")
      }
      if optimizer != nil { throw ValidationError("--optimizer is for mle and map fits") }
      guard (1...256).contains(chains) else {
        throw ValidationError("--chains must be in 1...256, got \(chains)")
      }
      guard (0...1_000_000).contains(warmup) else {
        throw ValidationError("--warmup must be in 0...1000000, got \(warmup)")
      }
      guard (4...1_000_000).contains(draws) else {
        throw ValidationError(
          "--draws must be in 4...1000000 (the diagnostics need 4), got \(draws)")
      }
      guard targetAcceptance > 0, targetAcceptance < 1 else {
        throw ValidationError("--target-acceptance must be in (0, 1), got \(targetAcceptance)")
      }
      if saveDraws?.isEmpty == true { throw ValidationError("--save-draws needs a file name") }
      if let scale = dispersionScale {
        guard let family, [FamilyName.gaussian, .gamma, .negativeBinomial].contains(family) else {
          throw ValidationError(
            "--dispersion-scale is for the families with a dispersion (gaussian, gamma, "
              + "negative-binomial)")
        }
        guard scale >= 1e-150, scale <= 1e150 else {
          throw ValidationError("--dispersion-scale must be in [1e-150, 1e150], got \(scale)")
        }
      }
    }

    func run() async throws {
      let extra = [
        ("--offset", offset), ("--exposure", exposure), ("--trials", trials),
        ("--weights", weights),
      ]
      .compactMap { option, column in column.map { (option: option, column: $0) } }
      let table = try LabelledTable(path: data, target: target, extra: extra)
      let family: FamilyName
      if let chosen = self.family {
        family = chosen
      } else if table.targetIsNumeric {
        throw CommandError(
          "\(data): column \(quoted(target)) is numeric, so choose the model with --family: "
            + "gaussian (R's and statsmodels' default), poisson, bernoulli, binomial, gamma, "
            + "negative-binomial, or categorical for class codes", .usage)
      } else {
        family = .categorical
      }
      if estimator == .posterior {
        try await PosteriorFit(command: self, family: family, table: table).run()
        return
      }
      if family != .categorical {
        try GLMFit(command: self, family: family, table: table).run()
        return
      }
      try table.checkFittable(path: data, target: target)
      let classes = ClassLabels(sorting: table.targets)
      let estimator = self.estimator ?? .map
      let fit: ProbKit.Fit<SoftmaxRegression>
      do {
        let labels = try classes.indices(of: table.targets)
        let options = SoftmaxRegression.Options(
          optimizer: {
            switch optimizer ?? .automatic {
            case .automatic: .automatic
            case .lbfgs: .lbfgs
            case .newton: .newton
            case .trust: .trustRegionNewton
            }
          }(), progress: progress.reporter)
        fit = try SoftmaxRegression.fit(
          features: FeatureMatrix(table.features), labels: labels, classCount: classes.count,
          estimator: estimator == .mle ? .mle : .map(GaussianPrior(standardDeviation: priorSd)),
          options: options)
      } catch {
        throw CommandError(error, about: data)
      }
      // The objective the fit minimised: -log L, plus the prior's penalty.
      let objective =
        -fit.logLikelihood
        + (estimator == .map
          ? try GaussianPrior(standardDeviation: priorSd).penalty(of: fit.model) : 0)
      // The bounds on σ keep these finite; a non-finite value would be a
      // library fault, never printed as a result.
      guard fit.logLikelihood.isFinite, fit.logPrior?.isFinite ?? true, objective.isFinite else {
        throw CommandError(
          "\(data): the fit gave a non-finite result (log-likelihood \(fit.logLikelihood), "
            + "log-prior \(fit.logPrior.map { "\($0)" } ?? "none"), objective \(objective))",
          .software)
      }
      if let save {
        try ModelFile(
          featureNames: table.featureNames, classes: classes.classes, target: target,
          model: fit.model
        )
        .write(save)
      }
      if json {
        let report = Report(
          format: "probkit-fit", classes: classes.classes, featureNames: table.featureNames,
          coefficients: fit.model.coefficients, intercepts: fit.model.intercepts,
          logLikelihood: fit.logLikelihood, logPrior: fit.logPrior, objective: objective,
          iterations: fit.optimization?.iterations ?? 0,
          converged: fit.optimization?.converged ?? true)
        try Console.print(JSONOutput.encode(report))
      } else {
        try printTable(fit, table.featureNames, classes.classes, objective, estimator)
      }
    }

    /// The `--json` report; field names are stable.
    struct Report: Encodable {
      let format: String
      let classes: [String]
      let featureNames: [String]
      let coefficients: [[Double]]
      let intercepts: [Double]
      let logLikelihood: Double
      let logPrior: Double?
      let objective: Double
      let iterations: Int
      let converged: Bool
    }

    private func printTable(
      _ fit: ProbKit.Fit<SoftmaxRegression>, _ features: [String], _ classes: [String],
      _ objective: Double, _ estimator: EstimatorName
    ) throws {
      let width = max(9, (classes.map(\.count).max() ?? 0) + 2)
      try Console.print(
        "softmax regression, \(estimator == .mle ? "MLE" : "MAP with σ = \(priorSd)")")
      try Console.print(
        "class".padding(toLength: width, withPad: " ", startingAt: 0)
          + (features + ["(intercept)"]).map {
            $0.padding(toLength: 14, withPad: " ", startingAt: 0)
          }
          .joined())
      for (k, name) in classes.enumerated() {
        let values = fit.model.coefficients[k] + [fit.model.intercepts[k]]
        try Console.print(
          name.padding(toLength: width, withPad: " ", startingAt: 0)
            + values.map { String(format: "%-14.6g", $0) }.joined())
      }
      try Console.print("log-likelihood: \(fit.logLikelihood)")
      if let logPrior = fit.logPrior { try Console.print("log-prior: \(logPrior)") }
      try Console.print("objective: \(objective)")
      try Console.print(
        "iterations: \(fit.optimization?.iterations ?? 0), converged: \(fit.optimization?.converged ?? true)"
      )
    }
  }
}

/// The prior widths σ `fit` and `compare` accept.
enum PriorWidth {
  /// The widths accepted: [1e-8, 1e8].
  ///
  /// In this range the prior's precision 1/σ² is within
  /// about 1/ε = 4.5e15 of the unit curvature the standardised features give
  /// the log-likelihood, so neither term vanishes in rounding. Further out
  /// the fit is the prior alone (all weights 0) or the MLE alone, and at the
  /// extremes σ² underflows to 0 or overflows (a NaN log-likelihood, an
  /// infinite log-prior).
  static let range = 1e-8...1e8

  static func check(_ sigma: Double) throws {
    guard range.contains(sigma) else {
      throw ValidationError("--prior-sd must be in [1e-08, 1e+08], got \(sigma)")
    }
  }
}
