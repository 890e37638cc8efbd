/**
 * The customer's numbers (vobiz-api.md 2.1): browse the inventory, buy, list, release, cancel a
 * release, and point a number at a trunk. E.164 in paths arrives URL-encoded (%2B).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { listInventory, parseExcludePrefixes } from '../../domain/numbers/inventory';
import {
  assignNumberToTrunk,
  listAccountNumbers,
  unassignNumber,
} from '../../domain/numbers/numbers';
import { purchaseNumber } from '../../domain/numbers/purchases';
import {
  CANCEL_RELEASE_REFUND,
  cancelRelease,
  cancelReleasePath,
  RELEASE_FEE,
  releaseNumber,
} from '../../domain/numbers/releases';
import { CustomerPathParams, errorResponses, SharedCustomerPathParams } from '../schemas/common';
import {
  AssignBody,
  AssignResultBody,
  CancelReleaseBody,
  e164FromPath,
  InventoryPageBody,
  InventoryQuery,
  NumberListQuery,
  NumberPageBody,
  SharedNumberParams,
  PurchaseBody,
  PurchaseResultBody,
  ReleaseQuery,
  ReleaseResultBody,
  toWireInventoryNumber,
  toWireNumber,
} from './numbers.schemas';

export const numbersRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, publicBaseUrl } = deps;

  app.get('/inventory/numbers', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Numbers available to buy (unowned, active)',
      params: SharedCustomerPathParams,
      querystring: InventoryQuery,
      response: { 200: InventoryPageBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { country, search, exclude, page, per_page: perPage } = request.query;
    const { rows, total } = await listInventory(db, {
      country: country?.toUpperCase(),
      search,
      excludePrefixes: parseExcludePrefixes(exclude ?? []),
      page,
      perPage,
    });
    return { items: rows.map(toWireInventoryNumber), page, per_page: perPage, total };
  });

  app.post('/numbers/purchase-from-inventory', {
    config: { idempotent: true, subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Buy a number: setup_fee + monthly_fee are debited in the same transaction ' +
        '(a sub-account\'s purchase is assigned to it and paid by its parent)',
      params: SharedCustomerPathParams,
      body: PurchaseBody,
      response: { 200: PurchaseResultBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const purchased = await purchaseNumber(request.db, request.account, request.body, clock());
    const number = toWireNumber(purchased);
    return { message: 'Number purchased successfully', number, items: [number] };
  });

  app.get('/numbers', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The account's numbers (a sub-account sees those assigned to it)",
      params: SharedCustomerPathParams,
      querystring: NumberListQuery,
      response: { 200: NumberPageBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage, search, sub_account_id: subAccountAuthId } = request.query;
    const query = { page, perPage, search, subAccountAuthId };
    const { rows, total } = await listAccountNumbers(db, request.account, query);
    return { items: rows.map(toWireNumber), page, per_page: perPage, total };
  });

  app.delete('/numbers/:e164', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Release a number: pending_release for 24 h, or at once with immediate=true',
      params: SharedNumberParams,
      querystring: ReleaseQuery,
      response: { 200: ReleaseResultBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const e164 = e164FromPath(request.params.e164);
    const { immediate } = request.query;
    const release = await releaseNumber(db, request.account, e164, { immediate }, clock());
    if (release.status === 'released') {
      return {
        status: 'released', message: 'number returned to inventory', release_fee: RELEASE_FEE,
        cooldown_ends_at: '', cancel_url: '',
      };
    }
    return {
      status: 'pending_release',
      message: 'Number scheduled for release',
      note: 'Cancel with cancel_url before cooldown_ends_at to keep the number',
      release_fee: RELEASE_FEE,
      cooldown_ends_at: release.cooldownEndsAt.toISOString(),
      cancel_url: `${publicBaseUrl}${cancelReleasePath(request.account.authId, e164)}`,
    };
  });

  app.post('/numbers/:e164/cancel-release', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Keep a number that is pending release',
      params: SharedNumberParams,
      response: { 200: CancelReleaseBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const e164 = e164FromPath(request.params.e164);
    const number = await cancelRelease(db, request.account, e164, clock());
    return {
      message: 'Release cancelled; the number is active again',
      status: 'active' as const,
      currency: number.currency,
      refund_amount: CANCEL_RELEASE_REFUND,
      refund_status: 'success' as const,
    };
  });

  app.post('/numbers/:e164/assign', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Route a number to one of the account\'s trunks',
      params: SharedNumberParams,
      body: AssignBody,
      response: { 200: AssignResultBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const e164 = e164FromPath(request.params.e164);
    const number = await assignNumberToTrunk(
      db, request.account, e164, request.body.trunk_group_id, clock(),
    );
    return { message: 'Number assigned to trunk', number: toWireNumber(number) };
  });

  app.delete('/numbers/:e164/assign', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Take a number off its trunk',
      params: SharedNumberParams,
      response: { 200: AssignResultBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const e164 = e164FromPath(request.params.e164);
    const number = await unassignNumber(db, request.account, e164, clock());
    return { message: 'Number unassigned from trunk', number: toWireNumber(number) };
  });
};
