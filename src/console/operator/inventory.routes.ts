/**
 * The operator's inventory import: a CSV file uploaded as multipart/form-data, imported by the
 * use case the admin API calls, all rows or none, with the refused rows listed by line. The
 * multipart parser is registered in this route's own scope (console-uploads.ts), so no other
 * console form takes files; the CSRF token is checked once the parts are read.
 */
import assert from 'node:assert/strict';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { importInventory, parseInventoryUpload } from '../../domain/numbers/inventory';
import {
  INVENTORY_CSV_LENGTH_MAX,
  INVENTORY_IMPORT_ROWS_MAX,
} from '../../domain/numbers/inventory-imports';
import {
  CONSOLE_INVENTORY_FIELD_BYTES_MAX,
  CONSOLE_INVENTORY_FILE_BYTES_MAX,
  CONSOLE_INVENTORY_PARTS_MAX,
  CONSOLE_INVENTORY_ROWS_MAX,
} from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, sendHtml } from '../console-http';
import { frameOf } from '../console-scopes';
import { uploadScope } from '../console-uploads';
import { inventoryPage } from '../views/operator-pages';

// The page promises what one import takes; a file within the bytes is within the characters.
assert.equal(CONSOLE_INVENTORY_ROWS_MAX, INVENTORY_IMPORT_ROWS_MAX);
assert.ok(CONSOLE_INVENTORY_FILE_BYTES_MAX <= INVENTORY_CSV_LENGTH_MAX);

/** `file` is the CSV's text, or null when it was larger than CONSOLE_INVENTORY_FILE_BYTES_MAX. */
const UploadBody = Type.Object({
  file: Type.Union([Type.String({ maxLength: CONSOLE_INVENTORY_FILE_BYTES_MAX }), Type.Null()]),
});

const LIMITS = {
  rows: CONSOLE_INVENTORY_ROWS_MAX,
  megabytes: CONSOLE_INVENTORY_FILE_BYTES_MAX / (1024 * 1024),
};

/** Reads the file as UTF-8 text; a file past the limit is marked, not cut short and imported. */
async function readCsvPart(part: MultipartFile & { value?: unknown }): Promise<void> {
  const bytes = await part.toBuffer();
  part.value = part.file.truncated ? null : bytes.toString('utf8');
}

export async function inventoryRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/inventory', async (request, reply) =>
    sendHtml(reply, 200, inventoryPage(frameOf(request), { limits: LIMITS })));

  const limits = {
    fileSize: CONSOLE_INVENTORY_FILE_BYTES_MAX,
    files: 1,
    fields: 1,
    parts: CONSOLE_INVENTORY_PARTS_MAX,
    fieldSize: CONSOLE_INVENTORY_FIELD_BYTES_MAX,
  };
  await uploadScope(app, { limits, onFile: readCsvPart, throwFileSizeLimit: false }, (upload) => {
    upload.post<{ Body: Static<typeof UploadBody> }>('/inventory',
      { schema: { body: UploadBody } },
      async (request, reply) => {
        const frame = frameOf(request);
        const { file } = request.body;
        if (file === null) {
          const tooLarge = [`The file is larger than ${LIMITS.megabytes} MiB.`];
          const page = inventoryPage(frame, { limits: LIMITS, rowErrors: tooLarge });
          return sendHtml(reply, 413, page);
        }
        const outcome = await attempt(() => importInventory(deps.db, parseInventoryUpload(file)));
        if (outcome.ok) {
          const page = inventoryPage(frame, { limits: LIMITS, result: outcome.value });
          return sendHtml(reply, 200, page);
        }
        const rowErrors = Object.entries(outcome.failure.fields)
          .map(([where, message]) => (where === 'body' ? message : `${where}: ${message}`));
        return sendHtml(reply, 422, inventoryPage(frame, { limits: LIMITS, rowErrors }));
      });
  });
}
