/** The shipped models, as the tests that run them refer to them. */
import { fileURLToPath } from 'node:url';
import type { ModelRef } from '../../../app/util/task.js';

export const PHOTO_MODEL: ModelRef = {
  id: 'photo',
  dir: fileURLToPath(new URL('../../../models/pretrained/photo', import.meta.url)),
};
