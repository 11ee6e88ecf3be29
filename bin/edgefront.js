#!/usr/bin/env node
// The `edgefront` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`edgefront: ${cli} is missing. Run \`npm run build\` (or \`npm install\`) in the EdgeFront folder first.\n`);
  process.exit(1);
}
await import(cli);
