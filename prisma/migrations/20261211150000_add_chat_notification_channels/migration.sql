-- Slack/Mattermost, Microsoft Teams and ntfy channels; their URL lives encrypted in `secret`.
ALTER TABLE `NotificationChannel` MODIFY `type` ENUM('email', 'webhook', 'slack', 'teams', 'ntfy') NOT NULL;
