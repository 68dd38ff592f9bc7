// The office agent's creation: look up the mail number, see the item, what exists for it and what
// the creation rules will say — then the form. A refusal shows its suggested action.
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Card, Form, Space, Spin } from 'antd';
import { api, ApiError, idempotencyHeader, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { useMailItem, usePolicy } from '../api/queries';
import { useAction } from '../api/actions';
import { errorText } from '../api/errors';
import { has, t, type MessageKey } from '../messages';
import { ApplicationForm, type ApplicationFormValues } from '../components/ApplicationForm';
import { INTERNATIONAL_BUSINESS_TYPES } from '../../../domain/vocabulary';
import { attachmentsOf } from '../components/AttachmentsField';
import { showFieldErrors } from '../components/formErrors';
import { MailItemOverview } from '../components/MailItemOverview';
import { MailLookup } from '../components/MailLookup';
import { Page } from '../components/Page';
import { SuggestedAction } from '../components/SuggestedAction';

type CreateBody = NonNullable<paths['/v1/applications']['post']['requestBody']>['content']['application/json'];
type DomesticBody = Extract<CreateBody, { businessType: 'express_parcel' }>;
type InternationalBody = Exclude<CreateBody, DomesticBody>;

export function NewApplicationPage() {
  const [params, setParams] = useSearchParams();
  const mailNumber = params.get('mailNumber') ?? undefined;
  const navigate = useNavigate();
  const overview = useMailItem(mailNumber);
  const policy = usePolicy();
  const [form] = Form.useForm<ApplicationFormValues>();

  const item = overview.data?.mailItem;
  const international = !!item && INTERNATIONAL_BUSINESS_TYPES.includes(item.businessType);

  const create = useAction({
    run: (body: CreateBody, key: string) => unwrap(api.POST('/v1/applications', { body, headers: idempotencyHeader(key) })),
    success: (a) => t('form.created', { number: a.number }),
    onDone: (a) => navigate(`/applications/${a.id}`),
  });

  /** The request: a domestic item's, or an international one's with its leg, country and detail sheet. */
  function buildBody(v: ApplicationFormValues): CreateBody {
    const common = {
      mailNumber: item!.mailNumber,
      problemCategory: v.problemCategory,
      demand: v.demand.trim(),
      customer: { name: v.customer.name.trim(), phone: v.customer.phone.trim() },
      description: v.description?.trim() || undefined,
      complexity: v.complexity,
      attachments: attachmentsOf(v.attachments),
      followUp: v.followUp || undefined,
    };
    return international
      ? {
          ...common,
          businessType: item!.businessType as InternationalBody['businessType'],
          international: { leg: v.international!.leg, destinationCountry: v.international!.destinationCountry.trim() },
        }
      : { ...common, businessType: item!.businessType as DomesticBody['businessType'] };
  }

  // The API's answer to a failed create: a refusal with its action, or a field highlighted.
  const error = create.error;
  const refused = error instanceof ApiError && error.code === 'CREATION_REFUSED' ? error : null;
  useEffect(() => {
    if (error) showFieldErrors(form, error);
  }, [error, form]);

  return (
    <Page title={t('mail.lookupTitle')}>
      <Card style={{ marginBottom: 16 }}>
        <MailLookup key={mailNumber} initial={mailNumber} onLookup={(n) => setParams({ mailNumber: n })} />
      </Card>
      {overview.isFetching && !overview.data && <Spin />}
      {overview.isError && (
        <Alert
          type="error"
          showIcon
          title={
            overview.error instanceof ApiError && overview.error.status === 404 ? t('mail.notFound', { mailNumber: mailNumber! }) : errorText(overview.error)
          }
        />
      )}
      {overview.data && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <MailItemOverview overview={overview.data} />
          <Card title={t('mail.formTitle')}>
            {refused && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('suggest.refusedTitle')}
                description={has(`rule.${refused.refusal?.rule}`) ? t(`rule.${refused.refusal?.rule}` as MessageKey) : refused.message}
                action={refused.refusal && <SuggestedAction suggestion={refused.refusal} />}
                data-testid="creation-refused"
              />
            )}
            {policy.data && (
              <ApplicationForm
                form={form}
                mode="create"
                international={international}
                initialValues={international ? { international: { leg: 'leg2', destinationCountry: item?.destinationCountry ?? '' } } : {}}
                limits={policy.data.attachments}
                rules={overview.data.creationRules}
                pending={create.pending}
                error={error && !refused ? create.errorText : null}
                submitLabel={t('form.create')}
                onSubmit={(values) => create.submit(buildBody(values))}
              />
            )}
          </Card>
        </Space>
      )}
    </Page>
  );
}
