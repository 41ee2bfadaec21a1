import { describe, expect, it } from 'vitest';
import { sharedSuffix } from '../../rules/_hosts.ts';
import rule from '../../rules/allowed-hosts-wildcard.ts';
import { runRule, testRule } from '../helpers/rule-tester.ts';

// Django's validate_host: '*' matches anything; '.x' matches x and every subdomain (pattern lowercased).
const OS = 'import os\n';

testRule(rule, {
  valid: [
    "ALLOWED_HOSTS = ['www.example.com']",
    { name: 'a dot entry for a domain you own', code: "ALLOWED_HOSTS = ['.example.com', '.example.co.uk']" },
    { name: 'your own app on a platform', code: "ALLOWED_HOSTS = ['myapp.herokuapp.com', 'myapp.fly.dev']" },
    { name: 'the platform domain without a dot is one host', code: "ALLOWED_HOSTS = ['herokuapp.com']" },
    { name: 'local names are not public suffixes', code: "ALLOWED_HOSTS = ['.localhost', '.local', '.internal', '127.0.0.1', '[::1]']" },
    { name: "'*.example.com' is not a wildcard in Django", code: "ALLOWED_HOSTS = ['*.example.com', '.*']" },
    { name: "' *' is not '*'", code: "ALLOWED_HOSTS = [' *']" },
    { name: 'empty (allowed-hosts-empty reports it)', code: 'ALLOWED_HOSTS = []' },
    { name: 'not set', code: 'DEBUG = False' },
    { name: 'a tuple', code: "ALLOWED_HOSTS = ('example.com',)" },
    { name: 'a string is iterated character by character', code: "ALLOWED_HOSTS = 'example.com'" },
    { name: 'from the environment', code: `${OS}ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')`, env: { ALLOWED_HOSTS: 'example.com,www.example.com' } },
    { name: 'a required variable that is not exported', code: `${OS}ALLOWED_HOSTS = os.environ['ALLOWED_HOSTS'].split(',')`, status: 'unknown' },
    { name: 'an unknown entry next to good ones', code: `${OS}ALLOWED_HOSTS = ['example.com', os.environ['EXTRA_HOST']]`, status: 'unknown' },
    { name: 'unknown extra entries', code: `${OS}ALLOWED_HOSTS = ['example.com', *os.environ['HOSTS'].split(',')]`, status: 'unknown' },
  ],
  invalid: [
    { code: "ALLOWED_HOSTS = ['*']", errors: [{ messageId: 'star', line: 1 }] },
    { name: "'*' among real hosts", code: "DEBUG = False\nALLOWED_HOSTS = ['example.com', '*']", errors: [{ messageId: 'star', line: 2 }] },
    { name: "'*' wins over unknown entries", code: `${OS}ALLOWED_HOSTS = [os.environ['HOST'], '*']`, errors: [{ messageId: 'star', line: 2 }] },
    { name: "the string '*'", code: "ALLOWED_HOSTS = '*'", errors: [{ messageId: 'star', line: 1 }] },
    { name: 'a set', code: "ALLOWED_HOSTS = {'*'}", errors: [{ messageId: 'star', line: 1 }] },
    { name: "the env default '*' when the variable is not exported", code: `${OS}ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '*').split(',')`, errors: [{ messageId: 'star', line: 2 }] },
    { name: "an exported '*'", code: `${OS}ALLOWED_HOSTS = os.environ['ALLOWED_HOSTS'].split(',')`, env: { ALLOWED_HOSTS: 'example.com,*' }, errors: [{ messageId: 'star', line: 2 }] },
    { name: 'a top-level domain', code: "ALLOWED_HOSTS = ['.com']", errors: [{ messageId: 'sharedSuffix', line: 1 }] },
    { name: 'a country-code domain in capitals', code: "ALLOWED_HOSTS = ['.DE']", errors: [{ messageId: 'sharedSuffix', line: 1 }] },
    { name: 'a second-level public suffix', code: "ALLOWED_HOSTS = ['example.co.uk', '.co.uk']", errors: [{ messageId: 'sharedSuffix', line: 1 }] },
    {
      name: 'platform domains, one finding per entry',
      code: "ALLOWED_HOSTS = [\n    '.herokuapp.com',\n    '.vercel.app',\n    'example.com',\n    '.up.railway.app',\n]",
      errors: [
        { messageId: 'sharedSuffix', line: 1 },
        { messageId: 'sharedSuffix', line: 1 },
        { messageId: 'sharedSuffix', line: 1 },
      ],
    },
    { name: 'a shared suffix next to an unknown entry still fires', code: `${OS}ALLOWED_HOSTS = [os.environ['HOST'], '.ngrok-free.app']`, errors: [{ messageId: 'sharedSuffix', line: 2 }] },
    {
      name: 'set in a base module, extended in the settings',
      code: "from .base import *\nALLOWED_HOSTS += ['.onrender.com']",
      files: { 'mysite/base.py': "DEBUG = False\nALLOWED_HOSTS = ['example.com']\n" },
      errors: [{ messageId: 'sharedSuffix', line: 2 }],
    },
    {
      name: 'set in a base module',
      code: 'from .base import *\nDEBUG = False',
      files: { 'mysite/base.py': "X = 1\n\nALLOWED_HOSTS = ['*']\n" },
      errors: [{ messageId: 'star', line: 3, file: 'mysite/base.py' }],
    },
  ],
});

describe('allowed-hosts-wildcard', () => {
  it("'*' is an error and names nothing else", () => {
    const outcome = runRule(rule, { code: "ALLOWED_HOSTS = ['*', '.com']" });
    expect(outcome.findings.map((f) => [f.messageId, f.severity, f.message])).toEqual([['star', 'error', "ALLOWED_HOSTS contains '*': any Host header is accepted"]]);
  });

  it('a shared suffix is a warning that names the entry as written', () => {
    const outcome = runRule(rule, { code: "ALLOWED_HOSTS = ['.HerokuApp.com', '.io']" });
    expect(outcome.findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', "ALLOWED_HOSTS entry '.HerokuApp.com' matches hosts under a shared hosting domain"],
      ['warning', "ALLOWED_HOSTS entry '.io' matches hosts under a public suffix"],
    ]);
  });

  it('classifies suffixes', () => {
    expect(['com', 'uk', 'io', 'co.uk', 'com.au', 'github.io', 'amazonaws.com', 'example.com', 'localhost', 'local', 'myapp.herokuapp.com'].map(sharedSuffix)).toEqual([
      'a public suffix',
      'a public suffix',
      'a public suffix',
      'a public suffix',
      'a public suffix',
      'a shared hosting domain',
      'a shared hosting domain',
      null,
      null,
      null,
      null,
    ]);
  });
});
