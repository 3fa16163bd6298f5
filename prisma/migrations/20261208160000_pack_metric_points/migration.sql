-- One row per series and bucket (an hour of minutes, a day of quarters, 32 days of days) with the
-- samples packed (backend/src/modules/monitoring/metrics-chunk.ts) instead of one row per sample.
-- The key starts with the time: chunks are appended at one end and pruned at the other. The per-sample rows are dropped: monitoring history restarts.
CREATE TABLE `MetricChunk` (
    `seriesId` INTEGER NOT NULL,
    `step` INTEGER NOT NULL,
    `bucket` DATETIME(0) NOT NULL,
    `data` BLOB NOT NULL,

    INDEX `MetricChunk_seriesId_step_bucket_idx`(`seriesId`, `step`, `bucket`),
    PRIMARY KEY (`step`, `bucket`, `seriesId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `MetricChunk` ADD CONSTRAINT `MetricChunk_seriesId_fkey` FOREIGN KEY (`seriesId`) REFERENCES `MetricSeries`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- DropTable
DROP TABLE `MetricPoint`;
