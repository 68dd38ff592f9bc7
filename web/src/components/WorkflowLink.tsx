// Every case links to its workflow in the Temporal Web UI (hidden when none is configured).
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
  const url = workflowUrl(me?.links, workflowId);
  if (!url) return compact ? null : <Typography.Text code>{workflowId}</Typography.Text>;
  return (
    <Typography.Link href={url} target="_blank" rel="noreferrer" aria-label={`${t('common.workflow')} ${workflowId}`}>
      <LinkOutlined /> {compact ? t('common.workflow') : workflowId}
    </Typography.Link>
  );
}
