// TEMPORARY: replaced by dotenv.ts (in progress). Do not commit.
export interface EnvEntry { readonly key: string; readonly value: string | null; readonly line: number; readonly column: number }
export interface EnvProblem { readonly line: number; readonly column: number; readonly message: string }
export interface EnvParseResult { readonly entries: readonly EnvEntry[]; readonly problems: readonly EnvProblem[] }
function simple(text: string): EnvParseResult {
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^export\s+/, '');
    if (!line.trim() || line.trim().startsWith('#')) return;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) { problems.push({ line: i + 1, column: 1, message: 'not an assignment' }); return; }
    let v = (m[2] ?? '').trim();
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    entries.push({ key: m[1] as string, value: v, line: i + 1, column: 1 });
  });
  return { entries, problems };
}
export const parseDeployEnvFile = (t: string, _l?: unknown) => simple(t);
export const parsePythonDotenv = simple;
export const parseDjangoEnviron = (t: string, _o?: unknown) => simple(t);
export const parseDecoupleEnv = simple;
export const parseDecoupleIni = (t: string) => simple(t.split('\n').filter((l) => !l.startsWith('[')).join('\n').replace(/^(\w+)\s*[:=]\s*/gm, '$1='));
export const interpolatePythonDotenv = (e: readonly EnvEntry[], _l: unknown, _o: boolean) => e;
