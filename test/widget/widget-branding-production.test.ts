/** With private URLs refused (production), a logo URL must be https and pass the URL guard. */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createPartner, operatorHeaders } from '../support/factories';

const t = useTestApp({ allowPrivateUrls: false });

describe('partner logo_url in production mode', () => {
  it('refuses private, loopback, metadata and plain-http logo URLs with 422 naming the field', async () => {
    const partner = await createPartner(t.current.app);
    const refused = [
      'https://10.0.0.7/logo.png', 'https://127.0.0.1/logo.png',
      'https://169.254.169.254/latest/meta-data', 'https://metadata.google.internal/logo.png',
      'http://93.184.216.34/logo.png', 'javascript:alert(1)',
    ];
    for (const logo of refused) {
      const response = await t.current.app.inject({
        method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`,
        headers: operatorHeaders, payload: { logo_url: logo },
      });
      expect(response.statusCode, logo).toBe(422);
      expect(response.body, logo).toContain('logo_url');
    }
  });
});
