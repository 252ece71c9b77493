/** One `anp bench <target>`: measures, prints a table, writes `research/results/<target>.json`. */
export interface BenchTarget {
  name: string;
  summary: string;
  run(argv: string[]): Promise<void>;
}
