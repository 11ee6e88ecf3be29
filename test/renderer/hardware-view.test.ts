// @vitest-environment happy-dom
/** The Hardware view: the profiles and which the project uses, the charts' data, editing a number with its source. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UpdateProjectRequest } from '../../src-shared/api/project-edit.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { useDraftStore } from '../../src-renderer/src/stores/draftStore.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import HardwareView from '../../src-renderer/src/views/HardwareView.vue';
import { fakeApi, projectView } from './fake-api.js';
import { hardwareFixture } from './hardware-fixture.js';

beforeEach(() => {
  setActivePinia(createPinia());
});

async function mountHardware(open = true) {
  const updates: UpdateProjectRequest[] = [];
  provideApi(
    fakeApi({
      getProject: async () => (open ? projectView() : null),
      previewDesign: async () => Promise.reject(new Error('not needed')),
      listHardwareProfiles: async () => hardwareFixture(),
      updateProject: async (r) => {
        updates.push(r);
        return projectView();
      },
    }),
  );
  await useProjectStore().load();
  // ECharts needs a real canvas; the options are tested on their own (hardware-chart-options.test.ts).
  const wrapper = mount(HardwareView, { global: { stubs: { ChartCanvas: true } } });
  await flushPromises();
  return { wrapper, updates };
}

describe('Hardware view', () => {
  it('says what to do when no project is open', async () => {
    const { wrapper } = await mountHardware(false);
    expect(wrapper.text()).toContain('No project is open');
  });

  it('lists the profiles, selects the one the project uses, and charts its BER curve', async () => {
    const { wrapper } = await mountHardware();
    expect(wrapper.findAll('[data-profile]').map((p) => p.attributes('data-profile'))).toEqual(['cortex-m7', 'eyeriss-int8', 'bit-serial', 'xnor-binary']);
    const used = wrapper.find('[data-profile="bit-serial"]');
    expect(used.text()).toContain('used by the project');
    expect((used.find('input').element as HTMLInputElement).checked).toBe(true);
    expect(Number(wrapper.find('figure.ber').attributes('data-ber-points'))).toBeGreaterThan(50);
    expect(wrapper.text()).toContain('Bit Fusion-style');
    // A profile without a voltage model says so instead of an empty chart.
    await wrapper.find('[data-profile="cortex-m7"] input').setValue(true);
    expect(wrapper.text()).toContain('no SRAM voltage model');
  });

  it('edits a number into an embedded copy, names a missing source, and saves it into the project', async () => {
    const { wrapper, updates } = await mountHardware();
    const row = wrapper.find('tr[data-field="clockHz"]');
    expect(row.exists()).toBe(true);
    const value = row.findAll('input')[0];
    await value.setValue('250000000');
    await value.trigger('change');
    expect(wrapper.text()).toContain('Unsaved changes');
    expect(wrapper.text()).toContain('edited copy, embedded in the project');
    expect(wrapper.text()).toContain('The charts show the saved profile');

    await wrapper.find('tr[data-field="clockHz"]').findAll('input')[1].setValue('');
    await wrapper.find('tr[data-field="clockHz"]').findAll('input')[1].trigger('change');
    expect(wrapper.find('tr[data-field="clockHz"]').text()).toContain('clockHz.source');
    const save = () => wrapper.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save().attributes('disabled')).toBeDefined();
    expect(save().attributes('title')).toContain('hardware profile numbers');

    await wrapper.find('tr[data-field="clockHz"]').findAll('input')[1].setValue('assumption: a slower clock');
    await wrapper.find('tr[data-field="clockHz"]').findAll('input')[1].trigger('change');
    expect(save().attributes('disabled')).toBeUndefined();
    await save().trigger('click');
    await flushPromises();
    expect(updates).toHaveLength(1);
    expect(updates[0].hardware?.profiles?.[0]).toMatchObject({ id: 'bit-serial', embedded: { clockHz: { value: 250e6, source: 'assumption: a slower clock' } } });
    expect(useDraftStore().dirty).toBe(false);
  });
});
