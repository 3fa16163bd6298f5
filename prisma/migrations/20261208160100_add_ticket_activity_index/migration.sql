-- The tickets list across companies (staff) is ordered by last activity: read it backwards from an
-- index instead of sorting every matching ticket.
CREATE INDEX `Ticket_lastActivityAt_idx` ON `Ticket`(`lastActivityAt`);
