import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import type { TicketMentionable } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { useMentionable } from '../api/list-mentionable';

/** The `@word` being typed just before the caret (null: none). */
export function mentionAt(text: string, caret: number): { start: number; q: string } | null {
  const m = /(?:^|[^\w.@+-])@([\w.%+-]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[1].length - 1, q: m[1] } : null;
}

/** Replaces the `@word` at `start` with the person's handle and a space. */
export function insertMention(text: string, start: number, caret: number, handle: string) {
  const inserted = `@${handle} `;
  return {
    text: text.slice(0, start) + inserted + text.slice(caret),
    caret: start + inserted.length,
  };
}

/** The people the server lets the caller mention, matching the `@word` typed. */
export function MentionSuggestions({
  ticketId,
  q,
  onPick,
}: {
  ticketId: string;
  q: string | null;
  onPick: (p: TicketMentionable) => void;
}) {
  const { t } = useTranslation();
  const { data } = useMentionable(ticketId, q);
  if (q === null || !data || data.length === 0) return null;
  return (
    <Paper variant="outlined">
      <List dense aria-label={t('tickets.mentionSuggestions')}>
        {data.map((p) => (
          <ListItemButton key={p.id} onClick={() => onPick(p)}>
            <ListItemText primary={p.name} secondary={`@${p.handle}`} />
          </ListItemButton>
        ))}
      </List>
    </Paper>
  );
}
