// The README's picture of the author page: opens the page in headless Chromium (playwright-core,
// a dev dependency, driving the browser at CHROMIUM, default /usr/bin/chromium) and writes a PNG.
//   npm start                                   (with CORS_ORIGINS=http://localhost:5173)
//   npm run example:author-page
//   node examples/author-page/screenshot.mjs [PAGE_URL] [OUT.png]
// PAGE_URL defaults to http://localhost:5173/, OUT.png to docs/images/author-page.png.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pageUrl = process.argv[2] ?? 'http://localhost:5173/';
const out = path.resolve(process.argv[3] ?? path.join(root, 'docs', 'images', 'author-page.png'));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(pageUrl);
  // The card, or the page's own error message.
  await page.waitForSelector('#card:not([hidden]), #message.error', { timeout: 30_000 });
  const error = await page.locator('#message.error').first().textContent().catch(() => null);
  if (await page.locator('#message.error').count()) throw new Error(`the page shows an error: ${error}`);
  await page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
}
