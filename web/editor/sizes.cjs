// Raw, gzip -9 and brotli 11 sizes of every file in a directory (docs/figures.md, the code
// editor): `node web/editor/sizes.cjs dist`.
const fs = require("fs");
const zlib = require("zlib");
const path = require("path");

const dir = process.argv[2] ?? "dist";
const total = { raw: 0, gzip: 0, brotli: 0 };
const row = (name, raw, gzip, brotli) =>
  console.log(name.padEnd(44), String(raw).padStart(9), String(gzip).padStart(8), String(brotli).padStart(8));
row("file", "raw", "gzip -9", "br 11");
for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile()) continue;
  const bytes = fs.readFileSync(file);
  const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  total.raw += bytes.length;
  total.gzip += gzip;
  total.brotli += brotli;
  row(name, bytes.length, gzip, brotli);
}
row("total", total.raw, total.gzip, total.brotli);
