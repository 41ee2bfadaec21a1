import { describe, expect, it } from 'vitest';
import type { DjangoPin } from '../../../src/engine/facts.ts';
import { normalizeName, parseRequirement, parseRequirements } from '../../../src/loaders/facts/requirements.ts';
import { djangoReleases } from '../../../src/loaders/facts/releases.ts';

const releases = djangoReleases();
const ALL = releases.map((r) => r.series);
const F = 'requirements.txt';

/** A pin of requirements.txt with the fields a row usually leaves at their defaults. */
function pin(line: number, column: number, fields: Partial<DjangoPin>): DjangoPin {
  return {
    source: 'requirements',
    section: 'requirement',
    locked: false,
    spec: '',
    marker: null,
    url: null,
    exact: null,
    series: null,
    allowedSeries: ALL,
    origin: { file: F, line, column },
    ...fields,
  };
}

interface Row {
  readonly name: string;
  readonly text: string;
  readonly pins: readonly DjangoPin[];
  readonly problems?: readonly (readonly [line: number, column: number, message: string])[];
}

const rows: readonly Row[] = [
  { name: 'exact pin', text: 'Django==4.2.11\n', pins: [pin(1, 1, { spec: '==4.2.11', exact: '4.2.11', series: '4.2', allowedSeries: ['4.2'] })] },
  { name: 'name is case-insensitive and normalised', text: 'asgiref==3.8\nDJANGO==5.0\n', pins: [pin(2, 1, { spec: '==5.0', exact: '5.0', series: '5.0', allowedSeries: ['5.0'] })] },
  { name: 'a range with a marker', text: 'django>=4.2,<5.0 ; python_version >= "3.10"', pins: [pin(1, 1, { spec: '>=4.2,<5.0', marker: 'python_version >= "3.10"', series: '4.2', allowedSeries: ['4.2'] })] },
  { name: 'compatible release', text: '  Django~=4.2.0', pins: [pin(1, 3, { spec: '~=4.2.0', series: '4.2', allowedSeries: ['4.2'] })] },
  { name: 'extras', text: 'django[argon2,bcrypt] == 5.0.6', pins: [pin(1, 1, { spec: '== 5.0.6', exact: '5.0.6', series: '5.0', allowedSeries: ['5.0'] })] },
  { name: 'parenthesised (old style)', text: 'Django (>=3.2, <4)', pins: [pin(1, 1, { spec: '(>=3.2, <4)', series: '3.2', allowedSeries: ['3.2'] })] },
  { name: 'unpinned', text: 'Django\n', pins: [pin(1, 1, {})] },
  { name: 'other packages that start with django are not Django', text: 'django-environ==0.11\ndjangorestframework\ndjango_extensions\n', pins: [] },
  { name: 'comments, blank lines and inline comments', text: '# Django==1.0\n\nDjango==4.2.1  # LTS\n', pins: [pin(3, 1, { spec: '==4.2.1', exact: '4.2.1', series: '4.2', allowedSeries: ['4.2'] })] },
  { name: 'a # without whitespace before it is not a comment', text: 'Django==4.2#x', pins: [], problems: [[1, 12, "invalid requirement 'Django==4.2#x': unexpected '#'"]] },
  {
    name: 'pip-compile output: continuation lines with --hash',
    text: 'django==4.2.16 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n    # via -r requirements.in\nsqlparse==0.5\n',
    pins: [pin(1, 1, { spec: '==4.2.16', exact: '4.2.16', series: '4.2', allowedSeries: ['4.2'] })],
  },
  { name: 'a continuation joins the name and the version', text: 'Django\\\n==5.2.1\n', pins: [pin(1, 1, { spec: '==5.2.1', exact: '5.2.1', series: '5.2', allowedSeries: ['5.2'] })] },
  {
    name: 'editable VCS checkout with #egg',
    text: '-e git+https://github.com/django/django.git@stable/4.2.x#egg=Django\n',
    pins: [pin(1, 4, { section: 'editable', spec: null, url: 'git+https://github.com/django/django.git@stable/4.2.x#egg=Django', allowedSeries: null })],
  },
  {
    name: 'a direct reference (name @ url)',
    text: 'Django @ https://github.com/django/django/archive/refs/heads/main.zip',
    pins: [pin(1, 1, { spec: null, url: 'https://github.com/django/django/archive/refs/heads/main.zip', allowedSeries: null })],
  },
  {
    name: 'a wheel URL carries its version',
    text: 'https://files.example.com/Django-3.2.25-py3-none-any.whl\n',
    pins: [pin(1, 1, { spec: null, url: 'https://files.example.com/Django-3.2.25-py3-none-any.whl', exact: '3.2.25', series: '3.2', allowedSeries: ['3.2'] })],
  },
  { name: 'a local sdist', text: './vendor/Django-5.1.4.tar.gz', pins: [pin(1, 1, { spec: null, url: './vendor/Django-5.1.4.tar.gz', exact: '5.1.4', series: '5.1', allowedSeries: ['5.1'] })] },
  { name: 'an environment variable pip substitutes is not guessed', text: 'Django==${DJANGO_VERSION}\n', pins: [] },
  { name: 'index options are accepted', text: '--index-url https://pypi.example.com/simple\n-i https://x\n--pre\nDjango>=6.0', pins: [pin(4, 1, { spec: '>=6.0', allowedSeries: ['6.0', '6.1', '6.2', '2028', '2029'] })] },
  // errors, with file:line:column
  { name: 'single = is not an operator', text: 'asgiref\nDjango=4.2\n', pins: [], problems: [[2, 7, "invalid requirement 'Django=4.2': unexpected '='"]] },
  { name: 'a version that does not parse', text: 'Django==four', pins: [pin(1, 1, { spec: '==four', allowedSeries: null })], problems: [[1, 1, "invalid version in 'Django==four'"]] },
  { name: 'unknown option', text: '--frobnicate\n', pins: [], problems: [[1, 1, 'unknown option --frobnicate: pip rejects this requirements file']] },
  { name: 'option without its value', text: 'Django\n-r', pins: [pin(1, 1, {})], problems: [[2, 1, 'option -r requires a value']] },
  { name: 'unknown option after a requirement', text: 'Django==5.0 --install-option=x', pins: [pin(1, 1, { spec: '==5.0', exact: '5.0', series: '5.0', allowedSeries: ['5.0'] })], problems: [[1, 13, 'unknown option --install-option after a requirement: pip rejects this requirements file']] },
  { name: 'unclosed extras', text: 'Django[argon2==5.0', pins: [], problems: [[1, 14, "invalid requirement 'Django[argon2==5.0': expected ',' or ']' after an extra"]] },
];

describe('parseRequirements', () => {
  for (const row of rows) {
    it(row.name, () => {
      const r = parseRequirements(F, row.text, releases);
      expect(r.pins).toEqual(row.pins);
      expect(r.problems.map((p) => [p.origin.line, p.origin.column, p.message])).toEqual(row.problems ?? []);
      for (const p of r.problems) expect(p.origin.file).toBe(F);
    });
  }

  it('returns -r and -c references in every spelling, with their positions', () => {
    const r = parseRequirements(F, '-r base.txt\n--requirement=dev.txt\n-rprod.txt\n-c constraints.txt\n--constraint ../c2.txt\n', releases);
    expect(r.references).toEqual([
      { kind: 'requirement', path: 'base.txt', origin: { file: F, line: 1, column: 4 } },
      { kind: 'requirement', path: 'dev.txt', origin: { file: F, line: 2, column: 15 } },
      { kind: 'requirement', path: 'prod.txt', origin: { file: F, line: 3, column: 3 } },
      { kind: 'constraint', path: 'constraints.txt', origin: { file: F, line: 4, column: 4 } },
      { kind: 'constraint', path: '../c2.txt', origin: { file: F, line: 5, column: 14 } },
    ]);
  });

  it('a constraints file marks its pins as constraints', () => {
    expect(parseRequirements('constraints.txt', 'Django<6\n', releases, 'constraint').pins[0]?.section).toBe('constraint');
  });

  it('CRLF and CR line ends count lines like LF', () => {
    expect(parseRequirements(F, 'a\r\nb\rDjango==4.2\r\n', releases).pins[0]?.origin).toEqual({ file: F, line: 3, column: 1 });
  });
});

describe('parseRequirement (PEP 508)', () => {
  it('parses names, extras, specifiers, URLs and markers', () => {
    expect(parseRequirement('Django[argon2] >=4.2, <5 ; python_version<"3.12"')).toEqual({
      name: 'Django',
      extras: ['argon2'],
      spec: '>=4.2, <5',
      clauses: [['>=', '4.2'], ['<', '5']],
      url: null,
      marker: 'python_version<"3.12"',
    });
    expect(parseRequirement('django @ git+https://github.com/django/django@main ; os_name == "posix"')).toEqual({
      name: 'django',
      extras: [],
      spec: '',
      clauses: [],
      url: 'git+https://github.com/django/django@main',
      marker: 'os_name == "posix"',
    });
  });

  it('reports where it fails', () => {
    expect(parseRequirement('-django')).toEqual({ error: 'expected a package name', offset: 0 });
    expect(parseRequirement('django >=')).toEqual({ error: "expected a version after '>='", offset: 9 });
    expect(parseRequirement('django (>=4.2')).toEqual({ error: "expected ')'", offset: 13 });
    expect(parseRequirement('django ;')).toEqual({ error: 'expected a marker after ;', offset: 7 });
  });

  it('normalises names as PEP 503 does', () => {
    expect(['Django', 'DJANGO', 'django_environ', 'Django.Environ', 'django--environ'].map(normalizeName)).toEqual(['django', 'django', 'django-environ', 'django-environ', 'django-environ']);
  });
});
