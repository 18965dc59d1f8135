#map0 = affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 + d1)>
#map1 = affine_map<(d0, d1)[s0] -> (d0 * 8 + s0 + d1)>
#map2 = affine_map<(d0, d1) -> (d0 * 3 + d1)>
#map3 = affine_map<(d0, d1)[s0] -> (d0 * 3 + s0 + d1)>
#map4 = affine_map<(d0, d1) -> (d0 * 8 + d1)>
#map5 = affine_map<(d0)[s0] -> (d0 + s0)>
#map6 = affine_map<(d0, d1) -> (d0 * 6 + d1)>
#map7 = affine_map<(d0, d1)[s0] -> (d0 * 6 + s0 + d1)>
module {
  func @tiny_translate_impl(%arg0: memref<?x?xi32>, %arg1: memref<?xi32>, %arg2: memref<?x?xi32>, %arg3: memref<?xi32>, %arg4: memref<?x?x6xf32>, %arg5: i1) -> i32 attributes {s2s.bos = 1 : i64, s2s.eos = 2 : i64, s2s.max_length = 4 : i64, s2s.model = "tiny", s2s.source_kind = "tokens", s2s.source_vocab = 5 : i64, s2s.target_kind = "tokens", s2s.target_vocab = 6 : i64} {
    %c1 = arith.constant 1 : index
    %0 = memref.dim %arg0, %c1 : memref<?x?xi32>
    %c0 = arith.constant 0 : index
    %1 = memref.dim %arg0, %c0 : memref<?x?xi32>
    %2 = arith.muli %0, %1 : index
    %3 = memref.alloc(%2) {alignment = 64 : i64} : memref<?xi32>
    %4 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x3xf32>
    %5 = memref.alloc(%2) {alignment = 64 : i64} : memref<?x8xf32>
    %6 = arith.addi %2, %1 : index
    %7 = memref.alloc(%6) {alignment = 64 : i64} : memref<?x2xf32>
    %8 = memref.alloc(%6) {alignment = 64 : i64} : memref<?x2xf32>
    %9 = memref.alloc(%1) {alignment = 64 : i64} : memref<?x8xf32>
    %c2 = arith.constant 2 : index
    %10 = arith.muli %1, %c2 : index
    %11 = memref.alloc(%10) {alignment = 64 : i64} : memref<?x2xf32>
    %12 = memref.alloc(%10) {alignment = 64 : i64} : memref<?x2xf32>
    %13 = memref.alloc(%1) {alignment = 64 : i64} : memref<?xi32>
    %14 = memref.alloc() {alignment = 64 : i64} : memref<1xindex>
    %15 = memref.alloc(%1) {alignment = 64 : i64} : memref<?xi32>
    %16 = memref.alloc(%1) {alignment = 64 : i64} : memref<?xi32>
    %17 = memref.alloc(%1) {alignment = 64 : i64} : memref<?xi32>
    %18 = memref.alloc(%1) {alignment = 64 : i64} : memref<?x3xf32>
    %19 = memref.alloc(%1) {alignment = 64 : i64} : memref<?x6xf32>
    %20 = memref.alloc(%1) {alignment = 64 : i64} : memref<?xi32>
    %21 = memref.alloc() {alignment = 64 : i64} : memref<1xindex>
    %true = arith.constant true
    %22 = s2s.is_allocated %3 : memref<?xi32>
    %23 = arith.andi %true, %22 : i1
    %24 = s2s.is_allocated %4 : memref<?x3xf32>
    %25 = arith.andi %23, %24 : i1
    %26 = s2s.is_allocated %5 : memref<?x8xf32>
    %27 = arith.andi %25, %26 : i1
    %28 = s2s.is_allocated %7 : memref<?x2xf32>
    %29 = arith.andi %27, %28 : i1
    %30 = s2s.is_allocated %8 : memref<?x2xf32>
    %31 = arith.andi %29, %30 : i1
    %32 = s2s.is_allocated %9 : memref<?x8xf32>
    %33 = arith.andi %31, %32 : i1
    %34 = s2s.is_allocated %11 : memref<?x2xf32>
    %35 = arith.andi %33, %34 : i1
    %36 = s2s.is_allocated %12 : memref<?x2xf32>
    %37 = arith.andi %35, %36 : i1
    %38 = s2s.is_allocated %13 : memref<?xi32>
    %39 = arith.andi %37, %38 : i1
    %40 = s2s.is_allocated %14 : memref<1xindex>
    %41 = arith.andi %39, %40 : i1
    %42 = s2s.is_allocated %15 : memref<?xi32>
    %43 = arith.andi %41, %42 : i1
    %44 = s2s.is_allocated %16 : memref<?xi32>
    %45 = arith.andi %43, %44 : i1
    %46 = s2s.is_allocated %17 : memref<?xi32>
    %47 = arith.andi %45, %46 : i1
    %48 = s2s.is_allocated %18 : memref<?x3xf32>
    %49 = arith.andi %47, %48 : i1
    %50 = s2s.is_allocated %19 : memref<?x6xf32>
    %51 = arith.andi %49, %50 : i1
    %52 = s2s.is_allocated %20 : memref<?xi32>
    %53 = arith.andi %51, %52 : i1
    %54 = s2s.is_allocated %21 : memref<1xindex>
    %55 = arith.andi %53, %54 : i1
    scf.if %55 {
      %c0_i32_0 = arith.constant 0 : i32
      %c6 = arith.constant 6 : index
      %c1_i32 = arith.constant 1 : i32
      %c2_i32 = arith.constant 2 : i32
      %c4 = arith.constant 4 : index
      %cst = arith.constant 0.000000e+00 : f32
      scf.for %arg6 = %c0 to %0 step %c1 {
        scf.for %arg7 = %c0 to %1 step %c1 {
          %73 = memref.load %arg1[%arg7] : memref<?xi32>
          %74 = arith.index_cast %arg6 : index to i32
          %75 = arith.cmpi slt, %74, %73 : i32
          %76 = memref.load %arg0[%arg7, %arg6] : memref<?x?xi32>
          %77 = select %75, %76, %c0_i32_0 : i32
          %78 = arith.muli %arg6, %1 : index
          %79 = arith.addi %78, %arg7 : index
          memref.store %77, %3[%79] : memref<?xi32>
        }
      }
      %57 = memref.get_global @tiny_source_embedding : memref<5x3xf32>
      s2s.gather %3, %57, %4 : memref<?xi32>, memref<5x3xf32>, memref<?x3xf32>
      %58 = memref.get_global @tiny_encoder_l0_w_ih_t : memref<3x8xf32>
      %59 = memref.get_global @tiny_encoder_l0_w_hh_t : memref<2x8xf32>
      %60 = memref.get_global @tiny_encoder_l0_b : memref<8xf32>
      s2s.seq_matmul %4, %58, %60, %5 {activation = "linear"} : memref<?x3xf32>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32>
      scf.for %arg6 = %c0 to %1 step %c1 {
        scf.for %arg7 = %c0 to %c2 step %c1 {
          memref.store %cst, %7[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0 to %1 step %c1 {
        scf.for %arg7 = %c0 to %c2 step %c1 {
          memref.store %cst, %8[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0 to %0 step %c1 {
        %73 = arith.muli %arg6, %1 : index
        %74 = arith.addi %73, %1 : index
        %75 = memref.subview %8[%74, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %76 = memref.subview %7[%74, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %77 = arith.index_cast %arg6 : index to i32
        %78 = memref.subview %8[%73, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %79 = memref.subview %7[%73, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
        %80 = memref.subview %5[%73, 0] [%1, 8] [1, 1] : memref<?x8xf32> to memref<?x8xf32, #map1>
        s2s.lstm_step %80, %59, %79, %78, %arg1, %77, %76, %75 {gate_activation = "sigmoid"} : memref<?x8xf32, #map1>, memref<2x8xf32>, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>, memref<?xi32>, i32, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>
      }
      %61 = memref.subview %7[%2, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
      %62 = memref.subview %8[%2, 0] [%1, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
      %63 = memref.dim %arg2, %c1 : memref<?x?xi32>
      %64 = arith.cmpi ult, %63, %c4 : index
      %65 = select %64, %63, %c4 : index
      %66 = memref.get_global @tiny_decoder_l0_w_ih_t : memref<3x8xf32>
      %67 = memref.get_global @tiny_decoder_l0_w_hh_t : memref<2x8xf32>
      %68 = memref.get_global @tiny_decoder_l0_b : memref<8xf32>
      scf.for %arg6 = %c0 to %1 step %c1 {
        scf.for %arg7 = %c0 to %c2 step %c1 {
          %73 = memref.load %61[%arg6, %arg7] : memref<?x2xf32, #map0>
          memref.store %73, %11[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      scf.for %arg6 = %c0 to %1 step %c1 {
        scf.for %arg7 = %c0 to %c2 step %c1 {
          %73 = memref.load %62[%arg6, %arg7] : memref<?x2xf32, #map0>
          memref.store %73, %12[%arg6, %arg7] : memref<?x2xf32>
        }
      }
      %69 = arith.index_cast %65 : index to i32
      scf.for %arg6 = %c0 to %1 step %c1 {
        memref.store %69, %13[%arg6] : memref<?xi32>
      }
      %70 = memref.get_global @tiny_target_embedding : memref<6x3xf32>
      %71 = memref.get_global @tiny_output_w_t : memref<2x6xf32>
      %72 = memref.get_global @tiny_output_b : memref<6xf32>
      memref.store %1, %14[%c0] : memref<1xindex>
      scf.for %arg6 = %c0 to %1 step %c1 {
        %73 = arith.index_cast %arg6 : index to i32
        memref.store %73, %15[%arg6] : memref<?xi32>
      }
      scf.for %arg6 = %c0 to %1 step %c1 {
        memref.store %69, %16[%arg6] : memref<?xi32>
      }
      scf.for %arg6 = %c0 to %1 step %c1 {
        memref.store %c1_i32, %17[%arg6] : memref<?xi32>
      }
      s2s.gather %17, %70, %18 : memref<?xi32>, memref<6x3xf32>, memref<?x3xf32>
      scf.for %arg6 = %c0 to %65 step %c1 {
        %73 = memref.load %14[%c0] : memref<1xindex>
        %74 = arith.cmpi ne, %73, %c0 : index
        scf.if %74 {
          %75 = arith.remui %arg6, %c2 : index
          %76 = arith.muli %75, %1 : index
          %77 = arith.subi %c1, %75 : index
          %78 = arith.muli %77, %1 : index
          %79 = memref.subview %18[0, 0] [%73, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, #map2>
          %80 = memref.cast %79 : memref<?x3xf32, #map2> to memref<?x3xf32, #map3>
          %81 = memref.subview %9[0, 0] [%73, 8] [1, 1] : memref<?x8xf32> to memref<?x8xf32, #map4>
          %82 = memref.cast %81 : memref<?x8xf32, #map4> to memref<?x8xf32, #map1>
          s2s.seq_matmul %80, %66, %68, %82 {activation = "linear"} : memref<?x3xf32, #map3>, memref<3x8xf32>, memref<8xf32>, memref<?x8xf32, #map1>
          %83 = memref.subview %11[%78, 0] [%73, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %84 = memref.subview %12[%78, 0] [%73, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %85 = arith.index_cast %arg6 : index to i32
          %86 = memref.subview %13[0] [%73] [1] : memref<?xi32> to memref<?xi32>
          %87 = memref.cast %86 : memref<?xi32> to memref<?xi32, #map5>
          %88 = memref.subview %12[%76, 0] [%73, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          %89 = memref.subview %11[%76, 0] [%73, 2] [1, 1] : memref<?x2xf32> to memref<?x2xf32, #map0>
          s2s.lstm_step %82, %67, %89, %88, %87, %85, %83, %84 {gate_activation = "sigmoid"} : memref<?x8xf32, #map1>, memref<2x8xf32>, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>, memref<?xi32, #map5>, i32, memref<?x2xf32, #map0>, memref<?x2xf32, #map0>
          %90 = memref.subview %20[0] [%73] [1] : memref<?xi32> to memref<?xi32>
          %91 = memref.cast %90 : memref<?xi32> to memref<?xi32, #map5>
          %92 = memref.subview %19[0, 0] [%73, 6] [1, 1] : memref<?x6xf32> to memref<?x6xf32, #map6>
          %93 = memref.cast %92 : memref<?x6xf32, #map6> to memref<?x6xf32, #map7>
          s2s.project_argmax %83, %71, %72, %93, %91 : memref<?x2xf32, #map0>, memref<2x6xf32>, memref<6xf32>, memref<?x6xf32, #map7>, memref<?xi32, #map5>
          %94 = arith.addi %85, %c1_i32 : i32
          memref.store %c0, %21[%c0] : memref<1xindex>
          scf.for %arg7 = %c0 to %73 step %c1 {
            %97 = memref.load %15[%arg7] : memref<?xi32>
            %98 = arith.index_cast %97 : i32 to index
            %99 = memref.load %20[%arg7] : memref<?xi32>
            memref.store %99, %arg2[%98, %arg6] : memref<?x?xi32>
            memref.store %99, %17[%arg7] : memref<?xi32>
            scf.if %arg5 {
              scf.for %arg8 = %c0 to %c6 step %c1 {
                %103 = memref.load %19[%arg7, %arg8] : memref<?x6xf32>
                memref.store %103, %arg4[%98, %arg6, %arg8] : memref<?x?x6xf32>
              }
            }
            %100 = memref.load %21[%c0] : memref<1xindex>
            %101 = arith.cmpi eq, %99, %c2_i32 : i32
            scf.if %101 {
              memref.store %94, %16[%98] : memref<?xi32>
            }
            %102 = arith.cmpi ne, %99, %c2_i32 : i32
            scf.if %102 {
              %103 = arith.cmpi ne, %100, %arg7 : index
              scf.if %103 {
                scf.for %arg8 = %c0 to %c2 step %c1 {
                  %107 = arith.addi %78, %100 : index
                  %108 = arith.addi %78, %arg7 : index
                  %109 = memref.load %11[%108, %arg8] : memref<?x2xf32>
                  memref.store %109, %11[%107, %arg8] : memref<?x2xf32>
                }
                scf.for %arg8 = %c0 to %c2 step %c1 {
                  %107 = arith.addi %78, %100 : index
                  %108 = arith.addi %78, %arg7 : index
                  %109 = memref.load %12[%108, %arg8] : memref<?x2xf32>
                  memref.store %109, %12[%107, %arg8] : memref<?x2xf32>
                }
                %105 = memref.load %17[%arg7] : memref<?xi32>
                memref.store %105, %17[%100] : memref<?xi32>
                %106 = memref.load %15[%arg7] : memref<?xi32>
                memref.store %106, %15[%100] : memref<?xi32>
              }
              %104 = arith.addi %100, %c1 : index
              memref.store %104, %21[%c0] : memref<1xindex>
            }
          }
          %95 = memref.load %21[%c0] : memref<1xindex>
          memref.store %95, %14[%c0] : memref<1xindex>
          %96 = arith.cmpi ne, %95, %c0 : index
          scf.if %96 {
            %97 = memref.subview %18[0, 0] [%95, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, #map2>
            %98 = memref.cast %97 : memref<?x3xf32, #map2> to memref<?x3xf32, #map3>
            %99 = memref.subview %17[0] [%95] [1] : memref<?xi32> to memref<?xi32>
            %100 = memref.cast %99 : memref<?xi32> to memref<?xi32, #map5>
            s2s.gather %100, %70, %98 : memref<?xi32, #map5>, memref<6x3xf32>, memref<?x3xf32, #map3>
          }
        }
      }
      scf.for %arg6 = %c0 to %1 step %c1 {
        %73 = memref.load %16[%arg6] : memref<?xi32>
        memref.store %73, %arg3[%arg6] : memref<?xi32>
        %74 = arith.index_cast %73 : i32 to index
        scf.for %arg7 = %74 to %63 step %c1 {
          memref.store %c2_i32, %arg2[%arg6, %arg7] : memref<?x?xi32>
          scf.if %arg5 {
            scf.for %arg8 = %c0 to %c6 step %c1 {
              memref.store %cst, %arg4[%arg6, %arg7, %arg8] : memref<?x?x6xf32>
            }
          }
        }
      }
    }
    memref.dealloc %3 : memref<?xi32>
    memref.dealloc %4 : memref<?x3xf32>
    memref.dealloc %5 : memref<?x8xf32>
    memref.dealloc %7 : memref<?x2xf32>
    memref.dealloc %8 : memref<?x2xf32>
    memref.dealloc %9 : memref<?x8xf32>
    memref.dealloc %11 : memref<?x2xf32>
    memref.dealloc %12 : memref<?x2xf32>
    memref.dealloc %13 : memref<?xi32>
    memref.dealloc %14 : memref<1xindex>
    memref.dealloc %15 : memref<?xi32>
    memref.dealloc %16 : memref<?xi32>
    memref.dealloc %17 : memref<?xi32>
    memref.dealloc %18 : memref<?x3xf32>
    memref.dealloc %19 : memref<?x6xf32>
    memref.dealloc %20 : memref<?xi32>
    memref.dealloc %21 : memref<1xindex>
    %c0_i32 = arith.constant 0 : i32
    %c-3_i32 = arith.constant -3 : i32
    %56 = select %55, %c0_i32, %c-3_i32 : i32
    return %56 : i32
  }
  memref.global "private" constant @tiny_source_embedding : memref<5x3xf32> = dense<[[-4.000000e-01, -1.000000e-01, 2.000000e-01], [5.000000e-01, -3.000000e-01, 0.000000e+00], [3.000000e-01, -5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01, 5.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_encoder_l0_w_ih_t : memref<3x8xf32> = dense<[[-3.000000e-01, -5.000000e-01, 4.000000e-01, 2.000000e-01, 0.000000e+00, -2.000000e-01, -4.000000e-01, 5.000000e-01], [0.000000e+00, -2.000000e-01, -4.000000e-01, 5.000000e-01, 3.000000e-01, 1.000000e-01, -1.000000e-01, -3.000000e-01], [3.000000e-01, 1.000000e-01, -1.000000e-01, -3.000000e-01, -5.000000e-01, 4.000000e-01, 2.000000e-01, 0.000000e+00]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_encoder_l0_w_hh_t : memref<2x8xf32> = dense<[[1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01, 3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01], [4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_encoder_l0_b : memref<8xf32> = dense<[5.000000e-01, -3.000000e-01, 0.000000e+00, 3.000000e-01, -5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_decoder_l0_w_ih_t : memref<3x8xf32> = dense<[[-2.000000e-01, -4.000000e-01, 5.000000e-01, 3.000000e-01, 1.000000e-01, -1.000000e-01, -3.000000e-01, -5.000000e-01], [1.000000e-01, -1.000000e-01, -3.000000e-01, -5.000000e-01, 4.000000e-01, 2.000000e-01, 0.000000e+00, -2.000000e-01], [4.000000e-01, 2.000000e-01, 0.000000e+00, -2.000000e-01, -4.000000e-01, 5.000000e-01, 3.000000e-01, 1.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_decoder_l0_w_hh_t : memref<2x8xf32> = dense<[[2.000000e-01, -3.000000e-01, 3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00], [5.000000e-01, 0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01, 3.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_decoder_l0_b : memref<8xf32> = dense<[-5.000000e-01, -2.000000e-01, 1.000000e-01, 4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_target_embedding : memref<6x3xf32> = dense<[[3.000000e-01, -5.000000e-01, -2.000000e-01], [1.000000e-01, 4.000000e-01, -4.000000e-01], [-1.000000e-01, 2.000000e-01, 5.000000e-01], [-3.000000e-01, 0.000000e+00, 3.000000e-01], [-5.000000e-01, -2.000000e-01, 1.000000e-01], [4.000000e-01, -4.000000e-01, -1.000000e-01]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_output_w_t : memref<2x6xf32> = dense<[[0.000000e+00, -5.000000e-01, 1.000000e-01, -4.000000e-01, 2.000000e-01, -3.000000e-01], [3.000000e-01, -2.000000e-01, 4.000000e-01, -1.000000e-01, 5.000000e-01, 0.000000e+00]]> {alignment = 64 : i64}
  memref.global "private" constant @tiny_output_b : memref<6xf32> = dense<[4.000000e-01, -4.000000e-01, -1.000000e-01, 2.000000e-01, 5.000000e-01, -3.000000e-01]> {alignment = 64 : i64}
}
