-- CreateTable
CREATE TABLE `UsageSample` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `companyId` CHAR(36) NOT NULL,
    `hour` DATETIME(3) NOT NULL,
    `vcpus` DOUBLE NOT NULL,
    `memBytes` BIGINT NOT NULL,
    `diskBytes` BIGINT NOT NULL,
    `guests` INTEGER NOT NULL,
    `running` JSON NOT NULL,

    UNIQUE INDEX `UsageSample_companyId_hour_key`(`companyId`, `hour`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
