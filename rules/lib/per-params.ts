/**
 * What a rule derives from its parameters alone (the reason every passing
 * resource shares, a set made from a list), made once per parameters object
 * rather than once per resource judged.
 */
export function perParams<P extends object, T>(derive: (params: P) => T): (params: P) => T {
  const made = new WeakMap<P, { value: T }>();
  return (params) => {
    let entry = made.get(params);
    if (!entry) made.set(params, (entry = { value: derive(params) }));
    return entry.value;
  };
}
