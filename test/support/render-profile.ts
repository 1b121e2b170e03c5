// Renders an author profile the way the page in seeds/author-profile.txt shows it, from the
// answer of the README's profile query: what a front end built on the API would print.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pageDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

export function renderProfile(author: any): string {
  const card = [
    author.name,
    '',
    author.primaryCategory.subjectClass,
    `h-index${author.hIndex}`,
    `${author.paperCount}papers`,
    `${author.citationCount}citations`,
    `Novelty${Math.round(author.novelty * 100)}%`,
    `AI Score${Math.round(author.aiScore)}`,
    '',
    `${author.papers.totalCount} Papers`,
  ].join('\n');
  const papers = author.papers.nodes.map((paper: any) => {
    const names = paper.authors.nodes.map((a: any) => a.name).join(', ');
    const etAl = paper.authors.totalCount > paper.authors.nodes.length ? ' et al.' : '';
    return [
      `${paper.score.toFixed(1)}${paper.arxivCategory?.subjectClass ?? ""}${pageDate(paper.publishedAt)}${paper.hasCode ? 'Code' : ''}\n${paper.title}`,
      `${names}${etAl}`,
      paper.abstract,
    ].join('\n\n');
  });
  return [card, ...papers].join('\n\n');
}
