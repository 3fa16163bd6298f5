-- Whether an SLA policy applied at a ticket's last change: a paused clock still shows.
ALTER TABLE `Ticket` ADD COLUMN `slaApplies` BOOLEAN NOT NULL DEFAULT false;
