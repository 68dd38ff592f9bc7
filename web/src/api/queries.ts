// Server state through TanStack Query. Keys start with the case kind ('application',
// 'workOrder', 'escalation') so a change event can mark exactly that kind stale.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, ApiError, type Application, type Escalation, type WorkOrder } from './client';
import type { paths } from './schema';

type AppQuery = NonNullable<paths['/v1/applications']['get']['parameters']['query']>;
type WorkOrderQuery = NonNullable<paths['/v1/work-orders']['get']['parameters']['query']>;
type FacetsQuery = NonNullable<paths['/v1/work-orders/facets']['get']['parameters']['query']>;
type EscalationQuery = NonNullable<paths['/v1/escalations']['get']['parameters']['query']>;

/** Not worth retrying: the answer will not change (missing, forbidden, not signed in). */
const retry = (count: number, error: unknown) => !(error instanceof ApiError && [401, 403, 404, 422].includes(error.status)) && count < 2;

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/v1/me')), staleTime: 60_000, retry });

/** The organisations of the directory (offices, the provincial centre, the handling departments). */
export const useOrgs = () => useQuery({ queryKey: ['orgs'], queryFn: () => unwrap(api.GET('/v1/orgs')), staleTime: 30 * 60_000, retry });

/** Organisation names by code (tables show 济南市邮政分公司, not jinan). */
export function useOrgName(): (code: string | null | undefined) => string {
  const orgs = useOrgs();
  return (code) => (code ? (orgs.data?.find((o) => o.code === code)?.name ?? code) : '—');
}

/** The handling departments, as choices (transfer, re-dispatch, the people page). */
export function useDepartments() {
  const orgs = useOrgs();
  return { ...orgs, data: orgs.data?.filter((o) => o.kind === 'department') };
}

/** A department's people: what each holds, the cap, who is on leave and whom their work goes to. */
export const useDeskPeople = (org: string | null | undefined, enabled = true) =>
  useQuery({
    queryKey: ['deskPeople', org],
    queryFn: () => unwrap(api.GET('/v1/orgs/{code}/people', { params: { path: { code: org! } } })),
    enabled: !!org && enabled,
    staleTime: 30_000,
    retry,
  });

/** Leave that has not ended, of a department's people (live: 'absence' is not among the stable keys). */
export const useAbsences = (org: string | null | undefined) =>
  useQuery({
    queryKey: ['absence', org],
    queryFn: () => unwrap(api.GET('/v1/absences', { params: { query: { org: org! } } })),
    enabled: !!org,
    retry,
  });

/** How many orders each queue filter would show: the counts beside the filters. */
export const useWorkOrderFacets = (query: FacetsQuery, enabled = true) =>
  useQuery({
    queryKey: ['workOrder', 'facets', query],
    queryFn: () => unwrap(api.GET('/v1/work-orders/facets', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
    retry,
  });

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
