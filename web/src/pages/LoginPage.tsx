// Sign-in: single sign-on (a full-page trip to the identity provider), or in local mode a list of
// the directory's people grouped by kind of organisation and organisation — one click per person
// and role. Never a pasted token.
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Divider, Flex, Input, Row, Spin, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { api, setCsrfToken, unwrap, type LocalPerson, type Role } from '../api/client';
import { errorText } from '../api/errors';
import { has, label, t } from '../messages';
import { QueryError } from '../components/QueryError';

/** Only paths of this site (as the server's own rule): a link must not send people elsewhere. */
export const safeReturnTo = (value: string | null) => (value && /^\/(?!\/)[^\s\\]*$/.test(value) && !value.startsWith('/login') ? value : '/');

interface OrgGroup {
  org: string;
  orgName: string;
  people: LocalPerson[];
}

function groupPeople(people: LocalPerson[]): { kind: string; orgs: OrgGroup[] }[] {
  const kinds = new Map<string, Map<string, OrgGroup>>();
  for (const p of people) {
    const orgs = kinds.get(p.orgKind) ?? new Map<string, OrgGroup>();
    kinds.set(p.orgKind, orgs);
    const group = orgs.get(p.org) ?? { org: p.org, orgName: p.orgName, people: [] };
    orgs.set(p.org, group);
    group.people.push(p);
  }
  const order = ['office', 'provincial', 'department'];
  return [...kinds.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([kind, orgs]) => ({ kind, orgs: [...orgs.values()] }));
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const error = params.get('error');
  const [filter, setFilter] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const options = useQuery({ queryKey: ['authOptions'], queryFn: () => unwrap(api.GET('/auth/options')) });
  const people = useQuery({ queryKey: ['people'], queryFn: () => unwrap(api.GET('/auth/local/people')), enabled: !!options.data?.local });

  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = (people.data ?? []).filter((p) => !f || `${p.name} ${p.id} ${p.orgName} ${p.org}`.toLowerCase().includes(f));
    return groupPeople(list);
  }, [people.data, filter]);

  async function signIn(userId: string, role: Role) {
    setPending(`${userId}/${role}`);
    setFailure(null);
    try {
      const me = await unwrap(api.POST('/auth/local/sign-in', { body: { userId, role } }));
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], me);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setFailure(t('login.failed', { message: errorText(e) }));
    } finally {
      setPending(null);
    }
  }

  const errorKey = `login.error.${error}`;
  return (
    <Flex justify="center" style={{ minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 1100, alignSelf: 'flex-start' }}>
        <Typography.Title level={2} className="page-title">
          {t('app.title')} · {t('login.title')}
        </Typography.Title>
        {error && has(errorKey) && <Alert type="error" showIcon title={t(errorKey)} style={{ marginBottom: 16 }} />}
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
        {options.isPending && <Spin />}
        <QueryError query={options} />
        {options.data?.oidc && (
          <Button type="primary" size="large" icon={<LoginOutlined />} href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
            {t('login.sso')}
          </Button>
        )}
        {options.data && !options.data.oidc && !options.data.local && <Alert type="warning" title={t('login.none')} />}
        {options.data?.local && (
          <>
            <Typography.Title level={4}>{t('login.localTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('login.localHint')}</Typography.Paragraph>
            <label htmlFor="people-filter">{t('login.filter')}</label>
            <Input
              id="people-filter"
              allowClear
              placeholder={t('login.filterPlaceholder')}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              style={{ maxWidth: 360, display: 'block', marginTop: 4 }}
            />
            {people.isPending && <Spin />}
            <QueryError query={people} />
            {groups.map(({ kind, orgs }) => (
              <section key={kind} aria-label={label('orgKind', kind)}>
                <Divider titlePlacement="start">{label('orgKind', kind)}</Divider>
                <Row gutter={[12, 12]}>
                  {orgs.map((g) => (
                    <Col key={g.org} xs={24} sm={12} lg={8}>
                      <Card size="small" title={g.orgName} data-org={g.org}>
                        <Flex vertical gap={6}>
                          {g.people.flatMap((p) =>
                            p.roles.map((role) => (
                              <Button
                                key={`${p.id}/${role}`}
                                block
                                data-testid={`signin-${p.id}-${role}`}
                                loading={pending === `${p.id}/${role}`}
                                disabled={!!pending && pending !== `${p.id}/${role}`}
                                onClick={() => void signIn(p.id, role)}
                                aria-label={t('login.signInAs', { name: `${p.name} ${p.id}`, role: label('role', role) })}
                                title={p.id}
                                style={{ justifyContent: 'space-between', overflow: 'hidden' }}
                              >
                                <span style={{ flexShrink: 0 }}>
                                  {p.name}（{label('role', role)}）
                                </span>
                                {/* Long login ids (dept-international-handler-1) end in an ellipsis inside the button. */}
                                <Typography.Text type="secondary" ellipsis style={{ minWidth: 0 }}>
                                  {p.id}
                                </Typography.Text>
                              </Button>
                            )),
                          )}
                        </Flex>
                      </Card>
                    </Col>
                  ))}
                </Row>
              </section>
            ))}
          </>
        )}
      </Card>
    </Flex>
  );
}
