// The recurrence of PyTorch's nn.RNN (tanh), nn.GRU and nn.LSTM over a
// precomputed input projection, forward and backward, for one direction of a
// time-major padded batch with pack_padded_sequence semantics. The same
// algorithm and memory layouts as recurrence-forward.ts/recurrence-backward.ts
// (read those for the equations); compiled to WebAssembly (SIMD) because the
// per-token work is small matrix-vector products and ~50 exponentials, where
// JavaScript's Math.tanh/Math.exp calls and float32<->float64 conversions
// dominate.
//
// Build (see generate-recurrence-wasm.mjs): clang-15 --target=wasm32 -O3 -msimd128
// -mbulk-memory -fno-builtin.
// No libc: exp is the Cephes single-precision polynomial (relative error ~1e-7).

// The widest layer the fixed scratch arrays below hold; they live on the
// stack (sized for it in generate-recurrence-wasm.mjs) and MAX_WASM_HIDDEN in
// recurrence-wasm.ts sends wider layers to the JavaScript path. The bound only
// sizes arrays: every loop runs to the call's own H, so the arithmetic (and a
// narrower layer's bits) does not depend on it.
#define MAX_H 128
#define MAX_GH (4 * MAX_H)

enum { RNN = 0, GRU = 1, LSTM = 2 };

// Gradients below 2^-100 in magnitude are flushed to zero as the backward pass
// makes them. WebAssembly has no flush-to-zero mode, and on x86 every multiply
// with a subnormal operand or result takes a microcode assist (~100 cycles):
// an LSTM's state gradient decays step by step through hundreds of tokens into
// that range, which made about 7% of dXProj subnormal in a reference epoch
// and the projection products reading it 5-10x slower. 2^-100 leaves room for
// one more product with a weight before the subnormal range starts, and a
// value that small is below half an ulp of the float32 gradient sums it joins
// (theirs are ~2^-40 and up): the reference RNN and LSTM epochs of bench:train
// give the same mean loss to the last bit with and without the flush.
#define FLUSH_BELOW 0x1p-100f

static inline float flush_tiny(float x) { return __builtin_fabsf(x) < FLUSH_BELOW ? 0.0f : x; }

static int gate_count(int cell) { return cell == RNN ? 1 : (cell == GRU ? 3 : 4); }

// 4 float32 lanes (wasm v128) via clang's vector extension: no headers, since
// there is no libc (wasm_simd128.h pulls in stdint.h). aligned(4): loads from
// any float address.
typedef float f32x4 __attribute__((vector_size(16), aligned(4)));
#define SPLAT(x) ((f32x4){(x), (x), (x), (x)})

// The cells' arithmetic runs on four hidden units at a time (f32x4 lanes), and
// each lane does exactly the float32 operations, in the same order, of the
// scalar formulas written in the comments, so a lane's result is what that
// scalar code gives (IEEE add, multiply, divide and floor are exact per lane;
// the module's outputs are the same bits as before this was written out).
// clang had vectorised the scalar loops itself, but left H % 4 units to a
// scalar tail (at hidden 10 as slow as the two vector iterations before it)
// and clamped with wasm's f32x4.min/max, whose NaN and -0 rules cost several
// x86 instructions each, where pmin/pmax give the same values here. An LSTM
// pair at hidden 10 went from ~240 to ~130 ns per token forward and from ~240
// to ~155 backward (with -fno-builtin, see generate-recurrence-wasm.mjs).
typedef int i32x4 __attribute__((vector_size(16), aligned(4)));

// The per-step helpers are inlined into their step loop: forward_pair has a
// copy of it per cell, where the cell is a constant.
#define ALWAYS_INLINE static inline __attribute__((always_inline))

#define LOAD(p) (*(const f32x4 *)(p))
#define STORE(p, v) (*(f32x4 *)(p) = (v))

// e^x = 2^n e^r with n = round(x / ln 2), |r| <= ln(2) / 2: the Cephes
// single-precision polynomial (relative error ~1e-7), per lane
//   x = x < -87 ? -87 : (x > 88 ? 88 : x);
//   n = floorf(x * 1.44269504088896341f + 0.5f);
//   r = x - n * 0.693359375f + n * 2.12194440e-4f;
//   p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + ...) * r + 5.0000001201e-1f;
//   return (p * r * r + r + 1.0f) * 2^n;
// 2^n's bits are (n + 127) << 23; n is a whole number in [-125, 127], so its
// int is the low bits of n + 1.5 * 2^23 (one add, where a float-to-int
// conversion with wasm's saturation is several x86 instructions).
static inline f32x4 exp_f32x4(f32x4 x) {
  x = __builtin_wasm_pmin_f32x4(__builtin_wasm_pmax_f32x4(x, SPLAT(-87.0f)), SPLAT(88.0f));
  const f32x4 n = __builtin_wasm_floor_f32x4(x * SPLAT(1.44269504088896341f) + SPLAT(0.5f));
  const f32x4 r = x - n * SPLAT(0.693359375f) + n * SPLAT(2.12194440e-4f);
  f32x4 p = SPLAT(1.9875691500e-4f);
  p = p * r + SPLAT(1.3981999507e-3f);
  p = p * r + SPLAT(8.3334519073e-3f);
  p = p * r + SPLAT(4.1665795894e-2f);
  p = p * r + SPLAT(1.6666665459e-1f);
  p = p * r + SPLAT(5.0000001201e-1f);
  const f32x4 y = p * r * r + r + SPLAT(1.0f);
  const i32x4 scale = ((i32x4)(n + SPLAT(12582912.0f)) - 0x4B400000 + 127) << 23;
  return y * (f32x4)scale;
}

static inline f32x4 abs_f32x4(f32x4 x) { return (f32x4)((i32x4)x & 0x7fffffff); }

// 1 / (1 + e^-x)
static inline f32x4 sigmoid_f32x4(f32x4 x) { return SPLAT(1.0f) / (SPLAT(1.0f) + exp_f32x4(-x)); }

// tanh from one exponential of a non-positive argument (no overflow, and
// 1 - e keeps its absolute accuracy near 0):
//   e = exp(-2 * |x|); t = (1 - e) / (1 + e); return x < 0 ? -t : t;
// (negating flips the sign bit, which the mask does for negative lanes only,
// so -0 gives +0 as there).
static inline f32x4 tanh_f32x4(f32x4 x) {
  const f32x4 e = exp_f32x4(SPLAT(-2.0f) * abs_f32x4(x));
  const f32x4 t = (SPLAT(1.0f) - e) / (SPLAT(1.0f) + e);
  return (f32x4)((i32x4)t ^ ((x < SPLAT(0.0f)) & (int)0x80000000));
}

// flush_tiny per lane: |x| < 2^-100 ? 0 : x (a flushed lane is +0, as there).
static inline f32x4 flush_tiny_f32x4(f32x4 x) {
  return (f32x4)((i32x4)x & ~(abs_f32x4(x) < SPLAT(FLUSH_BELOW)));
}

// out[c] += sum over r of m[r * n + c] * v[r * vs] for c < n: a row-major
// [rows, n] matrix's rows weighted by v (every vs-th float) and added to out,
// the products added in increasing r exactly as the plain loop
//   for r: for c: out[c] += m[r * n + c] * v[r * vs];
// adds them (wasm has no fused multiply-add, so each product is rounded before
// its sum either way): the same bits. Only the loop order differs: 16 entries
// of out stay in registers across the whole r loop, instead of a load and a
// store of all of out for every r, which at hidden 64 made the recurrent
// products bound by loads and stores. Used for W_hh h (m = W_hh^T), for
// W_hh^T dA (m = W_hh, rows padded) and for the outer-product sums of
// add_outer_products (m = the steps' dA, v = a column of their h_prev).
static void add_weighted_rows(float *out, const float *m, const float *v, int vs, int rows,
                              int n) {
  int c = 0;
  for (; c + 16 <= n; c += 16) {
    f32x4 *o = (f32x4 *)(out + c);
    f32x4 o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3];
    for (int r = 0; r < rows; r++) {
      const f32x4 vr = SPLAT(v[r * vs]);
      const f32x4 *w = (const f32x4 *)(m + r * n + c);
      o0 += w[0] * vr, o1 += w[1] * vr, o2 += w[2] * vr, o3 += w[3] * vr;
    }
    o[0] = o0, o[1] = o1, o[2] = o2, o[3] = o3;
  }
  for (; c + 4 <= n; c += 4) {
    f32x4 o0 = *(f32x4 *)(out + c);
    for (int r = 0; r < rows; r++) o0 += *(const f32x4 *)(m + r * n + c) * SPLAT(v[r * vs]);
    *(f32x4 *)(out + c) = o0;
  }
  for (; c < n; c++) {
    float sum = out[c];
    for (int r = 0; r < rows; r++) sum += m[r * n + c] * v[r * vs];
    out[c] = sum;
  }
}

// add_weighted_rows for two vectors at once: out0 += m^T v0, out1 += m^T v1,
// each entry's products added in increasing r as there, so each output has the
// bits add_weighted_rows gives it. Each load of m serves both vectors (two
// sequences, or two rows of an outer-product sum).
static void add_weighted_rows2(float *out0, float *out1, const float *m, const float *v0,
                               const float *v1, int vs, int rows, int n) {
  int c = 0;
  for (; c + 16 <= n; c += 16) {
    f32x4 *o = (f32x4 *)(out0 + c), *p = (f32x4 *)(out1 + c);
    f32x4 o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3];
    f32x4 p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3];
    for (int r = 0; r < rows; r++) {
      const f32x4 a = SPLAT(v0[r * vs]), b = SPLAT(v1[r * vs]);
      const f32x4 *w = (const f32x4 *)(m + r * n + c);
      const f32x4 w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
      o0 += w0 * a, o1 += w1 * a, o2 += w2 * a, o3 += w3 * a;
      p0 += w0 * b, p1 += w1 * b, p2 += w2 * b, p3 += w3 * b;
    }
    o[0] = o0, o[1] = o1, o[2] = o2, o[3] = o3;
    p[0] = p0, p[1] = p1, p[2] = p2, p[3] = p3;
  }
  for (; c + 4 <= n; c += 4) {
    f32x4 o0 = *(f32x4 *)(out0 + c), p0 = *(f32x4 *)(out1 + c);
    for (int r = 0; r < rows; r++) {
      const f32x4 w0 = *(const f32x4 *)(m + r * n + c);
      o0 += w0 * SPLAT(v0[r * vs]), p0 += w0 * SPLAT(v1[r * vs]);
    }
    *(f32x4 *)(out0 + c) = o0, *(f32x4 *)(out1 + c) = p0;
  }
  for (; c < n; c++) {
    float sum0 = out0[c], sum1 = out1[c];
    for (int r = 0; r < rows; r++) sum0 += m[r * n + c] * v0[r * vs], sum1 += m[r * n + c] * v1[r * vs];
    out0[c] = sum0, out1[c] = sum1;
  }
}

// Steps of one sequence whose dA and h_prev the backward pass keeps before it
// adds their outer products to seqWT (add_outer_products).
#define CHUNK 32

// w[k * GH + j] += dAs[c * GH + j] * hps[c * H + k] for c = 0..steps-1 in
// increasing c, k < H, j < GH: the outer products dA h_prev^T of `steps`
// backward steps added to seqWT ([H, GH]), each element's products in step
// order exactly as adding one step's outer product per step does (no
// fused multiply-add in wasm: each product is rounded before its sum either
// way), so the bits are the same. Only the loop order differs: a 2 x 16 block
// of w stays in registers across the steps, instead of a load and a store of
// the whole of w (64 KB for an LSTM at hidden 64) for every step.
static void add_outer_products(float *w, const float *dAs, const float *hps, int steps, int GH,
                               int H) {
  // Row k of w gains the rows of dAs weighted by column k of hps (stride H).
  int k = 0;
  for (; k + 2 <= H; k += 2)
    add_weighted_rows2(w + k * GH, w + (k + 1) * GH, dAs, hps + k, hps + k + 1, H, steps, GH);
  if (k < H) add_weighted_rows(w + k * GH, dAs, hps + k, H, steps, GH);
}

// forward_cell's results for four units.
typedef struct {
  f32x4 g[4], ex, h, c;
} forward4;

// forward_cell for four units, the pointers at the first (gate k of x and a
// k * S floats on), computed without storing: per lane the scalar loop body
// in the comments.
ALWAYS_INLINE forward4 forward_cell4(int cell, int S, const float *x, const float *a,
                                     const float *h, const float *c) {
  forward4 o;
  if (cell == RNN) {
    // v = tanh(x[i] + a[i]); h[i] = g[i] = st[i] = v;
    o.h = tanh_f32x4(LOAD(x) + LOAD(a));
  } else if (cell == GRU) {
    // r = sigmoid(x[i] + a[i]); z = sigmoid(x[H + i] + a[H + i]); hn = a[2H + i];
    // n = tanh(x[2H + i] + r * hn); next = (1 - z) * n + z * h[i];
    o.g[0] = sigmoid_f32x4(LOAD(x) + LOAD(a));
    o.g[1] = sigmoid_f32x4(LOAD(x + S) + LOAD(a + S));
    o.ex = LOAD(a + 2 * S);
    o.g[2] = tanh_f32x4(LOAD(x + 2 * S) + o.g[0] * o.ex);
    o.h = (SPLAT(1.0f) - o.g[1]) * o.g[2] + o.g[1] * LOAD(h);
  } else {
    // ig, fg, og = sigmoid and gg = tanh of x[kH + i] + a[kH + i] (k = 0, 1, 3; 2);
    // cell_state = fg * c[i] + ig * gg; next = og * tanh(cell_state);
    o.g[0] = sigmoid_f32x4(LOAD(x) + LOAD(a));
    o.g[1] = sigmoid_f32x4(LOAD(x + S) + LOAD(a + S));
    o.g[2] = tanh_f32x4(LOAD(x + 2 * S) + LOAD(a + 2 * S));
    o.g[3] = sigmoid_f32x4(LOAD(x + 3 * S) + LOAD(a + 3 * S));
    o.c = o.g[1] * LOAD(c) + o.g[0] * o.g[2];
    o.h = o.g[3] * tanh_f32x4(o.c);
  }
  return o;
}

// Stores forward_cell4's results (each cell writes only its own arrays: the
// RNN's gate is its state, and it has no extra).
ALWAYS_INLINE void store_forward4(int cell, int S, const forward4 *o, float *g, float *st,
                                  float *ex, float *h, float *c) {
  STORE(h, o->h), STORE(st, o->h);
  if (cell == RNN) {
    STORE(g, o->h);
    return;
  }
  for (int k = 0; k < gate_count(cell); k++) STORE(g + k * S, o->g[k]);
  if (cell == GRU) STORE(ex, o->ex);
  else STORE(c, o->c), STORE(ex, o->c);
}

// One step of one sequence after its recurrent product: a = W_hh h + b_hh,
// x = this step's input projection. Writes the step's gates (g), state (st),
// extra (ex: LSTM cell state, GRU W_hn h + b_hn) and the new h (and c).
//
// Four units at a time. When H is not a multiple of 4, the last four units
// (H - 4..H - 1) are computed first, from h and c before any unit's update,
// and stored last: units the loop stored already get the same bits again
// (the same inputs through the same lane operations). At hidden 10 this is
// three vector blocks for ~130 ns per token of an LSTM pair's forward pass,
// where a zero-padded copy of the last two units took 180 ns (and clang's own
// vectorised loop with its scalar tail 240 ns). Below 4 units there is no
// such block: a zero-padded copy whose gates lie 4 floats apart is used.
ALWAYS_INLINE void forward_cell(int cell, int H, const float *x, const float *a, float *g,
                                float *st, float *ex, float *h, float *c) {
  if (H < 4) {
    const int G = gate_count(cell);
    float xt[16], at[16], gt[16], stt[4], ext[4], ht[4], ct[4];
    for (int j = 0; j < 16; j++) xt[j] = 0.0f, at[j] = 0.0f;
    for (int k = 0; k < G; k++)
      for (int j = 0; j < H; j++) xt[4 * k + j] = x[k * H + j], at[4 * k + j] = a[k * H + j];
    for (int j = 0; j < 4; j++) ht[j] = j < H ? h[j] : 0.0f, ct[j] = j < H ? c[j] : 0.0f;
    const forward4 o = forward_cell4(cell, 4, xt, at, ht, ct);
    store_forward4(cell, 4, &o, gt, stt, ext, ht, ct);
    for (int k = 0; k < G; k++)
      for (int j = 0; j < H; j++) g[k * H + j] = gt[4 * k + j];
    for (int j = 0; j < H; j++) {
      st[j] = stt[j], h[j] = ht[j];
      if (cell != RNN) ex[j] = ext[j];
      if (cell == LSTM) c[j] = ct[j];
    }
    return;
  }
  const int last = H - 4;
  const int ragged = H % 4 != 0;
  forward4 tail;
  if (ragged) tail = forward_cell4(cell, H, x + last, a + last, h + last, c + last);
  for (int i = 0; i + 4 <= H; i += 4) {
    const forward4 o = forward_cell4(cell, H, x + i, a + i, h + i, c + i);
    store_forward4(cell, H, &o, g + i, st + i, ex + i, h + i, c + i);
  }
  if (ragged) store_forward4(cell, H, &tail, g + last, st + last, ex + last, h + last, c + last);
}

// One sequence of a pair in the forward pass: its step-t rows start at
// x + t * xRow (this direction's GH columns of the input projection),
// g + t * gRow (gates), st + t * hRow and ex + t * hRow (states, extra); its
// final state goes to fin (H floats).
typedef struct {
  const float *x;
  float *g, *st, *ex, *fin;
  int length;
} forward_seq;

// Direction d of the recurrence for count (1 or 2) sequences, in step with
// each other while both last (a length-bucketed batch's lengths are close), so
// each load of W_hh^T (wT: [H, GH]) serves two recurrent products; every
// sequence's arithmetic is the same as run alone.
ALWAYS_INLINE void forward_pair_cell(
    int cell, int H, int d, const float *wT, const float *bHh, const forward_seq *seq, int count,
    long xRow, long gRow, long hRow) {
  const int GH = gate_count(cell) * H;
  float h[2][MAX_H], c[2][MAX_H], a[2][MAX_GH];
  const int length[2] = {seq[0].length, count == 2 ? seq[1].length : 0};
  const int steps = length[0] > length[1] ? length[0] : length[1];
  for (int q = 0; q < count; q++)
    for (int i = 0; i < H; i++) h[q][i] = 0.0f, c[q][i] = 0.0f;
  for (int s = 0; s < steps; s++) {
    // The sequences still running (s < their length); at least the longer one.
    const int run[2] = {s < length[0], s < length[1]};
    for (int q = 0; q < 2; q++)
      if (run[q])
        for (int j = 0; j < GH; j++) a[q][j] = bHh[j];
    if (run[0] && run[1]) add_weighted_rows2(a[0], a[1], wT, h[0], h[1], 1, H, GH);
    else add_weighted_rows(a[run[1]], wT, h[run[1]], 1, H, GH);
    for (int q = 0; q < 2; q++) {
      if (!run[q]) continue;
      const long t = d == 0 ? s : length[q] - 1 - s;
      forward_cell(cell, H, seq[q].x + t * xRow, a[q], seq[q].g + t * gRow, seq[q].st + t * hRow,
                   seq[q].ex + t * hRow, h[q], c[q]);
    }
  }
  for (int q = 0; q < count; q++)
    for (int i = 0; i < H; i++) seq[q].fin[i] = h[q][i];
}

// forward_pair_cell compiled once per cell, so the cell's branches and gate
// loops are resolved at compile time inside the step loop.
static void forward_pair(int cell, int H, int d, const float *wT, const float *bHh,
                         const forward_seq *seq, int count, long xRow, long gRow, long hRow) {
  if (cell == LSTM) forward_pair_cell(LSTM, H, d, wT, bHh, seq, count, xRow, gRow, hRow);
  else if (cell == GRU) forward_pair_cell(GRU, H, d, wT, bHh, seq, count, xRow, gRow, hRow);
  else forward_pair_cell(RNN, H, d, wT, bHh, seq, count, xRow, gRow, hRow);
}

// W_hh^T ([H, GH]) from W_hh ([GH, H]), so the matrix-vector product runs
// along contiguous gate rows.
static void transpose_whh(float *wT, const float *wHh, int GH, int H) {
  for (int j = 0; j < GH; j++)
    for (int k = 0; k < H; k++) wT[k * GH + j] = wHh[j * H + k];
}

// Direction d of the recurrence. xProj: [T, B, dirs*GH]; gates: [T, B, GH];
// states, extra: [T, B, H] (extra: LSTM cell state, GRU W_hn h + b_hn);
// hidden: [B, dirs*H], columns d*H.. written. Sequences b, b + 1 run as pairs
// (forward_pair).
__attribute__((export_name("recurrence_forward"))) void recurrence_forward(
    int cell, int H, int T, int B, int dirs, int d, const float *xProj, const int *lengths,
    const float *wHh, const float *bHh, float *gates, float *states, float *extra,
    float *hidden) {
  const int GH = gate_count(cell) * H;
  const int xStride = dirs * GH;
  float wT[MAX_H * MAX_GH];
  transpose_whh(wT, wHh, GH, H);
  for (int b0 = 0; b0 < B; b0 += 2) {
    const int count = b0 + 1 < B ? 2 : 1;
    forward_seq seq[2];
    for (int q = 0; q < count; q++) {
      const int b = b0 + q;
      seq[q] = (forward_seq){xProj + (long)b * xStride + d * GH, gates + (long)b * GH,
                             states + (long)b * H, extra + (long)b * H,
                             hidden + (long)b * dirs * H + d * H, lengths[b]};
    }
    forward_pair(cell, H, d, wT, bHh, seq, count, (long)B * xStride, (long)B * GH, (long)B * H);
  }
}

// recurrence_forward for two sequences that each have a layout of their own
// (a batch of one: xProj [len, dirs*GH], gates [len, GH], states and extra
// [len, H], hidden [dirs*H]), run as a pair: the kernel threads lay out each
// of their sequences apart, and this gives them the pairing a batch's call
// has. Each sequence's results are those of recurrence_forward over it alone.
__attribute__((export_name("recurrence_forward_pair"))) void recurrence_forward_pair(
    int cell, int H, int dirs, int d, const float *wHh, const float *bHh, int length0,
    const float *xProj0, float *gates0, float *states0, float *extra0, float *hidden0,
    int length1, const float *xProj1, float *gates1, float *states1, float *extra1,
    float *hidden1) {
  const int GH = gate_count(cell) * H;
  float wT[MAX_H * MAX_GH];
  transpose_whh(wT, wHh, GH, H);
  const forward_seq seq[2] = {
      {xProj0 + d * GH, gates0, states0, extra0, hidden0 + d * H, length0},
      {xProj1 + d * GH, gates1, states1, extra1, hidden1 + d * H, length1}};
  forward_pair(cell, H, d, wT, bHh, seq, 2, (long)dirs * GH, GH, H);
}

// backward_cell's results for four units: dA equals dx but for the GRU's
// candidate gate (dA2).
typedef struct {
  f32x4 dx[4], dA2, dh, dc;
} backward4;

// backward_cell for four units of a GRU or an LSTM (the RNN's stays a plain
// loop there), the pointers at the first (gate k of g k * S floats on),
// computed without storing: per lane the scalar loop body in the comments.
ALWAYS_INLINE backward4 backward_cell4(int cell, int S, const float *g, const float *ex,
                                       const float *hp, const float *cp, const float *dh,
                                       const float *dc) {
  const f32x4 one = SPLAT(1.0f);
  backward4 o;
  if (cell == GRU) {
    // r, z, n = g[i], g[H + i], g[2H + i]; hn = ex[i]; dhi = dh[i];
    // dn = flush_tiny(dhi * (1 - z) * (1 - n * n)); dr = flush_tiny(dn * hn * r * (1 - r));
    // dz = flush_tiny(dhi * (hp[i] - n) * z * (1 - z));
    // dx = dr, dz, dn; dA = dr, dz, flush_tiny(dn * r); dh[i] = dhi * z;
    const f32x4 r = LOAD(g), z = LOAD(g + S), n = LOAD(g + 2 * S), hn = LOAD(ex), dhi = LOAD(dh);
    const f32x4 dn = flush_tiny_f32x4(dhi * (one - z) * (one - n * n));
    o.dx[0] = flush_tiny_f32x4(dn * hn * r * (one - r));
    o.dx[1] = flush_tiny_f32x4(dhi * (LOAD(hp) - n) * z * (one - z));
    o.dx[2] = dn;
    o.dA2 = flush_tiny_f32x4(dn * r);
    o.dh = dhi * z;
  } else {
    // ig, fg, gg, og = g[kH + i]; tc = tanh(ex[i]); dhi = dh[i];
    // dcell = dc[i] + dhi * og * (1 - tc * tc);
    // di = flush_tiny(dcell * gg * ig * (1 - ig)); df = flush_tiny(dcell * cp[i] * fg * (1 - fg));
    // dg = flush_tiny(dcell * ig * (1 - gg * gg)); dout = flush_tiny(dhi * tc * og * (1 - og));
    // dx = dA = di, df, dg, dout; dc[i] = dcell * fg; dh[i] = 0;
    const f32x4 ig = LOAD(g), fg = LOAD(g + S), gg = LOAD(g + 2 * S), og = LOAD(g + 3 * S);
    const f32x4 tc = tanh_f32x4(LOAD(ex));
    const f32x4 dhi = LOAD(dh);
    const f32x4 dcell = LOAD(dc) + dhi * og * (one - tc * tc);
    o.dx[0] = flush_tiny_f32x4(dcell * gg * ig * (one - ig));
    o.dx[1] = flush_tiny_f32x4(dcell * LOAD(cp) * fg * (one - fg));
    o.dx[2] = flush_tiny_f32x4(dcell * ig * (one - gg * gg));
    o.dx[3] = flush_tiny_f32x4(dhi * tc * og * (one - og));
    o.dc = dcell * fg;
    o.dh = SPLAT(0.0f);
  }
  return o;
}

// Stores backward_cell4's results (each cell writes only its own arrays).
ALWAYS_INLINE void store_backward4(int cell, int S, const backward4 *o, float *dh, float *dc,
                                   float *dx, float *dA) {
  const int G = gate_count(cell);
  for (int k = 0; k < G; k++) STORE(dx + k * S, o->dx[k]);
  for (int k = 0; k < G; k++) STORE(dA + k * S, cell == GRU && k == 2 ? o->dA2 : o->dx[k]);
  STORE(dh, o->dh);
  if (cell == LSTM) STORE(dc, o->dc);
}

// One backward step of one sequence: from the state gradient dh (and the
// LSTM cell's dc), the step's gates g and extra ex and the previous step's h
// (hp) and LSTM cell state (cp), writes the pre-activation gradients to dx
// (the input projection's) and dA (the recurrent product's: the same, except
// the GRU's candidate gate, whose recurrent part is gated by r), and leaves in
// dh (and dc) the part of the previous state's gradient that does not go
// through W_hh (the caller adds W_hh^T dA). Four units at a time, the last
// four computed first and stored last as in forward_cell, or from a
// zero-padded copy below 4 units; each cell reads only its own arrays (the
// GRU has no cp, the LSTM no hp).
ALWAYS_INLINE void backward_cell(int cell, int H, const float *g, const float *ex,
                                 const float *hp, const float *cp, float *dh, float *dc,
                                 float *dx, float *dA) {
  if (cell == RNN) {
    // clang vectorises this loop well enough: the RNN's cell has no exponential.
    for (int i = 0; i < H; i++) {
      const float v = g[i];
      const float da = flush_tiny(dh[i] * (1.0f - v * v));
      dA[i] = da, dx[i] = da;
      dh[i] = 0.0f;
    }
    return;
  }
  if (H < 4) {
    const int G = gate_count(cell);
    float gt[16], ext[4], hpt[4], cpt[4], dht[4], dct[4], dxt[16], dAt[16];
    for (int j = 0; j < 16; j++) gt[j] = 0.0f;
    for (int j = 0; j < 4; j++) ext[j] = hpt[j] = cpt[j] = dht[j] = dct[j] = 0.0f;
    for (int k = 0; k < G; k++)
      for (int j = 0; j < H; j++) gt[4 * k + j] = g[k * H + j];
    for (int j = 0; j < H; j++) {
      dht[j] = dh[j];
      ext[j] = ex[j];
      if (cell == GRU) hpt[j] = hp[j];
      if (cell == LSTM) cpt[j] = cp[j], dct[j] = dc[j];
    }
    const backward4 o = backward_cell4(cell, 4, gt, ext, hpt, cpt, dht, dct);
    store_backward4(cell, 4, &o, dht, dct, dxt, dAt);
    for (int k = 0; k < G; k++)
      for (int j = 0; j < H; j++) dx[k * H + j] = dxt[4 * k + j], dA[k * H + j] = dAt[4 * k + j];
    for (int j = 0; j < H; j++) {
      dh[j] = dht[j];
      if (cell == LSTM) dc[j] = dct[j];
    }
    return;
  }
  const int last = H - 4;
  const int ragged = H % 4 != 0;
  backward4 tail;
  if (ragged)
    tail = backward_cell4(cell, H, g + last, ex + last, hp + last, cp + last, dh + last, dc + last);
  for (int i = 0; i + 4 <= H; i += 4) {
    const backward4 o = backward_cell4(cell, H, g + i, ex + i, hp + i, cp + i, dh + i, dc + i);
    store_backward4(cell, H, &o, dh + i, dc + i, dx + i, dA + i);
  }
  if (ragged) store_backward4(cell, H, &tail, dh + last, dc + last, dx + last, dA + last);
}

// One sequence of a pair in the backward pass: its step-t rows start at
// g + t * gRow (gates), st + t * hRow and ex + t * hRow (states, extra),
// dy + t * yRow (this direction's H columns of the output gradient; dy is 0
// when the loss reads the final state only) and dx + t * xRow (this
// direction's GH columns of dXProj, written); dHid: the final state's
// gradient (H floats). Its dW_hh^T ([H, GH]) and db_hh come back in wT and
// bias, summed in float32 over its steps.
typedef struct {
  const float *g, *st, *ex, *dHid, *dy;
  float *dx, *wT, *bias;
  int length;
} backward_seq;

// Backward of direction d for count (1 or 2) sequences: each runs its own
// steps from its last token back to its first, the longer one alone until the
// shorter one's last token, then both in step, so each load of W_hh (wP: its
// rows padded to Hp floats) serves two products W_hh^T dA; every sequence's
// arithmetic is the same as run alone.
static void backward_pair(int cell, int H, int d, const float *wP, int Hp, const backward_seq *seq,
                          int count, long gRow, long hRow, long yRow, long xRow) {
  const int GH = gate_count(cell) * H;
  float dh[2][MAX_H], dc[2][MAX_H], cp[2][MAX_H];
  // Each sequence's last CHUNK steps' dA and h_prev, waiting for add_outer_products.
  float dAs[2][CHUNK * MAX_GH], hps[2][CHUNK * MAX_H];
  const int length[2] = {seq[0].length, count == 2 ? seq[1].length : 0};
  const int steps = length[0] > length[1] ? length[0] : length[1];
  int kept[2] = {0, 0};
  for (int q = 0; q < count; q++) {
    for (int j = 0; j < GH * H; j++) seq[q].wT[j] = 0.0f;
    for (int j = 0; j < GH; j++) seq[q].bias[j] = 0.0f;
    for (int i = H; i < Hp; i++) dh[q][i] = 0.0f;
    for (int i = 0; i < H; i++) dh[q][i] = seq[q].dHid[i], dc[q][i] = 0.0f;
  }
  // Step s of each sequence still running (s < its length), s descending.
  for (int s = steps - 1; s >= 0; s--) {
    float *dA[2] = {0, 0};
    for (int q = 0; q < count; q++) {
      if (s >= length[q]) continue;
      const backward_seq *v = &seq[q];
      const long t = d == 0 ? s : length[q] - 1 - s;
      // The step's own output gradient joins what flows back from later steps.
      if (v->dy) {
        const float *dy = v->dy + t * yRow;
        for (int i = 0; i < H; i++) dh[q][i] += dy[i];
      }
      for (int i = 0; i < H; i++) dh[q][i] = flush_tiny(dh[q][i]), dc[q][i] = flush_tiny(dc[q][i]);
      float *hp = hps[q] + kept[q] * H;
      dA[q] = dAs[q] + kept[q] * GH;
      if (s == 0) {
        for (int i = 0; i < H; i++) hp[i] = 0.0f, cp[q][i] = 0.0f;
      } else {
        const long prev = d == 0 ? t - 1 : t + 1;
        for (int i = 0; i < H; i++) hp[i] = v->st[prev * hRow + i];
        if (cell == LSTM)
          for (int i = 0; i < H; i++) cp[q][i] = v->ex[prev * hRow + i];
      }
      backward_cell(cell, H, v->g + t * gRow, v->ex + t * hRow, hp, cp[q], dh[q], dc[q],
                    v->dx + t * xRow, dA[q]);
      for (int j = 0; j < GH; j++) v->bias[j] += dA[q][j];
    }
    // dh_prev += W_hh^T dA
    if (dA[0] && dA[1]) add_weighted_rows2(dh[0], dh[1], wP, dA[0], dA[1], 1, GH, Hp);
    else add_weighted_rows(dh[dA[0] ? 0 : 1], wP, dA[0] ? dA[0] : dA[1], 1, GH, Hp);
    // seqWT += dA hp^T, CHUNK steps at a time.
    for (int q = 0; q < count; q++) {
      if (dA[q] && (++kept[q] == CHUNK || s == 0)) {
        add_outer_products(seq[q].wT, dAs[q], hps[q], kept[q], GH, H), kept[q] = 0;
      }
    }
  }
}


// W_hh with each row padded to whole vectors (Hp floats), for dh_prev += W_hh^T dA.
static void pad_whh(float *wP, const float *wHh, int GH, int H, int Hp) {
  for (int j = 0; j < GH; j++)
    for (int k = 0; k < Hp; k++) wP[j * Hp + k] = k < H ? wHh[j * H + k] : 0.0f;
}

// Backward of direction d. dHidden: [B, dirs*H]; dSequence: [T, B, dirs*H],
// the gradient of every step's output (columns d*H.. read, padded rows never),
// or 0 when the loss reads the final state only; dXProj: [T, B, dirs*GH]
// (only real rows, columns d*GH.. written); dWHh: [GH, H] and dBHh: [GH],
// overwritten. Sequences b, b + 1 run as pairs (backward_pair); the order in
// which the sequences' sums join dW_hh and db_hh is as one at a time.
__attribute__((export_name("recurrence_backward"))) void recurrence_backward(
    int cell, int H, int T, int B, int dirs, int d, const int *lengths, const float *wHh,
    const float *gates, const float *states, const float *extra, const float *dHidden,
    const float *dSequence, float *dXProj, float *dWHh, float *dBHh) {
  const int GH = gate_count(cell) * H;
  const int xStride = dirs * GH;
  // dW_hh accumulates transposed ([H, GH]) so its update runs along contiguous
  // gate rows: in float32 over one sequence (vectorised), then in float64 over
  // the batch, so the sum over every token keeps its precision.
  double dWT[MAX_H * MAX_GH];
  double dB[MAX_GH];
  float seqWT[2][MAX_H * MAX_GH];
  float seqB[2][MAX_GH];
  for (int j = 0; j < GH * H; j++) dWT[j] = 0.0;
  for (int j = 0; j < GH; j++) dB[j] = 0.0;
  const int Hp = (H + 3) & ~3;
  float wP[MAX_GH * MAX_H];
  pad_whh(wP, wHh, GH, H, Hp);
  for (int b0 = 0; b0 < B; b0 += 2) {
    const int count = b0 + 1 < B ? 2 : 1;
    backward_seq seq[2];
    for (int q = 0; q < count; q++) {
      const int b = b0 + q;
      // Padded rows of this direction's columns read as zero.
      for (int t = lengths[b]; t < T; t++) {
        float *dx = dXProj + (long)(t * B + b) * xStride + d * GH;
        for (int j = 0; j < GH; j++) dx[j] = 0.0f;
      }
      seq[q] = (backward_seq){gates + (long)b * GH,
                              states + (long)b * H,
                              extra + (long)b * H,
                              dHidden + (long)b * dirs * H + d * H,
                              dSequence ? dSequence + ((long)b * dirs + d) * H : 0,
                              dXProj + (long)b * xStride + d * GH,
                              seqWT[q],
                              seqB[q],
                              lengths[b]};
    }
    backward_pair(cell, H, d, wP, Hp, seq, count, (long)B * GH, (long)B * H,
                  (long)B * dirs * H, (long)B * xStride);
    for (int q = 0; q < count; q++) {
      for (int j = 0; j < GH * H; j++) dWT[j] += seqWT[q][j];
      for (int j = 0; j < GH; j++) dB[j] += seqB[q][j];
    }
  }
  for (int j = 0; j < GH; j++) {
    dBHh[j] = (float)dB[j];
    for (int k = 0; k < H; k++) dWHh[j * H + k] = (float)dWT[k * GH + j];
  }
}

// recurrence_backward for two sequences that each have a layout of their own
// (as recurrence_forward_pair's; dSequence [len, dirs*H] or 0, dXProj
// [len, dirs*GH], dHidden [dirs*H]), run as a pair. Each sequence's dWHh and
// dBHh are its own, the bits recurrence_backward gives over it alone (one
// sequence's float32 sums, unchanged by a float64 total of one term).
__attribute__((export_name("recurrence_backward_pair"))) void recurrence_backward_pair(
    int cell, int H, int dirs, int d, const float *wHh, int length0, const float *gates0,
    const float *states0, const float *extra0, const float *dHidden0, const float *dSequence0,
    float *dXProj0, float *dWHh0, float *dBHh0, int length1, const float *gates1,
    const float *states1, const float *extra1, const float *dHidden1, const float *dSequence1,
    float *dXProj1, float *dWHh1, float *dBHh1) {
  const int GH = gate_count(cell) * H;
  const int Hp = (H + 3) & ~3;
  float wP[MAX_GH * MAX_H];
  pad_whh(wP, wHh, GH, H, Hp);
  float seqWT[2][MAX_H * MAX_GH];
  const backward_seq seq[2] = {
      {gates0, states0, extra0, dHidden0 + d * H, dSequence0 ? dSequence0 + d * H : 0,
       dXProj0 + d * GH, seqWT[0], dBHh0, length0},
      {gates1, states1, extra1, dHidden1 + d * H, dSequence1 ? dSequence1 + d * H : 0,
       dXProj1 + d * GH, seqWT[1], dBHh1, length1}};
  backward_pair(cell, H, d, wP, Hp, seq, 2, GH, H, (long)dirs * H, (long)dirs * GH);
  float *const dW[2] = {dWHh0, dWHh1};
  for (int q = 0; q < 2; q++)
    for (int j = 0; j < GH; j++)
      for (int k = 0; k < H; k++) dW[q][j * H + k] = seqWT[q][k * GH + j];
}
