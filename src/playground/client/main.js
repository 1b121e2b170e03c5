// The playground page in the browser: GraphiQL on this server's own endpoint, with the example
// tabs and the worker addresses the server wrote into the page. Plain JavaScript with
// React.createElement, so that neither tsc nor a JSX transform has to know about it; esbuild
// bundles it with everything it imports (src/playground/bundle.ts).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { Kind, parse } from 'graphql';
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

const send = createGraphiQLFetcher({
  url: config.endpoint,
  // Plain JSON answers: the server has no @defer/@stream and no subscriptions.
  enableIncrementalDelivery: false,
});

// GraphiQL learns the operation's name from the editor a moment after each keystroke: a query
// typed and run at once (Ctrl-Enter) went out with the name of the tab's previous operation, and
// the server answered "Unknown operation named ...". The name is checked against the query sent:
// one it does not hold is replaced by the query's only operation's, or left out.
function operationNames(query) {
  try {
    return parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? null] : []));
  } catch {
    return null;
  }
}
function fetcher(params, options) {
  const names = typeof params.query === 'string' && params.operationName ? operationNames(params.query) : null;
  if (names && !names.includes(params.operationName)) {
    const { operationName: _stale, ...rest } = params;
    return send(names.length === 1 && names[0] ? { ...rest, operationName: names[0] } : rest, options);
  }
  return send(params, options);
}

// GraphiQL 5 opens on the active tab's query but not its variables (upstream
// graphql/graphiql#3392): run as it opens, the profile tab would lack its $id. So the active tab
// (the first example in a fresh browser, the stored one for a returning visitor) is passed in as
// the initial query and variables: GraphiQL finds the stored tab they match and stays on it.
function activeTab() {
  try {
    const stored = JSON.parse(localStorage.getItem('graphiql:tabState') ?? 'null');
    const tab = stored?.tabs?.[stored.activeTabIndex];
    if (tab && typeof tab === 'object') return tab;
  } catch {
    // No storage, or not GraphiQL's: the examples as shipped.
  }
  return config.tabs[0];
}
const opening = activeTab() ?? {};

// Room for the examples on a laptop screen (1400×900): GraphiQL splits the editors and the
// answer half and half, and gives the variables a quarter of the height, which cuts the
// profile query on the right and at the bottom. The query editor gets two thirds of the
// width and five sixths of the height (the variables are three lines); whoever drags a
// divider keeps their own sizes, which GraphiQL stores under the same keys.
const ROOM = { 'graphiql:editorFlex': '2', 'graphiql:secondaryEditorFlex': '5' };
try {
  for (const [key, flex] of Object.entries(ROOM)) if (localStorage.getItem(key) === null) localStorage.setItem(key, flex);
} catch {
  // No storage: GraphiQL's own sizes.
}

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    ...(typeof opening.query === 'string' ? { initialQuery: opening.query } : {}),
    ...(typeof opening.variables === 'string' ? { initialVariables: opening.variables } : {}),
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
  }),
);
