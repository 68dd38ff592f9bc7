// A query that failed, said in the page where its data would be.
import { Alert } from 'antd';
import { errorText } from '../api/errors';

export function QueryError({ query }: { query: { isError: boolean; error: unknown } }) {
  return query.isError ? <Alert type="error" showIcon title={errorText(query.error)} style={{ marginBottom: 16 }} /> : null;
}
