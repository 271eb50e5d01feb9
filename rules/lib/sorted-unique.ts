/** The distinct values, sorted as Array.prototype.sort sorts strings; a new array. */
export function sortedUnique(values: readonly string[]): string[] {
  // Most lists (a load balancer's zones) arrive sorted and distinct: checking costs less than sorting.
  for (let i = 1; i < values.length; i++) if (!(values[i - 1]! < values[i]!)) return [...new Set(values)].sort();
  return values.slice();
}
