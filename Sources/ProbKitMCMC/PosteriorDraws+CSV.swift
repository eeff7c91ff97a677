import Foundation

extension PosteriorDraws {
  /// The draws as CSV, one row per draw, in the layout of Stan's output.
  ///
  /// The columns: `chain,draw,lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,`
  /// `divergent__,energy__`, then one column per parameter. Numbers are
  /// written in full (shortest round-trip form); names with a comma or a
  /// quote are quoted as RFC 4180 says.
  ///
  /// ```swift
  /// posterior.csv().split(separator: "\n").first
  /// // "chain,draw,lp__,accept_stat__,...,energy__,mu,sigma"
  /// ```
  public func csv() -> String {
    let statisticNames = [
      "chain", "draw", "lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__",
      "divergent__", "energy__",
    ]
    var text = (statisticNames + parameterNames.map(Self.quoted)).joined(separator: ",") + "\n"
    let m = parameterCount
    for (chainIndex, chain) in chains.enumerated() {
      for (index, statistics) in chain.statistics.enumerated() {
        var fields = [
          "\(chainIndex)", "\(index)", "\(statistics.logDensity)", "\(statistics.acceptance)",
          "\(statistics.stepSize)", "\(statistics.treeDepth)", "\(statistics.leapfrogSteps)",
          statistics.divergent ? "1" : "0", "\(statistics.energy)",
        ]
        for j in 0..<m { fields.append("\(chain.values[index * m + j])") }
        text += fields.joined(separator: ",")
        text += "\n"
      }
    }
    return text
  }

  /// Writes ``csv()`` to `url` atomically (a failed write leaves any
  /// existing file as it was).
  ///
  /// - Throws: The file system's error when the file cannot be written.
  public func writeCSV(to url: URL) throws {
    try Data(csv().utf8).write(to: url, options: .atomic)
  }

  /// A CSV field: as is, or in double quotes with quotes doubled when it
  /// holds a comma, a quote or a line break.
  private static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
