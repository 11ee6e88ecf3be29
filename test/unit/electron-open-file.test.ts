/** Files the desktop app is asked to open from its command line, a second launch or macOS's open-file. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandForFile, fileToOpenFromArgv, openableKind } from '../../src-main/electron/open-file-args.js';

describe('files opened from outside', () => {
  it('knows projects and models by extension, case-insensitively', () => {
    expect(openableKind('/a/b.edgefront')).toBe('project');
    expect(openableKind('C:\\x\\Study.EDGEFRONT')).toBe('project');
    expect(openableKind('net.onnx')).toBe('model');
    expect(openableKind('notes.txt')).toBeNull();
    expect(openableKind('edgefront')).toBeNull();
  });

  it('finds the file on a packaged app\'s command line, resolved against the launch folder', () => {
    expect(fileToOpenFromArgv(['/opt/EdgeFront/edgefront', 'studies/lenet.edgefront'], { isDefaultApp: false, cwd: '/home/me' })).toBe(resolve('/home/me/studies/lenet.edgefront'));
    expect(fileToOpenFromArgv(['/opt/EdgeFront/edgefront', '/abs/model.onnx'], { isDefaultApp: false, cwd: '/home/me' })).toBe(resolve('/abs/model.onnx'));
  });

  it('skips the app path in development and every switch', () => {
    const argv = ['/usr/lib/electron', 'dist/electron/main.edgefront', '--open-demo', '--allow-file-access-from-files', '-psn_0_1234', 'x.edgefront'];
    expect(fileToOpenFromArgv(argv, { isDefaultApp: true, cwd: '/w' })).toBe(resolve('/w/x.edgefront'));
    expect(fileToOpenFromArgv(['/usr/lib/electron', '.', '--open-demo'], { isDefaultApp: true, cwd: '/w' })).toBeNull();
    expect(fileToOpenFromArgv(['/opt/EdgeFront/edgefront', 'readme.md'], { isDefaultApp: false, cwd: '/w' })).toBeNull();
  });

  it('opens a project and starts a new project from a model', () => {
    expect(commandForFile('/p/s.edgefront')).toEqual({ command: 'open-project', args: { path: '/p/s.edgefront' } });
    expect(commandForFile('/m/net.onnx')).toEqual({ command: 'new-project', args: { path: '/m/net.onnx' } });
    expect(commandForFile('/m/net.pt')).toBeNull();
  });
});
