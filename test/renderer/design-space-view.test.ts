// @vitest-environment happy-dom
/** The Design space view: empty state, axis chips, the live count, problems beside their field, Save. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DesignPreview, PreviewDesignRequest, UpdateProjectRequest } from '../../src-shared/api/project-edit.js';
import type { DesignSpace } from '../../src-shared/design-space.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { PREVIEW_DELAY_MS } from '../../src-renderer/src/stores/draftStore.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import DesignSpaceView from '../../src-renderer/src/views/DesignSpaceView.vue';
import { fakeApi, projectView } from './fake-api.js';
import { hardwareFixture } from './hardware-fixture.js';

beforeEach(() => {
  setActivePinia(createPinia());
});

const wait = () => new Promise((r) => setTimeout(r, PREVIEW_DELAY_MS + 30));

/** A preview that counts the grid like the backend and refuses a repeated value the way the schema does. */
function countingPreview(request: PreviewDesignRequest): DesignPreview {
  const space = request.designSpace as DesignSpace;
  const axes = Object.entries(space.axes).filter(([k]) => k !== 'layers') as [string, unknown[]][];
  const repeated = axes.find(([, v]) => new Set(v.map((x) => JSON.stringify(x))).size !== v.length);
  if (repeated) {
    return { valid: false, issues: [{ field: `designSpace.axes.${repeated[0]}[1]`, message: 'the value is listed twice' }], gridPoints: null, points: null, pointsExact: false, pointsNote: null, cached: null, testSamples: null, estimate: { seconds: null, basis: 'No estimate: fix the fields marked first.' } };
  }
  const points = axes.reduce((n, [, v]) => n * v.length, 1);
  return { valid: true, issues: [], gridPoints: points, points, pointsExact: true, pointsNote: 'every point of the grid', cached: 0, testSamples: 300, estimate: { seconds: 12 * points, basis: `${points} points × 12 s ÷ 1 worker` } };
}

async function mountDesign(overrides: Parameters<typeof fakeApi>[0] = {}, open = true) {
  const updates: UpdateProjectRequest[] = [];
  provideApi(
    fakeApi({
      getProject: async () => (open ? projectView({ designSpace: { base: { coding: 'rans' }, axes: { layers: {}, weightBits: [4, 8] }, constraints: [] }, gridPoints: 2 }) : null),
      previewDesign: async (r) => countingPreview(r),
      updateProject: async (r) => {
        updates.push(r);
        return projectView({ designSpace: r.designSpace as DesignSpace });
      },
      listHardwareProfiles: async () => hardwareFixture(),
      getModelSummary: async () => ({ modelPath: '/tmp/p/model.onnx', producer: 't', opset: 13, inputs: [], outputs: [], layers: [{ name: '/fc/Gemm', op: 'Gemm', inputShapes: [], outputShapes: [], params: 650, macs: 640 }], totalParams: 650, totalMacs: 640, activationBytesFloat: 0 }),
      ...overrides,
    }),
  );
  await useProjectStore().load();
  const wrapper = mount(DesignSpaceView);
  await flushPromises();
  await wait();
  await flushPromises();
  return { wrapper, updates };
}

describe('Design space view', () => {
  it('says what to do when no project is open', async () => {
    const { wrapper } = await mountDesign({}, false);
    expect(wrapper.text()).toContain('No project is open');
    expect(wrapper.find('button.primary').text()).toBe('Go to Start');
  });

  it('adds a value to an axis, shows the new count, and saves the draft', async () => {
    const { wrapper, updates } = await mountDesign();
    expect(wrapper.find('[data-figure="points"]').text()).toBe('2');
    const axis = wrapper.find('[data-axis="weightBits"]');
    expect(axis.findAll('.chip').map((c) => c.text().replace('×', '').trim())).toEqual(['4', '8']);
    await axis.find('input').setValue('2');
    await axis.find('input').trigger('keydown', { key: 'Enter' });
    expect(axis.findAll('.chip').map((c) => c.text().replace('×', '').trim())).toEqual(['2', '4', '8']);
    expect(wrapper.text()).toContain('Unsaved changes');
    await wait();
    await flushPromises();
    expect(wrapper.find('[data-figure="points"]').text()).toBe('3');
    expect(wrapper.find('[data-figure="estimate"]').text()).toBe('≈ 36 s');

    const save = wrapper.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save.attributes('disabled')).toBeUndefined();
    await save.trigger('click');
    await flushPromises();
    expect(updates).toHaveLength(1);
    expect(updates[0].designSpace?.axes?.weightBits).toEqual([2, 4, 8]);
    expect(wrapper.text()).toContain('Saved');
  });

  it('refuses what is not a value or is there already, and toggles choices', async () => {
    const { wrapper } = await mountDesign();
    const bits = wrapper.find('[data-axis="weightBits"]');
    await bits.find('input').setValue('four');
    await bits.find('input').trigger('keydown', { key: 'Enter' });
    expect(bits.text()).toContain('"four" is not a number or "float".');
    await bits.find('input').setValue('8');
    await bits.find('input').trigger('keydown', { key: 'Enter' });
    expect(bits.text()).toContain('8 is already on this axis.');

    // A choice axis: toggling "huffman" and "rans" makes a coding axis of two values.
    const coding = wrapper.find('[data-axis="coding"]');
    expect(coding.text()).toContain('No axis: every point uses rans (the base setting).');
    for (const label of coding.findAll('label.chip').filter((l) => ['huffman', 'rans'].includes(l.text()))) await label.find('input').setValue(true);
    await wait();
    await flushPromises();
    expect(wrapper.find('[data-figure="points"]').text()).toBe('4');

    // "nominal" is the null of the supply axis; a value is compared once trimmed.
    const vdd = wrapper.find('[data-axis="vdd"]');
    for (const v of ['nominal', '0.7', '0.7 ']) {
      await vdd.find('input').setValue(v);
      await vdd.find('input').trigger('keydown', { key: 'Enter' });
    }
    expect(vdd.text()).toContain('0.7 is already on this axis.');
    expect(vdd.findAll('.chip').map((c) => c.text().replace('×', '').trim())).toEqual(['nominal', '0.7']);
  });

  it('marks the field the preview names as invalid', async () => {
    const { wrapper } = await mountDesign({
      getProject: async () => projectView({ designSpace: { base: {}, axes: { layers: {}, pruneRatio: [0.5, 0.5] }, constraints: [] } }),
    });
    const prune = wrapper.find('[data-axis="pruneRatio"]');
    expect(prune.attributes('aria-invalid')).toBe('true');
    expect(prune.text()).toContain('designSpace.axes.pruneRatio[1]: the value is listed twice');
    expect(wrapper.find('[data-figure="points"]').text()).toBe('—');
    expect(wrapper.text()).toContain('1 problem in the draft');
  });

  it('adds per-layer axes for a weight layer of the model, constraints and a strategy', async () => {
    const { wrapper } = await mountDesign();
    const addLayer = wrapper.findAll('button').find((b) => b.text() === 'Add layer axes')!;
    await addLayer.trigger('click');
    expect(wrapper.find('[data-layer="/fc/Gemm"]').exists()).toBe(true);
    await wrapper.findAll('button').find((b) => b.text() === 'Add a constraint')!.trigger('click');
    expect(wrapper.find('[data-constraint="0"]').exists()).toBe(true);
    const kind = wrapper.findAll('select').find((s) => s.findAll('option').some((o) => o.text() === 'NSGA-II'))!;
    await kind.setValue('nsga2');
    expect(wrapper.text()).toContain('Population');
    expect(wrapper.text()).toContain('Generations');
  });
});
