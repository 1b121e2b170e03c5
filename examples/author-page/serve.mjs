// The author page example: a static front end (index.html, app.js, style.css) served as is, no
// build step, no dependencies. The one generated file is /config.js: which API the page calls.
//   npm run example:author-page
//   EXAMPLE_PORT=5174 API_URL=https://api.example.org/graphql npm run example:author-page
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The API's own default port (PORT in src/config.ts).
const DEFAULT_API_URL = 'http://localhost:4000/graphql';
const DEFAULT_PORT = 5173;

function fail(message) {
  console.error(`author page: ${message}`);
  process.exit(1);
}

function port(value) {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) fail(`EXAMPLE_PORT must be a port number between 0 and 65535, got "${value}"`);
  return parsed;
}

function apiUrl(value) {
  if (value === undefined || value === '') return DEFAULT_API_URL;
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    fail(`API_URL must be the API's GraphQL address, such as ${DEFAULT_API_URL}, got "${value}"`);
  }
  // The server's address alone means its GraphQL endpoint.
  if (url.pathname === '/') url.pathname = '/graphql';
  return url.href;
}

/** The demo data's author (seeds/demo-profile.json), whom the page shows when not told otherwise. */
function demoAuthor() {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'seeds', 'demo-profile.json'), 'utf8')).profileAuthor || 'Zongkai Liu';
  } catch {
    return 'Zongkai Liu';
  }
}

const settings = {
  port: port(process.env.EXAMPLE_PORT),
  host: process.env.EXAMPLE_HOST || '127.0.0.1',
  apiUrl: apiUrl(process.env.API_URL),
  defaultAuthor: demoAuthor(),
};

const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};

const configScript = `// Written by serve.mjs from API_URL.\nwindow.SCHOLARGRAPH_EXAMPLE = ${JSON.stringify({ apiUrl: settings.apiUrl, defaultAuthor: settings.defaultAuthor })};\n`;

const server = http.createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD\n');
    return;
  }
  let body;
  let type;
  if (pathname === '/config.js') {
    body = configScript;
    type = 'text/javascript; charset=utf-8';
  } else if (FILES[pathname]) {
    // Read at each request: an edit shows at the next reload.
    body = fs.readFileSync(path.join(here, FILES[pathname][0]));
    type = FILES[pathname][1];
  } else {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${pathname}\n`);
    return;
  }
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
});

server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') {
    fail(`port ${settings.port} is in use on ${settings.host}: stop what uses it or set EXAMPLE_PORT to another port (EXAMPLE_PORT=${settings.port + 1} npm run example:author-page), and let that origin in with the API's CORS_ORIGINS`);
  }
  fail(`cannot listen on ${settings.host}:${settings.port}: ${error.message}`);
});

server.listen(settings.port, settings.host, () => {
  const { port: actual } = server.address();
  const shownHost = ['127.0.0.1', '::1', '0.0.0.0', '::'].includes(settings.host) ? 'localhost' : settings.host;
  const origin = `http://${shownHost}:${actual}`;
  console.log(`Author page at ${origin}/ talking to the API at ${settings.apiUrl}; start the API with CORS_ORIGINS=${origin} npm start`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
