import { cpus, totalmem } from 'node:os';
import type { MachineInfo } from './results.js';

/**
 * Describes the machine this process runs on. The tfjs backend is passed in
 * (e.g. `tf.getBackend()`) rather than looked up, so the report code does not
 * load TensorFlow.js.
 */
export function machineInfo(backend: string): MachineInfo {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    platform: `${process.platform} ${process.arch}`,
    nodeVersion: process.version,
    backend,
  };
}
