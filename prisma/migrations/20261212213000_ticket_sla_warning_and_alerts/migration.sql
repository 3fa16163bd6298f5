-- SLA warning before the breach (at 80 % of a target, once) and an alert on the policy's channels on breach.
ALTER TABLE `Ticket`
  ADD COLUMN `firstResponseWarnAt` DATETIME(3) NULL,
  ADD COLUMN `resolutionWarnAt` DATETIME(3) NULL,
  ADD COLUMN `firstResponseWarnedAt` DATETIME(3) NULL,
  ADD COLUMN `resolutionWarnedAt` DATETIME(3) NULL;
CREATE INDEX `Ticket_firstResponseWarnAt_idx` ON `Ticket`(`firstResponseWarnAt`);
CREATE INDEX `Ticket_resolutionWarnAt_idx` ON `Ticket`(`resolutionWarnAt`);
CREATE INDEX `Ticket_companyId_createdAt_idx` ON `Ticket`(`companyId`, `createdAt`);

ALTER TABLE `TicketSlaPolicy` ADD COLUMN `breachChannelIds` JSON NULL;

ALTER TABLE `AlertDelivery` ADD COLUMN `payload` JSON NULL;
