/**
 * The `new-project` app command (File → New Project, a dropped .onnx file): shows the Start view
 * and asks its New project form to take focus, with the model path filled in when the command
 * carries an ONNX file. The form watches `newProjectRequest`; each request has a new `seq`, so
 * asking twice focuses twice.
 */
import { ref } from 'vue';
import { useNavigation } from '../../composables/useNavigation.js';

export interface NewProjectRequest {
  readonly seq: number;
  readonly modelPath: string | null;
}

export const newProjectRequest = ref<NewProjectRequest | null>(null);
let consumedSeq = 0;

/** The request not yet acted on, once: coming back to Start later must not move the focus again. */
export function consumeNewProjectRequest(): NewProjectRequest | null {
  const r = newProjectRequest.value;
  if (!r || r.seq <= consumedSeq) return null;
  consumedSeq = r.seq;
  return r;
}

export function requestNewProject(path?: string): void {
  const modelPath = path !== undefined && path.toLowerCase().endsWith('.onnx') ? path : null;
  newProjectRequest.value = { seq: (newProjectRequest.value?.seq ?? 0) + 1, modelPath };
  useNavigation().go('start');
}
