/**
 * Zero-run transform for sparse tensors.
 *
 * A symbol stream is a sequence  r_0, s_1, r_1, s_2, …, s_k, r_k  of zero-run lengths r_i ≥ 0 and
 * non-zero literals s_i. The transform splits it into two token streams, each entropy-coded on its
 * own with its own table:
 *
 * - run tokens, alphabet 0 … R: a value t < R is "t zeros, then a literal follows"; R (the escape)
 *   is "R zeros, and the run goes on". A run r becomes ⌊r/R⌋ escapes and then r mod R. The final
 *   run r_k is written only if r_k > 0, and its trailing "0" is dropped when r_k is a multiple of R,
 *   because the decoder stops as soon as it has produced `count` symbols.
 * - literal tokens: the non-zero symbols s_1 … s_k, unchanged.
 *
 * Splitting instead of mixing runs and literals in one alphabet matters: the streams alternate
 * deterministically, so one order-0 model over the mix would pay about a bit per token to say which
 * kind comes next. With separate streams the cost per non-zero is H(run) + H(literal), which for an
 * i.i.d. source equals the source entropy per non-zero; a 90 %-sparse 4-bit tensor codes at about
 * 0.87 bit/parameter, where plain Huffman cannot go below 1 bit per symbol.
 *
 * R is a power of two around four mean runs (between 16 and 4096): escapes stay rare for runs of
 * geometric length while the run alphabet stays small.
 */

export const MIN_RUN_CAP = 16;
export const MAX_RUN_CAP = 4096;

export interface ZeroRunTokens {
  /** Run tokens: 0 … runCap − 1 are terminal run lengths, runCap is the escape. */
  readonly runs: Int32Array;
  /** The non-zero symbols in order. */
  readonly literals: Int32Array;
  readonly runCap: number;
}

/** The escape length R for a stream: the power of two nearest above 4 × mean run, clamped to [16, 4096]. */
export function chooseRunCap(symbols: Int32Array, zeroSymbol: number): number {
  let zeros = 0;
  for (let i = 0; i < symbols.length; i++) if (symbols[i] === zeroSymbol) zeros++;
  const meanRun = zeros / (symbols.length - zeros + 1);
  const cap = 2 ** Math.ceil(Math.log2(4 * meanRun + 1));
  return Math.min(MAX_RUN_CAP, Math.max(MIN_RUN_CAP, cap));
}

/** Splits `symbols` into run and literal tokens (see the module comment). */
export function toZeroRunTokens(symbols: Int32Array, zeroSymbol: number, runCap = chooseRunCap(symbols, zeroSymbol)): ZeroRunTokens {
  const n = symbols.length;
  let nonZero = 0;
  for (let i = 0; i < n; i++) if (symbols[i] !== zeroSymbol) nonZero++;
  const literals = new Int32Array(nonZero);
  const runs = new Int32Array(nonZero + 1 + Math.floor(n / runCap));
  let runCount = 0;
  let literalCount = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const v = symbols[i];
    if (v === zeroSymbol) {
      run++;
      continue;
    }
    while (run >= runCap) {
      runs[runCount++] = runCap;
      run -= runCap;
    }
    runs[runCount++] = run;
    literals[literalCount++] = v;
    run = 0;
  }
  while (run >= runCap) {
    runs[runCount++] = runCap;
    run -= runCap;
  }
  if (run > 0) runs[runCount++] = run;
  return { runs: runs.slice(0, runCount), literals, runCap };
}

/**
 * Inverse of `toZeroRunTokens`, producing exactly `count` symbols. It tolerates token streams
 * damaged by payload bit errors: runs are clipped at `count`, and if either stream runs out the
 * rest is filled with `fillValue` (a symbol of the table), so the result never depends on
 * anything but the tokens given and its length is always `count`.
 */
export function fromZeroRunTokens(
  runs: ArrayLike<number>,
  literals: ArrayLike<number>,
  count: number,
  zeroSymbol: number,
  runCap: number,
  fillValue: number,
): Int32Array {
  const out = new Int32Array(count);
  let position = 0;
  let runIndex = 0;
  let literalIndex = 0;
  while (position < count) {
    for (;;) {
      if (runIndex >= runs.length) {
        out.fill(fillValue, position);
        return out;
      }
      const token = runs[runIndex++];
      const zeros = Math.min(token, count - position);
      out.fill(zeroSymbol, position, position + zeros);
      position += zeros;
      if (position === count) return out;
      if (token !== runCap) break;
    }
    if (literalIndex >= literals.length) {
      out.fill(fillValue, position);
      return out;
    }
    out[position++] = literals[literalIndex++];
  }
  return out;
}
