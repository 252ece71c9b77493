/**
 * The pixel-coordinate convention shared by training and inference: pixel i of a row of n pixels
 * covers [i, i+1) and its centre maps to −1 + (2i + 1)/n, so the window spans [−1, 1] edge to edge.
 * The same frame holds at every resolution, which is what makes super-resolution a matter of asking
 * for a finer grid. A point is [x, y] = [column, row].
 */
export function pixelCentre(index: number, size: number): number {
  return (2 * index + 1) / size - 1;
}
