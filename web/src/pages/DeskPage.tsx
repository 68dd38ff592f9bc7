// 部门人员: a department's people with what each holds of the cap and who is on leave (and whom
// their work goes to), and the leave that has not ended. A handler records their own leave; the
// department's lead records and cancels their people's (the API decides who may: its answer is
// shown). The provincial centre picks the department.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, idempotencyHeader, unwrap, type DeskPerson as Person, type Me } from '../api/client';
import { useAction } from '../api/actions';
import { useAbsences, useDepartments, useDeskPeople, useMe } from '../api/queries';
import { t, type MessageKey } from '../messages';
import { formatDateTime, pickedToIso, pickerNow } from '../lib/time';
import { Page } from '../components/Page';
import { QueryError } from '../components/QueryError';
import { showFieldErrors } from '../components/formErrors';

interface LeaveValues {
  userId: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  substituteId?: string;
  note?: string;
}

const chosen = (field: MessageKey) => ({ required: true, message: t('common.required', { field: t(field) }) });

/** 登记请假: for oneself, or as the lead for one of the department's people. */
function RecordLeave({ me, people }: { me: Me; people: Person[] }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<LeaveValues>();
  const who = Form.useWatch('userId', form) ?? me.id;
  const record = useAction({
    run: (body: { userId: string; startsAt: string; endsAt: string; substituteId?: string; note?: string }, key: string) =>
      unwrap(api.POST('/v1/absences', { body, headers: idempotencyHeader(key) })),
    success: () => t('desk.recorded'),
    onDone: () => {
      setOpen(false);
      form.resetFields();
    },
  });
  useEffect(() => {
    if (record.error) showFieldErrors(form, record.error);
  }, [record.error, form]);
  const start = () => {
    const now = pickerNow(Date.now());
    form.setFieldsValue({ userId: me.id, startsAt: now, endsAt: now.add(1, 'day') });
    setOpen(true);
  };
  return (
    <>
      <Button type="primary" onClick={start}>
        {t('desk.recordLeave')}
      </Button>
      <Modal
        open={open}
        title={t('desk.recordLeaveTitle')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: record.pending, disabled: record.pending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          name="record-leave"
          onFinish={(v) =>
            record.submit({
              userId: v.userId,
              startsAt: pickedToIso(v.startsAt),
              endsAt: pickedToIso(v.endsAt),
              ...(v.substituteId ? { substituteId: v.substituteId } : {}),
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            })
          }
        >
          <Form.Item name="userId" label={t('desk.person')} rules={[chosen('form.userId')]}>
            {/* The lead picks one of their people; anyone else records their own leave. */}
            <Select showSearch optionFilterProp="label" disabled={!me.lead} options={people.map((p) => ({ value: p.userId, label: p.name }))} />
          </Form.Item>
          <Space align="start" wrap>
            <Form.Item name="startsAt" label={t('form.startsAt')} rules={[chosen('form.startsAt')]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
            </Form.Item>
            <Form.Item
              name="endsAt"
              label={t('form.endsAt')}
              dependencies={['startsAt']}
              rules={[
                chosen('form.endsAt'),
                ({ getFieldValue }) => ({
                  validator: (_r, v?: Dayjs) =>
                    !v || !getFieldValue('startsAt') || v.isAfter(getFieldValue('startsAt'))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('fieldRule.afterStart'))),
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
            </Form.Item>
          </Space>
          <Form.Item name="substituteId" label={t('desk.substituteField')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('desk.noSubstitute')}
              options={people.filter((p) => p.userId !== who).map((p) => ({ value: p.userId, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('desk.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
        {record.errorText && <Alert type="error" showIcon title={record.errorText} data-testid="action-error" />}
      </Modal>
    </>
  );
}

function CancelLeave({ id }: { id: string }) {
  const cancel = useAction({
    run: (_b: Record<string, never>, key: string) =>
      unwrap(api.POST('/v1/absences/{id}/cancel', { params: { path: { id } }, headers: idempotencyHeader(key) })),
    success: () => t('desk.cancelled'),
  });
  return (
    <Space>
      <Popconfirm title={t('desk.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => cancel.submit({})}>
        <Button size="small" danger loading={cancel.pending}>
          {t('desk.cancel')}
        </Button>
      </Popconfirm>
      {cancel.errorText && <Typography.Text type="danger">{cancel.errorText}</Typography.Text>}
    </Space>
  );
}

function Department({ me, org }: { me: Me; org: string }) {
  const people = useDeskPeople(org);
  const absences = useAbsences(org);
  const list = people.data ?? [];
  const nameOf = (id: string | null | undefined) => (id ? (list.find((p) => p.userId === id)?.name ?? id) : t('none'));
  return (
    <>
      <Card title={t('desk.people')} extra={<RecordLeave me={me} people={list} />} style={{ marginBottom: 16 }}>
        <QueryError query={people} />
        <Table<Person>
          rowKey="userId"
          size="small"
          className="nowrap-table"
          data-testid="desk-people"
          loading={people.isPending}
          dataSource={list}
          pagination={false}
          columns={[
            {
              title: t('desk.name'),
              dataIndex: 'name',
              render: (v: string, p) => (
                <Space size={4}>
                  {v}
                  {p.lead && <Tag>{t('wo.leadTag')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('desk.load'),
              key: 'load',
              render: (_v, p) => <Typography.Text type={p.load >= p.cap ? 'danger' : undefined}>{`${p.load}/${p.cap}`}</Typography.Text>,
            },
            {
              title: t('desk.state'),
              key: 'state',
              render: (_v, p) =>
                p.absent ? (
                  <Space size={4}>
                    <Tag color="orange">{t('desk.absent')}</Tag>
                    {p.substitute && <Typography.Text type="secondary">{t('desk.substitute', { name: nameOf(p.substitute) })}</Typography.Text>}
                  </Space>
                ) : (
                  <Tag color="green">{t('desk.present')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('desk.leaveList')}>
        <QueryError query={absences} />
        <Table
          rowKey="id"
          size="small"
          className="nowrap-table"
          data-testid="desk-leave"
          loading={absences.isPending}
          dataSource={absences.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('desk.noLeave') }}
          columns={[
            { title: t('desk.person'), dataIndex: 'userId', render: nameOf },
            { title: t('desk.startsAt'), dataIndex: 'startsAt', render: (v: string) => formatDateTime(v) },
            { title: t('desk.endsAt'), dataIndex: 'endsAt', render: (v: string) => formatDateTime(v) },
            { title: t('desk.substituteField'), dataIndex: 'substituteId', render: nameOf },
            { title: t('desk.note'), dataIndex: 'note', render: (v: string | null) => v ?? t('none') },
            {
              title: t('common.actions'),
              key: 'actions',
              // The person, their lead or an administrator may cancel it (the API decides).
              render: (_v, a) => (a.userId === me.id || me.lead || me.capabilities.includes('administer') ? <CancelLeave id={a.id} /> : null),
            },
          ]}
        />
      </Card>
    </>
  );
}

export function DeskPage() {
  const { data: me } = useMe();
  const departments = useDepartments();
  const own = departments.data?.some((d) => d.code === me?.org) ? me?.org : undefined;
  const [picked, setPicked] = useState<string | undefined>();
  if (!me) return null;
  const org = own ?? picked;
  return (
    <Page
      title={t('desk.title')}
      extra={
        !own && (
          <Select
            aria-label={t('desk.department')}
            placeholder={t('desk.choose')}
            value={picked}
            onChange={setPicked}
            loading={departments.isPending}
            style={{ width: 200 }}
            options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
          />
        )
      }
    >
      {org ? <Department me={me} org={org} /> : <Alert type="info" showIcon title={t('desk.choose')} />}
    </Page>
  );
}
