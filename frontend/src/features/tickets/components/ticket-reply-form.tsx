import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAddTicketMessage } from '../api/add-ticket-message';
import { MentionSuggestions, insertMention, mentionAt } from './mention-suggestions';
import { FilePicker } from './ticket-form';

/**
 * A reply (staff: or an internal note) with files; `camera` on the phone. Typing `@` offers the
 * people the server lets the caller mention (staff: the company's staff; customers: the assignee).
 */
export function TicketReplyForm({
  ticketId,
  canNote,
  camera,
}: {
  ticketId: string;
  canNote: boolean;
  camera?: boolean;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const send = useAddTicketMessage();
  const [mention, setMention] = useState<{ start: number; q: string } | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const track = (text: string, caret: number | null) =>
    setMention(caret === null ? null : mentionAt(text, caret));
  return (
    <Box
      component="form"
      noValidate
      sx={{ display: 'grid', gap: 1.5 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        send.mutate(
          { ticketId, body, internal, files },
          {
            onSuccess: () => {
              setBody('');
              setFiles([]);
              setInternal(false);
              setMention(null);
            },
          },
        );
      }}
    >
      <TextField
        label={t('tickets.reply')}
        placeholder={t('tickets.replyPlaceholder')}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          track(e.target.value, e.target.selectionStart);
        }}
        inputRef={field}
        multiline
        minRows={3}
      />
      <MentionSuggestions
        ticketId={ticketId}
        q={mention?.q ?? null}
        onPick={(p) => {
          if (!mention) return;
          const caret = field.current?.selectionStart ?? body.length;
          const next = insertMention(body, mention.start, caret, p.handle);
          setBody(next.text);
          setMention(null);
          requestAnimationFrame(() => {
            field.current?.focus();
            field.current?.setSelectionRange(next.caret, next.caret);
          });
        }}
      />
      <FilePicker files={files} onChange={setFiles} camera={camera} />
      {canNote && (
        <FormControlLabel
          control={<Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)} />}
          label={t('tickets.internalNote')}
        />
      )}
      <ErrorAlert error={send.error} />
      <Box>
        <Button type="submit" variant="contained" disabled={send.isPending || !body.trim()}>
          {t('tickets.send')}
        </Button>
      </Box>
    </Box>
  );
}
