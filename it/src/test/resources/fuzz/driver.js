// Reference side of the differential fuzzer: runs a module in V8 the way CaseRunner runs it in
// wasm2jar and prints the same transcript. Usage: node driver.js MODULE.wasm PLAN.json
// PLAN (written by DiffFuzzer from our decoder) gives import and export signatures, which the JS
// API does not expose. Keep fmt/arg/category in step with Values.java and CaseRunner.java.
'use strict';
const fs = require('fs');
const [, , wasmPath, planPath] = process.argv;
const bytes = fs.readFileSync(wasmPath);
const out = [];
const done = () => { process.stdout.write(out.join('\n') + '\n'); };

if (!planPath) { // validate only
  out.push(WebAssembly.validate(bytes) ? 'valid' : 'invalid');
  done();
  return;
}
const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
const HANG = 'hangLimitInitializer';
const ARG_SETS = 3;

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
function fmt(t, v) {
  switch (t) {
    case 'i32': return String(v | 0);
    case 'i64': return BigInt.asIntN(64, BigInt(v)).toString();
    case 'f32': if (Number.isNaN(v)) return 'nan'; f32[0] = v; return u32[0].toString(16);
    case 'f64': if (Number.isNaN(v)) return 'nan'; f64[0] = v; return u64[0].toString(16);
    default: return v === null || v === undefined ? 'null' : 'ref';
  }
}
function zero(t) {
  switch (t) {
    case 'i32': case 'f32': case 'f64': return 0;
    case 'i64': return 0n;
    default: return null;
  }
}
function arg(t, set) {
  if (set === 0) return zero(t);
  const a = set === 1;
  switch (t) {
    case 'i32': return a ? 7 : -1;
    case 'i64': return a ? -3n : -(2n ** 63n);
    case 'f32': return a ? 1.5 : -0;
    case 'f64': return a ? -2.25 : Infinity;
    default: return null;
  }
}
function category(e) {
  const m = String(e && e.message);
  if (e instanceof RangeError && /call stack/i.test(m)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'error ' + (e && e.constructor && e.constructor.name) + ': ' + m;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/divide by zero|remainder by zero/.test(m)) return 'div-zero';
  if (/divide result unrepresentable|remainder result unrepresentable|float unrepresentable/.test(m)) return 'overflow';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory-oob';
  if (/table index is out of bounds|table access|element segment|table/.test(m)) return 'table-oob';
  if (/signature mismatch|null function/.test(m)) return 'call-indirect';
  if (/null/.test(m)) return 'null';
  return 'other ' + m;
}
function result(types, r) {
  if (types.length === 0) return 'result';
  if (types.length === 1) return 'result ' + fmt(types[0], r);
  return 'result ' + types.map((t, i) => fmt(t, r[i])).join(' ');
}

let mod;
try {
  mod = new WebAssembly.Module(bytes);
} catch (e) {
  out.push('invalid ' + e.message);
  done();
  return;
}
const imports = {};
for (const imp of plan.imports) {
  if (imp.kind !== 'func') { out.push('unsupported import ' + imp.kind); done(); return; }
  (imports[imp.module] ??= {})[imp.name] = (...args) => {
    out.push(['log', imp.name, ...imp.params.map((t, i) => fmt(t, args[i]))].join(' '));
    if (imp.results.length === 0) return undefined;
    if (imp.results.length === 1) return zero(imp.results[0]);
    return imp.results.map(zero);
  };
}
let inst;
try {
  inst = new WebAssembly.Instance(mod, imports);
} catch (e) {
  if (e instanceof WebAssembly.LinkError) out.push('link error');
  else out.push('start trap ' + category(e));
  done();
  return;
}
const exps = WebAssembly.Module.exports(mod);
let memory = null;
for (const e of exps) if (e.kind === 'memory' && memory === null) memory = inst.exports[e.name];
function hashMemory() {
  const b = new Uint8Array(memory.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(16);
}
let calls = 0;
for (const e of exps) {
  if (e.kind !== 'function' || e.name === HANG) continue;
  const f = inst.exports[e.name];
  const type = plan.exports[e.name];
  for (let set = 0; set < ARG_SETS && calls < plan.maxCalls; set++, calls++) {
    if (inst.exports[HANG]) { try { inst.exports[HANG](); } catch (x) { /* as CaseRunner: not recorded */ } }
    out.push('call ' + e.name + ' ' + set);
    try {
      out.push(result(type.results, f(...type.params.map(t => arg(t, set)))));
    } catch (x) {
      out.push('trap ' + category(x));
    }
    if (memory !== null) {
      out.push('memory ' + (memory.buffer.byteLength / 65536) + ' ' + hashMemory());
      // for reducing a memory mismatch by hand, as -Dfuzz.dump on our side
      if (process.env.FUZZ_DUMP) fs.writeFileSync(process.env.FUZZ_DUMP + '/v8-' + calls + '.bin', new Uint8Array(memory.buffer));
    }
  }
}
done();
