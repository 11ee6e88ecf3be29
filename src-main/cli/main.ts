/**
 * The `edgefront` command line. Exit codes (DESIGN.md): 0 success, 1 runtime failure, 2 usage
 * error. Results go to stdout (with --json: one JSON document and nothing else); notices,
 * progress and errors go to stderr.
 */
import { CancelledError, EdgeFrontError, UserError } from '../../src-shared/errors.js';
import type { CommandIo } from './command-io.js';
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import { runCommand } from './commands/run.js';
import { sweepCommand } from './commands/sweep.js';
import { reportCommand } from './commands/report.js';
import { packCommand, unpackCommand } from './commands/pack.js';
import { serveCommand } from './commands/serve.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: edgefront COMMAND [options]

Commands:
  info MODEL            layers, shapes, parameters and MACs of an ONNX model
  eval                  accuracy and memory of one design point (edgefront eval --help)
  run MODEL             run a model on given tensors, write the outputs as .npy
  demo                  evaluate the bundled demo CNN at a few design points
  sweep PROJECT         sweep a project's design space (edgefront sweep --help)
  pack PROJECT          bundle a project with its model and data into one zip (unpack ARCHIVE)
  report PROJECT        write a project's report: html, pdf, csv or json (edgefront report --help)
  serve                 the GUI in browser mode, in a Chromium window (edgefront serve --help)

Run \`edgefront COMMAND --help\` for a command's options.`;

const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: process.stderr.isTTY === true,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(HELP);
      return command === undefined ? 2 : 0;
    case 'info':
      return infoCommand(rest, io);
    case 'eval':
      return evalCommand(rest, io);
    case 'run':
      return runCommand(rest, io);
    case 'demo':
      return demoCommand(rest, io);
    case 'sweep':
      return sweepCommand(rest, io);
    case 'report':
      return reportCommand(rest, io);
    case 'pack':
      return packCommand(rest, io);
    case 'unpack':
      return unpackCommand(rest, io);
    case 'serve':
      return serveCommand(rest, io);
    default:
      throw new UsageError(`Unknown command '${command}'.`);
  }
}

function isParseArgsError(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.err(`edgefront: ${e.message}\nRun \`edgefront --help\` or \`edgefront COMMAND --help\`.`);
      process.exitCode = 2;
    } else if (e instanceof UserError || e instanceof CancelledError) {
      io.err(`edgefront: ${e.message}`);
      process.exitCode = 1;
    } else if (e instanceof EdgeFrontError) {
      io.err(`edgefront: internal error (${e.code}): ${e.message}\nThis is a bug in EdgeFront; please report it with the command you ran.`);
      process.exitCode = 1;
    } else {
      io.err(`edgefront: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug in EdgeFront; please report it with the command you ran.`);
      process.exitCode = 1;
    }
  },
);
