import { once } from 'node:events';
import { ApiError } from '../../api/errors.js';
import { openInBrowser, startBrowserMode } from '../../host/browser-mode.js';
import { parseArgs } from '../../util/args.js';
import type { CliCommand } from './command.js';

export const serve: CliCommand = {
  name: 'serve',
  summary: 'run the app in your browser (local web host on 127.0.0.1)',
  usage: [
    'usage: anp serve [--port N] [--token TOKEN] [--static DIR] [--no-open]',
    '',
    'Starts the engine and a web host on 127.0.0.1 only, prints the address to open',
    '(http://127.0.0.1:PORT/#token=TOKEN) and opens it in your browser. Ctrl+C stops it.',
    '',
    '  --port N        port to listen on (default: a free one)',
    '  --token TOKEN   access token (default: a fresh random one per launch)',
    '  --static DIR    the built renderer to serve (default: dist/renderer)',
    '  --no-open       do not open a browser',
  ].join('\n'),
  async run(argv) {
    const { options, positionals } = parseArgs(argv, {
      port: { type: 'number', integer: true, min: 0, max: 65535 },
      token: { type: 'string' },
      static: { type: 'string' },
      open: { type: 'boolean' },
    });
    if (positionals.length)
      throw new ApiError('INVALID_ARGUMENT', `serve takes no file arguments (got ${positionals[0]})`);
    if (options.token !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(options.token)) {
      throw new ApiError('INVALID_ARGUMENT', '--token must be 8–128 letters, digits, - or _');
    }
    let app;
    try {
      app = await startBrowserMode({ port: options.port, token: options.token, staticDir: options.static });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new ApiError('IO_ERROR', `port ${options.port} is already in use`);
      }
      throw err;
    }
    process.stdout.write(`ANP Studio is running at ${app.host.url}\nPress Ctrl+C to stop.\n`);
    if (options.open !== false) openInBrowser(app.host.url);
    const stop = await Promise.race([
      once(process, 'SIGINT').then(() => 'signal' as const),
      once(process, 'SIGTERM').then(() => 'signal' as const),
      app.engineStopped.then((reason) => ({ reason })),
    ]);
    await app.close();
    if (stop === 'signal') return 0;
    throw new ApiError('INTERNAL', stop.reason);
  },
};
