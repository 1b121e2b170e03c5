// The playground's HTML: the bundle's stylesheet and script, and the settings the script reads
// (endpoint, worker files, example tabs) as a JSON data block. Every address is on this server.
import { type WorkerLabel } from './bundle';
import { type ExampleTab } from './examples';

export interface PageSettings {
  /** The GraphQL endpoint the page sends its requests to. */
  endpoint: string;
  /** Where the assets are served, e.g. /playground/assets. */
  assetsPath: string;
  script: string;
  stylesheet: string;
  workers: Record<WorkerLabel, string>;
  tabs: ExampleTab[];
  defaultHeaders: string;
}

/** JSON that cannot end the <script> element it sits in, whatever the tabs hold. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function renderPage(settings: PageSettings): string {
  const asset = (name: string): string => `${settings.assetsPath}/${name}`;
  const config = {
    endpoint: settings.endpoint,
    workers: Object.fromEntries(Object.entries(settings.workers).map(([label, name]) => [label, asset(name)])),
    tabs: settings.tabs,
    defaultHeaders: settings.defaultHeaders,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ScholarGraph playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${attribute(asset(settings.stylesheet))}">
<script type="application/json" id="playground-config">${scriptSafeJson(config)}</script>
<script type="module" src="${attribute(asset(settings.script))}"></script>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<noscript>The playground needs JavaScript. Without it, send GraphQL requests to ${attribute(settings.endpoint)} with curl or any GraphQL client.</noscript>
</body>
</html>
`;
}
