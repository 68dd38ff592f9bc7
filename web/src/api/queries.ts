// Server state through TanStack Query. Keys start with the case kind ('application',
// 'workOrder', 'escalation') so a change event can mark exactly that kind stale.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, ApiError, type Application, type Escalation, type WorkOrder } from './client';
import type { paths } from './schema';

type AppQuery = NonNullable<paths['/v1/applications']['get']['parameters']['query']>;
type WorkOrderQuery = NonNullable<paths['/v1/work-orders']['get']['parameters']['query']>;
type EscalationQuery = NonNullable<paths['/v1/escalations']['get']['parameters']['query']>;

/** Not worth retrying: the answer will not change (missing, forbidden, not signed in). */
const retry = (count: number, error: unknown) => !(error instanceof ApiError && [401, 403, 404, 422].includes(error.status)) && count < 2;

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/v1/me')), staleTime: 60_000, retry });

/** Organisation names by code (tables show 济南市邮政分公司, not jinan). */
export function useOrgName(): (code: string | null | undefined) => string {
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => unwrap(api.GET('/v1/orgs')), staleTime: 30 * 60_000, retry });
  return (code) => (code ? (orgs.data?.find((o) => o.code === code)?.name ?? code) : '—');
}

export const useWorkbench = () => useQuery({ queryKey: ['workbench'], queryFn: () => unwrap(api.GET('/v1/workbench')), retry });

export const usePolicy = () => useQuery({ queryKey: ['policy'], queryFn: () => unwrap(api.GET('/v1/policy')), staleTime: 10 * 60_000, retry });

export const useApplication = (id: string) =>
  useQuery({ queryKey: ['application', 'detail', id], queryFn: () => unwrap(api.GET('/v1/applications/{id}', { params: { path: { id } } })), retry });

export const useWorkOrder = (id: string) =>
  useQuery({ queryKey: ['workOrder', 'detail', id], queryFn: () => unwrap(api.GET('/v1/work-orders/{id}', { params: { path: { id } } })), retry });

export const useMailItem = (mailNumber: string | undefined) =>
  useQuery({
    queryKey: ['mailItem', mailNumber],
    queryFn: () => unwrap(api.GET('/v1/mail-items/{mailNumber}', { params: { path: { mailNumber: mailNumber! } } })),
    enabled: !!mailNumber,
    retry,
  });

/** A list with cursor paging ("load more" follows nextCursor). */
export function useApplicationList(query: AppQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['application', 'list', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/applications', { params: { query: { ...query, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
    retry,
  });
}

export function useWorkOrderList(query: WorkOrderQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['workOrder', 'list', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/work-orders', { params: { query: { ...query, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
    retry,
  });
}

export function useEscalationList(query: EscalationQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['escalation', 'list', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/escalations', { params: { query: { ...query, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    retry,
  });
}

/** The pages of an infinite list as one array. */
export function itemsOf<T extends Application | WorkOrder | Escalation>(data: { pages: { items: T[] }[] } | undefined): T[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/** The caller's saved views with their live counts (a work-order change marks them stale). */
export const useViews = (enabled = true) => useQuery({ queryKey: ['workOrder', 'list', 'views'], queryFn: () => unwrap(api.GET('/v1/views')), enabled });
