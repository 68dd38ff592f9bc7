// Queues stay current without reloading: server-sent events (GET /v1/events, the session cookie
// goes with them) mark the changed kind stale; after repeated stream errors, poll every 10 s and
// try the stream again now and then.
import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createLiveState, parseChange, POLL_MS, staleKeys } from '../lib/live';

export type LiveMode = 'connecting' | 'stream' | 'polling';
const LIVE = new Set(['application', 'workOrder', 'escalation', 'workbench', 'mailItem', 'stuck', 'notices']);
const RECONNECT_MS = 60_000;

const refreshAll = (qc: QueryClient) => qc.invalidateQueries({ predicate: (q) => LIVE.has(String(q.queryKey[0])) });

/** `session` names who is signed in and as what: the stream is theirs, so it reconnects when it changes. */
export function useLiveUpdates(session: string | null): LiveMode {
  const qc = useQueryClient();
  const [mode, setMode] = useState<LiveMode>('connecting');
  useEffect(() => {
    if (!session) return;
    let source: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let missed = false; // events may have been lost while disconnected
    const live = createLiveState();

    const startPolling = () => {
      setMode('polling');
      if (!poll) poll = setInterval(() => void refreshAll(qc), POLL_MS);
      retry = setTimeout(connect, RECONNECT_MS);
    };
    function connect() {
      source?.close();
      source = new EventSource('/v1/events', { withCredentials: true });
      source.addEventListener('open', () => {
        live.opened();
        setMode('stream');
        if (poll) clearInterval(poll);
        poll = undefined;
        if (missed) void refreshAll(qc);
        missed = false;
      });
      source.addEventListener('change', (event) => {
        const change = parseChange((event as MessageEvent<string>).data);
        if (!change) return;
        for (const queryKey of staleKeys(change)) void qc.invalidateQueries({ queryKey });
      });
      // My notices changed (one arrived, was counted again, or was read elsewhere).
      source.addEventListener('notice', () => void qc.invalidateQueries({ queryKey: ['notices'] }));
      source.addEventListener('error', () => {
        missed = true;
        // CLOSED: the browser gives up by itself (e.g. not 200); else it retries, up to a limit.
        if (source!.readyState === EventSource.CLOSED || live.failed()) {
          source!.close();
          startPolling();
        }
      });
    }
    connect();
    return () => {
      source?.close();
      if (poll) clearInterval(poll);
      if (retry) clearTimeout(retry);
    };
  }, [session, qc]);
  return mode;
}
