/** Every collector driftwarden runs, one per service. */
import type { Collector } from "./collector.js";
import { autoscalingCollector } from "./autoscaling.js";

export const allCollectors: Collector<any>[] = [autoscalingCollector];
