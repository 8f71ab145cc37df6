// Stands in for `thread-stream` in the Lambda bundles (serverless.yml `custom.esbuild.alias`).
// pino requires it when loaded, for `pino.transport()` (logs shipped from a worker thread);
// our functions log JSON lines to stdout, which Lambda hands to CloudWatch, and never start a
// transport (logger.ts). Reaching it is a programmer error, said at once.
'use strict';
module.exports = class ThreadStream {
  constructor() {
    throw new Error('thread-stream is not in this bundle: Lambda logs go to stdout, not through a pino transport');
  }
};
