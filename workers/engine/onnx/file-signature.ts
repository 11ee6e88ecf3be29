/**
 * Recognizes files that are clearly something other than an ONNX protobuf, so the user gets
 * "this is a PNG image" rather than a decoding error. Magic numbers from each format's spec.
 */

interface Signature {
  readonly name: string;
  readonly matches: (bytes: Uint8Array) => boolean;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((b, i) => bytes[offset + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { name: 'a PNG image', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { name: 'a JPEG image', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { name: 'a GIF image', matches: (b) => startsWith(b, ascii('GIF8')) },
  { name: 'a PDF document', matches: (b) => startsWith(b, ascii('%PDF')) },
  // ZIP: also PyTorch .pt/.pth checkpoints, Keras archives and .npz files.
  { name: 'a ZIP archive (e.g. a PyTorch checkpoint or an .npz file)', matches: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { name: 'a gzip-compressed file', matches: (b) => startsWith(b, [0x1f, 0x8b]) },
  { name: 'a NumPy array file', matches: (b) => startsWith(b, [0x93, ...ascii('NUMPY')]) },
  { name: 'an HDF5 file (e.g. a Keras .h5 model)', matches: (b) => startsWith(b, [0x89, ...ascii('HDF')]) },
  { name: 'a TensorFlow Lite model', matches: (b) => startsWith(b, ascii('TFL3'), 4) },
  { name: 'a JSON or text file', matches: looksLikeJson },
];

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = 0;
  // Skip a UTF-8 BOM and whitespace.
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.length && (bytes[i] === 0x7b || bytes[i] === 0x5b); // '{' or '['
}

/** A description of the format when `bytes` is recognizably not ONNX, else undefined. */
export function detectNonOnnxFormat(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.matches(bytes))?.name;
}
