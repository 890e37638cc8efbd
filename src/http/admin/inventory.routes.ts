/**
 * Operator inventory upload: POST /api/v1/admin/inventory/numbers with a JSON array of numbers
 * or a CSV file (Content-Type: text/csv, header e164,country,region,voice,sms,mms,fax,
 * setup_fee,monthly_fee,currency[,provider]). Rows are checked first; any bad row refuses the
 * whole upload (422 listing every problem with its line), so a file imports entirely or not at
 * all. Numbers already known are skipped, so an upload can be repeated.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { importInventory, parseInventoryUpload } from '../../domain/numbers/inventory';
import {
  INVENTORY_CSV_LENGTH_MAX,
  INVENTORY_IMPORT_ROWS_MAX,
  INVENTORY_TEXT_LENGTH_MAX,
} from '../../domain/numbers/inventory-imports';
import { INVENTORY_IMPORT_BODY_BYTES_MAX } from '../../limits';
import { errorResponses, MoneyInput } from '../schemas/common';

// Loose on purpose: types and lengths only. parseInventoryRow checks the meaning of each field
// and reports every problem of a row at once, with its position.
const Flag = Type.Union([Type.Boolean(), Type.String({ maxLength: 5 })]);
const ShortText = Type.String({ maxLength: INVENTORY_TEXT_LENGTH_MAX });

const InventoryItem = Type.Object({
  e164: Type.String({ maxLength: 20, examples: ['+918047181234'] }),
  country: Type.String({ maxLength: 2, examples: ['IN'] }),
  region: Type.Optional(Type.Union([ShortText, Type.Null()])),
  capabilities: Type.Optional(Type.Object({
    voice: Type.Optional(Flag), sms: Type.Optional(Flag),
    mms: Type.Optional(Flag), fax: Type.Optional(Flag),
  }, { description: 'An omitted capability is false' })),
  setup_fee: MoneyInput,
  monthly_fee: MoneyInput,
  currency: Type.String({ maxLength: 3, examples: ['INR'] }),
  provider: Type.Optional(Type.Union([ShortText, Type.Null()])),
});

const UploadBody = Type.Union([
  Type.Array(InventoryItem, { minItems: 1, maxItems: INVENTORY_IMPORT_ROWS_MAX }),
  Type.String({ minLength: 1, maxLength: INVENTORY_CSV_LENGTH_MAX, description: 'CSV (text/csv)' }),
]);

const ImportResultBody = Type.Object({
  imported: Type.Integer({ description: 'Numbers added' }),
  skipped: Type.Integer({ description: 'Numbers already known, left unchanged' }),
  total: Type.Integer({ description: 'Rows in the upload' }),
});

export const adminInventoryRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  // Only this plugin's routes read CSV bodies; everywhere else text/csv stays a 415.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: INVENTORY_IMPORT_BODY_BYTES_MAX },
    (_request, body, done) => done(null, body),
  );

  app.post('/inventory/numbers', {
    bodyLimit: INVENTORY_IMPORT_BODY_BYTES_MAX,
    schema: {
      tags: ['admin'],
      summary: 'Load numbers into the purchasable inventory (JSON array or text/csv)',
      body: UploadBody,
      response: { 200: ImportResultBody, ...errorResponses(401, 413, 415, 422) },
    },
  }, async (request) => {
    const rows = parseInventoryUpload(request.body);
    const result = await importInventory(db, rows);
    return { ...result, total: rows.length };
  });
};
