import Testing

@testable import ProbKitCore

struct MatrixTests {
  /// A matrix with seeded standard-normal entries.
  private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt32) -> Matrix {
    let source = RandomSource(seed: seed)
    return Matrix(
      rows: rows, columns: columns,
      values: (0..<rows * columns).map { _ in source.nextStandardNormal() })
  }

  /// The product by the textbook triple loop.
  private func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
      for j in 0..<b.columns {
        var sum = 0.0
        for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
        c[i, j] = sum
      }
    }
    return c
  }

  private func expectClose(
    _ x: Matrix, _ y: Matrix, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(x.rows == y.rows && x.columns == y.columns, sourceLocation: sourceLocation)
    let worst = zip(x.values, y.values).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst < 1e-12, "largest scaled difference \(worst)", sourceLocation: sourceLocation)
  }

  @Test(arguments: [(7, 5, 3), (1, 1, 1), (64, 33, 17), (120, 200, 90)])
  func gemmMatchesNaiveLoopsForEveryTransposeCombination(_ shape: (Int, Int, Int)) {
    let (m, k, n) = shape
    let a = randomMatrix(m, k, seed: 1)
    let b = randomMatrix(k, n, seed: 2)
    let expected = naiveProduct(a, b)
    expectClose(Matrix.product(a, b), expected)
    expectClose(Matrix.product(a.transposed, b, transposeA: .transposed), expected)
    expectClose(Matrix.product(a, b.transposed, transposeB: .transposed), expected)
    expectClose(
      Matrix.product(a.transposed, b.transposed, transposeA: .transposed, transposeB: .transposed),
      expected)
  }

  @Test func multiplyAddScalesAndAccumulates() {
    let a = randomMatrix(6, 4, seed: 3)
    let b = randomMatrix(4, 5, seed: 4)
    let start = randomMatrix(6, 5, seed: 5)
    var c = start
    Matrix.multiplyAdd(alpha: 2, a, b, beta: -0.5, into: &c)
    let product = naiveProduct(a, b)
    let expected = Matrix(
      rows: 6, columns: 5, values: zip(product.values, start.values).map { 2 * $0 - 0.5 * $1 })
    expectClose(c, expected)
  }

  @Test func gemvMatchesNaiveLoopsPlainAndTransposed() {
    let a = randomMatrix(9, 4, seed: 6)
    let x = [0.5, -1, 2, 3]
    let z = (0..<9).map { Double($0) - 4 }
    let ax = (0..<9).map { i in (0..<4).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
    let atz = (0..<4).map { j in (0..<9).reduce(0.0) { $0 + a[$1, j] * z[$1] } }
    expectClose(
      Matrix(rows: 9, columns: 1, values: a.product(x)), Matrix(rows: 9, columns: 1, values: ax))
    expectClose(
      Matrix(rows: 4, columns: 1, values: a.product(z, transpose: .transposed)),
      Matrix(rows: 4, columns: 1, values: atz))
    var y = [Double](repeating: 1, count: 9)
    a.multiplyAdd(alpha: 3, x, beta: 2, into: &y)
    expectClose(
      Matrix(rows: 9, columns: 1, values: y),
      Matrix(rows: 9, columns: 1, values: ax.map { 3 * $0 + 2 }))
  }

  @Test func emptyInnerDimensionGivesZerosAndEmptyOuterGivesEmpty() {
    let a = Matrix(rows: 3, columns: 0)
    let b = Matrix(rows: 0, columns: 2)
    #expect(Matrix.product(a, b) == Matrix(rows: 3, columns: 2))
    #expect(
      Matrix.product(b, Matrix(rows: 0, columns: 4), transposeA: .transposed)
        == Matrix(rows: 2, columns: 4))
    #expect(Matrix.product(Matrix(rows: 0, columns: 3), randomMatrix(3, 2, seed: 9)).values.isEmpty)
    #expect(a.product([]) == [0, 0, 0])
  }

  @Test func subscriptAndTransposeAreRowMajor() {
    var m = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    #expect(m[1, 0] == 4)
    m[0, 2] = 9
    #expect(m.values == [1, 2, 9, 4, 5, 6])
    #expect(m.transposed == Matrix(rows: 3, columns: 2, values: [1, 4, 2, 5, 9, 6]))
  }

  /// A symmetric positive-definite n × n matrix: BᵀB + n·I.
  private func positiveDefinite(_ n: Int, seed: UInt32) -> Matrix {
    let b = randomMatrix(n, n, seed: seed)
    var a = Matrix.product(b, b, transposeA: .transposed)
    for i in 0..<n { a[i, i] += Double(n) }
    return a
  }

  /// Below and from the LAPACK order (128): the factor reproduces A, its
  /// upper triangle is zero, and the inverse from it inverts A.
  @Test(arguments: [5, 127, 128, 200])
  func choleskyFactorAndInverseAtEveryOrder(_ n: Int) throws {
    let a = positiveDefinite(n, seed: UInt32(n))
    let factor = try #require(a.choleskyFactor())
    for i in 0..<n { for j in (i + 1)..<n { #expect(factor[i, j] == 0) } }
    expectClose(Matrix.product(factor, factor, transposeB: .transposed), a)
    let inverse = factor.inverseFromCholeskyFactor()
    #expect(inverse == inverse.transposed)
    var identity = Matrix(rows: n, columns: n)
    for i in 0..<n { identity[i, i] = 1 }
    expectClose(Matrix.product(inverse, a), identity)
  }

  @Test(arguments: [4, 150])
  func choleskyRefusesIndefiniteAndNonFiniteMatrices(_ n: Int) {
    var a = positiveDefinite(n, seed: 5)
    a[n - 1, n - 1] = -1
    #expect(a.choleskyFactor() == nil)
    var b = positiveDefinite(n, seed: 6)
    b[n / 2, n / 2] = .nan
    #expect(b.choleskyFactor() == nil)
    b[n / 2, n / 2] = .infinity
    #expect(b.choleskyFactor() == nil)
    #expect(Matrix(rows: 2, columns: 3).choleskyFactor() == nil)
  }
}
