// @vitest-environment happy-dom
/** The Start view: recent projects, the New project form with per-field errors, an unavailable demo disabled with its reason, errors. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import StartView from '../../src-renderer/src/views/StartView.vue';
import { fakeApi, projectView } from './fake-api.js';

beforeEach(() => {
  setActivePinia(createPinia());
});

async function mountStart(api = fakeApi()) {
  provideApi(api);
  await useProjectStore().load();
  const wrapper = mount(StartView);
  await flushPromises();
  return wrapper;
}

describe('Start view', () => {
  it('offers the demo and says when no project was opened yet', async () => {
    const w = await mountStart();
    const demo = w.findAll('button').find((b) => b.text() === 'Open the demo')!;
    expect(demo.attributes('disabled')).toBeUndefined();
    expect(w.text()).toContain('Recent projects');
    expect(w.text()).toContain('No projects opened yet');
    expect(w.text()).not.toContain('Not built yet');
  });

  it('disables the demo with a reason when the installation lacks it', async () => {
    const w = await mountStart(fakeApi({ getAppInfo: async () => ({ version: '0', transport: 'browser', demoAvailable: false, demoPath: '/x', workers: 1 }) }));
    const demo = w.findAll('button').find((b) => b.text() === 'Open the demo')!;
    expect(demo.attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('The bundled demo project is missing from this installation.');
  });

  it('shows why a path could not be opened, then the project once one opens', async () => {
    let ok = false;
    const w = await mountStart(
      fakeApi({
        openProject: async ({ path }) => {
          if (!ok) throw new UserError('project-read', `The project file ${path} does not exist. Check the path.`);
          return projectView({ name: 'lenet study', path, missingInputs: ['The model m.onnx of the project is missing.'] });
        },
      }),
    );
    await w.find('#project-path').setValue('/nope.edgefront');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[role="alert"]').text()).toContain('/nope.edgefront does not exist');
    expect(w.text()).toContain('project-read');
    ok = true;
    await w.find('#project-path').setValue('/study.edgefront');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.text()).toContain('lenet study');
    expect(w.find('ul.problems').text()).toContain('m.onnx of the project is missing');
  });
});
