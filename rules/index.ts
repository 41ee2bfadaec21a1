import type { Rule } from '../src/engine/rule.ts';
import allowedHostsEmpty from './allowed-hosts-empty.ts';
import asyncUnsafeAllowed from './async-unsafe-allowed.ts';
import cacheLocationExposed from './cache-location-exposed.ts';
import contentTypeNosniffDisabled from './content-type-nosniff-disabled.ts';
import crossOriginOpenerPolicyInvalid from './cross-origin-opener-policy-invalid.ts';
import cspNonceContextProcessorMissing from './csp-nonce-context-processor-missing.ts';
import cspSettingInvalid from './csp-setting-invalid.ts';
import csrfCookieInsecure from './csrf-cookie-insecure.ts';
import csrfFailureViewInvalid from './csrf-failure-view-invalid.ts';
import csrfMiddlewareMissing from './csrf-middleware-missing.ts';
import debugEnabled from './debug-enabled.ts';
import hstsIncludeSubdomainsMissing from './hsts-include-subdomains-missing.ts';
import hstsPreloadMissing from './hsts-preload-missing.ts';
import hstsSecondsMissing from './hsts-seconds-missing.ts';
import referrerPolicyInvalid from './referrer-policy-invalid.ts';
import referrerPolicyMissing from './referrer-policy-missing.ts';
import secretKeyFallbacksWeak from './secret-key-fallbacks-weak.ts';
import secretKeyWeak from './secret-key-weak.ts';
import securityMiddlewareMissing from './security-middleware-missing.ts';
import sessionCookieHttponlyDisabled from './session-cookie-httponly-disabled.ts';
import sessionCookieInsecure from './session-cookie-insecure.ts';
import sslRedirectDisabled from './ssl-redirect-disabled.ts';
import suppressionCommentInvalid from './suppression-comment-invalid.ts';
import xFrameOptionsNotDeny from './x-frame-options-not-deny.ts';
import xframeMiddlewareMissing from './xframe-middleware-missing.ts';

/** Every built-in rule, in id order. A rule file that is not listed here fails the meta tests. */
export const builtinRules: readonly Rule[] = [
  allowedHostsEmpty,
  asyncUnsafeAllowed,
  cacheLocationExposed,
  contentTypeNosniffDisabled,
  crossOriginOpenerPolicyInvalid,
  cspNonceContextProcessorMissing,
  cspSettingInvalid,
  csrfCookieInsecure,
  csrfFailureViewInvalid,
  csrfMiddlewareMissing,
  debugEnabled,
  hstsIncludeSubdomainsMissing,
  hstsPreloadMissing,
  hstsSecondsMissing,
  referrerPolicyInvalid,
  referrerPolicyMissing,
  secretKeyFallbacksWeak,
  secretKeyWeak,
  securityMiddlewareMissing,
  sessionCookieHttponlyDisabled,
  sessionCookieInsecure,
  sslRedirectDisabled,
  suppressionCommentInvalid,
  xFrameOptionsNotDeny,
  xframeMiddlewareMissing,
];
