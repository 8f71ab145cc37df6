// Stands in for `@fidm/x509` in the Lambda bundles (serverless.yml `custom.esbuild.alias`).
// wechatpay-node-v3 requires it when loaded, but reads certificates only in `getSN` (never
// called: we always give `serial_no`) and `getCertificates` (never called: WeChat Pay's keys
// and platform certificates are loaded and checked by our own code, keys.ts and signature.ts). With it
// would come tweetnacl and @fidm/asn1 (~75 KB minified) into every paying function.
// Reaching it is a programmer error, said at once.
'use strict';
const refuse = () => {
  throw new Error('@fidm/x509 is not in this bundle: WeChat Pay keys are read by verify.ts, and serial_no is always given');
};
module.exports = { Certificate: { fromPEM: refuse }, PublicKey: { fromPEM: refuse }, PrivateKey: { fromPEM: refuse } };
