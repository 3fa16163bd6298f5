-- CreateTable
CREATE TABLE `UsageSample` (
    `companyId` CHAR(36) NOT NULL,
    `hour` DATETIME(3) NOT NULL,
    `vcpus` DOUBLE NOT NULL,
    `memBytes` BIGINT NOT NULL,
    `diskBytes` BIGINT NOT NULL,
    `guests` INTEGER NOT NULL,
    `running` JSON NOT NULL,

    PRIMARY KEY (`companyId`, `hour`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `UsagePriceList` (
    `id` CHAR(36) NOT NULL,
    `companyId` CHAR(36) NOT NULL,
    `currency` VARCHAR(3) NOT NULL,
    `vcpuHour` DECIMAL(14, 6) NOT NULL,
    `ramGbHour` DECIMAL(14, 6) NOT NULL,
    `diskGbMonth` DECIMAL(14, 6) NOT NULL,
    `updatedAt` DATETIME(3) NOT NULL,

    UNIQUE INDEX `UsagePriceList_companyId_key`(`companyId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `UsagePriceList` ADD CONSTRAINT `UsagePriceList_companyId_fkey` FOREIGN KEY (`companyId`) REFERENCES `Company`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
