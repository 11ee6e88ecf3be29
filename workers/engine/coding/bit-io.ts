/**
 * Bit and byte I/O for the weight coders.
 *
 * Bits are packed MSB-first: the first bit written is the most significant bit of the first
 * byte. Canonical Huffman codes are assigned as increasing integers, so MSB-first order lets a
 * decoder read a code as a plain integer prefix and index a lookup table with it (the layout
 * DEFLATE, JPEG and Huff0 decoders use).
 *
 * `ByteWriter` / `ByteReader` carry the container header: unsigned LEB128 varints, zigzag signed
 * varints and raw bytes. The header reader is strict (it throws on truncation) because headers
 * sit in protected memory; the payload bit reader is lenient (reading past the end yields zero
 * bits) because payloads are where fault injection flips bits and the decoder must never throw.
 */
import { UserError } from '../../../src-shared/errors.js';

/** The longest field one `writeBits` / `peekBits` call handles: the 32-bit accumulator keeps at most 7 pending bits plus this. */
export const MAX_BITS_PER_CALL = 24;

/** Appends bit fields MSB-first into a growable byte buffer. */
export class BitWriter {
  private buffer: Uint8Array;
  private position = 0;
  /** Pending bits, right-aligned; only the low `pendingBits` bits are meaningful. */
  private accumulator = 0;
  private pendingBits = 0;

  constructor(initialBytes = 64) {
    this.buffer = new Uint8Array(Math.max(16, initialBytes));
  }

  /** Writes the low `bitCount` bits of `value` (0 ≤ bitCount ≤ 24), most significant first. */
  writeBits(value: number, bitCount: number): void {
    if (bitCount === 0) return;
    this.accumulator = (this.accumulator << bitCount) | (value & ((1 << bitCount) - 1));
    this.pendingBits += bitCount;
    while (this.pendingBits >= 8) {
      this.pendingBits -= 8;
      if (this.position === this.buffer.length) this.grow();
      this.buffer[this.position++] = (this.accumulator >>> this.pendingBits) & 0xff;
    }
  }

  /** Pads the last partial byte with zero bits and returns the written bytes (a view, not a copy). */
  finish(): Uint8Array {
    if (this.pendingBits > 0) {
      if (this.position === this.buffer.length) this.grow();
      this.buffer[this.position++] = (this.accumulator << (8 - this.pendingBits)) & 0xff;
      this.pendingBits = 0;
      this.accumulator = 0;
    }
    return this.buffer.subarray(0, this.position);
  }

  private grow(): void {
    const next = new Uint8Array(this.buffer.length * 2);
    next.set(this.buffer);
    this.buffer = next;
  }
}

/**
 * Reads bit fields MSB-first. Past the end of the data it supplies zero bits forever, so a
 * decoder fed a corrupted payload still makes progress and terminates on its own symbol count.
 */
export class BitReader {
  private readonly data: Uint8Array;
  private position = 0;
  /** Buffered bits, right-aligned; only the low `bufferedBits` bits are meaningful. */
  private window = 0;
  private bufferedBits = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** The next `bitCount` bits (0 ≤ bitCount ≤ 24) as an unsigned integer, without consuming them. */
  peekBits(bitCount: number): number {
    if (this.bufferedBits < bitCount) this.refill();
    return (this.window >>> (this.bufferedBits - bitCount)) & ((1 << bitCount) - 1);
  }

  /** Consumes `bitCount` bits previously examined with `peekBits`. */
  skipBits(bitCount: number): void {
    this.bufferedBits -= bitCount;
  }

  readBits(bitCount: number): number {
    const value = this.peekBits(bitCount);
    this.bufferedBits -= bitCount;
    return value;
  }

  private refill(): void {
    // Keeps ≥ 25 buffered bits so any 24-bit peek is served; bytes past the end read as zero.
    while (this.bufferedBits <= 24) {
      const byte = this.position < this.data.length ? this.data[this.position] : 0;
      this.position++;
      this.window = (this.window << 8) | byte;
      this.bufferedBits += 8;
    }
  }
}

/** Appends header fields into a growable byte buffer. */
export class ByteWriter {
  private buffer = new Uint8Array(64);
  private position = 0;

  get length(): number {
    return this.position;
  }

  writeByte(value: number): void {
    this.ensure(1);
    this.buffer[this.position++] = value & 0xff;
  }

  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.position);
    this.position += bytes.length;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  writeVarUint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`A varint must be a non-negative safe integer, got ${value}.`);
    }
    let rest = value;
    while (rest >= 0x80) {
      this.writeByte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.writeByte(rest);
  }

  /** Zigzag-mapped varint (0, −1, 1, −2, … → 0, 1, 2, 3, …) of a signed 32-bit integer. */
  writeVarInt(value: number): void {
    this.writeVarUint(value >= 0 ? 2 * value : -2 * value - 1);
  }

  finish(): Uint8Array {
    return this.buffer.subarray(0, this.position);
  }

  private ensure(extra: number): void {
    if (this.position + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.position + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.position));
    this.buffer = next;
  }
}

/** Strict header reader: every read past the end throws a `UserError` naming the field. */
export class ByteReader {
  private readonly data: Uint8Array;
  position: number;

  constructor(data: Uint8Array, position = 0) {
    this.data = data;
    this.position = position;
  }

  get remaining(): number {
    return this.data.length - this.position;
  }

  readByte(field: string): number {
    if (this.position >= this.data.length) throw truncated(field, this.position);
    return this.data[this.position++];
  }

  readBytes(byteCount: number, field: string): Uint8Array {
    if (byteCount > this.remaining) throw truncated(field, this.position);
    const bytes = this.data.subarray(this.position, this.position + byteCount);
    this.position += byteCount;
    return bytes;
  }

  readVarUint(field: string): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.readByte(field);
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) break;
        return value;
      }
      scale *= 0x80;
    }
    throw new UserError(
      'coded-weights-invalid-header',
      `The coded-weights header field '${field}' at byte ${this.position} is not a valid varint.`,
      { field, offset: this.position },
    );
  }

  readVarInt(field: string): number {
    const raw = this.readVarUint(field);
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }
}

function truncated(field: string, offset: number): UserError {
  return new UserError(
    'coded-weights-invalid-header',
    `The coded-weights header ends at byte ${offset} while reading '${field}'; the data is truncated or is not coded weights.`,
    { field, offset },
  );
}
