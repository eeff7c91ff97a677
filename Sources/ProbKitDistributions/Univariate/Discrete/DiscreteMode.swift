/// Whether `x`, computed from a few floating-point operations, is a whole
/// number up to their rounding (8 ulps): where a discrete mode formula lands
/// on an integer and two labels tie. (Binomial(6, 1/7) has (n + 1)p = 1 only
/// up to rounding.)
func isWholeWithinRounding(_ x: Double) -> Bool {
  abs(x - x.rounded()) <= 8 * max(x, 1).ulp
}
