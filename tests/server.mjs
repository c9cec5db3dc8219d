// A tiny static file server for the built site and the browser tests.
// No dependencies: node:http and node:fs only.
//
//   node tests/server.mjs DIR [PORT]
//
// or, from a test: const { url, close } = await serve('dist', 0);

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a request path to a file inside root, or null if it would leave root. */
function resolveInside(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(join(root, path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** Stats a path, or returns null when it does not exist. */
async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Serves dir on host:port (0 picks a free port); resolves to { url, close }. */
export async function serve(dir, port = 8000, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    // The query string and fragment never name a file: `index.html?embed` is index.html.
    const url = new URL(req.url, 'http://localhost');
    let file = resolveInside(root, url.pathname);
    if (!file) return send(res, 403, 'forbidden\n');
    let info = await statOrNull(file);
    if (info?.isDirectory()) {
      // Relative links in dir/index.html only resolve under "dir/".
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: url.pathname + '/' + url.search, 'Cache-Control': 'no-store' });
        return res.end();
      }
      file = join(file, 'index.html');
      info = await statOrNull(file);
    }
    if (!info?.isFile()) return send(res, 404, 'not found\n');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const { port: real } = server.address();
  const name = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${name}:${real}/`,
    close: () => new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node tests/server.mjs DIR [PORT]');
    process.exit(2);
  }
  const { url } = await serve(dir, port === undefined ? 8000 : Number(port));
  console.log(`serving ${dir} at ${url}`);
}
