-- AlterTable
ALTER TABLE `QuotaRequest` MODIFY `status` ENUM('pending', 'approved', 'declined', 'cancelled') NOT NULL DEFAULT 'pending';
