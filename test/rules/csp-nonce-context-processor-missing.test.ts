import rule from '../../rules/csp-nonce-context-processor-missing.ts';
import { testRule } from '../helpers/rule-tester.ts';

// security.W027 (Django 6.1+): ContentSecurityPolicyMiddleware on, SECURE_CSP or SECURE_CSP_REPORT_ONLY uses
// CSP.NONCE in a directive, and no TEMPLATES engine lists 'django.template.context_processors.csp'.
const CSPM = "from django.utils.csp import CSP\nMIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']";
const NONCE_POLICY = "SECURE_CSP = {'default-src': [CSP.SELF], 'script-src': [CSP.SELF, CSP.NONCE]}";
const templates = (processors: string) =>
  `TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True, 'OPTIONS': {'context_processors': [${processors}]}}]`;
const CP = "'django.template.context_processors.csp'";
const REQ = "'django.template.context_processors.request'";

testRule(rule, {
  valid: [
    { name: 'nonce used and the csp context processor listed', code: `${CSPM}\n${NONCE_POLICY}\n${templates(`${REQ}, ${CP}`)}` },
    { name: 'no nonce in the policy', code: `${CSPM}\nSECURE_CSP = {'default-src': [CSP.SELF]}\n${templates(REQ)}` },
    { name: 'no policies at all (defaults {})', code: `${CSPM}\n${templates(REQ)}` },
    { name: 'policy None', code: `${CSPM}\nSECURE_CSP = None\n${templates(REQ)}` },
    {
      name: 'the processor in the second engine is enough',
      code: `${CSPM}\nSECURE_CSP_REPORT_ONLY = {'script-src': [CSP.NONCE]}\nTEMPLATES = [\n    {'BACKEND': 'django.template.backends.jinja2.Jinja2', 'OPTIONS': {}},\n    {'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {'context_processors': [${CP}]}},\n]`,
    },
    { name: 'without ContentSecurityPolicyMiddleware', code: `from django.utils.csp import CSP\n${NONCE_POLICY}\n${templates(REQ)}`, status: 'skipped' },
    { name: 'Django 6.0 has no W027', code: `${CSPM}\n${NONCE_POLICY}\n${templates(REQ)}`, django: { major: 6, minor: 0 }, status: 'skipped' },
    { name: 'Django 3.2 has no W027', code: `${CSPM}\n${NONCE_POLICY}\n${templates(REQ)}`, django: { major: 3, minor: 2 }, status: 'skipped' },
    { name: 'a directive from a missing env var', code: `import os\n${CSPM}\nSECURE_CSP = {'script-src': [CSP.SELF, os.environ['SCRIPT_SRC']]}\n${templates(REQ)}`, status: 'unknown' },
    { name: 'TEMPLATES processors from a missing env var', code: `import os\n${CSPM}\n${NONCE_POLICY}\n${templates("os.environ['PROCESSOR']")}`, status: 'unknown' },
    { name: 'nonce only when runserver is in sys.argv', code: `import sys\n${CSPM}\nSECURE_CSP = {'script-src': [CSP.NONCE] if 'runserver' in sys.argv else [CSP.SELF]}\n${templates(REQ)}`, status: 'unknown' },
    { name: 'the processor decides it even when a directive is unknown', code: `import os\n${CSPM}\nSECURE_CSP = {'script-src': [CSP.SELF, os.environ['SCRIPT_SRC']]}\n${templates(CP)}` },
  ],
  invalid: [
    { code: `${CSPM}\n${NONCE_POLICY}\n${templates(REQ)}`, errors: [{ messageId: 'missing', line: 4 }] },
    { name: 'nonce in SECURE_CSP_REPORT_ONLY only', code: `${CSPM}\nSECURE_CSP_REPORT_ONLY = {'style-src': [CSP.NONCE]}\n${templates(REQ)}`, errors: [{ messageId: 'missing', line: 4 }] },
    { name: 'a directive whose value is the nonce itself', code: `${CSPM}\nSECURE_CSP = {'script-src': CSP.NONCE}\n${templates(REQ)}`, errors: [{ messageId: 'missing', line: 4 }] },
    { name: 'a tuple directive', code: `${CSPM}\nSECURE_CSP = {'script-src': (CSP.SELF, CSP.NONCE)}\n${templates('')}`, errors: [{ messageId: 'missing', line: 4 }] },
    { name: 'TEMPLATES unset: the finding points at the settings module', code: `${CSPM}\n${NONCE_POLICY}`, errors: [{ messageId: 'missing', line: 1 }] },
    {
      name: 'the processor listed outside OPTIONS does not count',
      code: `${CSPM}\n${NONCE_POLICY}\nTEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'context_processors': [${CP}]}]`,
      errors: [{ messageId: 'missing', line: 4 }],
    },
    {
      name: 'TEMPLATES in a base module',
      code: `from .base import *\n${CSPM}\n${NONCE_POLICY}`,
      files: { 'mysite/base.py': `DEBUG = False\n${templates(REQ)}\n` },
      errors: [{ messageId: 'missing', line: 2, file: 'mysite/base.py' }],
    },
    {
      name: 'a later TEMPLATES assignment drops the processor',
      code: `${CSPM}\n${NONCE_POLICY}\n${templates(CP)}\n${templates(REQ)}`,
      errors: [{ messageId: 'missing', line: 5 }],
    },
  ],
});
