/** How the Models tab words the app's tasks: what a model is for and what it does now. */
import type { ModelInfo, ModelTask } from '../../../../app/api/contract.js';

/** "the model that completes your photos now" */
export const TASK_VERBS: Record<ModelTask, string> = { inpaint: 'completes', upscale: 'upscales' };

const TASK_NAMES: Record<ModelTask, string> = { inpaint: 'completion', upscale: 'upscaling' };

const listed = (tasks: readonly ModelTask[]) => tasks.map((t) => TASK_NAMES[t]).join(' and ');

/** "For completion and upscaling · in use for completion"; '' for a model of no task. */
export function modelRoles(model: Pick<ModelInfo, 'tasks' | 'usedFor'>): string {
  if (model.tasks.length === 0) return '';
  const inUse = model.usedFor.length ? ` · in use for ${listed(model.usedFor)}` : '';
  return `For ${listed(model.tasks)}${inUse}`;
}
