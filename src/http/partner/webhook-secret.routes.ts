/**
 * The partner's webhook signing secret (beyond Vobiz, whose partner signing is UNKNOWN): read it
 * to verify deliveries, rotate it when it leaks. After a rotation the old secret keeps signing
 * alongside the new one for a grace period, so receivers can switch without losing deliveries.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  getWebhookSecret,
  rotateWebhookSecret,
  type WebhookSecret,
} from '../../domain/webhooks/webhook-secrets';
import { errorResponses, Nullable, Timestamp } from '../schemas/common';

const WebhookSecretBody = Type.Object({
  secret: Type.String({
    description: 'whsec_ + base64 of 32 random bytes. Standard Webhooks key: the base64 part ' +
      'decoded; X-Vobiz-Signature key: the whole string',
    examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  }),
  created_at: Timestamp,
  previous_secret_expires_at: Nullable(Timestamp),
});

function toWire(secret: WebhookSecret) {
  return {
    secret: secret.secret,
    created_at: secret.createdAt.toISOString(),
    previous_secret_expires_at: secret.previousSecretExpiresAt?.toISOString() ?? null,
  };
}

export const webhookSecretRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, sealer, clock } = deps;
  app.get('/webhook-secret', {
    schema: {
      tags: ['partner'],
      summary: 'The webhook signing secret (created on first read)',
      response: { 200: WebhookSecretBody, ...errorResponses(401, 403) },
    },
  }, async (request) => toWire(await getWebhookSecret(db, sealer, request.partner, clock())));

  app.post('/webhook-secret', {
    schema: {
      tags: ['partner'],
      summary: 'Rotate the webhook signing secret; the previous one still signs for 24 hours',
      response: { 200: WebhookSecretBody, ...errorResponses(401, 403) },
    },
  }, async (request) => toWire(await rotateWebhookSecret(db, sealer, request.partner, clock())));
};
