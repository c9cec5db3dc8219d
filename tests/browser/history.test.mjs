// Undo's history (www/history.js): bounded by states and by text, a data
// set's samples counted once however many states share them, and every
// state it gives back the very one it was given.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOUNDS, History, sameState } from '../../www/history.js';

/** A snapshot as Core.snapshot() makes them: the text with a mark, and the samples' text. */
const snap = (step, samples) => ({ text: `{"step":${step},"samples":"\\u0000samples"}`, samples });

test('undo and redo give back the snapshots pushed, newest first, and a repeat is kept once', () => {
  const h = new History();
  const samples = '[{"input":[0,1],"target":[1]}]';
  const [a, b, c] = [snap(0, samples), snap(1, samples), snap(2, samples)];
  h.push(a);
  h.push(b);
  h.push({ ...b }); // the same state again: nothing new to go back to
  assert.equal(h.size.states, 2);
  assert.equal(h.undo(c), b);
  assert.equal(h.undo(b), a);
  assert.equal(h.undo(a), null);
  assert.equal(h.redo(a), b);
  assert.equal(h.redo(b), c);
  assert.equal(h.canRedo, false);
  assert.ok(sameState(snap(1, samples), b) && !sameState(a, b) && !sameState(a, snap(0, `${samples} `)));
});

test('states that share their samples count them once; up to the most states', () => {
  const h = new History();
  const samples = 'x'.repeat(1_000_000); // 10,000 samples' worth of text
  const all = Array.from({ length: BOUNDS.most + 50 }, (_, i) => snap(i, samples));
  for (const s of all) h.push(s);
  const kept = all.slice(-BOUNDS.most);
  assert.deepEqual(h.size, { states: BOUNDS.most, text: samples.length + kept.reduce((n, s) => n + s.text.length, 0) },
    'the oldest go past the most states, and the samples count once');
  assert.equal(h.undo(snap(-1, samples)), all.at(-1));
});

test('states with samples of their own are kept while their text fits, and always the last few', () => {
  const h = new History();
  const own = (i, n) => snap(i, `[${String(i).padStart(n, '0')}]`); // a different samples text each
  for (let i = 0; i < 100; i++) h.push(own(i, 200_000));
  const one = 200_002 + own(99, 0).text.length; // a state's text, give or take a digit
  assert.ok(h.size.text <= BOUNDS.text && h.size.text > BOUNDS.text - one, `${h.size.text} characters: as many states as fit`);
  for (let i = 0; i < 100; i++) h.push(own(100 + i, 1_000_000));
  assert.equal(h.size.states, BOUNDS.least, 'however large, the last few stay');
  assert.equal(h.undo(own(0, 0)).samples, own(199, 1_000_000).samples);
  // Each samples text is counted while a state holds it, and no longer.
  while (h.canUndo) h.undo(own(0, 0));
  assert.deepEqual(h.size, { states: 0, text: 0 });
});
