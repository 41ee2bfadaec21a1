import { describe, expect, it } from 'vitest';
import type { DjangoPin } from '../../../src/engine/facts.ts';
import { parsePipfile, parsePipfileLock, parsePyproject, parseTomlLock } from '../../../src/loaders/facts/packaging.ts';
import { djangoReleases } from '../../../src/loaders/facts/releases.ts';

const releases = djangoReleases();

/** The fields rules look at, compactly: [source, section, spec, exact, series, line, column]. */
type Brief = readonly [string, string, string | null, string | null, string | null, number, number];
const brief = (p: DjangoPin): Brief => [p.source, p.section, p.spec, p.exact, p.series, p.origin.line, p.origin.column];

describe('pyproject.toml', () => {
  const F = 'pyproject.toml';
  const rows: readonly { name: string; text: string; pins: readonly Brief[] }[] = [
    {
      name: 'PEP 621 dependencies, one per line',
      text: '[project]\nname = "shop"\ndependencies = [\n  "requests>=2",\n  "Django>=5.2,<6.0",  # LTS\n]\n',
      pins: [['pep621', 'project.dependencies', '>=5.2,<6.0', null, '5.2', 5, 3]],
    },
    {
      name: 'PEP 621 inline array, literal strings',
      text: "[project]\ndependencies = ['asgiref', 'django==4.2.16']\n",
      pins: [['pep621', 'project.dependencies', '==4.2.16', '4.2.16', '4.2', 2, 28]],
    },
    {
      name: 'optional dependencies and dependency groups',
      text: '[project]\ndependencies = []\n[project.optional-dependencies]\nlegacy = [\n  "django~=3.2.0",\n]\n[dependency-groups]\ndev = ["Django>=6.0", {include-group = "test"}]\n',
      pins: [
        ['pep621', 'project.optional-dependencies.legacy', '~=3.2.0', null, '3.2', 5, 3],
        ['pep735', 'dependency-groups.dev', '>=6.0', null, null, 8, 8],
      ],
    },
    {
      name: 'dotted keys at the top level',
      text: 'project.name = "x"\nproject.dependencies = ["Django==5.1.4"]\n',
      pins: [['pep621', 'project.dependencies', '==5.1.4', '5.1.4', '5.1', 2, 25]],
    },
    {
      name: 'uv tables',
      text: '[project]\nname = "x"\n\n[tool.uv]\ndev-dependencies = ["django-debug-toolbar"]\nconstraint-dependencies = ["Django<6"]\n',
      pins: [['uv', 'tool.uv.constraint-dependencies', '<6', null, null, 6, 28]],
    },
    {
      name: 'Poetry: a string, a table, dev and group dependencies, multiple constraints',
      text: [
        '[tool.poetry.dependencies]',
        'python = "^3.12"',
        'Django = { version = "^4.2", extras = ["argon2"] }',
        '',
        '[tool.poetry.dev-dependencies]',
        'django = "4.2.11"',
        '',
        '[tool.poetry.group.legacy.dependencies]',
        'django = [',
        '  { version = "^3.2", python = "<3.10" },',
        '  { version = "^5.0", markers = "sys_platform == \'linux\'" },',
        ']',
      ].join('\n'),
      pins: [
        ['poetry', 'tool.poetry.dependencies', '^4.2', null, '4.2', 3, 1],
        ['poetry', 'tool.poetry.dev-dependencies', '4.2.11', '4.2.11', '4.2', 6, 1],
        ['poetry', 'tool.poetry.group.legacy.dependencies', '^3.2', null, '3.2', 10, 3],
        ['poetry', 'tool.poetry.group.legacy.dependencies', '^5.0', null, null, 11, 3],
      ],
    },
    {
      name: 'Poetry: a git dependency has a URL, not a version',
      text: '[tool.poetry.dependencies]\ndjango = { git = "https://github.com/django/django.git", branch = "stable/5.2.x" }\n',
      pins: [['poetry', 'tool.poetry.dependencies', null, null, null, 2, 1]],
    },
    { name: 'no Django', text: '[project]\ndependencies = ["flask"]\n[tool.black]\nline-length = 100\n', pins: [] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = parsePyproject(F, row.text, releases);
      expect(r.problems).toEqual([]);
      expect(r.pins.map(brief)).toEqual(row.pins);
    });
  }

  it('keeps markers and URLs', () => {
    const r = parsePyproject(F, '[project]\ndependencies = [\n  "django>=5.2; python_version >= \'3.10\'",\n  "Django @ https://example.com/Django-6.0.tar.gz",\n]\n', releases);
    expect(r.pins.map((p) => [p.marker, p.url, p.allowedSeries?.length ?? null])).toEqual([
      ["python_version >= '3.10'", null, 6],
      [null, 'https://example.com/Django-6.0.tar.gz', null],
    ]);
  });

  it('a TOML syntax error is a problem at the line smol-toml reports', () => {
    const r = parsePyproject(F, '[project]\ndependencies = ["a",\n  "b"\nname = 1\n', releases);
    expect(r).toEqual({ pins: [], problems: [{ message: 'TOML syntax error: expected comma or end of structure', origin: { file: F, line: 4, column: 1 } }] });
    expect(parsePyproject(F, '[tool.poetry\n', releases).problems).toEqual([{ message: 'TOML syntax error: illegal character in key', origin: { file: F, line: 1, column: 13 } }]);
  });

  it('a requirement or constraint that does not parse is a problem at its line', () => {
    const r = parsePyproject(F, '[project]\ndependencies = [\n  "Django=4.2",\n]\n[tool.poetry.dependencies]\ndjango = "^four"\n', releases);
    expect(r.problems).toEqual([
      { message: "invalid requirement 'Django=4.2' in project.dependencies: unexpected '='", origin: { file: F, line: 3, column: 3 } },
      { message: "invalid Poetry constraint '^four' for django", origin: { file: F, line: 6, column: 1 } },
    ]);
    expect(r.pins.map(brief)).toEqual([['poetry', 'tool.poetry.dependencies', '^four', null, null, 6, 1]]);
  });
});

describe('Pipfile', () => {
  it('reads [packages] and [dev-packages]', () => {
    const text = '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nDjango = "==4.2.*"\ngunicorn = "*"\n\n[dev-packages]\ndjango = {version = ">=5.0", markers = "python_version >= \'3.10\'"}\n';
    expect(parsePipfile('Pipfile', text, releases).pins.map(brief)).toEqual([
      ['pipfile', 'packages', '==4.2.*', null, '4.2', 5, 1],
      ['pipfile', 'dev-packages', '>=5.0', null, null, 9, 1],
    ]);
  });

  it('"*" is unconstrained', () => {
    const [p] = parsePipfile('Pipfile', '[packages]\ndjango = "*"\n', releases).pins;
    expect([p?.spec, p?.allowedSeries?.length]).toEqual(['', releases.length]);
  });
});

describe('lock files', () => {
  it('poetry.lock: the django [[package]] entry, at its version line', () => {
    const text = '[[package]]\nname = "asgiref"\nversion = "3.8.1"\n\n[package.dependencies]\ntyping-extensions = "*"\n\n[[package]]\nname = "Django"\nversion = "4.2.16"\ndescription = "A high-level Python web framework"\n\n[metadata]\nlock-version = "2.0"\n';
    const r = parseTomlLock('poetry.lock', text, 'poetry.lock', releases);
    expect(r.pins).toEqual([
      { source: 'poetry.lock', section: 'package', locked: true, spec: '4.2.16', exact: '4.2.16', series: '4.2', allowedSeries: ['4.2'], marker: null, url: null, origin: { file: 'poetry.lock', line: 10, column: 1 } },
    ]);
  });

  it('uv.lock: inline tables and arrays of wheels do not confuse positions', () => {
    const text = [
      'version = 1',
      'requires-python = ">=3.12"',
      '',
      '[[package]]',
      'name = "asgiref"',
      'version = "3.8.1"',
      'source = { registry = "https://pypi.org/simple" }',
      'wheels = [',
      '    { url = "https://files/asgiref.whl", hash = "sha256:x", size = 23828 },',
      ']',
      '',
      '[[package]]',
      'name = "django"',
      'version = "5.2.1"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [',
      '    { name = "asgiref" },',
      ']',
    ].join('\n');
    expect(parseTomlLock('uv.lock', text, 'uv.lock', releases).pins.map(brief)).toEqual([['uv.lock', 'package', '5.2.1', '5.2.1', '5.2', 14, 1]]);
  });

  it('Pipfile.lock: default and develop', () => {
    const text = '{\n  "_meta": {"hash": {"sha256": "x"}},\n  "default": {\n    "django": {\n      "hashes": ["sha256:a"],\n      "index": "pypi",\n      "version": "==4.2.1"\n    }\n  },\n  "develop": {\n    "django": {"version": "==5.0.3"}\n  }\n}\n';
    expect(parsePipfileLock('Pipfile.lock', text, releases).pins.map(brief)).toEqual([
      ['pipfile.lock', 'default', '==4.2.1', '4.2.1', '4.2', 7, 7],
      ['pipfile.lock', 'develop', '==5.0.3', '5.0.3', '5.0', 11, 16],
    ]);
  });

  it('Pipfile.lock: a JSON syntax error is a problem with its line', () => {
    const text = '{\n  "default": {\n    "django": {\n      "version": "==4.2.1",\n    }\n  }\n}\n';
    expect(parsePipfileLock('Pipfile.lock', text, releases)).toEqual({ pins: [], problems: [{ message: 'JSON syntax error: unexpected "}", expected a property name', origin: { file: 'Pipfile.lock', line: 5, column: 5 } }] });
  });

  it('a broken lock file is a problem, not a crash', () => {
    expect(parseTomlLock('uv.lock', '[[package]\nname = "django"\n', 'uv.lock', releases).problems).toEqual([
      { message: 'TOML syntax error: expected end of table array declaration', origin: { file: 'uv.lock', line: 1, column: 11 } },
    ]);
  });
});
