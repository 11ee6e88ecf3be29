/**
 * onnxruntime-node fp32 throughput with one thread (intra- and inter-op), the peer every engine
 * ratio in docs/benchmarks.md is taken against: images/second over `samples` images of
 * `sampleSize` floats each in batches of `batch`, best of `repeats` after one warm-up pass.
 */
import * as ort from 'onnxruntime-node';

export interface OrtRateOptions {
  readonly samples: number;
  readonly batch: number;
  readonly repeats: number;
  /** Dims of one sample, e.g. [1, 28, 28]. */
  readonly sampleDims: readonly number[];
}

export async function ortImagesPerSecond(modelPath: string, x: Float32Array, o: OrtRateOptions): Promise<number> {
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const name = session.inputNames[0];
  const per = o.sampleDims.reduce((a, b) => a * b, 1);
  const once = async () => {
    for (let s = 0; s < o.samples; s += o.batch) {
      const n = Math.min(o.batch, o.samples - s);
      await session.run({ [name]: new ort.Tensor('float32', x.slice(s * per, (s + n) * per), [n, ...o.sampleDims]) });
    }
  };
  await once();
  let best = Infinity;
  for (let r = 0; r < o.repeats; r++) {
    const t = performance.now();
    await once();
    best = Math.min(best, performance.now() - t);
  }
  await session.release();
  return o.samples / (best / 1000);
}
