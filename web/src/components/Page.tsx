// A screen's frame: its title, optional actions beside it, and its content.
import { Flex, Typography } from 'antd';

export function Page({ title, extra, children }: { title: React.ReactNode; extra?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="page-title" style={{ marginBottom: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </main>
  );
}
