/**
 * CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF),
 * written here rather than taken from node:zlib because the pump core is pure and must run without Node's
 * I/O modules. It guards every non-volatile image against torn writes and retention bit flips (FDA 2014
 * infusion-pump hazard: "corrupted dose history").
 */

const POLYNOMIAL = 0xedb88320;

/** One entry per byte value: the CRC contribution of that byte, computed once at module load. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32/ISO-HDLC of `bytes[start, end)`, as an unsigned 32-bit integer. Check value: "123456789" →
 * 0xCBF43926.
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) {
    c = (TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
