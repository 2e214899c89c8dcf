// WebAssembly SIMD128 SGEMM: C = alpha * op(A) * op(B) + beta * C, row-major, with the contract of
// gemm_reference (core/gemm.h), on the calling thread or shared over the thread pool.
//
// The blocked scheme of Goto and van de Geijn ("Anatomy of high-performance matrix multiplication",
// ACM TOMS 2008), as BLIS organises it, with the packing done once per call and shared:
//
//   (rows in slices whose packed op(A) stays within 2 MB, each slice a product of its own)
//   for each column block of C (kKcMax * kNc / kc wide), each K-block (kc deep)
//     copy op(A)[:, k-block] into strips kMR rows high (first column block only)   the threads
//     copy op(B)[k-block, column block] into strips kNR columns wide               share these
//     for each rectangle of the block of C (tasks, several per thread)
//       for each M-chunk (kMc high), B strip, A strip
//         micro-kernel: a kMR x kNR tile of C += A strip * B strip
//
// The copies ("packing") lay both operands out in the order the micro-kernel reads them,
// contiguously, and absorb the four transpose cases, so there is one micro-kernel. (An operand
// already stored k-major is read in place when copying it would cost more than it saves.) The
// micro-kernel keeps the tile of C in kMR * kNV v128 accumulators; per k it loads kNV vectors of
// B, splat-loads kMR floats of A and does kMR * kNV multiplies and adds (SIMD128 has no fused
// multiply-add). 4 x 8 leaves V8 enough of x86's 16 vector registers for the operands, so nothing
// spills. Strips at the edges are packed narrower (4 columns) or lower (1-3 rows) and run the
// same micro-kernel instantiated for their size; columns past N in a narrow strip are zero and
// never stored. A K-block applies beta on the first pass over C and adds on the next ones.
//
// Shared between threads, products of at most kMc rows (2 kMc when op(A) = A) skip the packing
// phase and the meeting of the threads after it: each task takes column strips, copies each strip
// of op(B) itself and runs the micro-kernel over op(A) read in place (see column_strip). Shallow
// products (K <= 16) skip it on any number of threads, and read op(B) = B in place too, a row of
// tiles at a time (see row_tiles).
//
// Narrow products with op(A) = A (N <= 32: a linear layer's forward or input gradient with few
// units on the other side) skip all of this: each element of C is a dot product of a row of A and
// a row of B (B copied to rows first when it is stored (K, N)), see dot_tile.
#include "core/gemm_simd.h"

#if defined(GENLAB_GEMM_SIMD)

#include <wasm_simd128.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/parallel.h"

namespace genlab::detail {

namespace {

constexpr int kMR = 4;           // rows of the C tile
constexpr int kNV = 2;           // v128 vectors per row of the C tile
constexpr int kNR = 4 * kNV;     // columns of the C tile
constexpr int kKcMax = 384;      // K-block: a B strip (kc x 8) and an A strip (kc x 4) stay in L1
constexpr int kMc = 128;         // M-block: the packed A block (mc x kc) stays in L2
constexpr int kNc = 512;         // N-block at the deepest K-block: the packed B block (kc x nc) stays in L2
constexpr int kInPlaceMax = 32;  // read an operand in place when the other one is this small
// Rectangles of C per thread, so that the others take over a slow thread's share.
constexpr int kTasksPerThread = 8;
// Floats of packed op(A) (2 MB) above which the rows are sliced.
constexpr int kPackedAMax = 1 << 19;

using std::ptrdiff_t;

int round_up(int x, int to) {
  return (x + to - 1) / to * to;
}

// dst[r * dst_ld + c] = src[r * src_ld + c] for r < rows, c < cols; columns cols..width are zero.
void copy_rows(const float* src, ptrdiff_t src_ld, int rows, int cols, int width, float* dst, int dst_ld) {
  for (int r = 0; r < rows; ++r) {
    const float* s = src + r * src_ld;
    float* d = dst + static_cast<ptrdiff_t>(r) * dst_ld;
    int c = 0;
    for (; c + 4 <= cols; c += 4) wasm_v128_store(d + c, wasm_v128_load(s + c));
    for (; c < cols; ++c) d[c] = s[c];
    for (; c < width; ++c) d[c] = 0.f;
  }
}

// dst[c * dst_ld + r] = src[r * src_ld + c] for r < rows, c < cols; rows rows..width are zero.
// Four rows at a time go through a 4x4 register transpose.
void copy_transposed(const float* src, ptrdiff_t src_ld, int rows, int cols, int width, float* dst, int dst_ld) {
  int r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* s = src + r * src_ld;
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
      const v128_t r0 = wasm_v128_load(s + c);
      const v128_t r1 = wasm_v128_load(s + src_ld + c);
      const v128_t r2 = wasm_v128_load(s + 2 * src_ld + c);
      const v128_t r3 = wasm_v128_load(s + 3 * src_ld + c);
      const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);  // r0[0] r1[0] r0[1] r1[1]
      const v128_t t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
      const v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      const v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      float* d = dst + static_cast<ptrdiff_t>(c) * dst_ld + r;
      wasm_v128_store(d, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));  // column c: r0[c] r1[c] r2[c] r3[c]
      wasm_v128_store(d + dst_ld, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
      wasm_v128_store(d + 2 * dst_ld, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
      wasm_v128_store(d + 3 * dst_ld, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
    }
    for (; c < cols; ++c) {
      for (int q = 0; q < 4; ++q) dst[static_cast<ptrdiff_t>(c) * dst_ld + r + q] = s[q * src_ld + c];
    }
  }
  for (; r < width; ++r) {
    const float* s = src + r * src_ld;
    for (int c = 0; c < cols; ++c) dst[static_cast<ptrdiff_t>(c) * dst_ld + r] = r < rows ? s[c] : 0.f;
  }
}

// op(A)[i0 : i0 + mc, k0 : k0 + kc] into strips of kMR rows (the last one m <= kMR rows), each
// stored k-major: strip[k * m + r] = op(A)[i0 + i + r, k0 + k], strip i / kMR at ap + i * kc.
void pack_a(Trans ta, const float* A, int lda, int i0, int mc, int k0, int kc, float* ap) {
  for (int i = 0; i < mc; i += kMR) {
    const int m = std::min(kMR, mc - i);
    float* strip = ap + static_cast<ptrdiff_t>(i) * kc;
    if (ta == Trans::Yes) {  // A is (K, M): op(A)'s columns are A's rows
      copy_rows(A + static_cast<ptrdiff_t>(k0) * lda + i0 + i, lda, kc, m, m, strip, m);
    } else {
      copy_transposed(A + static_cast<ptrdiff_t>(i0 + i) * lda + k0, lda, m, kc, m, strip, m);
    }
  }
}

// op(B)[k0 : k0 + kc, j0 : j0 + nc] into strips of kNR columns (the last one n <= kNR columns,
// zero-padded to w, a multiple of 4), each stored k-major: strip[k * w + c] = op(B)[k0 + k,
// j0 + j + c], strip j / kNR at bp + j * kc.
void pack_b(Trans tb, const float* B, int ldb, int k0, int kc, int j0, int nc, float* bp) {
  for (int j = 0; j < nc; j += kNR) {
    const int n = std::min(kNR, nc - j);
    const int w = round_up(n, 4);
    float* strip = bp + static_cast<ptrdiff_t>(j) * kc;
    if (tb == Trans::Yes) {  // B is (N, K): op(B)'s rows are B's columns
      copy_transposed(B + static_cast<ptrdiff_t>(j0 + j) * ldb + k0, ldb, n, kc, w, strip, w);
    } else {
      copy_rows(B + static_cast<ptrdiff_t>(k0) * ldb + j0 + j, ldb, kc, n, w, strip, w);
    }
  }
}

// C[0 : MR, 0 : n] = alpha * a_strip * b_strip + beta * C (beta == 0: C is not read), where
// a_strip is (kc, MR) with rows a_step floats apart, b_strip (kc, 4 * NV) with rows b_step floats
// apart, and n <= 4 * NV. With ARows, a_strip is read from op(A) = A in place: its columns are
// rows of A, a_rs floats apart (a_step is then 1).
template <int MR, int NV, bool ARows>
__attribute__((always_inline)) inline void micro_kernel(int kc, const float* a, int a_step, int a_rs, const float* b,
                                                        int b_step, float alpha, float beta, float* c, int ldc, int n) {
  v128_t acc[MR][NV];
  for (auto& row : acc) {
    for (v128_t& v : row) v = wasm_f32x4_splat(0.f);
  }
  // One k per iteration: unrolling makes clang hoist the loads of several k, and V8 then spills.
  for (int k = 0; k < kc; ++k) {
    v128_t bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = wasm_v128_load(b + 4 * v);
    for (int r = 0; r < MR; ++r) {
      const v128_t av = wasm_v128_load32_splat(ARows ? a + static_cast<ptrdiff_t>(r) * a_rs : a + r);
      for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(av, bv[v]));
    }
    a += a_step;
    b += b_step;
  }
  const v128_t valpha = wasm_f32x4_splat(alpha);
  const v128_t vbeta = wasm_f32x4_splat(beta);
  if (n == 4 * NV) {
    for (int r = 0; r < MR; ++r) {
      for (int v = 0; v < NV; ++v) {
        float* p = c + static_cast<ptrdiff_t>(r) * ldc + 4 * v;
        // Every product the layers make has alpha = 1: no multiply (1-2% on the backward products).
        v128_t x = alpha == 1.f ? acc[r][v] : wasm_f32x4_mul(acc[r][v], valpha);
        if (beta == 1.f) {
          x = wasm_f32x4_add(wasm_v128_load(p), x);
        } else if (beta != 0.f) {
          x = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(p), vbeta), x);
        }
        wasm_v128_store(p, x);
      }
    }
    return;
  }
  float tile[MR][4 * NV];  // a narrow edge strip: store the n valid columns one by one
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) wasm_v128_store(&tile[r][4 * v], wasm_f32x4_mul(acc[r][v], valpha));
  }
  for (int r = 0; r < MR; ++r) {
    float* p = c + static_cast<ptrdiff_t>(r) * ldc;
    for (int j = 0; j < n; ++j) p[j] = beta == 0.f ? tile[r][j] : beta * p[j] + tile[r][j];
  }
}

// count tiles down a column of C: A strips a_next floats apart, C tiles MR rows apart, one B strip.
// One call per column rather than per tile: the call's set-up costs as much as a few k.
template <int MR, int NV, bool ARows>
void tile_column(int count, int kc, const float* a, int a_step, int a_rs, ptrdiff_t a_next, const float* b, int b_step,
                 float alpha, float beta, float* c, int ldc, int n) {
  for (int t = 0; t < count; ++t) {
    micro_kernel<MR, NV, ARows>(kc, a, a_step, a_rs, b, b_step, alpha, beta, c, ldc, n);
    a += a_next;
    c += static_cast<ptrdiff_t>(MR) * ldc;
  }
}

// count tiles along a row of C: one A strip, full B strips read in place kNR columns apart (b_step
// floats between their rows), C tiles kNR columns apart.
template <int MR, bool ARows>
void tile_row(int count, int kc, const float* a, int a_step, int a_rs, const float* b, int b_step, float alpha,
              float beta, float* c, int ldc) {
  for (int t = 0; t < count; ++t) {
    micro_kernel<MR, kNV, ARows>(kc, a, a_step, a_rs, b, b_step, alpha, beta, c, ldc, kNR);
    b += kNR;
    c += kNR;
  }
}

using TileRow = void (*)(int, int, const float*, int, int, const float*, int, float, float, float*, int);

// kTileRows[a_rows][m - 1], as kTileColumns.
constexpr TileRow kTileRows[2][kMR] = {
    {tile_row<1, false>, tile_row<2, false>, tile_row<3, false>, tile_row<4, false>},
    {tile_row<1, true>, tile_row<2, true>, tile_row<3, true>, tile_row<4, true>},
};

using TileColumn = void (*)(int, int, const float*, int, int, ptrdiff_t, const float*, int, float, float, float*, int,
                            int);

// kTileColumns[a_rows][m - 1][nv - 1]: tiles of m rows and nv vectors, A packed or k-major (0) or
// read in place from its rows (1).
constexpr TileColumn kTileColumns[2][kMR][kNV] = {
    {
        {tile_column<1, 1, false>, tile_column<1, 2, false>},
        {tile_column<2, 1, false>, tile_column<2, 2, false>},
        {tile_column<3, 1, false>, tile_column<3, 2, false>},
        {tile_column<4, 1, false>, tile_column<4, 2, false>},
    },
    {
        {tile_column<1, 1, true>, tile_column<1, 2, true>},
        {tile_column<2, 1, true>, tile_column<2, 2, true>},
        {tile_column<3, 1, true>, tile_column<3, 2, true>},
        {tile_column<4, 1, true>, tile_column<4, 2, true>},
    },
};
static_assert(kMR == 4 && kNV == 2, "kTileColumns lists one instantiation per strip size");

// The next tiles down a column of C with `left` rows to go: {rows per tile, tiles}. Packed op(A)
// comes in strips of kMR rows, so its tiles are kMR rows but for a last, lower one. Read in place,
// op(A) can start a tile at any row, so a column whose rows leave 1 or 2 past a multiple of kMR
// ends in tiles of 3 rows instead: 10 rows are 4 + 3 + 3 rather than 4 + 4 + 2. A 2-row tile's 4
// accumulators each take an addition per k, so it waits on the additions' latency, and it did a
// 10-unit layer's weight gradient (10x256x64) at about 0.7 of the 4-row tiles' speed. (Tiles of
// 5 rows, 5 + 5, ran slower still: V8 loads the 5 splats of op(A) first and then spills.)
std::pair<int, int> next_tiles(int left, bool a_in_place) {
  if (left < kMR) return {left, 1};
  const int r = left % kMR;
  if (a_in_place && (r == 1 || r == 2)) {
    const int threes = r == 2 ? 2 : (left >= 9 ? 3 : 1);
    const int fours = (left - 3 * threes) / kMR;
    return fours > 0 ? std::pair{kMR, fours} : std::pair{3, threes};
  }
  return {kMR, left / kMR};
}

// The product A * B^T with A (M, K) and B (N, K) both stored row-major, so that every element of
// C is a dot product of two contiguous rows, for narrow products (N <= kInPlaceMax): A is not
// packed. Packing A transposes every element, which pays when each is used many times; here each
// is used N times, and W1's 64x10x256 layer spent about as long packing A as multiplying. A tile
// of MR rows of A and NR rows of B keeps MR * NR accumulators of 4 lanes, each lane a partial sum
// over every fourth k, added together at the end; the k left over past a multiple of 4 are then
// added one by one. 3 x 3 loads 6 vectors for 9 multiplies and adds and needs 15 registers; it
// measured faster than 4 x 2 (8 for 6 loads) on W1's and W2's narrow layers.
template <int MR, int NR>
__attribute__((always_inline)) inline void dot_tile(int K, const float* a, int lda, const float* b, int ldb,
                                                    float alpha, float beta, float* c, int ldc) {
  v128_t acc[MR][NR];
  for (auto& row : acc) {
    for (v128_t& v : row) v = wasm_f32x4_splat(0.f);
  }
  int k = 0;
  for (; k + 4 <= K; k += 4) {
    v128_t bv[NR];
    for (int j = 0; j < NR; ++j) bv[j] = wasm_v128_load(b + static_cast<ptrdiff_t>(j) * ldb + k);
    for (int r = 0; r < MR; ++r) {
      const v128_t av = wasm_v128_load(a + static_cast<ptrdiff_t>(r) * lda + k);
      for (int j = 0; j < NR; ++j) acc[r][j] = wasm_f32x4_add(acc[r][j], wasm_f32x4_mul(av, bv[j]));
    }
  }
  for (int r = 0; r < MR; ++r) {
    const float* ar = a + static_cast<ptrdiff_t>(r) * lda;
    float* cr = c + static_cast<ptrdiff_t>(r) * ldc;
    for (int j = 0; j < NR; ++j) {
      const float* bj = b + static_cast<ptrdiff_t>(j) * ldb;
      const v128_t v = acc[r][j];
      float sum = (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
                  (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
      for (int q = k; q < K; ++q) sum += ar[q] * bj[q];
      cr[j] = beta == 0.f ? alpha * sum : beta * cr[j] + alpha * sum;
    }
  }
}

// Rows [i_begin, i_end) of C = alpha * A * B^T + beta * C, in tiles of 3 x 3 and smaller ones at
// the edges. Each element is computed the same way whichever rows a call is given.
void dot_rows(int i_begin, int i_end, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
              float beta, float* C, int ldc) {
  using Tile = void (*)(int, const float*, int, const float*, int, float, float, float*, int);
  static constexpr Tile kTiles[3][3] = {
      {dot_tile<1, 1>, dot_tile<1, 2>, dot_tile<1, 3>},
      {dot_tile<2, 1>, dot_tile<2, 2>, dot_tile<2, 3>},
      {dot_tile<3, 1>, dot_tile<3, 2>, dot_tile<3, 3>},
  };
  for (int i = i_begin; i < i_end; i += 3) {
    const int m = std::min(3, i_end - i);
    for (int j = 0; j < N; j += 3) {
      const int n = std::min(3, N - j);
      kTiles[m - 1][n - 1](K, A + static_cast<ptrdiff_t>(i) * lda, lda, B + static_cast<ptrdiff_t>(j) * ldb, ldb, alpha,
                           beta, C + static_cast<ptrdiff_t>(i) * ldc + j, ldc);
    }
  }
}

void scale(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<ptrdiff_t>(i) * ldc;
    for (int j = 0; j < N; ++j) c[j] = beta == 0.f ? 0.f : beta * c[j];
  }
}

// A packing buffer, grown on demand and kept between calls, 64-byte aligned: the allocator aligns
// to 8 bytes only, and a v128 load from a strip at 8 mod 16 straddles a cache line every fourth
// time (one thread's kernel ran 20% slower than the other's on the same work).
class PackBuffer {
 public:
  float* reserve(std::size_t n) {
    if (storage_.size() < n + kAlignFloats) storage_.resize(n + kAlignFloats);
    const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
    const std::size_t skip = (kAlign - address % kAlign) % kAlign / sizeof(float);
    return storage_.data() + skip;
  }

 private:
  static constexpr std::size_t kAlign = 64;
  static constexpr std::size_t kAlignFloats = kAlign / sizeof(float);
  std::vector<float> storage_;
};
// The calling thread's buffers; the pool's tasks read them through the Product.
struct Buffers {
  PackBuffer a, b;
};
thread_local Buffers t_buffers;

// One call of gemm_simd: the operands, how K is blocked, which operands are packed, and where.
//
// Packed op(A) holds every K-block: block k0 at a_packed + k0 * M, its strip of rows i (a multiple
// of kMR) at + i * kc. Packed op(B) holds one K-block of one column block [j0, j0 + nc): its strip
// of columns j at b_packed + j * kc.
struct Product {
  Trans ta, tb;
  int M, N, K;
  float alpha;
  const float* A;
  int lda;
  const float* B;
  int ldb;
  float beta;
  float* C;
  int ldc;
  int kc_even;  // K-blocks of this depth, the last one shallower
  bool pack_a, pack_b;
  float* a_packed;
  float* b_packed;

  int kc(int k0) const { return std::min(kc_even, K - k0); }
};

// Packs the A strips [s_begin, s_end) (of kMR rows) of the K-block at k0.
void pack_a_strips(const Product& p, int k0, int s_begin, int s_end) {
  const int i0 = s_begin * kMR;
  const int kc = p.kc(k0);
  pack_a(p.ta, p.A, p.lda, i0, std::min(s_end * kMR, p.M) - i0, k0, kc,
         p.a_packed + static_cast<ptrdiff_t>(k0) * p.M + static_cast<ptrdiff_t>(i0) * kc);
}

// Packs the B strips [s_begin, s_end) (of kNR columns) of the column block [j0, j0 + nc), K-block
// k0. Where op(B) is read in place, only a last strip whose width is not a multiple of 4 is copied,
// to pad it.
void pack_b_strips(const Product& p, int j0, int nc, int k0, int s_begin, int s_end) {
  int j_begin = s_begin * kNR;
  const int j_end = std::min(s_end * kNR, nc);
  if (!p.pack_b) {
    if (nc % 4 == 0 || j_end != nc) return;
    j_begin = std::max(j_begin, (nc - 1) / kNR * kNR);
  }
  const int kc = p.kc(k0);
  pack_b(p.tb, p.B, p.ldb, k0, kc, j0 + j_begin, j_end - j_begin, p.b_packed + static_cast<ptrdiff_t>(j_begin) * kc);
}

// Adds the K-block at k0 to C[i_begin : i_end, j0 + j_begin : j0 + j_end], from the packed (or
// in-place) operands. Beta applies with the first K-block and the next ones add, so every element
// sees the same operations in the same order whichever task computes it.
void compute_block(const Product& p, int j0, int nc, int k0, int i_begin, int i_end, int j_begin, int j_end) {
  const int kc = p.kc(k0);
  const float beta_k = k0 == 0 ? p.beta : 1.f;
  const float* a_block = p.a_packed + static_cast<ptrdiff_t>(k0) * p.M;
  const float* b_block = p.b_packed;
  // Rows in chunks of kMc, whose packed strips stay in L2 while every B strip of the block passes.
  for (int i0 = i_begin; i0 < i_end; i0 += kMc) {
    const int i1 = std::min(i0 + kMc, i_end);
    for (int j = j_begin; j < j_end; j += kNR) {
      const int n = std::min(kNR, nc - j);
      const int w = round_up(n, 4);
      const bool b_in_place = !p.pack_b && n == w;
      const float* b_strip =
          b_in_place ? p.B + static_cast<ptrdiff_t>(k0) * p.ldb + j0 + j : b_block + static_cast<ptrdiff_t>(j) * kc;
      const int b_step = b_in_place ? p.ldb : w;
      // Runs of tiles of the same height, each in one call (next_tiles).
      for (int i = i0; i < i1;) {
        const auto [m, count] = next_tiles(i1 - i, !p.pack_a);
        const float* a_strip =
            p.pack_a ? a_block + static_cast<ptrdiff_t>(i) * kc : p.A + static_cast<ptrdiff_t>(k0) * p.lda + i;
        const int a_step = p.pack_a ? m : p.lda;
        const ptrdiff_t a_next = p.pack_a ? static_cast<ptrdiff_t>(kMR) * kc : m;
        kTileColumns[0][m - 1][w / 4 - 1](count, kc, a_strip, a_step, 1, a_next, b_strip, b_step, p.alpha, beta_k,
                                          p.C + static_cast<ptrdiff_t>(i) * p.ldc + j0 + j, p.ldc, n);
        i += count * m;
      }
    }
  }
}

// The strip of op(B) with columns [j, j + n) of the K-block at k0 (kc deep), as the micro-kernel
// reads it: {first row, floats between rows}. Read in place unless op(B) is packed or n is not a
// multiple of 4, in which case it is copied to `strip`, padded to a width of round_up(n, 4).
std::pair<const float*, int> strip_of_b(const Product& p, int k0, int kc, int j, int n, float* strip) {
  const int w = round_up(n, 4);
  if (!p.pack_b && n == w) return {p.B + static_cast<ptrdiff_t>(k0) * p.ldb + j, p.ldb};
  pack_b(p.tb, p.B, p.ldb, k0, kc, j, n, strip);
  return {strip, w};
}

// Column strip s (kNR columns) of C for all M rows, K-block by K-block, with op(A) read in place
// (from A's rows when op(A) = A, k-major when op(A) = A^T) and the strip of op(B) copied to
// `strip` (kc_even x kNR floats) unless it can be read in place. Every element is computed as
// compute_block computes it, in the same order.
void column_strip(const Product& p, int s, float* strip) {
  const int j = s * kNR;
  const int n = std::min(kNR, p.N - j);
  const int w = round_up(n, 4);
  const bool a_rows = p.ta == Trans::No;
  for (int k0 = 0; k0 < p.K; k0 += p.kc_even) {
    const int kc = p.kc(k0);
    const float beta_k = k0 == 0 ? p.beta : 1.f;
    const auto [b, b_step] = strip_of_b(p, k0, kc, j, n, strip);
    for (int i = 0; i < p.M;) {
      const auto [m, count] = next_tiles(p.M - i, true);
      const float* a =
          a_rows ? p.A + static_cast<ptrdiff_t>(i) * p.lda + k0 : p.A + static_cast<ptrdiff_t>(k0) * p.lda + i;
      const ptrdiff_t a_next = a_rows ? static_cast<ptrdiff_t>(m) * p.lda : m;
      kTileColumns[a_rows][m - 1][w / 4 - 1](count, kc, a, a_rows ? 1 : p.lda, p.lda, a_next, b, b_step, p.alpha,
                                             beta_k, p.C + static_cast<ptrdiff_t>(i) * p.ldc + j, p.ldc, n);
      i += count * m;
    }
  }
}

// Rows [i_begin, i_end) of C for a shallow product (one K-block) whose op(B) = B is read in place,
// a row of tiles at a time: op(A) is read in place, and the strips of B (K <= 16 rows) are read
// again by each row of tiles. Going down the columns instead (column_strip, in a thread's 8 tasks of
// 4 strips each) 64x256x10 ran at 25.7-25.9 GFLOP/s on one thread, this way at 28.0: a call of the
// kernel's loop covers a row of 32 tiles, and C's rows, 1 KB apart at N = 256 and so in a few sets
// of L1, are finished before the next ones are touched. The last columns, if their number is not a
// multiple of 4, are copied to `strip` (K x kNR floats) to pad them. Every element is computed as
// compute_block computes it.
void row_tiles(const Product& p, int i_begin, int i_end, float* strip) {
  const int full = p.N / kNR;  // strips of kNR columns
  const int j_rest = full * kNR;
  const int n_rest = p.N - j_rest;
  const int w_rest = round_up(n_rest, 4);
  const auto [b_rest, b_rest_step] = strip_of_b(p, 0, p.K, j_rest, n_rest, strip);  // none when n_rest = 0
  const bool a_rows = p.ta == Trans::No;
  const int a_step = a_rows ? 1 : p.lda;
  for (int i = i_begin; i < i_end;) {
    const auto [m, tiles] = next_tiles(i_end - i, true);
    for (int q = 0; q < tiles; ++q, i += m) {
      const float* a = a_rows ? p.A + static_cast<ptrdiff_t>(i) * p.lda : p.A + i;
      float* c = p.C + static_cast<ptrdiff_t>(i) * p.ldc;
      if (full > 0) kTileRows[a_rows][m - 1](full, p.K, a, a_step, p.lda, p.B, p.ldb, p.alpha, p.beta, c, p.ldc);
      if (n_rest > 0) {
        kTileColumns[a_rows][m - 1][w_rest / 4 - 1](1, p.K, a, a_step, p.lda, 0, b_rest, b_rest_step, p.alpha, p.beta,
                                                    c + j_rest, p.ldc, n_rest);
      }
    }
  }
}

// How to cut a block of row strips x column strips into about `tasks` rectangles: the grid whose
// rectangles are closest to square, in strips, so that each task reads the least of both operands
// for the products it computes.
std::pair<int, int> task_grid(int row_strips, int col_strips, int tasks) {
  std::pair<int, int> best{1, 1};
  double best_cost = 1e300;
  for (int rows = 1; rows <= std::min(tasks, row_strips); ++rows) {
    const int cols = std::min(col_strips, std::max(1, tasks / rows));
    const double cost = static_cast<double>(row_strips) * kMR / rows + static_cast<double>(col_strips) * kNR / cols +
                        (rows * cols < tasks ? 1e9 * (tasks - rows * cols) : 0.0);
    if (cost < best_cost) {
      best_cost = cost;
      best = {rows, cols};
    }
  }
  return best;
}

// Which strips each thread packs, before the threads compute the rectangles of a task_grid: task
// t of the pool's call runs first on the thread whose contiguous block holds it (ThreadPool), so
// thread s computes the grid rows of its block. Thread s packs the A strips of those rows, which
// then stay in its own core's caches, and a run of the B strips that brings its share of the
// copying to about an even part of the whole (a B strip is kNR columns, an A strip kMR rows). The
// B strips are read by every thread whose rows span all columns; before, the strips were dealt out
// by count whatever their size or reader, so on 2 threads at 256^3 one thread copied 48k floats
// and the other 80k, and every B strip thread 0 read came from the other core. Which thread packs
// a strip changes no value.
class PackSplit {
 public:
  PackSplit(int row_strips, int col_strips, int grid_rows, int grid_cols, int threads, bool pack_a, bool pack_b)
      : row_strips_(row_strips),
        col_strips_(col_strips),
        grid_rows_(grid_rows),
        grid_cols_(grid_cols),
        threads_(threads),
        a_units_(pack_a ? row_strips : 0),
        b_unit_(pack_b ? kNR : 0) {}
  std::pair<int, int> a_strips(int s) const { return {a_begin(s), a_begin(s + 1)}; }
  std::pair<int, int> b_strips(int s) const { return {b_begin(s), b_begin(s + 1)}; }

 private:
  // The first row strip of the grid row that holds thread s's first task (all of them past the
  // last thread). Blocks are in order, so this never decreases with s.
  int a_begin(int s) const {
    const int first_task = even_range(grid_rows_ * grid_cols_, threads_, s).first;
    return std::min(a_units_, even_range(row_strips_, grid_rows_, first_task / grid_cols_).first);
  }
  // The B strips of the threads before s: enough to bring their copying to s / threads of the
  // whole, in floats per k, kept in order. Unpacked B costs nothing to split (only a padded last
  // strip is copied, by whoever has it), so it is cut by count.
  int b_begin(int s) const {
    if (s == threads_) return col_strips_;
    if (b_unit_ == 0) return static_cast<int>(static_cast<long long>(col_strips_) * s / threads_);
    const long long total = static_cast<long long>(a_units_) * kMR + b_unit_ * col_strips_;
    int begin = 0;
    for (int q = 1; q <= s; ++q) {
      const long long want = total * q / threads_ - static_cast<long long>(a_begin(q)) * kMR;
      begin = static_cast<int>(std::clamp<long long>((want + b_unit_ / 2) / b_unit_, begin, col_strips_));
    }
    return begin;
  }

  int row_strips_, col_strips_, grid_rows_, grid_cols_, threads_, a_units_;
  long long b_unit_;
};

}  // namespace

void gemm_simd(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
               float beta, float* C, int ldc, ThreadPool* pool) {
  if (M == 0 || N == 0) return;
  if (K == 0 || alpha == 0.f) {  // as gemm_reference: C = beta * C, and nothing is read from A or B
    if (beta != 1.f) scale(M, N, beta, C, ldc);
    return;
  }
  const int threads = pool ? pool->size() : 1;
  if (ta == Trans::No && N <= kInPlaceMax) {
    // Dot products of rows, in groups of 3 rows, shared between the threads. B stored (K, N) is
    // first copied to (N, K): N * K copies for M * N * K products.
    if (tb == Trans::No) {
      float* bt = t_buffers.b.reserve(static_cast<std::size_t>(N) * K);
      copy_transposed(B, ldb, K, N, K, bt, K);
      B = bt;
      ldb = K;
    }
    const int groups = (M + 2) / 3;
    const int tasks = std::min(groups, threads == 1 ? 1 : kTasksPerThread * threads);
    auto rows = [&](int t) {
      const auto [g0, g1] = even_range(groups, tasks, t);
      dot_rows(3 * g0, std::min(3 * g1, M), N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    };
    if (tasks == 1) {
      rows(0);
    } else {
      pool->parallel_for(tasks, rows);
    }
    return;
  }
  // Row slices whose packed op(A) stays within kPackedAMax floats (at least kMc rows), each a
  // product of its own: the buffer does not grow with the batch, and results keep their bits.
  const int slice = std::max(kMc, kPackedAMax / K / kMR * kMR);
  if (M > slice) {
    for (int i0 = 0; i0 < M; i0 += slice) {
      const float* a = ta == Trans::Yes ? A + i0 : A + static_cast<ptrdiff_t>(i0) * lda;
      gemm_simd(ta, tb, std::min(slice, M - i0), N, K, alpha, a, lda, B, ldb, beta,
                C + static_cast<ptrdiff_t>(i0) * ldc, ldc, pool);
    }
    return;
  }
  auto run = [&](int n_tasks, const auto& fn) {
    if (threads == 1 || n_tasks == 1) {
      for (int t = 0; t < n_tasks; ++t) fn(t);
    } else {
      pool->parallel_for(n_tasks, fn);
    }
  };
  // Equal K-blocks of at most kKcMax, so no block is a short remainder.
  const int n_kblocks = (K + kKcMax - 1) / kKcMax;
  Product p{ta,    tb,    M,       N,      K, alpha, A, lda, B, ldb, beta, C, ldc, (K + n_kblocks - 1) / n_kblocks,
            false, false, nullptr, nullptr};
  // Packing an operand costs about as much as a few multiply-adds per element, and each element
  // of op(B) is used M times, each of op(A) N times. So when the other side is small, an operand
  // already stored k-major (op(A) = A^T, op(B) = B) is read in place, though strided rows use the
  // caches less well. A last B strip whose width is not a multiple of 4 is always copied, to pad it.
  // op(A) = A^T with few rows (M <= kInPlaceMax, a 10-unit layer's weight gradient dY^T X) is read in
  // place too: its k-major rows are short, and a column of C can then end in tiles of 3 rows
  // (next_tiles). 10x256x64 gave 27.4-27.7 GFLOP/s so against 25.8-26.2 packed in tiles of 4 + 4 + 2
  // rows (medians of 8-10 rounds alternating in one process, three alignments of the operands).
  //
  // Shallow products (K <= 16, one K-block: W1's 10-unit input gradient dY W, 64x256x10, and W3's
  // 1-channel convolutions) pack nothing: packing copies each element of both operands, about as
  // long as a few of its K multiply-adds, and both operands fit in L1 as they are (see row_tiles).
  // 64x256x10 gave 28.0 against 23.4 packed (medians of 12 rounds alternating in one process).
  p.pack_a = ta == Trans::No || (N > kInPlaceMax && M > kInPlaceMax);
  const bool shallow = K <= 16 && M <= 2 * kMc;
  p.pack_b = tb == Trans::Yes || (M > kInPlaceMax && !shallow);
  Buffers& buf = t_buffers;
  const std::size_t strip_floats = static_cast<std::size_t>(p.kc_even) * kNR;
  if (shallow && !p.pack_b) {
    // Rows of C shared between the threads, kMR at a time, each task a row of tiles at a time.
    // (Cut by columns, with K = 2 each call of the kernel's loop did 3 tiles of 8 multiply-adds,
    // and 128x400x2 ran at 11.8 GFLOP/s on 2 threads, against 25.1 this way and 18.1 packed.)
    const int groups = (M + kMR - 1) / kMR;
    const int tasks = threads == 1 ? 1 : std::min(groups, kTasksPerThread * threads);
    float* strips = buf.b.reserve(tasks * strip_floats);
    run(tasks, [&](int t) {
      const auto [g0, g1] = even_range(groups, tasks, t);
      row_tiles(p, g0 * kMR, std::min(g1 * kMR, M), strips + t * strip_floats);
    });
    return;
  }
  if (shallow || (threads > 1 && (M <= kMc || (M <= 2 * kMc && ta == Trans::No)))) {
    // Shared between threads, with few enough rows that op(A) stays in L2 unpacked: no packing
    // phase. Each task takes column strips of C and copies its own strips of op(B), so the threads
    // meet once, at the end, rather than after packing as well, and each strip is copied by the
    // thread that uses it. On 2 threads, packing both operands of 128x256x256 had taken as long as
    // on 1 (30 us of 240), and shapes with several column blocks or K-blocks met twice per block.
    // Up to 2 kMc rows when op(A) = A: 256^3 on 2 threads gave 78.0-78.4 GFLOP/s this way against
    // 69.6-72.5 with the packing phase in two alternating runs (medians), level in a third. With
    // op(A) = A^T, products of more than kMc rows keep the packing phase, whose rectangles give
    // each thread whole rows of C: a linear layer's weight gradient (dY^T X), whose rows the same
    // thread's optimizer task then updates. On 1 thread there is no meeting to save, and reading A
    // in place measured up to 8% slower than packing it (128x3136x1024). The two ways compute
    // every element alike, so the result has the same bits either way. Shallow products whose op(B)
    // is copied (op(B) = B^T) come here on 1 thread as well: they have nothing else to pack.
    const int col_strips = (N + kNR - 1) / kNR;
    const int tasks = std::min(col_strips, kTasksPerThread * threads);
    float* strips = buf.b.reserve(tasks * strip_floats);
    run(tasks, [&](int t) {
      const auto [s0, s1] = even_range(col_strips, tasks, t);
      for (int s = s0; s < s1; ++s) column_strip(p, s, strips + t * strip_floats);
    });
    return;
  }
  // Column blocks as wide as keeps the packed B block within kKcMax x kNc floats: wider when the
  // K-blocks are shallower, since each column block costs the threads two meetings (after the
  // packing and after the products). W1's and W2's first weight gradients (K = 64 and 128, N = 784)
  // so take one column block instead of two. The cut changes no value.
  const int nc_max = std::max(kNc, kKcMax * kNc / p.kc_even / kNR * kNR);
  p.a_packed = buf.a.reserve(p.pack_a ? static_cast<std::size_t>(M) * K : 0);
  p.b_packed = buf.b.reserve(static_cast<std::size_t>(p.kc_even) * round_up(std::min(N, nc_max), 4));
  const int row_strips = (M + kMR - 1) / kMR;
  // Column blocks of nc_max, and in each the K-blocks: op(A)'s strips of a K-block are packed with
  // the first column block and kept, op(B)'s for each column and K-block in turn, so that the
  // packed B block (kc x nc) is still in the caches when it is used. The threads share the packing
  // (each the A strips of the rows it will compute and a share of the B strips, see PackSplit) and
  // then the products (rectangles of the block of C, several per thread, so that a thread the
  // system runs slower, or wakes later, takes fewer). Every element of C is computed the same
  // way whatever the cut, so the result has the same bits on any number of threads.
  for (int j0 = 0; j0 < N; j0 += nc_max) {
    const int nc = std::min(nc_max, N - j0);
    const int col_strips = (nc + kNR - 1) / kNR;
    const std::pair<int, int> grid = task_grid(row_strips, col_strips, threads == 1 ? 1 : kTasksPerThread * threads);
    const int grid_rows = grid.first, grid_cols = grid.second;
    const int compute_tasks = grid_rows * grid_cols;
    const bool pack_a_now = j0 == 0 && p.pack_a;
    const PackSplit split(row_strips, col_strips, grid_rows, grid_cols, threads, pack_a_now, p.pack_b);
    for (int k0 = 0; k0 < K; k0 += p.kc_even) {
      run(threads, [&](int s) {
        const auto [a0, a1] = split.a_strips(s);
        const auto [b0, b1] = split.b_strips(s);
        if (b1 > b0) pack_b_strips(p, j0, nc, k0, b0, b1);
        if (a1 > a0) pack_a_strips(p, k0, a0, a1);
      });
      run(compute_tasks, [&](int t) {
        const auto [r0, r1] = even_range(row_strips, grid_rows, t / grid_cols);
        const auto [c0, c1] = even_range(col_strips, grid_cols, t % grid_cols);
        compute_block(p, j0, nc, k0, r0 * kMR, std::min(r1 * kMR, M), c0 * kNR, std::min(c1 * kNR, nc));
      });
    }
  }
}

}  // namespace genlab::detail

#endif  // GENLAB_GEMM_SIMD
