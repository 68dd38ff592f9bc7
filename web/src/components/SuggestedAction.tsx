// A creation refusal's suggested action as a button: urge / append / reactivate open the existing
// work order's action; wait / explain say what to do; a hotline dispatch is acted on in the hotline system.
import { App, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { label, t } from '../messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Suggestion {
  suggestedAction?: string;
  existingWorkOrderId?: string;
  existingApplicationId?: string;
}

export function SuggestedAction({ suggestion, size }: { suggestion: Suggestion; size?: 'small' | 'middle' }) {
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const action = suggestion.suggestedAction;
  if (!action) return null;
  const order = suggestion.existingWorkOrderId;
  const ownOrder = order && UUID.test(order);
  const actionable = action === 'urge' || action === 'append' || action === 'reactivate';

  function onClick() {
    if (actionable && ownOrder) return navigate(`/work-orders/${order}?action=${action}`);
    if (actionable && order)
      return modal.info({ title: label('action', action!), content: t('suggest.hotline', { id: order, action: label('action', action!) }) });
    modal.info({
      title: label('action', action!),
      content: action === 'explain' ? t('suggest.explain') : t('suggest.wait'),
      okText: t('common.close'),
      ...(ownOrder ? { okCancel: true, cancelText: t('wo.title'), onCancel: () => navigate(`/work-orders/${order}`) } : {}),
      ...(suggestion.existingApplicationId
        ? { okCancel: true, cancelText: t('mail.existingApplication'), onCancel: () => navigate(`/applications/${suggestion.existingApplicationId}`) }
        : {}),
    });
  }

  return (
    <Button size={size} type={actionable ? 'primary' : 'default'} danger={action === 'urge'} onClick={onClick} data-suggested-action={action}>
      {label('action', action)}
    </Button>
  );
}
