// My notices and their preferences through TanStack Query. Keys start with 'notices': an
// `event: notice` from GET /v1/events (my inbox changed) marks them stale.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from './client';

export type Notice = Schemas['Notice'];
export type NoticePreference = Schemas['NoticePreference'];

export const NOTICES_KEY = ['notices'] as const;

export const useUnreadNotices = (enabled: boolean) =>
  useQuery({ queryKey: [...NOTICES_KEY, 'unread'], queryFn: () => unwrap(api.GET('/v1/notices/unread-count')), enabled });

/** My notices, unread first, a page at a time. */
export function useNoticeList(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...NOTICES_KEY, 'list'],
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/notices', { params: { query: { limit: 30, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: NOTICES_KEY });
  return {
    one: useMutation({ mutationFn: (id: string) => unwrap(api.POST('/v1/notices/{id}/read', { params: { path: { id } } })), onSuccess: done }),
    all: useMutation({ mutationFn: (upTo: string) => unwrap(api.POST('/v1/notices/read-all', { body: { upTo } })), onSuccess: done }),
  };
}

export const useNoticePreferences = () => useQuery({ queryKey: [...NOTICES_KEY, 'preferences'], queryFn: () => unwrap(api.GET('/v1/notices/preferences')) });

export function useSetNoticePreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (item: { event: NoticePreference['event']; inbox?: boolean; email?: boolean }) =>
      unwrap(api.PUT('/v1/notices/preferences', { body: { items: [item] } })),
    onSuccess: (next) => qc.setQueryData([...NOTICES_KEY, 'preferences'], next),
  });
}

export interface NoticeGroup {
  key: string;
  link: Notice['link'];
  unread: number;
  items: Notice[];
}

/** Notices grouped by the case they link to, in the order the list gives (unread first). */
export function groupByCase(items: Notice[]): NoticeGroup[] {
  const groups = new Map<string, NoticeGroup>();
  for (const n of items) {
    const key = n.link ? `${n.link.kind}:${n.link.id}` : `${n.caseKind}:${n.caseId}`;
    const group = groups.get(key) ?? { key, link: n.link, unread: 0, items: [] };
    group.items.push(n);
    if (!n.readAt) group.unread += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The console's page of a case. */
export const casePath = (link: NonNullable<Notice['link']>) => `/${link.kind === 'application' ? 'applications' : 'work-orders'}/${link.id}`;
