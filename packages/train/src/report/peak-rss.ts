/**
 * Peak resident set size of this process so far, in MiB: what results.json
 * records as `peakRssMB`. The kernel tracks the high-water mark (getrusage
 * maxrss, KiB on Linux), so no sampling loop can miss a short spike.
 */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
