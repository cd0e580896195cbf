// Lists the C++ sources for binding.gyp so that adding a kernel file needs no gyp edit.
// `node scripts/list-sources.cjs avx2` prints csrc/*_avx2.cc (compiled with -mavx2 -mfma),
// `... avx512` csrc/*_avx512.cc (-mavx512f), `... portable` csrc/*_portable.cc (built only
// where there are no AVX units), and `... base` every other csrc/*.cc.
const fs = require('node:fs');
const path = require('node:path');

const group = process.argv[2];
const suffixes = ['_avx2.cc', '_avx512.cc', '_portable.cc'];
const files = fs
  .readdirSync(path.join(__dirname, '..', 'csrc'))
  .filter((f) => f.endsWith('.cc'))
  .filter((f) => (group === 'base' ? !suffixes.some((s) => f.endsWith(s)) : f.endsWith(`_${group}.cc`)))
  .sort();
console.log(files.map((f) => `csrc/${f}`).join(' '));
