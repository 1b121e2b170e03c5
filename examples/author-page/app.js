// The author page: the card and the paper list of seeds/author-profile.txt, from the ScholarGraph
// GraphQL API, in plain browser JavaScript. The numbers are formatted as the seed page shows them
// (the same rules as test/support/render-profile.ts).
//   /               the demo author
//   /?name=Fanqing Meng   the best match of an author search
//   /?id=<id>       an author by the id the API gave
//   &first=5        papers per page (1 to 100, default 20); "More papers" asks for the next page by cursor
const config = window.SCHOLARGRAPH_EXAMPLE ?? { apiUrl: 'http://localhost:4000/graphql', defaultAuthor: 'Zongkai Liu' };
const API_URL = config.apiUrl;

const PROFILE = `
fragment Profile on Author {
  id
  name
  primaryCategory { code subjectClass name }
  hIndex
  paperCount
  citationCount
  novelty
  aiScore
}`;

const PAPERS = `
fragment PaperPage on AuthorPaperConnection {
  totalCount
  pageInfo { endCursor hasNextPage }
  nodes {
    id
    score
    arxivCategory { code subjectClass name }
    publishedAt
    hasCode
    codeUrl
    title
    authors(first: 3) {
      totalCount
      nodes { id name }
    }
    abstract
  }
}`;

// The README's profile query, by id or by the best match of a name search, with a page size.
const AUTHOR_BY_ID = `query AuthorPageById($id: ID!, $first: Int!) {
  author(id: $id) {
    ...Profile
    papers(first: $first, orderBy: { field: CITATION_COUNT, direction: DESC }) { ...PaperPage }
  }
}${PROFILE}${PAPERS}`;

const AUTHOR_BY_NAME = `query AuthorPageByName($name: String!, $first: Int!) {
  authors(search: $name, first: 1) {
    nodes {
      ...Profile
      papers(first: $first, orderBy: { field: CITATION_COUNT, direction: DESC }) { ...PaperPage }
    }
  }
}${PROFILE}${PAPERS}`;

const MORE_PAPERS = `query AuthorPageMorePapers($id: ID!, $first: Int!, $after: String!) {
  author(id: $id) {
    id
    papers(first: $first, after: $after, orderBy: { field: CITATION_COUNT, direction: DESC }) { ...PaperPage }
  }
}${PAPERS}`;

const SUGGEST = `query AuthorPageSuggest($text: String!) {
  authors(search: $text, first: 6) {
    nodes { id name paperCount primaryCategory { subjectClass } }
  }
}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-10" as the page shows it: "Mar 10, 2025" (no time zone involved). */
function pageDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

const $ = (id) => document.getElementById(id);

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** An error the page shows as it is. */
class PageError extends Error {}

const params = new URLSearchParams(location.search);
const pageSize = (() => {
  const first = Number(params.get('first'));
  return Number.isInteger(first) && first >= 1 && first <= 100 ? first : 20;
})();

/** A link to another author's page, keeping the page size when one was asked for. */
function authorHref(query) {
  const next = new URLSearchParams(query);
  if (params.has('first')) next.set('first', String(pageSize));
  return `?${next}`;
}

/** One POST to the API; the data, or a PageError that says what went wrong in words. */
async function graphql(query, variables) {
  let response;
  try {
    response = await fetch(API_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    // A refused CORS preflight and a server that is not there look the same to a page.
    throw new PageError(
      `Could not reach the API at ${API_URL}. Is it running, and does it let this page in? ` +
        `Start it with CORS_ORIGINS=${location.origin} npm start (or start this page with API_URL set to where it runs).`,
    );
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new PageError(`The API at ${API_URL} answered ${response.status} ${response.statusText} with no GraphQL answer: is API_URL its /graphql address?`);
  }
  if (body.errors?.length) {
    const error = body.errors[0];
    const code = error.extensions?.code;
    throw Object.assign(new PageError(`The API said: ${error.message}${code ? ` (${code})` : ''}`), { code, apiMessage: error.message });
  }
  if (!response.ok || !body.data) throw new PageError(`The API at ${API_URL} answered ${response.status} ${response.statusText}.`);
  return body.data;
}

function showMessage(text, kind = 'info') {
  const message = $('message');
  message.textContent = text;
  message.className = `message ${kind}`;
  message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  message.hidden = false;
}

function initials(name) {
  const words = name.split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

function renderCard(author) {
  document.title = `${author.name} · ScholarGraph`;
  $('avatar').textContent = initials(author.name);
  const card = $('card');
  card.querySelector('[data-field="name"]').textContent = author.name;
  const badge = card.querySelector('[data-field="category"]');
  const category = author.primaryCategory;
  badge.textContent = category ? category.subjectClass ?? category.code : '';
  badge.title = category ? `${category.name ?? category.code} (${category.code}): the author's most frequent arXiv category` : '';
  badge.hidden = !category;
  card.querySelector('[data-field="category-name"]').textContent = category ? `${category.name ?? ''} · ${category.code}`.replace(/^ · /, '') : '';
  const stats = {
    'h-index': String(author.hIndex),
    papers: String(author.paperCount),
    citations: String(author.citationCount),
    novelty: author.novelty === null ? '–' : `${Math.round(author.novelty * 100)}%`,
    'ai-score': author.aiScore === null ? '–' : String(Math.round(author.aiScore)),
  };
  for (const [stat, value] of Object.entries(stats)) card.querySelector(`[data-stat="${stat}"] .value`).textContent = value;
  card.hidden = false;
}

function renderPaper(paper, authorId) {
  const category = paper.arxivCategory;
  const meta = element(
    'div',
    { class: 'meta' },
    element('span', { class: 'score', 'data-field': 'score', title: 'Score', text: paper.score.toFixed(1) }),
    category ? element('span', { class: 'badge', 'data-field': 'category', title: `${category.name ?? category.code} (${category.code})`, text: category.subjectClass ?? category.code }) : '',
    element('time', { class: 'date', 'data-field': 'date', datetime: paper.publishedAt, text: pageDate(paper.publishedAt) }),
    paper.hasCode
      ? paper.codeUrl
        ? element('a', { class: 'code', 'data-field': 'code', href: paper.codeUrl, target: '_blank', rel: 'noopener', text: 'Code' })
        : element('span', { class: 'code', 'data-field': 'code', text: 'Code' })
      : '',
  );
  const names = element('p', { class: 'authors', 'data-field': 'authors' });
  paper.authors.nodes.forEach((author, index) => {
    if (index > 0) names.append(', ');
    const link = element('a', { href: authorHref({ id: author.id }), text: author.name });
    if (author.id === authorId) link.className = 'self';
    names.append(link);
  });
  // "et al." when the paper has more authors than the three asked for.
  if (paper.authors.totalCount > paper.authors.nodes.length) {
    names.append(element('span', { class: 'et-al', title: `${paper.authors.totalCount} authors`, text: ' et al.' }));
  }
  const abstract = element('p', { class: 'abstract', 'data-field': 'abstract', text: paper.abstract });
  const toggle = element('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', text: 'Read more' });
  toggle.addEventListener('click', () => {
    const open = abstract.classList.toggle('open');
    toggle.textContent = open ? 'Show less' : 'Read more';
    toggle.setAttribute('aria-expanded', String(open));
  });
  return element('li', { class: 'paper', 'data-id': paper.id }, meta, element('h3', { class: 'title', 'data-field': 'title', text: paper.title }), names, abstract, toggle);
}

const state = { authorId: null, endCursor: null, hasNextPage: false, shown: 0, total: 0 };

function renderPage(page, append) {
  const list = $('paper-list');
  if (!append) list.replaceChildren();
  list.append(...page.nodes.map((paper) => renderPaper(paper, state.authorId)));
  state.endCursor = page.pageInfo.endCursor;
  state.hasNextPage = page.pageInfo.hasNextPage;
  state.shown = list.children.length;
  state.total = page.totalCount;
  $('papers-heading').textContent = `${page.totalCount} ${page.totalCount === 1 ? 'Paper' : 'Papers'}`;
  $('shown').textContent = page.totalCount > 0 ? `Showing ${state.shown} of ${page.totalCount}` : 'No papers yet';
  $('more').hidden = !state.hasNextPage;
  $('papers').hidden = false;
}

async function loadAuthor() {
  const id = params.get('id');
  const name = params.get('name')?.trim() || (id ? null : config.defaultAuthor);
  $('search-input').value = params.get('name') ?? '';
  let author;
  if (id) {
    try {
      author = (await graphql(AUTHOR_BY_ID, { id, first: pageSize })).author;
    } catch (error) {
      if (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') throw new PageError(`No author has the id “${id}”: ${error.apiMessage} Search by name above.`);
      throw error;
    }
    if (!author) throw new PageError(`No author has the id “${id}”. Search by name above.`);
  } else {
    author = (await graphql(AUTHOR_BY_NAME, { name, first: pageSize })).authors.nodes[0];
    if (!author) throw new PageError(`No author matches “${name}”. Try another name in the search box above.`);
  }
  state.authorId = author.id;
  renderCard(author);
  renderPage(author.papers, false);
  $('message').hidden = true;
}

async function loadMore() {
  const button = $('more');
  button.disabled = true;
  button.textContent = 'Loading…';
  $('more-message').hidden = true;
  try {
    const { author } = await graphql(MORE_PAPERS, { id: state.authorId, first: pageSize, after: state.endCursor });
    renderPage(author.papers, true);
  } catch (error) {
    $('more-message').textContent = error instanceof PageError ? error.message : `Something went wrong: ${error.message}`;
    $('more-message').hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = 'More papers';
  }
}

/** Authors matching what is typed, as links under the search box. */
function setUpSuggestions() {
  const input = $('search-input');
  const list = $('suggestions');
  let timer = null;
  let asked = 0;
  const hide = () => {
    list.hidden = true;
    list.replaceChildren();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return hide();
    timer = setTimeout(async () => {
      const ask = ++asked;
      try {
        const { authors } = await graphql(SUGGEST, { text });
        if (ask !== asked) return;
        list.replaceChildren(
          ...authors.nodes.map((author) =>
            element(
              'li',
              { role: 'option' },
              element(
                'a',
                { href: authorHref({ id: author.id }) },
                element('span', { class: 'suggestion-name', text: author.name }),
                element('span', { class: 'suggestion-meta', text: `${author.primaryCategory?.subjectClass ?? ''} ${author.paperCount} ${author.paperCount === 1 ? 'paper' : 'papers'}`.trim() }),
              ),
            ),
          ),
        );
        list.hidden = authors.nodes.length === 0;
      } catch {
        hide(); // the page's own message says when the API cannot be reached
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  document.addEventListener('click', (event) => {
    if (!$('search').contains(event.target)) hide();
  });
  // Keep the page size across a search.
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) location.search = authorHref({ name: text });
  });
}

$('api-url').textContent = API_URL;
$('more').addEventListener('click', loadMore);
setUpSuggestions();
loadAuthor().catch((error) => {
  $('card').hidden = true;
  $('papers').hidden = true;
  showMessage(error instanceof PageError ? error.message : `Something went wrong: ${error.message}`, 'error');
});
