import { expect, it } from 'vitest';
import { gridSuperResConfig, superResHalo } from '../../models/index.js';
import { planSuperRes, tileBudget } from '../../app/tasks/superres-plan.js';
import { appSuperResJob, flopsTable, superResFlopsRows } from './superres-flops.js';

const config = gridSuperResConfig(3);

it("counts the app's own tiles of a ×4 of 512², each with its halo, and z's 64² crop", () => {
  const job = appSuperResJob(config, 512, 4, 2);
  const shape = { halo: superResHalo(config), channels: 48, attentionChannels: 32 };
  const plan = planSuperRes(512, 512, 2048, 2048, shape, tileBudget(2));
  expect(job.rows).toHaveLength(plan.tileRows.length);
  expect(job.tileSide).toBe(plan.tileColumns[0]![1] - plan.tileColumns[0]![0]);
  expect(job.slots).toEqual([4, 4]);
  expect(job.latentPixels).toBe(64 * 64);
  // An inner tile computes its anchors and 13 pixels each side.
  const inner = job.columns[1]!;
  expect(inner[1] - inner[0]).toBe(job.tileSide + 2 * superResHalo(config));
});

it('tabulates every factor, the parts adding up to the total', () => {
  const rows = superResFlopsRows(config, 2);
  expect(rows.map((r) => r.scale)).toEqual([2, 3.7, 4, 8]);
  for (const r of rows) {
    expect(r.encoder + r.perLowPixel + r.perTarget).toBe(r.total);
  }
  const lines = flopsTable(rows, 2);
  expect(lines).toHaveLength(2 + rows.length);
  expect(lines[0]).toContain('for 2 workers');
});
