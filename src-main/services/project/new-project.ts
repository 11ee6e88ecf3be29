/**
 * A new project from the GUI's New project form: every input is checked BEFORE anything is
 * written — the model is an ONNX file the engine can run with one input, the dataset's samples
 * have the shape that input takes and its labels are classes the model predicts — and then the
 * project file is written atomically, never over an existing file. Each failure is a UserError
 * naming the file, saying what to do, and carrying the form field it belongs to
 * (`details.field`), so the form can show it beside that field.
 */
import { stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { EdgeFrontError, UserError } from '../../../src-shared/errors.js';
import { checkDatasetFitsModel, loadDataset } from '../../../workers/data/dataset.js';
import { buildIr } from '../../../workers/engine/ir/build-ir.js';
import { summarizeModel } from '../../../workers/engine/model-summary.js';
import { readOnnxModelFile } from '../../../workers/engine/onnx/read-model.js';
import { createProject } from './create-project.js';
import { saveProject } from './project-store.js';

export const NEW_PROJECT_FIELDS = ['projectPath', 'modelPath', 'datasetPath', 'labelsPath'] as const;
export type NewProjectField = (typeof NEW_PROJECT_FIELDS)[number];

export interface NewProjectInput {
  readonly projectPath: string;
  readonly modelPath: string;
  readonly datasetPath: string;
  /** Labels file; IDX datasets find their MNIST-named sibling without it. */
  readonly labelsPath?: string;
  /** Default: the project file's name without `.edgefront`. */
  readonly name?: string;
  /** Evaluate on the first N test samples only. */
  readonly testLimit?: number;
}

/** Samples read to check the dataset against the model: enough to see every class of a usual test set. */
const CHECK_SAMPLES = 2000;

function fieldError(field: NewProjectField, code: string, message: string, details: Record<string, unknown> = {}): UserError {
  return new UserError(code, message, { ...details, field });
}

/** Re-throws an engine or reader error as the same error tagged with the form field it belongs to. */
function tagged(field: NewProjectField, err: unknown, fallback: string): UserError {
  if (err instanceof EdgeFrontError && err.name === 'UserError') return fieldError(field, err.code, err.message, err.details);
  return fieldError(field, 'new-project-input', `${fallback} (${err instanceof Error ? err.message : String(err)}).`);
}

async function checkProjectPath(projectPath: string): Promise<void> {
  if (extname(projectPath) !== '.edgefront') {
    throw fieldError('projectPath', 'new-project-extension', `The project file ${projectPath} must end in .edgefront; add the extension.`, { file: projectPath });
  }
  if (await stat(projectPath).then(() => true, () => false)) {
    throw fieldError('projectPath', 'new-project-exists', `${projectPath} already exists, and a new project never replaces a file. Choose another name, or open that project.`, { file: projectPath });
  }
  const dir = await stat(dirname(projectPath)).catch(() => null);
  if (!dir?.isDirectory()) {
    throw fieldError('projectPath', 'new-project-folder', `The folder ${dirname(projectPath)} does not exist. Create it first, or save the project elsewhere.`, { file: projectPath });
  }
}

/** The model's single input and its class count (last dimension of the first output). */
async function checkModel(modelPath: string) {
  let graph;
  let summary;
  try {
    graph = buildIr(await readOnnxModelFile(modelPath));
    summary = summarizeModel(graph);
  } catch (err) {
    throw tagged('modelPath', err, `The model file ${modelPath} could not be read as an ONNX model EdgeFront can run; export it again (docs/onnx-import.md)`);
  }
  if (graph.inputs.length !== 1) {
    throw fieldError(
      'modelPath',
      'model-inputs',
      `The model ${modelPath} has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}); a project evaluates on a labelled dataset and needs a model with exactly one input.`,
      { file: modelPath },
    );
  }
  const output = summary.outputs[0];
  const classes = output?.dims.at(-1) ?? 0;
  return { input: graph.inputs[0], classes, outputName: output?.name ?? '?' };
}

async function checkDataset(input: NewProjectInput, model: Awaited<ReturnType<typeof checkModel>>): Promise<void> {
  const sampleDims = (model.input.dims ?? []).slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const field: NewProjectField = 'datasetPath';
  let data;
  try {
    data = await loadDataset({ path: input.datasetPath, labelsPath: input.labelsPath, limit: CHECK_SAMPLES }, { dims: sampleDims });
    checkDatasetFitsModel(data, model.input.name, model.input.dims ?? []);
  } catch (err) {
    const onLabels = err instanceof EdgeFrontError && input.labelsPath !== undefined && err.details?.file === input.labelsPath;
    throw tagged(onLabels ? 'labelsPath' : field, err, `The dataset ${input.datasetPath} could not be read`);
  }
  if (model.classes > 0 && data.classCount > model.classes) {
    throw fieldError(
      field,
      'dataset-classes',
      `The dataset ${input.datasetPath} has labels up to ${data.classCount - 1}, but the model ${input.modelPath} predicts ${model.classes} classes (output '${model.outputName}'). Use the dataset the model was trained for, or a model with ${data.classCount} outputs.`,
      { file: input.datasetPath, datasetClasses: data.classCount, modelClasses: model.classes },
    );
  }
}

/** Checks every input, then writes the project; resolves with its absolute path. Nothing is written on error. */
export async function createNewProjectFile(request: NewProjectInput): Promise<string> {
  const input: NewProjectInput = {
    ...request,
    projectPath: resolve(request.projectPath),
    modelPath: resolve(request.modelPath),
    datasetPath: resolve(request.datasetPath),
    labelsPath: request.labelsPath !== undefined ? resolve(request.labelsPath) : undefined,
  };
  await checkProjectPath(input.projectPath);
  const model = await checkModel(input.modelPath);
  await checkDataset(input, model);
  const project = await createProject({
    projectPath: input.projectPath,
    modelPath: input.modelPath,
    datasetPath: input.datasetPath,
    labelsPath: input.labelsPath,
    name: input.name,
    testLimit: input.testLimit,
  });
  // Checked again just before the write: the checks above took a moment.
  await checkProjectPath(input.projectPath);
  await saveProject(input.projectPath, project);
  return input.projectPath;
}
