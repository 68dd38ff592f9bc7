// An article's Markdown, rendered safely: react-markdown builds React elements (raw HTML in the text
// is shown as text, never parsed), and its URL filter drops javascript: and other unsafe links.
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown" data-testid="markdown">
      <ReactMarkdown skipHtml urlTransform={defaultUrlTransform}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
