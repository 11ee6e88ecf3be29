/**
 * The HTML report: one self-contained file a colleague can open anywhere, print, or archive with
 * the study — inline CSS, charts as inline SVG, no scripts, no fonts or images fetched from
 * anywhere. It is also the source of the PDF (Chromium prints it), so its CSS is written for paper
 * first: black on white, tables that do not split rows across pages, charts that scale to the
 * page width.
 *
 * Every string that comes from the project (names, descriptions, paths, layer names, warnings,
 * profile sources) goes through `escapeHtml`: a project is a file someone sent you.
 *
 * Sections, in order: header (project, engine version, date), summary, the two Pareto charts,
 * the front points table, the knee points layer by layer, assumptions (hardware profiles with
 * every number and its source, BER curves, seeds, fault injection, calibration, constraints),
 * infeasible and stale results, and how to reproduce. The reader of the GUI may leave out the
 * optional ones (REPORT_SECTIONS); header, summary, infeasible and stale results always stay, so a
 * shortened report still says what it is about and what it left out.
 */
import { CHART_COLORS, renderReportCharts, type ReportCharts } from './charts.js';
import {
  bitsLabel,
  escapeHtml,
  formatBytes,
  formatCount,
  formatJoules,
  formatNumber,
  formatPercent,
  layerOverridesLabel,
  pointLabel,
  sig,
} from './format.js';
import { FRONT_COST, FRONT_IDS, pointByKey, type FrontId, type KneeDetail, type ReportModel, type ReportPoint } from './report-data.js';
import type { ProfileSummary } from './profile-facts.js';
import { evalCommandFor, projectCommands } from './reproduce.js';
import { REPORT_SECTIONS, type ReportSection } from '../../../src-shared/api/report-export.js';

const e = escapeHtml;

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #111; background: #fff; margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid #999; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 4px 0 8px; }
.meta { color: #444; margin-bottom: 10px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; }
pre { background: #f4f4f4; border: 1px solid #ddd; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 8.5pt; }
table.points, table.layers { font-size: 7.5pt; }
table.points td, table.points th, table.layers td, table.layers th { padding: 2px 3px; }
table.points td.num, table.points th, table.layers th { white-space: normal; }
th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.kv { width: auto; }
table.kv th { width: 13em; }
figure.chart { margin: 8px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; color: #333; margin-top: 4px; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; vertical-align: -0.1em; margin: 0 3px 0 10px; }
.swatch.square { border-radius: 0; }
.swatch.hollow { background: #fff !important; border: 1.5px solid; }
.swatch.diamond { border-radius: 0; transform: rotate(45deg) scale(0.8); }
.tag { display: inline-block; font-size: 7.5pt; padding: 0 3px; border-radius: 2px; color: #fff; margin-right: 2px; }
.tag.m { background: ${CHART_COLORS.front}; }
.tag.e { background: #6c3483; }
.tag.k { background: ${CHART_COLORS.knee}; }
.note { color: #444; font-size: 9pt; }
.warn { color: #8a4b00; }
ul { margin: 4px 0 8px; padding-left: 20px; }
.small { font-size: 8pt; }
`;

function table(headers: readonly (string | { text: string; num?: boolean })[], rows: readonly string[][], opts: { cls?: string; numeric?: readonly number[] } = {}): string {
  const numeric = new Set(opts.numeric ?? []);
  const head = headers.map((h, i) => {
    const text = typeof h === 'string' ? h : h.text;
    return `<th${numeric.has(i) ? ' class="num"' : ''}>${e(text)}</th>`;
  });
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`);
  return `<table${opts.cls ? ` class="${opts.cls}"` : ''}><thead><tr>${head.join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

function kv(rows: readonly [string, string][]): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

function shortKey(key: string): string {
  return `<code title="${e(key)}">${e(key.slice(0, 10))}</code>`;
}

/** Accuracy with its 95 % interval; in table cells the interval goes on its own line. */
function accuracyCell(p: ReportPoint, inline = false): string {
  const f = p.figures;
  if (f.accuracy === null) return '–';
  const ci = f.ciLo !== null && f.ciHi !== null ? `${inline ? ' ' : '<br>'}<span class="small">[${(100 * f.ciLo).toFixed(2)}, ${(100 * f.ciHi).toFixed(2)}]</span>` : '';
  return `${formatPercent(f.accuracy)}${ci}`;
}

function frontTags(p: ReportPoint): string {
  const tags: string[] = [];
  if (p.onFront.memory) tags.push('<span class="tag m" title="on the accuracy–memory front">M</span>');
  if (p.onFront.energy) tags.push('<span class="tag e" title="on the accuracy–energy front">E</span>');
  if (p.isKnee.memory || p.isKnee.energy) {
    const which = FRONT_IDS.filter((id) => p.isKnee[id]).join(' and ');
    tags.push(`<span class="tag k" title="knee of the ${which} front">knee</span>`);
  }
  return tags.join('');
}

function header(model: ReportModel): string {
  const p = model.project;
  const date = model.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
  const calib =
    p.calibration.kind === 'count'
      ? `the first ${formatCount(p.calibration.count)} samples of the dataset (they are also test samples)`
      : `${e(p.calibration.path)} <span class="mono small">${e(p.calibration.sha256)}</span>${p.calibration.labels ? `, labels ${e(p.calibration.labels.path)}` : ''}`;
  const ds = p.dataset;
  const preprocessing = [
    ds.format !== 'auto' ? `format ${ds.format}` : null,
    ds.layout !== 'auto' ? `layout ${ds.layout}` : null,
    ds.scale !== null ? `scale ${ds.scale}` : null,
    ds.mean ? `mean ${ds.mean.join(', ')}` : null,
    ds.std ? `std ${ds.std.join(', ')}` : null,
    ds.classCount !== null ? `${ds.classCount} classes` : null,
  ].filter((x) => x !== null);
  const rows: [string, string][] = [
    ['Project', `${e(p.name)}${p.file ? ` <span class="note">(${e(p.file)})</span>` : ''}`],
  ];
  if (p.description) rows.push(['Description', e(p.description)]);
  rows.push(
    ['Model', `${e(p.model.path)}<br><span class="mono small">sha256 ${e(p.model.sha256)}</span>`],
    ['Dataset', `${e(ds.path)}<br><span class="mono small">sha256 ${e(ds.sha256)}</span>${ds.labels ? `<br>labels ${e(ds.labels.path)} <span class="mono small">sha256 ${e(ds.labels.sha256)}</span>` : ''}`],
  );
  if (preprocessing.length > 0) rows.push(['Preprocessing', e(preprocessing.join('; '))]);
  rows.push(
    ['Calibration', calib],
    ['Test samples', p.testLimit === null ? 'all samples of the dataset' : `the first ${formatCount(p.testLimit)} samples`],
  );
  if (p.evaluation.subset !== undefined) rows.push(['Exploration subset', `${formatCount(p.evaluation.subset)} test samples while exploring${p.evaluation.earlyStop ? ', with early stopping' : ''}`]);
  rows.push(['Search strategy', e(strategyLabel(model))], ['Engine', `EdgeFront ${e(model.engineVersion)}`], ['Generated', e(date)]);
  return `<header><h1>EdgeFront report — ${e(p.name)}</h1>
<p class="meta">Generated ${e(date)} by EdgeFront ${e(model.engineVersion)}.</p>
${kv(rows)}</header>`;
}

function strategyLabel(model: ReportModel): string {
  const s = model.project.strategy;
  switch (s.kind) {
    case 'grid':
      return 'grid (every point of the design space)';
    case 'random':
      return `random, ${s.samples} samples, seed ${s.seed}`;
    case 'lhs':
      return `Latin hypercube, ${s.samples} samples, seed ${s.seed}`;
    case 'nsga2':
      return `NSGA-II, population ${s.populationSize}, ${s.generations} generations, seed ${s.seed}`;
    case 'sensitivity':
      return `per-layer sensitivity, ${s.budgetMetric} budgets ${s.budgets.join(', ')}, bit widths ${s.bitWidths.join(', ')}`;
  }
}

function costValue(id: FrontId, v: number | null): string {
  return id === 'memory' ? formatBytes(v) : formatJoules(v);
}

function summary(model: ReportModel): string {
  const c = model.counts;
  const items = [
    `${c.results} result(s) in the project: ${c.current} evaluated on the current model and dataset${c.stale > 0 ? `, ${c.stale} stale (listed at the end, not used)` : ''}.`,
    `${c.feasible} point(s) meet the constraints${c.infeasible > 0 ? `; ${c.infeasible} do not and are shown hollow in the charts, never on a front` : ''}.`,
  ];
  const rows = FRONT_IDS.map((id) => {
    const f = model.fronts[id];
    const knee = f.kneeKey ? pointByKey(model, f.kneeKey) : null;
    return [
      e(f.title),
      String(f.considered),
      String(f.keys.length),
      String(f.robustKeys.length),
      f.hypervolume === null ? '–' : sig(f.hypervolume, 5),
      f.normalizedHypervolume === null ? '–' : formatPercent(f.normalizedHypervolume, 1),
      f.reference ? `${formatPercent(f.reference.accuracy)}, ${costValue(id, f.reference.cost)}` : '–',
      knee ? `${e(pointLabel(knee.config, knee.target))}: ${formatPercent(knee.figures.accuracy)}, ${costValue(id, knee.figures[FRONT_COST[id].field])}` : '–',
    ];
  });
  return `<section id="summary"><h2>Summary</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>
${table(['Front', 'Points considered', 'On the front', 'Uncertainty-aware front', 'Hypervolume', 'Normalized', 'Reference point (accuracy, cost)', 'Knee'], rows, { numeric: [1, 2, 3, 4, 5] })}
<p class="note">${FRONT_IDS.map((id) => e(model.fronts[id].referenceNote)).join('<br>')}</p></section>`;
}

function legend(): string {
  const sw = (cls: string, color: string, text: string) => `<span class="swatch ${cls}" style="background:${color};border-color:${color}"></span>${e(text)}`;
  return [
    sw('', CHART_COLORS.front, 'Pareto front (joined by the line)'),
    sw('square', CHART_COLORS.robust, 'only on the uncertainty-aware front'),
    sw('', CHART_COLORS.point, 'dominated'),
    sw('hollow', CHART_COLORS.infeasible, 'infeasible (breaks a constraint)'),
    sw('diamond', CHART_COLORS.knee, 'knee'),
  ].join(' ');
}

function paretoFigure(model: ReportModel, id: FrontId, svg: string): string {
  const f = model.fronts[id];
  return `<figure class="chart" id="chart-pareto-${id}" data-chart="pareto-${id}">
${svg}
<figcaption><strong>${e(f.title)}.</strong> ${f.keys.length} front point(s) of ${f.considered} feasible point(s). Vertical bars: 95 % interval of the accuracy. ${legend()}</figcaption>
</figure>`;
}

function pointsTable(model: ReportModel): string {
  const headers = [
    'Front / key', 'Bits W/A', 'Quantizer / granularity', 'Prune', 'Vdd', 'Storage / hardware', 'Accuracy [95 % CI]',
    'Weight bytes', 'Bits/ param', 'Act. peak', 'Energy/ inference', 'Latency (cycles)',
  ];
  const rows = model.chosenKeys.map((k) => {
    const p = pointByKey(model, k);
    const c = p.config;
    const t = p.target;
    const f = p.figures;
    const overrides = layerOverridesLabel(c);
    return [
      `${frontTags(p)}<br>${shortKey(p.key)}`,
      `${bitsLabel(c.weightBits)}/${bitsLabel(c.activationBits)}`,
      `${e(c.weightQuantizer)} / ${e(c.granularity)}`,
      c.pruneRatio > 0 ? `${sig(100 * c.pruneRatio, 3)} % ${e(c.pruneKind)}` : '0',
      f.vdd === null ? (t.vdd === null ? 'nominal' : `${t.vdd} V`) : `${sig(f.vdd, 4)} V${t.vdd === null ? '<br><span class="small">nominal</span>' : ''}`,
      `${e(t.coding === 'none' ? t.storage : t.coding)}<br>${e(t.hardware)}` + (overrides ? `<br><span class="small">${e(overrides)}</span>` : ''),
      accuracyCell(p),
      formatBytes(f.weightBytes),
      formatNumber(f.bitsPerParam, 4),
      formatBytes(f.activationPeakBytes),
      formatJoules(f.energyJoules),
      formatCount(f.latencyCycles),
    ];
  });
  return `<section id="front-points"><h2>Front points</h2>
<p>Every point on either front (<span class="tag m">M</span> accuracy–memory, <span class="tag e">E</span> accuracy–energy), by increasing weight memory. The CSV export lists every evaluated point.</p>
${table(headers, rows, { numeric: [1, 6, 7, 8, 9, 10, 11], cls: 'points' })}</section>`;
}

function layerTable(k: KneeDetail): string {
  const headers = ['Layer', 'Op', 'Params', 'Bits', 'Quantizer', 'Sparsity', 'MACs', 'Coded bytes', 'Format', 'Entropy bits/ param', 'Energy', 'Cycles', 'Bound'];
  const rows = k.layers.map((l) => [
    e(l.name),
    e(l.op),
    formatCount(l.params),
    bitsLabel(l.bits),
    e(l.quantizer ?? '–'),
    l.sparsity === null ? '–' : formatPercent(l.sparsity, 1),
    formatCount(l.macs),
    formatBytes(l.codedBytes),
    e(l.storageFormat ?? '–'),
    formatNumber(l.entropyBitsPerParam, 3),
    formatJoules(l.energyJoules),
    formatCount(l.latencyCycles),
    e(l.bound ?? '–'),
  ]);
  return table(headers, rows, { numeric: [2, 3, 5, 6, 7, 9, 10, 11], cls: 'layers' });
}

function energyBreakdownList(k: KneeDetail): string {
  const en = k.energy;
  if (!en) return '';
  const parts = [
    en.computeJoules !== null ? `compute ${formatJoules(en.computeJoules)}` : null,
    ...Object.entries(en.memoryJoules).map(([level, j]) => `memory ${e(level)} ${formatJoules(j)}`),
    en.decoderJoules !== null ? `decoder ${formatJoules(en.decoderJoules)}` : null,
    en.leakageJoules !== null ? `leakage ${formatJoules(en.leakageJoules)}` : null,
  ].filter((x) => x !== null);
  return `<p>Energy per inference ${formatJoules(en.totalJoules)}: ${parts.join(', ')}.</p>`;
}

function kneeSection(model: ReportModel, charts: ReportCharts): string {
  if (model.knees.length === 0) return '<section id="knees"><h2>Knee points</h2><p>No front, so no knee.</p></section>';
  const blocks = model.knees.map((k) => {
    const p = pointByKey(model, k.key);
    const notes = [
      ...k.warnings.map((w) => `<li class="warn">${e(w)}</li>`),
      k.foldedBatchNorms.length > 0 ? `<li>BatchNormalization folded: ${e(k.foldedBatchNorms.join(', '))}</li>` : '',
      k.floatFallbacks.length > 0 ? `<li>Run in float in integer mode: ${e(k.floatFallbacks.join(', '))}</li>` : '',
    ].join('');
    return `<div class="knee" data-key="${e(k.key)}"><h3>Knee of the ${e(k.fronts.join(' and '))} front: ${e(pointLabel(p.config, p.target))}</h3>
<p>Accuracy ${accuracyCell(p, true)}, weights ${formatBytes(p.figures.weightBytes)} (${formatNumber(p.figures.bitsPerParam, 4)} bits/param), energy ${formatJoules(p.figures.energyJoules)} per inference, ${formatCount(p.figures.latencyCycles)} cycles. Key ${shortKey(p.key)}.</p>
${energyBreakdownList(k)}
${notes ? `<ul>${notes}</ul>` : ''}
${k.layers.length > 0 ? layerTable(k) : '<p class="note">The result has no per-layer figures.</p>'}</div>`;
  });
  const figs = [
    charts.layerEnergy ? `<figure class="chart" id="chart-layer-energy" data-chart="layer-energy">${charts.layerEnergy}<figcaption><strong>Energy per inference by layer</strong> of the knee point(s).</figcaption></figure>` : '',
    charts.layerBytes ? `<figure class="chart" id="chart-layer-bytes" data-chart="layer-bytes">${charts.layerBytes}<figcaption><strong>Stored weight bytes by layer</strong> of the knee point(s).</figcaption></figure>` : '',
  ].join('\n');
  return `<section id="knees"><h2>Knee points, layer by layer</h2>
<p>The knee is the front point farthest from the line through the front's two extremes, after scaling both objectives to [0, 1] (Das 1999; Kneedle): where giving up a little of one objective stops buying much of the other.</p>
${figs}
${blocks.join('\n')}</section>`;
}

function profileBlock(p: ProfileSummary): string {
  if (p.origin === 'missing') {
    return `<h3>Hardware profile ${e(p.id)}</h3><p class="warn">Could not be read: ${e(p.problem ?? 'unknown problem')} (${p.points} point(s) use it).</p>`;
  }
  const origin = p.origin === 'embedded' ? 'embedded in the project (edited)' : 'built in (assets/hardware)';
  const facts = table(
    ['Field', 'Value', 'Source'],
    p.facts.map((f) => [`<code>${e(f.field)}</code>`, e(sig(f.value, 6)), e(f.source)]),
    { numeric: [1] },
  );
  const settings = p.settings.map((s) => `<code>${e(s.field)}</code> = ${e(s.value)}`).join('; ');
  return `<div class="profile" data-profile="${e(p.id)}"><h3>Hardware profile ${e(p.name ?? p.id)} <span class="note">(${e(p.id)}, ${e(p.kind ?? '')}, ${origin}; ${p.points} point(s))</span></h3>
${p.description ? `<p>${e(p.description)}</p>` : ''}
<p><strong>Bit-error-rate curve of the voltage-scaled SRAM:</strong> ${p.berCurve ? e(p.berCurve) : 'none: the profile has no voltage model, so its memories never fail.'}</p>
<p class="small"><strong>Model choices:</strong> ${settings}</p>
${facts}</div>`;
}

function assumptionsSection(model: ReportModel): string {
  const a = model.assumptions;
  const p = model.project;
  const constraints =
    p.constraints.length === 0
      ? '<p>No constraints: every evaluated point is feasible.</p>'
      : `<ul>${p.constraints.map((c) => `<li><code>${e(c.metric)}</code>${c.min !== undefined ? ` ≥ ${e(String(c.min))}` : ''}${c.min !== undefined && c.max !== undefined ? ' and' : ''}${c.max !== undefined ? ` ≤ ${e(String(c.max))}` : ''}</li>`).join('')}</ul>`;
  const faults = table(
    ['Fault mode', 'Persistence', 'Protected MSBs', 'Points'],
    a.faultSettings.map((f) => [e(f.mode), e(f.persistence), String(f.protectMsb), String(f.points)]),
    { numeric: [2, 3] },
  );
  const voltages = table(
    ['Hardware', 'Vdd', 'Bit-error rate', 'Extrapolated', 'Points'],
    a.voltages.map((v) => [e(v.hardware), v.vdd === null ? '–' : `${sig(v.vdd, 4)} V`, v.ber === null ? '–' : v.ber === 0 ? '0' : v.ber.toExponential(2), v.berExtrapolated === null ? '–' : v.berExtrapolated ? 'yes' : 'no', String(v.points)]),
    { numeric: [1, 2, 4] },
  );
  const calib =
    a.calibrations.length === 0
      ? ''
      : `<h3>Calibration</h3>${table(['Source', 'Samples', 'Method', 'Points'], a.calibrations.map((c) => [e(c.source), formatCount(c.samples), e(c.method), String(c.points)]), { numeric: [1, 3] })}`;
  const warnings = a.warnings.length === 0 ? '' : `<h3>Warnings of the evaluations</h3><ul>${a.warnings.map((w) => `<li class="warn">${e(w)}</li>`).join('')}</ul>`;
  return `<section id="assumptions"><h2>Assumptions</h2>
<h3>Statistics and search</h3>
<ul>
<li>Monte-Carlo fault draws per point: ${p.seeds} in the project (seeds 1…${p.seeds}); points evaluated with ${a.seeds.used.length > 0 ? e(a.seeds.used.join(', ')) : '–'}. Draws only matter at voltages with bit errors.</li>
<li>Search strategy: ${e(strategyLabel(model))}.</li>
<li>${e(a.uncertainty)}</li>
<li>${e(a.hypervolume)}</li>
</ul>
<h3>Constraints</h3>${constraints}
<h3>Fault injection</h3>${faults}
<h3>Supply voltages and bit-error rates</h3>${voltages}
${calib}
${warnings}
${a.profiles.map(profileBlock).join('\n')}
</section>`;
}

function infeasibleSection(model: ReportModel): string {
  const infeasible = model.points.filter((p) => !p.feasible);
  if (infeasible.length === 0) return '';
  const rows = infeasible.map((p) => [shortKey(p.key), e(pointLabel(p.config, p.target)), accuracyCell(p, true), e(p.violations.join('; '))]);
  return `<section id="infeasible"><h2>Infeasible points</h2><p>Evaluated, but breaking a constraint of the design space, so never on a front.</p>
${table(['Key', 'Design point', 'Accuracy', 'Why'], rows)}</section>`;
}

function staleSection(model: ReportModel): string {
  if (model.stale.length === 0) return '<section id="stale"><h2>Stale results</h2><p>None: every result was evaluated on the current model and dataset.</p></section>';
  const rows = model.stale.map((s) => [shortKey(s.key), e(pointLabel(s.config, s.target)), e(s.evaluatedAt), formatPercent(s.accuracy), e(s.reasons.join('; '))]);
  return `<section id="stale"><h2>Stale results</h2>
<p>${model.stale.length} result(s) were evaluated on other input files than the project's current ones. They are neither plotted nor on any front; rerun the sweep to evaluate them again.</p>
${table(['Key', 'Design point', 'Evaluated', 'Accuracy then', 'Why stale'], rows)}</section>`;
}

function reproduceSection(model: ReportModel): string {
  const cmds = projectCommands(model);
  const embedded = model.assumptions.profiles.filter((p) => p.origin === 'embedded').map((p) => p.id);
  const evals = model.knees.map((k) => {
    const p = pointByKey(model, k.key);
    const cmd = evalCommandFor(model, p.config, p.target, embedded);
    const layer = cmd.layerConfig ? `<p>Save the per-layer settings as <code>${e(cmd.layerConfig.file)}</code>:</p><pre>${e(cmd.layerConfig.json)}</pre>` : '';
    return `<h3>The knee of the ${e(k.fronts.join(' and '))} front alone</h3>
<pre class="eval-command">${e(cmd.command)}</pre>${layer}
<ul class="note">${cmd.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>`;
  });
  return `<section id="reproduce"><h2>How to reproduce</h2>
<p>With the project file and its model and dataset (checked by sha256 on load) in place:</p>
<pre class="command">${e(cmds.sweep)}
${e(cmds.report)}</pre>
<p>The sweep evaluates only the points not yet in the project; results are reproducible bit for bit for the same inputs, settings and seeds.</p>
${evals.join('\n')}</section>`;
}

/** Every optional section: the CLI's report. */
export const ALL_REPORT_SECTIONS: ReadonlySet<ReportSection> = new Set(REPORT_SECTIONS);

function omittedNote(sections: ReadonlySet<ReportSection>): string {
  const names: Record<ReportSection, string> = {
    charts: 'the Pareto charts',
    'front-table': 'the front points table',
    layers: 'the knee points layer by layer',
    assumptions: 'the assumptions',
    reproduce: 'how to reproduce',
  };
  const left = REPORT_SECTIONS.filter((s) => !sections.has(s)).map((s) => names[s]);
  return left.length === 0 ? '' : `<p class="note" id="omitted">This report leaves out ${e(left.join(', '))}; export it again with every section to see them.</p>`;
}

/**
 * The report as one HTML document. `charts` may be passed when already rendered (only used with
 * the charts or layers section); `sections` defaults to every one.
 */
export function renderHtmlReport(model: ReportModel, charts?: ReportCharts, sections: ReadonlySet<ReportSection> = ALL_REPORT_SECTIONS): string {
  const needsCharts = sections.has('charts') || sections.has('layers');
  const drawn = needsCharts ? (charts ?? renderReportCharts(model)) : null;
  const title = `EdgeFront report — ${model.project.name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="EdgeFront ${e(model.engineVersion)}">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
${header(model)}
${omittedNote(sections)}
${summary(model)}
${
  drawn && sections.has('charts')
    ? `<section id="pareto"><h2>Pareto fronts</h2>
${paretoFigure(model, 'memory', drawn.pareto.memory)}
${paretoFigure(model, 'energy', drawn.pareto.energy)}
</section>`
    : ''
}
${sections.has('front-table') ? pointsTable(model) : ''}
${drawn && sections.has('layers') ? kneeSection(model, drawn) : ''}
${sections.has('assumptions') ? assumptionsSection(model) : ''}
${infeasibleSection(model)}
${staleSection(model)}
${sections.has('reproduce') ? reproduceSection(model) : ''}
</body>
</html>
`;
}
