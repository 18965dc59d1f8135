//===- GateLayout.h - Column order of LSTM gate buffers ---------*- C++ -*-===//
///
/// The order of the 4H gate columns in every buffer that holds LSTM gate
/// pre-activations: packed W_ih^T, W_hh^T and context weights, gate biases,
/// and the gates computed from them (xg). Hidden units come in blocks of
/// gateBlock(H) units; within a block, the i, f, g and o columns of its units
/// follow one another. A kernel tile over whole blocks then finds all four
/// gates of its units in one contiguous range of every weight row, so the
/// gate product and the state update fuse per tile, and tiles split across
/// threads without sharing a unit (Backend/Halide LstmStep). When one block
/// holds every unit (H a power of two up to 16) this is the canonical
/// i, f, g, o order. Weights are packed into it at compile time
/// (s2s-pack-weights); the LstmStep kernel reads it. W_hh^T is packed further
/// (recurrentWeightIndex) so that each block's strip is contiguous.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_GATELAYOUT_H
#define S2S_SUPPORT_GATELAYOUT_H

#include <cstdint>

namespace s2s {

/// The widest block of the gate layout: one AVX-512 vector of floats.
constexpr int64_t kMaxGateBlock = 16;

/// Units per block: the largest power of two up to kMaxGateBlock that
/// divides `hidden` (so no block is partial and no buffer is padded).
inline int64_t gateBlock(int64_t hidden) {
  int64_t block = kMaxGateBlock;
  while (block > 1 && hidden % block != 0)
    block /= 2;
  return block;
}

/// The column of gate `gate` (0..3 for i, f, g, o) of hidden unit `unit`.
inline int64_t gateColumn(int64_t gate, int64_t unit, int64_t hidden) {
  const int64_t block = gateBlock(hidden);
  return unit / block * 4 * block + gate * block + unit % block;
}

/// Where W_hh^T(k, gateColumn(gate, unit, H)) lives in the packed [H, 4H]
/// recurrent weight: block by block, each block's k rows of its 4 * block
/// gate columns one after another, so the strip a kernel tile streams
/// (4 x block x H floats, 128 KB at H = 512) is contiguous instead of
/// 4 * block floats every 4H. With one block this is plain row-major
/// W_hh^T in the gate layout.
inline int64_t recurrentWeightIndex(int64_t gate, int64_t unit, int64_t k, int64_t hidden) {
  const int64_t block = gateBlock(hidden);
  return unit / block * 4 * block * hidden + k * 4 * block + gate * block + unit % block;
}

} // namespace s2s

#endif // S2S_SUPPORT_GATELAYOUT_H
