/**
 * Reports of a project: the model (fronts, knees, feasibility, stale results, assumptions) and
 * its renderings as self-contained HTML, PDF (via headless Chromium), CSV and JSON. No Electron:
 * the CLI, the browser-mode server and the desktop shell all use these functions.
 */
export { buildReportModel, pointByKey, FRONT_COST, FRONT_IDS, REPORT_FORMAT, REPORT_VERSION } from './report-data.js';
export type { BuildReportOptions, FrontId, FrontSummary, KneeDetail, ReportModel, ReportPoint, StaleEntry, Assumptions, CalibrationSummary } from './report-data.js';
export type { PointFigures, LayerRow, EnergyBreakdown } from './point-metrics.js';
export type { ProfileSummary, ProfileFact } from './profile-facts.js';
export { projectProfileLookup, embeddedProfileLookup, type ProfileLookup, type ProfileLookupResult } from './profile-lookup.js';
export { CHART_COLORS, paretoChartOption, layerChartOption, renderSvg, renderReportCharts, wantsLogAxis, type ReportCharts, type ChartSize } from './charts.js';
export { renderHtmlReport } from './html-report.js';
export { renderCsvReport, csvField, CSV_COLUMNS, type CsvColumn } from './csv-report.js';
export { renderJsonReport } from './json-report.js';
export { htmlToPdf, findChromium, chromiumMissingError, chromiumPrintArgs, CHROMIUM_CANDIDATES, type PdfOptions, type ChromiumSearch } from './pdf-report.js';
export { evalCommandFor, projectCommands, shellQuote, type EvalCommand } from './reproduce.js';
export { writeReport, renderReport, defaultReportPath, reportModelOf, REPORT_FORMATS, type ReportFormat, type RenderReportOptions, type WriteReportOptions } from './write-report.js';
