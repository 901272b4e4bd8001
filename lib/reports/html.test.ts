/** The report builder escapes what it is given: a run title or tag cannot inject markup or script. */
import { describe, expect, it } from 'vitest';
import { h, render } from './html';
import { ticks } from './svg-chart';

describe('the report HTML builder', () => {
  it('escapes text and attributes, and leaves out false attributes', () => {
    expect(render(h('td', { title: '"><script>', hidden: false, open: true }, '<img src=x onerror=alert(1)> & co'))).toBe(
      '<td title="&quot;&gt;&lt;script&gt;" open>&lt;img src=x onerror=alert(1)&gt; &amp; co</td>',
    );
    expect(render([null, false, 'a', [h('b', null, '1'), undefined]])).toBe('a<b>1</b>');
  });

  it('picks round chart ticks', () => {
    // Up to the first tick at or above the highest value, so no line leaves the chart.
    expect(ticks(47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(ticks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(2, 8, true)).toEqual([0, 1, 2]);
    expect(ticks(0)).toEqual([0]);
  });
});
