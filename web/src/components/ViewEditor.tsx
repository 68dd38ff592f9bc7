// A saved view's filters, columns, sort and sharing, made or changed in a modal.
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { useAction } from '../api/actions';
import { useMe } from '../api/queries';
import { t } from '../messages';
import { showFieldErrors } from './formErrors';
import { VIEW_CLOCK_STATES, VIEW_COLUMNS, VIEW_SORTS } from '../../../domain/answers';
import { categoryOptions, workOrderStatusOptions, yesNoOptions } from '../lib/options';

export { VIEW_COLUMNS };

type View = Schemas['SavedView'];

/** Drops filters left empty: the body as the contract wants it. */
function filtersOf(f: Record<string, unknown> = {}): View['filters'] {
  return Object.fromEntries(
    Object.entries(f).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as View['filters'];
}

export function ViewEditor({ view, onClose }: { view?: View; onClose: () => void }) {
  const [form] = Form.useForm();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const save = useAction({
    run: (v: {
      name: string;
      scope: View['scope'];
      filters?: Record<string, unknown>;
      columns: View['columns'];
      sortField: View['sort']['field'];
      sortDirection: View['sort']['direction'];
    }) => {
      const body = {
        name: v.name,
        scope: v.scope,
        filters: filtersOf(v.filters),
        columns: v.columns,
        sort: { field: v.sortField, direction: v.sortDirection },
      };
      return view ? unwrap(api.PATCH('/v1/views/{id}', { params: { path: { id: view.id } }, body })) : unwrap(api.POST('/v1/views', { body }));
    },
    success: () => t('common.done'),
    onDone: (saved) => {
      onClose();
      navigate(`/views/${saved.id}`);
    },
    onError: (e) => showFieldErrors(form, e),
  });
  const initial = view
    ? { ...view, sortField: view.sort.field, sortDirection: view.sort.direction }
    : {
        scope: 'personal',
        columns: ['number', 'status', 'category', 'assignee', 'clock', 'remaining', 'tags'],
        sortField: 'deadline',
        sortDirection: 'asc',
        filters: { open: true },
      };
  return (
    <Modal
      open
      width={720}
      title={t(view ? 'view.edit' : 'nav.newView')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.pending }}
      forceRender
    >
      <Form form={form} layout="vertical" name="saved-view" initialValues={initial} onFinish={(v) => save.submit(v)}>
        <Space wrap align="start">
          <Form.Item name="name" label={t('view.name')} rules={[{ required: true, whitespace: true }, { max: 40 }]}>
            <Input maxLength={40} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="scope" label={t('view.scope')}>
            <Select
              style={{ width: 160 }}
              options={(['personal', 'department', 'public'] as const)
                .filter((s) => s !== 'public' || me?.lead || me?.role === 'reviewer' || me?.role === 'supervisor')
                .map((s) => ({ value: s, label: t(`view.scope.${s}`) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name={['filters', 'status']} label={t('view.status')}>
            <Select mode="multiple" style={{ minWidth: 200 }} options={workOrderStatusOptions()} />
          </Form.Item>
          <Form.Item name={['filters', 'open']} label={t('view.open')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['filters', 'clockState']} label={t('view.clockState')}>
            <Select mode="multiple" style={{ minWidth: 200 }} options={VIEW_CLOCK_STATES.map((c) => ({ value: c, label: t(`view.clock.${c}`) }))} />
          </Form.Item>
          <Form.Item name={['filters', 'remainingHoursAtMost']} label={t('view.remaining')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          <Form.Item name={['filters', 'category']} label={t('view.category')}>
            <Select mode="multiple" style={{ minWidth: 200 }} options={categoryOptions()} />
          </Form.Item>
          <Form.Item name={['filters', 'assignee']} label={t('view.assignee')}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={[
                { value: 'me', label: t('view.assignee.me') },
                { value: 'none', label: t('view.assignee.none') },
              ]}
            />
          </Form.Item>
          <Form.Item name={['filters', 'department']} label={t('view.department')}>
            <Input style={{ width: 160 }} placeholder="dept-operations" />
          </Form.Item>
          <Form.Item name={['filters', 'paused']} label={t('view.paused')}>
            <Select allowClear style={{ width: 100 }} options={yesNoOptions()} />
          </Form.Item>
          <Form.Item name={['filters', 'transferred']} label={t('view.transferred')}>
            <Select allowClear style={{ width: 100 }} options={yesNoOptions()} />
          </Form.Item>
          <Form.Item name={['filters', 'minTransfers']} label={t('view.minTransfers')}>
            <InputNumber min={1} max={50} />
          </Form.Item>
          <Form.Item name={['filters', 'tags']} label={t('view.tags')}>
            <Select mode="tags" style={{ minWidth: 200 }} tokenSeparators={[',', '，', ' ']} />
          </Form.Item>
        </Space>
        <Form.Item name="columns" label={t('view.columns')} rules={[{ required: true }]}>
          <Checkbox.Group options={VIEW_COLUMNS.map((c) => ({ value: c, label: t(`view.col.${c}`) }))} />
        </Form.Item>
        <Space>
          <Form.Item name="sortField" label={t('view.sort')}>
            <Select style={{ width: 140 }} options={VIEW_SORTS.map((s) => ({ value: s, label: t(`view.sort.${s}`) }))} />
          </Form.Item>
          <Form.Item name="sortDirection" label=" ">
            <Select
              style={{ width: 100 }}
              options={[
                { value: 'asc', label: t('view.asc') },
                { value: 'desc', label: t('view.desc') },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
      {save.errorText && <Alert type="error" showIcon title={save.errorText} data-testid="action-error" />}
    </Modal>
  );
}
