/**
 * `edgefront pack PROJECT [-o ARCHIVE]` and `edgefront unpack ARCHIVE [-d DIR]`: one zip with the
 * project file, its model, dataset, labels and calibration set, for a colleague to open
 * (src-main/services/project/pack.ts: paths rewritten inside the archive, hashes checked and
 * unsafe entry names refused on unpacking).
 */
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packProject, unpackProject } from '../../services/project/pack.js';
import type { CommandIo } from '../command-io.js';
import { UsageError } from '../usage-error.js';

export const PACK_HELP = `Usage: edgefront pack PROJECT.edgefront [-o ARCHIVE.zip]
       edgefront unpack ARCHIVE.zip [-d DIR]

pack writes the project with its model and data files into one zip (default: NAME.edgefront.zip
beside the project); unpack extracts it into DIR (default: a folder named after the archive) and
checks every file's sha256. Existing files are never overwritten.`;

export async function packCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(PACK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('pack needs exactly one PROJECT.edgefront file.');
  const out = values.output ?? `${positionals[0]}.zip`;
  const r = await packProject(positionals[0], out);
  io.out(`packed ${r.entries.length} files into ${r.archivePath}`);
  return 0;
}

export async function unpackCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { dir: { type: 'string', short: 'd' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(PACK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('unpack needs exactly one ARCHIVE.zip file.');
  const archive = positionals[0];
  const dir = values.dir ?? join(dirname(archive), basename(archive).replace(/(\.edgefront)?\.zip$/i, ''));
  const project = await unpackProject(archive, dir);
  io.out(`unpacked ${project}`);
  return 0;
}
