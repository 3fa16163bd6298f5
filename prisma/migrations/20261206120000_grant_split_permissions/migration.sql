-- Rights that moved into permissions of their own keep working for existing API keys: a key that
-- could migrate or convert (vm.update), ask for quota (vm.create), decide quota (company.update),
-- import guests (cluster.read) or open a node shell (cluster.manage) gets the new permission. A key
-- still never exceeds its owner's role, which is checked on every request.
UPDATE `ApiKey` SET `permissions` = JSON_ARRAY_APPEND(`permissions`, '$', 'vm.migrate', '$', 'vm.template')
 WHERE JSON_CONTAINS(`permissions`, '"vm.update"') AND NOT JSON_CONTAINS(`permissions`, '"vm.migrate"');
UPDATE `ApiKey` SET `permissions` = JSON_ARRAY_APPEND(`permissions`, '$', 'quota.request')
 WHERE JSON_CONTAINS(`permissions`, '"vm.create"') AND NOT JSON_CONTAINS(`permissions`, '"quota.request"');
UPDATE `ApiKey` SET `permissions` = JSON_ARRAY_APPEND(`permissions`, '$', 'quota.decide')
 WHERE JSON_CONTAINS(`permissions`, '"company.update"') AND NOT JSON_CONTAINS(`permissions`, '"quota.decide"');
UPDATE `ApiKey` SET `permissions` = JSON_ARRAY_APPEND(`permissions`, '$', 'guest.import')
 WHERE JSON_CONTAINS(`permissions`, '"cluster.read"') AND NOT JSON_CONTAINS(`permissions`, '"guest.import"');
UPDATE `ApiKey` SET `permissions` = JSON_ARRAY_APPEND(`permissions`, '$', 'node.console')
 WHERE JSON_CONTAINS(`permissions`, '"cluster.manage"') AND NOT JSON_CONTAINS(`permissions`, '"node.console"');
