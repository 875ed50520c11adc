import type { Rule } from '../../model';
import { dockerfileHygiene } from './dockerfile-hygiene';
import { gracefulShutdownMissing } from './graceful-shutdown-missing';
import { healthEndpointMissing } from './health-endpoint-missing';
import { metricsOrTracingMissing } from './metrics-or-tracing-missing';
import { unstructuredLogging } from './unstructured-logging';

export const operationsRules: Rule[] = [
  dockerfileHygiene,
  gracefulShutdownMissing,
  healthEndpointMissing,
  metricsOrTracingMissing,
  unstructuredLogging,
];
