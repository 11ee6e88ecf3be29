/**
 * Deterministic random streams for fault injection, keyed by (seed, region, level).
 *
 * A fault pattern must be the same on every machine and every run for the same seed: a user who
 * reports "seed 3 at 0.85 Vmin loses 4 points" must be able to reproduce it. Everything below is
 * 32-bit integer arithmetic (Math.imul, shifts, xor), which JavaScript defines exactly. The only
 * floating-point transcendental the fault sampler uses is Math.log (geometric skips, see
 * fault-sites.ts); V8 implements it with its own port of fdlibm (src/base/ieee754.cc) rather than
 * the platform's libm, so it returns identical bits on every OS and CPU under Node and Electron.
 *
 * Hashing: MurmurHash3 x86_32 (Austin Appleby, public domain) for the region name and the key.
 * Generator: xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021; public domain reference code), period 2^128 − 1, whose four
 * state words are four differently seeded Murmur3 hashes of the key, so streams of neighbouring
 * keys (level k and k+1, seed s and s+1) start from unrelated states.
 */

import { fmix32, xoshiro128ss } from '../../../src-shared/xoshiro128.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = rotl(k, 15);
  k = Math.imul(k, C2);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3 x86_32 of a sequence of 32-bit words (each word is one 4-byte block). */
export function murmur3Words(words: readonly number[], seed: number): number {
  let h = seed | 0;
  for (const w of words) h = mixBlock(h, w | 0);
  return fmix32(h ^ (words.length * 4));
}

/** MurmurHash3 x86_32 of a byte string (reference algorithm, little-endian blocks). */
export function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  let h = seed | 0;
  const blocks = bytes.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    h = mixBlock(h, bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24));
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = bytes[tail];
    if (rest > 1) k |= bytes[tail + 1] << 8;
    if (rest > 2) k |= bytes[tail + 2] << 16;
    k = Math.imul(k, C1);
    k = rotl(k, 15);
    k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix32(h ^ bytes.length);
}

const encoder = new TextEncoder();

/**
 * 64-bit name of a region (two independently seeded 32-bit hashes of its UTF-8 bytes), so two
 * layers collide only with probability ~2^−64 rather than the ~2^−32 of a single hash.
 */
export function regionKey(region: string): readonly [number, number] {
  const bytes = encoder.encode(region);
  return [murmur3Bytes(bytes, 0x5eed_f417), murmur3Bytes(bytes, 0x0b17_e770)];
}

/** The seed as two 32-bit words; any safe integer (negative too) is a distinct seed. */
export function seedWords(seed: number): readonly [number, number] {
  return [seed >>> 0, Math.floor(seed / 4294967296) | 0];
}

/** Stream tags keep the streams of different uses of the same (seed, region) apart. */
export const STREAM_LEVEL = 0x4c45_5645; // "LEVE"
export const STREAM_POLARITY = 0x504f_4c41; // "POLA"

export interface FaultStream {
  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number;
  /** 52 random bits as an integer x in 0 … 2^52 − 1 (exact in a double). */
  next52(): number;
  /** Uniform in the open interval (0, 1): (2x + 1)·2^−53, never 0 (finite log) nor 1. */
  nextOpen(): number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_M53 = 2 ** -53;

/** Independent stream for (seed, region, level); `tag` separates unrelated uses. */
export function createFaultStream(seed: number, region: string, level: number, tag = STREAM_LEVEL): FaultStream {
  const [s0, s1] = seedWords(seed);
  const [r0, r1] = regionKey(region);
  const key = [tag, s0, s1, r0, r1, level | 0];
  const nextUint32 = xoshiro128ss(
    murmur3Words(key, 0x9e3779b9),
    murmur3Words(key, 0x85ebca6b),
    murmur3Words(key, 0xc2b2ae35),
    murmur3Words(key, 0x27d4eb2f),
  );
  function next52(): number {
    const hi = nextUint32() >>> 6;
    const lo = nextUint32() >>> 6;
    return hi * TWO_POW_26 + lo;
  }
  return {
    nextUint32,
    next52,
    nextOpen: () => (2 * next52() + 1) * TWO_POW_M53,
  };
}

/**
 * One random bit per (seed, region, bit index), independent of everything else the fault sampler
 * draws: the polarity of a stuck-at cell. A hash rather than a stream position, so the same cell
 * keeps its polarity whatever BER (and so whatever set of other faulty cells) is asked for.
 * `seed` and `region` come pre-split (seedWords, regionKey) because this runs once per fault.
 */
export function cellBit(seed: readonly [number, number], region: readonly [number, number], bitIndex: number): 0 | 1 {
  const h = murmur3Words([STREAM_POLARITY, seed[0], seed[1], region[0], region[1], bitIndex >>> 0, Math.floor(bitIndex / 4294967296) | 0], 0x3c6ef372);
  return (h >>> 31) as 0 | 1;
}
