/** Paths of the bundled demo models and datasets, and loaders shared by tests and benchmarks. */
import { fileURLToPath } from 'node:url';
import { loadDataset, type SharedDataset } from '../../workers/data/dataset.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import type { IrGraph } from '../../workers/engine/ir/graph.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const DEMO_MODELS = [
  { file: 'fmnist-mlp.onnx', dataset: 'fashion-mnist' },
  { file: 'fmnist-lenet5.onnx', dataset: 'fashion-mnist' },
  { file: 'fmnist-rescnn.onnx', dataset: 'fashion-mnist' },
  { file: 'mnist-cnn.onnx', dataset: 'mnist' },
] as const;

export function modelPath(file: string): string {
  return `${repoRoot}assets/models/${file}`;
}

export function datasetPath(dataset: string, split: 'test' | 'calib'): string {
  return `${repoRoot}assets/datasets/${dataset}/${split}-images-idx3-ubyte.gz`;
}

export async function loadDemoModel(file: string): Promise<IrGraph> {
  return buildIr(await readOnnxModelFile(modelPath(file)));
}

export async function loadDemoSplit(dataset: string, split: 'test' | 'calib', limit?: number): Promise<SharedDataset> {
  return loadDataset({ path: datasetPath(dataset, split), limit }, { dims: [1, 28, 28] });
}
