import ChevronRight from '@mui/icons-material/ChevronRight';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { PveApiTreeNode, PveHttpMethod } from '../api/types';
import { MethodChip } from './method-chip';

export interface Selection {
  method: PveHttpMethod;
  path: string;
}

/** The API tree; only opened folders render their children (about 450 paths in all). */
export function PveTree({
  nodes,
  selected,
  onSelect,
}: {
  nodes: PveApiTreeNode[];
  selected: Selection | null;
  onSelect: (s: Selection) => void;
}) {
  const [open, setOpen] = useState<Set<string>>(() => new Set(openFor(selected?.path)));
  const toggle = (path: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const render = (list: PveApiTreeNode[], depth: number) =>
    list.map((n) => (
      <Box key={n.path}>
        <ListItemButton
          dense
          selected={selected?.path === n.path}
          sx={{ pl: 1 + depth * 2, gap: 0.5 }}
          aria-label={n.path}
          onClick={() => {
            if (n.children.length) toggle(n.path);
            if (n.methods.length) onSelect({ method: n.methods[0]!, path: n.path });
          }}
        >
          {n.children.length ? (
            open.has(n.path) ? (
              <ExpandMore fontSize="small" />
            ) : (
              <ChevronRight fontSize="small" />
            )
          ) : (
            <Box sx={{ width: 20 }} />
          )}
          <Typography variant="body2" sx={{ fontFamily: 'monospace', flex: 1 }}>
            {n.text}
          </Typography>
        </ListItemButton>
        {selected?.path === n.path && n.methods.length > 1 && (
          <Box sx={{ display: 'flex', gap: 0.5, pl: 4 + depth * 2, pb: 0.5 }}>
            {n.methods.map((m) => (
              <Box
                key={m}
                component="button"
                type="button"
                aria-label={`${m} ${n.path}`}
                onClick={() => onSelect({ method: m, path: n.path })}
                sx={{ border: 0, background: 'none', p: 0, cursor: 'pointer' }}
              >
                <MethodChip method={m} />
              </Box>
            ))}
          </Box>
        )}
        {open.has(n.path) && n.children.length > 0 && render(n.children, depth + 1)}
      </Box>
    ));
  return (
    <List dense disablePadding aria-label="Proxmox API tree">
      {render(nodes, 0)}
    </List>
  );
}

/** Folders to open so that `path` is visible. */
function openFor(path?: string): string[] {
  if (!path) return [];
  const segs = path.split('/').filter(Boolean);
  return segs.slice(0, -1).map((_, i) => `/${segs.slice(0, i + 1).join('/')}`);
}
