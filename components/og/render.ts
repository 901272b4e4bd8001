/**
 * Renders a link image with fonts that ship with the app (Noto Sans, from npm) and nothing
 * fetched at run time: text outside those fonts is replaced first (next/og would otherwise look
 * missing glyphs up on third-party font and emoji hosts, with the label's characters in the
 * query). A rendering error answers 500 with a message, never an empty 200.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ImageResponse } from 'next/og';
import { createElement, type ReactElement } from 'react';

const FONT_DIR = path.join(process.cwd(), 'node_modules', '@fontsource', 'noto-sans', 'files');
const FONT_FILES = [
  ['noto-sans-latin-400-normal.woff', 400],
  ['noto-sans-latin-ext-400-normal.woff', 400],
  ['noto-sans-latin-700-normal.woff', 700],
  ['noto-sans-latin-ext-700-normal.woff', 700],
] as const;

let fonts: { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[] | undefined;
const loadFonts = () => (fonts ??= FONT_FILES.map(([file, weight]) => ({ name: 'Noto Sans', data: fs.readFileSync(path.join(FONT_DIR, file)), weight, style: 'normal' as const })));

/** Characters the bundled fonts draw: Latin (with its extensions), general punctuation, a few symbols. */
const DRAWN = /[\u0020-\u007e\u00a0-\u024f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2122\u2191\u2193\u2212]/;
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SUBSTITUTES: Record<string, string> = { '≈': '~', '→': '->', '≤': '<=', '≥': '>=' };

export function drawable(text: string): string {
  return [...text.replace(BIDI_CONTROLS, '')].map((ch) => SUBSTITUTES[ch] ?? (DRAWN.test(ch) ? ch : '?')).join('');
}

export async function renderImage(element: ReactElement): Promise<Response> {
  try {
    const png = await new ImageResponse(element, { width: 1200, height: 630, fonts: loadFonts() }).arrayBuffer();
    if (png.byteLength === 0) throw new Error('the renderer produced no image');
    return new Response(png, { headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=60' } });
  } catch (error) {
    return Response.json({ error: `the link image could not be drawn: ${error instanceof Error ? error.message : String(error)}` }, { status: 500 });
  }
}

// The renderer's first image costs ~0.6 s here (its WebAssembly and the fonts load, its code
// warms up): one small image is drawn when this module loads — at start, when the start
// script's warm-up request loads the link image route — so a crowd's first link does not wait.
void new ImageResponse(createElement('div', { style: { display: 'flex', fontSize: 24 } }, 'Gateway Bench'), { width: 120, height: 63, fonts: loadFonts() })
  .arrayBuffer()
  .catch(() => undefined);
