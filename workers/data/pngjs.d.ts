// pngjs ships no type declarations and @types/pngjs is not installed; this declares the part we
// use. The module is CommonJS, so it is imported through its default export (module.exports).
declare module 'pngjs' {
  interface PngMetadata {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel (16-bit images are rescaled unless skipRescale is set). */
    data: Uint8Array;
  }
  const pngjs: {
    PNG: {
      sync: {
        read(buffer: Buffer, options?: { checkCRC?: boolean }): PngMetadata;
        /** `data` is RGBA unless `inputColorType` says otherwise (0 gray, 2 RGB, 4 gray+alpha, 6 RGBA). */
        write(png: { width: number; height: number; data: Uint8Array }, options?: { colorType?: 0 | 2 | 4 | 6; inputColorType?: 0 | 2 | 4 | 6 }): Uint8Array;
      };
    };
  };
  export default pngjs;
}
