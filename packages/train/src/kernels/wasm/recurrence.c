// The recurrence of PyTorch's nn.RNN (tanh), nn.GRU and nn.LSTM over a
// precomputed input projection, forward and backward, for one direction of a
// time-major padded batch with pack_padded_sequence semantics. The same
// algorithm and memory layouts as recurrence-forward.ts/recurrence-backward.ts
// (read those for the equations); compiled to WebAssembly (SIMD) because the
// per-token work is small matrix-vector products and ~50 exponentials, where
// JavaScript's Math.tanh/Math.exp calls and float32<->float64 conversions
// dominate.
//
// Build (see generate-recurrence-wasm.mjs): clang-15 --target=wasm32 -O3 -msimd128.
// No libc: exp is the Cephes single-precision polynomial (relative error ~1e-7).

// The widest layer the fixed scratch arrays below hold; they live on the
// stack (sized for it in generate-recurrence-wasm.mjs) and MAX_WASM_HIDDEN in
// recurrence-wasm.ts sends wider layers to the JavaScript path. The bound only
// sizes arrays: every loop runs to the call's own H, so the arithmetic (and a
// narrower layer's bits) does not depend on it.
#define MAX_H 128
#define MAX_GH (4 * MAX_H)

enum { RNN = 0, GRU = 1, LSTM = 2 };

static inline float exp_f32(float x) {
  // e^x = 2^n e^r with n = round(x / ln 2), |r| <= ln(2) / 2.
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * r * r + r + 1.0f;
  union {
    float f;
    int i;
  } scale;
  scale.i = ((int)n + 127) << 23;
  return y * scale.f;
}

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

static inline float sigmoid_f32(float x) { return 1.0f / (1.0f + exp_f32(-x)); }

// tanh from one exponential of a non-positive argument: no overflow, and
// (1 - e) keeps its absolute accuracy near 0.
static inline float tanh_f32(float x) {
  float e = exp_f32(-2.0f * __builtin_fabsf(x));
  float t = (1.0f - e) / (1.0f + e);
  return x < 0.0f ? -t : t;
}

static int gate_count(int cell) { return cell == RNN ? 1 : (cell == GRU ? 3 : 4); }

// 4 float32 lanes (wasm v128) via clang's vector extension: no headers, since
// there is no libc (wasm_simd128.h pulls in stdint.h). aligned(4): loads from
// any float address.
typedef float f32x4 __attribute__((vector_size(16), aligned(4)));
#define SPLAT(x) ((f32x4){(x), (x), (x), (x)})

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

// One step of one sequence after its recurrent product: a = W_hh h + b_hh,
// x = this step's input projection. Writes the step's gates (g), state (st),
// extra (ex: LSTM cell state, GRU W_hn h + b_hn) and the new h (and c).
static inline void forward_cell(int cell, int H, const float *x, const float *a, float *g,
                                float *st, float *ex, float *h, float *c) {
  if (cell == RNN) {
    for (int i = 0; i < H; i++) {
      const float v = tanh_f32(x[i] + a[i]);
      h[i] = v, g[i] = v, st[i] = v;
    }
  } else if (cell == GRU) {
    for (int i = 0; i < H; i++) {
      const float r = sigmoid_f32(x[i] + a[i]);
      const float z = sigmoid_f32(x[H + i] + a[H + i]);
      const float hn = a[2 * H + i];
      const float n = tanh_f32(x[2 * H + i] + r * hn);
      const float next = (1.0f - z) * n + z * h[i];
      g[i] = r, g[H + i] = z, g[2 * H + i] = n;
      ex[i] = hn;
      h[i] = next, st[i] = next;
    }
  } else {
    for (int i = 0; i < H; i++) {
      const float ig = sigmoid_f32(x[i] + a[i]);
      const float fg = sigmoid_f32(x[H + i] + a[H + i]);
      const float gg = tanh_f32(x[2 * H + i] + a[2 * H + i]);
      const float og = sigmoid_f32(x[3 * H + i] + a[3 * H + i]);
      const float cell_state = fg * c[i] + ig * gg;
      const float next = og * tanh_f32(cell_state);
      g[i] = ig, g[H + i] = fg, g[2 * H + i] = gg, g[3 * H + i] = og;
      c[i] = cell_state, ex[i] = cell_state;
      h[i] = next, st[i] = next;
    }
  }
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
static void forward_pair(int cell, int H, int d, const float *wT, const float *bHh,
                         const forward_seq *seq, int count, long xRow, long gRow, long hRow) {
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

// One backward step of one sequence: from the state gradient dh (and the
// LSTM cell's dc), the step's gates g and extra ex and the previous step's h
// (hp) and LSTM cell state (cp), writes the pre-activation gradients to dx
// (the input projection's) and dA (the recurrent product's: the same, except
// the GRU's candidate gate, whose recurrent part is gated by r), and leaves in
// dh (and dc) the part of the previous state's gradient that does not go
// through W_hh (the caller adds W_hh^T dA).
static inline void backward_cell(int cell, int H, const float *g, const float *ex,
                                 const float *hp, const float *cp, float *dh, float *dc,
                                 float *dx, float *dA) {
  if (cell == RNN) {
    for (int i = 0; i < H; i++) {
      const float v = g[i];
      const float da = flush_tiny(dh[i] * (1.0f - v * v));
      dA[i] = da, dx[i] = da;
      dh[i] = 0.0f;
    }
  } else if (cell == GRU) {
    for (int i = 0; i < H; i++) {
      const float r = g[i], z = g[H + i], n = g[2 * H + i], hn = ex[i], dhi = dh[i];
      const float dn = flush_tiny(dhi * (1.0f - z) * (1.0f - n * n));
      const float dr = flush_tiny(dn * hn * r * (1.0f - r));
      const float dz = flush_tiny(dhi * (hp[i] - n) * z * (1.0f - z));
      dx[i] = dr, dx[H + i] = dz, dx[2 * H + i] = dn;
      dA[i] = dr, dA[H + i] = dz, dA[2 * H + i] = flush_tiny(dn * r);
      dh[i] = dhi * z;
    }
  } else {
    for (int i = 0; i < H; i++) {
      const float ig = g[i], fg = g[H + i], gg = g[2 * H + i], og = g[3 * H + i];
      const float tc = tanh_f32(ex[i]);
      const float dhi = dh[i];
      const float dcell = dc[i] + dhi * og * (1.0f - tc * tc);
      const float di = flush_tiny(dcell * gg * ig * (1.0f - ig));
      const float df = flush_tiny(dcell * cp[i] * fg * (1.0f - fg));
      const float dg = flush_tiny(dcell * ig * (1.0f - gg * gg));
      const float dout = flush_tiny(dhi * tc * og * (1.0f - og));
      dx[i] = di, dx[H + i] = df, dx[2 * H + i] = dg, dx[3 * H + i] = dout;
      dA[i] = di, dA[H + i] = df, dA[2 * H + i] = dg, dA[3 * H + i] = dout;
      dc[i] = dcell * fg;
      dh[i] = 0.0f;
    }
  }
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
