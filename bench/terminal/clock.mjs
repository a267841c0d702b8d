// A wall clock burnt into the picture as blocks a decoder reads back after compression: 40 bits of Date.now() (ms)
// in two rows of 20 square blocks across the top, then a row of the first row's complement (a read is kept only if it
// checks). Blocks are width/20 pixels. Shared by the frame generator (Node), the terminal's canvas and the viewer.
export const BITS = 40;
export const PER_ROW = 20;

/** Paints `ms` into a luminance plane (Uint8Array, width × height, 8 bits). */
export function paintLuma(y, width, ms) {
  const block = Math.floor(width / PER_ROW);
  const bits = bitsOf(ms);
  for (let i = 0; i < BITS + PER_ROW; i++) {
    const on = i < BITS ? bits[i] : 1 - bits[i - BITS];
    const bx = (i % PER_ROW) * block, by = Math.floor(i / PER_ROW) * block;
    for (let r = 0; r < block; r++) y.fill(on ? 235 : 16, (by + r) * width + bx, (by + r) * width + bx + block);
  }
}

export function bitsOf(ms) {
  const bits = [];
  let v = BigInt(Math.round(ms)) & ((1n << 40n) - 1n);
  for (let i = BITS - 1; i >= 0; i--) bits[i] = Number((v >> BigInt(BITS - 1 - i)) & 1n);
  return bits;
}

/** The function source a page evaluates: paint(ctx, width, ms) for a 2D canvas, read(imageData) → ms or null. */
export const pageSource = `
  const BITS = ${BITS}, PER_ROW = ${PER_ROW};
  ${bitsOf.toString()}
  function paint(ctx, width, ms) {
    const block = Math.floor(width / PER_ROW), bits = bitsOf(ms);
    for (let i = 0; i < BITS + PER_ROW; i++) {
      const on = i < BITS ? bits[i] : 1 - bits[i - BITS];
      ctx.fillStyle = on ? '#ebebeb' : '#101010';
      ctx.fillRect((i % PER_ROW) * block, Math.floor(i / PER_ROW) * block, block, block);
    }
  }
  function read(image) {
    const block = image.width / PER_ROW, at = (i) => {
      const x = Math.floor((i % PER_ROW) * block + block / 2), y = Math.floor(Math.floor(i / PER_ROW) * block + block / 2);
      return image.data[(y * image.width + x) * 4 + 1] > 128 ? 1 : 0;
    };
    let v = 0n;
    for (let i = 0; i < BITS; i++) {
      const bit = at(i);
      if (bit === at(BITS + (i % PER_ROW)) && i < PER_ROW) return null; // the check row disagrees
      v = (v << 1n) | BigInt(bit);
    }
    const now = BigInt(Date.now()), mask = (1n << 40n) - 1n;
    return Number(now - ((now & ~mask) | v));
  }
`;
