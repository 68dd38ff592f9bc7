// The bell in the header: my unread notices counted live (the change feed's `event: notice`),
// and a list grouped by case, each linking to the case page; reading one marks it read.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, Flex, List, Popover, Spin, Tag, Typography } from 'antd';
import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { casePath, groupByCase, useMarkRead, useNoticeList, useUnreadNotices, type Notice } from '../api/notices';
import { label, t } from '../messages';
import { formatDateTime } from '../lib/time';
import { QueryError } from './QueryError';

function NoticeItem({ notice, onOpen }: { notice: Notice; onOpen: (n: Notice) => void }) {
  return (
    <List.Item
      className={notice.readAt ? 'notice-read' : 'notice-unread'}
      data-testid="notice"
      data-event={notice.event}
      onClick={() => onOpen(notice)}
      style={{ cursor: 'pointer' }}
    >
      <List.Item.Meta
        title={
          <Flex gap={6} align="center" wrap>
            {!notice.readAt && <Badge status="processing" />}
            <Typography.Text strong={!notice.readAt}>{label('noticeEvent', notice.event)}</Typography.Text>
            {notice.count > 1 && <Tag color="orange">{t('notices.count', { count: notice.count })}</Tag>}
            {notice.forUser && <Tag>{t('notices.forUser', { user: notice.forUser })}</Tag>}
          </Flex>
        }
        description={
          <>
            <div>{notice.body}</div>
            <Typography.Text type="secondary">{formatDateTime(notice.lastAt)}</Typography.Text>
          </>
        }
      />
    </List.Item>
  );
}

function NoticePanel({ close }: { close: () => void }) {
  const list = useNoticeList(true);
  const mark = useMarkRead();
  const navigate = useNavigate();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const groups = groupByCase(items);
  const open = (n: Notice) => {
    if (!n.readAt) mark.one.mutate(n.id);
    if (n.link) {
      close();
      navigate(casePath(n.link));
    }
  };
  return (
    <div style={{ width: 380, maxHeight: '70vh', overflowY: 'auto' }} data-testid="notice-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notices.title')}</Typography.Text>
        <Flex gap={4}>
          <Button size="small" disabled={!items.some((n) => !n.readAt)} loading={mark.all.isPending} onClick={() => mark.all.mutate(new Date().toISOString())}>
            {t('notices.readAll')}
          </Button>
          <Link to="/notices/preferences" onClick={close}>
            <Button size="small" icon={<SettingOutlined />} aria-label={t('notices.preferences')} />
          </Link>
        </Flex>
      </Flex>
      {list.isPending ? (
        <Spin />
      ) : list.isError ? (
        <QueryError query={list} />
      ) : groups.length === 0 ? (
        <Empty description={t('notices.empty')} />
      ) : (
        groups.map((g) => (
          <div key={g.key} data-testid="notice-group" style={{ marginBottom: 8 }}>
            <Flex justify="space-between" align="center">
              {g.link ? (
                <Link to={casePath(g.link)} onClick={close}>
                  {g.link.number ?? g.link.id}
                </Link>
              ) : (
                <Typography.Text>{t('notices.noCase')}</Typography.Text>
              )}
              {g.unread > 0 && <Badge count={g.unread} size="small" />}
            </Flex>
            <List size="small" dataSource={g.items} renderItem={(n) => <NoticeItem notice={n} onOpen={open} />} />
          </div>
        ))
      )}
      {list.hasNextPage && (
        <Button block size="small" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
    </div>
  );
}

export function NoticeBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotices(true);
  const count = unread.data?.unread ?? 0;
  return (
    <Badge count={count} overflowCount={99} data-testid="notice-count" data-count={count}>
      <Popover
        trigger="click"
        placement="bottomRight"
        open={open}
        onOpenChange={setOpen}
        destroyOnHidden
        content={<NoticePanel close={() => setOpen(false)} />}
      >
        <Button shape="circle" icon={<BellOutlined />} aria-label={t('notices.bell', { count })} data-testid="notice-bell" />
      </Popover>
    </Badge>
  );
}
