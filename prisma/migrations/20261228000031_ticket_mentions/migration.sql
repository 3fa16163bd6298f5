-- Staff mentioned in a ticket message (`@handle`); the "mentions" saved view reads (userId, ticketId).
CREATE TABLE `TicketMention` (
    `messageId` CHAR(36) NOT NULL,
    `userId` CHAR(36) NOT NULL,
    `ticketId` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `TicketMention_userId_ticketId_idx`(`userId`, `ticketId`),
    INDEX `TicketMention_ticketId_idx`(`ticketId`),
    PRIMARY KEY (`messageId`, `userId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `TicketMention` ADD CONSTRAINT `TicketMention_messageId_fkey` FOREIGN KEY (`messageId`) REFERENCES `TicketMessage`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `TicketMention` ADD CONSTRAINT `TicketMention_ticketId_fkey` FOREIGN KEY (`ticketId`) REFERENCES `Ticket`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `TicketMention` ADD CONSTRAINT `TicketMention_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
