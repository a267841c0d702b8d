// The thumbnail strip as the timeline: tiles drawn on a canvas across the width, bookmarks as marks, the current time
// as a line; hovering shows that moment's frame above it, a click (or Entrée on the focused strip) seeks. The frames
// load once the consultation's motif is given (show()); before, the strip shows the marks and the time only.
import { api, type Bookmark, type Consultation } from '../api';
import { h } from '../dom';
import { formatElapsed } from '../logic/format';
import { tileAt, tileCount, tilesPerSide, timeAtX } from '../logic/strip';

export class Strip {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'strip-canvas', height: 72, tabindex: 0, role: 'slider', 'aria-label': 'timeline', 'aria-valuemin': 0 });
  private readonly preview = h('canvas', { class: 'strip-preview', width: 160, height: 90, hidden: true });
  private readonly previewTime = h('span', { class: 'strip-preview-time', hidden: true });
  private readonly images = new Map<string, HTMLImageElement>();
  private bookmarks: Bookmark[] = [];
  private current = 0;

  /** Seconds between tiles, known from the thumbnails' derivation in the custody history (itself a consultation). */
  private every: number | null = null;

  constructor(private readonly recordingId: string, private readonly duration: number,
    private readonly seek: (seconds: number) => void) {
    this.canvas.setAttribute('aria-valuemax', String(Math.round(duration)));
    this.element = h('div', { class: 'strip', id: 'strip' }, this.canvas, this.preview, this.previewTime);
    this.canvas.addEventListener('click', (e) => this.seek(this.timeAt(e.offsetX)));
    this.canvas.addEventListener('mousemove', (e) => this.hover(e.offsetX));
    this.canvas.addEventListener('mouseleave', () => { this.preview.hidden = true; this.previewTime.hidden = true; });
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  /** The strips are pictures of the recording: they load once the consultation is stated, with its motif. */
  show(consultation: Consultation, every: number | null): void {
    this.every = every;
    if (this.every && this.images.size === 0) this.load(consultation);
  }

  setBookmarks(bookmarks: Bookmark[]): void { this.bookmarks = bookmarks; this.draw(); }

  setTime(seconds: number): void {
    this.current = seconds;
    this.canvas.setAttribute('aria-valuenow', String(Math.round(seconds)));
    this.canvas.setAttribute('aria-valuetext', formatElapsed(seconds));
    this.draw();
  }

  private timeAt(x: number): number { return timeAtX(x, this.canvas.clientWidth || 1, this.duration); }

  private load(consultation: Consultation): void {
    const strips = Math.ceil(tileCount(this.duration, this.every!) / (tilesPerSide * tilesPerSide));
    for (let i = 1; i <= strips; i++) {
      const file = `strip_${String(i).padStart(3, '0')}.jpg`;
      const img = new Image();
      img.addEventListener('load', () => this.draw());
      img.src = api.thumbnailUrl(this.recordingId, file, consultation);
      this.images.set(file, img);
    }
  }

  /** Draws the tile for `seconds` into `ctx` over (x, y, w, hgt); false when its strip has not loaded yet. */
  private drawTile(ctx: CanvasRenderingContext2D, seconds: number, x: number, y: number, w: number, hgt: number): boolean {
    if (!this.every) return false;
    const tile = tileAt(Math.min(seconds, Math.max(0, this.duration - 0.001)), this.every);
    const img = this.images.get(tile.file);
    if (!img || !img.complete || img.naturalWidth === 0) return false;
    const tw = img.naturalWidth / tilesPerSide;
    const th = img.naturalHeight / tilesPerSide;
    ctx.drawImage(img, tile.column * tw, tile.row * th, tw, th, x, y, w, hgt);
    return true;
  }

  private draw(): void {
    const width = this.canvas.clientWidth;
    if (width === 0) return;
    if (this.canvas.width !== width) this.canvas.width = width;
    const ctx = this.canvas.getContext('2d')!;
    const height = this.canvas.height;
    ctx.fillStyle = '#1b2430';
    ctx.fillRect(0, 0, width, height);
    const tileWidth = height * 16 / 9;
    for (let x = 0; x < width; x += tileWidth) this.drawTile(ctx, this.timeAt(x + tileWidth / 2), x, 0, tileWidth, height);
    ctx.fillStyle = '#f5b700';
    for (const b of this.bookmarks) {
      const x = (b.atSeconds / this.duration) * width;
      const w = b.untilSeconds ? Math.max(3, ((b.untilSeconds - b.atSeconds) / this.duration) * width) : 3;
      ctx.fillRect(x, 0, w, 8);
    }
    ctx.fillStyle = '#ff3b3b';
    ctx.fillRect((this.current / this.duration) * width - 1, 0, 2, height);
  }

  private hover(x: number): void {
    const seconds = this.timeAt(x);
    const ctx = this.preview.getContext('2d')!;
    const shown = this.drawTile(ctx, seconds, 0, 0, this.preview.width, this.preview.height);
    this.preview.hidden = !shown;
    this.previewTime.hidden = false;
    this.previewTime.textContent = formatElapsed(seconds);
    const left = `${Math.max(0, Math.min(x - 80, this.canvas.clientWidth - 160))}px`;
    this.preview.style.left = left; // CSSOM, not a style attribute: allowed under style-src 'self'
    this.previewTime.style.left = left;
  }
}
