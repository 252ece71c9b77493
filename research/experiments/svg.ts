/** Minimal hand-written SVG charts for the experiment figures (no plotting dependency). */

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  /** Optional ± band around the line: same x as points. */
  band?: [number, number, number][];
  dashed?: boolean;
  /** Draw markers only (e.g. context points). */
  markers?: boolean;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  logX?: boolean;
  yRange?: [number, number];
  /** false: no legend (another panel of the figure shows the same series' names). */
  legend?: boolean;
}

export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#17becf',
  '#7f7f7f',
  '#e377c2',
  '#bcbd22',
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(3));

function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

/** One chart panel at (ox, oy) of size w×h, as SVG elements. */
function panelSvg(p: Panel, ox: number, oy: number, w: number, h: number): string {
  const m = { l: 60, r: 12, t: 28, b: 44 };
  const tx = (x: number) => (p.logX ? Math.log10(Math.max(x, 1e-12)) : x);
  const all = p.series.flatMap((s) => [
    ...s.points,
    ...(s.band ?? []).flatMap(([x, lo, hi]) => [[x, lo] as [number, number], [x, hi] as [number, number]]),
  ]);
  const xs = all.map(([x]) => tx(x));
  const ys = all.map(([, y]) => y).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = p.yRange ?? [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => ox + m.l + ((tx(x) - x0) / (x1 - x0 || 1)) * (w - m.l - m.r);
  const sy = (y: number) =>
    oy + h - m.b - ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0 || 1)) * (h - m.t - m.b);
  const out: string[] = [];
  out.push(
    `<rect x="${ox + m.l}" y="${oy + m.t}" width="${w - m.l - m.r}" height="${h - m.t - m.b}" fill="white" stroke="#888"/>`,
  );
  out.push(
    `<text x="${ox + w / 2}" y="${oy + 18}" text-anchor="middle" font-size="14" font-weight="bold">${esc(p.title)}</text>`,
  );
  for (const t of niceTicks(y0, y1, 5)) {
    out.push(`<line x1="${ox + m.l}" x2="${ox + w - m.r}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`);
    out.push(`<text x="${ox + m.l - 4}" y="${sy(t) + 4}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  }
  const xTicks = p.logX ? niceTicks(x0, x1, 5).map((t) => 10 ** t) : niceTicks(x0, x1, 6);
  for (const t of xTicks) {
    out.push(
      `<text x="${sx(t)}" y="${oy + h - m.b + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`,
    );
  }
  out.push(
    `<text x="${ox + m.l + (w - m.l - m.r) / 2}" y="${oy + h - 8}" text-anchor="middle" font-size="12">${esc(p.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(${ox + 14},${oy + m.t + (h - m.t - m.b) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(p.yLabel)}</text>`,
  );
  for (const s of p.series) {
    if (s.band && s.band.length > 1) {
      const upper = s.band.map(([x, , hi]) => `${sx(x)},${sy(hi)}`);
      const lower = s.band.map(([x, lo]) => `${sx(x)},${sy(lo)}`).reverse();
      out.push(
        `<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.18" stroke="none"/>`,
      );
    }
    if (s.markers) {
      for (const [x, y] of s.points)
        out.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${s.color}"/>`);
    } else if (s.points.length > 0) {
      const d = s.points
        .map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
        .join('');
      out.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`,
      );
    }
  }
  if (p.legend === false) return out.join('\n');
  p.series.forEach((s, i) => {
    const lx = ox + w - m.r - 250;
    const ly = oy + m.t + 14 + i * 15;
    out.push(`<rect x="${lx}" y="${ly - 8}" width="14" height="4" fill="${s.color}"/>`);
    out.push(`<text x="${lx + 18}" y="${ly - 3}" font-size="11">${esc(s.name)}</text>`);
  });
  return out.join('\n');
}

/** Panels on a grid of `columns`, each w×h. */
export function chartSvg(panels: Panel[], columns: number, w = 420, h = 300): string {
  const rows = Math.ceil(panels.length / columns);
  const body = panels
    .map((p, i) => panelSvg(p, (i % columns) * w, Math.floor(i / columns) * h, w, h))
    .join('\n');
  return svgDocument(columns * w, rows * h, body);
}

export function svgDocument(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif"><rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}

export { esc as escapeXml };
