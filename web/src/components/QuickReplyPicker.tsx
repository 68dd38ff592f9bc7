// 快捷回复 beside a text box: find a reply (name, words, tag or pinyin initials), and it is filled
// from the case by the server (its variables, its files) and put into the box.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Input, List, Popover, Space, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../api/client';
import { useMe } from '../api/queries';
import { errorText } from '../api/errors';
import { t } from '../messages';

export type CaseRef = { workOrderId: string } | { applicationId: string };
export type Rendered = Schemas['RenderedQuickReply'];

export function QuickReplyPicker({ caseRef, onPick }: { caseRef: CaseRef; onPick: (r: Rendered) => void }) {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['quickReplies', 'list', q],
    queryFn: () => unwrap(api.GET('/v1/quick-replies', { params: { query: q ? { q } : {} } })),
    enabled: open,
  });
  if (!me?.capabilities.includes('quickReplies')) return null;

  async function pick(id: string) {
    try {
      const rendered = await unwrap(api.POST('/v1/quick-replies/{id}/render', { params: { path: { id } }, body: caseRef }));
      onPick(rendered);
      setOpen(false);
      void message.success(t('qr.filled'));
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  const usable = (list.data ?? []).filter((r) => r.status === 'approved' || r.mine);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomLeft"
      content={
        <Space orientation="vertical" style={{ width: 360 }}>
          <Input.Search allowClear placeholder={t('qr.search')} onSearch={setQ} data-testid="qr-search" autoFocus />
          <List
            size="small"
            loading={list.isPending}
            locale={{ emptyText: t('qr.empty') }}
            dataSource={usable}
            style={{ maxHeight: 320, overflow: 'auto' }}
            renderItem={(r) => (
              <List.Item key={r.id} style={{ cursor: 'pointer' }} onClick={() => void pick(r.id)} data-testid="qr-item">
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      {r.name}
                      <Tag>{t(`qr.scope.${r.scope}`)}</Tag>
                      {r.tags.map((tag) => (
                        <Tag key={tag} color="blue">
                          {tag}
                        </Tag>
                      ))}
                    </Space>
                  }
                  description={<Typography.Text ellipsis>{r.text}</Typography.Text>}
                />
              </List.Item>
            )}
          />
        </Space>
      }
    >
      <Button size="small" icon={<ThunderboltOutlined />} data-testid="qr-open">
        {t('qr.button')}
      </Button>
    </Popover>
  );
}
