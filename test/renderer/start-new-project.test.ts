// @vitest-environment happy-dom
/**
 * The Start view's Recent projects card and New project form: missing files marked and not
 * openable, removal, a one-time notice; the form's own checks and the backend's refusal shown
 * under the field it concerns; the new-project command focusing the form with the model filled in.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecentProject } from '../../src-shared/api/start-requests.js';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { requestNewProject } from '../../src-renderer/src/components/start/new-project-request.js';
import { useNavigation } from '../../src-renderer/src/composables/useNavigation.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import StartView from '../../src-renderer/src/views/StartView.vue';
import { fakeApi, projectView, type FakeApi } from './fake-api.js';

beforeEach(() => {
  setActivePinia(createPinia());
});

async function mountStart(api: FakeApi) {
  provideApi(api);
  await useProjectStore().load();
  const wrapper = mount(StartView, { attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const entry = (name: string, exists: boolean): RecentProject => ({ path: `/studies/${name}.edgefront`, name, openedAt: '2026-11-24T10:00:00.000Z', exists });

describe('Recent projects', () => {
  it('lists projects, marks a missing one and does not open it, and removes on request', async () => {
    let list = [entry('lenet', true), entry('gone', false)];
    const opened: string[] = [];
    const w = await mountStart(
      fakeApi({
        listRecentProjects: async () => ({ projects: list, notice: 'The recent projects list /c/recent-projects.json was corrupt, so the list starts empty.' }),
        forgetRecentProject: async ({ path }) => {
          list = list.filter((e) => e.path !== path);
          return { projects: list, notice: null };
        },
        openProject: async ({ path }) => {
          opened.push(path);
          return projectView({ path, name: 'lenet' });
        },
      }),
    );
    const items = w.findAll('ul.recent li');
    expect(items).toHaveLength(2);
    expect(items[1].text()).toContain('File not found');
    expect(items[1].find('button.open').attributes('disabled')).toBeDefined();
    expect(items[1].find('button.open').attributes('title')).toContain('not there any more');
    expect(w.text()).toContain('was corrupt');
    await items[0].find('button.open').trigger('click');
    await flushPromises();
    expect(opened).toEqual(['/studies/lenet.edgefront']);
    await items[1].find('button.remove').trigger('click');
    await flushPromises();
    expect(w.findAll('ul.recent li')).toHaveLength(1);
    w.unmount();
  });
});

describe('New project form', () => {
  it('checks empty fields and the extensions itself, without calling the backend', async () => {
    let calls = 0;
    const w = await mountStart(
      fakeApi({
        createNewProject: async () => {
          calls++;
          return projectView();
        },
      }),
    );
    await w.find('#new-modelPath').setValue('/m/model.pt');
    await w.find('#new-projectPath').setValue('/s/study.json');
    await w.find('form.new-project').trigger('submit');
    await flushPromises();
    expect(calls).toBe(0);
    expect(w.find('#new-modelPath-note').text()).toContain('ends in .onnx');
    expect(w.find('#new-datasetPath-note').text()).toContain('Give the path of the dataset');
    expect(w.find('#new-projectPath-note').text()).toContain('must end in .edgefront');
    expect(w.find('#new-modelPath').attributes('aria-invalid')).toBe('true');
    w.unmount();
  });

  it("shows the backend's refusal under the field it concerns, then the project once created", async () => {
    let refuse = true;
    const requests: unknown[] = [];
    const w = await mountStart(
      fakeApi({
        createNewProject: async (request) => {
          requests.push(request);
          if (refuse) {
            throw new UserError('dataset-shape', "The dataset '/d/cifar.npz' has samples of shape [3, 32, 32] (3×32×32), but the model input 'x' expects [1, 28, 28].", {
              field: 'datasetPath',
            });
          }
          return projectView({ name: 'fresh study', path: '/s/fresh.edgefront' });
        },
      }),
    );
    await w.find('#new-modelPath').setValue('/m/lenet.onnx');
    await w.find('#new-datasetPath').setValue('/d/cifar.npz');
    await w.find('#new-projectPath').setValue('/s/fresh.edgefront');
    await w.find('form.new-project').trigger('submit');
    await flushPromises();
    expect(requests[0]).toEqual({ modelPath: '/m/lenet.onnx', datasetPath: '/d/cifar.npz', projectPath: '/s/fresh.edgefront' });
    const note = w.find('#new-datasetPath-note');
    expect(note.text()).toContain('3×32×32');
    expect(note.attributes('role')).toBe('alert');
    expect(w.find('#new-modelPath-note').attributes('role')).toBeUndefined();
    refuse = false;
    await w.find('form.new-project').trigger('submit');
    await flushPromises();
    expect(w.find('#current-title').text()).toBe('fresh study');
    expect(w.find('#new-datasetPath-note').attributes('role')).toBeUndefined();
    w.unmount();
  });

  it('the new-project command shows Start, focuses the form and fills in an ONNX path', async () => {
    const w = await mountStart(fakeApi());
    useNavigation().go('model');
    requestNewProject('/models/resnet.onnx');
    await flushPromises();
    expect(useNavigation().current.value).toBe('start');
    expect((w.find('#new-modelPath').element as HTMLInputElement).value).toBe('/models/resnet.onnx');
    expect(document.activeElement?.id).toBe('new-modelPath');
    // A path that is not a model only focuses.
    requestNewProject('/data/x.npz');
    await flushPromises();
    expect((w.find('#new-modelPath').element as HTMLInputElement).value).toBe('/models/resnet.onnx');
    w.unmount();
  });
});
