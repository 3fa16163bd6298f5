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
