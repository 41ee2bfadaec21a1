import type { Rule } from '../src/engine/rule.ts';
import allowedHostsEmpty from './allowed-hosts-empty.ts';
import allowedHostsWildcard from './allowed-hosts-wildcard.ts';
import asyncUnsafeAllowed from './async-unsafe-allowed.ts';
import cacheLocationExposed from './cache-location-exposed.ts';
import contentTypeNosniffDisabled from './content-type-nosniff-disabled.ts';
import cookieSamesiteWeak from './cookie-samesite-weak.ts';
import crossOriginOpenerPolicyInvalid from './cross-origin-opener-policy-invalid.ts';
import cspMissing from './csp-missing.ts';
import cspNonceContextProcessorMissing from './csp-nonce-context-processor-missing.ts';
import cspSettingInvalid from './csp-setting-invalid.ts';
import cspUnsafeSource from './csp-unsafe-source.ts';
import csrfCookieInsecure from './csrf-cookie-insecure.ts';
import csrfFailureViewInvalid from './csrf-failure-view-invalid.ts';
import csrfMiddlewareMissing from './csrf-middleware-missing.ts';
import csrfTrustedOriginsInsecure from './csrf-trusted-origins-insecure.ts';
import databasePasswordCommitted from './database-password-committed.ts';
import databaseSslMissing from './database-ssl-missing.ts';
import debugEnabled from './debug-enabled.ts';
import debugEnvDefault from './debug-env-default.ts';
import djangoAdminExposed from './django-admin-exposed.ts';
import djangoDebugPage from './django-debug-page.ts';
import djangoVersionUnsupported from './django-version-unsupported.ts';
import driftCookieSecure from './drift-cookie-secure.ts';
import driftDebug from './drift-debug.ts';
import driftHsts from './drift-hsts.ts';
import driftNosniff from './drift-nosniff.ts';
import driftReferrerPolicy from './drift-referrer-policy.ts';
import driftSslRedirect from './drift-ssl-redirect.ts';
import driftXFrameOptions from './drift-x-frame-options.ts';
import emailTlsMissing from './email-tls-missing.ts';
import headerClickjackingMissing from './header-clickjacking-missing.ts';
import headerCoopMissing from './header-coop-missing.ts';
import headerCspMissing from './header-csp-missing.ts';
import headerCspUnsafe from './header-csp-unsafe.ts';
import headerNosniffMissing from './header-nosniff-missing.ts';
import headerReferrerPolicyWeak from './header-referrer-policy-weak.ts';
import headerServerVersion from './header-server-version.ts';
import headerXXssProtectionEnabled from './header-x-xss-protection-enabled.ts';
import hstsHeaderInvalid from './hsts-header-invalid.ts';
import hstsHeaderMissing from './hsts-header-missing.ts';
import hstsHeaderShort from './hsts-header-short.ts';
import hstsHeaderSubdomainsMissing from './hsts-header-subdomains-missing.ts';
import hstsIncludeSubdomainsMissing from './hsts-include-subdomains-missing.ts';
import hstsPreloadIneligible from './hsts-preload-ineligible.ts';
import hstsPreloadMissing from './hsts-preload-missing.ts';
import hstsPreloadRequirements from './hsts-preload-requirements.ts';
import hstsSecondsMissing from './hsts-seconds-missing.ts';
import hstsSecondsTooShort from './hsts-seconds-too-short.ts';
import httpsRedirectFirstHop from './https-redirect-first-hop.ts';
import httpsRedirectMissing from './https-redirect-missing.ts';
import httpsRedirectTemporary from './https-redirect-temporary.ts';
import loggingMissing from './logging-missing.ts';
import nginxForwardedProtoMissing from './nginx-forwarded-proto-missing.ts';
import nginxHttpRedirectMissing from './nginx-http-redirect-missing.ts';
import nginxServerTokens from './nginx-server-tokens.ts';
import nginxTlsProtocolsOld from './nginx-tls-protocols-old.ts';
import passwordHasherWeak from './password-hasher-weak.ts';
import passwordValidationWeak from './password-validation-weak.ts';
import proxyHeaderForgeable from './proxy-header-forgeable.ts';
import redirectDowngrade from './redirect-downgrade.ts';
import redirectLoop from './redirect-loop.ts';
import referrerPolicyInvalid from './referrer-policy-invalid.ts';
import referrerPolicyMissing from './referrer-policy-missing.ts';
import secretKeyCommitted from './secret-key-committed.ts';
import secretKeyFallbacksWeak from './secret-key-fallbacks-weak.ts';
import secretKeyPlaceholder from './secret-key-placeholder.ts';
import secretKeyWeak from './secret-key-weak.ts';
import secureFlagEnvDefault from './secure-flag-env-default.ts';
import securityMiddlewareMissing from './security-middleware-missing.ts';
import sessionCookieAgeLong from './session-cookie-age-long.ts';
import sessionCookieHttponlyDisabled from './session-cookie-httponly-disabled.ts';
import sessionCookieInsecure from './session-cookie-insecure.ts';
import setCookieHttponlyMissing from './set-cookie-httponly-missing.ts';
import setCookiePrefixInvalid from './set-cookie-prefix-invalid.ts';
import setCookieSamesiteWeak from './set-cookie-samesite-weak.ts';
import setCookieSecureMissing from './set-cookie-secure-missing.ts';
import sslRedirectDisabled from './ssl-redirect-disabled.ts';
import sslRedirectLoop from './ssl-redirect-loop.ts';
import staticManifestStorageMissing from './static-manifest-storage-missing.ts';
import staticRootMissing from './static-root-missing.ts';
import suppressionCommentInvalid from './suppression-comment-invalid.ts';
import tlsCertificateExpired from './tls-certificate-expired.ts';
import tlsCertificateExpiring from './tls-certificate-expiring.ts';
import tlsCertificateHostnameMismatch from './tls-certificate-hostname-mismatch.ts';
import tlsCertificateUntrusted from './tls-certificate-untrusted.ts';
import tlsCertificateWeakKey from './tls-certificate-weak-key.ts';
import tlsCertificateWeakSignature from './tls-certificate-weak-signature.ts';
import tlsProtocol13Missing from './tls-protocol-13-missing.ts';
import tlsProtocolLegacy from './tls-protocol-legacy.ts';
import tlsProtocolModernMissing from './tls-protocol-modern-missing.ts';
import whitenoiseMiddlewareOrder from './whitenoise-middleware-order.ts';
import xFrameOptionsNotDeny from './x-frame-options-not-deny.ts';
import xframeMiddlewareMissing from './xframe-middleware-missing.ts';
import xssFilterSettingObsolete from './xss-filter-setting-obsolete.ts';

/** Every built-in rule, in id order. A rule file that is not listed here fails the meta tests. */
export const builtinRules: readonly Rule[] = [
  allowedHostsEmpty,
  allowedHostsWildcard,
  asyncUnsafeAllowed,
  cacheLocationExposed,
  contentTypeNosniffDisabled,
  cookieSamesiteWeak,
  crossOriginOpenerPolicyInvalid,
  cspMissing,
  cspNonceContextProcessorMissing,
  cspSettingInvalid,
  cspUnsafeSource,
  csrfCookieInsecure,
  csrfFailureViewInvalid,
  csrfMiddlewareMissing,
  csrfTrustedOriginsInsecure,
  databasePasswordCommitted,
  databaseSslMissing,
  debugEnabled,
  debugEnvDefault,
  djangoAdminExposed,
  djangoDebugPage,
  djangoVersionUnsupported,
  driftCookieSecure,
  driftDebug,
  driftHsts,
  driftNosniff,
  driftReferrerPolicy,
  driftSslRedirect,
  driftXFrameOptions,
  emailTlsMissing,
  headerClickjackingMissing,
  headerCoopMissing,
  headerCspMissing,
  headerCspUnsafe,
  headerNosniffMissing,
  headerReferrerPolicyWeak,
  headerServerVersion,
  headerXXssProtectionEnabled,
  hstsHeaderInvalid,
  hstsHeaderMissing,
  hstsHeaderShort,
  hstsHeaderSubdomainsMissing,
  hstsIncludeSubdomainsMissing,
  hstsPreloadIneligible,
  hstsPreloadMissing,
  hstsPreloadRequirements,
  hstsSecondsMissing,
  hstsSecondsTooShort,
  httpsRedirectFirstHop,
  httpsRedirectMissing,
  httpsRedirectTemporary,
  loggingMissing,
  nginxForwardedProtoMissing,
  nginxHttpRedirectMissing,
  nginxServerTokens,
  nginxTlsProtocolsOld,
  passwordHasherWeak,
  passwordValidationWeak,
  proxyHeaderForgeable,
  redirectDowngrade,
  redirectLoop,
  referrerPolicyInvalid,
  referrerPolicyMissing,
  secretKeyCommitted,
  secretKeyFallbacksWeak,
  secretKeyPlaceholder,
  secretKeyWeak,
  secureFlagEnvDefault,
  securityMiddlewareMissing,
  sessionCookieAgeLong,
  sessionCookieHttponlyDisabled,
  sessionCookieInsecure,
  setCookieHttponlyMissing,
  setCookiePrefixInvalid,
  setCookieSamesiteWeak,
  setCookieSecureMissing,
  sslRedirectDisabled,
  sslRedirectLoop,
  staticManifestStorageMissing,
  staticRootMissing,
  suppressionCommentInvalid,
  tlsCertificateExpired,
  tlsCertificateExpiring,
  tlsCertificateHostnameMismatch,
  tlsCertificateUntrusted,
  tlsCertificateWeakKey,
  tlsCertificateWeakSignature,
  tlsProtocol13Missing,
  tlsProtocolLegacy,
  tlsProtocolModernMissing,
  whitenoiseMiddlewareOrder,
  xFrameOptionsNotDeny,
  xframeMiddlewareMissing,
  xssFilterSettingObsolete,
];
