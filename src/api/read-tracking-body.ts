import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip, inflate, inflateRaw } from 'node:zlib';
import { AppError } from '../core/errors.js';

/**
 * How much larger than its compressed form a body may be. JSON batches of similar events
 * compress 10–40×; a zip bomb compresses about 1000×. Bodies that inflate to under
 * RATIO_FREE_BYTES are never refused for their ratio (a tiny body of repeated spaces is harmless).
 */
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_FREE_BYTES = 64 * 1024;

export type ReadTrackingBodyOptions = {
  /** The request's Content-Encoding header. */
  contentEncoding: string | string[] | undefined;
  /** The limit on the body as stored: applies to the decompressed bytes, and to the bytes on the wire. */
  maxBytes: number;
};

const inflaters = { gzip: promisify(gunzip), zlib: promisify(inflate), raw: promisify(inflateRaw) };

/** RFC 9110 "deflate" is zlib-wrapped, but some clients send raw deflate: a zlib header says which. */
const hasZlibHeader = (bytes: Buffer): boolean =>
  bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;

async function readAtMost(payload: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > maxBytes) {
      throw new AppError('payload_too_large', `The body is over ${maxBytes} bytes, larger than this endpoint accepts.`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

async function decompress(bytes: Buffer, encoding: 'gzip' | 'deflate', maxBytes: number): Promise<Buffer> {
  // The output limit is checked while inflating (maxOutputLength), so a bomb never takes
  // more than this much memory.
  const byRatio = Math.max(bytes.length * MAX_COMPRESSION_RATIO, RATIO_FREE_BYTES);
  const limit = Math.min(maxBytes, byRatio);
  const inflater = encoding === 'gzip' ? inflaters.gzip : hasZlibHeader(bytes) ? inflaters.zlib : inflaters.raw;
  try {
    return await inflater(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw limit === maxBytes
        ? new AppError('payload_too_large', `The body decompresses to over ${maxBytes} bytes, larger than this endpoint accepts.`)
        : new AppError(
            'payload_too_large',
            `The body decompresses to over ${MAX_COMPRESSION_RATIO} times its compressed size; send it in smaller batches or uncompressed.`,
          );
    }
    throw new AppError('validation_failed', `The body is not valid ${encoding} data (Content-Encoding: ${encoding}).`, { cause: error });
  }
}

/**
 * The body of a /v1 request as Segment's API reads it: JSON whatever the Content-Type says
 * (RudderStack's Node SDK sends gzip with a form content type, sendBeacon sends text/plain),
 * gzip- or deflate-compressed when Content-Encoding says so. Sizes are limited on the wire
 * and after decompression, and the compression ratio is capped.
 *
 * @example
 *   const body = await readTrackingBody(request.raw, { contentEncoding: 'gzip', maxBytes: 2 * 1024 * 1024 });
 */
export async function readTrackingBody(payload: Readable, options: ReadTrackingBodyOptions): Promise<unknown> {
  const header = Array.isArray(options.contentEncoding) ? options.contentEncoding.join(',') : (options.contentEncoding ?? '');
  const encodings = header
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part && part !== 'identity');
  if (encodings.length > 1) {
    throw new AppError('validation_failed', `Content-Encoding "${header}" stacks encodings; send one of gzip or deflate.`);
  }
  const encoding = encodings[0] === 'x-gzip' ? 'gzip' : encodings[0];
  if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'deflate') {
    throw new AppError('validation_failed', `Content-Encoding "${header}" is not supported: send the body uncompressed, gzip or deflate.`);
  }
  const wire = await readAtMost(payload, options.maxBytes);
  const bytes = encoding ? await decompress(wire, encoding, options.maxBytes) : wire;
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw new AppError('validation_failed', 'The body is empty: send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('validation_failed', 'The body is not valid JSON.');
  }
}
