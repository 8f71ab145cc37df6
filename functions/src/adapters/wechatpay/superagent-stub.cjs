// Stands in for `superagent` in the Lambda bundles (serverless.yml `custom.esbuild.alias`).
// wechatpay-node-v3 requires it when loaded, but every call we make goes through our own
// transport (its `createHttp` hook, see transport.ts), so superagent and the multipart, form
// and query libraries it brings (~300 KB minified) would only slow every cold start.
// Reaching it is a programmer error, said at once.
'use strict';
const refuse = () => {
  throw new Error('superagent is not in this bundle: WeChat Pay calls go through transport.ts (createHttp)');
};
module.exports = { get: refuse, post: refuse, put: refuse, delete: refuse, del: refuse, request: refuse };
