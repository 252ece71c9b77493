import { describe, expect, it } from 'vitest';
import { EngineError } from '../api/errors.js';
import { NoticeStore } from './notices.svelte.js';

describe('NoticeStore', () => {
  it('drops a stale confirmation such as a cancelled job, but keeps an error up', () => {
    const notices = new NoticeStore();
    notices.report(new EngineError('CANCELLED', 'the job was cancelled'));
    expect(notices.current?.message).toBe('The job was cancelled.');
    notices.dismissStale();
    expect(notices.current).toBeNull();
    notices.report(new Error('disk full'));
    notices.dismissStale();
    expect(notices.current?.kind).toBe('error');
  });
});
