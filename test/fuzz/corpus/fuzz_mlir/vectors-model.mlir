module {
  func @vec(%arg0: tensor<?x?x4xf32>, %arg1: tensor<?xi32>, %arg2: index) -> tensor<?x?x3xf32> attributes {s2s.model = "vec"} {
    %cst = arith.constant dense<[[0.000000e+00, 3.000000e-01, -5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01, -4.000000e-01, -1.000000e-01], [2.000000e-01, 5.000000e-01, -3.000000e-01, 0.000000e+00], [3.000000e-01, -5.000000e-01, -2.000000e-01, 1.000000e-01], [4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01], [5.000000e-01, -3.000000e-01, 0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01], [-4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01]]> : tensor<8x4xf32>
    %cst_0 = arith.constant dense<[[4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01], [5.000000e-01, -3.000000e-01], [0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01], [-4.000000e-01, -1.000000e-01], [2.000000e-01, 5.000000e-01]]> : tensor<8x2xf32>
    %cst_1 = arith.constant dense<[-3.000000e-01, 0.000000e+00, 3.000000e-01, -5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01, -4.000000e-01]> : tensor<8xf32>
    %h, %c = s2s.encoder %arg0, %arg1 weights(%cst, %cst_0, %cst_1) {gate_activation = "sigmoid"} : tensor<?x?x4xf32>, tensor<?xi32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32> -> tensor<1x?x2xf32>, tensor<1x?x2xf32>
    %0 = s2s.context %h : tensor<1x?x2xf32> -> tensor<?x2xf32>
    %cst_2 = arith.constant dense<[-5.000000e-01, -2.000000e-01, 1.000000e-01]> : tensor<3xf32>
    %cst_3 = arith.constant dense<[[2.000000e-01, 5.000000e-01], [-3.000000e-01, 0.000000e+00], [3.000000e-01, -5.000000e-01]]> : tensor<3x2xf32>
    %1 = s2s.dense %0, %cst_3, %cst_2 {activation = "linear"} : tensor<?x2xf32>, tensor<3x2xf32>, tensor<3xf32> -> tensor<?x3xf32>
    %cst_4 = arith.constant dense<[[3.000000e-01, -5.000000e-01], [-2.000000e-01, 1.000000e-01], [4.000000e-01, -4.000000e-01]]> : tensor<3x2xf32>
    %cst_5 = arith.constant dense<[-4.000000e-01, -1.000000e-01, 2.000000e-01]> : tensor<3xf32>
    %cst_6 = arith.constant dense<[[1.000000e-01, 4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01, 5.000000e-01], [-3.000000e-01, 0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01, 1.000000e-01], [4.000000e-01, -4.000000e-01, -1.000000e-01], [2.000000e-01, 5.000000e-01, -3.000000e-01], [0.000000e+00, 3.000000e-01, -5.000000e-01], [-2.000000e-01, 1.000000e-01, 4.000000e-01]]> : tensor<8x3xf32>
    %cst_7 = arith.constant dense<[[5.000000e-01, -3.000000e-01], [0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01], [-4.000000e-01, -1.000000e-01], [2.000000e-01, 5.000000e-01], [-3.000000e-01, 0.000000e+00], [3.000000e-01, -5.000000e-01]]> : tensor<8x2xf32>
    %cst_8 = arith.constant dense<[-2.000000e-01, 1.000000e-01, 4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01, -3.000000e-01]> : tensor<8xf32>
    %2 = s2s.vector_decoder %h, %c, %1, %arg2 layers(%cst_6, %cst_7, %cst_8 : tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>) readout(%cst_4, %cst_5 : tensor<3x2xf32>, tensor<3xf32>) {activation = "tanh", first_input = "context", gate_activation = "sigmoid", init_state = "encoder", max_length = 4 : i64, peek = "none"} : tensor<1x?x2xf32>, tensor<1x?x2xf32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
    return %2 : tensor<?x?x3xf32>
  }
}
