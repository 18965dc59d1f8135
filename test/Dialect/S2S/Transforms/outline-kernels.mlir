// RUN: s2s-opt %s -s2s-outline-kernels | FileCheck %s
// RUN: s2s-opt %s -s2s-outline-kernels="schedule=foo" | FileCheck %s --check-prefix=SCHED

// One s2s.kernel per distinct (family, sizes, activation), declared
// before the host function in order of first use; every cell op becomes a
// kernel_call that records failures in one status cell.

// CHECK-NOT: s2s.kernel @
// CHECK:     s2s.kernel @m_gather_v5_e2 {embed = 2 : i64, family = "gather", schedule = "default", vocab = 5 : i64}
// CHECK-NEXT: s2s.kernel @m_matmul_2x4 {family = "matmul", input = 2 : i64, output = 4 : i64, schedule = "default"}
// CHECK-NEXT: s2s.kernel @m_matmul_1x4 {family = "matmul", input = 1 : i64, output = 4 : i64, schedule = "default"}
// A non-linear activation is part of the kernel; matmul_add has no bias.
// CHECK-NEXT: s2s.kernel @m_matmul_1x4_tanh {activation = "tanh", family = "matmul", input = 1 : i64, output = 4 : i64, schedule = "default"}
// CHECK-NEXT: s2s.kernel @m_matmul_add_2x4 {family = "matmul_add", input = 2 : i64, output = 4 : i64, schedule = "default"}
// CHECK-NEXT: s2s.kernel @m_lstm_step_h1_sigmoid {family = "lstm_step", gate_activation = "sigmoid", hidden = 1 : i64, schedule = "default"}
// CHECK-NEXT: s2s.kernel @m_lstm_step_h1_hard_sigmoid {family = "lstm_step", gate_activation = "hard_sigmoid", hidden = 1 : i64, schedule = "default"}
// CHECK-NEXT: s2s.kernel @m_project_argmax_h1_v5 {family = "project_argmax", hidden = 1 : i64, schedule = "default", vocab = 5 : i64}
// CHECK-NOT: s2s.kernel @

// SCHED-COUNT-8: s2s.kernel @{{.*}}schedule = "foo"
// SCHED-NOT:     schedule = "default"

// CHECK-LABEL: func @m_translate_impl(
// CHECK-SAME:  %[[IDS:[^:]*]]: memref<?xi32>, %[[TABLE:[^:]*]]: memref<5x2xf32>, %[[X:[^:]*]]: memref<?x2xf32>, %[[W1:[^:]*]]: memref<2x4xf32>, %[[W2:[^:]*]]: memref<2x4xf32>, %[[W3:[^:]*]]: memref<1x4xf32>, %[[B:[^:]*]]: memref<4xf32>, %[[G:[^:]*]]: memref<?x4xf32>, %[[H:[^:]*]]: memref<?x1xf32>
// CHECK:       %[[ST:.*]] = memref.alloca() : memref<1xi32>
// CHECK:       memref.store %{{.*}}, %[[ST]][%{{.*}}] : memref<1xi32>
// CHECK:       s2s.kernel_call @m_gather_v5_e2(%[[IDS]], %[[TABLE]], %[[X]] : memref<?xi32>, memref<5x2xf32>, memref<?x2xf32>) status(%[[ST]] : memref<1xi32>)
// Two layers of equal size share one kernel; operands keep their order.
// CHECK:       s2s.kernel_call @m_matmul_2x4(%[[X]], %[[W1]], %[[B]], %[[G]] : {{.*}}) status(%[[ST]] : memref<1xi32>)
// CHECK:       s2s.kernel_call @m_matmul_2x4(%[[X]], %[[W2]], %[[B]], %[[G]] : {{.*}}) status(%[[ST]] : memref<1xi32>)
// CHECK:       s2s.kernel_call @m_matmul_1x4(%[[H]], %[[W3]], %[[B]], %[[G]] : {{.*}}) status(%[[ST]] : memref<1xi32>)
// CHECK:       s2s.kernel_call @m_matmul_1x4_tanh(%[[H]], %[[W3]], %[[B]], %[[G]] : {{.*}}) status(%[[ST]] : memref<1xi32>)
// Calls inside loops stay there; scalars are passed through.
// CHECK:       scf.for %[[T:[^ ]*]] =
// CHECK:         %[[T32:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK:         s2s.kernel_call @m_matmul_add_2x4(%[[X]], %[[W1]], %[[G]], %[[G]] : memref<?x2xf32>, memref<2x4xf32>, memref<?x4xf32>, memref<?x4xf32>) status(%[[ST]] : memref<1xi32>)
// CHECK:         s2s.kernel_call @m_lstm_step_h1_sigmoid(%[[G]], %{{.*}}, %[[H]], %[[H]], %{{.*}}, %[[T32]], %[[H]], %[[H]]
// CHECK-SAME:      : memref<?x4xf32>, memref<1x4xf32>, memref<?x1xf32>, memref<?x1xf32>, memref<?xi32>, i32, memref<?x1xf32>, memref<?x1xf32>) status(%[[ST]] : memref<1xi32>)
// CHECK:         s2s.kernel_call @m_lstm_step_h1_hard_sigmoid(
// CHECK:         s2s.kernel_call @m_project_argmax_h1_v5(
// CHECK:       }
// The function returns its own failure (the returned status, e.g. out of
// memory) or else the first kernel failure.
// CHECK:       %[[OWN:.*]] = arith.cmpi ne, %[[RET:.*]], %{{.*}} : i32
// CHECK:       %[[R:.*]] = memref.load %[[ST]][%{{.*}}] : memref<1xi32>
// CHECK-NEXT:  %[[S:.*]] = select %[[OWN]], %[[RET]], %[[R]] : i32
// CHECK-NEXT:  return %[[S]] : i32
// CHECK-NOT:   s2s.gather
// CHECK-NOT:   s2s.seq_matmul
// CHECK-NOT:   s2s.lstm_step
// CHECK-NOT:   s2s.project_argmax
func @m_translate_impl(%ids: memref<?xi32>, %table: memref<5x2xf32>, %x: memref<?x2xf32>,
                       %w1: memref<2x4xf32>, %w2: memref<2x4xf32>, %w3: memref<1x4xf32>,
                       %b: memref<4xf32>, %g: memref<?x4xf32>, %h: memref<?x1xf32>,
                       %whh: memref<1x4xf32>, %limit: memref<?xi32>, %n: index,
                       %wo: memref<1x5xf32>, %bo: memref<5xf32>, %logits: memref<?x5xf32>,
                       %tokens: memref<?xi32>) -> i32 attributes {s2s.model = "m"} {
  s2s.gather %ids, %table, %x : memref<?xi32>, memref<5x2xf32>, memref<?x2xf32>
  s2s.seq_matmul %x, %w1, %b, %g : memref<?x2xf32>, memref<2x4xf32>, memref<4xf32>, memref<?x4xf32>
  s2s.seq_matmul %x, %w2, %b, %g : memref<?x2xf32>, memref<2x4xf32>, memref<4xf32>, memref<?x4xf32>
  s2s.seq_matmul %h, %w3, %b, %g : memref<?x1xf32>, memref<1x4xf32>, memref<4xf32>, memref<?x4xf32>
  s2s.seq_matmul %h, %w3, %b, %g {activation = "tanh"} : memref<?x1xf32>, memref<1x4xf32>, memref<4xf32>, memref<?x4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %n step %c1 {
    %t32 = arith.index_cast %t : index to i32
    s2s.seq_matmul_add %x, %w1, %g, %g : memref<?x2xf32>, memref<2x4xf32>, memref<?x4xf32>, memref<?x4xf32>
    s2s.lstm_step %g, %whh, %h, %h, %limit, %t32, %h, %h {gate_activation = "sigmoid"}
        : memref<?x4xf32>, memref<1x4xf32>, memref<?x1xf32>, memref<?x1xf32>, memref<?xi32>, i32,
          memref<?x1xf32>, memref<?x1xf32>
    s2s.lstm_step %g, %whh, %h, %h, %limit, %t32, %h, %h {gate_activation = "hard_sigmoid"}
        : memref<?x4xf32>, memref<1x4xf32>, memref<?x1xf32>, memref<?x1xf32>, memref<?xi32>, i32,
          memref<?x1xf32>, memref<?x1xf32>
    s2s.project_argmax %h, %wo, %bo, %logits, %tokens
        : memref<?x1xf32>, memref<1x5xf32>, memref<5xf32>, memref<?x5xf32>, memref<?xi32>
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
