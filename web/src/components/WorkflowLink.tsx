// Operators' link from a case to its workflow in the Temporal Web UI (an English tool only they
// use: nobody else sees it; hidden when none is configured).
import { Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { t } from '../messages';
import { useMe } from '../api/queries';

export function workflowUrl(links: { temporalUi: string | null; namespace: string } | undefined, workflowId: string): string | null {
  if (!links?.temporalUi) return null;
  return `${links.temporalUi.replace(/\/$/, '')}/namespaces/${encodeURIComponent(links.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function WorkflowLink({ workflowId, compact = false }: { workflowId: string; compact?: boolean }) {
  const { data: me } = useMe();
  if (!me?.capabilities.includes('operate')) return null;
  const url = workflowUrl(me.links, workflowId);
  if (!url) return compact ? null : <Typography.Text code>{workflowId}</Typography.Text>;
  return (
    <Typography.Link href={url} target="_blank" rel="noreferrer" aria-label={`${t('common.workflow')} ${workflowId}`}>
      <LinkOutlined /> {compact ? t('common.workflow') : workflowId}
    </Typography.Link>
  );
}
