// Select and radio options the forms share, labelled from the messages.
import { PROBLEM_CATEGORIES, WORK_ORDER_STATUSES } from '../../../domain/vocabulary';
import { label, t } from '../messages';

export const categoryOptions = () => PROBLEM_CATEGORIES.map((c) => ({ value: c, label: label('category', c) }));
export const workOrderStatusOptions = () => WORK_ORDER_STATUSES.map((s) => ({ value: s, label: label('woStatus', s) }));
export const yesNoOptions = () => [
  { value: true, label: t('yes') },
  { value: false, label: t('no') },
];
