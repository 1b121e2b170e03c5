// The playground page in the browser: GraphiQL on this server's own endpoint, with the example
// tabs and the worker addresses the server wrote into the page. Plain JavaScript with
// React.createElement, so that neither tsc nor a JSX transform has to know about it; esbuild
// bundles it with everything it imports (src/playground/bundle.ts).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './page.css';

/** @type {{ endpoint: string, workers: Record<string, string>, tabs: { query: string, variables?: string, headers?: string }[], defaultHeaders: string }} */
const config = JSON.parse(document.getElementById('playground-config').textContent);

// Monaco runs its language services in web workers; ours are bundled beside this file and
// served by the same server (the default would fetch them from a CDN, or fail).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(config.workers[label] ?? config.workers.editor, { name: `monaco-${label}` });
  },
};

const fetcher = createGraphiQLFetcher({
  url: config.endpoint,
  // Plain JSON answers: the server has no @defer/@stream and no subscriptions.
  enableIncrementalDelivery: false,
});

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
  }),
);
