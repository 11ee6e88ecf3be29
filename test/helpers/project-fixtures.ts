/**
 * Temporary folders with fake project inputs (the project store only hashes and copies them, it
 * never parses them) and a fully populated project object, for the project-* tests.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectFile } from '../../src-shared/project-file.js';
import { UserError } from '../../src-shared/errors.js';
import { hardwareProfileSchema } from '../../src-shared/hardware-profile.js';
import { createProject } from '../../src-main/services/project/project-store.js';
import { pointKey } from '../../src-main/services/project/point-key.js';
import { deployConfigSchema } from '../../src-shared/deploy-config.js';
import { deployTargetSchema } from '../../src-shared/deploy-target.js';

/** A fresh folder under the OS temp dir; `cleanup` removes it. */
export async function tempDir(prefix = 'edgefront-project-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface FakeInputs {
  readonly modelPath: string;
  readonly datasetPath: string;
  readonly labelsPath: string;
}

/** models/net.onnx, data/t10k-images-idx3-ubyte and its MNIST-named labels sibling under `dir`. */
export async function writeFakeInputs(dir: string): Promise<FakeInputs> {
  await mkdir(join(dir, 'models'), { recursive: true });
  await mkdir(join(dir, 'data'), { recursive: true });
  const modelPath = join(dir, 'models', 'net.onnx');
  const datasetPath = join(dir, 'data', 't10k-images-idx3-ubyte');
  const labelsPath = join(dir, 'data', 't10k-labels-idx1-ubyte');
  await writeFile(modelPath, new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 37) % 251)));
  await writeFile(datasetPath, new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 11) % 256)));
  await writeFile(labelsPath, new Uint8Array(Array.from({ length: 100 }, (_, i) => i % 10)));
  return { modelPath, datasetPath, labelsPath };
}

export async function builtInProfile(id: string) {
  const url = new URL(`../../assets/hardware/${id}.json`, import.meta.url);
  return hardwareProfileSchema.parse(JSON.parse(await readFile(url, 'utf8')));
}

/**
 * A project at `dir/study.edgefront` over fake inputs, with every part set: an embedded profile,
 * global and per-layer axes, constraints, an NSGA-II strategy and one result.
 */
export async function fullProject(dir: string): Promise<{ project: ProjectFile; projectPath: string; inputs: FakeInputs }> {
  const inputs = await writeFakeInputs(dir);
  const projectPath = join(dir, 'study.edgefront');
  const embedded = { ...(await builtInProfile('cortex-m7')), id: 'my-m7', name: 'Cortex-M7 (edited)' };
  const project = await createProject({
    projectPath,
    modelPath: inputs.modelPath,
    datasetPath: inputs.datasetPath,
    description: 'LeNet on MNIST, 4 vs 8 bits',
    datasetOptions: { mean: [0.1307], std: [0.3081] },
    calibrationCount: 256,
    testLimit: 2000,
    hardware: { profiles: [{ id: 'bit-serial' }, { id: 'my-m7', embedded }] },
    designSpace: {
      base: { mode: 'integer', storage: 'auto', layers: { fc3: { weightBits: 8 } } },
      axes: {
        weightBits: [2, 4, 8, null],
        activationBits: [8],
        pruneRatio: [0, 0.5],
        vdd: [null, 0.6],
        hardware: ['bit-serial', 'my-m7'],
        layers: { conv1: { weightBits: [4, 8] } },
      },
      constraints: [{ metric: 'accuracy', min: 0.9 }, { metric: 'memory.weightBytes', max: 65536 }],
    },
    strategy: { kind: 'nsga2', populationSize: 16, generations: 5, seed: 7 },
    seeds: 3,
    evaluation: { earlyStop: true, subset: 500 },
  });
  const config = deployConfigSchema.parse({ weightBits: 4, activationBits: 8, mode: 'integer' });
  const target = deployTargetSchema.parse({ hardware: 'bit-serial', vdd: 0.6, seeds: 3 });
  project.results.push({
    key: pointKey(config, target),
    config,
    target,
    metrics: { accuracy: 0.97, samples: 2000, memory: { weightBytes: 30000, bitsPerParam: 4.2 }, accuracyCI95: [0.96, 0.98] },
    evaluatedAt: '2025-01-02T03:04:05.678Z',
    modelSha256: project.model.sha256,
    datasetSha256: project.dataset.sha256,
  });
  return { project, projectPath, inputs };
}

/** The UserError a promise rejects with (any other outcome fails the test). */
export async function userErrorOf(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
