/**
 * POST /api/v1/internal/edge/calls: the SIP edge (Kamailio) asks what to do with a new INVITE.
 * The answer is always 200 with a flat JSON decision (Kamailio's jansson reads flat keys): a SIP
 * reply to send, or a call to relay. Anything else (401, 5xx, a timeout) makes the edge fail
 * the call closed with 503.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { type EdgeDecision, decideEdgeCall } from '../../domain/edge/call-admissions';
import { createRatingTierCache } from '../../domain/edge/rating-tier-caches';
import { errorResponses } from '../schemas/common';

const Text = (description: string, maxLength: number) =>
  Type.String({ maxLength, description });

const EdgeCallBody = Type.Object({
  edge_id: Text('The asking edge (its SIP listen address)', 64),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  domain: Text('Outbound: the trunk domain the PBX dialled', 253),
  trunk_id: Type.Union([Type.Literal(''), Type.String({ format: 'uuid' })], {
    description: 'Outbound: the trunk the edge authenticated the PBX for; inbound: empty',
  }),
  source_ip: Type.String({ format: 'ipv4', description: 'Where the INVITE came from' }),
  caller: Text('From user part', 64),
  callee: Text('Request-URI user part', 64),
  call_id: Text('SIP Call-ID', 255),
  user_agent: Text('SIP User-Agent', 255),
  edge_started: Type.Integer({
    minimum: 0, description: 'When the asking Kamailio started, epoch seconds ($Tb)',
  }),
});

const EdgeDecisionBody = Type.Object({
  action: Type.Union([Type.Literal('reply'), Type.Literal('relay')]),
  code: Type.Integer({ description: 'reply: the SIP status to send; relay: 0' }),
  reason: Type.String({ description: 'reply: the reason phrase (also the Reason header text)' }),
  retry_after: Type.Integer({ description: 'reply 503: seconds for Retry-After, 0 for none' }),
  call_uuid: Type.String({ description: 'relay: the call (its CDR uuid)' }),
  max_duration: Type.Integer({ description: 'relay: seconds until the edge ends the call' }),
  destination: Type.String({ description: 'relay: the E.164 number to dial' }),
  primary_uri: Type.String({ description: 'relay inbound: the PBX to ring' }),
  fallback_uri: Type.String({ description: 'relay inbound: where to fail over, or empty' }),
});

function toWireDecision(decision: EdgeDecision) {
  const base = {
    code: 0, reason: '', retry_after: 0, call_uuid: '', max_duration: 0,
    destination: '', primary_uri: '', fallback_uri: '',
  };
  return { ...base, ...decision };
}

export const internalEdgeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db } = deps;
  const options = {
    callerIdPolicy: deps.sipCallerIdPolicy ?? 'owned',
    tiers: createRatingTierCache(),
  } as const;
  app.post('/edge/calls', {
    schema: {
      tags: ['internal'],
      summary: 'Decide a new SIP call (the edge asks once per INVITE)',
      body: EdgeCallBody,
      response: { 200: EdgeDecisionBody, ...errorResponses(401, 422) },
    },
  }, async (request) => toWireDecision(await decideEdgeCall(db, request.body, options)));
};
