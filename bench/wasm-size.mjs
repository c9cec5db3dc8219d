// Where a wasm module's bytes go: the size of each function body, named
// from the module's `name` section and grouped by crate. Reads cargo's own
// output (target/…/release/*.wasm), which still has the names that
// wasm-bindgen and wasm-opt later drop.
//
//   node bench/wasm-size.mjs FILE.wasm   prints the crates and the largest functions

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** `{ code, data, crates: [[crate, bytes]], functions: [[name, bytes]] }`, largest first. */
export function sizes(bytes) {
  let p = 8; // past the magic number and the version
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const text = (n) => new TextDecoder().decode(bytes.subarray(p, (p += n)));
  let imported = 0;
  let code = 0;
  let data = 0;
  const bodies = [];
  const names = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = uleb();
    const end = p + size;
    if (id === 2) {
      // imports: only function imports shift the function indices
      for (let n = uleb(); n > 0; n--) {
        text(uleb());
        text(uleb());
        const kind = bytes[p++];
        if (kind === 0) {
          uleb();
          imported++;
        } else if (kind === 1) {
          p++;
          if (bytes[p++] & 1) uleb();
          uleb();
        } else if (kind === 2) {
          if (bytes[p++] & 1) uleb();
          uleb();
        } else p += 2;
      }
    } else if (id === 10) {
      code = size;
      const n = uleb();
      for (let i = 0; i < n; i++) {
        const body = uleb();
        bodies.push([imported + i, body]);
        p += body;
      }
    } else if (id === 11) {
      data = size;
    } else if (id === 0 && text(uleb()) === 'name') {
      while (p < end) {
        const sub = bytes[p++];
        const subEnd = uleb() + p;
        if (sub === 1) {
          for (let n = uleb(); n > 0; n--) {
            const index = uleb();
            names.set(index, text(uleb()));
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  const crates = new Map();
  const functions = bodies.map(([index, body]) => {
    const name = demangle(names.get(index) ?? `#${index}`);
    // `_<Type as Trait>::f` counts for the first crate named in it
    const crate = /([a-z_][a-z0-9_]*)::/.exec(name)?.[1] ?? 'other';
    crates.set(crate, (crates.get(crate) ?? 0) + body);
    return [name, body];
  });
  const bySize = (a, b) => b[1] - a[1];
  return { code, data, crates: [...crates].sort(bySize), functions: functions.sort(bySize) };
}

/** `<length><identifier>` pairs from the start of a mangled path. */
function idents(rest) {
  const parts = [];
  for (let m; (m = /^(\d+)/.exec(rest));) {
    const n = Number(m[1]);
    parts.push(rest.slice(m[1].length, m[1].length + n));
    rest = rest.slice(m[1].length + n);
  }
  return parts;
}

/** Enough of Rust's name mangling to read a function's path. */
function demangle(name) {
  // v0 (`_R…`): the crate follows its hash, `Cs<hash>_`, then the path.
  const v0 = /^_R.*?C[a-zA-Z0-9]*?s[0-9a-zA-Z]+_(\d.*)$/.exec(name);
  if (v0) return idents(v0[1]).join('::');
  const legacy = /^_ZN(.*)E$/.exec(name);
  if (!legacy) return name;
  const parts = idents(legacy[1]);
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  return parts.join('::')
    .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$C\$/g, ',').replace(/\$RF\$/g, '&').replace(/\.\./g, '::');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/wasm-size.mjs FILE.wasm');
    process.exit(2);
  }
  const s = sizes(readFileSync(file));
  console.log(`code ${s.code} bytes, data ${s.data} bytes`);
  for (const [crate, n] of s.crates) console.log(`${String(n).padStart(8)}  ${crate}`);
  console.log();
  for (const [name, n] of s.functions.slice(0, 25)) console.log(`${String(n).padStart(8)}  ${name}`);
}
