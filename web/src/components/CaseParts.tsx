// Pieces every case page shows: its escalation (level and deadline) and its attachments.
import { useState } from 'react';
import { Alert, Button, Card, Col, List, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { itemsOf, useEscalationList } from '../api/queries';
import { errorText } from '../api/errors';
import type { Escalation, HistoryEntry } from '../api/client';
import { label, t } from '../messages';
import { formatBytes } from '../lib/format';
import { Countdown } from './Countdown';
import { FilePreview } from './AttachmentsField';
import { HistoryTimeline } from './HistoryTimeline';
import { StatusTag } from './StatusTag';
import { WorkflowLink } from './WorkflowLink';

/** The case page's side column: the case's escalation, then its timeline. */
export function CaseSidebar({ subjectId, history }: { subjectId: string; history: HistoryEntry[] }) {
  return (
    <Col xs={24} xl={9}>
      <Card title={t('app.escalation')} style={{ marginBottom: 16 }}>
        <EscalationSummary subjectId={subjectId} />
      </Card>
      <Card title={t('app.history')}>
        <HistoryTimeline history={history} />
      </Card>
    </Col>
  );
}

export function EscalationSummary({ subjectId }: { subjectId: string }) {
  const list = useEscalationList({ subjectId, limit: 20 });
  const items = itemsOf<Escalation>(list.data);
  if (list.isError) return <Alert type="error" title={errorText(list.error)} />;
  if (!items.length) return <Typography.Text type="secondary">{t('app.noEscalation')}</Typography.Text>;
  return (
    <Space orientation="vertical" data-testid="escalation-summary">
      {items.map((e) => (
        <Space key={e.id} wrap>
          <StatusTag group="escStatus" value={e.status} />
          <Tag color="volcano">{t('app.escalationLevel', { level: e.level, name: e.levelName })}</Tag>
          {e.currentDeadline && <Countdown deadline={e.currentDeadline} startedAt={e.currentClockStartedAt} />}
          <WorkflowLink workflowId={e.workflowId} compact />
        </Space>
      ))}
    </Space>
  );
}

/** The international part of an application as one row of a case's facts (none for a domestic one). */
export const internationalItems = (international: { leg: string; destinationCountry: string } | null | undefined) =>
  international
    ? [
        {
          key: 'intl',
          label: t('app.international'),
          span: 'filled' as const,
          children: `${label('leg', international.leg)} · ${international.destinationCountry}`,
        },
      ]
    : [];

export interface AttachmentItem {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** `department`: the handling department's own (an internal note's), never the office's. */
  visibility?: 'all' | 'department';
}

/** Where the API serves an attachment of a case's application (the session cookie goes with it). */
export const attachmentUrl = (applicationId: string, attachmentId: string) => `/v1/applications/${applicationId}/attachments/${attachmentId}`;

export function AttachmentList({ applicationId, attachments }: { applicationId: string; attachments: AttachmentItem[] }) {
  const [preview, setPreview] = useState<{ name: string; type: string; url: string } | null>(null);
  if (!attachments.length) return <Typography.Text type="secondary">{t('app.noAttachments')}</Typography.Text>;
  return (
    <>
      <List
        size="small"
        dataSource={attachments}
        renderItem={(a) => {
          const url = attachmentUrl(applicationId, a.id);
          return (
            <List.Item
              data-attachment={a.name}
              data-visibility={a.visibility ?? 'all'}
              actions={[
                <Button
                  key="preview"
                  type="link"
                  size="small"
                  onClick={() => setPreview({ name: a.name, type: a.contentType, url })}
                  aria-label={`${t('common.preview')} ${a.name}`}
                >
                  {t('common.preview')}
                </Button>,
                <Typography.Link key="download" href={url} download={a.name} aria-label={`${t('common.download')} ${a.name}`}>
                  {t('common.download')}
                </Typography.Link>,
              ]}
            >
              <Space>
                <PaperClipOutlined />
                <span>{a.name}</span>
                <Typography.Text type="secondary">{formatBytes(a.size)}</Typography.Text>
                {a.visibility === 'department' && (
                  <Tag color="purple" title={t('wo.internalHint')}>
                    {t('wo.internalFile')}
                  </Tag>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      <FilePreview file={preview} onClose={() => setPreview(null)} />
    </>
  );
}
