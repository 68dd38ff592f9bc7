// Attachments for a new application: each file is read in the browser (FileReader, with its
// progress shown) into base64 for the JSON body, and can be previewed before submitting —
// images inline, PDFs in a frame or a new tab, text as text.
import { useEffect, useState } from 'react';
import { App, Button, Modal, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { t } from '../messages';
import { formatBytes } from '../lib/format';

export interface AttachmentLimits {
  maxBytes: number;
  maxCount: number;
  contentTypes: string[];
}

export interface ReadFile {
  contentBase64: string;
}

/** Files fully read, as the request's attachments. */
export function attachmentsOf(list: UploadFile<ReadFile>[] | undefined) {
  return (list ?? [])
    .filter((f) => f.status === 'done' && f.response)
    .map((f) => ({ name: f.name, contentType: f.type || 'application/octet-stream', contentBase64: f.response!.contentBase64 }));
}

export const stillReading = (list: UploadFile<ReadFile>[] | undefined) => (list ?? []).some((f) => f.status === 'uploading');

function readAsBase64(file: File, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** A preview of a local or served file: image inline, PDF in a frame (and a new tab), text as text. */
export function FilePreview({ file, onClose }: { file: { name: string; type: string; url: string } | null; onClose: () => void }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    setText(null);
    if (file?.type.startsWith('text/'))
      void fetch(file.url, { credentials: 'same-origin' })
        .then((r) => r.text())
        .then(setText);
  }, [file]);
  return (
    <Modal open={!!file} title={file?.name} onCancel={onClose} footer={null} width={900} destroyOnHidden>
      {file && (
        <>
          {file.type.startsWith('image/') && <img className="preview-image" src={file.url} alt={file.name} />}
          {file.type === 'application/pdf' && <iframe className="preview-frame" src={file.url} title={file.name} />}
          {file.type.startsWith('text/') && <pre style={{ whiteSpace: 'pre-wrap' }}>{text}</pre>}
          <Typography.Link href={file.url} target="_blank" rel="noreferrer">
            {t('common.open')}
          </Typography.Link>
        </>
      )}
    </Modal>
  );
}

export function AttachmentsField({
  value,
  onChange,
  limits,
  id,
}: {
  value?: UploadFile<ReadFile>[];
  onChange?: (v: UploadFile<ReadFile>[]) => void;
  limits: AttachmentLimits;
  id?: string;
}) {
  const { message } = App.useApp();
  const [preview, setPreview] = useState<{ name: string; type: string; url: string } | null>(null);

  function close() {
    if (preview) URL.revokeObjectURL(preview.url);
    setPreview(null);
  }

  return (
    <>
      <Upload<ReadFile>
        id={id}
        listType="picture"
        multiple
        fileList={value ?? []}
        accept={limits.contentTypes.join(',')}
        maxCount={limits.maxCount}
        beforeUpload={(file) => {
          if (!limits.contentTypes.includes(file.type)) {
            void message.error(t('form.fileType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > limits.maxBytes) {
            void message.error(t('form.fileTooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          readAsBase64(file as File, (percent) => onProgress?.({ percent }))
            .then((contentBase64) => onSuccess?.({ contentBase64 }))
            .catch((error: Error) => onError?.(error));
        }}
        onChange={({ fileList }) => onChange?.(fileList)}
        onPreview={(file) => {
          if (file.originFileObj) setPreview({ name: file.name, type: file.type ?? '', url: URL.createObjectURL(file.originFileObj) });
        }}
        itemRender={(node, file) => (
          <div data-attachment={file.name} data-status={file.status}>
            {node}
            {file.size !== undefined && <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />}>{t('form.selectFile')}</Button>
      </Upload>
      <FilePreview file={preview} onClose={close} />
    </>
  );
}
