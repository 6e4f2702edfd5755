/** Benchmarks contributed by feature areas (compression savings, inline parsing, workspace scans). */
export type Report = (name: string, value: string, target: string, pass: boolean) => void;
export const extraBenchmarks: Array<(report: Report) => Promise<void> | void> = [];
