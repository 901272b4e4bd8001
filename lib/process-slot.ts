/**
 * One object the whole process shares (the run manager, the job queue, the metrics registry),
 * kept on globalThis under `name`: the start script and the Next.js bundle load lib/ separately,
 * and both must find the one the start script made.
 */
export function processSlot<T>(name: string): { set(value: T | undefined): void; get(): T | undefined } {
  const key = Symbol.for(`gateway-bench.${name}`);
  const holder = globalThis as { [key: symbol]: T | undefined };
  return {
    set: (value) => {
      holder[key] = value;
    },
    get: () => holder[key],
  };
}
