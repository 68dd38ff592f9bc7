// One hook for every action button/form: an Idempotency-Key per submission (reused when the same
// content is sent again), no second send while one is pending, the API's answer shown, and
// everything stale refetched after a success.
import { useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { ApiError, newSubmission } from './client';
import { errorText, type StatusGroup } from './errors';

const STABLE = new Set(['me', 'policy', 'people', 'authOptions', 'orgs']);

export interface ActionOptions<B, R> {
  run: (body: B, idempotencyKey: string) => Promise<R>;
  statusGroup?: StatusGroup;
  success?: (result: R) => string;
  onDone?: (result: R) => void;
  onError?: (error: unknown) => void;
}

export function useAction<B, R>(o: ActionOptions<B, R>) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const submission = useRef(newSubmission());
  const mutation = useMutation({
    mutationFn: (body: B) => o.run(body, submission.current.keyFor(body)),
    onSuccess: async (result) => {
      submission.current.done();
      const text = o.success?.(result);
      if (text) void message.success(text);
      o.onDone?.(result);
      await qc.invalidateQueries({ predicate: (q) => !STABLE.has(String(q.queryKey[0])) });
    },
    onError: async (error) => {
      o.onError?.(error);
      // Someone else acted first: show the case as it is now (the answer stays on screen).
      if (error instanceof ApiError && error.status === 409) await qc.invalidateQueries({ predicate: (q) => !STABLE.has(String(q.queryKey[0])) });
    },
  });
  return {
    /** Sends unless a send is already under way (a double click sends once). */
    submit: (body: B) => {
      if (!mutation.isPending) mutation.mutate(body);
    },
    pending: mutation.isPending,
    error: mutation.error,
    errorText: mutation.error ? errorText(mutation.error, o.statusGroup) : null,
    reset: mutation.reset,
    data: mutation.data,
  };
}
