#map0 = affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>
#map1 = affine_map<(d0, d1)[s0] -> (d0 * 8 + s0 + d1)>
#map2 = affine_map<(d0, d1) -> (d0 * 3 + d1)>
#map3 = affine_map<(d0, d1)[s0] -> (d0 * 3 + s0 + d1)>
#map4 = affine_map<(d0, d1) -> (d0 * 8 + d1)>
#map5 = affine_map<(d0)[s0] -> (d0 + s0)>
#map6 = affine_map<(d0, d1) -> (d0 * 6 + d1)>
#map7 = affine_map<(d0, d1)[s0] -> (d0 * 6 + s0 + d1)>
module {
  s2s.kernel @peek_gather_v5_e3 {embed = 3 : i64, family = "gather", schedule = "default", vocab = 5 : i64}
  s2s.kernel @peek_matmul_3x8 {family = "matmul", input = 3 : i64, output = 8 : i64, schedule = "default"}
  s2s.kernel @peek_lstm_step_h2_sigmoid {family = "lstm_step", gate_activation = "sigmoid", hidden = 2 : i64, schedule = "default"}
  s2s.kernel @peek_matmul_2x8 {family = "matmul", input = 2 : i64, output = 8 : i64, schedule = "default"}
  s2s.kernel @peek_gather_v6_e3 {embed = 3 : i64, family = "gather", schedule = "default", vocab = 6 : i64}
  s2s.kernel @peek_matmul_add_3x8 {family = "matmul_add", input = 3 : i64, output = 8 : i64, schedule = "default"}
  s2s.kernel @peek_project_argmax_h2_v6 {family = "project_argmax", hidden = 2 : i64, schedule = "default", vocab = 6 : i64}
  func @peek_translate_impl(%arg0: memref<?x?xi32>, %arg1: memref<?xi32>, %arg2: memref<?x?xi32>, %arg3: memref<?xi32>, %arg4: memref<?x?x6xf32>, %arg5: i1) -> i32 attributes {s2s.bos = 1 : i64, s2s.eos = 2 : i64, s2s.max_length = 4 : i64, s2s.model = "peek", s2s.source_kind = "tokens", s2s.source_vocab = 5 : i64, s2s.target_kind = "tokens", s2s.target_vocab = 6 : i64} {
    %0 = memref.alloca() : memref<1xi32>
    %c0 = arith.constant 0 : index
    %c0_i32 = arith.constant 0 : i32
    memref.store %c0_i32, %0[%c0] : memref<1xi32>
    %c1 = arith.constant 1 : index
    %1 = memref.dim %arg0, %c1 : memref<?x?xi32>
    %c0_0 = arith.constant 0 : index
    %2 = memref.dim %arg0, %c0_0 : memref<?x?xi32>
    %3 = arith.muli %1, %2 : index
    %4 = memref.alloc(%3) {alignment = 64 : i64} : memref<?xi32>
    %5 = memref.alloc(%3) {alignment = 64 : i64} : memref<?x3xf32>
    %6 = memref.alloc(%3) {alignment = 64 : i64} : memref<?x8xf32>
    %7 = arith.addi %3, %2 : index
    %8 = memref.alloc(%7) {alignment = 64 : i64} : memref<?x2xf32>
    %9 = memref.alloc(%7) {alignment = 64 : i64} : memref<?x2xf32>
    %10 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x8xf32>
    %11 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x8xf32>
    %c2 = arith.constant 2 : index
    %12 = arith.muli %2, %c2 : index
    %13 = memref.alloc(%12) {alignment = 64 : i64} : memref<?x2xf32>
    %14 = memref.alloc(%12) {alignment = 64 : i64} : memref<?x2xf32>
    %15 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %16 = memref.alloc() {alignment = 64 : i64} : memref<1xindex>
    %17 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %18 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %19 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %20 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x3xf32>
    %21 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x6xf32>
    %22 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %23 = memref.alloc() {alignment = 64 : i64} : memref<1xindex>
    %true = arith.constant true
    %24 = s2s.is_allocated %4 : memref<?xi32>
    %25 = arith.andi %true, %24 : i1
    %26 = s2s.is_allocated %5 : memref<?x3xf32>
    %27 = arith.andi %25, %26 : i1
    %28 = s2s.is_allocated %6 : memref<?x8xf32>
    %29 = arith.andi %27, %28 : i1
    %30 = s2s.is_allocated %8 : memref<?x2xf32>
    %31 = arith.andi %29, %30 : i1
    %32 = s2s.is_allocated %9 : memref<?x2xf32>
    %33 = arith.andi %31, %32 : i1
    %34 = s2s.is_allocated %10 : memref<?x8xf32>
    %35 = arith.andi %33, %34 : i1
    %36 = s2s.is_allocated %11 : memref<?x8xf32>
    %37 = arith.andi %35, %36 : i1
    %38 = s2s.is_allocated %13 : memref<?x2xf32>
    %39 = arith.andi %37, %38 : i1
    %40 = s2s.is_allocated %14 : memref<?x2xf32>
    %41 = arith.andi %39, %40 : i1
    %42 = s2s.is_allocated %15 : memref<?xi32>
    %43 = arith.andi %41, %42 : i1
    %44 = s2s.is_allocated %16 : memref<1xindex>
    %45 = arith.andi %43, %44 : i1
    %46 = s2s.is_allocated %17 : memref<?xi32>
    %47 = arith.andi %45, %46 : i1
    %48 = s2s.is_allocated %18 : memref<?xi32>
    %49 = arith.andi %47, %48 : i1
    %50 = s2s.is_allocated %19 : memref<?xi32>
    %51 = arith.andi %49, %50 : i1
    %52 = s2s.is_allocated %20 : memref<?x3xf32>
    %53 = arith.andi %51, %52 : i1
    %54 = s2s.is_allocated %21 : memref<?x6xf32>
    %55 = arith.andi %53, %54 : i1
    %56 = s2s.is_allocated %22 : memref<?xi32>
    %57 = arith.andi %55, %56 : i1
    %58 = s2s.is_allocated %23 : memref<1xindex>
    %59 = arith.andi %57, %58 : i1
    scf.if %59 {
      %c0_i32_4 = arith.constant 0 : i32
      %c8 = arith.constant 8 : index
      %c6 = arith.constant 6 : index
      %c1_i32 = arith.constant 1 : i32
      %c2_i32 = arith.constant 2 : i32
      %c4 = arith.constant 4 : index
      %cst = arith.constant 0.000000e+00 : f32
      scf.for %arg6 = %c0_0 to %1 step %c1 {
        scf.for %arg7 = %c0_0 to %2 step %c1 {
          %81 = memref.load %arg1[%arg7] : memref<?xi32>
          %82 = arith.index_cast %arg6 : index to i32
          %83 = arith.cmpi slt, %82, %81 : i32
          %84 = memref.load %arg0[%arg7, %arg6] : memref<?x?xi32>
          %85 = select %83, %84, %c0_i32_4 : i32
          %86 = arith.muli %arg6, %2 : index
          %87 = arith.addi %86, %arg7 : index
          memref.store %85, %4[%87] : memref<?xi32>
        }
      }
      %64 = memref.get_global @peek_source_embedding : memref<5x3xf32>
      s2s.kernel_call @peek_gather_v5_e3(%4, %64, %5 : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>) status(%0 : memref<1xi32>)
      %65 = memref.get_global @peek_encoder_l0_w_ih_t : memref<3x8xf32>
      %66 = memref.get_global @peek_encoder_l0_w_hh_t : memref<2x8xf32>
      %67 = memref.get_global @peek_encoder_l0_b : memref<8xf32>
      s2s.kernel_call @peek_matmul_3x8(%5, %65, %67, %6 : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>) status(%0 : memref<1xi32>)
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        scf.for %arg7 = %c0_0 to %c2 step %c1 {
          memref.store %cst, %8[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        scf.for %arg7 = %c0_0 to %c2 step %c1 {
          memref.store %cst, %9[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0_0 to %1 step %c1 {
        %81 = arith.muli %arg6, %2 : index
        %82 = arith.addi %81, %2 : index
        %83 = memref.subview %9[%82, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %84 = memref.subview %8[%82, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %85 = arith.index_cast %arg6 : index to i32
        %86 = memref.subview %9[%81, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %87 = memref.subview %8[%81, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %88 = memref.subview %6[%81, 0] [%2, 8] [1, 1] : memref<?x8xf32> to memref<?x8xf32, #map1>
        s2s.kernel_call @peek_lstm_step_h2_sigmoid(%88, %66, %87, %86, %arg1, %85, %84, %83 : memref<?x8xf32, #map1>, memref<2x8xf32>, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>, memref<?xi32>, i32, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>) status(%0 : memref<1xi32>)
      }
      %68 = memref.subview %8[%3, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
      %69 = memref.subview %9[%3, 0] [%2, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
      %70 = memref.dim %arg2, %c1 : memref<?x?xi32>
      %71 = arith.cmpi ult, %70, %c4 : index
      %72 = select %71, %70, %c4 : index
      %73 = memref.get_global @peek_decoder_l0_w_ih_t : memref<3x8xf32>
      %74 = memref.get_global @peek_decoder_l0_w_hh_t : memref<2x8xf32>
      %75 = memref.get_global @peek_decoder_l0_b : memref<8xf32>
      %76 = memref.get_global @peek_decoder_l0_w_ih_context_t : memref<2x8xf32>
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        scf.for %arg7 = %c0_0 to %c2 step %c1 {
          %81 = memref.load %68[%arg6, %arg7] : memref<?x2xf32, #map0>
          memref.store %81, %13[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        scf.for %arg7 = %c0_0 to %c2 step %c1 {
          %81 = memref.load %69[%arg6, %arg7] : memref<?x2xf32, #map0>
          memref.store %81, %14[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      %77 = arith.index_cast %72 : index to i32
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        memref.store %77, %15[%arg6] : memref<?xi32>
      }
      %78 = memref.get_global @peek_target_embedding : memref<6x3xf32>
      %79 = memref.get_global @peek_output_w_t : memref<2x6xf32>
      %80 = memref.get_global @peek_output_b : memref<6xf32>
      memref.store %2, %16[%c0_0] : memref<1xindex>
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        %81 = arith.index_cast %arg6 : index to i32
        memref.store %81, %17[%arg6] : memref<?xi32>
      }
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        memref.store %77, %18[%arg6] : memref<?xi32>
      }
      s2s.kernel_call @peek_matmul_2x8(%68, %76, %75, %11 : memref<?x2xf32, #map0>, memref<2x8xf32>, memref<8xf32>, memref<?x8xf32>) status(%0 : memref<1xi32>)
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        memref.store %c1_i32, %19[%arg6] : memref<?xi32>
      }
      s2s.kernel_call @peek_gather_v6_e3(%19, %78, %20 : memref<?xi32>, memref<6x3xf32>, memref<?x3xf32>) status(%0 : memref<1xi32>)
      scf.for %arg6 = %c0_0 to %72 step %c1 {
        %81 = memref.load %16[%c0_0] : memref<1xindex>
        %82 = arith.cmpi ne, %81, %c0_0 : index
        scf.if %82 {
          %83 = arith.remui %arg6, %c2 : index
          %84 = arith.muli %83, %2 : index
          %85 = arith.subi %c1, %83 : index
          %86 = arith.muli %85, %2 : index
          %87 = memref.subview %20[0, 0] [%81, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, #map2>
          %88 = memref.cast %87 : memref<?x3xf32, #map2> to memref<?x3xf32, #map3>
          %89 = memref.subview %10[0, 0] [%81, 8] [1, 1] : memref<?x8xf32> to memref<?x8xf32, #map4>
          %90 = memref.cast %89 : memref<?x8xf32, #map4> to memref<?x8xf32, #map1>
          %91 = memref.subview %11[0, 0] [%81, 8] [1, 1] : memref<?x8xf32> to memref<?x8xf32, #map4>
          %92 = memref.cast %91 : memref<?x8xf32, #map4> to memref<?x8xf32, #map1>
          s2s.kernel_call @peek_matmul_add_3x8(%88, %73, %92, %90 : memref<?x3xf32, #map3>, memref<3x8xf32>, memref<?x8xf32, #map1>, memref<?x8xf32, #map1>) status(%0 : memref<1xi32>)
          %93 = memref.subview %13[%86, 0] [%81, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %94 = memref.subview %14[%86, 0] [%81, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %95 = arith.index_cast %arg6 : index to i32
          %96 = memref.subview %15[0] [%81] [1] : memref<?xi32> to memref<?xi32>
          %97 = memref.cast %96 : memref<?xi32> to memref<?xi32, #map5>
          %98 = memref.subview %14[%84, 0] [%81, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %99 = memref.subview %13[%84, 0] [%81, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          s2s.kernel_call @peek_lstm_step_h2_sigmoid(%90, %74, %99, %98, %97, %95, %93, %94 : memref<?x8xf32, #map1>, memref<2x8xf32>, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>, memref<?xi32, #map5>, i32, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>) status(%0 : memref<1xi32>)
          %100 = memref.subview %22[0] [%81] [1] : memref<?xi32> to memref<?xi32>
          %101 = memref.cast %100 : memref<?xi32> to memref<?xi32, #map5>
          %102 = memref.subview %21[0, 0] [%81, 6] [1, 1] : memref<?x6xf32> to memref<?x6xf32, #map6>
          %103 = memref.cast %102 : memref<?x6xf32, #map6> to memref<?x6xf32, #map7>
          s2s.kernel_call @peek_project_argmax_h2_v6(%93, %79, %80, %103, %101 : memref<?x2xf32, #map0>, memref<2x6xf32>, memref<6xf32>, memref<?x6xf32, #map7>, memref<?xi32, #map5>) status(%0 : memref<1xi32>)
          %104 = arith.addi %95, %c1_i32 : i32
          memref.store %c0_0, %23[%c0_0] : memref<1xindex>
          scf.for %arg7 = %c0_0 to %81 step %c1 {
            %107 = memref.load %17[%arg7] : memref<?xi32>
            %108 = arith.index_cast %107 : i32 to index
            %109 = memref.load %22[%arg7] : memref<?xi32>
            memref.store %109, %arg2[%108, %arg6] : memref<?x?xi32>
            memref.store %109, %19[%arg7] : memref<?xi32>
            scf.if %arg5 {
              scf.for %arg8 = %c0_0 to %c6 step %c1 {
                %113 = memref.load %21[%arg7, %arg8] : memref<?x6xf32>
                memref.store %113, %arg4[%108, %arg6, %arg8] : memref<?x?x6xf32>
              }
            }
            %110 = memref.load %23[%c0_0] : memref<1xindex>
            %111 = arith.cmpi eq, %109, %c2_i32 : i32
            scf.if %111 {
              memref.store %104, %18[%108] : memref<?xi32>
            }
            %112 = arith.cmpi ne, %109, %c2_i32 : i32
            scf.if %112 {
              %113 = arith.cmpi ne, %110, %arg7 : index
              scf.if %113 {
                scf.for %arg8 = %c0_0 to %c2 step %c1 {
                  %117 = arith.addi %86, %110 : index
                  %118 = arith.addi %86, %arg7 : index
                  %119 = memref.load %13[%118, %arg8] : memref<?x2xf32>
                  memref.store %119, %13[%117, %arg8] : memref<?x2xf32>
                }
                scf.for %arg8 = %c0_0 to %c2 step %c1 {
                  %117 = arith.addi %86, %110 : index
                  %118 = arith.addi %86, %arg7 : index
                  %119 = memref.load %14[%118, %arg8] : memref<?x2xf32>
                  memref.store %119, %14[%117, %arg8] : memref<?x2xf32>
                }
                scf.for %arg8 = %c0_0 to %c8 step %c1 {
                  %117 = memref.load %11[%arg7, %arg8] : memref<?x8xf32>
                  memref.store %117, %11[%110, %arg8] : memref<?x8xf32>
                }
                %115 = memref.load %19[%arg7] : memref<?xi32>
                memref.store %115, %19[%110] : memref<?xi32>
                %116 = memref.load %17[%arg7] : memref<?xi32>
                memref.store %116, %17[%110] : memref<?xi32>
              }
              %114 = arith.addi %110, %c1 : index
              memref.store %114, %23[%c0_0] : memref<1xindex>
            }
          }
          %105 = memref.load %23[%c0_0] : memref<1xindex>
          memref.store %105, %16[%c0_0] : memref<1xindex>
          %106 = arith.cmpi ne, %105, %c0_0 : index
          scf.if %106 {
            %107 = memref.subview %20[0, 0] [%105, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, #map2>
            %108 = memref.cast %107 : memref<?x3xf32, #map2> to memref<?x3xf32, #map3>
            %109 = memref.subview %19[0] [%105] [1] : memref<?xi32> to memref<?xi32>
            %110 = memref.cast %109 : memref<?xi32> to memref<?xi32, #map5>
            s2s.kernel_call @peek_gather_v6_e3(%110, %78, %108 : memref<?xi32, #map5>, memref<6x3xf32>, memref<?x3xf32, #map3>) status(%0 : memref<1xi32>)
          }
        }
      }
      scf.for %arg6 = %c0_0 to %2 step %c1 {
        %81 = memref.load %18[%arg6] : memref<?xi32>
        memref.store %81, %arg3[%arg6] : memref<?xi32>
        %82 = arith.index_cast %81 : i32 to index
        scf.for %arg7 = %82 to %70 step %c1 {
          memref.store %c2_i32, %arg2[%arg6, %arg7] : memref<?x?xi32>
          scf.if %arg5 {
            scf.for %arg8 = %c0_0 to %c6 step %c1 {
              memref.store %cst, %arg4[%arg6, %arg7, %arg8] : memref<?x?x6xf32>
            }
          }
        }
      }
    }
    memref.dealloc %4 : memref<?xi32>
    memref.dealloc %5 : memref<?x3xf32>
    memref.dealloc %6 : memref<?x8xf32>
    memref.dealloc %8 : memref<?x2xf32>
    memref.dealloc %9 : memref<?x2xf32>
    memref.dealloc %10 : memref<?x8xf32>
    memref.dealloc %11 : memref<?x8xf32>
    memref.dealloc %13 : memref<?x2xf32>
    memref.dealloc %14 : memref<?x2xf32>
    memref.dealloc %15 : memref<?xi32>
    memref.dealloc %16 : memref<1xindex>
    memref.dealloc %17 : memref<?xi32>
    memref.dealloc %18 : memref<?xi32>
    memref.dealloc %19 : memref<?xi32>
    memref.dealloc %20 : memref<?x3xf32>
    memref.dealloc %21 : memref<?x6xf32>
    memref.dealloc %22 : memref<?xi32>
    memref.dealloc %23 : memref<1xindex>
    %c0_i32_1 = arith.constant 0 : i32
    %c-3_i32 = arith.constant -3 : i32
    %60 = select %59, %c0_i32_1, %c-3_i32 : i32
    %c0_i32_2 = arith.constant 0 : i32
    %61 = arith.cmpi ne, %60, %c0_i32_2 : i32
    %c0_3 = arith.constant 0 : index
    %62 = memref.load %0[%c0_3] : memref<1xi32>
    %63 = select %61, %60, %62 : i32
    return %63 : i32
  }
  memref.global "private" constant @peek_source_embedding : memref<5x3xf32> = dense<[[-4.000000e-01, -1.000000e-01, 2.000000e-01], [5.000000e-01, -3.000000e-01, 0.000000e+00], [3.000000e-01, -5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01, 5.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_encoder_l0_w_ih_t : memref<3x8xf32> = dense<[[-3.000000e-01, -5.000000e-01, 4.000000e-01, 2.000000e-01, 0.000000e+00, -2.000000e-01, -4.000000e-01, 5.000000e-01], [0.000000e+00, -2.000000e-01, -4.000000e-01, 5.000000e-01, 3.000000e-01, 1.000000e-01, -1.000000e-01, -3.000000e-01], [3.000000e-01, 1.000000e-01, -1.000000e-01, -3.000000e-01, -5.000000e-01, 4.000000e-01, 2.000000e-01, 0.000000e+00]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_encoder_l0_w_hh_t : memref<2x8xf32> = dense<[[1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01, 3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01], [4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_encoder_l0_b : memref<8xf32> = dense<[5.000000e-01, -3.000000e-01, 0.000000e+00, 3.000000e-01, -5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01]> {alignment = 64 : i64}
  memref.global "private" constant @peek_decoder_l0_w_ih_t : memref<3x8xf32> = dense<[[-2.000000e-01, 2.000000e-01, -5.000000e-01, -1.000000e-01, 3.000000e-01, -4.000000e-01, 0.000000e+00, 4.000000e-01], [1.000000e-01, 5.000000e-01, -2.000000e-01, 2.000000e-01, -5.000000e-01, -1.000000e-01, 3.000000e-01, -4.000000e-01], [4.000000e-01, -3.000000e-01, 1.000000e-01, 5.000000e-01, -2.000000e-01, 2.000000e-01, -5.000000e-01, -1.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_decoder_l0_w_hh_t : memref<2x8xf32> = dense<[[2.000000e-01, -3.000000e-01, 3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00], [5.000000e-01, 0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01, 3.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_decoder_l0_b : memref<8xf32> = dense<[-5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01]> {alignment = 64 : i64}
  memref.global "private" constant @peek_decoder_l0_w_ih_context_t : memref<2x8xf32> = dense<[[-4.000000e-01, 0.000000e+00, 4.000000e-01, -3.000000e-01, 1.000000e-01, 5.000000e-01, -2.000000e-01, 2.000000e-01], [-1.000000e-01, 3.000000e-01, -4.000000e-01, 0.000000e+00, 4.000000e-01, -3.000000e-01, 1.000000e-01, 5.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_target_embedding : memref<6x3xf32> = dense<[[3.000000e-01, -5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01, 5.000000e-01], [-3.000000e-01, 0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01, 1.000000e-01], [4.000000e-01, -4.000000e-01, -1.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_output_w_t : memref<2x6xf32> = dense<[[0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01], [3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00]]> {alignment = 64 : i64}
  memref.global "private" constant @peek_output_b : memref<6xf32> = dense<[4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01, -3.000000e-01]> {alignment = 64 : i64}
}
