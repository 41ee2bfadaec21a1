/**
 * The colour level for a stream. chalk 5 reads FORCE_COLOR and --color flags itself but not NO_COLOR,
 * so the decision is made here: --no-color > --color > NO_COLOR > FORCE_COLOR > TTY.
 */
export function colorLevel(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (flag === true) return forcedLevel(env.FORCE_COLOR) || 1;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === '0' || forced.toLowerCase() === 'false') return 0;
    return forcedLevel(forced) || 1;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

function forcedLevel(v: string | undefined): 0 | 1 | 2 | 3 {
  if (v === '2') return 2;
  if (v === '3') return 3;
  if (v === '1' || v === '' || v?.toLowerCase() === 'true') return 1;
  return 0;
}
