// Entry of the engine process: registers tsx so the engine runs from its TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('./process-entry.ts');
