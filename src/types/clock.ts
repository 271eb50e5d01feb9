/** Where "now" comes from. Only the shells (CLI, Lambda handlers) read the wall clock; every stage below them is given one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
