/**
 * A convolution's geometry as the JavaScript side writes it into linear memory: sixteen int32
 * fields in the order of `Conv2dGeometry` (workers/engine/kernels/types.ts). Unmanaged, so reading
 * a field is a plain load and no allocator is involved.
 */
@unmanaged
export class Geometry {
  batch: i32;
  inC: i32;
  inH: i32;
  inW: i32;
  outC: i32;
  outH: i32;
  outW: i32;
  kH: i32;
  kW: i32;
  strideH: i32;
  strideW: i32;
  padTop: i32;
  padLeft: i32;
  dilationH: i32;
  dilationW: i32;
  group: i32;
}
