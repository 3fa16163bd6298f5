-- Issue 20: alert rules on Ceph health and on HA-managed guests in error/fence.
ALTER TABLE `AlertRule` MODIFY `metric` ENUM('guest_cpu', 'guest_memory', 'guest_disk', 'guest_down', 'node_cpu', 'node_memory', 'node_offline', 'storage_fill', 'cluster_unreachable', 'ceph_unhealthy', 'guest_ha_error') NOT NULL;
