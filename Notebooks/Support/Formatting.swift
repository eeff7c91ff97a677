import Foundation

/// `value` with `places` digits after the point ("0.3000"), or in scientific
/// notation with `places` significant digits when `scientific` is set.
///
/// Notebooks print numbers through this (never with the default description)
/// so that their rendered pages do not change with the last bits of a result.
public func decimals(_ value: Double, _ places: Int, scientific: Bool = false) -> String {
  if scientific { return String(format: "%.\(max(places - 1, 0))e", value) }
  let text = String(format: "%.\(places)f", value)
  return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
}

/// `value` with `digits` significant digits ("0.0312", "1.25e+06").
public func significant(_ value: Double, _ digits: Int) -> String {
  String(format: "%.\(digits)g", value)
}
