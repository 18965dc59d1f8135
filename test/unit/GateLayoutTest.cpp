//===- GateLayoutTest.cpp - The gate column order of LSTM buffers -*- C++ -*-===//
///
/// gateColumn must be a bijection of (gate, unit) onto [0, 4H), keep each
/// block's four gates in one contiguous range, and be the canonical i, f,
/// g, o order when one block holds every unit; recurrentWeightIndex must be
/// a bijection onto the [H, 4H] buffer with each block's strip contiguous.
/// s2s-pack-weights packs weights with them; the LstmStep kernel reads them with
/// the same formulas.
///
//===----------------------------------------------------------------------===//
#include "s2s/Support/GateLayout.h"

#include <gtest/gtest.h>

#include <vector>

using s2s::gateBlock;
using s2s::gateColumn;

TEST(GateLayout, BlockIsLargestPowerOfTwoDividingHidden) {
  EXPECT_EQ(gateBlock(512), 16);
  EXPECT_EQ(gateBlock(48), 16);
  EXPECT_EQ(gateBlock(24), 8);
  EXPECT_EQ(gateBlock(100), 4);
  EXPECT_EQ(gateBlock(10), 2);
  EXPECT_EQ(gateBlock(1025), 1);
}

TEST(GateLayout, BijectionWithContiguousBlocks) {
  for (int64_t h : {1, 2, 3, 8, 10, 16, 24, 48, 100, 512, 1025}) {
    SCOPED_TRACE("H=" + std::to_string(h));
    const int64_t block = gateBlock(h);
    std::vector<int> hits(4 * h, 0);
    for (int64_t g = 0; g < 4; ++g)
      for (int64_t x = 0; x < h; ++x) {
        int64_t col = gateColumn(g, x, h);
        ASSERT_GE(col, 0);
        ASSERT_LT(col, 4 * h);
        ++hits[col];
        // The block of x owns columns [4 * base, 4 * base + 4 * block).
        int64_t base = x / block * block;
        EXPECT_GE(col, 4 * base);
        EXPECT_LT(col, 4 * base + 4 * block);
      }
    for (int64_t c = 0; c < 4 * h; ++c)
      EXPECT_EQ(hits[c], 1) << "column " << c;
  }
}

TEST(GateLayout, OneBlockIsCanonicalOrder) {
  for (int64_t h : {1, 2, 4, 8, 16})
    for (int64_t g = 0; g < 4; ++g)
      for (int64_t x = 0; x < h; ++x)
        EXPECT_EQ(gateColumn(g, x, h), g * h + x);
}

TEST(GateLayout, RecurrentWeightIsABijectionWithContiguousStrips) {
  for (int64_t h : {1, 3, 8, 10, 24, 48, 100}) {
    SCOPED_TRACE("H=" + std::to_string(h));
    const int64_t block = s2s::gateBlock(h);
    std::vector<int> hits(4 * h * h, 0);
    for (int64_t g = 0; g < 4; ++g)
      for (int64_t x = 0; x < h; ++x)
        for (int64_t k = 0; k < h; ++k) {
          int64_t at = s2s::recurrentWeightIndex(g, x, k, h);
          ASSERT_GE(at, 0);
          ASSERT_LT(at, 4 * h * h);
          ++hits[at];
          // Block q's strip is [q * 4 block H, (q + 1) * 4 block H), k-major.
          int64_t q = x / block;
          EXPECT_EQ(at / (4 * block * h), q);
          EXPECT_EQ(at % (4 * block * h) / (4 * block), k);
        }
    for (int c : hits)
      ASSERT_EQ(c, 1);
  }
}
