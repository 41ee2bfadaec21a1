import { describe, expect, it } from 'vitest';
import rule from '../../rules/django-version-unsupported.ts';
import { NEWEST_DJANGO } from '../../src/engine/django.ts';
import { runRules } from '../../src/engine/run-rules.ts';
import type { RuleOutcome } from '../../src/engine/types.ts';
import { loadSnippet } from '../helpers/load.ts';
import { contextFor, runRule, testRule } from '../helpers/rule-tester.ts';

// The rule tester audits on 2026-11-21: 4.2 ended 2026-04-07, 5.1 on 2025-12-03; 5.2 runs to April 2028, 6.0 to April 2027.
const CODE = 'DEBUG = False';

function where(f: RuleOutcome['findings'][number]): { messageId: string; line: number | undefined; file: string | undefined } {
  return { messageId: f.messageId, line: f.location?.line, file: f.location?.file };
}

/** The rule on a project audited on `date` (the table tester always uses 2026-11-21). */
function runAt(date: string, files: Record<string, string>): RuleOutcome {
  const ctx = { ...contextFor(loadSnippet(CODE, { files }), NEWEST_DJANGO), now: new Date(`${date}T12:00:00Z`) };
  const result = runRules([rule], ctx, { deploy: true, silenced: new Set() });
  if (result.errors.length > 0) throw result.errors[0]?.error;
  return result.outcomes[0] as RuleOutcome;
}

const POETRY = '[tool.poetry]\nname = "shop"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\ndjango = ">=4.0"\n';

function poetryLock(version: string): string {
  return `[[package]]\nname = "asgiref"\nversion = "3.8.1"\n\n[[package]]\nname = "django"\nversion = "${version}"\ndescription = "A high-level Python web framework"\n`;
}

testRule(rule, {
  valid: [
    { name: 'a supported LTS', code: CODE, files: { 'requirements.txt': 'Django==5.2.8\n' } },
    { name: 'a range inside one supported series', code: CODE, files: { 'requirements.txt': 'Django>=5.2,<5.3\n' } },
    { name: 'compatible release', code: CODE, files: { 'requirements.txt': 'Django~=6.0.0\n' } },
    { name: 'the lock file decides over a loose constraint', code: CODE, files: { 'pyproject.toml': POETRY, 'poetry.lock': poetryLock('5.2.8') } },
    { name: 'no pin anywhere', code: CODE, status: 'skipped' },
    { name: 'Django only in development packages', code: CODE, files: { Pipfile: '[packages]\ngunicorn = "*"\n\n[dev-packages]\ndjango = "==3.2.25"\n' }, status: 'skipped' },
    { name: 'a Poetry dev group', code: CODE, files: { 'pyproject.toml': '[tool.poetry.group.dev.dependencies]\ndjango = "3.2.25"\n' }, status: 'skipped' },
    { name: 'unpinned: any series may be installed', code: CODE, files: { 'requirements.txt': 'Django\n' }, status: 'unknown' },
    { name: 'a lower bound that allows old and new series', code: CODE, files: { 'requirements.txt': 'Django>=4.2\n' }, status: 'unknown' },
    { name: 'a VCS requirement', code: CODE, files: { 'requirements.txt': 'Django @ git+https://github.com/django/django.git@stable/5.2.x\n' }, status: 'unknown' },
    { name: 'a series the table does not know', code: CODE, files: { 'requirements.txt': 'Django==7.0.1\n' }, status: 'unknown' },
    {
      name: 'alternatives by environment marker',
      code: CODE,
      files: { 'requirements.txt': 'Django==3.2.25; python_version < "3.10"\nDjango==5.2.8; python_version >= "3.10"\n' },
      status: 'unknown',
    },
  ],
  invalid: [
    { name: 'an exact pin of an ended series', code: CODE, files: { 'requirements.txt': 'Django==4.1.13\n' }, errors: [{ messageId: 'ended', line: 1, file: 'requirements.txt' }] },
    {
      name: 'lower-case name, after comments and other packages',
      code: CODE,
      files: { 'requirements.txt': '# production\ngunicorn==23.0.0\ndjango==3.2.25  # LTS\n' },
      errors: [{ messageId: 'ended', line: 3, file: 'requirements.txt' }],
    },
    {
      name: 'through -r',
      code: CODE,
      files: { 'requirements.txt': '-r requirements/base.txt\nsentry-sdk==2.18.0\n', 'requirements/base.txt': 'psycopg==3.2.3\nDjango==4.2.16\n' },
      errors: [{ messageId: 'ended', line: 2, file: 'requirements/base.txt' }],
    },
    { name: 'a range inside an ended series', code: CODE, files: { 'requirements.txt': 'Django>=4.1,<4.2\n' }, errors: [{ messageId: 'ended', line: 1, file: 'requirements.txt' }] },
    { name: 'every allowed series has ended', code: CODE, files: { 'requirements.txt': 'Django<4.0\n' }, errors: [{ messageId: 'rangeEnded', line: 1, file: 'requirements.txt' }] },
    { name: 'PEP 621 dependencies', code: CODE, files: { 'pyproject.toml': '[project]\nname = "shop"\ndependencies = [\n    "gunicorn>=23",\n    "Django~=4.2.0",\n]\n' }, errors: [{ messageId: 'ended', line: 5, file: 'pyproject.toml' }] },
    { name: "Poetry's caret", code: CODE, files: { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"\ndjango = "^3.2"\n' }, errors: [{ messageId: 'ended', line: 3, file: 'pyproject.toml' }] },
    { name: 'poetry.lock wins over the loose constraint', code: CODE, files: { 'pyproject.toml': POETRY, 'poetry.lock': poetryLock('4.2.16') }, errors: [{ messageId: 'ended', line: 7, file: 'poetry.lock' }] },
    {
      name: 'uv.lock',
      code: CODE,
      files: { 'uv.lock': 'version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "django"\nversion = "5.1.4"\nsource = { registry = "https://pypi.org/simple" }\n' },
      errors: [{ messageId: 'ended', line: 6, file: 'uv.lock' }],
    },
    {
      name: "Pipfile.lock: the only entry's marker is the Python it installs on",
      code: CODE,
      files: { 'Pipfile.lock': '{\n    "_meta": {"hash": {"sha256": "x"}},\n    "default": {\n        "django": {\n            "markers": "python_version >= \'3.8\'",\n            "version": "==4.1.13"\n        }\n    },\n    "develop": {}\n}\n' },
      errors: [{ messageId: 'ended', line: 6, file: 'Pipfile.lock' }],
    },
    {
      name: 'an exact pin is judged even next to a lock file',
      code: CODE,
      files: { 'pyproject.toml': POETRY, 'poetry.lock': poetryLock('5.2.8'), 'requirements.txt': 'Django==4.1.13\n' },
      errors: [{ messageId: 'ended', line: 1, file: 'requirements.txt' }],
    },
    { name: 'older than any series in the table', code: CODE, files: { 'requirements.txt': 'Django==1.8.19\n' }, errors: [{ messageId: 'olderThanTable', line: 1, file: 'requirements.txt' }] },
    {
      name: 'a finding wins over a pin that cannot be judged',
      code: CODE,
      files: { 'requirements.txt': 'Django>=4.2\n', 'requirements-prod.txt': 'Django==4.2.16\n' },
      errors: [{ messageId: 'ended', line: 1, file: 'requirements-prod.txt' }],
    },
  ],
});

describe('django-version-unsupported messages and dates', () => {
  it('names the series and the date', () => {
    const o = runRule(rule, { code: CODE, files: { 'requirements.txt': 'Django==4.1.13\n' } });
    expect(o.findings.map((f) => [f.message, f.severity, f.setting])).toEqual([['Django 4.1 is pinned; its security support ended on 2023-12-01', 'error', null]]);
  });

  it('a range names its newest series', () => {
    const o = runRule(rule, { code: CODE, files: { 'requirements.txt': 'Django>=2.2,<4.0\n' } });
    expect(o.findings.map((f) => f.message)).toEqual(["'>=2.2,<4.0' allows only unsupported Django; 3.2 ended on 2024-04-01"]);
  });

  it('a series older than the table', () => {
    const o = runRule(rule, { code: CODE, files: { 'requirements.txt': 'Django==1.8.19\n' } });
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([['Django 1.8 is pinned; it predates 1.11, unsupported since 2020-04-01', 'error']]);
  });

  it('warns within 90 days of the end', () => {
    const o = runAt('2026-02-01', { 'requirements.txt': 'gunicorn==23.0.0\nDjango==4.2.16\n' });
    expect(o.findings.map(where)).toEqual([{ messageId: 'endsSoon', line: 2, file: 'requirements.txt' }]);
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([['Django 4.2 is pinned; its security support ends on 2026-04-07', 'warning']]);
  });

  it('the last supported day still warns; the next day is an error', () => {
    expect(runAt('2026-04-07', { 'requirements.txt': 'Django==4.2.16\n' }).findings.map(where)).toEqual([{ messageId: 'endsSoon', line: 1, file: 'requirements.txt' }]);
    expect(runAt('2026-04-08', { 'requirements.txt': 'Django==4.2.16\n' }).findings.map(where)).toEqual([{ messageId: 'ended', line: 1, file: 'requirements.txt' }]);
  });

  it('91 days before the end passes, 90 days warns', () => {
    const o = runAt('2026-01-06', { 'requirements.txt': 'Django==4.2.16\n' });
    expect([o.status, o.findings.length]).toEqual(['pass', 0]);
    expect(runAt('2026-01-07', { 'requirements.txt': 'Django==4.2.16\n' }).findings.map(where)).toEqual([{ messageId: 'endsSoon', line: 1, file: 'requirements.txt' }]);
  });

  it('a month-only end date is shown as the month', () => {
    const o = runAt('2027-03-01', { 'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["Django==6.0.3"]\n' });
    expect(o.findings.map(where)).toEqual([{ messageId: 'endsSoon', line: 3, file: 'pyproject.toml' }]);
    expect(o.findings.map((f) => f.message)).toEqual(['Django 6.0 is pinned; its security support ends in April 2027']);
  });

  it('a range whose best series ends soon', () => {
    const o = runAt('2026-02-01', { 'requirements.txt': 'Django>=4.1,<5.0\n' });
    expect(o.findings.map(where)).toEqual([{ messageId: 'rangeEndsSoon', line: 1, file: 'requirements.txt' }]);
    expect(o.findings.map((f) => [f.message, f.severity])).toEqual([["'>=4.1,<5.0' allows only Django whose support ends by 2026-04-07", 'warning']]);
  });

  it('a range that also allows a supported series is not reported, even near the end', () => {
    const o = runAt('2026-02-01', { 'requirements.txt': 'Django>=4.2,<6.0\n' });
    expect(o.status).toBe('unknown');
  });

  it('the unknown outcome says which series the range allows', () => {
    const o = runRule(rule, { code: CODE, files: { 'requirements.txt': 'Django>=5.1\n' } });
    expect(o.status).toBe('unknown');
    expect(o.unknown?.reason).toBe("'>=5.1' (requirements.txt:1) allows Django 5.1, whose security support has ended or ends soon, and supported series too; which one is installed is not known");
    expect(o.unknown?.location).toEqual({ file: 'requirements.txt', line: 1, column: 1 });
  });
});
