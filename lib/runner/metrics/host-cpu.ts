/** The host's CPU busy share between two readings, all cores and all processes (a gateway on the same host competes with the load). */
import os from 'node:os';

function totals(): { busy: number; all: number } {
  let busy = 0;
  let all = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, irq, idle } = cpu.times;
    busy += user + nice + sys + irq;
    all += user + nice + sys + irq + idle;
  }
  return { busy, all };
}

/** Each call returns the busy share (0–1) since the previous call (or since it was made). */
export function hostCpuSampler(): () => number {
  let last = totals();
  return () => {
    const now = totals();
    const all = now.all - last.all;
    const share = all > 0 ? (now.busy - last.busy) / all : 0;
    last = now;
    return Math.min(1, Math.max(0, share));
  };
}
