// A screen the signed-in role may not use says so (the menu never offers it, a bookmark might).
import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { useMe } from '../api/queries';
import { label, t } from '../messages';
import { canUse, type Screen } from '../lib/access';

export function RequireScreen({ screen, children }: { screen: Screen; children: React.ReactNode }) {
  const { data: me } = useMe();
  if (!me) return null;
  if (!canUse(me, screen)) {
    return (
      <Result
        status="403"
        title={t('common.forbidden')}
        subTitle={t('common.forbiddenHint', { role: label('role', me.role) })}
        extra={<Link to="/">{t('common.toHome')}</Link>}
      />
    );
  }
  return <>{children}</>;
}
