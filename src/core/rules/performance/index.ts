import type { Rule } from '../../model';
import { blockingIoInHandler } from './blocking-io-in-handler';
import { outboundCallWithoutTimeout } from './outbound-call-without-timeout';
import { queryInLoop } from './query-in-loop';
import { sequentialAwaitInLoop } from './sequential-await-in-loop';

export const performanceRules: Rule[] = [
  blockingIoInHandler,
  outboundCallWithoutTimeout,
  queryInLoop,
  sequentialAwaitInLoop,
];
