/**
 * The widget's URLs, shared by the views (form actions) and the widget plugin (routes) so the
 * two cannot drift apart.
 */
export const WIDGET_PATHS = {
  entry: '/kyc/verify',
  pan: '/kyc/verify/pan',
  individual: '/kyc/verify/individual',
  digiLockerStart: '/kyc/verify/digilocker/start',
  digiLockerOtp: '/kyc/verify/digilocker/otp',
  company: '/kyc/verify/company',
} as const;
