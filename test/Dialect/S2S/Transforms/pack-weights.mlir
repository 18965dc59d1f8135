// RUN: s2s-opt %s -split-input-file -s2s-pack-weights | FileCheck %s

// Each packing of an s2s.weight, by value: transposed ([in, out]), a
// column range, gate rows (H = 3: block 1, so unit u's gate g goes to
// column 4u + g), and a weight nobody reads (no global).

// CHECK-LABEL: func @packings
// CHECK-NEXT:    %[[T:.*]] = memref.get_global @m_transposed : memref<3x2xf32>
// CHECK-NEXT:    %[[C:.*]] = memref.get_global @m_columns : memref<2x4xf32>
// CHECK-NEXT:    %[[G:.*]] = memref.get_global @m_gates : memref<12xf32>
// CHECK-NEXT:    return %[[T]], %[[C]], %[[G]]
// CHECK-NEXT:  }
// CHECK-NEXT:  memref.global "private" constant @m_transposed : memref<3x2xf32> = dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> {alignment = 64 : i64}
// CHECK-NEXT:  memref.global "private" constant @m_columns : memref<2x4xf32> = dense<{{\[}}[1.000000e+00, 4.000000e+00, 7.000000e+00, 1.000000e+01], [2.000000e+00, 5.000000e+00, 8.000000e+00, 1.100000e+01]]>
// CHECK-NEXT:  memref.global "private" constant @m_gates : memref<12xf32> = dense<[0.000000e+00, 3.000000e+00, 6.000000e+00, 9.000000e+00, 1.000000e+00, 4.000000e+00, 7.000000e+00, 1.000000e+01, 2.000000e+00, 5.000000e+00, 8.000000e+00, 1.100000e+01]>
// CHECK-NOT:   m_unread
func @packings() -> (memref<3x2xf32>, memref<2x4xf32>, memref<12xf32>) {
  %t = s2s.weight "m_transposed" : memref<3x2xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
      {transpose, rows = "plain", begin = 0 : i64, end = -1 : i64}
  %c = s2s.weight "m_columns" : memref<2x4xf32> = dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0], [9.0, 10.0, 11.0]]> : tensor<4x3xf32>
      {transpose, rows = "gates", begin = 1 : i64, end = 3 : i64}
  %u = s2s.weight "m_unread" : memref<4xf32> = dense<1.0> : tensor<4xf32>
      {rows = "plain", begin = 0 : i64, end = -1 : i64}
  %g = s2s.weight "m_gates" : memref<12xf32> = dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> : tensor<12xf32>
      {rows = "gates", begin = 0 : i64, end = -1 : i64}
  return %t, %c, %g : memref<3x2xf32>, memref<2x4xf32>, memref<12xf32>
}

// -----

// A folded projection: row v = b + e_v W^T. The embedding and W, read by
// the fold alone, get no global; the bias, read elsewhere too, does.

// CHECK-LABEL: func @fold
// CHECK-NEXT:    %[[B:.*]] = memref.get_global @m_b : memref<4xf32>
// CHECK-NEXT:    %[[T:.*]] = memref.get_global @m_table : memref<2x4xf32>
// CHECK-NEXT:    return %[[T]], %[[B]]
// CHECK-NEXT:  }
// CHECK-NEXT:  memref.global "private" constant @m_b : memref<4xf32> = dense<[1.000000e+01, 2.000000e+01, 3.000000e+01, 4.000000e+01]>
// CHECK-NEXT:  memref.global "private" constant @m_table : memref<2x4xf32> = dense<{{\[}}[1.100000e+01, 2.200000e+01, 3.300000e+01, 4.400000e+01], [1.200000e+01, 2.400000e+01, 3.600000e+01, 4.800000e+01]]>
// CHECK-NOT:   m_embedding
// CHECK-NOT:   m_w
func @fold() -> (memref<2x4xf32>, memref<4xf32>) {
  %e = s2s.weight "m_embedding" : memref<2x1xf32> = dense<[[1.0], [2.0]]> : tensor<2x1xf32>
      {rows = "plain", begin = 0 : i64, end = -1 : i64}
  %w = s2s.weight "m_w" : memref<1x4xf32> = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
      {transpose, rows = "gates", begin = 0 : i64, end = -1 : i64}
  %b = s2s.weight "m_b" : memref<4xf32> = dense<[10.0, 20.0, 30.0, 40.0]> : tensor<4xf32>
      {rows = "gates", begin = 0 : i64, end = -1 : i64}
  %t = s2s.fold_input_projection "m_table" %e, %w, %b
      : memref<2x1xf32>, memref<1x4xf32>, memref<4xf32> -> memref<2x4xf32>
  return %t, %b : memref<2x4xf32>, memref<4xf32>
}
