import type { LossPoint } from '../../../../app/api/contract.js';

/** A loss curve as an SVG polyline: steps across, loss up, scaled to the box with a little margin. */
export function lossPolyline(points: readonly LossPoint[], width: number, height: number, pad = 4): string {
  const finite = points.filter((p) => Number.isFinite(p.loss));
  if (finite.length === 0) return '';
  const steps = finite.map((p) => p.step);
  const losses = finite.map((p) => p.loss);
  const [s0, s1] = [Math.min(...steps), Math.max(...steps)];
  const [l0, l1] = [Math.min(...losses), Math.max(...losses)];
  const x = (s: number) =>
    pad + (s1 > s0 ? ((s - s0) / (s1 - s0)) * (width - 2 * pad) : (width - 2 * pad) / 2);
  const y = (l: number) =>
    pad + (l1 > l0 ? ((l1 - l) / (l1 - l0)) * (height - 2 * pad) : (height - 2 * pad) / 2);
  return finite.map((p) => `${round(x(p.step))},${round(y(p.loss))}`).join(' ');
}

const round = (v: number) => Math.round(v * 10) / 10;
