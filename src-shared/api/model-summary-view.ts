/** The Model view's layer table: what `edgefront info` prints, for the project's model. */
import { z } from 'zod';

const dims = z.array(z.number());

export const layerSummaryViewSchema = z
  .object({
    name: z.string(),
    op: z.string(),
    /** Shapes at batch 1 of the non-constant inputs and of the outputs. */
    inputShapes: z.array(dims),
    outputShapes: z.array(dims),
    /** Elements of the constant (weight and bias) inputs. */
    params: z.number().int().min(0),
    /** Multiply-accumulates per sample, counted as on a dense accelerator. */
    macs: z.number().min(0),
  })
  .strict();

export const modelSummaryViewSchema = z
  .object({
    /** Absolute path of the ONNX file. */
    modelPath: z.string(),
    producer: z.string(),
    /** Default-domain opset, null when the model declares none. */
    opset: z.number().int().nullable(),
    inputs: z.array(z.object({ name: z.string(), dtype: z.string(), dims: z.array(z.union([z.number(), z.string(), z.null()])) }).strict()),
    outputs: z.array(z.object({ name: z.string(), dtype: z.string(), dims: dims }).strict()),
    layers: z.array(layerSummaryViewSchema),
    totalParams: z.number().int().min(0),
    totalMacs: z.number().min(0),
    /** Activation buffer memory of the float plan at batch 1 (after buffer reuse). */
    activationBytesFloat: z.number().min(0),
  })
  .strict();

export type LayerSummaryView = z.infer<typeof layerSummaryViewSchema>;
export type ModelSummaryView = z.infer<typeof modelSummaryViewSchema>;
