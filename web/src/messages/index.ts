// t(key, params): the message for the active locale with {name} placeholders filled in.
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type { MessageKey } from './zh-CN';

const active: Messages = zhCN;

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = active[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether a key exists (for labels built from values the server may extend). */
export function has(key: string): key is MessageKey {
  return key in active;
}

/** The label of an enumeration value (`category.loss` → 丢失); the raw value when unknown. */
export function label(group: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return t('none');
  const key = `${group}.${String(value)}`;
  return has(key) ? t(key) : String(value);
}

/** History actions: known ones by name, operator actions (ops.* / ops_*) as 运维操作 plus the rest. */
export function historyLabel(action: string): string {
  const ops = /^ops[._](.+)$/.exec(action);
  if (ops) return `${t('history.ops')}：${has(`ops.${ops[1]}`) ? t(`ops.${ops[1]}` as MessageKey) : ops[1]}`;
  return label('history', action);
}
