/**
 * Writes assets/examples/fashion-mnist.edgefront, the bundled demo project (the GUI's embedded
 * default and `npm run demo`'s study): the demo residual CNN on the Fashion-MNIST test split, the
 * issue's 24-point grid (weight bits {2,3,4,8} × activation bits {4,8} × pruning {0, 0.5, 0.8}),
 * integer mode, rANS-coded weights on the bit-serial profile. Rerun after changing a demo asset:
 *   npx esbuild --bundle --platform=node --format=esm --packages=external scripts/make-demo-project.ts --outfile=dist/make-demo.mjs && node dist/make-demo.mjs
 */
import { fileURLToPath } from 'node:url';
import { createProject, saveProject } from '../src-main/services/project/project-store.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const projectPath = `${root}assets/examples/fashion-mnist.edgefront`;
const data = `${root}assets/datasets/fashion-mnist/`;

const project = await createProject({
  projectPath,
  name: 'fashion-mnist demo',
  description:
    'The bundled residual CNN on Fashion-MNIST: weight bits x activation bits x pruning, integer mode, rANS-coded weights on the bit-serial accelerator profile.',
  modelPath: `${root}assets/models/fmnist-rescnn.onnx`,
  datasetPath: `${data}test-images-idx3-ubyte.gz`,
  labelsPath: `${data}test-labels-idx1-ubyte.gz`,
  calibrationPath: `${data}calib-images-idx3-ubyte.gz`,
  calibrationLabelsPath: `${data}calib-labels-idx1-ubyte.gz`,
  designSpace: {
    base: { mode: 'integer', coding: 'rans', hardware: 'bit-serial' },
    axes: { weightBits: [2, 3, 4, 8], activationBits: [4, 8], pruneRatio: [0, 0.5, 0.8] },
  },
  strategy: { kind: 'grid' },
});
await saveProject(projectPath, project);
console.log(`wrote ${projectPath}`);
