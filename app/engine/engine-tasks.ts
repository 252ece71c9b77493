/** Binds the engine to the real core task functions (app/tasks, app/compute, app/training). */
import { ApiError } from '../api/errors.js';
import type { EngineTasks } from './tasks.js';

export async function loadEngineTasks(): Promise<EngineTasks> {
  throw new ApiError('INTERNAL', 'inpaint, upscale, export and fine-tune are not wired into this build yet');
}
