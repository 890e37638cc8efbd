/** The dashboard and analytics body (vobiz-api.md 1.2). */
import { Type } from 'typebox';
import type { getPartnerAnalytics } from '../../domain/analytics/partner-analytics';
import { IsoDate, Timestamp } from '../schemas/common';
import { PartnerProfileBody, toWirePartnerProfile } from './partner-profile.schemas';

export const AnalyticsQuery = Type.Object({
  from_date: Type.Optional(IsoDate),
  to_date: Type.Optional(IsoDate),
});

const CallFigures = Type.Object({
  total_calls: Type.Integer(),
  answered_calls: Type.Integer(),
  total_minutes: Type.Number({ description: 'Talk time (billsec) in minutes, 2 decimals' }),
  total_cost: Type.String({ examples: ['108.24'], description: '2 decimals' }),
});

const DirectionFigures = Type.Object({
  total_calls: Type.Integer(),
  answered_calls: Type.Integer(),
  total_minutes: Type.Number(),
});

export const AnalyticsBody = Type.Object({
  partner: Type.Object({ ...PartnerProfileBody.properties, balance: Type.Null() }),
  period: Type.Object({ from: IsoDate, to: IsoDate }),
  accounts: Type.Object({
    total: Type.Integer(),
    active: Type.Integer(),
    customers: Type.Array(Type.Object({
      auth_id: Type.String(),
      name: Type.String(),
      email: Type.String(),
      phone: Type.String(),
      is_active: Type.Boolean(),
      created_at: Timestamp,
    }), { description: 'Newest first, at most 100; accounts.total counts all' }),
  }),
  total_balance: Type.String({ description: "Sum of the customers' wallets, 2 decimals" }),
  currency: Type.String(),
  calls: CallFigures,
  traffic: Type.Object({ inbound: CallFigures, outbound: CallFigures }),
  by_product: Type.Object({ sip_trunking: CallFigures, voice_api: CallFigures }),
  time_series: Type.Array(Type.Object({
    date: IsoDate,
    ...CallFigures.properties,
    inbound: DirectionFigures,
    outbound: DirectionFigures,
  })),
});

export function toWireAnalytics(analytics: Awaited<ReturnType<typeof getPartnerAnalytics>>) {
  const { profile, accounts, ...rest } = analytics;
  return {
    ...rest,
    partner: {
      ...toWirePartnerProfile(profile),
      balance: null,
    },
    accounts: {
      ...accounts,
      customers: accounts.customers.map((customer) => ({
        auth_id: customer.auth_id,
        name: customer.name,
        email: customer.email,
        phone: customer.phone ?? '',
        is_active: customer.status === 'active',
        created_at: customer.created_at.toISOString(),
      })),
    },
  };
}
