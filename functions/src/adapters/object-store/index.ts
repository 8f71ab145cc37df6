import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type * as Storage from '@aws-sdk/lib-storage';
import type * as Presigner from '@aws-sdk/s3-request-presigner';

/** Where files (exports) are written and how they are handed out. */
export interface ObjectStore {
  /**
   * Streams `body` into `key` (S3 multipart upload: parts of 5 MB leave as
   * they fill, so memory stays flat whatever the size). Resolves once stored.
   */
  upload(key: string, body: Readable, meta: { contentType: string; fileName: string }): Promise<void>;
  /** A link that downloads `key` for `ttlSeconds`, as `fileName`. */
  signedUrl(key: string, ttlSeconds: number, fileName: string): Promise<string>;
}

/**
 * S3 through the AWS SDK (locally an S3-compatible server at `endpoint`,
 * path-style, with s3rver's fixed credentials). The SDK is loaded on first
 * use: only the export functions ever touch it.
 */
export function s3ObjectStore(options: { bucket: string; region: string; endpoint?: string | undefined }): ObjectStore {
  let sdk:
    | Promise<{
        client: S3.S3Client;
        s3: typeof S3;
        storage: typeof Storage;
        presigner: typeof Presigner;
      }>
    | undefined;
  const load = () =>
    (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage'), import('@aws-sdk/s3-request-presigner')]).then(([s3, storage, presigner]) => ({
      s3,
      storage,
      presigner,
      client: new s3.S3Client({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
      }),
    })).catch((error: unknown) => {
      sdk = undefined;
      throw error;
    }));
  return {
    async upload(key, body, meta) {
      const { client, storage } = await load();
      const upload = new storage.Upload({
        client,
        params: { Bucket: options.bucket, Key: key, Body: body, ContentType: meta.contentType, ContentDisposition: disposition(meta.fileName) },
        // One part in flight at a time: a part is 5 MB of memory, and the rows come no faster than DynamoDB gives them.
        queueSize: 1,
        partSize: 5 * 1024 * 1024,
      });
      await upload.done();
    },
    async signedUrl(key, ttlSeconds, fileName) {
      const { client, s3, presigner } = await load();
      return presigner.getSignedUrl(client, new s3.GetObjectCommand({ Bucket: options.bucket, Key: key, ResponseContentDisposition: disposition(fileName) }), { expiresIn: ttlSeconds });
    },
  };
}

/** `attachment` with the file name in UTF-8 (RFC 6266/5987), and an ASCII fallback. */
const disposition = (fileName: string): string => `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
