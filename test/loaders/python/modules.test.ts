import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/engine/errors.ts';
import { loadSnippet, settingOf, show, valueOf } from '../../helpers/load.ts';

const base = 'from pathlib import Path\nimport os\nBASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = True\nMIDDLEWARE = ["a"]\nSECRET = "base"\n';

describe('imports between settings modules', () => {
  it('from .base import * brings every public name, including imported modules', () => {
    const code = 'from .base import *\nDEBUG = False\nX = os.path.join(str(BASE_DIR), "static")';
    const files = { 'config/settings/base.py': base, 'config/settings/__init__.py': '' };
    const l = loadSnippet(code, { files, path: 'config/settings/production.py' });
    expect(show(l.settings.get('DEBUG')!.value)).toBe('False');
    expect(show(l.settings.get('X')!.value)).toBe("'/project/config/static'");
    expect(l.settings.get('DEBUG')!.origin).toEqual({ file: 'config/settings/production.py', line: 2, column: 1 });
    expect(l.settings.get('DEBUG')!.overridden).toEqual([{ file: 'config/settings/base.py', line: 4, column: 1 }]);
    expect(l.settings.get('SECRET')!.origin).toEqual({ file: 'config/settings/base.py', line: 6, column: 1 });
  });

  it('absolute star imports and chains of several levels', () => {
    const files = {
      'config/__init__.py': '',
      'config/settings/__init__.py': '',
      'config/settings/base.py': base,
      'config/settings/common.py': 'from config.settings.base import *\nMIDDLEWARE += ["b"]\n',
    };
    const code = 'from .common import *\nMIDDLEWARE.insert(0, "first")';
    const l = loadSnippet(code, { files, path: 'config/settings/production.py' });
    const mw = l.settings.get('MIDDLEWARE')!;
    expect(show(mw.value)).toBe("['first', 'a', 'b']");
    expect(mw.origin?.line).toBe(2);
    expect(mw.overridden.map((o) => `${o.file}:${o.line}`)).toEqual(['config/settings/base.py:5', 'config/settings/common.py:2']);
  });

  it('an in-place change through one module is seen by the module it came from (shared list)', () => {
    const files = { 'mysite/base.py': 'APPS = ["a"]\n' };
    const code = 'from . import base\nfrom .base import APPS\nAPPS.append("b")\nX = base.APPS';
    expect(valueOf(code, 'X', { files })).toBe("['a', 'b']");
  });

  it('from .base import X, Y as Z and import a.b as c', () => {
    const files = { 'mysite/base.py': 'A = 1\nB = 2\n', 'mysite/sub/__init__.py': '', 'mysite/sub/vals.py': 'C = 3\n' };
    const code = 'from .base import A, B as BB\nimport mysite.sub.vals as v\nimport mysite.sub.vals\nX = [A, BB, v.C, mysite.sub.vals.C]';
    expect(valueOf(code, 'X', { files })).toBe('[1, 2, 3, 3]');
  });

  it('__all__ limits a star import', () => {
    const files = { 'mysite/base.py': '__all__ = ["A"]\nA = 1\nB = 2\n' };
    const l = loadSnippet('from .base import *', { files });
    expect(l.settings.isSet('A')).toBe(true);
    expect(l.settings.isSet('B')).toBe(false);
  });

  it('try: from .local import * except ImportError: pass — when local.py exists it is used', () => {
    const code = 'DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    pass';
    expect(valueOf(code, 'DEBUG', { files: { 'mysite/local.py': 'DEBUG = True\n' } })).toBe('True');
  });

  it('try: from .local import * except ImportError — when it is missing the handler runs', () => {
    const code = 'DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    X = "no local"';
    const l = loadSnippet(code);
    expect(show(l.settings.get('DEBUG')!.value)).toBe('False');
    expect(show(l.settings.get('X')!.value)).toBe("'no local'");
    expect(l.diagnostics).toEqual([]);
  });

  it('a missing project module outside try is a diagnostic, and the names it would set are unknown', () => {
    const l = loadSnippet('from .missing import *\nDEBUG = False');
    expect(l.diagnostics.map((d) => `${d.level} ${d.code} ${d.location?.line}`)).toEqual(['error import-failed 1']);
    expect(show(l.settings.get('SECURE_SSL_REDIRECT')!.value)).toContain('may be set by the failed import of mysite.missing');
    expect(show(l.settings.get('DEBUG')!.value)).toBe('False');
  });

  it('from otherpkg import * makes every setting it could define unknown', () => {
    const l = loadSnippet('DEBUG = False\nfrom otherpkg import *\nALLOWED_HOSTS = ["x"]');
    expect(l.diagnostics.map((d) => d.code)).toEqual(['module-outside-project', 'star-import-outside']);
    expect(show(l.settings.get('DEBUG')!.value)).toContain('may be changed by from otherpkg import *');
    expect(show(l.settings.get('ALLOWED_HOSTS')!.value)).toBe("['x']");
    expect(show(l.settings.get('SECURE_HSTS_SECONDS')!.value)).toContain('may be set by from otherpkg import *');
  });

  it('an optional outside package inside try/except ImportError gives both worlds', () => {
    const code = 'INSTALLED_APPS = ["a"]\nDEBUG = False\ntry:\n    import debug_toolbar\n    INSTALLED_APPS += ["debug_toolbar"]\nexcept ImportError:\n    pass';
    const l = loadSnippet(code);
    expect(show(l.settings.get('INSTALLED_APPS')!.value)).toContain('depends on whether a package outside the project is installed');
    expect(show(l.settings.get('DEBUG')!.value)).toBe('False');
  });

  it('a settings/__init__.py that picks a module from an environment variable', () => {
    const files = {
      'mysite/settings/base.py': 'DEBUG = True\n',
      'mysite/settings/production.py': 'from .base import *\nDEBUG = False\n',
      'mysite/settings/development.py': 'from .base import *\n',
    };
    const init = 'import os\nENVIRONMENT = os.environ.get("DJANGO_ENV", "development")\nif ENVIRONMENT == "production":\n    from .production import *\nelse:\n    from .development import *\n';
    expect(valueOf(init, 'DEBUG', { files, path: 'mysite/settings/__init__.py', env: { DJANGO_ENV: 'production' } })).toBe('False');
    expect(valueOf(init, 'DEBUG', { files, path: 'mysite/settings/__init__.py' })).toBe('True');
  });

  it('importlib.import_module and globals().update(vars(module))', () => {
    const files = { 'mysite/settings/production.py': 'DEBUG = False\n' };
    const init = 'import importlib, os\nmod = importlib.import_module(f".{os.environ[\'ENV\']}", __name__)\nglobals().update(vars(mod))\n';
    expect(valueOf(init, 'DEBUG', { files, path: 'mysite/settings/__init__.py', env: { ENV: 'production' } })).toBe('False');
  });

  it('django-split-settings include() runs the files in the same namespace', () => {
    const files = {
      'mysite/settings/components/base.py': 'DEBUG = True\nMIDDLEWARE = ["a"]\n',
      'mysite/settings/components/security.py': 'MIDDLEWARE += ["b"]\nDEBUG = False\n',
    };
    const init = 'from split_settings.tools import include, optional\ninclude("components/*.py", optional("local.py"))\n';
    const l = loadSnippet(init, { files, path: 'mysite/settings/__init__.py' });
    expect(show(l.settings.get('MIDDLEWARE')!.value)).toBe("['a', 'b']");
    expect(l.settings.get('DEBUG')!.origin).toEqual({ file: 'mysite/settings/components/security.py', line: 2, column: 1 });
  });

  it('locals() passed to an outside function makes every setting unknown', () => {
    const l = loadSnippet('import django_heroku\nDEBUG = False\ndjango_heroku.settings(locals())');
    expect(show(l.settings.get('DEBUG')!.value)).toContain('may be changed by django_heroku.settings(locals())');
  });

  it('a list passed to an outside function becomes unknown, other names stay', () => {
    const code = 'import plugins\nAPPS = ["a"]\nHOSTS = ["h"]\nplugins.register(APPS)';
    const l = loadSnippet(code);
    expect(show(l.settings.get('APPS')!.value)).toContain('APPS was passed to plugins.register()');
    expect(show(l.settings.get('HOSTS')!.value)).toBe("['h']");
  });
});

describe('files the settings read', () => {
  it('json.load(open(BASE_DIR / "secrets.json")) with .get defaults', () => {
    const code =
      'import json\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nwith open(BASE_DIR / "secrets.json") as f:\n    secrets = json.load(f)\nSECRET_KEY = secrets["SECRET_KEY"]\nDEBUG = secrets.get("DEBUG", False)\nHOSTS = secrets.get("HOSTS", ["a"])';
    const files = { 'secrets.json': '{"SECRET_KEY": "k", "DEBUG": true}' };
    expect(valueOf(code, 'SECRET_KEY', { files })).toBe("'k'");
    expect(valueOf(code, 'DEBUG', { files })).toBe('True');
    expect(valueOf(code, 'HOSTS', { files })).toBe("['a']");
    expect(valueOf('import json\nX = json.load(open("/etc/secrets.json"))', 'X')).toContain('outside the project');
  });

  it('a missing file raises FileNotFoundError, caught or reported', () => {
    const code = 'import json, os\ntry:\n    X = json.load(open(os.path.join(os.path.dirname(__file__), "nope.json")))\nexcept FileNotFoundError:\n    X = {}';
    expect(valueOf(code, 'X')).toBe('{}');
    const l = loadSnippet('import json\nX = json.load(open(__file__ + ".json"))\nY = 1');
    expect(l.diagnostics.map((d) => d.code)).toEqual(['settings-raise']);
    expect(show(l.settings.get('X')!.value)).toContain('raises FileNotFoundError');
    expect(show(l.settings.get('Y')!.value)).toBe('1');
  });

  it('invalid JSON raises JSONDecodeError (a ValueError)', () => {
    const code = 'import json\ntry:\n    X = json.loads("{bad")\nexcept ValueError:\n    X = None';
    expect(valueOf(code, 'X')).toBe('None');
  });
});

describe('paths', () => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['from pathlib import Path\nX = Path(__file__).resolve().parent.parent / "static"', "PosixPath('/project/static')"],
    ['from pathlib import Path\nX = str(Path(__file__).parents[1] / "a" / "../b")', "'/project/a/../b'"],
    ['import os\nX = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))', "'/project'"],
    ['import os\nX = os.path.join("/srv", "app", "/abs", "x")', "'/abs/x'"],
    ['import environ\nroot = environ.Path(__file__) - 2\nX = root("static")', "'/project/static'"],
    ['from pathlib import Path\nX = Path(__file__).name, Path(__file__).stem, Path("a.tar.gz").suffix', "('settings.py', 'settings', '.gz')"],
    ['from pathlib import Path\nX = (Path(__file__).parent / "settings.py").exists(), Path("/project/nope").is_dir()', '(True, False)'],
  ];
  for (const [code, want] of rows) it(code.split('\n').pop() as string, () => expect(valueOf(code, 'X')).toBe(want));

  it('a relative path depends on the working directory', () => {
    expect(valueOf('import os\nX = os.path.abspath("static")', 'X')).toContain('working directory');
  });
});

describe('settings names', () => {
  it('Django takes the upper-case names only', () => {
    const l = loadSnippet('DEBUG = 1\n_PRIVATE_SETTING = 2\nlower = 3\nMixed_Case = 4\nX1 = 5');
    expect(l.settings.names()).toEqual(['DEBUG', 'X1', '_PRIVATE_SETTING']);
  });
});

describe('syntax errors stop the audit with file:line and the message', () => {
  const rows: ReadonlyArray<readonly [string, number, string]> = [
    ['DEBUG = True\nX = "unterminated\nY = 1', 2, 'unterminated string literal (detected at line 2)'],
    ['X = [1,\nY = 2', 1, "'[' was never closed"],
    ['X = 1\n  Y = 2', 2, 'unexpected indent'],
    ['print "hello"', 1, "Missing parentheses in call to 'print'"],
    ['if True:\nX = 1', 2, "expected an indented block after 'if' statement on line 1"],
    ['X = = 1', 1, 'invalid syntax'],
    ['X = """never closed\n', 1, 'unterminated triple-quoted string literal'],
  ];
  for (const [code, line, message] of rows) {
    it(message, () => {
      let error: unknown;
      try {
        loadSnippet(code);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LoadError);
      const e = error as LoadError;
      expect(e.origin?.file).toBe('mysite/settings.py');
      expect(e.origin?.line).toBe(line);
      expect(e.message).toContain(`SyntaxError: ${message}`);
    });
  }

  it('a syntax error in an imported module points at that module', () => {
    expect(() => loadSnippet('from .base import *', { files: { 'mysite/base.py': 'X = (\n' } })).toThrow(/SyntaxError/);
    try {
      loadSnippet('from .base import *', { files: { 'mysite/base.py': 'A = 1\nX = (\n' } });
    } catch (e) {
      expect((e as LoadError).origin).toMatchObject({ file: 'mysite/base.py', line: 2 });
    }
  });

  it('a binary settings file is refused', () => {
    expect(() => loadSnippet('DEBUG = 1\0\0')).toThrow(/binary/);
  });
});

it('settingOf throws for a setting that is not set (helper sanity)', () => {
  expect(() => settingOf('X = 1', 'NOT_THERE_AND_NO_DEFAULT')).toThrow();
});
