import { expect, it } from 'vitest';
import { FACES_LIST, readNameList, splitFaces } from './superres-finetune-split.js';

it('splits the 13 faces 7 / 6 alternately by name, the same every time', async () => {
  const faces = await readNameList(FACES_LIST);
  expect(faces).toHaveLength(13);
  const split = splitFaces([...faces].reverse());
  expect(split.tune).toEqual([
    'photo_074.jpg',
    'photo_076.jpg',
    'photo_078.jpg',
    'photo_080.jpg',
    'photo_082.jpg',
    'photo_084.jpg',
    'photo_086.jpg',
  ]);
  expect(split.measure).toEqual([
    'photo_075.jpg',
    'photo_077.jpg',
    'photo_079.jpg',
    'photo_081.jpg',
    'photo_083.jpg',
    'photo_085.jpg',
  ]);
  expect(splitFaces(faces)).toEqual(split);
});

it('keeps the parts apart and refuses a list too short to split', () => {
  const split = splitFaces(['b.jpg', 'a.jpg', 'b.jpg', 'c.jpg']);
  expect(split).toEqual({ tune: ['a.jpg', 'c.jpg'], measure: ['b.jpg'] });
  expect(() => splitFaces(['a.jpg'])).toThrow('at least 2 photos');
});
