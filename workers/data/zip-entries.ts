/**
 * A bounds-checked reader of ZIP archives, enough for NPZ files (numpy.savez / savez_compressed):
 * stored and deflated entries, ZIP64 sizes and offsets (numpy writes every entry with
 * force_zip64=True). Sizes come from the central directory (the local headers of ZIP64 entries
 * hold 0xFFFFFFFF). Layout per PKWARE APPNOTE.TXT 6.3.x, §4.3.
 */
import { inflateSync } from 'fflate';
import { UserError } from '../../src-shared/errors.js';
import { crc32 } from './crc32.js';
import { MAX_DECODED_BYTES } from './limits.js';

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const U32_MAX = 0xffffffff;

/** True when the bytes start with a ZIP local header signature "PK\x03\x04" (or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipReadOptions {
  /** Only decode entries whose name passes this test (the others are listed but not inflated). */
  readonly select?: (name: string) => boolean;
  /** Cap on the decoded size of one entry. */
  readonly maxEntryBytes?: number;
}

/**
 * Lists and decodes the entries of a ZIP archive held in memory. `what` describes the file in
 * error messages (e.g. "NPZ file"). Returns entry name → decoded bytes, for selected entries only,
 * and the names of all entries.
 */
export function readZipEntries(
  bytes: Uint8Array,
  source: string,
  what: string,
  options: ZipReadOptions = {},
): { names: string[]; entries: Map<string, Uint8Array> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (detail: string): UserError =>
    new UserError('npz-corrupt', `The ${what} '${source}' is not a valid ZIP archive: ${detail}. Re-save it with numpy.savez.`, { file: source });
  const u16 = (at: number): number => {
    if (at < 0 || at + 2 > bytes.length) throw corrupt(`a record at byte ${at} runs past the end of the file (${bytes.length} bytes)`);
    return view.getUint16(at, true);
  };
  const u32 = (at: number): number => {
    if (at < 0 || at + 4 > bytes.length) throw corrupt(`a record at byte ${at} runs past the end of the file (${bytes.length} bytes)`);
    return view.getUint32(at, true);
  };
  const u64 = (at: number): number => {
    const value = u32(at) + u32(at + 4) * 2 ** 32;
    if (!Number.isSafeInteger(value)) throw corrupt(`a 64-bit size at byte ${at} is too large`);
    return value;
  };

  // The end-of-central-directory record is 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end-of-central-directory record was found (the file is truncated or not a ZIP)');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw corrupt('multi-disk archives are not supported');
  let entryCount = u16(eocd + 10);
  let directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64Eocd = u64(eocd - 20 + 8);
    if (u32(zip64Eocd) !== ZIP64_EOCD_SIGNATURE) throw corrupt(`the ZIP64 locator points to byte ${zip64Eocd}, which holds no ZIP64 end record`);
    entryCount = u64(zip64Eocd + 32);
    directorySize = u64(zip64Eocd + 40);
    directoryOffset = u64(zip64Eocd + 48);
  }
  if (directoryOffset + directorySize > bytes.length) {
    throw corrupt(`the central directory (${directorySize} bytes at byte ${directoryOffset}) runs past the end of the file (${bytes.length} bytes)`);
  }
  // Each central record is at least 46 bytes, which bounds a lying entry count.
  if (entryCount * 46 > directorySize) throw corrupt(`${entryCount} entries cannot fit in a ${directorySize}-byte central directory`);

  const central: CentralEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (u32(at) !== CENTRAL_SIGNATURE) throw corrupt(`central directory entry ${i} at byte ${at} has a wrong signature`);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    if (at + 46 + nameLength + extraLength > bytes.length) throw corrupt(`central directory entry ${i} runs past the end of the file`);
    const entry: CentralEntry = {
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
      name: new TextDecoder(u16(at + 8) & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    // ZIP64 extended information (header id 1) lists only the fields set to 0xFFFFFFFF, in this order (§4.5.3).
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === 1) {
        let field = extra + 4;
        const next = (): number => {
          if (field + 8 > extra + 4 + length) throw corrupt(`the ZIP64 field of entry '${entry.name}' is too short`);
          const value = u64(field);
          field += 8;
          return value;
        };
        if (entry.size === U32_MAX) entry.size = next();
        if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
        if (entry.localOffset === U32_MAX) entry.localOffset = next();
      }
      extra += 4 + length;
    }
    central.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }

  const maxEntryBytes = options.maxEntryBytes ?? MAX_DECODED_BYTES;
  const entries = new Map<string, Uint8Array>();
  for (const entry of central) {
    if (options.select && !options.select(entry.name)) continue;
    if (entry.flags & 1) {
      throw new UserError('npz-unsupported', `The entry '${entry.name}' of the ${what} '${source}' is encrypted. Save the arrays without encryption.`, { file: source });
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new UserError(
        'npz-unsupported',
        `The entry '${entry.name}' of the ${what} '${source}' uses ZIP compression method ${entry.method}; EdgeFront reads stored (0) and deflated (8) entries. Re-save with numpy.savez or numpy.savez_compressed.`,
        { file: source },
      );
    }
    if (entry.size > maxEntryBytes) {
      throw new UserError(
        'npz-too-large',
        `The entry '${entry.name}' of the ${what} '${source}' declares ${entry.size} bytes, more than the ${maxEntryBytes}-byte limit for one array. Use a smaller dataset.`,
        { file: source, size: entry.size },
      );
    }
    if (u32(entry.localOffset) !== LOCAL_SIGNATURE) throw corrupt(`the local header of entry '${entry.name}' at byte ${entry.localOffset} has a wrong signature`);
    const dataStart = entry.localOffset + 30 + u16(entry.localOffset + 26) + u16(entry.localOffset + 28);
    if (dataStart + entry.compressedSize > bytes.length) {
      throw corrupt(`the data of entry '${entry.name}' (${entry.compressedSize} bytes at byte ${dataStart}) runs past the end of the file (${bytes.length} bytes)`);
    }
    const raw = bytes.subarray(dataStart, dataStart + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw corrupt(`the stored entry '${entry.name}' has different compressed (${entry.compressedSize}) and plain (${entry.size}) sizes`);
      data = raw;
    } else {
      // One spare byte: fflate silently truncates to the output buffer, so a stream longer than
      // declared would otherwise go unnoticed.
      try {
        data = inflateSync(raw, { out: new Uint8Array(entry.size + 1) });
      } catch (err) {
        throw corrupt(`the deflated data of entry '${entry.name}' is damaged (${(err as Error).message})`);
      }
      if (data.length !== entry.size) throw corrupt(`entry '${entry.name}' inflates to ${data.length === entry.size + 1 ? 'more' : data.length} bytes, not the ${entry.size} its header declares`);
    }
    if (crc32(data) !== entry.crc) {
      throw new UserError('npz-checksum', `The entry '${entry.name}' of the ${what} '${source}' fails its CRC-32 check: the file is damaged. Re-download or re-save it.`, {
        file: source,
      });
    }
    entries.set(entry.name, data);
  }
  return { names: central.map((e) => e.name), entries };
}
