-- Ticket SLA clock and breaches, watchers, and per-company SLA policies.
ALTER TABLE `Ticket`
    ADD COLUMN `slaUsedSeconds` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `slaRunningSince` DATETIME(3) NULL,
    ADD COLUMN `firstResponseDueAt` DATETIME(3) NULL,
    ADD COLUMN `resolutionDueAt` DATETIME(3) NULL,
    ADD COLUMN `firstResponseBreachedAt` DATETIME(3) NULL,
    ADD COLUMN `resolutionBreachedAt` DATETIME(3) NULL;

CREATE INDEX `Ticket_firstResponseDueAt_idx` ON `Ticket`(`firstResponseDueAt`);
CREATE INDEX `Ticket_resolutionDueAt_idx` ON `Ticket`(`resolutionDueAt`);

CREATE TABLE `TicketWatcher` (
    `ticketId` CHAR(36) NOT NULL,
    `userId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `TicketWatcher_userId_idx`(`userId`),
    PRIMARY KEY (`ticketId`, `userId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `TicketWatcher` ADD CONSTRAINT `TicketWatcher_ticketId_fkey` FOREIGN KEY (`ticketId`) REFERENCES `Ticket`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `TicketWatcher` ADD CONSTRAINT `TicketWatcher_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE `TicketSlaPolicy` (
    `owner` VARCHAR(36) NOT NULL,
    `targets` JSON NOT NULL,
    `utcOffsetMinutes` INTEGER NOT NULL DEFAULT 0,
    `days` JSON NOT NULL,
    `holidays` JSON NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    PRIMARY KEY (`owner`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
