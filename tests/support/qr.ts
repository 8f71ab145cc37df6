import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Reads a QR code back from a PNG (with an independent decoder): the text it carries. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data ?? null;
}
