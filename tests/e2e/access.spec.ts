import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test, watchProblems } from './helpers.js';

const TOKEN = 'e2e-token';
const ACCESS_URL = /\/access\.html$/;

/** The colour of one pixel of the page as shown, as #rrggbb. */
async function pixelAt(page: Page, x: number, y: number): Promise<string> {
  const { data } = await sharp(await page.screenshot())
    .extract({ left: x, top: y, width: 1, height: 1 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return `#${[...data].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

test('a plain GET of the access page says how to get in and holds no token', async ({ request }) => {
  const page = await request.get('/access.html');
  expect(page.status()).toBe(200);
  expect(page.headers()['content-type']).toContain('text/html');
  expect(page.headers()['content-security-policy']).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).toContain('This tab has no access token');
  expect(html).toContain('<code>npm start</code>');
  expect(html).toContain('/#token=…');
  expect(html).not.toContain(TOKEN);
  // An API address opened as a page is sent there instead of getting the JSON refusal.
  const tab = await request.get('/api/events', { headers: { Accept: 'text/html' }, maxRedirects: 0 });
  expect([tab.status(), tab.headers().location]).toEqual([303, '/access.html']);
});

test('a tab opened without the token shows the access page in the app’s colours', async ({ page }) => {
  const problems = watchProblems(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page).toHaveURL(ACCESS_URL);
  await expect(page.getByRole('heading', { name: 'This tab has no access token' })).toBeVisible();
  // The address of this host, as `npm start` printed it, without the token.
  await expect(page.locator('#address')).toHaveText('http://127.0.0.1:5174/#token=…');
  const card = await page.locator('.card').boundingBox();
  if (!card) throw new Error('the card is not shown');
  // The canvas background around a card in the panel colour (app.css: --bg-canvas, --panel).
  expect(await pixelAt(page, 2, 2)).toBe('#0b0c0f');
  expect(await pixelAt(page, Math.round(card.x + 6), Math.round(card.y + card.height - 6))).toBe('#1a1d23');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This tab has no access token' })).toBeVisible();
  expect(await pixelAt(page, 2, 2)).toBe('#e4e6ec');
  expect(problems).toEqual([]);
});

test('a tab with a token of an earlier launch is sent there too; the printed address gets in', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto('/#token=token-of-an-earlier-launch');
  await expect(page).toHaveURL(ACCESS_URL);
  expect(await page.evaluate(() => sessionStorage.getItem('anp.token'))).toBeNull();
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByTestId('engine-backend')).toBeVisible();
  expect(problems).toEqual([]);
});
