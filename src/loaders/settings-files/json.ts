import { LoadError } from '../../engine/errors.ts';
import type { Diagnostic, Origin } from '../../engine/types.ts';
import { type DictValue, type Value, FALSE, NONE, TRUE, float, int, list, str, unresolved } from '../../engine/values.ts';
import { LineIndex } from '../env/text.ts';
import { EntryCollector, checkSettingNames } from './common.ts';
import { type JsonNode, JsonSyntaxError, parseJson } from './json-parse.ts';
import type { SettingsSource } from './types.ts';

const KIND_NAME: Record<JsonNode['kind'], string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  true: 'true',
  false: 'false',
  null: 'null',
};

/** A JSON object of settings (e.g. exported from a running site) → entries, with the position of every key. */
export function parseJsonSettings(file: string, text: string): SettingsSource {
  const lines = new LineIndex(text);
  const at = (offset: number): Origin => ({ file, ...lines.at(offset) });
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new LoadError(`invalid JSON: ${e.message}`, 'fix the JSON syntax; a settings file holds one JSON object', at(e.offset));
    }
    throw e;
  }
  if (root.kind !== 'object') {
    throw new LoadError(
      `the top level of ${file} is ${KIND_NAME[root.kind]}, not an object of settings`,
      'write one JSON object mapping setting names to values, e.g. {"DEBUG": false}',
      at(root.offset),
    );
  }
  const diagnostics: Diagnostic[] = [];
  const keep = checkSettingNames(file, root.members.map((m) => ({ key: m.key, at: at(m.keyOffset) })), diagnostics);
  const out = new EntryCollector();
  for (const m of root.members) {
    if (!keep.has(m.key)) continue;
    const origin = at(m.keyOffset);
    const previous = out.entries.get(m.key);
    if (previous?.origin) {
      diagnostics.push({
        level: 'warning',
        code: 'settings-duplicate-key',
        message: `${m.key} appears again in ${file} (first at line ${previous.origin.line}); the last one wins`,
        location: origin,
      });
    }
    out.set(m.key, jsonToPython(m.value, at), origin);
  }
  return { kind: 'json', file, entries: out.entries, diagnostics };
}

/** Python's `json.loads` types: object → dict with str keys, array → list, `1` → int, `1.0`/`1e3` → float. */
export function jsonToPython(node: JsonNode, at: (offset: number) => Origin): Value {
  switch (node.kind) {
    case 'object': {
      const d: DictValue = { t: 'dict', entries: new Map() };
      for (const m of node.members) {
        const h = `s:${m.key}`;
        const existing = d.entries.get(h);
        // Like a dict built by json.loads: a repeated key keeps its first position and takes the last value.
        d.entries.set(h, { key: existing ? existing.key : str(m.key), value: jsonToPython(m.value, at) });
      }
      return d;
    }
    case 'array':
      return list(node.items.map((i) => jsonToPython(i, at)));
    case 'string':
      return str(node.value);
    case 'number': {
      if (/[.eE]/.test(node.text)) return float(Number(node.text));
      const n = Number(node.text);
      if (!Number.isSafeInteger(n)) {
        return unresolved(`the integer ${node.text} is too large to be held exactly (beyond 2**53)`, node.text, at(node.offset));
      }
      return int(n === 0 ? 0 : n);
    }
    case 'true':
      return TRUE;
    case 'false':
      return FALSE;
    case 'null':
      return NONE;
    default: {
      const never: never = node;
      return never;
    }
  }
}
