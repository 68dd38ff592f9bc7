// The office's first step: a mail number, looked up before anything is typed into a form.
import { useState } from 'react';
import { Button, Form, Input, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { t } from '../messages';

export function MailLookup({ initial = '', onLookup }: { initial?: string; onLookup: (mailNumber: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <Form layout="inline" onFinish={() => value.trim() && onLookup(value.trim().toUpperCase())}>
      <Form.Item label={t('mail.mailNumber')} htmlFor="mail-lookup" style={{ marginBottom: 8 }}>
        <Space.Compact>
          <Input
            id="mail-lookup"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={t('mail.mailNumberPlaceholder')}
            style={{ width: 260 }}
          />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('mail.lookup')}
          </Button>
        </Space.Compact>
      </Form.Item>
    </Form>
  );
}
