import { expect, openForUpscale, test } from './helpers.js';

interface EtaRecord {
  clickedAt?: number;
  first?: { at: number; eta: number };
  endedAt?: number;
}

test('an upscale of over 10 s shows an ETA within 3 s of the click, within ±50 % of the time left', async ({
  app,
}) => {
  test.setTimeout(300_000);
  // 4800 tiles: about 20 s on an idle 2-core machine.
  await openForUpscale(app, 'chelsea.jpg', { width: 400, height: 300 }, 4);
  await expect(app.getByTestId('upscale-target')).toContainText('1600 × 1200');
  // As a user would: the estimate is on screen before the click (the job then needs no timing of its own).
  await expect(app.getByTestId('upscale-estimate')).toBeVisible({ timeout: 120_000 });

  // The page notes when the first ETA is shown and when the job leaves the status bar.
  await app.evaluate(() => {
    const record: EtaRecord = {};
    (window as unknown as { etaRecord: EtaRecord }).etaRecord = record;
    new MutationObserver((_, observer) => {
      const eta = document.querySelector('[data-eta-seconds]');
      if (eta && !record.first)
        record.first = { at: performance.now(), eta: Number(eta.getAttribute('data-eta-seconds')) };
      if (record.first && !document.querySelector('[data-testid="job-progress"]')) {
        record.endedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const upscale = app.getByRole('button', { name: 'Upscale', exact: true });
  await upscale.evaluate((button) =>
    button.addEventListener('click', () => {
      (window as unknown as { etaRecord: EtaRecord }).etaRecord.clickedAt = performance.now();
    }),
  );
  await upscale.click();
  await expect(app.getByRole('button', { name: 'Keep' })).toBeVisible({ timeout: 280_000 });

  const record = await app.evaluate(() => (window as unknown as { etaRecord: EtaRecord }).etaRecord);
  const { clickedAt, first, endedAt } = record;
  if (clickedAt === undefined || !first || endedAt === undefined)
    throw new Error(`incomplete: ${JSON.stringify(record)}`);
  const wait = (first.at - clickedAt) / 1000;
  const total = (endedAt - clickedAt) / 1000;
  const left = (endedAt - first.at) / 1000;
  console.log(
    `first ETA ${first.eta.toFixed(1)} s shown ${wait.toFixed(2)} s after the click; ${left.toFixed(1)} s were left, ${total.toFixed(1)} s in all`,
  );
  expect(total, 'the job must take over 10 s to test the ETA of a long job').toBeGreaterThan(10);
  expect(wait).toBeLessThan(3);
  expect(Math.abs(first.eta - left)).toBeLessThanOrEqual(0.5 * left);
});
