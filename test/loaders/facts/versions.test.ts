import { describe, expect, it } from 'vitest';
import { constraintOf, parseRequirement } from '../../../src/loaders/facts/requirements.ts';
import { djangoReleases } from '../../../src/loaders/facts/releases.ts';
import { SpecError, compareVersions, parsePoetryConstraint, parseVersion, seriesFor, seriesOf } from '../../../src/loaders/facts/versions.ts';

const releases = djangoReleases();
const ALL = releases.map((r) => r.series);
const from = (s: string) => ALL.slice(ALL.indexOf(s));

describe('parseVersion (PEP 440)', () => {
  const rows: readonly [string, ReturnType<typeof parseVersion>][] = [
    ['4.2', { epoch: 0, release: [4, 2], pre: null, post: null, dev: null }],
    ['4.2.11', { epoch: 0, release: [4, 2, 11], pre: null, post: null, dev: null }],
    ['v5.0', { epoch: 0, release: [5, 0], pre: null, post: null, dev: null }],
    ['5.0a1', { epoch: 0, release: [5, 0], pre: ['a', 1], post: null, dev: null }],
    ['5.0-beta.2', { epoch: 0, release: [5, 0], pre: ['b', 2], post: null, dev: null }],
    ['6.1rc1', { epoch: 0, release: [6, 1], pre: ['rc', 1], post: null, dev: null }],
    ['6.1c1', { epoch: 0, release: [6, 1], pre: ['rc', 1], post: null, dev: null }],
    ['4.2.post1', { epoch: 0, release: [4, 2], pre: null, post: 1, dev: null }],
    ['4.2-1', { epoch: 0, release: [4, 2], pre: null, post: 1, dev: null }],
    ['6.2.dev0', { epoch: 0, release: [6, 2], pre: null, post: null, dev: 0 }],
    ['1!2.0', { epoch: 1, release: [2, 0], pre: null, post: null, dev: null }],
    ['4.2.11+ubuntu1', { epoch: 0, release: [4, 2, 11], pre: null, post: null, dev: null }],
    ['2028.3', { epoch: 0, release: [2028, 3], pre: null, post: null, dev: null }],
    ['4.2.x', null],
    ['latest', null],
    ['', null],
    ['4.2.*', null],
  ];
  for (const [input, expected] of rows) it(JSON.stringify(input), () => expect(parseVersion(input)).toEqual(expected));

  it('orders versions as PEP 440 does', () => {
    const sorted = ['4.2.dev0', '4.2a1', '4.2b1', '4.2rc1', '4.2', '4.2.0.post1', '4.2.1', '4.10', '5.0', '2028.1', '1!0.1'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!))).toEqual(sorted);
    expect(compareVersions(parseVersion('4.2')!, parseVersion('4.2.0')!)).toBe(0);
  });

  it('names the series: major.minor, or the year from 2028 on', () => {
    expect(['4.2.11', '5.0a1', '6.0', '1.11.29', '2028.3', '2029'].map((v) => seriesOf(parseVersion(v)!))).toEqual(['4.2', '5.0', '6.0', '1.11', '2028', '2029']);
  });
});

describe('which series a PEP 508 specifier allows', () => {
  const rows: readonly [spec: string, exact: string | null, series: string | null, allowed: readonly string[]][] = [
    ['==4.2.11', '4.2.11', '4.2', ['4.2']],
    ['===4.2.11', '4.2.11', '4.2', ['4.2']],
    ['==4.2', '4.2', '4.2', ['4.2']],
    ['==4.2.*', null, '4.2', ['4.2']],
    ['~=4.2.0', null, '4.2', ['4.2']],
    ['~=4.2', null, '4.2', ['4.2']],
    ['~=3.2', null, '3.2', ['3.2']],
    ['~=3.0', null, null, ['3.0', '3.1', '3.2']],
    ['>=4.2,<5.0', null, '4.2', ['4.2']],
    ['>=4.2,<5', null, '4.2', ['4.2']],
    ['<5.0,>=4.2', null, '4.2', ['4.2']],
    ['>=4.2,<4.3', null, '4.2', ['4.2']],
    ['>=4.2,<=5.0', null, null, ['4.2', '5.0']],
    ['>4.2,<5.0', null, '4.2', ['4.2']],
    ['>=5.2', null, null, from('5.2')],
    ['>=3.2,!=4.0.*,!=4.1.*,<5', null, null, ['3.2', '4.2']],
    ['!=4.2.1', null, null, ALL],
    ['', null, null, ALL],
    ['<2', null, '1.11', ['1.11']],
    ['==1.8.19', '1.8.19', '1.8', []],
    ['>=1.8,<1.9', null, '1.8', []],
    ['==6.2a1', '6.2a1', '6.2', ['6.2']],
    ['==2028.1', '2028.1', '2028', ['2028']],
    ['>=4.2,<4.2', null, null, []],
  ];
  for (const [spec, exact, series, allowed] of rows) {
    it(spec || '(none)', () => {
      const req = parseRequirement(`Django${spec}`);
      if ('error' in req) throw new Error(req.error);
      expect(seriesFor(constraintOf(req.clauses), releases)).toEqual({ exact, series, allowedSeries: allowed });
    });
  }

  it('an invalid version is a SpecError', () => {
    expect(() => constraintOf([['==', '4.x']])).toThrow(SpecError);
    expect(() => constraintOf([['>=', '4.2.*']])).toThrow("a wildcard is only allowed with == and !=");
    expect(() => constraintOf([['~=', '4']])).toThrow('needs at least two release numbers');
  });
});

describe('Poetry constraints', () => {
  const rows: readonly [spec: string, exact: string | null, series: string | null, allowed: readonly string[]][] = [
    ['^4.2', null, '4.2', ['4.2']],
    ['^4.2.11', null, '4.2', ['4.2']],
    ['^5.0', null, null, ['5.0', '5.1', '5.2']],
    ['^5', null, null, ['5.0', '5.1', '5.2']],
    ['~4.2', null, '4.2', ['4.2']],
    ['~4.2.1', null, '4.2', ['4.2']],
    ['~4', null, null, ['4.0', '4.1', '4.2']],
    ['4.2.*', null, '4.2', ['4.2']],
    ['4.2.x', null, '4.2', ['4.2']],
    ['4.2.11', '4.2.11', '4.2', ['4.2']],
    ['==4.2.11', '4.2.11', '4.2', ['4.2']],
    ['>=4.2,<5.0', null, '4.2', ['4.2']],
    ['>= 4.2 < 5.0', null, '4.2', ['4.2']],
    ['>=3.2 <4.0 || ^5.1', null, null, ['3.2', '5.1', '5.2']],
    ['^4.2 | ^5.2', null, null, ['4.2', '5.2']],
    ['*', null, null, ALL],
    ['^0.2.3', null, '0.2', []],
  ];
  for (const [spec, exact, series, allowed] of rows) {
    it(spec, () => expect(seriesFor(parsePoetryConstraint(spec), releases)).toEqual({ exact, series, allowedSeries: allowed }));
  }

  it('rejects what Poetry rejects', () => {
    expect(() => parsePoetryConstraint('^four')).toThrow("'^four' is not a valid constraint");
    expect(() => parsePoetryConstraint('>=4.2 ||')).toThrow('has an empty alternative');
  });
});
